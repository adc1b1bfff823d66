package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.cast.Oid;
import dev.greenwire.cast.TypeCaster;
import dev.greenwire.internal.types.Casters;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * int4, int8, numeric, float8 and timestamptz text values read straight from the received bytes
 * (client-side binding, built-in typecasters) are exactly what the built-in typecaster makes of
 * the same text: same class, same value, same BigDecimal scale, same offset — edge values,
 * forms the fast path leaves to the typecaster (19 digits, NaN, BC, five-digit years), and
 * time zones with odd offsets.
 */
class TextValuesTest extends PgTest {
    private static final String[] INT4 = {"-2147483648", "2147483647", "0", "-1", "7", "1000000000", "NULL"};
    private static final String[] INT8 = {"-9223372036854775808", "9223372036854775807", "999999999999999999",
        "-999999999999999999", "1000000000000000000", "-5", "0", "NULL"};
    private static final String[] NUMERIC = {"'NaN'", "'Infinity'", "'-Infinity'", "0", "-0.00", "0.000001",
        "123456789012345678", "-123456789012345678", "1234567890123456789", "12345678901234567890.123456789",
        "-1.5", "1e-30", "333.33::numeric(12,2)", "1.10", "-0.5", "100", "NULL"};
    private static final String[] FLOAT8 = {"0", "-0", "1.5", "-1.5", "0.1", "0.3", "123456789012345",
        "-123456789012345", "1234567890123456", "0.000000000000000000001", "1e-300", "1e300", "'NaN'", "'Infinity'",
        "'-Infinity'", "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "0.000001", "9007199254740993",
        "14285.714285714286", "2.675", "100", "NULL"};
    private static final String[] TIMESTAMPTZ = {"'2024-02-29 12:34:56.789123'", "'2024-02-29 12:34:56'",
        "'2000-01-01 00:00:00.5'", "'1999-12-31 23:59:59.999999'", "'1850-06-01 12:00'", "'1900-01-01 00:00:00.01'",
        "'0044-03-15 12:00 BC'", "'12345-01-01 00:00'", "'0001-01-01 00:00'", "'infinity'", "'-infinity'", "NULL"};
    private static final String[] ZONES = {"UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Amsterdam",
        "Pacific/Chatham", "America/Los_Angeles", "Africa/Monrovia"};

    @Test
    void eachValueIsWhatTheBuiltInTypecasterMakesOfItsText() {
        try (Connection c = connect(ConnectOptions.builder().serverSideBinding(false).build())) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            int checked = 0;
            checked += check(cur, "int4", Oid.INT4, INT4);
            checked += check(cur, "int8", Oid.INT8, INT8);
            checked += check(cur, "numeric", Oid.NUMERIC, NUMERIC);
            checked += check(cur, "float8", Oid.FLOAT8, FLOAT8);
            for (String zone : ZONES) {
                cur.execute("SET TimeZone = %s", zone);
                checked += check(cur, "timestamptz", Oid.TIMESTAMPTZ, TIMESTAMPTZ);
            }
            assertEquals(INT4.length + INT8.length + NUMERIC.length + FLOAT8.length + ZONES.length * TIMESTAMPTZ.length, checked);
        }
    }

    @Test
    void manyRowsOfEachKindAgreeWithTheirText() {
        try (Connection c = connect(ConnectOptions.builder().serverSideBinding(false).build())) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("SET TimeZone = 'Asia/Kathmandu'");
            List<Row> rows = cur.execute("SELECT g, g * -1000000007::bigint, g / 7.0, (g / 3.0)::numeric(12, 2),"
                    + " TIMESTAMPTZ '2001-02-03 04:05:06.789' - g * interval '1 hour 1.001 second',"
                    + " g / 7.0::float8, g * 0.37::float8,"
                    + " g::text, (g * -1000000007::bigint)::text, (g / 7.0)::text, ((g / 3.0)::numeric(12, 2))::text,"
                    + " (TIMESTAMPTZ '2001-02-03 04:05:06.789' - g * interval '1 hour 1.001 second')::text,"
                    + " (g / 7.0::float8)::text, (g * 0.37::float8)::text"
                    + " FROM generate_series(-5000, 5000) g").fetchAll();
            assertEquals(10_001, rows.size());
            int[] oids = {Oid.INT4, Oid.INT8, Oid.NUMERIC, Oid.NUMERIC, Oid.TIMESTAMPTZ, Oid.FLOAT8, Oid.FLOAT8};
            for (Row r : rows) {
                for (int k = 0; k < oids.length; k++) {
                    Object expected = Casters.defaultFor(oids[k]).cast((String) r.get(k + oids.length), cur);
                    Object actual = r.get(k);
                    assertEquals(expected.getClass(), actual.getClass(), "column " + k + " of " + r);
                    assertEquals(expected, actual, "column " + k + " of " + r);
                }
            }
        }
    }

    private static int check(Cursor cur, String type, int oid, String[] values) {
        TypeCaster builtin = Casters.defaultFor(oid);
        int n = 0;
        for (String v : values) {
            String cast = v.contains("::") ? v : "(" + v + ")::" + type;
            Row r = cur.execute("SELECT " + cast + ", (" + cast + ")::text").fetchOne();
            String text = (String) r.get(1);
            Object expected = builtin.cast(text, cur);
            Object actual = r.get(0);
            if (expected == null) {
                assertEquals(null, actual, v);
            } else {
                assertEquals(expected.getClass(), actual.getClass(), v + " (" + text + ")");
                assertEquals(expected, actual, v + " (" + text + ")");
                if (actual instanceof java.time.OffsetDateTime t) {
                    assertEquals(((java.time.OffsetDateTime) expected).getOffset(), t.getOffset(), text);
                }
            }
            if (oid == Oid.INT4 && actual != null) {
                assertEquals(((Integer) expected).intValue(), r.getInt(0));
            }
            if (oid == Oid.INT8 && actual != null) {
                assertEquals(((Long) expected).longValue(), r.getLong(0));
            }
            assertTrue(r.get(0) == actual, "a column is decoded once");
            n++;
        }
        return n;
    }
}
