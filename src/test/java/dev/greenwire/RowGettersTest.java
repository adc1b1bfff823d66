package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Row's typed getters, by index and by name, in both bindings, with clear errors. */
class RowGettersTest extends PgTest {
    private static final String SQL = "SELECT 'abc'::text AS s, true AS b, 42::int4 AS i, 9000000000::int8 AS l,"
            + " 2.5::float8 AS d, 12.345::numeric AS n, '\\x0102'::bytea AS y, DATE '2024-02-29' AS dt,"
            + " TIMESTAMP '2024-02-29 12:34:56.789' AS ts, TIMESTAMPTZ '2024-02-29 12:34:56+00' AS tz,"
            + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u, ARRAY[1, 2, 3] AS a, NULL::bool AS nb";

    @Test
    void typedGettersReadEachType() {
        for (boolean server : new boolean[] {false, true}) {
            try (Connection c = connect(ConnectOptions.builder().serverSideBinding(server).build())) {
                c.cursor().execute("SET TimeZone = 'UTC'");
                Cursor cur = c.cursor();
                checkEachGetter(cur.execute(SQL).fetchOne());
                assertEquals(0, TestHooks.binaryColumnCount(cur), "a first run reads text columns");
                c.rollback();
            }
        }
    }

    @Test
    void typedGettersReadEachTypeFromBinaryColumns() {
        try (Connection c = connect(ConnectOptions.builder().serverSideBinding(true).build())) {
            c.cursor().execute("SET TimeZone = 'UTC'");
            Cursor cur = c.cursor(ServerCursor::new);
            int runs = 0;
            Row r;
            do {
                r = cur.execute(SQL + " WHERE %s::int4 = 1", 1).fetchOne(); // bound: the extended protocol
                runs++;
            } while (TestHooks.binaryColumnCount(cur) == 0 && runs < 20);
            // every column but the text one, the array and the NULL (whose type bool is binary too)
            assertTrue(TestHooks.binaryColumnCount(cur) >= 10, "binary columns once prepared, got "
                    + TestHooks.binaryColumnCount(cur) + " after " + runs + " runs");
            checkEachGetter(r);
            c.rollback();
        }
    }

