package dev.greenwire.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.PgTest;
import dev.greenwire.Row;
import dev.greenwire.cast.PgInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The session's output styles. Intervals read back in each of the server's four {@code IntervalStyle}s, as text (client-side
 * binding) and in binary (server-side binding): every value must come back as sent. The values
 * cover the shapes each style writes differently: mixed signs (sql_standard signs every field),
 * all fields negative (one leading sign), year-month only, day-time only, time only, zero.
 */
class SessionStylesTest extends PgTest {
    private static final int VALUES = 1200; // a multiple of 100 and of 6

    static List<PgInterval> values() {
        Random r = new Random(20261202L);
        List<PgInterval> out = new ArrayList<>(VALUES);
        while (out.size() < VALUES) {
            PgInterval v = Generators.interval(r);
            int m = Math.abs(v.months());
            int d = Math.abs(v.days());
            long us = Math.abs(v.micros());
            out.add(v);
            out.add(new PgInterval(-m, -d, -us)); // all negative
            out.add(new PgInterval(v.months(), 0, 0)); // year-month only
            out.add(new PgInterval(0, v.days(), v.micros())); // day-time only
            out.add(new PgInterval(0, -d, -us)); // day-time, negative
            out.add(new PgInterval(0, 0, v.micros())); // time only
        }
        out.set(0, PgInterval.ZERO);
        out.set(1, new PgInterval(0, 0, -500_000));
        out.set(2, new PgInterval(-12, 0, 0));
        return out;
    }

    @ParameterizedTest(name = "IntervalStyle {0}, server-side binding {1}")
    @CsvSource({"postgres, false", "postgres, true", "postgres_verbose, false", "postgres_verbose, true",
        "sql_standard, false", "sql_standard, true", "iso_8601, false", "iso_8601, true"})
    void everyIntervalComesBackAsSent(String style, boolean server) {
        List<PgInterval> values = values();
        int compared = 0;
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = server ? c.cursor(dev.greenwire.ServerCursor::new) : c.cursor();
            cur.execute("SET IntervalStyle = " + style);
            assertEquals(style, cur.execute("SHOW IntervalStyle").fetchOne().get(0));
            String sql = "SELECT " + String.join(", ", java.util.Collections.nCopies(100, "%s::interval"));
            if (server) {
                for (int k = 0; k < 6; k++) { // past the prepare threshold: every batch below is read in binary
                    cur.execute(sql, values.subList(0, 100).toArray());
                }
            }
            for (int from = 0; from + 100 <= values.size(); from += 100) {
                List<PgInterval> batch = values.subList(from, from + 100);
                Row row = cur.execute(sql, batch.toArray()).fetchOne();
                for (int i = 0; i < batch.size(); i++) {
                    assertEquals(batch.get(i), row.get(i), "value " + (from + i) + " as " + style);
                    compared++;
                }
                // an array's elements are always text: each in the session's style
                assertEquals(batch, cur.execute("SELECT %s::interval[]", batch).fetchOne().get(0),
                        "the array of values " + from + "… as " + style);
            }
        }
        assertEquals(values.size(), compared);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1 year 2 mons 3 days 04:05:06.789 | 14 | 3 | 14706789000",
        "-1 days +02:03:00 | 0 | -1 | 7380000000",
        "@ 1 year 2 mons 3 hours 1.5 secs ago | -14 | 0 | -10801500000",
        "@ 0 | 0 | 0 | 0",
        "1-2 | 14 | 0 | 0",
        "-1-2 | -14 | 0 | 0",
        "-1 2:00:00 | 0 | -1 | -7200000000",
        "+1-0 -2 +3:00:00 | 12 | -2 | 10800000000",
        "-0-1 +2 -0:00:00.5 | -1 | 2 | -500000",
        "0 | 0 | 0 | 0",
        "-4:05:06 | 0 | 0 | -14706000000",
        "P1Y2M3DT4H5M6.789S | 14 | 3 | 14706789000",
        "P-1DT-1H-59M-56.5S | 0 | -1 | -7196500000",
        "PT0S | 0 | 0 | 0",
        "PT-0.5S | 0 | 0 | -500000",
        "P2W | 0 | 14 | 0"})
    void eachStyleParses(String text, int months, int days, long micros) {
        assertEquals(new PgInterval(months, days, micros), PgInterval.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"P", "P1X", "PT1D", "P1", "P1.5Y", "1 2 3 4", "3 1-2", "1 fortnight",
        "1:2:3", "-", "1-", "@ 5"})
    void whatIsNoIntervalIsRefusedByName(String text) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PgInterval.parse(text));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("invalid interval: '" + text + "'"),
                e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aDateStyleOtherThanIsoIsNamedWhenADateCannotBeRead() {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("SET DateStyle = 'German, DMY'");
            dev.greenwire.DataException e = org.junit.jupiter.api.Assertions.assertThrows(dev.greenwire.DataException.class,
                    () -> cur.execute("SELECT date '2024-01-02' AS d").fetchOne().get(0));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'02.01.2024' of column 'd'")
                    && e.getMessage().contains("the session's DateStyle is 'German, DMY'")
                    && e.getMessage().contains("SET DateStyle = ISO"), e.getMessage());
            cur.execute("SET DateStyle = ISO");
            assertEquals(java.time.LocalDate.of(2024, 1, 2), cur.execute("SELECT date '2024-01-02'").fetchOne().get(0),
                    "the connection reads dates again once the style is ISO");
            dev.greenwire.DataException other = org.junit.jupiter.api.Assertions.assertThrows(dev.greenwire.DataException.class,
                    () -> cur.execute("SELECT 'x'::text::date").fetchOne());
            org.junit.jupiter.api.Assertions.assertFalse(other.getMessage().contains("DateStyle"), other.getMessage());
        }
    }
}
