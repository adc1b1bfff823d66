package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class ConnectTest extends PgTest {
    private static final TestServer S = TestServer.get();

    private static String currentUser(Connection c) {
        return (String) c.cursor().execute("SELECT current_user").fetchOne().get(0);
    }

    @Test
    void trust() {
        try (Connection c = Pg.connect(S.dsn(TestServer.TRUST_USER, null))) {
            assertEquals(TestServer.TRUST_USER, currentUser(c));
            assertTrue(c.serverVersion() >= 100000, "serverVersion " + c.serverVersion());
            assertTrue(c.backendPid() > 0);
            assertEquals("UTF8", c.encoding());
            assertEquals("ISO, MDY", c.parameterStatus("DateStyle"));
        }
    }

    /**
     * Connects as {@code user} requiring (libpq's require_auth) the method the server must ask
     * for, so that the driver refuses any other one; and checks that requiring each other
     * password method fails, naming what the server asked for.
     */
    private static void authenticatesWith(String user, String password, String method, String described) {
        try (Connection c = Pg.connect(S.dsn(user, password) + " require_auth=" + method)) {
            assertEquals(user, currentUser(c));
        }
        for (String other : new String[] {"password", "md5", "scram-sha-256", "none"}) {
            if (other.equals(method)) {
                continue;
            }
            OperationalException e = assertThrows(OperationalException.class,
                    () -> Pg.connect(S.dsn(user, password) + " require_auth=" + other), "require_auth=" + other);
            assertTrue(e.getMessage().contains("authentication method requirement \"" + other + "\" failed: server"
                    + " requested " + described + " authentication"), e.getMessage());
        }
    }

    @Test
    void cleartextPassword() {
        try (Connection c = Pg.connect(S.dsn(TestServer.PASSWORD_USER, TestServer.PASSWORD_PASSWORD))) {
            assertEquals(TestServer.PASSWORD_USER, currentUser(c));
        }
        authenticatesWith(TestServer.PASSWORD_USER, TestServer.PASSWORD_PASSWORD, "password", "a cleartext password");
    }

    @Test
    void md5Password() {
        try (Connection c = Pg.connect(S.dsn(TestServer.MD5_USER, TestServer.MD5_PASSWORD))) {
            assertEquals(TestServer.MD5_USER, currentUser(c));
        }
        authenticatesWith(TestServer.MD5_USER, TestServer.MD5_PASSWORD, "md5", "a hashed password");
    }

    @Test
    void scramSha256() {
        try (Connection c = Pg.connect(S.dsn(TestServer.SCRAM_USER, TestServer.SCRAM_PASSWORD))) {
            assertEquals(TestServer.SCRAM_USER, currentUser(c));
        }
        authenticatesWith(TestServer.SCRAM_USER, TestServer.SCRAM_PASSWORD, "scram-sha-256", "SASL");
    }

    @Test
    void wrongPasswordIsAClearError() {
        for (String user : new String[] {TestServer.PASSWORD_USER, TestServer.MD5_USER, TestServer.SCRAM_USER}) {
            OperationalException e = assertThrows(OperationalException.class,
                    () -> Pg.connect(S.dsn(user, "not-the-password")));
            assertTrue(e.getMessage().contains("password authentication failed for user \"" + user + "\""),
                    e.getMessage());
            assertEquals("28P01", e.pgcode());
            assertFalse(e.getMessage().contains("not-the-password"), "the password leaked into the message");
        }
    }

    @Test
    void missingPasswordIsAClearError() {
        OperationalException e = assertThrows(OperationalException.class,
                () -> Pg.connect(S.dsn(TestServer.SCRAM_USER, null) + " passfile=/nonexistent"));
        assertTrue(e.getMessage().contains("no password supplied"), e.getMessage());
    }

    @Test
    void requireAuth() {
        try (Connection c = Pg.connect(S.dsn(TestServer.SCRAM_USER, TestServer.SCRAM_PASSWORD)
                + " require_auth=scram-sha-256")) {
            assertEquals(TestServer.SCRAM_USER, currentUser(c));
        }
        try (Connection c = Pg.connect(S.dsn(TestServer.MD5_USER, TestServer.MD5_PASSWORD) + " require_auth=!password")) {
            assertEquals(TestServer.MD5_USER, currentUser(c));
        }
        OperationalException md5 = assertThrows(OperationalException.class,
                () -> Pg.connect(S.dsn(TestServer.MD5_USER, TestServer.MD5_PASSWORD) + " require_auth=scram-sha-256"));
        assertTrue(md5.getMessage().contains("authentication method requirement \"scram-sha-256\" failed: server"
                + " requested a hashed password authentication"), md5.getMessage());
        OperationalException clear = assertThrows(OperationalException.class,
                () -> Pg.connect(S.dsn(TestServer.PASSWORD_USER, TestServer.PASSWORD_PASSWORD) + " require_auth=!password"));
        assertTrue(clear.getMessage().contains("server requested a cleartext password"), clear.getMessage());
        OperationalException none = assertThrows(OperationalException.class,
                () -> Pg.connect(S.dsn(TestServer.TRUST_USER, null) + " require_auth=md5"));
        assertTrue(none.getMessage().contains("server did not complete authentication"), none.getMessage());
        try (Connection c = Pg.connect(S.dsn(TestServer.TRUST_USER, null) + " require_auth=none")) {
            assertEquals(TestServer.TRUST_USER, currentUser(c));
        }
    }

    @Test
    void scramIterationCapRefusesExpensiveServers() {
        ConnectOptions opts = ConnectOptions.builder().scramMaxIterations(100).build();
        OperationalException e = assertThrows(OperationalException.class,
                () -> Pg.connect(S.dsn(TestServer.SCRAM_USER, TestServer.SCRAM_PASSWORD), opts));
        assertTrue(e.getMessage().contains("iterations"), e.getMessage());
    }

    @Test
    void passwordFromPassfile(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path pass = dir.resolve("pgpass");
        Files.writeString(pass, "# comment\n*:*:*:" + TestServer.SCRAM_USER + ":" + TestServer.SCRAM_PASSWORD + "\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        try (Connection c = Pg.connect(S.dsn(TestServer.SCRAM_USER, null) + " passfile=" + pass)) {
            assertEquals(TestServer.SCRAM_USER, currentUser(c));
        }
    }

    @Test
    void uriDsnAndOptions() {
        String uri = "postgresql://" + TestServer.SCRAM_USER + ":" + TestServer.SCRAM_PASSWORD + "@" + S.host() + ":"
                + S.port() + "/" + S.database() + "?application_name=gw%20uri&options=-c%20search_path%3Dpg_catalog";
        try (Connection c = Pg.connect(uri)) {
            Cursor cur = c.cursor();
            assertEquals("gw uri", cur.execute("SHOW application_name").fetchOne().get(0));
            assertEquals("pg_catalog", cur.execute("SHOW search_path").fetchOne().get(0));
            assertFalse(c.dsn().contains(TestServer.SCRAM_PASSWORD), c.dsn());
            assertTrue(c.dsn().contains("password=xxx"), c.dsn());
            assertFalse(c.toString().contains(TestServer.SCRAM_PASSWORD));
        }
    }

    @Test
    void paramsOverrideTheDsn() {
        ConnectOptions opts = ConnectOptions.builder().param("application_name", "from-options").build();
        try (Connection c = Pg.connect(S.dsn() + " application_name=from-dsn", opts)) {
            assertEquals("from-options", c.cursor().execute("SHOW application_name").fetchOne().get(0));
        }
    }

    @Test
    void timeZoneGoesInTheStartupPacket() {
        ConnectOptions opts = ConnectOptions.builder().timeZone("Asia/Kathmandu").build();
        try (Connection c = Pg.connect(S.dsn() + " options='-c search_path=pg_catalog'", opts)) {
            Cursor cur = c.cursor();
            assertEquals("Asia/Kathmandu", cur.execute("SHOW TimeZone").fetchOne().get(0));
            assertEquals("Asia/Kathmandu", c.parameterStatus("TimeZone"), "reported back");
            assertEquals("2024-01-02 00:00:00+05:45", cur.execute("SELECT '2024-01-02'::date::timestamptz::text").fetchOne().get(0));
            assertEquals("pg_catalog", cur.execute("SHOW search_path").fetchOne().get(0), "options still apply");
        }
        OperationalException e = assertThrows(OperationalException.class,
                () -> Pg.connect(S.dsn(), ConnectOptions.builder().timeZone("Nowhere/Else").build()).close());
        assertTrue(e.getMessage().contains("Nowhere/Else"), e.getMessage());
    }

    @Test
    void unixSocket() {
        try (Connection c = Pg.connect(S.unixDsn())) {
            assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0));
            assertNotNull(c.channel());
        }
    }

    @Test
    void badDsnAndUnknownDatabase() {
        ProgrammingException bad = assertThrows(ProgrammingException.class, () -> Pg.connect("host"));
        assertTrue(bad.getMessage().contains("invalid dsn"), bad.getMessage());
        OperationalException nodb = assertThrows(OperationalException.class,
                () -> Pg.connect(S.dsn() + " dbname=no_such_db_gw"));
        assertTrue(nodb.getMessage().contains("database \"no_such_db_gw\" does not exist"), nodb.getMessage());
    }

    @Test
    void refusedPortAndMultiHostFallback() throws IOException {
        int closedPort;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
            closedPort = ss.getLocalPort();
        }
        OperationalException e = assertThrows(OperationalException.class,
                () -> Pg.connect("host=127.0.0.1 port=" + closedPort + " user=postgres dbname=postgres"));
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
        try (Connection c = Pg.connect("host=127.0.0.1,127.0.0.1 port=" + closedPort + "," + S.port()
                + " user=" + S.superuser() + " dbname=" + S.database())) {
            assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0));
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFails() {
        Connection c = connect();
        Cursor cur = c.cursor();
        c.close();
        c.close();
        assertTrue(c.isClosed());
        assertEquals(TransactionStatus.UNKNOWN, c.transactionStatus());
        InterfaceException e = assertThrows(InterfaceException.class, () -> cur.execute("SELECT 1"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(InterfaceException.class, c::commit);
    }
}
