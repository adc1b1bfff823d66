package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.adapt.Json;
import dev.greenwire.cast.PgInterval;
import dev.greenwire.extras.Range;
import dev.greenwire.extras.Waits;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code cursor.copy()}: rows written with writeRow and write, in text and binary format, with
 * every built-in type the COPY forms cover (NULLs, arrays, unicode, escapes); rows read back
 * with rows() and read(); aborts and server errors leaving the connection usable; with the
 * default wait, a wait callback of its own, and on a virtual thread.
 */
@Timeout(120)
class CopyRowsTest extends PgTest {
    static final String TABLE = "CREATE TEMP TABLE allt (id int, b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8,"
            + " n numeric, t text, v varchar(40), by bytea, d date, tm time, ts timestamp, tz timestamptz, iv interval,"
            + " u uuid, j json, jb jsonb, ai int4[], at text[], a2 int4[][], an numeric[], ad date[], atz timestamptz[],"
            + " ab bool[], ay bytea[], au uuid[], a_i2 int2[], a_i8 int8[], a_f4 float4[], a_f8 float8[], a_v varchar[],"
            + " a_tm time[], a_ts timestamp[], a_iv interval[], a_j json[], a_jb jsonb[])";
    static final String COLUMNS = "id, b, i2, i4, i8, f4, f8, n, t, v, by, d, tm, ts, tz, iv, u, j, jb, ai, at, a2, an, ad,"
            + " atz, ab, ay, au, a_i2, a_i8, a_f4, a_f8, a_v, a_tm, a_ts, a_iv, a_j, a_jb";
    static final UUID U1 = UUID.fromString("0e6f0b4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");

