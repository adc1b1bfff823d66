package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.cast.PgInterval;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Lists and arrays under server-side binding: one array parameter each (so the statement's text
 * does not change with the list), in binary with its elements' type, and array columns of
 * prepared statements read in binary — every value as the client-side literal path gives it.
 */
class ArrayParamsTest extends PgTest {
    private static final UUID U = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

    /** A value, the array type server-side binding gives it, and what reads back (null: the value itself). */
    private record Case(Object sent, String type, Object back) {
    }

    private static List<Case> cases() {
        return List.of(
                new Case(List.of(1, 2, 3), "integer[]", null),
                new Case(Arrays.asList(1, null, 3), "integer[]", null),
                new Case(List.of(1, 5_000_000_000L), "bigint[]", List.of(1L, 5_000_000_000L)),
                new Case(new int[] {4, 5}, "integer[]", List.of(4, 5)),
                new Case(new long[][] {{1, 2}, {3, 4}}, "bigint[]", List.of(List.of(1L, 2L), List.of(3L, 4L))),
                new Case(List.of((short) 7), "smallint[]", null),
                new Case(List.of(1.5, -0.0, Double.NaN), "double precision[]", null),
                new Case(List.of(2.5f), "real[]", null),
                new Case(List.of(new BigDecimal("1.50"), new BigInteger("123456789012345678901234567890")), "numeric[]",
                        List.of(new BigDecimal("1.50"), new BigDecimal("123456789012345678901234567890"))),
                new Case(List.of(true, false), "boolean[]", null),
                new Case(List.of(U), "uuid[]", null),
                new Case(List.of(new byte[] {0, (byte) 0xff}), "bytea[]", null),
                new Case(List.of(LocalDate.of(2024, 1, 2), LocalDate.MAX), "date[]", null),
                new Case(List.of(LocalTime.of(3, 4, 5, 500_000_000)), "time without time zone[]", null),
                new Case(List.of(OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHoursMinutes(5, 30))), "time with time zone[]", null),
                new Case(List.of(LocalDateTime.of(2024, 1, 2, 3, 4, 5)), "timestamp without time zone[]", null),
                new Case(List.of(Instant.parse("2024-01-02T03:04:05Z")), "timestamp with time zone[]",
                        List.of(OffsetDateTime.parse("2024-01-02T03:04:05Z"))),
                new Case(List.of(new PgInterval(1, 2, 3), Duration.ofSeconds(-90)), "interval[]",
                        List.of(new PgInterval(1, 2, 3), new PgInterval(0, 0, -90_000_000))),
                new Case(List.of("a", "with \"quotes\", {braces} and \\", "NULL", "", "日本"), "text[]", null),
                new Case(List.of('x', new StringBuilder("y")), "text[]", List.of("x", "y")),
                new Case(List.of(List.of("a", "b"), List.of("c", "d")), "text[]", null),
                new Case(Thread.State.values(), "text[]", Arrays.stream(Thread.State.values()).map(Enum::name).toList()));
    }

    @Test
    void eachListIsOneArrayParameterAndReadsBackAsItsLiteralDoes() {
        try (Connection c = connect()) {
            c.autocommit(true);
            c.cursor().execute("SET TimeZone = 'UTC'");
            Cursor server = c.cursor(ServerCursor::new);
            Cursor client = c.cursor();
            for (Case k : cases()) {
                Object expected = k.back() != null ? k.back() : k.sent();
                Row row = server.execute("SELECT %s, pg_typeof(%s)::text", k.sent(), k.sent()).fetchOne();
                assertEquals("SELECT $1, pg_typeof($2)::text", new String(server.query(), StandardCharsets.UTF_8));
                assertEquals(k.type(), row.get(1), "the parameter's type, " + k);
                assertSame(expected, row.get(0), "server-side binding, " + k);
                assertSame(expected, client.execute("SELECT %s::" + k.type(), k.sent()).fetchOne().get(0),
                        "client-side binding, " + k);
            }
        }
    }

    private static void assertSame(Object expected, Object actual, String what) {
        assertEquals(deep(expected), deep(actual), what);
    }

    /** byte[] and Double NaN compared by value, through their lists. */
    private static Object deep(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().map(ArrayParamsTest::deep).toList();
        }
        if (v instanceof byte[] b) {
            return "bytes " + Arrays.toString(b);
        }
        return v instanceof Double d && d.isNaN() ? "NaN" : v == null ? "null" : v;
    }

    @Test
    void emptyAndAllNullListsTakeTheirTypeFromTheContext() {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor(ServerCursor::new);
            cur.execute("DROP TABLE IF EXISTS gw_arr; CREATE TABLE gw_arr (a int8[], b date[])");
            cur.execute("INSERT INTO gw_arr VALUES (%s, %s), (%s, %s)", List.of(), Arrays.asList(null, null),
                    Arrays.asList((Object) null), List.of());
            assertEquals(List.of(List.of(List.of(), Arrays.asList(null, null)), List.of(Arrays.asList((Object) null), List.of())),
                    cur.execute("SELECT a, b FROM gw_arr").fetchAll().stream().map(Row::toList).toList());
            for (Cursor k : new Cursor[] {cur, c.cursor()}) { // nested empty lists: '{{},{}}', which the server refuses either way
                DataException e = assertThrows(DataException.class,
                        () -> k.execute("SELECT %s::int[]", List.of(List.of(), List.of())));
                assertTrue(e.getMessage().contains("malformed array literal: \"{{},{}}\""), e.getMessage());
            }
            assertEquals("bigint[]", cur.execute("SELECT pg_typeof(a)::text FROM gw_arr WHERE a = %s", List.of())
                    .fetchOne().get(0), "an empty list compared with a column takes its type");
        }
    }

    @Test
    void listsTheLiteralPathWritesDifferentlyStayLiterals() {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor(ServerCursor::new);
            assertEquals(List.of(new BigDecimal("1"), new BigDecimal("2.5")),
                    cur.execute("SELECT %s", List.of(1, 2.5)).fetchOne().get(0), "integers mixed with floats: numeric[]");
            assertEquals("SELECT ARRAY[1,2.5]", new String(cur.query(), StandardCharsets.UTF_8));
            PgException ragged = assertThrows(PgException.class,
                    () -> cur.execute("SELECT %s", List.of(List.of(1), List.of(1, 2))));
            assertTrue(ragged.getMessage().contains("multidimensional arrays must have array expressions with matching dimensions"),
                    ragged.getMessage());
            assertEquals(List.of(1), cur.execute("SELECT 1").fetchOne().toList(), "the connection is usable");
        }
    }

    @Test
    void aStatementWithAListIsPreparedOnceWhateverTheList() {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor(ServerCursor::new);
            String sql = "SELECT count(*) FROM generate_series(1, 100) g WHERE g = ANY(%s)";
            for (int n = 1; n <= 12; n++) {
                List<Integer> ids = java.util.stream.IntStream.rangeClosed(1, n).boxed().toList();
                assertEquals((long) n, cur.execute(sql, ids).fetchOne().get(0));
            }
            assertEquals(1L, c.cursor().execute("SELECT count(*) FROM pg_prepared_statements WHERE statement = %s",
                    "SELECT count(*) FROM generate_series(1, 100) g WHERE g = ANY($1)").fetchOne().get(0),
                    "one prepared statement for twelve different lists");
        }
    }

    /** Text elements array_out quotes (empty, NULL spelt out, quotes, backslashes, braces, commas, spaces) and non-ASCII. */
    static final String TEXTS = "E'{plain,\"\",NULL,\"NULL\",\"null\",\"q\\\\\"x\",\"back\\\\\\\\slash\",\"{br}\",\"a,b\",\"sp ace\","
            + "\"tab\\tx\",\"line\\nx\",é€😀}'";

    @Test
    void arrayColumnsReadInBinaryGiveWhatTheirTextGives() {
        String[] arrays = {"'{1,NULL,3}'::int4[]", "'[0:1]={7,8}'::int4[]", "'{{1,2},{3,4}}'::int8[]", "'{}'::int2[]",
            "'{1.5,NaN,-0}'::float8[]", "'{2.5}'::float4[]", "'{1.50,NaN,100}'::numeric[]", "'{t,f,NULL}'::bool[]",
            "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid[]", "'{infinity,2024-01-02,0044-03-15 BC}'::date[]",
            "'{24:00:00,03:04:05.5}'::time[]", "'{03:04:05+05:30}'::timetz[]", "'{2024-01-02 03:04:05.123456}'::timestamp[]",
            "'{2024-01-02 03:04:05+00,-infinity}'::timestamptz[]", "'{1 year 2 days,-00:00:01}'::interval[]",
            "'{\"\\\\x00ff\"}'::bytea[]", "'{4294967295}'::oid[]", TEXTS + "::text[]", TEXTS + "::varchar[]",
            TEXTS + "::name[]", "'{a,\"b  \",NULL}'::char(3)[]", "'[0:1]={x,y}'::text[]", "'{{a,b},{\"c d\",NULL}}'::text[]",
            "'{}'::text[]"};
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < arrays.length; i++) {
            sql.append(i > 0 ? ", " : "").append(arrays[i]);
        }
        sql.append(" WHERE %s");
        try (Connection c = connect()) {
            c.autocommit(true);
            c.cursor().execute("SET TimeZone = 'Asia/Kolkata'");
            List<Object> text = c.cursor().execute(sql.toString(), true).fetchOne().toList();
            Cursor server = c.cursor(ServerCursor::new);
            for (int run = 0; run < 8; run++) { // prepared after 5 runs, read in binary from the seventh
                List<Object> got = server.execute(sql.toString(), true).fetchOne().toList();
                for (int i = 0; i < arrays.length; i++) {
                    assertSame(text.get(i), got.get(i), arrays[i] + ", run " + run);
                }
            }
        }
    }

    @Test
    void textArraysReadInBinaryComeInTheClientEncoding() {
        String sql = "SELECT '{é,\"ü ß\",plain,NULL}'::text[], '{Ä}'::varchar[] WHERE %s";
        try (Connection c = connect()) {
            c.autocommit(true);
            c.cursor().execute("SET client_encoding TO 'LATIN1'");
            assertEquals("LATIN1", c.encoding());
            Cursor server = c.cursor(ServerCursor::new);
            for (int run = 0; run < 8; run++) { // prepared after 5 runs, read in binary from the seventh
                List<Object> got = server.execute(sql, true).fetchOne().toList();
                assertEquals(List.of(Arrays.asList("é", "ü ß", "plain", null), List.of("Ä")), got, "run " + run);
            }
        }
    }
}
