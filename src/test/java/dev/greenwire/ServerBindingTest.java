package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.cast.Oid;
import dev.greenwire.cast.TypeCaster;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Server-side binding, the prepared-statement cache and binary result columns. */
class ServerBindingTest extends PgTest {
    private static Connection serverConnect(int threshold, int max) {
        return connect(ConnectOptions.builder().serverSideBinding(true).prepareThreshold(threshold).preparedMax(max).build());
    }

    private static long prepared(Connection c) {
        return (Long) c.cursor().execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE '\\_gw\\_%'")
                .fetchOne().get(0);
    }

    @Test
    void placeholdersBecomeParameters() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor(ServerCursor::new);
            assertTrue(cur.isServerBinding());
            cur.execute("SELECT %s::int4 + %s, %s || 'x', %s", 1, 2, "a'b", null);
            assertEquals("SELECT $1::int4 + $2, $3 || 'x', $4", new String(cur.query(), StandardCharsets.UTF_8));
            assertEquals(java.util.Arrays.asList(3, "a'bx", null), cur.fetchOne().toList());
            cur.execute("SELECT %(a)s::text, %(a)s::text, %(b)s", Map.of("a", "x", "b", List.of(1, 2)));
            assertEquals("SELECT $1::text, $1::text, $2", new String(cur.query(), StandardCharsets.UTF_8),
                    "a name used twice is one parameter; a list is one array parameter");
            assertEquals(List.of("x", "x", List.of(1, 2)), cur.fetchOne().toList());
            ProgrammingException e = assertThrows(ProgrammingException.class,
                    () -> cur.execute("SELECT %s; SELECT 2", 1));
            assertTrue(e.getMessage().contains("cannot insert multiple commands into a prepared statement"), e.getMessage());
            c.rollback();
            assertEquals(List.of(1, 2), cur.execute("SELECT 1; SELECT 1, 2").fetchOne().toList(), "no arguments: simple protocol");
            DataException nul = assertThrows(DataException.class, () -> cur.execute("SELECT %s", "a\0b"));
            assertEquals("A string literal cannot contain NUL (0x00) characters.", nul.getMessage());
        }
        try (Connection c = connect(ConnectOptions.builder().serverSideBinding(true).build())) {
            assertTrue(c.cursor().isServerBinding(), "the connection option makes every cursor bind on the server");
        }
    }

    @Test
    void preparedStatementsReadBinaryColumnsUnlessATypecasterIsRegistered() {
        try (Connection c = serverConnect(2, 10)) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            UUID u = UUID.randomUUID();
            String sql = "SELECT %s::int4, %s::int8, %s::numeric, %s::uuid, %s::date, %s::timestamptz, %s::text";
            OffsetDateTime t = OffsetDateTime.parse("2024-05-06T07:08:09.123456Z");
            Object[] args = {7, 8L, new BigDecimal("-12.3400"), u, LocalDate.of(2024, 2, 29), t, "txt"};
            List<Integer> binary = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                List<Object> r = cur.execute(sql, args).fetchOne().toList();
                assertEquals(List.of(7, 8L, new BigDecimal("-12.3400"), u, LocalDate.of(2024, 2, 29)), r.subList(0, 5));
                assertTrue(t.isEqual((OffsetDateTime) r.get(5)));
                assertEquals("txt", r.get(6));
                binary.add(TestHooks.binaryColumnCount(cur));
            }
            assertEquals(List.of(0, 0, 0, 6, 6), binary, "text until prepared (on the third run), then binary but for text");
            assertEquals(1, prepared(c));
            TypeCaster custom = dev.greenwire.Extensions.newType(new int[] {Oid.INT4}, "CUSTOM", (v, x) -> "int4:" + v);
            dev.greenwire.Extensions.registerType(custom, c);
            assertEquals("int4:7", cur.execute(sql, args).fetchOne().get(0), "a registered typecaster sees text");
            assertEquals(5, TestHooks.binaryColumnCount(cur));
        }
    }

    @Test
    void typedGettersReadBinaryAndTextAlike() {
        try (Connection c = serverConnect(0, 10)) {
            for (Cursor cur : List.of(c.cursor(), c.cursor(Cursor::new))) {
                for (int run = 0; run < 2; run++) {
                    Row r = cur.execute("SELECT %s::int4, %s::int8, %s::float8, %s::int4, %s::int2, %s::numeric",
                            -7, Long.MIN_VALUE, -0.5, null, (short) 3, new BigDecimal("2.5")).fetchOne();
                    assertEquals(-7, r.getInt(0));
                    assertEquals(-7L, r.getLong(0));
                    assertEquals(Long.MIN_VALUE, r.getLong(1));
                    assertEquals(-0.5, r.getDouble(2));
                    assertEquals(-7.0, r.getDouble(0));
                    assertEquals(3, r.getInt(4));
                    assertEquals(2.5, r.getDouble(5));
                    DataException e = assertThrows(DataException.class, () -> r.getInt(3));
                    assertTrue(e.getMessage().contains("is NULL"), e.getMessage());
                    assertThrows(DataException.class, () -> r.getInt(1), "a long that does not fit an int");
                }
            }
        }
    }

    @Test
    void aPreparedStatementsCachedShapeFollowsEncodingAndTimeZone() {
        try (Connection c = serverConnect(0, 10)) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            String sql = "SELECT %s::text, '2024-01-01 12:00:00+00'::timestamptz";
            for (int i = 0; i < 3; i++) {
                assertEquals("é", cur.execute(sql, "é").fetchOne().get(0));
            }
            c.setClientEncoding("LATIN1");
            assertEquals("é", cur.execute(sql, "é").fetchOne().get(0), "decoded with the new encoding");
            cur.execute("SET TimeZone = 'Asia/Kolkata'");
            OffsetDateTime t = (OffsetDateTime) cur.execute(sql, "x").fetchOne().get(1);
            assertEquals(java.time.ZoneOffset.ofHoursMinutes(5, 30), t.getOffset(), "in the new session zone");
        }
    }

    @Test
    void oldTimestampsKeepTheServersOffsetInEveryZone() {
        // a timestamptz is the instant in the session zone by Java's rules, from text as from binary, even
        // where Java's time-zone data and the server's disagree (Europe/Amsterdam in 1800: +00:17:30 in
        // Java's merged zone, +00:19:32 in the server's text)
        String sql = "SELECT %s::timestamptz, %s::timestamptz::text";
        try (Connection c = serverConnect(0, 10)) {
            c.autocommit(true);
            Cursor bin = c.cursor();
            Cursor text = c.cursor(Cursor::new);
            for (String zone : List.of("UTC", "Europe/Amsterdam", "America/St_Johns", "Asia/Kolkata")) {
                bin.execute("SET TimeZone = '" + zone + "'");
                for (String v : List.of("1800-06-01 10:00:00", "1937-07-01 12:00:00.5", "2024-03-31 02:30:00", "infinity")) {
                    Object expected = text.execute(sql, v, v).fetchOne().get(0);
                    for (int run = 0; run < 2; run++) {
                        List<Object> r = bin.execute(sql, v, v).fetchOne().toList();
                        assertEquals(expected, r.get(0), zone + " " + v + ": the same value, offset and all, as from text ("
                                + r.get(1) + ")");
                        if (run == 1) {
                            assertEquals(1, TestHooks.binaryColumnCount(bin), "the timestamptz read in binary");
                        }
                    }
                }
            }
        }
    }

    @Test
    void binaryNumericsMatchTheirText() {
        List<String> values = List.of("0", "0.000", "1.5", "-1.50", "12345678.1234", "0.0001", "100000000", "1e20",
                "99999999999999.99", "-0.00000001", "123456789012345678", "0.1234567890123456", "9999.9999", "-10000",
                "1234567890123456789012345.000001", "NaN", "Infinity", "-Infinity", "3.14159265358979323846264338");
        try (Connection c = serverConnect(0, 10)) {
            Cursor bin = c.cursor();
            Cursor text = c.cursor(Cursor::new);
            bin.execute("SELECT %s::numeric", "0"); // prepares the statement; binary from the next run
            for (String v : values) {
                bin.execute("SELECT %s::numeric", v);
                assertEquals(1, TestHooks.binaryColumnCount(bin), v);
                Object fromBinary = bin.fetchOne().get(0);
                Object fromText = text.execute("SELECT '" + v + "'::numeric").fetchOne().get(0);
                assertEquals(fromText, fromBinary, v);
            }
        }
    }

    @Test
    void cacheEvictionDiscardAndStalePlans() {
        try (Connection c = serverConnect(0, 2)) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            for (int i = 0; i < 4; i++) {
                assertEquals(i, cur.execute("SELECT %s::int4 + " + i, 0).fetchOne().get(0));
            }
            assertEquals(2, prepared(c), "at most preparedMax statements stay prepared");
            cur.execute("DISCARD ALL");
            assertEquals(0, prepared(c));
            assertEquals(5, cur.execute("SELECT %s::int4 + 3", 2).fetchOne().get(0), "prepared again after DISCARD ALL");

            cur.execute("CREATE TEMP TABLE plan_t (a int)");
            cur.execute("INSERT INTO plan_t VALUES (1)");
            for (int i = 0; i < 3; i++) {
                assertEquals(List.of(1), cur.execute("SELECT * FROM plan_t WHERE a = %s", 1).fetchOne().toList());
            }
            cur.execute("ALTER TABLE plan_t ADD COLUMN b text DEFAULT 'new'");
            assertEquals(List.of(1, "new"), cur.execute("SELECT * FROM plan_t WHERE a = %s", 1).fetchOne().toList(),
                    "cached plan must not change result type: dropped and run again");
        }
    }

    @Test
    void executeManyRewritesOneRowInsertsIntoMultiRowOnes() {
        try (Connection c = serverConnect(5, 10)) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE rw_t (id int PRIMARY KEY, name text, v float8)");
            List<List<Object>> rows = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                rows.add(java.util.Arrays.asList(i, i % 7 == 0 ? null : "n'" + i, i * 0.5));
            }
            cur.executeMany("insert into rw_t (id, name, v)\n values (%s, %s, %s::float8);", rows);
            assertEquals(1000, cur.rowCount());
            assertTrue(new String(cur.query(), StandardCharsets.UTF_8).contains("($1, $2, $3::float8), ($4, $5, $6::float8)"),
                    "the last statement held many rows");
            assertEquals(List.of(1000L, 143L, 249750.0), cur.execute("SELECT count(*), count(*) FILTER (WHERE name IS NULL),"
                    + " sum(v) FROM rw_t").fetchOne().toList());
            assertEquals("n'999", cur.execute("SELECT name FROM rw_t WHERE id = %s", 999).fetchOne().get(0));
            ProgrammingException e = assertThrows(ProgrammingException.class,
                    () -> cur.executeMany("INSERT INTO rw_t VALUES (%s, %s, %s)", List.<Object[]>of(new Object[] {1, "x"})));
            assertEquals("not enough arguments for format string", e.getMessage());
            c.rollback();
            cur.execute("CREATE TEMP TABLE rw_u (id int PRIMARY KEY)");
            cur.executeMany("INSERT INTO rw_u VALUES (%s) ON CONFLICT DO NOTHING", List.of(new Object[] {1}, new Object[] {1}));
            assertEquals(1, cur.rowCount(), "ON CONFLICT: one statement per row, counted as the server reports");
            cur.executeMany("INSERT INTO rw_u VALUES (%s)", List.of());
            assertEquals(-1, cur.rowCount());
        }
    }

    @Test
    void executeManyBindsEachRow() {
        try (Connection c = serverConnect(5, 10)) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE many_t (id int PRIMARY KEY, name text, data bytea)");
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                rows.add(new Object[] {i, "n" + i, new byte[] {(byte) i, 0, -1}});
            }
            cur.executeMany("INSERT INTO many_t VALUES (%s, %s, %s)", rows);
            assertEquals(1200, cur.rowCount());
            assertEquals(1200L, cur.execute("SELECT count(*) FROM many_t").fetchOne().get(0));
            assertArrayEquals(new byte[] {7, 0, -1}, (byte[]) cur.execute("SELECT data FROM many_t WHERE id = %s", 7)
                    .fetchOne().get(0));
            c.commit();
            List<Object[]> bad = List.of(new Object[] {5000, "ok", null}, new Object[] {1, "dup", null},
                    new Object[] {5001, "skipped", null});
            assertThrows(IntegrityException.class, () -> cur.executeMany("INSERT INTO many_t VALUES (%s, %s, %s)", bad));
            c.rollback();
            assertEquals(1200L, cur.execute("SELECT count(*) FROM many_t").fetchOne().get(0), "nothing of the failed batch");
        }
    }
}
