package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Integer and floating-point columns of prepared statements travel in binary
 * ({@code binaryTransfer}, on by default): every getter gives what it gives for the same column
 * in text, and the text of a float is the server's own.
 */
class BinaryResultsTest {
    private static final String[] FLOAT8 = {"0", "-0", "1", "-1.5", "100", "0.1", "0.3333333333333333", "1e14", "1e15",
        "123456789012345.6", "1234567890123456", "0.0001", "0.00001", "1.5e-7", "-2.5e-05", "1e300", "5e-324",
        "1.7976931348623157e308", "4503599627370497", "NaN", "Infinity", "-Infinity", "2147483648", "-9.75"};
    private static final String[] FLOAT4 = {"0", "-0", "1.5", "100000", "123456", "1234567", "1e6", "0.1", "0.0001",
        "0.00001", "3.4028235e38", "1e-45", "NaN", "-Infinity", "-7.25"};
    private static final String[] INTS = {"0", "1", "-1", "127", "32767", "-32768", "2147483647", "-2147483648",
        "2147483648", "9223372036854775807", "-9223372036854775808"};

    @Test
    void floatTextIsTheServersText() throws SQLException {
        try (Connection c = JdbcTestSupport.connect("prepareThreshold=1")) {
            for (String type : new String[] {"float8", "float4"}) {
                String[] values = type.equals("float8") ? FLOAT8 : FLOAT4;
                try (PreparedStatement ps = c.prepareStatement("SELECT v, v::text FROM unnest(?::" + type + "[]) v")) {
                    ps.setArray(1, c.createArrayOf(type, values));
                    for (int run = 0; run < 3; run++) { // prepareThreshold=1: named on the second, binary from the third
                        try (ResultSet rs = ps.executeQuery()) {
                            assertEquals(run == 2 ? 1 : 0, ((GwResultSet) rs).fields[0].format(),
                                    type + ": read in binary once the statement is prepared");
                            int n = 0;
                            while (rs.next()) {
                                assertEquals(rs.getString(2), rs.getString(1), type + " value " + values[n]);
                                n++;
                            }
                            assertEquals(values.length, n);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyGetterGivesWhatTextGives() throws SQLException {
        String sql = "SELECT i2, i4, i8, f4, f8 FROM (SELECT CASE WHEN abs(v) <= 32767 THEN v::int2 END i2,"
                + " CASE WHEN abs(v) <= 2147483647 THEN v::int4 END i4, v::int8 i8, v::float4 f4, (v / 4.0)::float8 f8"
                + " FROM unnest(?::numeric[]) v) s";
        String[] values = Arrays.stream(INTS).filter(v -> !v.startsWith("-9223")).toArray(String[]::new);
        assertBinaryGivesWhatTextGives(sql, "numeric", values, 5);
    }

    /**
     * Reads {@code sql} (its one parameter an array of {@code values}) through a connection that
     * reads text and one that reads binary, and asserts that every getter gives the same on each row.
     */
    private static void assertBinaryGivesWhatTextGives(String sql, String arrayType, String[] values, int columns)
            throws SQLException {
        try (Connection text = JdbcTestSupport.connect("prepareThreshold=1&binaryTransfer=false");
             Connection bin = JdbcTestSupport.connect("prepareThreshold=1")) {
            List<List<String>> expected = readAll(text, sql, arrayType, values, columns, 0);
            List<List<String>> actual = readAll(bin, sql, arrayType, values, columns, 1);
            assertEquals(values.length, expected.size());
            for (int r = 0; r < expected.size(); r++) {
                assertEquals(expected.get(r), actual.get(r), "row of " + values[r]);
            }
        }
    }

    @Test
    void integerLimitsAndBinaryTransferOff() throws SQLException {
        try (Connection c = JdbcTestSupport.connect("prepareThreshold=1");
             PreparedStatement ps = c.prepareStatement("SELECT v::int8, v::int8::text FROM unnest(?::text[]) v")) {
            ps.setArray(1, c.createArrayOf("text", INTS));
            for (int run = 0; run < 3; run++) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(run == 2 ? 1 : 0, ((GwResultSet) rs).fields[0].format());
                    while (rs.next()) {
                        assertEquals(rs.getString(2), rs.getString(1));
                        assertEquals(Long.valueOf(rs.getString(2)), rs.getObject(1));
                        long v = rs.getLong(1);
                        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                            assertEquals((int) v, rs.getInt(1));
                        } else {
                            SQLException e = assertThrows(SQLException.class, () -> rs.getInt(1));
                            assertEquals("22003", e.getSQLState());
                            assertTrue(e.getMessage().contains(rs.getString(2)), e.getMessage());
                        }
                    }
                }
            }
        }
        try (Connection c = JdbcTestSupport.connect("prepareThreshold=1&binaryTransfer=false");
             PreparedStatement ps = c.prepareStatement("SELECT 1::int4")) {
            for (int run = 0; run < 3; run++) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(0, ((GwResultSet) rs).fields[0].format(), "binaryTransfer=false keeps text");
                    assertTrue(rs.next());
                    assertEquals(1, rs.getInt(1));
                }
            }
        }
    }

    @Test
    void timeGivesWhatTextGives() throws SQLException {
        String[] values = {"00:00:00", "12:34:56.789", "23:59:59.999999", "24:00:00", "13:00:00.5", "07:08:09.000001", null};
        String sql = "SELECT v::time, v::time::text FROM unnest(?::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n";
        java.util.Calendar tokyo = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("Asia/Tokyo"));
        List<List<String>> got = new ArrayList<>();
        for (String props : new String[] {"prepareThreshold=1&binaryTransfer=false", "prepareThreshold=1"}) {
            try (Connection c = JdbcTestSupport.connect(props); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("text", values));
                ps.executeQuery().close();
                ps.executeQuery().close();
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(props.contains("false") ? 0 : 1, ((GwResultSet) rs).fields[0].format());
                    while (rs.next()) {
                        assertEquals(rs.getString(2), rs.getString(1), "the server's text");
                        out.add(outcome(() -> rs.getString(1) + "/" + rs.wasNull()));
                        out.add(outcome(() -> rs.getObject(1)));
                        out.add(outcome(() -> rs.getTime(1)));
                        out.add(outcome(() -> rs.getTime(1, tokyo).getTime()));
                        out.add(outcome(() -> rs.getTimestamp(1)));
                        out.add(outcome(() -> rs.getDate(1)));
                        out.add(outcome(() -> rs.getBytes(1)));
                        out.add(outcome(() -> rs.getInt(1)));
                        for (Class<?> type : new Class<?>[] {java.time.LocalTime.class, java.time.LocalDateTime.class,
                            java.time.OffsetTime.class, java.sql.Time.class, String.class}) {
                            out.add(outcome(() -> rs.getObject(1, type)));
                        }
                    }
                }
                got.add(out);
            }
        }
        assertEquals(got.get(0), got.get(1));
    }

    @Test
    void binaryTransferDisableKeepsTheTypesItNamesInText() throws SQLException {
        try (Connection c = JdbcTestSupport.connect("prepareThreshold=1&binaryTransferDisable=timestamptz,INT4,1700&binaryTransferEnable=uuid");
             PreparedStatement ps = c.prepareStatement("SELECT 1::int4, 2::int8, now(), 1.5::numeric, 2.5::float8 WHERE ? = 1")) {
            assertFormatsByRun(ps, new int[] {0, 1, 0, 0, 1}, rs -> {
                assertEquals(1, rs.getInt(1));
                assertEquals(new BigDecimal("1.5"), rs.getBigDecimal(4));
            });
        }
        // text is only ever read in binary inside arrays: naming it (or varchar) keeps those arrays in text
        try (Connection c = JdbcTestSupport.connect("prepareThreshold=1&binaryTransferDisable=text,1043");
             PreparedStatement ps = c.prepareStatement("SELECT '{a}'::text[], '{b}'::varchar[], '{c}'::name[], 'd'::text,"
                     + " '{1}'::int4[] WHERE ? = 1")) {
            assertFormatsByRun(ps, new int[] {0, 0, 1, 0, 1}, rs -> {
                assertEquals("{c}", rs.getString(3));
                assertArrayEquals(new String[] {"c"}, (String[]) rs.getArray(3).getArray());
            });
        }
        for (String bad : new String[] {"binaryTransferDisable=json", "binaryTransferEnable=114", "binaryTransferDisable=int4,,xml",
            "binaryTransferEnable=99999999999"}) {
            SQLException e = assertThrows(SQLException.class, () -> JdbcTestSupport.connect(bad).close(), bad);
            String named = bad.substring(bad.lastIndexOf(bad.contains(",") ? ',' : '=') + 1);
            assertTrue(e.getMessage().contains("\"" + named + "\" is not a type read in binary"), e.getMessage());
        }
    }

    /** A check of a result's row. */
    private interface RowCheck {
        void check(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code ps} (prepareThreshold=1, its parameter 1) three times: every column in text on
     * the first two runs, {@code third} the formats of the third; {@code check} on each row.
     */
    private static void assertFormatsByRun(PreparedStatement ps, int[] third, RowCheck check) throws SQLException {
        ps.setInt(1, 1);
        for (int run = 0; run < 3; run++) {
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                int[] formats = Arrays.stream(((GwResultSet) rs).fields).mapToInt(f -> f.format()).toArray();
                assertArrayEquals(run == 2 ? third : new int[third.length], formats, "run " + run);
                check.check(rs);
            }
        }
    }

    private static final String[] NUMERICS = {"0", "0.00", "-1.50", "100", "-0.001", "1e-20", "12345678901234567.5",
        "99999999999999999999", "123456789012345678901234567890.123456789", "0.1000", "NaN", "Infinity", "-Infinity",
        "2147483647.00", null};

    @Test
    void numericGivesWhatTextGives() throws SQLException {
        String sql = "SELECT v::numeric FROM unnest(?::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n";
        assertBinaryGivesWhatTextGives(sql, "text", NUMERICS, 1);
        try (Connection bin = JdbcTestSupport.connect("prepareThreshold=1");
             PreparedStatement ps = bin.prepareStatement("SELECT v::numeric, v::numeric::text FROM unnest(?::text[]) v")) {
            ps.setArray(1, bin.createArrayOf("text", NUMERICS));
            for (int run = 0; run < 3; run++) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(run == 2 ? 1 : 0, ((GwResultSet) rs).fields[0].format());
                    while (rs.next()) {
                        assertEquals(rs.getString(2), rs.getString(1), "the server's text");
                    }
                }
            }
        }
    }

    @Test
    void uuidAndBooleanGiveWhatTextGives() throws SQLException {
        String sql = "SELECT CASE WHEN v LIKE '%-%' THEN v::uuid END, CASE WHEN v NOT LIKE '%-%' THEN v::bool END"
                + " FROM unnest(?::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n";
        String[] values = {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00000000-0000-0000-0000-000000000000",
            "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "t", "f", "true", "no", null};
        assertBinaryGivesWhatTextGives(sql, "text", values, 2);
    }

    @Test
    void streamedRowsThroughAPortalAreReadInBinaryToo() throws SQLException {
        try (Connection c = JdbcTestSupport.connect("prepareThreshold=1")) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT g, g * 1.5::float8, (g / 4.0)::numeric(10,2),"
                    + " date '2000-01-01' + g FROM generate_series(1, ?) g")) {
                ps.setFetchSize(7);
                ps.setInt(1, 100);
                for (int run = 0; run < 3; run++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        assertEquals(run == 2 ? 1 : 0, ((GwResultSet) rs).fields[0].format());
                        int n = 0;
                        while (rs.next()) {
                            n++;
                            assertEquals(n, rs.getInt(1));
                            assertEquals(n * 1.5, rs.getDouble(2));
                            assertEquals(new BigDecimal(n).divide(new BigDecimal(4), 2, java.math.RoundingMode.HALF_UP),
                                    rs.getBigDecimal(3));
                            assertEquals(java.time.LocalDate.of(2000, 1, 1).plusDays(n), rs.getObject(4, java.time.LocalDate.class));
                        }
                        assertEquals(100, n, "every row, fetched 7 at a time");
                    }
                }
            }
            c.rollback();
        }
    }

    @Test
    void byteaGivesWhatTextGives() throws SQLException {
        java.util.Random random = new java.util.Random(42);
        byte[] big = new byte[20_000];
        random.nextBytes(big);
        String[] values = {"", "00", "ff", "00ff41", "5c78", "0a0d09275c22", java.util.HexFormat.of().formatHex(big), null};
        String sql = "SELECT decode(v, 'hex') FROM unnest(?::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n";
        assertBinaryGivesWhatTextGives(sql, "text", values, 1);
        try (Connection bin = JdbcTestSupport.connect("prepareThreshold=1");
             PreparedStatement ps = bin.prepareStatement("SELECT decode(v, 'hex'), decode(v, 'hex')::text, v"
                     + " FROM unnest(?::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n")) {
            ps.setArray(1, bin.createArrayOf("text", values));
            for (int run = 0; run < 3; run++) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(run == 2 ? 1 : 0, ((GwResultSet) rs).fields[0].format());
                    int n = 0;
                    while (rs.next()) {
                        assertEquals(rs.getString(2), rs.getString(1), "the server's text (hex bytea_output)");
                        byte[] expected = rs.getString(3) == null ? null : java.util.HexFormat.of().parseHex(rs.getString(3));
                        assertArrayEquals(expected, rs.getBytes(1), "row " + n);
                        assertArrayEquals(expected, rs.getObject(1, byte[].class));
                        try (java.io.InputStream in = rs.getBinaryStream(1)) {
                            assertArrayEquals(expected, in == null ? null : in.readAllBytes());
                        } catch (java.io.IOException e) {
                            throw new AssertionError(e);
                        }
                        n++;
                    }
                    assertEquals(values.length, n);
                }
            }
            ps.setMaxFieldSize(3);
            try (ResultSet rs = ps.executeQuery()) {
                assertEquals(1, ((GwResultSet) rs).fields[0].format());
                for (String v : values) {
                    assertTrue(rs.next());
                    byte[] whole = v == null ? null : java.util.HexFormat.of().parseHex(v);
                    assertArrayEquals(whole == null ? null : Arrays.copyOf(whole, Math.min(3, whole.length)), rs.getBytes(1),
                            "maxFieldSize cuts a bytea");
                }
            }
        }
    }

    @Test
    void byteaReadInBinaryIgnoresTheSessionsByteaOutput() throws SQLException {
        // bytea_output is not reported to clients: getString of a bytea read in binary gives the hex
        // form, the server's default; getBytes is right in either format
        try (Connection text = JdbcTestSupport.connect("prepareThreshold=1&binaryTransfer=false");
             Connection bin = JdbcTestSupport.connect("prepareThreshold=1")) {
            for (Connection c : new Connection[] {text, bin}) {
                try (var st = c.createStatement()) {
                    st.execute("SET bytea_output = escape");
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT '\\x00ff5c41'::bytea")) {
                    for (int run = 0; run < 3; run++) {
                        try (ResultSet rs = ps.executeQuery()) {
                            assertTrue(rs.next());
                            assertArrayEquals(new byte[] {0, (byte) 0xff, '\\', 'A'}, rs.getBytes(1));
                            String expected = c == bin && run == 2 ? "\\x00ff5c41" : "\\000\\377\\\\A";
                            assertEquals(expected, rs.getString(1));
                        }
                    }
                }
            }
        }
    }

    @Test
    void timetzIntervalAndOidGiveWhatTextGives() throws SQLException {
        String[] timetz = {"00:00:00+00", "12:34:56.789-08", "23:59:59.999999+14", "24:00:00-15:59", "13:00:00.5+05:30",
            "07:08:09.000001+00:19:32", "01:02:03-03:30", null};
        String[] intervals = {"0", "1 year 2 mons 3 days 04:05:06.789", "-1 days +02:03:00", "-00:00:00.000001",
            "-178000000 years", "2562047788:00:54.775807", "-2562047788:00:54.775807", "1 mon -1 days", "@ 3 secs ago", null};
        String[] oids = {"0", "1", "2147483647", "2147483648", "4294967295", null};
        int rows = Math.max(timetz.length, Math.max(intervals.length, oids.length));
        String sql = "SELECT t::timetz, i::interval, o::oid, t::timetz::text, i::interval::text, o::oid::text"
                + " FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS u(t, i, o, n) ORDER BY n";
        java.util.Calendar tokyo = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("Asia/Tokyo"));
        List<List<String>> got = new ArrayList<>();
        for (String props : new String[] {"prepareThreshold=1&binaryTransfer=false", "prepareThreshold=1"}) {
            try (Connection c = JdbcTestSupport.connect(props); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("text", timetz));
                ps.setArray(2, c.createArrayOf("text", intervals));
                ps.setArray(3, c.createArrayOf("text", oids));
                ps.executeQuery().close();
                ps.executeQuery().close(); // prepareThreshold=1: named on the second, binary from the third
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    for (int col = 1; col <= 3; col++) {
                        assertEquals(props.contains("false") ? 0 : 1, ((GwResultSet) rs).fields[col - 1].format(), "column " + col);
                    }
                    int n = 0;
                    while (rs.next()) {
                        n++;
                        for (int col = 1; col <= 3; col++) {
                            int k = col;
                            assertEquals(rs.getString(k + 3), rs.getString(k), "the server's text, column " + k + ", row " + n);
                            out.add(outcome(() -> rs.getString(k) + "/" + rs.wasNull()));
                            out.add(outcome(() -> rs.getObject(k)));
                            out.add(outcome(() -> rs.getObject(k) == null ? null : rs.getObject(k).getClass().getSimpleName()));
                            out.add(outcome(() -> rs.getTime(k)));
                            out.add(outcome(() -> rs.getTime(k, tokyo) == null ? null : rs.getTime(k, tokyo).getTime()));
                            out.add(outcome(() -> rs.getTimestamp(k)));
                            out.add(outcome(() -> rs.getBytes(k) == null ? null : new String(rs.getBytes(k))));
                            out.add(outcome(() -> rs.getInt(k) + "/" + rs.wasNull()));
                            out.add(outcome(() -> rs.getLong(k)));
                            out.add(outcome(() -> rs.getDouble(k)));
                            out.add(outcome(() -> rs.getBigDecimal(k)));
                            for (Class<?> type : new Class<?>[] {java.time.OffsetTime.class, java.time.LocalTime.class,
                                java.sql.Time.class, dev.greenwire.cast.PgInterval.class, java.time.Duration.class,
                                String.class, Long.class, Integer.class}) {
                                out.add(outcome(() -> rs.getObject(k, type)));
                            }
                        }
                    }
                    assertEquals(rows, n);
                }
                got.add(out);
            }
        }
        assertEquals(got.get(0).size(), got.get(1).size());
        for (int i = 0; i < got.get(0).size(); i++) {
            int perColumn = got.get(0).size() / rows / 3;
            assertEquals(got.get(0).get(i), got.get(1).get(i), "row " + (i / perColumn / 3 + 1) + ", column "
                    + (i / perColumn % 3 + 1) + ", getter " + (i % perColumn) + ": binary gives what text gives");
        }
        assertTrue(got.get(1).contains("4294967295"), "an oid above 2^31 is unsigned: " + got.get(1));
        assertTrue(got.get(1).contains("1 year 2 mons 3 days 04:05:06.789"), got.get(1).toString());
    }

    @Test
    void intervalsInEveryIntervalStyle() throws SQLException {
        // an interval is read in binary only in the default style, whose text getString rebuilds;
        // in the others it is read as the server's text, which getObject parses in any style
        try (Connection c = JdbcTestSupport.connect("prepareThreshold=1");
             PreparedStatement ps = c.prepareStatement("SELECT v::interval, v::interval::text"
                     + " FROM unnest(?::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n")) {
            String[] values = {"1 year 2 mons 3 days 04:05:06.789", "-1 days -02:00:00", "1 year -2 days +03:00:00",
                "-00:00:00.5", "0", "-14 mons"};
            dev.greenwire.cast.PgInterval[] expected = new dev.greenwire.cast.PgInterval[values.length];
            for (int i = 0; i < values.length; i++) {
                expected[i] = dev.greenwire.cast.PgInterval.parse(values[i].equals("-14 mons") ? "-1 years -2 mons" : values[i]);
            }
            ps.setArray(1, c.createArrayOf("text", values));
            String[] styles = {"postgres", "sql_standard", "iso_8601", "postgres_verbose", "postgres"};
            for (int pass = 0; pass < styles.length; pass++) {
                String style = styles[pass];
                try (var st = c.createStatement()) {
                    st.execute("SET IntervalStyle = " + style);
                }
                for (int run = 0; run < 3; run++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        boolean binary = style.equals("postgres") && (run == 2 || pass > 0); // prepared: from the third run
                        assertEquals(binary ? 1 : 0, ((GwResultSet) rs).fields[0].format(), style + ", run " + run);
                        for (int i = 0; i < values.length; i++) {
                            assertTrue(rs.next());
                            assertEquals(rs.getString(2), rs.getString(1), style + ": the server's text");
                            assertEquals(expected[i], rs.getObject(1), style + ": " + rs.getString(2));
                            assertEquals(expected[i], rs.getObject(1, dev.greenwire.cast.PgInterval.class));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aMalformedIntervalIsAnSqlException() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 'a fortnight'::text")) {
            assertTrue(rs.next());
            SQLException e = assertThrows(SQLException.class, () -> rs.getObject(1, dev.greenwire.cast.PgInterval.class));
            assertEquals("22007", e.getSQLState());
            assertTrue(e.getMessage().contains("a fortnight"), e.getMessage());
            SQLException d = assertThrows(SQLException.class, () -> rs.getObject(1, java.time.Duration.class));
            assertEquals("22007", d.getSQLState());
        }
        try (Connection c = JdbcTestSupport.connect(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT interval '1 mon'")) {
            assertTrue(rs.next());
            SQLException e = assertThrows(SQLException.class, () -> rs.getObject(1, java.time.Duration.class));
            assertTrue(e.getMessage().contains("month"), e.getMessage());
        }
    }

    @Test
    void aDateStyleOtherThanIsoIsNamedWhenADateCannotBeRead() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); var st = c.createStatement()) {
            st.execute("SET DateStyle = 'SQL, DMY'");
            try (ResultSet rs = st.executeQuery("SELECT date '2024-01-02'")) {
                assertTrue(rs.next());
                assertEquals("02/01/2024", rs.getString(1), "getString gives the server's text");
                SQLException e = assertThrows(SQLException.class, () -> rs.getObject(1));
                assertEquals("22007", e.getSQLState());
                assertTrue(e.getMessage().contains("the session's DateStyle is 'SQL, DMY'"), e.getMessage());
            }
        }
    }

    private static final String TEXTS = "E'{plain,\"\",NULL,\"NULL\",\"null\",\"q\\\\\"x\",\"back\\\\\\\\slash\",\"{br}\","
            + "\"a,b\",\"sp ace\",\"tab\\tx\",\"line\\nx\",é€😀}'";

    @Test
    void arraysGiveWhatTextGives() throws SQLException {
        // text elements array_out quotes (empty, NULL spelt out, quotes, backslashes, braces, commas, spaces) and non-ASCII
        String[] arrays = {"'{1,NULL,3}'::int4[]", "'[0:1]={7,8}'::int4[]", "'[1:2][-1:0]={{1,2},{3,4}}'::int8[]",
            "'{}'::int2[]", "'{{1,2},{3,4}}'::int2[]", "'{1.5,NaN,-0,1e300}'::float8[]", "'{2.5,-Infinity}'::float4[]",
            "'{1.50,NaN,100,-0.001}'::numeric[]", "'{t,f,NULL}'::bool[]", "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid[]",
            "'{infinity,2024-01-02,0044-03-15 BC}'::date[]", "'{24:00:00,03:04:05.5}'::time[]", "'{03:04:05+05:30}'::timetz[]",
            "'{2024-01-02 03:04:05.123456,NULL}'::timestamp[]", "'{2024-01-02 03:04:05+00,-infinity}'::timestamptz[]",
            "'{1 year 2 days,-00:00:01,0}'::interval[]", "'{\"\\\\x00ff\",\"\\\\x\"}'::bytea[]", "'{4294967295,0}'::oid[]",
            "NULL::int4[]", TEXTS + "::text[]", TEXTS + "::varchar[]", TEXTS + "::name[]", "'{a,\"b  \",NULL}'::char(3)[]",
            "'[0:1]={x,y}'::text[]", "'{{a,b},{\"c d\",NULL}}'::text[]", "'{}'::text[]", "'{1,2}'::text[]", "NULL::text[]"};
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < arrays.length; i++) {
            sql.append(i > 0 ? ", " : "").append(arrays[i]).append(", (").append(arrays[i]).append(")::text");
        }
        sql.append(" WHERE ? = 1");
        List<List<String>> got = new ArrayList<>();
        for (String props : new String[] {"prepareThreshold=1&binaryTransfer=false", "prepareThreshold=1"}) {
            try (Connection c = JdbcTestSupport.connect(props); PreparedStatement ps = c.prepareStatement(sql.toString())) {
                try (var st = c.createStatement()) {
                    st.execute("SET TimeZone = 'Asia/Kolkata'");
                }
                ps.setInt(1, 1);
                ps.executeQuery().close();
                ps.executeQuery().close(); // prepareThreshold=1: named on the second, binary from the third
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    for (int a = 0; a < arrays.length; a++) {
                        int k = 2 * a + 1;
                        boolean expectBinary = !props.contains("false");
                        assertEquals(expectBinary ? 1 : 0, ((GwResultSet) rs).fields[k - 1].format(), arrays[a]);
                        assertEquals(rs.getString(k + 1), rs.getString(k), "the server's text of " + arrays[a]);
                        out.add(outcome(() -> rs.getString(k) + "/" + rs.wasNull()));
                        out.add(outcome(() -> deep(rs.getObject(k))));
                        out.add(outcome(() -> deep(rs.getArray(k)) + "/" + rs.wasNull()));
                        out.add(outcome(() -> deep(rs.getObject(k, java.sql.Array.class))));
                        out.add(outcome(() -> rs.getObject(k, String.class)));
                        out.add(outcome(() -> rs.getArray(k) == null ? null : rs.getArray(k).getBaseTypeName()));
                        out.add(outcome(() -> rs.getArray(k) == null ? null : deep(rs.getArray(k).getArray(1, 1))));
                        out.add(outcome(() -> {
                            java.sql.Array arr = rs.getArray(k);
                            if (arr == null) {
                                return null;
                            }
                            StringBuilder sb = new StringBuilder();
                            try (ResultSet ar = arr.getResultSet()) {
                                while (ar.next()) {
                                    sb.append(ar.getInt(1)).append('=').append(deep(ar.getObject(2))).append(';');
                                }
                            }
                            return sb.toString();
                        }));
                        out.add(outcome(() -> rs.getInt(k)));
                        out.add(outcome(() -> rs.getBytes(k) == null ? null : new String(rs.getBytes(k), StandardCharsets.UTF_8)));
                        out.add(outcome(() -> {
                            try (java.io.InputStream in = rs.getBinaryStream(k)) {
                                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                            }
                        }));
                    }
                }
                got.add(out);
            }
        }
        assertEquals(got.get(0).size(), got.get(1).size());
        int perArray = got.get(0).size() / arrays.length;
        for (int i = 0; i < got.get(0).size(); i++) {
            assertEquals(got.get(0).get(i), got.get(1).get(i), arrays[i / perArray] + ", getter " + (i % perArray)
                    + ": binary gives what text gives");
        }
    }

    /** An Array's elements, Java arrays and byte[] as their contents. */
    private static String deep(Object v) throws SQLException {
        if (v instanceof java.sql.Array a) {
            return "Array " + deep(a.getArray());
        }
        if (v instanceof byte[] b) {
            return "bytes " + Arrays.toString(b);
        }
        if (v instanceof Object[] o) {
            StringBuilder sb = new StringBuilder(o.getClass().getComponentType().getSimpleName()).append('[');
            for (Object e : o) {
                sb.append(deep(e)).append(',');
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    private static final String[] TIMESTAMPS = {"2024-01-02 03:04:05.123456", "2024-07-01 12:00:00", "1970-01-01 00:00:00.5",
        "1800-06-01 10:00:00.01", "0044-03-15 12:00:00 BC", "0001-01-01 00:00:00", "12345-06-07 08:09:10", "2038-03-28 02:30:00",
        "2024-03-31 02:30:00", "infinity", "-infinity", null};

    @Test
    void datesAndTimestampsInEachZoneGiveWhatTextGives() throws SQLException {
        String sql = "SELECT v::timestamptz, v::timestamp, v::date, v::timestamptz::text, v::timestamp::text, v::date::text"
                + " FROM unnest(?::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n";
        try (Connection text = JdbcTestSupport.connect("prepareThreshold=1&binaryTransfer=false");
             Connection bin = JdbcTestSupport.connect("prepareThreshold=1")) {
            for (String zone : new String[] {"UTC", "Etc/GMT-3", "Asia/Kolkata", "America/St_Johns", "Europe/Amsterdam",
                "America/New_York"}) {
                for (Connection c : new Connection[] {text, bin}) {
                    try (var st = c.createStatement()) {
                        st.execute("SET TimeZone = '" + zone + "'");
                    }
                }
                List<List<String>> expected = readTemporal(text, sql, 0, 0);
                List<List<String>> actual = readTemporal(bin, sql, 1, 1);
                assertEquals(TIMESTAMPS.length, expected.size());
                int divergent = 0;
                for (int r = 0; r < expected.size(); r++) {
                    List<String> e = new ArrayList<>(expected.get(r)), a = new ArrayList<>(actual.get(r));
                    boolean sameText = true;
                    for (int g : TEXT_GETTERS) { // the timestamptz's text: compared below
                        sameText &= e.set(g, "text").equals(a.set(g, "text"));
                    }
                    assertEquals(e, a, zone + ", " + TIMESTAMPS[r]);
                    if (!sameText) {
                        // Java's rules give this instant another offset than the server's data (local mean
                        // time in a zone tzdata merged): the same instant, written with Java's offset
                        divergent++;
                        assertTrue(zone.equals("Europe/Amsterdam") && TIMESTAMPS[r].matches("(0\\d|1[0-8])\\d\\d-.*"),
                                zone + ", " + TIMESTAMPS[r] + ": Amsterdam's own mean time (+00:19:32) ended in 1937");
                    }
                }
                assertEquals(zone.equals("Europe/Amsterdam") ? 3 : 0, divergent, zone + ": rows where Java's offset is not the server's");
            }
        }
    }

    /** readTemporal's getters of the timestamptz column's text: getString, getObject(…, String.class), getBytes. */
    private static final int[] TEXT_GETTERS = {0, 14, 16};

    private static List<List<String>> readTemporal(Connection c, String sql, int format, int tzFormat) throws SQLException {
        java.util.Calendar utc = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", TIMESTAMPS));
            ps.executeQuery().close();
            ps.executeQuery().close();
            List<List<String>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                assertEquals(tzFormat, ((GwResultSet) rs).fields[0].format(), "the timestamptz column");
                for (int col = 2; col <= 3; col++) {
                    assertEquals(format, ((GwResultSet) rs).fields[col - 1].format(), "column " + col);
                }
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int col = 1; col <= 3; col++) {
                        int k = col;
                        if (k > 1 || tzFormat == 0) { // a binary timestamptz: compared with the text connection's
                            assertEquals(rs.getString(k + 3), rs.getString(k), "the server's text of column " + k);
                        }
                        row.add(outcome(() -> rs.getString(k) + "/" + rs.wasNull()));
                        row.add(outcome(() -> rs.getObject(k)));
                        row.add(outcome(() -> rs.getObject(k) == null ? null : rs.getObject(k).getClass().getSimpleName()));
                        row.add(outcome(() -> rs.getDate(k)));
                        row.add(outcome(() -> rs.getDate(k, utc)));
                        row.add(outcome(() -> rs.getTime(k)));
                        row.add(outcome(() -> rs.getTimestamp(k) + "/" + rs.wasNull()));
                        row.add(outcome(() -> rs.getTimestamp(k, utc)));
                        for (Class<?> type : new Class<?>[] {java.time.LocalDate.class, java.time.LocalTime.class,
                            java.time.LocalDateTime.class, java.time.OffsetDateTime.class, java.time.Instant.class,
                            java.time.ZonedDateTime.class, String.class, java.sql.Timestamp.class}) {
                            row.add(outcome(() -> rs.getObject(k, type)));
                        }
                        row.add(outcome(() -> rs.getBytes(k) == null ? null : new String(rs.getBytes(k))));
                        row.add(outcome(() -> rs.getInt(k)));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** Runs {@code sql} three times and returns, from the third run, what each getter gives for each column. */
    private static List<List<String>> readAll(Connection c, String sql, String arrayType, String[] values, int columns,
            int format) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf(arrayType, values));
            ps.executeQuery().close();
            ps.executeQuery().close(); // prepareThreshold=1: named on the second, binary from the third
            List<List<String>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                for (int col = 1; col <= columns; col++) {
                    assertEquals(format, ((GwResultSet) rs).fields[col - 1].format(), "column " + col);
                }
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int col = 1; col <= columns; col++) {
                        int k = col;
                        row.add(outcome(() -> rs.getString(k)));
                        row.add(outcome(() -> rs.getObject(k)));
                        row.add(outcome(() -> rs.getObject(k) == null ? null : rs.getObject(k).getClass().getSimpleName()));
                        row.add(outcome(() -> rs.getInt(k) + "/" + rs.wasNull()));
                        row.add(outcome(() -> rs.getShort(k)));
                        row.add(outcome(() -> rs.getLong(k)));
                        row.add(outcome(() -> rs.getDouble(k) + "/" + rs.wasNull()));
                        row.add(outcome(() -> rs.getFloat(k)));
                        row.add(outcome(() -> rs.getBigDecimal(k)));
                        row.add(outcome(() -> rs.getBoolean(k)));
                        row.add(outcome(() -> rs.getObject(k, Integer.class)));
                        row.add(outcome(() -> rs.getObject(k, Long.class)));
                        row.add(outcome(() -> rs.getObject(k, Double.class)));
                        row.add(outcome(() -> rs.getObject(k, BigDecimal.class)));
                        row.add(outcome(() -> rs.getObject(k, BigInteger.class)));
                        row.add(outcome(() -> rs.getObject(k, String.class)));
                        row.add(outcome(() -> rs.getBytes(k) == null ? null : new String(rs.getBytes(k))));
                        row.add(outcome(() -> rs.getDate(k)));
                        row.add(outcome(() -> rs.getObject(k, java.util.UUID.class)));
                        row.add(outcome(() -> rs.getObject(k, Boolean.class)));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }

    private interface Getter {
        Object get() throws Exception;
    }

    /** @return the getter's value, or its exception's class and SQLSTATE */
    private static String outcome(Getter g) {
        try {
            Object v = g.get();
            return v instanceof byte[] b ? "bytes " + Arrays.toString(b) : String.valueOf(v);
        } catch (SQLException e) {
            return "SQLException " + e.getSQLState();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
