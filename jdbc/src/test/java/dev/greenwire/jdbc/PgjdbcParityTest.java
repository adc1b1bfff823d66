package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every getter of greenwire-jdbc against pgjdbc's (the reference) on values of 48 types, read
 * by a plain statement (text) and by a prepared one (binary where each driver reads binary).
 * Where one driver gives a value the other must give the same, or a difference must fall in one
 * of the deliberate kinds below, each named in the README's "Coming from pgjdbc".
 */
class PgjdbcParityTest {
    private static final String[] VALUES = {"1::int2", "2147483647::int4", "9223372036854775807::int8", "1.50::numeric",
        "'NaN'::numeric", "12345678901234567890.123::numeric", "1.5::float4", "0.1::float8", "'NaN'::float8",
        "'Infinity'::float8", "true", "false", "'abc'::text", "'ab'::char(3)", "'x'::varchar", "''::text", "'12'::text",
        "'2.5'::text", "'true'::text", "'\\x00ff41'::bytea", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
        "'2024-01-02'::date", "'infinity'::date", "'0044-03-15 BC'::date", "'12:34:56.789'::time", "'24:00:00'::time",
        "'12:34:56+05:30'::timetz", "'2024-01-02 03:04:05.123456'::timestamp", "'infinity'::timestamp",
        "'2024-01-02 03:04:05.5+02'::timestamptz", "'1 day 02:03:04'::interval", "'{\"a\": 1}'::json",
        "'{\"a\": 1}'::jsonb", "'10.0.0.1/8'::inet", "'{1,2,NULL}'::int4[]", "'{a,\"b c\",NULL}'::text[]",
        "'{{1,2},{3,4}}'::int8[]", "'{1.5,NaN}'::float8[]", "'{t,f}'::bool[]", "'{2024-01-02}'::date[]", "12::oid",
        "'1.5'::money", "'<a/>'::xml", "'(1,2)'::point", "B'101'::bit(3)", "B'1'::bit(1)", "'abc'::name", "NULL::int4"};

    private interface Getter {
        Object get(ResultSet rs) throws SQLException;
    }

    private static final Map<String, Getter> GETTERS = new LinkedHashMap<>();

    static {
        GETTERS.put("getString", rs -> rs.getString(1));
        GETTERS.put("getObject", rs -> rs.getObject(1));
        GETTERS.put("getInt", rs -> rs.getInt(1));
        GETTERS.put("getLong", rs -> rs.getLong(1));
        GETTERS.put("getShort", rs -> rs.getShort(1));
        GETTERS.put("getByte", rs -> rs.getByte(1));
        GETTERS.put("getDouble", rs -> rs.getDouble(1));
        GETTERS.put("getFloat", rs -> rs.getFloat(1));
        GETTERS.put("getBigDecimal", rs -> rs.getBigDecimal(1));
        GETTERS.put("getBoolean", rs -> rs.getBoolean(1));
        GETTERS.put("getBytes", rs -> rs.getBytes(1));
        GETTERS.put("getDate", rs -> rs.getDate(1));
        GETTERS.put("getTime", rs -> rs.getTime(1));
        GETTERS.put("getTimestamp", rs -> rs.getTimestamp(1));
        GETTERS.put("getArray", rs -> rs.getArray(1) == null ? null : rs.getArray(1).getArray());
        for (Class<?> c : new Class<?>[] {String.class, Integer.class, Long.class, Double.class, java.math.BigDecimal.class,
            Boolean.class, byte[].class, java.time.LocalDate.class, java.time.LocalTime.class, java.time.LocalDateTime.class,
            java.time.OffsetDateTime.class, java.time.OffsetTime.class, java.util.UUID.class, java.sql.Timestamp.class,
            java.sql.Date.class, java.sql.Time.class}) {
            GETTERS.put("getObject(" + c.getSimpleName() + ")", rs -> rs.getObject(1, c));
        }
    }

    /** pgjdbc's own classes for values greenwire-jdbc gives as text (json, inet, bit…) or as its PgInterval. */
    private static final List<String> PGJDBC_OBJECTS = List.of("PGobject:", "PGpoint:", "PGInterval:", "PgSQLXML:");

    /** Conversions the JDBC 4.3 tables (B-5, B-6) do not list, which pgjdbc makes and greenwire-jdbc refuses. */
    private static final Set<String> STRICTER = Set.of(
            "'2024-01-02'::date getTime", "'0044-03-15 BC'::date getTime", "'12:34:56+05:30'::timetz getDate",
            "'12:34:56+05:30'::timetz getTimestamp", "'12:34:56+05:30'::timetz getObject(OffsetDateTime)",
            "''::text getByte", "'(1,2)'::point getArray", "'(1,2)'::point getBigDecimal", "'abc'::name getArray",
            "'{2024-01-02}'::date[] getDate");

    /** Numeric and time getters JDBC's tables allow on these types (beyond the booleans), which pgjdbc refuses. */
    private static final Set<String> LENIENT = Set.of("'1.5'::money getByte", "'infinity'::timestamp getTime");

