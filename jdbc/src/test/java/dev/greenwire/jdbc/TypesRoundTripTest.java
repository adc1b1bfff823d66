package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every setter and getter, round-tripped through the server (a table column of each type, and SELECT ?). */
class TypesRoundTripTest {
    private static Connection c;

    @BeforeAll
    static void open() throws SQLException {
        c = JdbcTestSupport.connect();
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS rt; CREATE TABLE rt (id serial PRIMARY KEY, b bool, i2 int2, i4 int4,"
                    + " i8 int8, f4 float4, f8 float8, n numeric(20,5), t text, vc varchar(20), ch char(3), by bytea,"
                    + " d date, tm time, ttz timetz, ts timestamp, tstz timestamptz, u uuid, j jsonb, ip inet,"
                    + " iv interval, ai int[], at text[], ad date[], x xml)");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        c.close();
    }

    /** Inserts through {@code set} into column {@code col}, reads it back with the result set. */
    private interface Setter {
        void set(PreparedStatement ps) throws SQLException;
    }

    private interface Getter<T> {
        T get(ResultSet rs) throws SQLException;
    }

    private Object roundTrip(String col, Setter set, Getter<?> get) throws SQLException {
        int id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rt (" + col + ") VALUES (?) RETURNING id")) {
            set.set(ps);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                id = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + col + " FROM rt WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return get.get(rs);
            }
        }
    }

    @Test
    void scalars() throws SQLException {
        assertEquals(true, roundTrip("b", ps -> ps.setBoolean(1, true), rs -> rs.getBoolean(1)));
        assertEquals((Object) (short) -12, roundTrip("i2", ps -> ps.setShort(1, (short) -12), rs -> rs.getShort(1)));
        assertEquals((Object) (byte) 7, roundTrip("i2", ps -> ps.setByte(1, (byte) 7), rs -> rs.getByte(1)));
        assertEquals((Object) Integer.MIN_VALUE, roundTrip("i4", ps -> ps.setInt(1, Integer.MIN_VALUE), rs -> rs.getInt(1)));
        assertEquals((Object) Long.MAX_VALUE, roundTrip("i8", ps -> ps.setLong(1, Long.MAX_VALUE), rs -> rs.getLong(1)));
        assertEquals((Object) 1.5f, roundTrip("f4", ps -> ps.setFloat(1, 1.5f), rs -> rs.getFloat(1)));
        assertEquals((Object) Math.PI, roundTrip("f8", ps -> ps.setDouble(1, Math.PI), rs -> rs.getDouble(1)));
        assertTrue(Double.isNaN((Double) roundTrip("f8", ps -> ps.setDouble(1, Double.NaN), rs -> rs.getDouble(1))));
        assertEquals((Object) Double.NEGATIVE_INFINITY, roundTrip("f8", ps -> ps.setDouble(1, Double.NEGATIVE_INFINITY),
                rs -> rs.getDouble(1)));
        assertEquals(new BigDecimal("12345.67890"), roundTrip("n", ps -> ps.setBigDecimal(1, new BigDecimal("12345.6789")),
                rs -> rs.getBigDecimal(1)));
        assertEquals("héllo 'wörld' \\ ?", roundTrip("t", ps -> ps.setString(1, "héllo 'wörld' \\ ?"), rs -> rs.getString(1)));
        assertEquals("nstring", roundTrip("vc", ps -> ps.setNString(1, "nstring"), rs -> rs.getNString(1)));
        assertEquals("ab ", roundTrip("ch", ps -> ps.setString(1, "ab"), rs -> rs.getString(1)));
        byte[] bytes = {0, 1, 2, (byte) 0xff, 0x5c, 0x27};
        assertArrayEquals(bytes, (byte[]) roundTrip("by", ps -> ps.setBytes(1, bytes), rs -> rs.getBytes(1)));
        assertArrayEquals(bytes, (byte[]) roundTrip("by", ps -> ps.setBinaryStream(1, new ByteArrayInputStream(bytes)),
                rs -> {
                    try {
                        return rs.getBinaryStream(1).readAllBytes();
                    } catch (java.io.IOException e) {
                        throw new SQLException(e);
                    }
                }));
        assertEquals("reader", roundTrip("t", ps -> ps.setCharacterStream(1, new StringReader("reader")),
                rs -> {
                    java.io.StringWriter w = new java.io.StringWriter();
                    try {
                        rs.getCharacterStream(1).transferTo(w);
                    } catch (java.io.IOException e) {
                        throw new SQLException(e);
                    }
                    return w.toString();
                }));
        assertEquals("ascii", roundTrip("t", ps -> ps.setAsciiStream(1, new ByteArrayInputStream(
                "ascii".getBytes(StandardCharsets.US_ASCII))), rs -> {
                    try {
                        return new String(rs.getAsciiStream(1).readAllBytes(), StandardCharsets.US_ASCII);
                    } catch (java.io.IOException e) {
                        throw new SQLException(e);
                    }
                }));
        UUID u = UUID.randomUUID();
        assertEquals(u, roundTrip("u", ps -> ps.setObject(1, u), rs -> rs.getObject(1)));
        assertEquals(u, roundTrip("u", ps -> ps.setObject(1, u), rs -> rs.getObject(1, UUID.class)));
        assertEquals("{\"a\": [1, 2]}", roundTrip("j", ps -> ps.setObject(1, "{\"a\":[1,2]}", Types.OTHER),
                rs -> rs.getObject(1)));
        assertEquals("10.1.2.3", roundTrip("ip", ps -> ps.setObject(1, "10.1.2.3", Types.OTHER), rs -> rs.getObject(1)));
        assertEquals("26:00:00", roundTrip("iv", ps -> ps.setObject(1, java.time.Duration.ofHours(26)),
                rs -> rs.getString(1)));
        assertEquals("<a>x</a>", roundTrip("x", ps -> ps.setObject(1, "<a>x</a>", Types.SQLXML), rs -> rs.getString(1)));
    }

    @Test
    void nullsThroughEverySetter() throws SQLException {
        // typed as pgjdbc types them: each must be assignable to the int column
        int[] types = {Types.INTEGER, Types.NULL, Types.OTHER, Types.BIGINT, Types.SMALLINT, Types.NUMERIC, Types.DOUBLE};
        for (int t : types) {
            Object got = roundTrip("i4", ps -> ps.setNull(1, t), rs -> {
                int v = rs.getInt(1);
                assertTrue(rs.wasNull());
                assertEquals(0, v);
                return rs.getObject(1);
            });
            assertNull(got, "setNull with " + JDBCType.valueOf(t));
        }
        assertNull(roundTrip("t", ps -> ps.setString(1, null), rs -> rs.getString(1)));
        assertNull(roundTrip("by", ps -> ps.setBytes(1, null), rs -> rs.getBytes(1)));
        assertNull(roundTrip("ts", ps -> ps.setTimestamp(1, null), rs -> rs.getTimestamp(1)));
        assertNull(roundTrip("n", ps -> ps.setObject(1, null), rs -> rs.getBigDecimal(1)));
        // an untyped NULL where the server cannot infer the type from the context: Types.NULL stays untyped
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::int IS NULL, ? IS NULL")) {
            ps.setNull(1, Types.NULL);
            ps.setNull(2, Types.INTEGER);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertTrue(rs.getBoolean(1));
                assertTrue(rs.getBoolean(2));
            }
        }
    }

    @Test
    void javaTime() throws SQLException {
        LocalDate d = LocalDate.of(2024, 2, 29);
        LocalTime t = LocalTime.of(13, 14, 15, 123_456_000);
        LocalDateTime ldt = LocalDateTime.of(d, t);
        OffsetDateTime odt = OffsetDateTime.of(ldt, ZoneOffset.ofHoursMinutes(5, 30));
        OffsetTime ot = OffsetTime.of(t, ZoneOffset.ofHours(-3));
        assertEquals(d, roundTrip("d", ps -> ps.setObject(1, d), rs -> rs.getObject(1, LocalDate.class)));
        assertEquals(t, roundTrip("tm", ps -> ps.setObject(1, t), rs -> rs.getObject(1, LocalTime.class)));
        assertEquals(ldt, roundTrip("ts", ps -> ps.setObject(1, ldt), rs -> rs.getObject(1, LocalDateTime.class)));
        assertEquals(odt.toInstant(), ((OffsetDateTime) roundTrip("tstz", ps -> ps.setObject(1, odt),
                rs -> rs.getObject(1, OffsetDateTime.class))).toInstant());
        assertEquals(ZoneOffset.UTC, ((OffsetDateTime) roundTrip("tstz", ps -> ps.setObject(1, odt),
                rs -> rs.getObject(1, OffsetDateTime.class))).getOffset());
        assertEquals(odt.toInstant(), roundTrip("tstz", ps -> ps.setObject(1, odt.toInstant()),
                rs -> rs.getObject(1, Instant.class)));
        assertEquals(ot, roundTrip("ttz", ps -> ps.setObject(1, ot), rs -> rs.getObject(1, OffsetTime.class)));
        assertEquals(ldt, roundTrip("ts", ps -> ps.setObject(1, ldt, Types.TIMESTAMP),
                rs -> rs.getObject(1, LocalDateTime.class)));
        assertEquals(odt.toInstant(), roundTrip("tstz", ps -> ps.setObject(1, odt, JDBCType.TIMESTAMP_WITH_TIMEZONE),
                rs -> rs.getObject(1, Instant.class)));
        // infinity and BC
        assertEquals(LocalDate.MAX, roundTrip("d", ps -> ps.setObject(1, LocalDate.MAX), rs -> rs.getObject(1, LocalDate.class)));
        assertEquals(LocalDateTime.MIN, roundTrip("ts", ps -> ps.setObject(1, LocalDateTime.MIN),
                rs -> rs.getObject(1, LocalDateTime.class)));
        LocalDate bc = LocalDate.of(-43, 3, 15);
        assertEquals(bc, roundTrip("d", ps -> ps.setObject(1, bc), rs -> rs.getObject(1, LocalDate.class)));
        assertEquals("0044-03-15 BC", roundTrip("d", ps -> ps.setObject(1, bc), rs -> rs.getString(1)));
    }

    @Test
    void sqlDatesTimesAndCalendars() throws SQLException {
        Timestamp ts = Timestamp.valueOf("2023-07-08 09:10:11.123456");
        assertEquals(ts, roundTrip("ts", ps -> ps.setTimestamp(1, ts), rs -> rs.getTimestamp(1)));
        assertEquals(ts, roundTrip("tstz", ps -> ps.setTimestamp(1, ts), rs -> rs.getTimestamp(1)));
        Date d = Date.valueOf("2023-07-08");
        assertEquals(d, roundTrip("d", ps -> ps.setDate(1, d), rs -> rs.getDate(1)));
        Time t = Time.valueOf("09:10:11");
        assertEquals(t, roundTrip("tm", ps -> ps.setTime(1, t), rs -> rs.getTime(1)));
        // a Calendar names the zone the wall-clock value is in
        Calendar tokyo = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));
        Timestamp instant = Timestamp.from(Instant.parse("2023-07-08T00:00:00Z"));
        assertEquals("2023-07-08 09:00:00", roundTrip("ts", ps -> ps.setTimestamp(1, instant, tokyo), rs -> rs.getString(1)));
        assertEquals(instant, roundTrip("ts", ps -> ps.setTimestamp(1, instant, tokyo), rs -> rs.getTimestamp(1, tokyo)));
        assertEquals(instant, roundTrip("tstz", ps -> ps.setTimestamp(1, instant, tokyo), rs -> rs.getTimestamp(1, tokyo)));
        // getters across types
        assertEquals(Date.valueOf("2023-07-08"), roundTrip("ts", ps -> ps.setTimestamp(1, ts), rs -> rs.getDate(1)));
        assertEquals(Timestamp.valueOf("2023-07-08 00:00:00"), roundTrip("d", ps -> ps.setDate(1, d), rs -> rs.getTimestamp(1)));
        assertEquals(ts, roundTrip("ts", ps -> ps.setTimestamp(1, ts), rs -> rs.getObject(1)));
        assertEquals(d, roundTrip("d", ps -> ps.setDate(1, d), rs -> rs.getObject(1)));
    }

    @Test
    void arrays() throws SQLException {
        Integer[] ints = {1, null, 3};
        Array got = (Array) roundTrip("ai", ps -> ps.setArray(1, c.createArrayOf("int4", ints)), rs -> rs.getArray(1));
        assertEquals("int4", got.getBaseTypeName());
        assertEquals(Types.INTEGER, got.getBaseType());
        assertArrayEquals(ints, (Integer[]) got.getArray());
        assertArrayEquals(new Integer[] {3}, (Integer[]) got.getArray(3, 1));
        try (ResultSet rs = got.getResultSet()) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertEquals(1, rs.getInt(2));
            assertTrue(rs.next());
            assertNull(rs.getObject(2));
        }
        String[] texts = {"a b", "c\"d", "e\\f", null, "NULL", ""};
        Array t = (Array) roundTrip("at", ps -> ps.setObject(1, texts), rs -> rs.getArray(1));
        assertArrayEquals(texts, (String[]) t.getArray());
        assertArrayEquals(new int[] {4, 5}, toInts((Integer[]) roundTrip("ai", ps -> ps.setObject(1, new int[] {4, 5}),
                rs -> rs.getArray(1).getArray())));
        Date[] dates = {Date.valueOf("2020-01-01"), Date.valueOf("2021-12-31")};
        assertArrayEquals(dates, (Object[]) roundTrip("ad", ps -> ps.setObject(1, c.createArrayOf("date", dates)),
                rs -> rs.getArray(1).getArray()));
        // nested
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::int[]")) {
            ps.setObject(1, new Integer[][] {{1, 2}, {3, 4}});
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                Integer[][] nested = (Integer[][]) rs.getArray(1).getArray();
                assertEquals(4, nested[1][1]);
                assertEquals("{{1,2},{3,4}}", rs.getString(1));
            }
        }
    }

    private static int[] toInts(Integer[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    @Test
    void setObjectWithTargetTypesConverts() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?, ?, ?, ?, ?, ?, ?, ?")) {
            ps.setObject(1, "42", Types.INTEGER);
            ps.setObject(2, 7, Types.VARCHAR);
            ps.setObject(3, "true", Types.BOOLEAN);
            ps.setObject(4, 3.14159, Types.NUMERIC, 2);
            ps.setObject(5, LocalDate.of(2020, 5, 6), Types.DATE);
            ps.setObject(6, 1, Types.BIT);
            ps.setObject(7, "2020-05-06 07:08:09", Types.TIMESTAMP);
            ps.setObject(8, 12L, Types.SMALLINT);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(42, rs.getObject(1));
                assertEquals("7", rs.getObject(2));
                assertEquals(Boolean.TRUE, rs.getObject(3));
                assertEquals(new BigDecimal("3.14"), rs.getObject(4));
                assertEquals(Date.valueOf("2020-05-06"), rs.getObject(5));
                assertEquals(Boolean.TRUE, rs.getObject(6));
                assertEquals(Timestamp.valueOf("2020-05-06 07:08:09"), rs.getObject(7));
                assertEquals(12, rs.getObject(8));
                assertEquals(java.sql.Types.SMALLINT, rs.getMetaData().getColumnType(8));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
            SQLException e = assertThrows(SQLException.class, () -> ps.setObject(1, 70000, Types.SMALLINT));
            assertEquals("22003", e.getSQLState());
            e = assertThrows(SQLException.class, () -> ps.setObject(1, new Object()));
            assertTrue(e.getMessage().contains("can't infer the SQL type"), e.getMessage());
        }
    }

    @Test
    void gettersConvertAcrossTypes() throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT 42::int8, '1.9'::numeric, 't'::bool, 1::int, 'x'::text, 300::int, '\\x00ff'::bytea, NULL::int,"
                        + " 2147483648::int8")) {
            assertTrue(rs.next());
            assertEquals("42", rs.getString(1));
            assertEquals(42.0, rs.getDouble(1));
            assertEquals(new BigDecimal("42"), rs.getBigDecimal(1));
            assertEquals(1, rs.getInt(2));
            assertEquals(1, rs.getInt(3));
            assertTrue(rs.getBoolean(4));
            assertEquals("bad value for type int: x", assertThrows(SQLException.class, () -> rs.getInt(5)).getMessage());
            assertEquals("22003", assertThrows(SQLException.class, () -> rs.getByte(6)).getSQLState());
            assertArrayEquals(new byte[] {0, (byte) 0xff}, rs.getBytes(7));
            assertEquals("\\x00ff", rs.getString(7));
            assertNull(rs.getObject(8, Integer.class));
            assertTrue(rs.wasNull());
            assertEquals(0L, rs.getLong(8));
            assertEquals("22003", assertThrows(SQLException.class, () -> rs.getInt(9)).getSQLState());
            assertEquals(2147483648L, rs.getObject(9));
            assertEquals(Long.class, rs.getObject(9).getClass());
        }
    }

    @Test
    void moneyReadsWithItsScale() throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET lc_monetary = 'C'");
            try (ResultSet rs = st.executeQuery("SELECT '1.5'::money, '-1234.5'::money, '92233720368547758.07'::money,"
                    + " NULL::money")) {
                assertTrue(rs.next());
                assertEquals(new BigDecimal("1.50"), rs.getBigDecimal(1), rs.getString(1));
                assertEquals(1.5, rs.getObject(1));
                assertEquals(1, rs.getInt(1));
                assertEquals(new BigDecimal("-1234.50"), rs.getBigDecimal(2), rs.getString(2));
                assertEquals(-1234L, rs.getLong(2));
                assertEquals(-1234.5, rs.getDouble(2));
                assertEquals(new BigDecimal("92233720368547758.07"), rs.getBigDecimal(3));
                assertEquals(92233720368547758L, rs.getLong(3));
                assertEquals("22003", assertThrows(SQLException.class, () -> rs.getInt(3)).getSQLState());
                assertNull(rs.getBigDecimal(4));
                assertEquals(0, rs.getInt(4));
                assertTrue(rs.wasNull());
            }
        }
    }

    @Test
    void unsetParameterIsAClearError() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?, ?")) {
            ps.setInt(1, 1);
            SQLException e = assertThrows(SQLException.class, ps::executeQuery);
            assertEquals("no value specified for parameter 2", e.getMessage());
            assertThrows(SQLException.class, () -> ps.setInt(3, 1));
        }
    }
}
