package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Host names are resolved off the caller's thread (TestResolver makes some names slow or
 * multi-address): connecting never blocks past connect_timeout, an async connect returns at
 * once, and every address of a name is tried in turn, as libpq does.
 */
class ResolutionTest extends PgTest {
    private static String dsnFor(String host, String extra) {
        TestServer s = TestServer.get();
        return "host=" + host + " port=" + s.port() + " dbname=" + s.database() + " user=" + s.superuser()
                + " sslmode=disable " + extra;
    }

    @Test
    void anAsyncConnectReturnsAtOnceWhileTheNameResolves() throws Exception {
        long t0 = System.nanoTime();
        Connection c = Pg.connect(dsnFor("slow1.greenwire.test", ""), ConnectOptions.builder().async(true).build());
        try {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 2000, "Pg.connect waited " + ms + " ms for the name");
            assertTrue(c.channel() != null, "there is a channel to wait on");
            AsyncTest.waitFor(c);
            Cursor cur = c.cursor();
            cur.execute("SELECT 1");
            AsyncTest.waitFor(c);
            assertEquals(1, ((Number) cur.fetchOne().get(0)).intValue());
        } finally {
            c.close();
        }
    }

    @Test
    void connectTimeoutBoundsTheResolution() {
        long t0 = System.nanoTime();
        OperationalException e = assertThrows(OperationalException.class,
                () -> Pg.connect(dsnFor("slow2.greenwire.test", "connect_timeout=2")).close());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains("could not translate host name \"slow2.greenwire.test\" to address: timeout expired"),
                e.getMessage());
        assertTrue(ms < 4500, "gave up after " + ms + " ms (connect_timeout=2)");
    }

    @Test
    void everyAddressOfANameIsTriedInTurn() {
        try (Connection c = Pg.connect(dsnFor(TestResolver.MULTI, "connect_timeout=5"))) {
            assertEquals(1, ((Number) c.cursor().execute("SELECT 1").fetchOne().get(0)).intValue(),
                    "127.0.0.2 refused, 127.0.0.1 answered");
        }
        OperationalException e = assertThrows(OperationalException.class,
                () -> Pg.connect("host=" + TestResolver.MULTI + " port=1 user=x dbname=x sslmode=disable").close());
        assertTrue(e.getMessage().contains("(127.0.0.2), port 1 failed") && e.getMessage().contains("(127.0.0.1), port 1 failed"),
                "both addresses named: " + e.getMessage());
    }

    @Test
    void aNameThatDoesNotResolveFailsClearly() {
        OperationalException e = assertThrows(OperationalException.class,
                () -> Pg.connect("host=no-such-host.invalid port=5432 user=x dbname=x sslmode=disable").close());
        assertTrue(e.getMessage().contains("could not translate host name \"no-such-host.invalid\" to address"),
                e.getMessage());
    }
}
