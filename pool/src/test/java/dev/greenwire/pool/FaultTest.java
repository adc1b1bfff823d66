package dev.greenwire.pool;

import static dev.greenwire.pool.PoolTestSupport.builder;
import static dev.greenwire.pool.PoolTestSupport.eventually;
import static dev.greenwire.pool.PoolTestSupport.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.PgException;
import dev.greenwire.testing.FaultProxy;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults: a server restart under load, terminated backends, a server down when the pool opens,
 * a network that silently drops packets; file descriptors and pooled connections come back to
 * where they started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultTest {
    private static long fdsAtStart;
    private static java.util.Set<String> fdsBefore;

    @BeforeAll
    static void start() {
        TestServer.get();
        // load the classes and start the JVM's own pollers and threads that every test uses
        try (ConnectionPool warm = builder(PoolTestSupport.app("warm")).minSize(4).build()) {
            warm.waitReady(Duration.ofSeconds(10));
            try (LifecycleTest.Load load = new LifecycleTest.Load(warm, 50)) {
                load.runFor(Duration.ofMillis(500));
                load.close();
                load.assertNoFailure();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        fdsAtStart = PoolTestSupport.openFds();
        fdsBefore = PoolTestSupport.fdTargets();
    }

    @AfterAll
    static void nothingLeaked() {
        try {
            eventually(Duration.ofSeconds(10), "file descriptors back to " + fdsAtStart,
                    () -> PoolTestSupport.openFds() <= fdsAtStart);
        } catch (AssertionError e) {
            java.util.Set<String> now = PoolTestSupport.fdTargets();
            now.removeAll(fdsBefore);
            throw new AssertionError(e.getMessage() + "; new: " + now, e);
        }
    }

    /** One outcome of a borrow + query: when it started and ended, and its error if any. */
    record Outcome(long start, long end, Throwable error) {
    }

    @Test
    @Order(1)
    void aServerRestartUnderLoadRecoversWithNoStaleConnection() throws Exception {
        String app = PoolTestSupport.app("restart");
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        long tBack;
        try (ConnectionPool pool = builder(app).minSize(16).timeout(Duration.ofSeconds(20)).build()) {
            pool.waitReady(Duration.ofSeconds(20));
            for (int i = 0; i < 1000; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        long s = System.nanoTime();
                        try (Connection c = pool.connection()) {
                            c.cursor().execute("SELECT 1");
                            c.commit();
                            outcomes.add(new Outcome(s, System.nanoTime(), null));
                        } catch (Throwable t) {
                            outcomes.add(new Outcome(s, System.nanoTime(), t));
                        }
                    }
                }));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000_000);
            TestServer.get().restart();
            tBack = System.nanoTime();
            java.util.concurrent.locks.LockSupport.parkNanos(4_000_000_000L);
            stop.set(true);
            for (Thread t : threads) {
                assertTrue(t.join(Duration.ofSeconds(60)), "a borrower hangs");
            }
            long firstOkAfter = outcomes.stream().filter(o -> o.error() == null && o.start() >= tBack)
                    .mapToLong(Outcome::end).min().orElseThrow(() -> new AssertionError("no success after the restart"));
            double recovery = (firstOkAfter - tBack) / 1e9;
            List<Outcome> lateFailures = outcomes.stream().filter(o -> o.error() != null && o.start() >= tBack).toList();
            long okAfter = outcomes.stream().filter(o -> o.error() == null && o.start() >= tBack).count();
            long failedDuring = outcomes.stream().filter(o -> o.error() != null && o.start() < tBack).count();
            System.out.printf("restart under load: recovered %.3f s after the server was back; %d borrows ok after it,"
                    + " %d failed after it, %d failed during the restart; %s%n", recovery, okAfter, lateFailures.size(),
                    failedDuring, pool.stats());
            assertTrue(lateFailures.isEmpty(), lateFailures.size() + " borrows begun after the server was back failed, e.g. "
                    + (lateFailures.isEmpty() ? "" : lateFailures.get(0).error()));
            assertTrue(recovery < 2.0, "recovery took " + recovery + " s");
            assertTrue(okAfter > 1000, "work went on after the restart: " + okAfter);
            for (Outcome o : outcomes) {
                if (o.error() != null && !(o.error() instanceof PgException)) {
                    throw new AssertionError("an unexpected failure during the restart", o.error());
                }
            }
            eventually(Duration.ofSeconds(10), "the pool is full again", () -> stat(pool, "poolSize") == 16
                    && stat(pool, "poolAvailable") == 16);
            assertTrue(stat(pool, "connectionsLost") + stat(pool, "returnsBad") >= 16, "every old connection was replaced: "
                    + pool.stats());
        }
    }

    @Test
    @Order(2)
    void terminatingEveryIdleBackendLosesNoBorrow() throws Exception {
        String app = PoolTestSupport.app("terminate");
        try (ConnectionPool pool = builder(app).minSize(8).build(); Connection observer = PoolTestSupport.direct()) {
            pool.waitReady(Duration.ofSeconds(10));
            List<Integer> before = PoolTestSupport.backends(observer, app);
            assertEquals(8, before.size());
            // with a timeout, pg_terminate_backend returns once each backend has exited (its FATAL sent)
            observer.cursor().execute("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                    + " WHERE application_name = %s", app);
            AtomicLong ok = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int j = 0; j < 100; j++) {
                        try (Connection c = pool.connection()) {
                            c.cursor().execute("SELECT 1");
                            ok.incrementAndGet();
                        } catch (Throwable t) {
                            errors.add(t);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                assertTrue(t.join(Duration.ofSeconds(60)), "a borrower hangs");
            }
            assertTrue(errors.isEmpty(), errors.size() + " borrows failed, e.g. " + errors.peek());
            assertEquals(1000, ok.get());
            List<Integer> after = PoolTestSupport.backends(observer, app);
            assertTrue(after.stream().noneMatch(before::contains), "every terminated backend was replaced: " + after);
            assertEquals(8, stat(pool, "connectionsLost"), pool.stats().toString());
        }
    }

    @Test
    @Order(3)
    void aServerDownWhenThePoolOpensTimesOutClearlyThenFills() {
        String app = PoolTestSupport.app("down");
        TestServer server = TestServer.get();
        server.stop();
        ConnectionPool pool;
        try {
            pool = builder(app).minSize(4).build();
            PoolTimeoutException e = org.junit.jupiter.api.Assertions.assertThrows(PoolTimeoutException.class,
                    () -> pool.waitReady(Duration.ofMillis(1500)));
            assertTrue(e.getMessage().contains("0 of its 4 connections") && e.getMessage().contains("last connection error"),
                    e.getMessage());
            PoolTimeoutException borrow = org.junit.jupiter.api.Assertions.assertThrows(PoolTimeoutException.class,
                    () -> pool.connection(Duration.ofMillis(300)));
            assertTrue(borrow.getMessage().contains("last connection error"), borrow.getMessage());
            assertTrue(stat(pool, "connectionsErrors") >= 1);
        } finally {
            server.start();
        }
        try (pool) {
            pool.waitReady(Duration.ofSeconds(10));
            assertEquals(4, stat(pool, "poolSize"));
            try (Connection c = pool.connection()) {
                assertEquals(1, ((Number) c.cursor().execute("SELECT 1").fetchOne().get(0)).intValue());
            }
        }
    }

    @Test
    @Order(4)
    void aSilentlyDroppingNetworkGivesErrorsWithinDeadlinesNeverAHang() throws Exception {
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", TestServer.get().port())) {
            String app = PoolTestSupport.app("dropping");
            String dsn = "host=127.0.0.1 port=" + proxy.port() + " dbname=" + TestServer.get().database() + " user="
                    + TestServer.get().superuser() + " application_name=" + app + " connect_timeout=2";
            ConnectOptions opts = ConnectOptions.builder().waitCallback(WaitStrategies.parking())
                    .socketTimeout(Duration.ofSeconds(2)).build();
            try (ConnectionPool pool = ConnectionPool.builder(dsn, opts).name(app).minSize(4)
                    .timeout(Duration.ofSeconds(3)).reconnectDelay(Duration.ofMillis(200), Duration.ofMillis(500)).build()) {
                pool.waitReady(Duration.ofSeconds(10));
                proxy.pause();
                ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    threads.add(Thread.ofVirtual().start(() -> {
                        long s = System.nanoTime();
                        try (Connection c = pool.connection()) {
                            c.cursor().execute("SELECT 1");
                            outcomes.add(new Outcome(s, System.nanoTime(), null));
                        } catch (Throwable t) {
                            outcomes.add(new Outcome(s, System.nanoTime(), t));
                        }
                    }));
                }
                for (Thread t : threads) {
                    assertTrue(t.join(Duration.ofSeconds(30)), "a borrower hangs behind a silent network");
                }
                for (Outcome o : outcomes) {
                    double secs = (o.end() - o.start()) / 1e9;
                    assertTrue(o.error() instanceof PgException, "expected an error, got " + o.error());
                    // the pool's timeout (3 s) or the socket timeout (2 s) after a lend, whichever came first
                    assertTrue(secs < 3 + 2 + 1.5, "an error after " + secs + " s: " + o.error());
                }
                proxy.resume();
                eventually(Duration.ofSeconds(20), "the pool works again once the network does", () -> {
                    try (Connection c = pool.connection()) {
                        c.cursor().execute("SELECT 1");
                        return true;
                    } catch (PgException e) {
                        return false;
                    }
                });
            }
        }
    }

    @Test
    @Order(5)
    void everythingIsClosedAfterwards() {
        try (Connection observer = PoolTestSupport.direct()) {
            String left = "SELECT string_agg(application_name || ' ' || state, ', ') FROM pg_stat_activity"
                    + " WHERE application_name LIKE 'gwpool%%' AND pid <> pg_backend_pid()";
            try {
                eventually(Duration.ofSeconds(10), "no pooled backend left",
                        () -> observer.cursor().execute(left).fetchOne().get(0) == null);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + observer.cursor().execute(left).fetchOne().get(0), e);
            }
        }
    }
}
