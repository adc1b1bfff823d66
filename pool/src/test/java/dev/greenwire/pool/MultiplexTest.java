package dev.greenwire.pool;

import static dev.greenwire.pool.PoolTestSupport.builder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.Connection;
import dev.greenwire.IntegrityException;
import dev.greenwire.OperationalException;
import dev.greenwire.PgException;
import dev.greenwire.ProgrammingException;
import dev.greenwire.QueryCanceledException;
import dev.greenwire.Row;
import dev.greenwire.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code pool.execute/fetch/fetchOne}: many virtual threads' autocommit statements pipelined on
 * few connections, one Sync (one implicit transaction, one error scope) per statement.
 */
class MultiplexTest {

    /** Runs {@code n} virtual threads of {@code body}, joins them (bounded) and rethrows the first failure. */
    static void inThreads(int n, java.util.function.IntConsumer body) throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    body.accept(k);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(60)), "a multiplexed caller hangs");
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " caller(s) failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    @Test
    void eachCallerGetsItsOwnResultOnFewConnectionsEachStatementItsOwnTransaction() throws Exception {
        String app = PoolTestSupport.app("mux");
        try (ConnectionPool pool = builder(app).minSize(4).maxSize(4).multiplexLanes(2).build()) {
            pool.waitReady(Duration.ofSeconds(20));
            Set<Long> txids = ConcurrentHashMap.newKeySet();
            AtomicInteger statements = new AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
            Thread load = Thread.ofPlatform().start(() -> {
                try {
                    inThreads(500, k -> {
                        for (int j = 0; j < 10; j++) {
                            Row r = pool.fetchOne("SELECT %s::int * 2, txid_current()", k * 10 + j);
                            assertEquals((k * 10 + j) * 2, r.getInt(0), "caller " + k + " got another caller's row");
                            assertTrue(txids.add(r.getLong(1)), "two statements shared a transaction");
                            statements.incrementAndGet();
                        }
                    });
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            long fewestIdle = Long.MAX_VALUE; // lanes borrow only while they drive: at most 2 of 4 out at once
            while (load.isAlive()) {
                fewestIdle = Math.min(fewestIdle, pool.stats().get("poolAvailable"));
                load.join(Duration.ofMillis(1));
            }
            if (failed.get() != null) {
                throw new AssertionError("a caller failed", failed.get());
            }
            assertEquals(5000, statements.get());
            assertTrue(fewestIdle >= 2, "at most multiplexLanes connections borrowed at once; idle went down to " + fewestIdle);
            assertEquals(5000, txids.size(), "one implicit transaction per statement");
            assertEquals(List.of(), pool.fetch("SELECT 1 WHERE false"));
            assertNull(pool.fetchOne("SELECT 1 WHERE false"));
            assertEquals(0L, pool.stats().get("requestsErrors"));
        }
    }

    @Test
    void oneStatementsErrorNeverTouchesAnother() throws Exception {
        String app = PoolTestSupport.app("muxerr");
        try (Connection setup = PoolTestSupport.direct()) {
            setup.cursor().execute("DROP TABLE IF EXISTS mux_err; CREATE TABLE mux_err (id int PRIMARY KEY)");
        }
        try (ConnectionPool pool = builder(app).minSize(2).maxSize(2).multiplexLanes(1).build()) {
            AtomicInteger dup = new AtomicInteger();
            AtomicInteger bad = new AtomicInteger();
            AtomicInteger ok = new AtomicInteger();
            inThreads(300, k -> {
                try {
                    if (k % 7 == 0) {
                        pool.execute("INSERT INTO mux_err VALUES (%s, %s)", k); // one argument too few
                    } else {
                        // ids 0..149 each twice: exactly one insert of each id wins
                        assertEquals(1L, pool.execute("INSERT INTO mux_err VALUES (%s)", k % 150));
                    }
                    ok.incrementAndGet();
                } catch (IntegrityException e) {
                    assertEquals("23505", e.pgcode());
                    dup.incrementAndGet();
                } catch (ProgrammingException e) {
                    assertTrue(k % 7 == 0, "only the callers with a bad argument list: " + e);
                    bad.incrementAndGet();
                }
            });
            Set<Integer> wanted = new HashSet<>();
            for (int k = 0; k < 300; k++) {
                if (k % 7 != 0) {
                    wanted.add(k % 150);
                }
            }
            assertEquals(43, bad.get(), "each bad argument list fails its own caller only");
            assertEquals(wanted.size(), ok.get(), "every id inserted exactly once");
            assertEquals(300 - 43 - wanted.size(), dup.get());
            assertEquals((long) wanted.size(), pool.fetchOne("SELECT count(*) FROM mux_err").getLong(0),
                    "no statement was rolled back by another's error");
        }
    }

    @Test
    void aCancelledStatementFailsAloneAndTheConnectionGoesOn() throws Exception {
        String app = PoolTestSupport.app("muxcancel");
        try (ConnectionPool pool = builder(app).minSize(1).maxSize(1).build();
             Connection observer = PoolTestSupport.direct()) {
            AtomicBoolean cancelled = new AtomicBoolean();
            Thread sleeper = Thread.ofVirtual().start(() -> {
                try {
                    pool.execute("SELECT pg_sleep(30)");
                } catch (QueryCanceledException e) {
                    cancelled.set(true);
                }
            });
            PoolTestSupport.eventually(Duration.ofSeconds(10), "the sleep runs", () -> !observer.cursor().execute(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND query LIKE 'SELECT pg_sleep%%'"
                            + " AND state = 'active'", app).fetchAll().isEmpty());
            observer.cursor().execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = %s"
                    + " AND query LIKE 'SELECT pg_sleep%%'", app);
            assertTrue(sleeper.join(Duration.ofSeconds(20)), "the cancelled caller returns");
            assertTrue(cancelled.get(), "the caller got QueryCanceledException");
            assertEquals(7, pool.fetchOne("SELECT 7").getInt(0), "the connection is usable after the cancel");
        }
    }

    /**
     * The caller that drives a batch waits for the others' statements as well as its own: an
     * interrupt of its thread must not fail theirs. Its statement and theirs complete, and its
     * interrupt flag is set afterwards (as for a caller interrupted once its statement is sent).
     */
    @Test
    void anInterruptOfTheDrivingThreadFailsNoOtherCallersStatement() throws Exception {
        String app = PoolTestSupport.app("muxdriver");
        try (ConnectionPool pool = builder(app).minSize(1).maxSize(1).multiplexLanes(1).build();
             Connection observer = PoolTestSupport.direct()) {
            observer.autocommit(true);
            ConcurrentHashMap<String, Object> outcome = new ConcurrentHashMap<>();
            java.util.function.Function<String, Thread> caller = name -> Thread.ofVirtual().start(() -> {
                try {
                    Row r = pool.fetchOne("SELECT pg_sleep(%s), %s", name.equals("x") ? 0.5 : 1.0, name);
                    outcome.put(name, r.get(1));
                    outcome.put(name + " interrupted", Thread.currentThread().isInterrupted());
                } catch (RuntimeException e) {
                    outcome.put(name, e);
                }
            });
            Thread x = caller.apply("x");
            PoolTestSupport.eventually(Duration.ofSeconds(10), "x's statement runs", () -> running(observer, app) > 0);
            // a, then b and c, queue behind x: a is handed the lane and drives a, b and c together
            Thread a = caller.apply("a");
            PoolTestSupport.eventually(Duration.ofSeconds(10), "a waits", () -> a.getState() == Thread.State.WAITING);
            Thread b = caller.apply("b");
            Thread c = caller.apply("c");
            PoolTestSupport.eventually(Duration.ofSeconds(10), "b and c wait",
                    () -> b.getState() == Thread.State.WAITING && c.getState() == Thread.State.WAITING);
            assertTrue(x.join(Duration.ofSeconds(20)), "x returns");
            PoolTestSupport.eventually(Duration.ofSeconds(10), "a's batch runs", () -> running(observer, app) > 0);
            a.interrupt();
            for (Thread t : List.of(a, b, c)) {
                assertTrue(t.join(Duration.ofSeconds(30)), "a multiplexed caller hangs");
            }
            assertEquals("x", outcome.get("x"));
            assertEquals("a", outcome.get("a"), "the interrupted driver's own statement: " + outcome);
            assertEquals(true, outcome.get("a interrupted"), "the driver's interrupt flag is kept");
            assertEquals("b", outcome.get("b"), "another caller's statement in the driver's batch: " + outcome);
            assertEquals("c", outcome.get("c"), "another caller's statement in the driver's batch: " + outcome);
            assertEquals(false, outcome.get("b interrupted"));
            assertEquals(7, pool.fetchOne("SELECT 7").getInt(0), "the lane goes on");
        }
    }

    private static int running(Connection observer, String app) {
        return observer.cursor().execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s"
                + " AND query LIKE 'SELECT pg_sleep%%' AND state = 'active'", app).fetchAll().size();
    }

    @Test
    void backPressureWithATinyQueueLosesNothing() throws Exception {
        String app = PoolTestSupport.app("muxbp");
        try (ConnectionPool pool = builder(app).minSize(1).maxSize(1).multiplexLanes(1).multiplexQueue(2).build()) {
            AtomicInteger sum = new AtomicInteger();
            inThreads(200, k -> sum.addAndGet(pool.fetchOne("SELECT %s::int", k).getInt(0)));
            assertEquals(199 * 200 / 2, sum.get());
        }
    }

    @Test
    void badSettingsAreNamed() {
        IllegalArgumentException lanes = assertThrows(IllegalArgumentException.class,
                () -> ConnectionPool.builder("host=x").multiplexLanes(0));
        assertTrue(lanes.getMessage().contains("multiplexLanes"), lanes.getMessage());
        IllegalArgumentException queue = assertThrows(IllegalArgumentException.class,
                () -> ConnectionPool.builder("host=x").multiplexQueue(0));
        assertTrue(queue.getMessage().contains("multiplexQueue"), queue.getMessage());
    }

    @Test
    void aServerRestartMidStreamFailsOnlyWhatWasInFlightAndStatementsGoOnAfterwards() throws Exception {
        String app = PoolTestSupport.app("muxrestart");
        try (ConnectionPool pool = builder(app).minSize(4).maxSize(4).timeout(Duration.ofSeconds(20)).build()) {
            pool.waitReady(Duration.ofSeconds(20));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger okAfter = new AtomicInteger();
            AtomicBoolean restarted = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
            AtomicInteger failed = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int k = i;
                threads.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        try {
                            assertEquals(k, pool.fetchOne("SELECT %s::int", k).getInt(0));
                            if (restarted.get()) {
                                okAfter.incrementAndGet();
                            }
                        } catch (OperationalException e) {
                            failed.incrementAndGet(); // in flight when the server went away
                        } catch (PgException e) {
                            if (!"57P01".equals(e.pgcode())) { // terminating connection due to administrator command
                                unexpected.add(e);
                            }
                            failed.incrementAndGet();
                        } catch (Throwable t) {
                            unexpected.add(t);
                        }
                    }
                }));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(300_000_000);
            TestServer.get().restart();
            restarted.set(true);
            PoolTestSupport.eventually(Duration.ofSeconds(30), "statements succeed after the restart",
                    () -> okAfter.get() >= 2000);
            stop.set(true);
            for (Thread t : threads) {
                assertTrue(t.join(Duration.ofSeconds(60)), "a multiplexed caller hangs after the restart");
            }
            if (!unexpected.isEmpty()) {
                AssertionError e = new AssertionError("unexpected failures: " + unexpected.size());
                unexpected.forEach(e::addSuppressed);
                throw e;
            }
            assertInstanceOf(Row.class, pool.fetchOne("SELECT 1"));
        }
    }
}
