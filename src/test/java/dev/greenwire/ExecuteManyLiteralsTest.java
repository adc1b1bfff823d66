package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * executeMany with client-side binding: a one-row INSERT whose placeholders are values alone goes
 * as multi-row INSERTs bound with the types of the values' literals. Every row must read on the
 * server exactly as the same row sent as literals by {@code execute} (what mogrify shows).
 */
class ExecuteManyLiteralsTest extends PgTest {

    private static final String COLUMNS = "n numeric, f float8, r real, i int, b bigint, s smallint, t text, ti text,"
            + " it int, bo bool, by bytea, u uuid, d date, ts timestamp, tz timestamptz, tm time, a int[], nf numeric(12, 3)";

    /** Rows of awkward values for each column; every value of a row in the column its index names. */
    private static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        Object[][] columns = {
            {1.0 / 3, 1e20, -2.5e-7, 0.1, 123456789.123, null, 5L, new BigInteger("123456789012345678901234567890"), 7, new BigDecimal("1.50")},
            {1.0 / 3, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1e308, 2.2250738585072014E-308, null, -12.75},
            {0.1f, Float.NaN, -0.0f, 3.4e38f, 1.5f, null, 2, 7.25, 1e-3f, 6},
            {1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, (short) 5, (byte) -3, 4L, null, 0, new BigInteger("-77")},
            {Long.MIN_VALUE, Long.MAX_VALUE, 3_000_000_000L, -5L, 1, null, new BigInteger("9223372036854775807"), 0L, 42, 8L},
            {(short) -32768, (short) 32767, 1, null, (byte) 7, 0, -1, 2, 3, 4},
            {"it's", "back\\slash", "", "é€𝄞", null, "  spaced  ", "line\nbreak", "%s", "$1", "E'x'"},
            {42, 2.5, -7L, true, 1.0 / 3, null, new BigDecimal("-0.000"), LocalDate.of(2024, 2, 29), 'c', Long.MAX_VALUE},
            {"42", " 17 ", "-3", null, "0", 5, 6L, "2147483647", (short) 9, "7"},
            {true, false, null, "t", "false", "yes", "0", true, false, null},
            {new byte[0], new byte[] {0, -1, 39, 92}, null, "\\x41", new byte[] {1}, new byte[] {2}, new byte[] {3}, new byte[] {4}, new byte[] {5}, new byte[] {6}},
            {UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), null, "00000000-0000-0000-0000-000000000000", new UUID(-1, -1), new UUID(0, 1), new UUID(1, 0), new UUID(2, 2), new UUID(3, 3), new UUID(4, 4), new UUID(5, 5)},
            {LocalDate.of(2024, 1, 2), LocalDate.MAX, LocalDate.MIN, LocalDate.of(-44, 3, 15), null, "2000-01-01", LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(1970, 1, 1), LocalDate.of(2000, 2, 29)},
            {LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_500), LocalDateTime.MAX, LocalDateTime.MIN, null, LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_999), "2001-02-03 04:05:06", LocalDateTime.of(2024, 6, 1, 0, 0), LocalDate.of(2020, 5, 5), LocalDateTime.of(1, 1, 1, 0, 0, 0, 500), LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1_500)},
            {OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutesSeconds(5, 30, 15)), Instant.ofEpochSecond(0, 999_999_500), Instant.MAX, OffsetDateTime.MIN, null, "2024-01-01 00:00+02", java.time.ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, java.time.ZoneId.of("Europe/Paris")), Instant.ofEpochSecond(-1), LocalDateTime.of(2024, 1, 1, 12, 0), LocalDate.of(2024, 1, 1)},
            {LocalTime.of(3, 4, 5, 123_456_789), LocalTime.MAX, LocalTime.MIDNIGHT, null, "12:00", LocalTime.NOON, LocalTime.of(23, 59, 59), LocalTime.of(0, 0, 0, 500), LocalTime.of(1, 2), LocalTime.of(4, 5, 6)},
            {List.of(1, 2, 3), new int[] {4, 5}, null, Arrays.asList(1, null), new Integer[0], List.of(7), new Integer[] {8}, "{9,10}", List.of(-1), List.of(0)},
            {new BigDecimal("123456789.1235"), 1.0005, 2.0004, 1, 5L, null, "3.14159", new BigDecimal("-0.0005"), 0.0005, 99.9995},
        };
        int n = columns[0].length;
        for (int r = 0; r < n; r++) {
            Object[] row = new Object[columns.length + 1];
            row[0] = r;
            for (int c = 0; c < columns.length; c++) {
                row[c + 1] = columns[c][r];
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void boundRowsReadAsTheirLiterals() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("SET TimeZone = 'America/New_York'");
            cur.execute("CREATE TEMP TABLE lit_bound (k int, " + COLUMNS + ")");
            cur.execute("CREATE TEMP TABLE lit_sent (k int, " + COLUMNS + ")");
            String placeholders = "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::numeric(12, 3)";
            List<Object[]> rows = rows();
            List<Object[]> many = new ArrayList<>();
            for (int copy = 0; copy < 30; copy++) { // 300 rows: three statements, two of them the same text
                for (Object[] row : rows) {
                    Object[] r = row.clone();
                    r[0] = (Integer) row[0] + 100 * copy;
                    many.add(r);
                }
            }
            cur.executeMany("INSERT INTO lit_bound VALUES (" + placeholders + ")", many);
            assertEquals(300, cur.rowCount());
            String sent = new String(cur.query(), StandardCharsets.UTF_8);
            assertTrue(sent.matches("(?s).*\\(\\$\\d+, \\$\\d+, .*"), "bound, not literal: " + sent.substring(0, Math.min(400, sent.length())));
            assertTrue(sent.contains("ARRAY["), "arrays have no parameter type of their own: their literal stays in the text");
            for (Object[] r : many) {
                cur.execute("INSERT INTO lit_sent VALUES (" + placeholders + ")", r);
            }
            // compared as text, so that NaN, -0, infinities, numeric scales and time zones all count
            String diff = "SELECT k, l::text FROM %s l EXCEPT SELECT k, l::text FROM %s l ORDER BY k";
            assertEquals(List.of(), cur.execute(String.format(diff, "lit_bound", "lit_sent")).fetchAll(), "bound rows not sent as literals");
            assertEquals(List.of(), cur.execute(String.format(diff, "lit_sent", "lit_bound")).fetchAll(), "literal rows not bound");
            assertEquals(300L, cur.execute("SELECT count(*) FROM lit_bound").fetchOne().get(0));
            // a value that reads differently as float8 and as its literal: the literal wins
            assertEquals("0.3333333333333333", cur.execute("SELECT n::text FROM lit_bound WHERE k = 0").fetchOne().get(0));
            assertEquals("-0", cur.execute("SELECT f::text FROM lit_bound WHERE k = 4").fetchOne().get(0));
        }
    }

    @Test
    void theRepeatedStatementIsPreparedOnce() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE lit_prep (id int, v float8, name text)");
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                rows.add(new Object[] {i, i / 7.0, i % 3 == 0 ? null : "n" + i});
            }
            cur.executeMany("INSERT INTO lit_prep VALUES (%s, %s, %s)", rows);
            assertEquals(10_000, cur.rowCount());
            assertEquals(1L, cur.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO lit_prep%%'")
                    .fetchOne().get(0), "the 128-row statement, sent 78 times, was prepared");
            assertEquals(List.of(10_000L, 3334L, 0L), cur.execute("SELECT count(*), count(*) FILTER (WHERE name IS NULL),"
                    + " count(*) FILTER (WHERE v <> id / 7.0::float8) FROM lit_prep").fetchOne().toList());
        }
    }

    @Test
    void placeholdersInsideExpressionsKeepTheirLiterals() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE lit_expr (a numeric, b text, c int)");
            // 0.5 * 2 as a literal is numeric 1.0; an unknown-typed parameter would be read as an integer and fail
            cur.executeMany("INSERT INTO lit_expr VALUES (%s * 2, lower(%s), %s)", List.of(new Object[] {0.5, "AB", 1}, new Object[] {"3", "Cd", 2}));
            assertEquals(2, cur.rowCount());
            String sent = new String(cur.query(), StandardCharsets.UTF_8);
            assertTrue(sent.contains("(0.5 * 2, lower('AB'), 1), ('3' * 2, lower('Cd'), 2)"), sent);
            assertEquals(List.of(List.of(new BigDecimal("1.0"), "ab", 1), List.of(6, "cd", 2)).toString(),
                    cur.execute("SELECT a, b, c FROM lit_expr ORDER BY c").fetchAll().stream().map(Row::toList).toList().toString());
        }
    }

    @Test
    void errorsInBoundStatements() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE lit_err (id int PRIMARY KEY, v numeric(4, 1))");
            c.commit();
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                rows.add(new Object[] {i, i == 280 ? 12345.0 : i / 10.0});
            }
            DataException e = assertThrows(DataException.class, () -> cur.executeMany("INSERT INTO lit_err VALUES (%s, %s)", rows));
            assertEquals("22003", e.pgcode(), "numeric field overflow in the third statement");
            assertEquals(TransactionStatus.INERROR, c.transactionStatus());
            c.rollback();
            assertEquals(0L, cur.execute("SELECT count(*) FROM lit_err").fetchOne().get(0));
            c.commit();
            c.autocommit(true);
            assertThrows(DataException.class, () -> cur.executeMany("INSERT INTO lit_err VALUES (%s, %s)", rows));
            assertEquals(256L, cur.execute("SELECT count(*) FROM lit_err").fetchOne().get(0),
                    "autocommit: the two statements before the failing one are committed, nothing after");
            assertFalse(c.isExecuting());
            List<Object[]> bad = List.<Object[]>of(new Object[] {1000, "x"});
            DataException text = assertThrows(DataException.class, () -> cur.executeMany("INSERT INTO lit_err VALUES (%s, %s)", bad));
            assertEquals("22P02", text.pgcode(), text.getMessage());
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0), "the connection is usable");
        }
    }
}
