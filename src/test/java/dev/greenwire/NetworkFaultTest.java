package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.testing.FaultProxy;
import dev.greenwire.testing.TestServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Network faults through a misbehaving TCP proxy, and a server restart: each ends in
 * OperationalException with {@code isClosed()} true, never in a hang (the preemptive timeouts
 * are hang guards, far above the configured deadlines).
 */
class NetworkFaultTest extends PgTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private static String viaProxy(FaultProxy p) {
        TestServer s = TestServer.get();
        return "host=127.0.0.1 port=" + p.port() + " dbname=" + s.database() + " user=" + s.superuser() + " sslmode=disable";
    }

    private static ConnectOptions socketTimeout(long millis) {
        return ConnectOptions.builder().socketTimeout(Duration.ofMillis(millis)).build();
    }

    @Test
    void silentlyDroppedPacketsMidQueryHitTheSocketTimeout() throws Exception {
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", TestServer.get().port())) {
            for (boolean virtual : new boolean[] {false, true}) {
                Connection c = Pg.connect(viaProxy(proxy), socketTimeout(1000));
                c.autocommit(true);
                assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0));
                proxy.pause();
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                assertTimeoutPreemptively(HANG_GUARD, () -> {
                    Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                        try {
                            c.cursor().execute("SELECT 2");
                        } catch (Throwable e) {
                            thrown.set(e);
                        }
                    });
                    t.join();
                });
                proxy.resume();
                OperationalException e = assertInstanceOfOperational(thrown.get());
                assertTrue(e.getMessage().contains("socketTimeout"), e.getMessage());
                assertTrue(c.isClosed(), "isClosed() tells the truth");
                assertThrows(InterfaceException.class, () -> c.cursor());
            }
        }
    }

    @Test
    void theSocketTimeoutSparesIdleConnectionsAndNotificationWaits() throws Exception {
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", TestServer.get().port());
             Connection c = Pg.connect(viaProxy(proxy), socketTimeout(300))) {
            c.autocommit(true);
            c.cursor().execute("LISTEN gw_fault");
            assertEquals(0, c.awaitNotifies(Duration.ofMillis(900)).size(), "awaitNotifies has its own timeout");
            assertFalse(c.isClosed());
            assertEquals(3, c.cursor().execute("SELECT 3").fetchOne().get(0), "an idle gap is not a timeout");
            c.cursor().execute("SELECT pg_sleep(0.1)");
            assertFalse(c.isClosed(), "a statement shorter than the timeout is fine");
        }
    }

    @Test
    void aSilentNetworkDuringConnectHitsConnectTimeout() throws Exception {
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", TestServer.get().port())) {
            proxy.pause();
            OperationalException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(OperationalException.class,
                    () -> Pg.connect(viaProxy(proxy) + " connect_timeout=1")));
            assertTrue(e.getMessage().contains("timeout expired"), e.getMessage());
        }
    }

    @Test
    void halfClosedSocketsEndTheConnection() throws Exception {
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", TestServer.get().port())) {
            Connection idle = Pg.connect(viaProxy(proxy));
            Connection busy = Pg.connect(viaProxy(proxy));
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() ->
                    busy.cursor().execute("SELECT pg_sleep(30)").fetchOne());
            while (!busy.isExecuting()) {
                Thread.onSpinWait();
            }
            proxy.halfCloseClients();
            Throwable t = assertTimeoutPreemptively(HANG_GUARD, () ->
                    assertThrows(java.util.concurrent.ExecutionException.class, running::get).getCause());
            OperationalException e = assertInstanceOfOperational(t);
            assertTrue(e.getMessage().contains("server closed the connection unexpectedly"), e.getMessage());
            assertTrue(busy.isClosed());
            e = assertThrows(OperationalException.class, () -> idle.cursor().execute("SELECT 1"));
            assertTrue(idle.isClosed(), e.getMessage());
        }
    }

    @Test
    void aServerRestartEndsOpenConnectionsAndNewOnesWork() {
        Connection before = connect();
        before.autocommit(true);
        assertEquals(1, before.cursor().execute("SELECT 1").fetchOne().get(0));
        TestServer.get().restart();
        OperationalException e = assertTimeoutPreemptively(HANG_GUARD, () ->
                assertThrows(OperationalException.class, () -> before.cursor().execute("SELECT 1")));
        assertTrue(before.isClosed(), e.getMessage());
        try (Connection after = connect()) {
            assertEquals(2, after.cursor().execute("SELECT 2").fetchOne().get(0));
        }
    }

    private static OperationalException assertInstanceOfOperational(Throwable t) {
        if (t instanceof OperationalException e) {
            return e;
        }
        throw new AssertionError("expected OperationalException, got " + t, t);
    }
}
