package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** target_session_attrs, load_balance_hosts and the keepalive options. */
class TargetSessionAttrsTest extends PgTest {

    @BeforeAll
    static void readOnlyRole() {
        exec("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gw_ro') THEN"
                + " CREATE ROLE gw_ro LOGIN; END IF; END $$",
                "ALTER ROLE gw_ro SET default_transaction_read_only = on");
    }

    private static String hosts(String user) {
        TestServer s = TestServer.get();
        return "host=127.0.0.1,localhost port=" + s.port() + " dbname=" + s.database() + " user=" + user;
    }

    private static String who(Connection c) {
        return (String) c.cursor().execute("SELECT current_user").fetchOne().get(0);
    }

    @Test
    void readWriteAndReadOnly() {
        String su = TestServer.get().superuser();
        try (Connection c = Pg.connect(hosts(su) + " target_session_attrs=read-write")) {
            assertEquals(su, who(c));
        }
        try (Connection c = Pg.connect(hosts("gw_ro") + " target_session_attrs=read-only")) {
            assertEquals("gw_ro", who(c));
        }
        OperationalException rw = assertThrows(OperationalException.class,
                () -> Pg.connect(hosts("gw_ro") + " target_session_attrs=read-write"));
        assertTrue(rw.getMessage().contains("session is read-only"), rw.getMessage());
        assertEquals(2, rw.getMessage().lines().filter(l -> l.contains("session is read-only")).count(),
                "both hosts tried: " + rw.getMessage());
        OperationalException ro = assertThrows(OperationalException.class,
                () -> Pg.connect(hosts(su) + " target_session_attrs=read-only"));
        assertTrue(ro.getMessage().contains("session is not read-only"), ro.getMessage());
    }

    @Test
    void primaryStandbyAndPreferStandby() {
        String su = TestServer.get().superuser();
        try (Connection c = Pg.connect(hosts(su) + " target_session_attrs=primary")) {
            assertEquals("off", c.parameterStatus("in_hot_standby"));
        }
        OperationalException sb = assertThrows(OperationalException.class,
                () -> Pg.connect(hosts(su) + " target_session_attrs=standby"));
        assertTrue(sb.getMessage().contains("server is not in hot standby mode"), sb.getMessage());
        try (Connection c = Pg.connect(hosts(su) + " target_session_attrs=prefer-standby")) {
            assertEquals(su, who(c), "no standby: prefer-standby takes any server");
        }
    }

    @Test
    void loadBalanceAndKeepalives() {
        String su = TestServer.get().superuser();
        for (int i = 0; i < 10; i++) {
            try (Connection c = Pg.connect(hosts(su) + " load_balance_hosts=random keepalives=1 keepalives_idle=30"
                    + " keepalives_interval=5 keepalives_count=3")) {
                assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0));
                java.nio.channels.SocketChannel ch = (java.nio.channels.SocketChannel) c.channel();
                assertEquals(true, assertDoesNotThrow(() -> ch.getOption(java.net.StandardSocketOptions.SO_KEEPALIVE)));
                assertEquals(30, assertDoesNotThrow(() -> ch.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE)));
                assertEquals(5, assertDoesNotThrow(() -> ch.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL)));
                assertEquals(3, assertDoesNotThrow(() -> ch.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT)));
            }
        }
        try (Connection c = Pg.connect(hosts(su) + " keepalives=0")) {
            assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0));
        }
        try (Connection c = Pg.connect(hosts(su) + " tcp_user_timeout=1234")) {
            java.nio.ByteBuffer v = java.nio.ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder());
            jnr.ffi.byref.IntByReference len = new jnr.ffi.byref.IntByReference(4);
            int rc = jnr.posix.POSIXFactory.getNativePOSIX().libc().getsockopt(c.fileno(), 6, 18, v, len);
            assertEquals(0, rc);
            assertEquals(1234, v.getInt(0), "TCP_USER_TIMEOUT as the kernel holds it");
        }
        OperationalException e = assertThrows(OperationalException.class,
                () -> Pg.connect(hosts(su) + " tcp_user_timeout=soon"));
        assertTrue(e.getMessage().contains("invalid integer value \"soon\" for connection option \"tcp_user_timeout\""),
                e.getMessage());
    }
}
