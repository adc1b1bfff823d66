package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLDataException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection-level behaviour: transactions, savepoints, isolation, read-only, schema, client info, warnings, errors. */
class ConnectionBehaviourTest {
    @BeforeEach
    void table() throws SQLException {
        JdbcTestSupport.exec("DROP TABLE IF EXISTS cb", "CREATE TABLE cb (id int PRIMARY KEY, v text NOT NULL)");
    }

    private static int count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM cb")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void driverIsFoundByServiceLoaderAndDriverManager() throws SQLException {
        assertTrue(ServiceLoader.load(Driver.class).stream().anyMatch(p -> p.type() == GreenwireDriver.class));
        Driver d = DriverManager.getDriver(JdbcTestSupport.url());
        assertInstanceOf(GreenwireDriver.class, d);
        assertNull(d.connect("jdbc:postgresql://localhost/x", new Properties()), "other drivers' URLs are not ours");
        assertFalse(d.acceptsURL("jdbc:postgresql://localhost/x"));
        assertTrue(d.getPropertyInfo(JdbcTestSupport.url(), new Properties()).length > 5);
    }

    @Test
    void autocommitCommitRollback() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Connection other = JdbcTestSupport.connect()) {
            assertTrue(c.getAutoCommit());
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO cb VALUES (1, 'a')");
                assertEquals(0, count(other), "not visible before commit");
                c.commit();
                assertEquals(1, count(other));
                st.executeUpdate("INSERT INTO cb VALUES (2, 'b')");
                c.rollback();
                assertEquals(1, count(c));
                st.executeUpdate("INSERT INTO cb VALUES (3, 'c')");
            }
            c.setAutoCommit(true); // commits the open transaction
            assertEquals(2, count(other));
            SQLException e = assertThrows(SQLException.class, c::commit);
            assertEquals("25P01", e.getSQLState());
        }
    }

    @Test
    void savepoints() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            assertThrows(SQLException.class, c::setSavepoint, "no savepoints in autocommit");
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO cb VALUES (1, 'a')");
            Savepoint sp = c.setSavepoint();
            assertTrue(sp.getSavepointId() > 0);
            assertThrows(SQLException.class, sp::getSavepointName);
            st.executeUpdate("INSERT INTO cb VALUES (2, 'b')");
            assertThrows(SQLIntegrityConstraintViolationException.class, () -> st.executeUpdate("INSERT INTO cb VALUES (2, 'b')"));
            c.rollback(sp); // back before the failure: the transaction is usable again
            Savepoint named = c.setSavepoint("my \"point\"");
            assertEquals("my \"point\"", named.getSavepointName());
            st.executeUpdate("INSERT INTO cb VALUES (3, 'c')");
            c.releaseSavepoint(named);
            assertThrows(SQLException.class, () -> c.rollback(named));
            c.commit();
            assertEquals(2, count(c));
        }
    }

    @Test
    void isolationAndReadOnly() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
            c.setAutoCommit(false);
            try (ResultSet rs = st.executeQuery("SHOW transaction_isolation")) {
                rs.next();
                assertEquals("serializable", rs.getString(1));
            }
            SQLException e = assertThrows(SQLException.class, () -> c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED));
            assertEquals("25001", e.getSQLState());
            assertThrows(SQLException.class, () -> c.setReadOnly(true));
            c.rollback();
            c.setReadOnly(true);
            assertTrue(c.isReadOnly());
            SQLException ro = assertThrows(SQLException.class, () -> st.executeUpdate("INSERT INTO cb VALUES (9, 'x')"));
            assertEquals("25006", ro.getSQLState());
            c.rollback();
            c.setReadOnly(false);
            assertEquals(1, st.executeUpdate("INSERT INTO cb VALUES (9, 'x')"));
            c.commit();
            assertThrows(SQLException.class, () -> c.setTransactionIsolation(Connection.TRANSACTION_NONE));
        }
        try (Connection ro = JdbcTestSupport.connect("readOnly=true")) {
            assertTrue(ro.isReadOnly());
        }
    }

    @Test
    void schemaCatalogClientInfo() throws SQLException {
        JdbcTestSupport.exec("DROP SCHEMA IF EXISTS \"Other Schema\" CASCADE", "CREATE SCHEMA \"Other Schema\"",
                "CREATE TABLE \"Other Schema\".cb2 (x int)");
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            assertEquals("public", c.getSchema());
            c.setSchema("Other Schema");
            assertEquals("Other Schema", c.getSchema());
            st.executeQuery("SELECT x FROM cb2").close();
            assertEquals(dev.greenwire.testing.TestServer.get().database(), c.getCatalog());
            c.setClientInfo("ApplicationName", "jdbc-test");
            assertEquals("jdbc-test", c.getClientInfo("ApplicationName"));
            try (ResultSet rs = st.executeQuery("SELECT current_setting('application_name')")) {
                rs.next();
                assertEquals("jdbc-test", rs.getString(1));
            }
            assertThrows(java.sql.SQLClientInfoException.class, () -> c.setClientInfo("Nope", "x"));
        }
        try (Connection c = JdbcTestSupport.connect("currentSchema=%22Other%20Schema%22&ApplicationName=from-url")) {
            assertEquals("Other Schema", c.getSchema());
            assertEquals("from-url", c.getClientInfo("ApplicationName"));
        }
    }

    @Test
    void noticesBecomeWarnings() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS no_such_table_here");
            SQLWarning w = st.getWarnings();
            assertNotNull(w);
            assertTrue(w.getMessage().contains("does not exist, skipping"), w.getMessage());
            st.execute("DO $$ BEGIN RAISE NOTICE 'one'; RAISE NOTICE 'two'; END $$");
            w = st.getWarnings();
            assertTrue(w.getMessage().contains("one"), w.getMessage());
            assertTrue(w.getNextWarning().getMessage().contains("two"));
            st.clearWarnings();
            assertNull(st.getWarnings());
            assertNull(c.getWarnings());
        }
    }

    @Test
    void errorsCarryStateAndServerText() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO cb VALUES (1, 'a')");
            SQLIntegrityConstraintViolationException dup = assertThrows(SQLIntegrityConstraintViolationException.class,
                    () -> st.executeUpdate("INSERT INTO cb VALUES (1, 'a')"));
            assertEquals("23505", dup.getSQLState());
            assertTrue(dup.getMessage().contains("duplicate key value violates unique constraint \"cb_pkey\""), dup.getMessage());
            assertEquals("23502", assertThrows(SQLIntegrityConstraintViolationException.class,
                    () -> st.executeUpdate("INSERT INTO cb VALUES (2, NULL)")).getSQLState());
            SQLSyntaxErrorException syntax = assertThrows(SQLSyntaxErrorException.class, () -> st.execute("SELEC 1"));
            assertEquals("42601", syntax.getSQLState());
            assertEquals("42P01", assertThrows(SQLSyntaxErrorException.class,
                    () -> st.executeQuery("SELECT * FROM missing_table")).getSQLState());
            assertEquals("22012", assertThrows(SQLDataException.class, () -> st.executeQuery("SELECT 1/0")).getSQLState());
            assertEquals("0A000", assertThrows(SQLFeatureNotSupportedException.class,
                    () -> c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE)).getSQLState());
            // the connection is usable after every failure
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM cb")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            assertThrows(SQLException.class, () -> st.executeQuery("INSERT INTO cb VALUES (5, 'x')"));
            assertThrows(SQLException.class, () -> st.executeUpdate("SELECT 1"));
        }
    }

    @Test
    void unwrapGivesTheGreenConnection() throws SQLException {
        try (Connection c = JdbcTestSupport.connect()) {
            assertTrue(c.isWrapperFor(dev.greenwire.Connection.class));
            dev.greenwire.Connection green = c.unwrap(dev.greenwire.Connection.class);
            assertEquals(TimeoutCancelTest.backendPid(c), green.backendPid());
            assertThrows(SQLException.class, () -> c.unwrap(String.class));
        }
    }

    @Test
    void multipleResultsInOrder() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            assertTrue(st.execute("SELECT 1; INSERT INTO cb VALUES (1, 'a'), (2, 'b'); SELECT 'x', 'y'; CREATE TEMP TABLE tt (a int)"));
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            assertFalse(st.getMoreResults());
            assertEquals(2, st.getUpdateCount());
            assertTrue(st.getMoreResults());
            assertEquals("y", rowOf(st.getResultSet(), 2));
            assertFalse(st.getMoreResults());
            assertEquals(0, st.getUpdateCount());
            assertFalse(st.getMoreResults());
            assertEquals(-1, st.getUpdateCount());
            // KEEP_CURRENT_RESULT leaves the first result set open
            st.execute("SELECT 1; SELECT 2");
            ResultSet first = st.getResultSet();
            assertTrue(st.getMoreResults(Statement.KEEP_CURRENT_RESULT));
            assertFalse(first.isClosed());
            assertTrue(first.next());
            first.close();
        }
    }

    private static String rowOf(ResultSet rs, int col) throws SQLException {
        try (rs) {
            assertTrue(rs.next());
            return rs.getString(col);
        }
    }

    @Test
    void scrollInsensitiveResults() throws SQLException {
        try (Connection c = JdbcTestSupport.connect();
             Statement st = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
             ResultSet rs = st.executeQuery("SELECT g FROM generate_series(1, 5) g")) {
            assertTrue(rs.isBeforeFirst());
            assertTrue(rs.last());
            assertEquals(5, rs.getInt(1));
            assertEquals(5, rs.getRow());
            assertTrue(rs.isLast());
            assertTrue(rs.absolute(2));
            assertEquals(2, rs.getInt(1));
            assertTrue(rs.previous());
            assertTrue(rs.isFirst());
            assertFalse(rs.previous());
            assertTrue(rs.relative(3));
            assertEquals(3, rs.getInt(1));
            assertTrue(rs.absolute(-1));
            assertEquals(5, rs.getInt(1));
            assertFalse(rs.next());
            assertTrue(rs.isAfterLast());
            rs.beforeFirst();
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1")) {
            assertEquals("24000", assertThrows(SQLException.class, rs::previous).getSQLState());
            assertThrows(SQLException.class, () -> rs.getInt(1), "not on a row yet");
        }
    }

    @Test
    void callableStatements() throws SQLException {
        JdbcTestSupport.exec("CREATE OR REPLACE FUNCTION add_one(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1'",
                "CREATE OR REPLACE FUNCTION split_name(full_name text, OUT first text, OUT last text)"
                        + " LANGUAGE sql AS $$ SELECT split_part(full_name, ' ', 1), split_part(full_name, ' ', 2) $$",
                "CREATE OR REPLACE PROCEDURE bump(INOUT n int) LANGUAGE plpgsql AS $$ BEGIN n := n + 10; END $$");
        try (Connection c = JdbcTestSupport.connect()) {
            try (java.sql.CallableStatement cs = c.prepareCall("{? = call add_one(?)}")) {
                cs.registerOutParameter(1, java.sql.Types.INTEGER);
                cs.setInt(2, 41);
                cs.execute();
                assertEquals(42, cs.getInt(1));
                assertFalse(cs.wasNull());
            }
            try (java.sql.CallableStatement cs = c.prepareCall("{call split_name(?, ?, ?)}")) {
                cs.setString(1, "Ada Lovelace");
                cs.registerOutParameter(2, java.sql.Types.VARCHAR);
                cs.registerOutParameter(3, java.sql.Types.VARCHAR);
                cs.execute();
                assertEquals("Ada", cs.getString(2));
                assertEquals("Lovelace", cs.getObject(3, String.class));
                assertThrows(SQLException.class, () -> cs.getString(1), "not an OUT parameter");
                assertThrows(SQLFeatureNotSupportedException.class, () -> cs.getString("first"));
            }
            try (Connection callMode = JdbcTestSupport.connect("escapeSyntaxCallMode=call");
                 java.sql.CallableStatement cs = callMode.prepareCall("{call bump(?)}")) {
                cs.setInt(1, 5);
                cs.registerOutParameter(1, java.sql.Types.INTEGER);
                cs.execute();
                assertEquals(15, cs.getInt(1));
            }
        }
    }

    @Test
    void badUrlsAndPropertiesAreRefusedClearly() {
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(JdbcTestSupport.url() + "?noSuchProperty=1", JdbcTestSupport.credentials()));
        assertTrue(e.getMessage().contains("noSuchProperty"), e.getMessage());
        e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(JdbcTestSupport.url() + "?waitStrategy=spin", JdbcTestSupport.credentials()));
        assertTrue(e.getMessage().contains("waitStrategy"), e.getMessage());
        e = assertThrows(SQLException.class, () -> JdbcConfig.parse("jdbc:greenwire:postgresql://h:99999/db", null));
        assertTrue(e.getMessage().contains("99999"), e.getMessage());
        e = assertThrows(SQLException.class, () -> JdbcConfig.parse("jdbc:greenwire:postgresql://h/db?autosave=always", null));
        assertTrue(e.getMessage().contains("autosave"), e.getMessage());
    }

    @Test
    void theSessionTimeZoneIsTheJvmsAsInPgjdbc() throws SQLException {
        assertEquals("UTC", JdbcConfig.sessionTimeZone(java.time.ZoneOffset.UTC));
        assertEquals("Etc/GMT-2", JdbcConfig.sessionTimeZone(java.time.ZoneOffset.ofHours(2)));
        assertEquals("Etc/GMT+5", JdbcConfig.sessionTimeZone(java.time.ZoneId.of("GMT-05:00")));
        assertEquals("Europe/Berlin", JdbcConfig.sessionTimeZone(java.time.ZoneId.of("Europe/Berlin")));
        assertEquals("<-1300>13:00", JdbcConfig.sessionTimeZone(java.time.ZoneOffset.ofHours(-13)), "no Etc/GMT+13");
        assertNull(JdbcConfig.sessionTimeZone(java.time.ZoneOffset.ofHoursMinutesSeconds(1, 2, 3)), "not expressible");
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        String[][] zones = {
            // the JVM's zone, the session's TimeZone, the text of date '2024-01-02' as a timestamptz
            {"America/New_York", "America/New_York", "2024-01-02 00:00:00-05"},
            {"GMT+05:30", "<+0530>-5:30", "2024-01-02 00:00:00+05:30"},
            {"GMT-03:00", "Etc/GMT+3", "2024-01-02 00:00:00-03"},
            {"Asia/Kathmandu", "Asia/Kathmandu", "2024-01-02 00:00:00+05:45"}};
        try {
            for (String[] z : zones) {
                java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone(z[0]));
                try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT current_setting('TimeZone'), '2024-01-02'::date::timestamptz::text,"
                             + " '2024-01-02'::date::timestamptz")) {
                    assertTrue(rs.next());
                    assertEquals(z[1], rs.getString(1), z[0]);
                    assertEquals(z[2], rs.getString(2), z[0]);
                    // the server's midnight is the JVM's: java.sql.Timestamp reads it back as midnight
                    assertEquals(java.time.LocalDateTime.of(2024, 1, 2, 0, 0), rs.getTimestamp(3).toLocalDateTime(), z[0]);
                }
            }
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York"));
            try (Connection c = JdbcTestSupport.connect("options=-c%20timezone%3DAsia/Tokyo");
                 Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW TimeZone")) {
                assertTrue(rs.next());
                assertEquals("Asia/Tokyo", rs.getString(1), "a TimeZone in options wins");
            }
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @Test
    void urlsAndPgjdbcNamesMapToLibpq() throws SQLException {
        JdbcConfig cfg = JdbcConfig.parse("jdbc:greenwire:postgresql://u%40x:p%3Aw@h1:5433,[::1]:5434,h3/my%20db"
                + "?ApplicationName=app&connectTimeout=7&ssl=true&targetServerType=preferSecondary&loadBalanceHosts=true"
                + "&tcpKeepAlive=false&reWriteBatchedInserts=true&stringtype=unspecified&socketTimeout=30"
                + "&prepareThreshold=0&currentSchema=s1&options=-c%20work_mem%3D8MB&waitStrategy=parking&binaryTransfer=true", null);
        assertEquals("u@x", cfg.params.get("user"));
        assertEquals("p:w", cfg.params.get("password"));
        assertEquals("h1,::1,h3", cfg.params.get("host"));
        assertEquals("5433,5434,5432", cfg.params.get("port"));
        assertEquals("my db", cfg.params.get("dbname"));
        assertEquals("app", cfg.params.get("application_name"));
        assertEquals("7", cfg.params.get("connect_timeout"));
        assertEquals("verify-full", cfg.params.get("sslmode"));
        assertEquals("prefer-standby", cfg.params.get("target_session_attrs"));
        assertEquals("random", cfg.params.get("load_balance_hosts"));
        assertEquals("0", cfg.params.get("keepalives"));
        assertEquals("-c work_mem=8MB -c search_path=s1", cfg.params.get("options"));
        assertEquals(JdbcConfig.sessionTimeZone(java.time.ZoneId.systemDefault()), cfg.timeZone);
        assertEquals(cfg.timeZone, cfg.options().timeZone(), "sent in the startup packet");
        assertTrue(cfg.rewriteBatchedInserts);
        assertFalse(cfg.varcharStrings);
        assertEquals(java.time.Duration.ofSeconds(30), cfg.socketTimeout);
        assertEquals(-1, cfg.prepareThreshold);
        assertEquals("parking", cfg.waitStrategyName);
        Properties info = new Properties();
        info.setProperty("user", "from-info");
        info.setProperty("sslmode", "disable");
        JdbcConfig p = JdbcConfig.parse("jdbc:greenwire:postgresql:db2?user=from-url&ssl=true", info);
        assertEquals("from-url", p.params.get("user"));
        assertEquals("disable", p.params.get("sslmode"), "an explicit sslmode wins over ssl=true");
        assertEquals("db2", p.params.get("dbname"));
        assertNotNull(JdbcConfig.parse("jdbc:greenwire:postgresql://h/db?waitStrategy="
                + CountingWait.class.getName(), null).waitCallback);
    }

    /** A wait callback named by class in the URL. */
    public static final class CountingWait implements dev.greenwire.WaitCallback {
        @Override
        public void waitFor(dev.greenwire.Connection conn) throws Exception {
            dev.greenwire.extras.Waits.waitSelect(conn);
        }
    }

    @Test
    void dataSourceConnects() throws SQLException {
        GreenwireDataSource ds = JdbcTestSupport.dataSource();
        ds.setWaitCallback(dev.greenwire.wait.WaitStrategies.parking());
        ds.setApplicationName("ds-test");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT current_setting('application_name')");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("ds-test", rs.getString(1));
        }
        assertTrue(ds.getUrl().startsWith("jdbc:greenwire:postgresql://"));
    }
}