    /** Four rows covering every type: ordinary values, NULLs, edge values, more edges. */
    static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {1, true, (short) -32768, Integer.MIN_VALUE, Long.MAX_VALUE, 3.25f, -1.5e300,
            new BigDecimal("-12345678901234567890.123456789"),
            "tab\there\nnew line\r\\back\\slash \"quoted\" 'single' é 😀 中文 \\N \\.", "varchar ,|{}()",
            new byte[] {0, 1, 2, (byte) 0xff, '\\', '\n', '\t'}, LocalDate.of(2024, 2, 29),
            LocalTime.of(23, 59, 59, 999_999_000), LocalDateTime.of(1999, 12, 31, 23, 59, 59, 123_456_000),
            OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6000, ZoneOffset.ofHours(5)), new PgInterval(14, 3, 3_723_000_001L),
            U1, "{\"a\": [1, 2, \"x\\ty\"]}", new Json("{\"b\":  1}"), Arrays.asList(1, null, 3),
            Arrays.asList("a b", "", "NULL", null, "x\"y\\z", "{}", "é\t"), List.of(List.of(1, 2), List.of(3, 4)),
            List.of(new BigDecimal("1.10"), new BigDecimal("-0.001")), List.of(LocalDate.of(2020, 1, 1)),
            List.of(Instant.parse("2020-05-06T07:08:09Z")), new boolean[] {true, false},
            List.of(new byte[] {1, 2}, new byte[0]), List.of(U1), new short[] {1, -2}, List.of(Long.MIN_VALUE, 0L),
            Arrays.asList(1.5f, null, Float.NaN), List.of(-0.5, Double.POSITIVE_INFINITY), List.of("v,1", "v\"2"),
            List.of(LocalTime.of(1, 2, 3, 400_000)), List.of(LocalDateTime.of(2001, 2, 3, 4, 5, 6)),
            List.of(new PgInterval(1, 2, 3), PgInterval.of(Duration.ofHours(-5))), List.of("{\"k\": [1, {}]}", "null"),
            List.of("{\"a\": \"é\"}", "[1, 2]")});
        Object[] nulls = new Object[38];
        nulls[0] = 2;
        rows.add(nulls);
        rows.add(new Object[] {3, false, (short) 0, 0, Long.MIN_VALUE, Float.NaN, Double.POSITIVE_INFINITY, Double.NaN,
            "", "\\N", new byte[0], LocalDate.MAX, LocalTime.MIDNIGHT, LocalDateTime.MIN, OffsetDateTime.MAX,
            Duration.ofSeconds(-3723, 500_000_000), new UUID(0, 0), "[]", "\"unicode é\"", List.of(), List.of(),
            List.of(), Arrays.asList((Object) null), List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()});
        rows.add(new Object[] {4, true, (short) 32767, Integer.MAX_VALUE, 0L, Float.NEGATIVE_INFINITY, -0.0,
            new BigDecimal("0.00"), "x", "ü", new byte[] {(byte) 0x80}, LocalDate.of(-43, 3, 15), LocalTime.NOON,
            LocalDateTime.of(2000, 1, 1, 0, 0), Instant.parse("1969-07-20T20:17:40Z"), new PgInterval(-1, -2, 0),
            U1, "1", "{}", new int[] {7}, new String[] {"one"}, new Integer[][] {{1}, {null}},
            List.of(new BigDecimal("1E+5"), new BigDecimal("1E-20")), List.of(LocalDate.MIN),
            List.of(OffsetDateTime.MIN), List.of(true), List.of(new byte[] {'\\'}), List.of(),
            List.of(List.of((short) 1), List.of((short) 2)), Arrays.asList((Object) null), List.of(Float.MAX_VALUE),
            List.of(Double.MIN_VALUE), Arrays.asList("", null), List.of(LocalTime.MAX), List.of(LocalDateTime.MAX),
            List.of(PgInterval.ZERO), Arrays.asList((Object) null), List.of("\"x\\\\y\"")});
        return rows;
    }

    /** What the server gives back (through a plain SELECT and the typecasters) for each written value. */
    static Object expected(Object v) {
        if (v instanceof Json j) {
            return j.text().replace("  ", " ");
        }
        if (v instanceof Duration d) {
            return PgInterval.of(d);
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime t && !t.equals(OffsetDateTime.MAX) && !t.equals(OffsetDateTime.MIN)) {
            return t.toInstant();
        }
        if (v != null && v.getClass().isArray() && v.getClass().getComponentType().isPrimitive() && !(v instanceof byte[])) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) {
                l.add(java.lang.reflect.Array.get(v, i));
            }
            return l;
        }
        if (v instanceof Object[] a) {
            return normalize(Arrays.asList(a));
        }
        if (v instanceof List<?> l) {
            return normalize(l);
        }
        return normalize(v);
    }

    /** Makes values comparable with equals: byte[] as hex, instants for timestamptz. */
    static Object normalize(Object v) {
        if (v instanceof BigDecimal d && d.scale() < 0) {
            return d.setScale(0); // the server keeps no negative scale: 1E+5 is 100000
        }
        if (v instanceof byte[] b) {
            return "bytes:" + HexFormat.of().formatHex(b);
        }
        if (v instanceof OffsetDateTime t && !t.equals(OffsetDateTime.MAX) && !t.equals(OffsetDateTime.MIN)) {
            return t.toInstant();
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof Object[] a) {
            return normalize(Arrays.asList(a));
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object e : l) {
                out.add(expected(e));
            }
            return out;
        }
        return v;
    }

    static Stream<Arguments> modes() {
        return Stream.of(Arguments.of("default wait"), Arguments.of("counting callback"), Arguments.of("virtual thread"));
    }

    private static final AtomicInteger WAITS = new AtomicInteger();

    /** Runs {@code body} with a connection in the given mode (on a virtual thread for that mode). */
    static <T> T inMode(String mode, java.util.function.Function<Connection, T> body) throws Exception {
        Callable<T> task = () -> {
            try (Connection c = mode.equals("counting callback") ? connect(ConnectOptions.builder().waitCallback(conn -> {
                WAITS.incrementAndGet();
                Waits.waitSelect(conn);
            }).build()) : connect()) {
                return body.apply(c);
            }
        };
        if (!mode.equals("virtual thread")) {
            return task.call();
        }
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                out.set(task.call());
            } catch (Throwable e) {
                out.set(e);
            }
        });
        assertTrue(t.join(java.time.Duration.ofSeconds(100)), "the virtual thread did not finish");
        if (out.get() instanceof Exception e) {
            throw e;
        }
        if (out.get() instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T r = (T) out.get();
        return r;
    }

    static void checkTable(Cursor cur, List<Object[]> written) {
        List<Row> got = cur.execute("SELECT " + COLUMNS + " FROM allt ORDER BY id").fetchAll();
        assertEquals(written.size(), got.size());
        String[] names = COLUMNS.split(", ");
        for (int r = 0; r < written.size(); r++) {
            for (int i = 0; i < names.length; i++) {
                Object want = expected(written.get(r)[i]);
                Object have = normalize(got.get(r).get(i));
                assertEquals(want, have, "row " + (r + 1) + ", column " + names[i]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void writeRowTextAndBinaryWithEveryType(String mode) throws Exception {
        int before = WAITS.get();
        inMode(mode, c -> {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute(TABLE);
            for (String format : List.of("", " WITH (FORMAT BINARY)")) {
                cur.execute("TRUNCATE allt");
                try (Copy copy = cur.copy("COPY allt (" + COLUMNS + ") FROM STDIN" + format)) {
                    assertTrue(copy.isCopyIn());
                    assertEquals(!format.isEmpty(), copy.isBinary());
                    for (Object[] r : rows()) {
                        copy.writeRow(r);
                    }
                }
                assertEquals(4, cur.rowCount(), format);
                assertEquals("COPY 4", cur.statusMessage());
                checkTable(cur, rows());
                // the server's own text form of the trickiest values
                assertEquals(Boolean.TRUE, cur.execute("SELECT t = E'tab\\there\\nnew line\\r\\\\back\\\\slash \"quoted\" ''single'' é 😀 中文 \\\\N \\\\.'"
                        + " AND v = 'varchar ,|{}()' AND at = ARRAY['a b', '', 'NULL', NULL, 'x\"y\\z', '{}', E'é\\t']"
                        + " AND by = '\\x000102ff5c0a09'::bytea FROM allt WHERE id = 1").fetchOne().get(0));
                assertEquals("0044-03-15 BC", cur.execute("SELECT d::text FROM allt WHERE id = 4").fetchOne().get(0));
            }
            return null;
        });
        if (mode.equals("counting callback")) {
            assertTrue(WAITS.get() > before, "the COPY waited through the connection's callback");
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void rowsAndReadInTextAndBinary(String mode) throws Exception {
        inMode(mode, c -> {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute(TABLE);
            try (Copy copy = cur.copy("COPY allt (" + COLUMNS + ") FROM STDIN WITH (FORMAT BINARY)")) {
                for (Object[] r : rows()) {
                    copy.writeRow(r);
                }
            }
            List<List<Object>> select = new ArrayList<>();
            for (Row r : cur.execute("SELECT " + COLUMNS + " FROM allt ORDER BY id").fetchAll()) {
                select.add(r.toList());
            }
            for (String stmt : List.of("COPY (SELECT " + COLUMNS + " FROM allt ORDER BY id) TO STDOUT",
                    "COPY (SELECT " + COLUMNS + " FROM allt ORDER BY id) TO STDOUT WITH (FORMAT BINARY)",
                    "COPY allt (" + COLUMNS + ") TO STDOUT", "COPY allt TO STDOUT (FORMAT 'binary')",
                    "copy  binary allt to stdout")) {
                List<List<Object>> got = new ArrayList<>();
                try (Copy copy = cur.copy(stmt)) {
                    assertFalse(copy.isCopyIn());
                    assertEquals(stmt.toLowerCase().contains("binary"), copy.isBinary(), stmt);
                    for (List<Object> r : copy.rows()) {
                        got.add(r);
                        assertThrows(UnsupportedOperationException.class, () -> r.set(0, 1));
                    }
                    assertEquals(4, copy.rowCount(), stmt);
                }
                assertEquals(4, cur.rowCount());
                got.sort((a, b) -> Integer.compare((Integer) a.get(0), (Integer) b.get(0)));
                assertEquals(normalize(select), normalize(got), stmt);
            }
            // the typed values themselves, not only their agreement with SELECT
            try (Copy copy = cur.copy("COPY (SELECT i2, f4, n, iv, ai, tz FROM allt WHERE id = 1) TO STDOUT (FORMAT binary)")) {
                List<Object> r = copy.rows().iterator().next();
                assertEquals(List.of((short) -32768, 3.25f, new BigDecimal("-12345678901234567890.123456789"),
                        new PgInterval(14, 3, 3_723_000_001L), Arrays.asList(1, null, 3)), r.subList(0, 5));
                assertEquals(Instant.parse("2024-01-01T22:04:05.000006Z"), ((OffsetDateTime) r.get(5)).toInstant());
            }

            // read(): the same bytes as copyExpert, in chunks of whole rows, then null
            for (String stmt : List.of("COPY allt TO STDOUT", "COPY allt TO STDOUT WITH (FORMAT binary)",
                    "COPY allt TO STDOUT WITH (FORMAT csv, HEADER)")) {
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                cur.copyExpert(stmt, expected);
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                try (Copy copy = cur.copy(stmt)) {
                    for (byte[] chunk = copy.read(); chunk != null; chunk = copy.read()) {
                        assertTrue(chunk.length > 0);
                        got.writeBytes(chunk);
                    }
                    assertNull(copy.read());
                    assertEquals(4, copy.rowCount());
                }
                assertArrayEquals(expected.toByteArray(), got.toByteArray(), stmt);
            }
            return null;
        });
    }

    @Test
    void manyRowsBothWaysAndRawWritesMixedWithRows() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE many (a int, b text, c float8)");
            int n = 50_000;
            try (Copy copy = cur.copy("COPY many FROM STDIN")) {
                for (int i = 0; i < n; i++) {
                    copy.writeRow(i, "row\t" + i, i * 0.5);
                }
                copy.write("-1\traw\\tline\t\\N\n".getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(n + 1, cur.rowCount());
            try (Copy copy = cur.copy("COPY many FROM STDIN (FORMAT binary)")) {
                ByteArrayOutputStream header = new ByteArrayOutputStream();
                header.writeBytes(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0});
                copy.write(header.toByteArray()); // the caller's own header, then rows
                copy.writeRow(-2, "after a raw header", null);
            }
            for (String fmt : List.of("", " (FORMAT binary)")) {
                long sum = 0;
                int count = 0;
                try (Copy copy = cur.copy("COPY (SELECT a, b, c FROM many WHERE a >= 0 ORDER BY a) TO STDOUT" + fmt)) {
                    for (List<Object> r : copy.rows()) {
                        int a = (Integer) r.get(0);
                        assertEquals(count, a);
                        assertEquals("row\t" + a, r.get(1));
                        assertEquals(a * 0.5, r.get(2));
                        sum += a;
                        count++;
                    }
                }
                assertEquals(n, count);
                assertEquals((long) n * (n - 1) / 2, sum);
            }
            assertEquals(List.of("raw\tline", "after a raw header"), cur.execute("SELECT b FROM many WHERE a < 0 ORDER BY a DESC")
                    .fetchAll().stream().map(r -> r.get(0)).toList());
            c.commit();
        }
    }

    @Test
    void anExceptionMidCopySendsCopyFailAndLeavesTheTableUnchanged() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TABLE IF NOT EXISTS cr_abort (a int, b bytea)");
            cur.execute("TRUNCATE cr_abort");
            c.commit();
            c.autocommit(true);
            // an exception of the block, passed to abort()
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
                try (Copy copy = cur.copy("COPY cr_abort FROM STDIN")) {
                    try {
                        for (int i = 0; i < 100_000; i++) {
                            copy.writeRow(i, new byte[] {(byte) i});
                            if (i == 90_000) {
                                throw boom;
                            }
                        }
                    } catch (RuntimeException e) {
                        copy.abort(e);
                        throw e;
                    }
                }
            });
            assertEquals(boom, thrown);
            assertEquals(0L, cur.execute("SELECT count(*) FROM cr_abort").fetchOne().get(0));
            // a failure of the Copy itself (a value that does not fit its column): close() aborts
            ProgrammingException bad = assertThrows(ProgrammingException.class, () -> {
                try (Copy copy = cur.copy("COPY cr_abort FROM STDIN WITH (FORMAT BINARY)")) {
                    for (int i = 0; i < 20_000; i++) {
                        copy.writeRow(i, new byte[100]);
                    }
                    copy.writeRow(1, "not bytes");
                }
            });
            assertTrue(bad.getMessage().contains("column \"b\" (bytea): can't write a String"), bad.getMessage());
            assertEquals(0L, cur.execute("SELECT count(*) FROM cr_abort").fetchOne().get(0));
            // the wrong number of values
            assertThrows(ProgrammingException.class, () -> {
                try (Copy copy = cur.copy("COPY cr_abort (a) FROM STDIN")) {
                    copy.writeRow(1, 2);
                }
            });
            // out of range, in a transaction: the transaction is failed, then rolled back and usable
            c.autocommit(false);
            cur.execute("INSERT INTO cr_abort VALUES (-1, NULL)");
            DataException range = assertThrows(DataException.class, () -> {
                try (Copy copy = cur.copy("COPY cr_abort (a) FROM STDIN (FORMAT binary)")) {
                    copy.writeRow(1L << 40);
                }
            });
            assertTrue(range.getMessage().contains("column \"a\" (int4): 1099511627776 is out of range"), range.getMessage());
            assertEquals(TransactionStatus.INERROR, c.transactionStatus());
            c.rollback();
            assertEquals(0L, cur.execute("SELECT count(*) FROM cr_abort").fetchOne().get(0));
            c.rollback();
            c.autocommit(true);
            // abort() of a COPY TO: cancelled on the server, the connection usable
            try (Copy copy = cur.copy("COPY (SELECT g, repeat('x', 100) FROM generate_series(1, 5000000) g) TO STDOUT")) {
                Iterable<List<Object>> rows = copy.rows();
                int seen = 0;
                for (List<Object> r : rows) {
                    if (++seen == 1000) {
                        break;
                    }
                }
                copy.abort("enough");
                assertTrue(copy.isClosed());
                assertEquals(-1, copy.rowCount());
            }
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0));
            cur.execute("DROP TABLE cr_abort");
        }
    }

    @Test
    void aServerErrorDuringCopyFromKeepsItsSqlstateAndStopsTheStreamEarly() {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE uq (a int PRIMARY KEY, b text)");
            for (String fmt : List.of("", " (FORMAT binary)")) {
                int[] written = {0};
                int total = 3_000_000;
                IntegrityException e = assertThrows(IntegrityException.class, () -> {
                    try (Copy copy = cur.copy("COPY uq FROM STDIN" + fmt)) {
                        copy.writeRow(1, "first");
                        copy.writeRow(1, "duplicate");
                        for (int i = 2; i < total; i++) {
                            copy.writeRow(i, "more");
                            written[0]++;
                        }
                    }
                });
                assertEquals("23505", e.pgcode());
                assertTrue(written[0] < total - 2, "the error stopped writeRow() before the end of the stream");
                assertEquals(0L, cur.execute("SELECT count(*) FROM uq").fetchOne().get(0));
            }
            // bad data found at the end (close)
            DataException e = assertThrows(DataException.class, () -> {
                try (Copy copy = cur.copy("COPY uq FROM STDIN")) {
                    copy.write("1\tx\nnot a number\ty\n".getBytes(StandardCharsets.UTF_8));
                }
            });
            assertEquals("22P02", e.pgcode());
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0));
            // a COPY that fails at once
            ProgrammingException missing = assertThrows(ProgrammingException.class, () -> cur.copy("COPY nosuch FROM STDIN"));
            assertEquals("42P01", missing.pgcode());
            assertThrows(ProgrammingException.class, () -> cur.copy("COPY nosuch TO STDOUT (FORMAT binary)"));
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0));
        }
    }

    @Test
    void statementsAndUsesThatAreRefused() throws Exception {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE r (a int, b text)");
            ProgrammingException notCopy = assertThrows(ProgrammingException.class, () -> cur.copy("SELECT 1"));
            assertTrue(notCopy.getMessage().contains("copy() takes one COPY"), notCopy.getMessage());
            cur.execute("INSERT INTO r VALUES (0, 'kept')");
            ProgrammingException two = assertThrows(ProgrammingException.class, () -> cur.copy("COPY r FROM STDIN; DELETE FROM r"));
            assertTrue(two.getMessage().contains("nothing was sent"), two.getMessage());
            assertThrows(ProgrammingException.class, () -> cur.copy("DELETE FROM r"));
            assertEquals(1L, cur.execute("SELECT count(*) FROM r").fetchOne().get(0));
            cur.execute("DELETE FROM r");
            assertThrows(ProgrammingException.class, () -> cur.copy("COPY r FROM '/tmp/nothing'"));
            assertThrows(ProgrammingException.class, () -> cur.copy("COPY r TO PROGRAM 'true'"));
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0));

            try (Copy copy = cur.copy("COPY r FROM STDIN")) {
                ProgrammingException busy = assertThrows(ProgrammingException.class, () -> c.cursor().execute("SELECT 1"));
                assertTrue(busy.getMessage().contains("a COPY is in progress"), busy.getMessage());
                assertThrows(ProgrammingException.class, () -> cur.copy("COPY r FROM STDIN"));
                assertThrows(ProgrammingException.class, copy::rows);
                assertThrows(ProgrammingException.class, copy::read);
                copy.writeRow(1, "ok");
            }
            assertEquals(1L, cur.rowCount());
            try (Copy copy = cur.copy("COPY r TO STDOUT")) {
                assertThrows(ProgrammingException.class, () -> copy.writeRow(1, "x"));
            }
            try (Copy copy = cur.copy("COPY r FROM STDIN WITH (FORMAT csv)")) {
                ProgrammingException csv = assertThrows(ProgrammingException.class, () -> copy.writeRow(2, "x"));
                assertTrue(csv.getMessage().contains("CSV"), csv.getMessage());
            }
            try (Copy copy = cur.copy("COPY r FROM STDIN WITH CSV")) {
                copy.write("3,\"a,b\"\n".getBytes(StandardCharsets.UTF_8)); // write() takes any format
            }
            assertEquals("a,b", cur.execute("SELECT b FROM r WHERE a = 3").fetchOne().get(0));
            try (Copy copy = cur.copy("COPY r TO STDOUT (FORMAT csv)")) {
                assertThrows(ProgrammingException.class, copy::rows);
            }
            Copy closed = cur.copy("COPY r TO STDOUT");
            closed.close();
            assertThrows(InterfaceException.class, closed::read);
            closed.close(); // again: nothing
            try (Connection named = connect()) {
                assertThrows(ProgrammingException.class, () -> named.cursor("n1").copy("COPY r TO STDOUT"));
            }
            try (Pipeline p = c.pipeline()) {
                assertThrows(NotSupportedException.class, () -> cur.copy("COPY r TO STDOUT"));
            }
            try (Connection async = Pg.connect(dsn(), ConnectOptions.builder().async(true).build())) {
                AsyncSupport.waitFor(async);
                ProgrammingException e = assertThrows(ProgrammingException.class, () -> async.cursor().copy("COPY r TO STDOUT"));
                assertTrue(e.getMessage().contains("asynchronous"), e.getMessage());
            }
        }
    }

    @Test
    void textOptionsStructuredValuesDomainsAndGeneratedColumns() {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("CREATE TYPE pg_temp.mood AS ENUM ('sad', 'happy')");
            cur.execute("CREATE DOMAIN pg_temp.posint AS int4 CHECK (VALUE > 0)");
            cur.execute("CREATE TYPE pg_temp.pt AS (x int, label text)");
            cur.execute("CREATE TEMP TABLE st (\"Mixed Case\" int, m pg_temp.mood, p pg_temp.posint, c pg_temp.pt,"
                    + " r int4range, g int GENERATED ALWAYS AS (p * 2) STORED, w text)");
            record Pt(int x, String label) {
            }
            // text with a custom delimiter and NULL string, structured values in their text form
            try (Copy copy = cur.copy("COPY st (\"Mixed Case\", m, p, c, r, w) FROM STDIN WITH (DELIMITER '|', NULL 'nil')")) {
                copy.writeRow(1, Mood.happy, 5, new Pt(1, "a, \"b\"|c"), Range.of(1, 10), "pipe|and nil-like");
                copy.writeRow(2, null, null, null, Range.empty(), null);
                DataException clash = assertThrows(DataException.class, () -> copy.writeRow(3, null, null, null, null, "nil"));
                assertTrue(clash.getMessage().contains("column \"w\""), clash.getMessage());
            }
            assertEquals(0L, cur.execute("SELECT count(*) FROM st").fetchOne().get(0)); // the failure aborted it
            try (Copy copy = cur.copy("COPY st (\"Mixed Case\", m, p, c, r, w) FROM STDIN WITH DELIMITER AS '|' NULL AS 'nil'")) {
                copy.writeRow(1, Mood.happy, 5, new Pt(1, "a, \"b\"|c"), Range.of(1, 10), "pipe|and nil-like");
                copy.writeRow(2, null, null, null, Range.empty(), null);
            }
            assertEquals(List.of(1, "happy", 5, "(1,\"a, \"\"b\"\"|c\")", "[1,10)", 10, "pipe|and nil-like"),
                    cur.execute("SELECT \"Mixed Case\", m::text, p, c::text, r::text, g, w FROM st WHERE \"Mixed Case\" = 1")
                            .fetchOne().toList());
            assertEquals(Arrays.asList(2, null, null, null, "empty", null, null),
                    cur.execute("SELECT \"Mixed Case\", m::text, p, c::text, r::text, g, w FROM st WHERE \"Mixed Case\" = 2")
                            .fetchOne().toList());
            // binary: a domain is described as its base type; an enum or a composite cannot be sent in binary
            try (Copy copy = cur.copy("COPY st (\"Mixed Case\", p, w) FROM STDIN (FORMAT binary)")) {
                copy.writeRow(3, 7, "bin");
            }
            assertEquals(Arrays.asList(null, 7, 14), cur.execute("SELECT m::text, p, g FROM st WHERE \"Mixed Case\" = 3")
                    .fetchOne().toList());
            for (String col : List.of("m", "c")) {
                ProgrammingException e = assertThrows(ProgrammingException.class, () -> {
                    try (Copy copy = cur.copy("COPY st (\"Mixed Case\", " + col + ") FROM STDIN (FORMAT binary)")) {
                        copy.writeRow(4, null); // NULL goes to any column
                        copy.writeRow(5, col.equals("m") ? Mood.sad : new Pt(1, "x"));
                    }
                });
                assertTrue(e.getMessage().matches("column \"" + col + "\" \\(type \\d+\\): writeRow\\(\\) cannot send this type in binary.*"),
                        e.getMessage());
            }
            assertEquals(3L, cur.execute("SELECT count(*) FROM st").fetchOne().get(0));
            // the generated column: SELECT * has it, COPY leaves it out; with the COPY's columns named, rows() works
            List<List<Object>> got = new ArrayList<>();
            for (String fmt : List.of("", " (FORMAT binary)")) {
                try (Copy copy = cur.copy("COPY st TO STDOUT" + fmt)) {
                    ProgrammingException e = assertThrows(ProgrammingException.class, copy::rows);
                    assertTrue(e.getMessage().contains("generated columns") && e.getMessage().contains("COPY st (a, b)"),
                            e.getMessage());
                }
            }
            try (Copy copy = cur.copy("COPY st (\"Mixed Case\", m, p, w) TO STDOUT (FORMAT binary)")) {
                ProgrammingException e = assertThrows(ProgrammingException.class, copy::rows);
                assertTrue(e.getMessage().startsWith("rows() can't read column \"m\" (type "), e.getMessage());
            }
            try (Copy copy = cur.copy("COPY st (\"Mixed Case\", p, w) TO STDOUT (FORMAT binary)")) {
                copy.rows().forEach(got::add);
            }
            try (Copy copy = cur.copy("COPY st (\"Mixed Case\", m, p, c, r, w) TO STDOUT WITH (DELIMITER ',', NULL '<null>')")) {
                copy.rows().forEach(got::add);
            }
            assertEquals(List.of(Arrays.asList(1, 5, "pipe|and nil-like"), Arrays.asList(2, null, null),
                    Arrays.asList(3, 7, "bin"),
                    Arrays.asList(1, "happy", 5, "(1,\"a, \"\"b\"\"|c\")", Range.of(1, 10, "[)").withType("int4range"),
                            "pipe|and nil-like"),
                    Arrays.asList(2, null, null, null, Range.empty().withType("int4range"), null),
                    Arrays.asList(3, null, 7, null, null, "bin")), got);
        }
    }

    enum Mood { sad, happy }

    @Test
    void headerEncodingAndAServerErrorInTheMiddleOfACopyTo() {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE he (a int, t text)");
            try (Copy copy = cur.copy("COPY he FROM STDIN WITH (ENCODING 'LATIN1')")) {
                copy.writeRow(1, "café");
            }
            assertEquals("café", cur.execute("SELECT t FROM he").fetchOne().get(0));
            try (Copy copy = cur.copy("COPY he TO STDOUT WITH (ENCODING 'LATIN1', HEADER)")) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                for (byte[] b = copy.read(); b != null; b = copy.read()) {
                    raw.writeBytes(b);
                }
                assertEquals("a\tt\n1\tcaf\u00e9\n", raw.toString(StandardCharsets.ISO_8859_1));
            }
            try (Copy copy = cur.copy("COPY he TO STDOUT WITH (ENCODING 'LATIN1', HEADER)")) {
                List<List<Object>> got = new ArrayList<>();
                copy.rows().forEach(got::add);
                assertEquals(List.of(List.of(1, "café")), got);
            }
            // the server fails half-way: the rows before it, then its error; the connection usable
            List<Object> seen = new ArrayList<>();
            DataException e = assertThrows(DataException.class, () -> {
                try (Copy copy = cur.copy("COPY (SELECT 10 / (5000 - g) FROM generate_series(1, 10000) g) TO STDOUT")) {
                    for (List<Object> r : copy.rows()) {
                        seen.add(r.get(0));
                    }
                }
            });
            assertEquals("22012", e.pgcode());
            assertTrue(seen.size() < 5000, "rows before the error: " + seen.size());
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0));
        }
    }

    @Test
    void typecastersInForceApplyToRowsInBothFormats() {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE tc (a int, t text)");
            try (Copy copy = cur.copy("COPY tc FROM STDIN")) {
                copy.writeRow(7, "seven");
            }
            Extensions.registerType(Extensions.newType(new int[] {25}, "UPPER", (v, k) -> v == null ? null : v.toUpperCase()), cur);
            Extensions.registerType(Extensions.newType(new int[] {23}, "PLUS", (v, k) -> v == null ? null : Integer.parseInt(v) + 1000), c);
            try (Copy copy = cur.copy("COPY tc TO STDOUT")) {
                assertEquals(List.of(1007, "SEVEN"), copy.rows().iterator().next());
            }
            try (Copy copy = cur.copy("COPY tc TO STDOUT (FORMAT binary)")) {
                ProgrammingException e = assertThrows(ProgrammingException.class, copy::rows);
                assertTrue(e.getMessage().contains("custom typecaster PLUS"), e.getMessage());
            }
            try (Copy copy = cur.copy("COPY tc (t) TO STDOUT (FORMAT binary)")) {
                assertEquals(List.of("SEVEN"), copy.rows().iterator().next());
            }
        }
    }

    @Test
    void closingACopyToEarlyReadsItToTheEndAndKeepsTheTransaction() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE keep (a int)");
            try (Copy copy = cur.copy("COPY (SELECT g FROM generate_series(1, 200000) g) TO STDOUT")) {
                assertEquals(List.of(1), copy.rows().iterator().next());
            }
            assertEquals(200_000L, cur.rowCount());
            assertEquals(TransactionStatus.INTRANS, c.transactionStatus());
            cur.execute("INSERT INTO keep VALUES (1)");
            c.commit();
            assertEquals(1L, cur.execute("SELECT count(*) FROM keep").fetchOne().get(0));
            // in a transaction, a query whose description fails reports that error, not "transaction aborted"
            ProgrammingException e = assertThrows(ProgrammingException.class,
                    () -> cur.copy("COPY (SELECT nosuch FROM keep) TO STDOUT"));
            assertEquals("42703", e.pgcode());
            c.rollback();
            assertEquals(1L, cur.execute("SELECT count(*) FROM keep").fetchOne().get(0));
        }
    }

    @Test
    void anInterruptedWaitAbandonsTheCopyAndTheConnectionRecovers() throws Exception {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE intr (a int, b text)");
            AtomicReference<Throwable> seen = new AtomicReference<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try (Copy copy = cur.copy("COPY intr FROM STDIN")) {
                    String big = "x".repeat(1000);
                    for (int i = 0; ; i++) {
                        if (i == 5000) {
                            Thread.currentThread().interrupt();
                        }
                        copy.writeRow(i, big);
                    }
                } catch (Throwable e) {
                    seen.set(e);
                }
            });
            assertTrue(t.join(java.time.Duration.ofSeconds(60)));
            assertInstanceOf(QueryCanceledException.class, seen.get());
            assertEquals(0L, cur.execute("SELECT count(*) FROM intr").fetchOne().get(0));
        }
    }

    @Test
    void binaryNumericEncodingMatchesTheServer() {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE nums (i int, n numeric, f4 float4, f8 float8)");
            List<Object> values = List.of(new BigDecimal("0"), new BigDecimal("0.0000"), new BigDecimal("1"),
                    new BigDecimal("-1"), new BigDecimal("9999"), new BigDecimal("10000"), new BigDecimal("10000.0001"),
                    new BigDecimal("0.1"), new BigDecimal("0.00001"), new BigDecimal("-123.456"),
                    new BigDecimal("1E+12"), new BigDecimal("1E-30"), new BigDecimal("3.14159265358979323846264338327950288"),
                    new BigDecimal("-99999999999999999999999999999999.99999"), BigInteger.TEN.pow(40), 123L, (short) -7,
                    0.1, 1e-7f, Double.NEGATIVE_INFINITY);
            try (Copy copy = cur.copy("COPY nums FROM STDIN (FORMAT binary)")) {
                for (int i = 0; i < values.size(); i++) {
                    Object v = values.get(i);
                    copy.writeRow(i, v, v instanceof BigDecimal || v instanceof BigInteger ? null : v,
                            v instanceof BigDecimal || v instanceof BigInteger ? null : v);
                }
            }
            List<Row> got = cur.execute("SELECT n::text, f4, f8 FROM nums ORDER BY i").fetchAll();
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                String want = v instanceof BigDecimal d ? (d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString())
                        : v instanceof Double d && d.isInfinite() ? "-Infinity" : v instanceof Float || v instanceof Double
                        ? new BigDecimal(v.toString()).toPlainString() : v.toString();
                assertEquals(want, got.get(i).get(0), "numeric " + v);
            }
            assertEquals(0.1f, got.get(17).get(1));
            assertEquals(0.1, got.get(17).get(2));
            assertEquals(1e-7f, got.get(18).get(1));
            assertEquals(1e-7, got.get(18).get(2)); // the float as it prints, as the text form would give
        }
    }

    @Test
    void theBlockFormAbortsWhenItsBlockThrowsAndCommitsWhenItReturns() {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE blk (a int, b text)");
            IllegalStateException boom = assertThrows(IllegalStateException.class, () -> cur.copy("COPY blk FROM STDIN", copy -> {
                copy.writeRow(1, "kept?");
                throw new IllegalStateException("boom");
            }));
            assertEquals("boom", boom.getMessage(), "the block's own exception goes on");
            assertEquals(0L, cur.execute("SELECT count(*) FROM blk").fetchOne().get(0), "CopyFail: no row kept");
            long n = cur.copy("COPY blk FROM STDIN", copy -> {
                copy.writeRow(1, "x");
                copy.writeRow(2, null);
            });
            assertEquals(2L, n);
            List<List<Object>> back = new java.util.ArrayList<>();
            cur.copy("COPY blk TO STDOUT", copy -> copy.rows().forEach(back::add));
            assertEquals(List.of(java.util.Arrays.asList(1, "x"), java.util.Arrays.asList(2, null)), back);
        }
    }
}
