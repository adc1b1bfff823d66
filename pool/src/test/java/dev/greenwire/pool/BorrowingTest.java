package dev.greenwire.pool;

import static dev.greenwire.pool.PoolTestSupport.builder;
import static dev.greenwire.pool.PoolTestSupport.eventually;
import static dev.greenwire.pool.PoolTestSupport.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.InterfaceException;
import dev.greenwire.OperationalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Borrowing and waiting: leases, FIFO order, timeouts, maxWaiting, interrupts, closing. */
class BorrowingTest {

    @Test
    void aReturnedReferenceIsDeadButTheConnectionLivesOn() {
        try (ConnectionPool pool = builder(PoolTestSupport.app("lease")).minSize(1).build()) {
            Connection first = pool.connection();
            int pid = first.backendPid();
            Cursor cur = first.cursor();
            cur.execute("SELECT 1");
            first.close();
            assertTrue(first.isClosed(), "a returned lease reports closed");
            first.close(); // harmless
            InterfaceException e = assertThrows(InterfaceException.class, first::cursor);
            assertTrue(e.getMessage().contains("pool '" + pool.name() + "'"), e.getMessage());
            assertThrows(InterfaceException.class, first::commit);
            assertThrows(InterfaceException.class, first::autocommit);
            assertThrows(InterfaceException.class, first::backendPid);
            assertThrows(InterfaceException.class, () -> cur.execute("SELECT 2"), "a cursor of the lease dies with it");
            try (Connection second = pool.connection()) {
                assertNotSame(first, second, "each borrow is a new reference");
                assertEquals(pid, second.backendPid(), "the same server session lives on");
                assertEquals(1, ((Number) second.cursor().execute("SELECT 1").fetchOne().get(0)).intValue());
            }
        }
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        try (ConnectionPool pool = builder(PoolTestSupport.app("fifo")).minSize(1).build()) {
            pool.waitReady(Duration.ofSeconds(10));
            Connection held = pool.connection();
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<Future<?>> done = new ArrayList<>();
            int n = 20;
            for (int i = 0; i < n; i++) {
                int me = i;
                done.add(CompletableFuture.runAsync(() -> {
                    try (Connection c = pool.connection()) {
                        order.add(me);
                        c.cursor().execute("SELECT %s", me);
                    }
                }, r -> Thread.ofVirtual().start(r)));
                long queued = me + 1;
                eventually(Duration.ofSeconds(10), "waiter " + me + " queued",
                        () -> stat(pool, "requestsWaiting") == queued);
            }
            held.close();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(i);
            }
            assertEquals(expected, order, "strict FIFO");
            assertEquals(n, stat(pool, "requestsQueued"));
        }
    }

    @Test
    void aWaiterTimesOutWithinItsTimeout() {
        try (ConnectionPool pool = builder(PoolTestSupport.app("timeout")).minSize(1).build();
                Connection held = pool.connection()) {
            long t0 = System.nanoTime();
            PoolTimeoutException e = assertThrows(PoolTimeoutException.class, () -> pool.connection(Duration.ofMillis(300)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 300 && ms < 300 + 1500, "timed out after " + ms + " ms");
            assertTrue(e.getMessage().contains("300 ms") && e.getMessage().contains(pool.name()), e.getMessage());
            assertInstanceOf(OperationalException.class, e);
            assertEquals(0, stat(pool, "requestsWaiting"), "the waiter left the queue");
            assertEquals(1, stat(pool, "requestsErrors"));
            assertFalse(held.isClosed());
        }
    }

    @Test
    void maxWaitingRefusesAtOnce() throws Exception {
        try (ConnectionPool pool = builder(PoolTestSupport.app("maxwait")).minSize(1).maxWaiting(2).build();
                Connection held = pool.connection()) {
            List<CompletableFuture<Integer>> waiting = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                waiting.add(CompletableFuture.supplyAsync(() -> {
                    try (Connection c = pool.connection()) {
                        return c.backendPid();
                    }
                }, r -> Thread.ofVirtual().start(r)));
                long q = i + 1;
                eventually(Duration.ofSeconds(10), "queued", () -> stat(pool, "requestsWaiting") == q);
            }
            TooManyRequestsException e = assertThrows(TooManyRequestsException.class, pool::connection);
            assertTrue(e.getMessage().contains("maxWaiting 2"), e.getMessage());
            int pid = held.backendPid();
            held.close();
            for (CompletableFuture<Integer> f : waiting) {
                assertEquals(pid, f.get(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void anInterruptedWaiterLeavesTheQueueWithItsFlagSet() throws Exception {
        try (ConnectionPool pool = builder(PoolTestSupport.app("interrupt")).minSize(1).build();
                Connection held = pool.connection()) {
            CompletableFuture<String> outcome = new CompletableFuture<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try (Connection c = pool.connection()) {
                    outcome.complete("got a connection");
                } catch (OperationalException e) {
                    outcome.complete((Thread.currentThread().isInterrupted() ? "flag set: " : "flag lost: ")
                            + e.getClass().getSimpleName() + ": " + e.getMessage());
                } catch (Throwable e) {
                    outcome.complete("unexpected " + e);
                }
            });
            eventually(Duration.ofSeconds(10), "queued", () -> stat(pool, "requestsWaiting") == 1);
            t.interrupt();
            String got = outcome.get(10, TimeUnit.SECONDS);
            assertTrue(got.startsWith("flag set: OperationalException: interrupted"), got);
            assertEquals(0, stat(pool, "requestsWaiting"));
            held.close();
            try (Connection c = pool.connection(Duration.ofSeconds(5))) {
                assertEquals(1, ((Number) c.cursor().execute("SELECT 1").fetchOne().get(0)).intValue());
            }
        }
    }

    @Test
    void closingWithBorrowersOut() throws Exception {
        String app = PoolTestSupport.app("close");
        try (Connection observer = PoolTestSupport.direct()) {
            ConnectionPool pool = builder(app).minSize(3).build();
            pool.waitReady(Duration.ofSeconds(10));
            Connection a = pool.connection();
            Connection b = pool.connection();
            CompletableFuture<Throwable> waiter = new CompletableFuture<>();
            ConnectionPool small = builder(PoolTestSupport.app("close_waiter")).minSize(1).build();
            Connection only = small.connection();
            Thread.ofVirtual().start(() -> {
                try (Connection c = small.connection()) {
                    waiter.complete(null);
                } catch (Throwable e) {
                    waiter.complete(e);
                }
            });
            eventually(Duration.ofSeconds(10), "queued", () -> stat(small, "requestsWaiting") == 1);
            small.close();
            assertInstanceOf(PoolClosedException.class, waiter.get(10, TimeUnit.SECONDS), "a waiter learns of the close");
            only.close(); // harmless after close
            assertThrows(PoolClosedException.class, small::connection);

            pool.close();
            assertTrue(pool.isClosed());
            eventually(Duration.ofSeconds(10), "idle connections closed", () -> PoolTestSupport.backends(observer, app).size() == 2);
            assertEquals(1, ((Number) a.cursor().execute("SELECT 1").fetchOne().get(0)).intValue(), "borrowers keep working");
            a.close();
            b.close();
            b.close();
            eventually(Duration.ofSeconds(10), "returned connections closed", () -> PoolTestSupport.backends(observer, app).isEmpty());
            PoolClosedException e = assertThrows(PoolClosedException.class, pool::connection);
            assertTrue(e.getMessage().contains(app), e.getMessage());
        }
    }

    @Test
    void closeWithGraceClosesWhatIsStillOut() throws Exception {
        String app = PoolTestSupport.app("grace");
        try (Connection observer = PoolTestSupport.direct()) {
            ConnectionPool pool = builder(app).minSize(2).build();
            pool.waitReady(Duration.ofSeconds(10));
            Connection returnsInTime = pool.connection();
            Connection keeps = pool.connection();
            Thread.ofVirtual().start(() -> {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
                returnsInTime.close();
            });
            pool.close(Duration.ofSeconds(1));
            assertTrue(returnsInTime.isClosed());
            assertThrows(dev.greenwire.PgException.class, () -> keeps.cursor().execute("SELECT 1"),
                    "a connection kept past the grace period is closed");
            keeps.close();
            eventually(Duration.ofSeconds(10), "no backend left", () -> PoolTestSupport.backends(observer, app).isEmpty());
        }
    }

    @Test
    void badInputIsRefusedClearly() {
        String dsn = PoolTestSupport.dsn("bad");
        assertMessage(() -> ConnectionPool.builder(dsn).minSize(-1), "minSize");
        assertMessage(() -> ConnectionPool.builder(dsn).maxSize(0), "maxSize");
        assertMessage(() -> ConnectionPool.builder(dsn).minSize(5).maxSize(2).build(), "minSize (5) is greater than maxSize (2)");
        assertMessage(() -> ConnectionPool.builder(dsn).timeout(Duration.ZERO), "timeout");
        assertMessage(() -> ConnectionPool.builder(dsn).maxLifetime(Duration.ofSeconds(-1)), "maxLifetime");
        assertMessage(() -> ConnectionPool.builder(dsn).maxIdle(Duration.ZERO), "maxIdle");
        assertMessage(() -> ConnectionPool.builder(dsn).maxWaiting(-3), "maxWaiting");
        assertMessage(() -> ConnectionPool.builder(dsn).leakThreshold(Duration.ZERO), "leakThreshold");
        assertMessage(() -> ConnectionPool.builder(dsn).reconnectTimeout(Duration.ZERO), "reconnectTimeout");
        assertMessage(() -> ConnectionPool.builder(dsn, dev.greenwire.ConnectOptions.builder().async(true).build()), "async");
        try (ConnectionPool pool = builder(PoolTestSupport.app("bad")).minSize(1).build()) {
            assertMessage(() -> pool.connection(Duration.ZERO), "timeout");
            assertMessage(() -> pool.resize(3, 1), "minSize (3) is greater than maxSize (1)");
            assertMessage(() -> pool.close(Duration.ofSeconds(-1)), "grace");
            Connection c = pool.connection();
            pool.putConn(c);
            InterfaceException twice = assertThrows(InterfaceException.class, () -> pool.putConn(c));
            assertTrue(twice.getMessage().contains("already given back"), twice.getMessage());
            try (ConnectionPool other = builder(PoolTestSupport.app("other")).minSize(1).build();
                    Connection foreign = other.connection()) {
                InterfaceException e = assertThrows(InterfaceException.class, () -> pool.putConn(foreign));
                assertTrue(e.getMessage().contains("does not belong to pool '" + pool.name() + "'"), e.getMessage());
                assertFalse(foreign.isClosed(), "refusing it leaves it with its borrower");
            }
            try (Connection plain = PoolTestSupport.direct()) {
                assertThrows(InterfaceException.class, () -> pool.putConn(plain));
                assertFalse(plain.isClosed());
            }
            assertEquals(1, stat(pool, "poolAvailable"), "nothing leaked: the one connection is idle");
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should name " + part);
    }

    static <T> T get(Future<T> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }
}
