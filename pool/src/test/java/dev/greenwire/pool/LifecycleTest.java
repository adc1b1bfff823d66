package dev.greenwire.pool;

import static dev.greenwire.pool.PoolTestSupport.builder;
import static dev.greenwire.pool.PoolTestSupport.eventually;
import static dev.greenwire.pool.PoolTestSupport.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.Connection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Sizes over time: resize, maxLifetime, maxIdle, drain, check, leak reports. */
class LifecycleTest {

    /** Virtual threads borrowing in a loop until stopped; counts successes and keeps the first failure. */
    static final class Load implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        final Set<Integer> pids = ConcurrentHashMap.newKeySet();
        final List<Thread> threads = new ArrayList<>();

        Load(ConnectionPool pool, int n) {
            for (int i = 0; i < n; i++) {
                int me = i;
                threads.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        try (Connection c = pool.connection()) {
                            Object v = c.cursor().execute("SELECT %s::int, pg_backend_pid()", me).fetchOne().get(0);
                            if (((Number) v).intValue() != me) {
                                throw new AssertionError("wrong result " + v + " for " + me);
                            }
                            pids.add(c.backendPid());
                            ok.incrementAndGet();
                        } catch (Throwable t) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, t);
                        }
                    }
                }));
            }
        }

        void runFor(Duration d) {
            java.util.concurrent.locks.LockSupport.parkNanos(d.toNanos());
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                assertTrue(t.join(Duration.ofSeconds(30)), "a load thread did not finish");
            }
        }

        void assertNoFailure() {
            Throwable t = firstFailure.get();
            if (t != null) {
                throw new AssertionError(failed.get() + " borrows failed under load, the first: " + t, t);
            }
            assertTrue(ok.get() > 0, "the load ran");
        }
    }

    @Test
    void resizeUpAndDownUnderLoad() throws Exception {
        String app = PoolTestSupport.app("resize");
        try (ConnectionPool pool = builder(app).minSize(2).maxSize(2).build()) {
            pool.waitReady(Duration.ofSeconds(10));
            try (Load load = new Load(pool, 16)) {
                load.runFor(Duration.ofMillis(300));
                pool.resize(6, 8);
                eventually(Duration.ofSeconds(10), "grown to 6+", () -> stat(pool, "poolSize") >= 6);
                assertTrue(stat(pool, "poolMax") == 8 && stat(pool, "poolMin") == 6);
                load.runFor(Duration.ofMillis(300));
                pool.resize(1, 3);
                eventually(Duration.ofSeconds(10), "shrunk to 3 or less", () -> stat(pool, "poolSize") <= 3);
                load.runFor(Duration.ofMillis(300));
                load.close();
                load.assertNoFailure();
            }
            try (Connection observer = PoolTestSupport.direct()) {
                eventually(Duration.ofSeconds(10), "surplus backends closed",
                        () -> PoolTestSupport.backends(observer, app).size() <= 3);
            }
        }
    }

    @Test
    void maxLifetimeRotatesConnectionsWithoutFailedBorrows() throws Exception {
        try (ConnectionPool pool = builder(PoolTestSupport.app("lifetime")).minSize(4).maxLifetime(Duration.ofMillis(300))
                .build()) {
            pool.waitReady(Duration.ofSeconds(10));
            try (Load load = new Load(pool, 32)) {
                load.runFor(Duration.ofMillis(2000));
                load.close();
                load.assertNoFailure();
                assertTrue(load.pids.size() >= 8, "connections were replaced: " + load.pids.size() + " backends served");
            }
            assertTrue(stat(pool, "connectionsNum") >= 8, "rotated: " + pool.stats());
            assertEquals(0, stat(pool, "requestsErrors"));
            assertEquals(0, stat(pool, "connectionsErrors"));
        }
    }

    @Test
    void idleConnectionsAboveMinSizeCloseAfterMaxIdle() throws Exception {
        try (ConnectionPool pool = builder(PoolTestSupport.app("maxidle")).minSize(1).maxSize(5)
                .maxIdle(Duration.ofMillis(200)).build()) {
            pool.waitReady(Duration.ofSeconds(10));
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                held.add(pool.connection());
            }
            assertEquals(5, stat(pool, "poolSize"));
            held.forEach(Connection::close);
            eventually(Duration.ofSeconds(10), "back to minSize", () -> stat(pool, "poolSize") == 1);
            java.util.concurrent.locks.LockSupport.parkNanos(400_000_000);
            assertEquals(1, stat(pool, "poolSize"), "never below minSize");
            try (Connection c = pool.connection(Duration.ofSeconds(5))) {
                assertEquals(1, ((Number) c.cursor().execute("SELECT 1").fetchOne().get(0)).intValue());
            }
        }
    }

    @Test
    void drainReplacesEveryConnection() throws Exception {
        String app = PoolTestSupport.app("drain");
        try (ConnectionPool pool = builder(app).minSize(3).build(); Connection observer = PoolTestSupport.direct()) {
            pool.waitReady(Duration.ofSeconds(10));
            Set<Integer> before = new HashSet<>(PoolTestSupport.backends(observer, app));
            Connection out = pool.connection();
            int outPid = out.backendPid();
            pool.drain();
            eventually(Duration.ofSeconds(10), "idle ones replaced", () -> {
                List<Integer> now = PoolTestSupport.backends(observer, app);
                return now.size() == 3 && now.stream().filter(before::contains).toList().equals(List.of(outPid));
            });
            out.close();
            eventually(Duration.ofSeconds(10), "the borrowed one replaced on return", () -> {
                List<Integer> now = PoolTestSupport.backends(observer, app);
                return now.size() == 3 && now.stream().noneMatch(before::contains);
            });
        }
    }

    @Test
    void checkReplacesBrokenIdleConnections() {
        String app = PoolTestSupport.app("check");
        try (ConnectionPool pool = builder(app).minSize(3).build(); Connection observer = PoolTestSupport.direct()) {
            pool.waitReady(Duration.ofSeconds(10));
            List<Integer> pids = PoolTestSupport.backends(observer, app);
            assertEquals(3, pids.size());
            pool.check();
            assertEquals(pids, PoolTestSupport.backends(observer, app), "check keeps working connections");
            assertEquals(0, stat(pool, "connectionsLost"));
            assertEquals(3, stat(pool, "poolAvailable"));
        }
    }

    @Test
    void aLeakIsReportedWithTheBorrowersStack() throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String app = PoolTestSupport.app("leak");
        try (ConnectionPool pool = builder(app).minSize(1).leakThreshold(Duration.ofMillis(100)).build()) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Connection c = pool.connection();
            CountDownLatch seen = new CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < end && !captured.toString(StandardCharsets.UTF_8).contains("possible connection leak")) {
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                }
                seen.countDown();
            });
            assertTrue(seen.await(15, TimeUnit.SECONDS));
            c.close();
            eventually(Duration.ofSeconds(5), "the return is logged",
                    () -> captured.toString(StandardCharsets.UTF_8).contains("reported as leaked came back"));
        } finally {
            System.setErr(saved);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("pool '" + app + "': possible connection leak"), log);
        assertTrue(log.contains("leakThreshold 100 ms"), log);
        assertTrue(log.contains("LifecycleTest.aLeakIsReportedWithTheBorrowersStack"), "the borrower's stack: " + log);
        assertEquals(1, log.split("possible connection leak", -1).length - 1, "reported once: " + log);
    }
}