    /**
     * @return why the two outcomes of {@code getter} on {@code value} may differ, or null when
     *         they may not
     */
    private static String deliberate(String value, boolean prepared, String getter, String gw, String pg) {
        boolean gwFails = gw.startsWith("fails"), pgFails = pg.startsWith("fails");
        if (!gwFails && pgFails && (getter.startsWith("getObject(") || value.equals("true") || value.equals("false")
                || LENIENT.contains(value + " " + getter))) {
            return "a conversion JDBC's tables allow, which pgjdbc refuses";
        }
        if (gwFails && !pgFails && STRICTER.contains(value + " " + getter)) {
            return "a conversion JDBC's tables do not list, which pgjdbc makes";
        }
        if (getter.equals("getObject") && PGJDBC_OBJECTS.stream().anyMatch(pg::startsWith)) {
            return "greenwire-jdbc gives text (or its PgInterval) where pgjdbc gives its own classes";
        }
        if (prepared && getter.equals("getBytes") && !value.endsWith("::bytea")) {
            return "pgjdbc's getBytes of a column it read in binary gives the binary form";
        }
        if (prepared && getter.equals("getString") && (value.endsWith("::bytea") || value.endsWith("[]")
                || value.endsWith("::timetz") || value.endsWith("::point"))) {
            return "pgjdbc's getString of a column it read in binary is not the server's text";
        }
        if (value.equals("'24:00:00'::time") || (value.equals("'infinity'::timestamp") && getter.equals("getTime"))) {
            return "the end of the day and infinity: greenwire-jdbc gives the latest time of the day";
        }
        return null;
    }

    @Test
    void everyGetterGivesWhatPgjdbcGivesOrADocumentedDifference() throws SQLException {
        Properties p = new Properties();
        Map<String, String> d = MetaDataTestSupport.dsn();
        p.setProperty("user", d.get("user"));
        if (d.containsKey("password")) {
            p.setProperty("password", d.get("password"));
        }
        List<String> undocumented = new ArrayList<>();
        Map<String, Integer> kinds = new LinkedHashMap<>();
        int same = 0;
        try (Connection gw = JdbcTestSupport.connect("prepareThreshold=1");
             Connection pg = new org.postgresql.Driver().connect(MetaDataTestSupport.pgjdbcUrl() + "?prepareThreshold=1", p)) {
            for (Connection c : new Connection[] {gw, pg}) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET TimeZone = 'UTC'");
                    st.execute("SET lc_monetary = 'C'");
                }
            }
            for (String value : VALUES) {
                for (boolean prepared : new boolean[] {false, true}) {
                    Map<String, String> a = outcomes(gw, value, prepared);
                    Map<String, String> b = outcomes(pg, value, prepared);
                    for (String getter : GETTERS.keySet()) {
                        String x = a.get(getter), y = b.get(getter);
                        if (x.equals(y) || (x.startsWith("fails") && y.startsWith("fails"))) {
                            same++;
                            continue;
                        }
                        String why = deliberate(value, prepared, getter, x, y);
                        if (why == null) {
                            undocumented.add(value + (prepared ? " prepared " : " plain ") + getter + ": greenwire-jdbc " + x
                                    + ", pgjdbc " + y);
                        } else {
                            kinds.merge(why, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), undocumented, "differences from pgjdbc that no deliberate kind covers");
        assertTrue(same > 1_500, "most outcomes agree: " + same);
        assertEquals(6, kinds.size(), "each deliberate kind still occurs: " + kinds);
    }

    /** @return each getter's outcome on {@code SELECT value}, read through a plain or a prepared statement */
    private static Map<String, String> outcomes(Connection c, String value, boolean prepared) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Getter> g : GETTERS.entrySet()) {
            String r;
            if (prepared) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + value + " WHERE ? = 1")) {
                    ps.setInt(1, 1);
                    for (int run = 0; run < 2; run++) { // prepareThreshold=1: binary from the third run
                        ps.executeQuery().close();
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        r = outcome(g.getValue(), rs);
                    }
                }
            } else {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + value)) {
                    assertTrue(rs.next());
                    r = outcome(g.getValue(), rs);
                }
            }
            out.put(g.getKey(), r);
        }
        return out;
    }

    private static String outcome(Getter g, ResultSet rs) {
        try {
            Object v = g.get(rs);
            return show(v) + (rs.wasNull() ? " (null)" : "");
        } catch (SQLException | RuntimeException e) {
            return "fails: " + e.getClass().getSimpleName();
        }
    }

    private static String show(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof byte[] b) {
            return "bytes" + Arrays.toString(b);
        }
        if (v instanceof Object[] a) {
            return v.getClass().getSimpleName() + Arrays.deepToString(a);
        }
        if (v instanceof java.sql.Array a) {
            try {
                return "Array of " + a.getBaseTypeName() + ": " + show(a.getArray());
            } catch (SQLException e) {
                return "Array (getArray fails)";
            }
        }
        return v.getClass().getSimpleName() + ":" + v;
    }
}