    private static void checkEachGetter(Row r) {
        assertEquals("abc", r.getString(0));
        assertEquals("abc", r.getString("s"));
        assertTrue(r.getBoolean(1));
        assertTrue(r.getBoolean("b"));
        assertEquals(42, r.getInt("i"));
        assertEquals(42L, r.getLong("i"), "int4 read as long");
        assertEquals(9_000_000_000L, r.getLong("l"));
        assertEquals(2.5, r.getDouble("d"));
        assertEquals(new BigDecimal("12.345"), r.getBigDecimal(5));
        assertEquals(new BigDecimal("12.345"), r.getBigDecimal("n"));
        assertEquals(new BigDecimal("42"), r.getBigDecimal("i"), "integers read as BigDecimal exactly");
        assertArrayEquals(new byte[] {1, 2}, r.getBytes("y"));
        assertEquals(LocalDate.of(2024, 2, 29), r.getLocalDate("dt"));
        assertEquals(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_000_000), r.getLocalDateTime("ts"));
        assertEquals(OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 0, ZoneOffset.UTC).toInstant(),
                r.getOffsetDateTime("tz").toInstant());
        assertEquals(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), r.getUuid("u"));
        assertEquals(List.of(1, 2, 3), r.getList("a"));
        assertEquals("42", r.getString("i"), "any value reads as text");
        assertNull(r.getString("nb"));
        assertNull(r.getUuid("nb") == null ? null : "not null");
        DataException nul = assertThrows(DataException.class, () -> r.getBoolean("nb"));
        assertTrue(nul.getMessage().contains("\"nb\" is NULL"), nul.getMessage());
        DataException wrong = assertThrows(DataException.class, () -> r.getLocalDate("i"));
        assertTrue(wrong.getMessage().contains("column \"i\"") && wrong.getMessage().contains("LocalDate"),
                wrong.getMessage());
        assertThrows(DataException.class, () -> r.getBoolean("s"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> r.getInt("nope"));
        assertTrue(missing.getMessage().contains("no column named \"nope\""), missing.getMessage());
        assertFalse(r.getList("a").isEmpty());
    }

    @Test
    void getKeepsWhatItDecodesAndTypedGettersDecodeWithoutKeeping() {
        try (Connection c = connect(ConnectOptions.builder().serverSideBinding(false).build())) {
            java.util.concurrent.atomic.AtomicInteger casts = new java.util.concurrent.atomic.AtomicInteger();
            Cursor cur = c.cursor();
            Extensions.registerType(Extensions.newType(new int[] {dev.greenwire.cast.Oid.INT4}, "COUNTED",
                    (v, k) -> {
                        casts.incrementAndGet();
                        return v == null ? null : Integer.valueOf(v);
                    }), cur);
            Row r = cur.execute("SELECT 41 + 1 AS i").fetchOne();
            assertEquals(42, r.getInt(0));
            assertEquals(42, r.getInt("i"));
            assertEquals("42", r.getString(0));
            assertEquals(3, casts.get(), "each typed read decodes: nothing is kept");
            Object kept = r.get(0);
            assertEquals(4, casts.get());
            assertTrue(kept == r.get(0), "get() keeps the value it decoded");
            assertEquals(42, r.getInt(0));
            assertEquals(Integer.valueOf(42), r.get(0, Integer.class));
            assertEquals(4, casts.get(), "once kept, the typed getters read the kept value");
            c.rollback();
        }
    }

    @Test
    void unboxedGettersOnTextColumnsAgreeWithGet() {
        String[] ints = {"-2147483648", "2147483647", "0", "-1", "7"};
        String[] longs = {"-9223372036854775808", "9223372036854775807", "99999999999999999", "-99999999999999999",
            "123456789012345678", "5", "0"};
        String[] doubles = {"0", "-0", "0.1", "1/7.0", "-2/3.0", "1e-5", "1e300", "'NaN'", "'Infinity'", "'-Infinity'",
            "123456789012345.6", "2.2250738585072014e-308", "4.9e-324", "0.00012345678901234567", "100"};
        try (Connection c = connect(ConnectOptions.builder().serverSideBinding(false).build())) {
            Cursor cur = c.cursor();
            for (String v : ints) {
                Row r = cur.execute("SELECT (" + v + ")::int4, (" + v + ")::int4").fetchOne();
                assertEquals(r.get(1), r.getInt(0), v);
                assertEquals(((Integer) r.get(1)).longValue(), r.getLong(0), v);
            }
            for (String v : longs) {
                Row r = cur.execute("SELECT (" + v + ")::int8, (" + v + ")::int8").fetchOne();
                assertEquals(r.get(1), r.getLong(0), v);
                long want = (Long) r.get(1);
                if (want == (int) want) {
                    assertEquals((int) want, r.getInt(0), v);
                } else {
                    DataException e = assertThrows(DataException.class, () -> r.getInt(0), v);
                    assertTrue(e.getMessage().contains("column"), e.getMessage());
                }
            }
            for (String v : doubles) {
                Row r = cur.execute("SELECT (" + v + ")::float8, (" + v + ")::float8").fetchOne();
                assertEquals(Double.doubleToRawLongBits((Double) r.get(1)), Double.doubleToRawLongBits(r.getDouble(0)), v);
            }
            Row nulls = cur.execute("SELECT NULL::int4 AS i, NULL::int8 AS l, NULL::float8 AS d").fetchOne();
            assertTrue(assertThrows(DataException.class, () -> nulls.getInt(0)).getMessage().contains("\"i\" is NULL"));
            assertTrue(assertThrows(DataException.class, () -> nulls.getLong(1)).getMessage().contains("\"l\" is NULL"));
            assertTrue(assertThrows(DataException.class, () -> nulls.getDouble(2)).getMessage().contains("\"d\" is NULL"));
            assertThrows(IndexOutOfBoundsException.class, () -> nulls.getInt(3));
            c.rollback();
        }
    }

    @Test
    void columnsReadInAnyOrderGiveTheSameValues() {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < 40; i++) {
            sql.append(i == 0 ? "" : ", ").append(switch (i % 5) {
                case 0 -> "NULL::text";
                case 1 -> "repeat('x', " + (i * 37) + ")";
                case 2 -> i + "::int4";
                case 3 -> "''::text";
                default -> "ARRAY[" + i + ", NULL]::int[]";
            });
        }
        for (boolean server : new boolean[] {false, true}) {
            try (Connection c = connect(ConnectOptions.builder().serverSideBinding(server).build())) {
                Cursor cur = c.cursor();
                List<Object> forward = new java.util.ArrayList<>();
                Row first = cur.execute(sql.toString()).fetchOne();
                for (int i = 0; i < 40; i++) {
                    forward.add((i % 5 == 2 ? (Object) first.getInt(i) : first.getString(i)));
                }
                java.util.Random random = new java.util.Random(7);
                for (int round = 0; round < 20; round++) {
                    Row r = cur.execute(sql.toString()).fetchOne();
                    List<Integer> order = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 40).boxed().toList());
                    if (round == 1) {
                        java.util.Collections.reverse(order);
                    } else if (round > 1) {
                        java.util.Collections.shuffle(order, random);
                    }
                    for (int i : order) {
                        assertEquals(forward.get(i), (i % 5 == 2 ? (Object) r.getInt(i) : r.getString(i)), "column " + i + " of round " + round);
                    }
                }
                c.rollback();
            }
        }
    }
}
