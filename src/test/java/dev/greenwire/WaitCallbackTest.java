package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.extras.Waits;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(180)
class WaitCallbackTest extends PgTest {

    /** A callback that polls itself, counts every wait for readiness, and can be told to fail. */
    static final class Scripted implements WaitCallback {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger waits = new AtomicInteger();
        final AtomicInteger polls = new AtomicInteger();
        /** Fail before the poll with this number (counting every poll of the callback), -1 never. */
        volatile int failAtPoll = -1;
        volatile int failAtWait = -1;
        volatile Exception failure = new IllegalStateException("scripted failure");
        volatile CountDownLatch entered;
        /** Runs once, on the calling thread, at the next wait for the server's reply (READ). */
        volatile Runnable onReadWait;

        @Override
        public void waitFor(Connection conn) throws Exception {
            calls.incrementAndGet();
            CountDownLatch l = entered;
            if (l != null) {
                l.countDown();
            }
            try (Selector sel = Selector.open()) {
                SelectionKey key = null;
                for (;;) {
                    if (polls.getAndIncrement() == failAtPoll) {
                        failAtPoll = -1;
                        Exception f = failure;
                        f.fillInStackTrace();
                        throw f;
                    }
                    PollState s = conn.poll();
                    if (s == PollState.OK) {
                        return;
                    }
                    int n = waits.getAndIncrement();
                    if (n == failAtWait) {
                        failAtWait = -1;
                        Exception f = failure;
                        f.fillInStackTrace();
                        throw f;
                    }
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    Runnable hook = onReadWait;
                    if (hook != null && s == PollState.READ) {
                        onReadWait = null;
                        hook.run();
                    }
                    if (key == null || key.channel() != conn.channel()) {
                        key = conn.channel().register(sel, 0);
                    }
                    key.interestOps(Waits.interestOps(conn, s));
                    long dl = conn.waitDeadline();
                    sel.select(dl == Long.MAX_VALUE ? 0 : Math.max(1, (dl - System.nanoTime()) / 1_000_000));
                    sel.selectedKeys().clear();
                }
            }
        }
    }

    private static Connection connectWith(WaitCallback cb) {
        return Pg.connect(dsn(), ConnectOptions.builder().waitCallback(cb).build());
    }

    @Test
    void everyWaitGoesThroughTheConnectionsCallback() {
        Scripted cb = new Scripted();
        try (Connection c = Pg.connect(dev.greenwire.testing.TestServer.get().dsn(dev.greenwire.testing.TestServer.SCRAM_USER,
                dev.greenwire.testing.TestServer.SCRAM_PASSWORD), ConnectOptions.builder().waitCallback(cb).build())) {
            int afterConnect = cb.calls.get();
            assertTrue(afterConnect >= 1, "connect did not use the callback");
            assertTrue(cb.polls.get() >= 1, "connect never polled through the callback");
            Cursor cur = c.cursor();
            cur.execute("SELECT 1");
            assertEquals(afterConnect + 1, cb.calls.get(), "BEGIN and SELECT share one wait");
            c.commit();
            assertEquals(afterConnect + 2, cb.calls.get());
            c.setSession(IsolationLevel.SERIALIZABLE, null, null, true);
            assertTrue(cb.calls.get() > afterConnect + 2, "the driver's own SET went around the callback");
            int before = cb.calls.get();
            c.awaitNotifies(java.time.Duration.ofMillis(20));
            assertEquals(before + 1, cb.calls.get());
        }
    }

    @Test
    void theGlobalCallbackAppliesWhenTheConnectionHasNone() {
        Scripted cb = new Scripted();
        Extensions.setWaitCallback(cb);
        try (Connection c = connect()) {
            c.cursor().execute("SELECT 1");
            assertTrue(cb.calls.get() >= 2);
            assertSame(cb, Extensions.getWaitCallback());
        } finally {
            Extensions.setWaitCallback(null);
        }
        assertEquals(null, Extensions.getWaitCallback());
    }

    @Test
    void aCallbackFailingAtEveryPointNeverHangsAndNeverCorrupts() {
        int failedConnecting = 0;
        int failedLater = 0;
        int checkedWhileWaiting = 0;
        StringBuilder outcomes = new StringBuilder();
        try (Connection observer = connect()) {
            observer.autocommit(true);
            for (int n = 0; n <= 30; n++) {
                Scripted cb = new Scripted();
                cb.failAtPoll = n;
                Connection c = null;
                boolean failed = false;
                try {
                    // SCRAM: several round trips, so that the connection phase surely waits
                    c = Pg.connect(dev.greenwire.testing.TestServer.get().dsn(dev.greenwire.testing.TestServer.SCRAM_USER,
                            dev.greenwire.testing.TestServer.SCRAM_PASSWORD), ConnectOptions.builder().waitCallback(cb).build());
                    c.autocommit(false);
                    Cursor cur = c.cursor();
                    cur.execute("CREATE TEMP TABLE f (g int)");
                    cur.execute("INSERT INTO f SELECT g FROM generate_series(1, 50000) g");
                    cur.execute("SELECT g, repeat('x', 100) FROM f ORDER BY g");
                    assertEquals(50000, cur.fetchAll().size());
                    c.commit();
                    cur.execute("SELECT pg_sleep(0.05)");
                    c.rollback();
                } catch (IllegalStateException e) {
                    assertEquals("scripted failure", e.getMessage());
                    failed = true;
                    if (c == null) {
                        failedConnecting++;
                    } else {
                        failedLater++;
                    }
                }
                cb.failAtPoll = -1;
                outcomes.append(n).append(c == null ? ":connect " : failed ? ":query " : ":none ");
                if (c == null) {
                    assertTrue(failed, "no connection but no failure at " + n);
                    continue;
                }
                try {
                    if (!c.isClosed()) {
                        c.rollback();
                        assertEquals(TransactionStatus.IDLE, c.transactionStatus(), "after failing at wait " + n);
                        Cursor cur = c.cursor();
                        assertEquals(42, cur.execute("SELECT %s", 42).fetchOne().get(0), "after failing at wait " + n);
                        // in step with the server: the reply read is the one to the statement just
                        // sent, which its backend (this connection's) runs at that moment
                        String self = "SELECT pid, state, query FROM pg_stat_activity WHERE pid = pg_backend_pid()";
                        List<Row> rows = cur.execute(self).fetchAll();
                        assertEquals(1, rows.size(), "after failing at wait " + n + ": " + rows);
                        assertEquals(c.backendPid(), rows.get(0).get(0), "after failing at wait " + n);
                        assertEquals("active", rows.get(0).get(1), "after failing at wait " + n);
                        assertEquals(self, rows.get(0).get(2), "after failing at wait " + n);
                        // and the next statement really runs on that backend while the callback
                        // waits: it blocks on an advisory lock the observer holds until the observer
                        // has seen it active, with its text, in pg_stat_activity
                        observer.cursor().execute("SELECT pg_advisory_lock(4711)");
                        String blocked = "SELECT pg_advisory_xact_lock(4711), 'blocked while the callback waits'";
                        AtomicReference<Throwable> seen = new AtomicReference<>();
                        AtomicInteger hookRan = new AtomicInteger();
                        int pid = c.backendPid();
                        cb.onReadWait = () -> {
                            hookRan.incrementAndGet();
                            try {
                                awaitActive(observer, pid, blocked, Duration.ofSeconds(30));
                            } catch (Throwable t) {
                                seen.set(t);
                            } finally {
                                observer.cursor().execute("SELECT pg_advisory_unlock(4711)");
                            }
                        };
                        try {
                            assertEquals("blocked while the callback waits", cur.execute(blocked).fetchOne().get(1));
                        } finally {
                            if (cb.onReadWait != null) {
                                cb.onReadWait = null;
                                observer.cursor().execute("SELECT pg_advisory_unlock(4711)");
                            }
                        }
                        assertEquals(1, hookRan.get(), "the callback never waited for the blocked statement");
                        if (seen.get() != null) {
                            throw new AssertionError("after failing at wait " + n, seen.get());
                        }
                        checkedWhileWaiting++;
                        c.rollback();
                    }
                } finally {
                    c.close();
                }
            }
        }
        assertTrue(failedConnecting > 0, "no failure hit the connection phase: " + outcomes);
        assertTrue(failedLater > 0, "no failure hit a query: " + outcomes);
        assertTrue(checkedWhileWaiting > 0, "no connection was left to check: " + outcomes);
    }

    @Test
    void interruptCancelsTheQueryAndRestoresTheFlag() throws Exception {
        Scripted cb = new Scripted();
        try (Connection c = connectWith(cb)) {
            CountDownLatch entered = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    cb.entered = entered;
                    c.cursor().execute("SELECT pg_sleep(60)");
                } catch (Throwable e) {
                    thrown.set(e);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            });
            assertTrue(entered.await(30, TimeUnit.SECONDS));
            Thread.sleep(100);
            t.interrupt();
            assertTrue(t.join(Duration.ofSeconds(30)), "the interrupted thread did not end");
            assertInstanceOf(QueryCanceledException.class, thrown.get());
            assertInstanceOf(InterruptedException.class, thrown.get().getCause());
            assertTrue(flag.get(), "interrupt flag not restored");
            cb.entered = null;
            c.rollback();
            assertEquals(7, c.cursor().execute("SELECT 7").fetchOne().get(0));
        }
    }

    /**
     * An interrupt right after BEGIN and the statement were sent can make the first cancel land
     * between the two, where the server discards it: the driver asks again until the abandoned
     * statement ends, so the next call never waits for a 30-second sleep.
     */
    @Test
    @Timeout(120)
    void interruptsAtAnyMomentNeverLeaveTheStatementRunning() throws Exception {
        try (Connection c = connect()) {
            for (int i = 0; i < 40; i++) {
                AtomicReference<Throwable> outcome = new AtomicReference<>();
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        c.cursor().execute("SELECT pg_sleep(30)");
                    } catch (Throwable e) {
                        outcome.set(e); // the interrupt cancels it: QueryCanceledException
                    }
                });
                while (!c.isExecuting() && t.isAlive()) {
                    Thread.onSpinWait();
                }
                t.interrupt();
                assertTrue(t.join(Duration.ofSeconds(30)), "iteration " + i + ": the interrupted thread did not end");
                assertInstanceOf(QueryCanceledException.class, outcome.get(), "iteration " + i);
                c.rollback();
                assertEquals(TransactionStatus.IDLE, c.transactionStatus());
                assertEquals(0L, c.cursor().execute("SELECT count(*) FROM pg_stat_activity WHERE query LIKE"
                        + " 'SELECT pg_sleep(30)' AND state = 'active'").fetchOne().get(0), "iteration " + i);
                c.rollback();
            }
        }
    }

    @Test
    void checkedAndInterruptedFailuresAreTranslated() {
        Scripted cb = new Scripted();
        try (Connection c = connectWith(cb)) {
            cb.failure = new IOException("disk on fire");
            cb.failAtWait = cb.waits.get();
            OperationalException op = assertThrows(OperationalException.class,
                    () -> c.cursor().execute("SELECT pg_sleep(0.2)"));
            assertInstanceOf(IOException.class, op.getCause());
            c.rollback();
            cb.failure = new InterruptedException();
            cb.failAtWait = cb.waits.get();
            assertThrows(QueryCanceledException.class, () -> c.cursor().execute("SELECT pg_sleep(0.2)"));
            assertTrue(Thread.interrupted(), "interrupt flag not restored");
            c.rollback();
            assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0));
        }
    }

    @Test
    void aCallbackThatReturnsEarlyIsCaught() {
        AtomicInteger n = new AtomicInteger();
        Scripted real = new Scripted();
        WaitCallback lazy = conn -> {
            if (n.incrementAndGet() > 1) {
                conn.poll();
                return;
            }
            real.waitFor(conn);
        };
        try (Connection c = connectWith(lazy)) {
            InterfaceException e = assertThrows(InterfaceException.class, () -> c.cursor().execute("SELECT pg_sleep(0.2)"));
            assertTrue(e.getMessage().contains("returned before poll() reported OK"));
        }
    }

    @Test
    void cancelFromAnotherThread() throws Exception {
        try (Connection c = connect()) {
            c.cursor().execute("SELECT 1");
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicReference<Throwable> cancelFailure = new AtomicReference<>();
            Thread canceller = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        Thread.sleep(25);
                        if (c.isExecuting()) {
                            c.cancel();
                            cancelled.set(true);
                            return;
                        }
                    }
                } catch (Throwable t) {
                    cancelFailure.set(t);
                }
            });
            QueryCanceledException e = assertThrows(QueryCanceledException.class,
                    () -> c.cursor().execute("SELECT pg_sleep(60)"));
            assertEquals("57014", e.pgcode());
            assertTrue(canceller.join(Duration.ofSeconds(30)), "the canceller did not end");
            assertEquals(null, cancelFailure.get(), "the canceller failed");
            assertTrue(cancelled.get(), "the canceller never saw the statement running");
            assertEquals(TransactionStatus.INERROR, c.transactionStatus());
            c.rollback();
            assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0));
            c.cancel();
            assertEquals(2, c.cursor().execute("SELECT 2").fetchOne().get(0));
        }
    }

    @Test
    void secondThreadGetsProgrammingExceptionAtOnce() throws Exception {
        for (boolean virtual : new boolean[] {false, true}) {
            Scripted cb = new Scripted();
            try (Connection c = connectWith(cb)) {
                c.autocommit(true);
                CountDownLatch entered = new CountDownLatch(1);
                cb.entered = entered;
                Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform();
                AtomicReference<Throwable> firstFailure = new AtomicReference<>();
                AtomicReference<Object> firstResult = new AtomicReference<>();
                Thread first = builder.start(() -> {
                    try {
                        firstResult.set(c.cursor().execute("SELECT pg_sleep(1), 'first'").fetchOne().get(1));
                    } catch (Throwable e) {
                        firstFailure.set(e);
                    }
                });
                assertTrue(entered.await(30, TimeUnit.SECONDS));
                AtomicReference<Throwable> second = new AtomicReference<>();
                Thread other = builder.start(() -> {
                    try {
                        c.cursor().execute("SELECT 1");
                    } catch (Throwable e) {
                        second.set(e);
                    }
                });
                assertTrue(other.join(Duration.ofSeconds(30)), "the second thread did not end");
                assertInstanceOf(ProgrammingException.class, second.get(), "virtual=" + virtual);
                assertTrue(second.get().getMessage().contains("in use by another thread"));
                assertTrue(first.isAlive(), "the first query should still be running");
                assertTrue(first.join(Duration.ofSeconds(30)), "the first thread did not end");
                assertEquals(null, firstFailure.get(), "the first query failed");
                assertEquals("first", firstResult.get(), "virtual=" + virtual);
                cb.entered = null;
                assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0));
            }
        }
    }

    @Test
    void terminatedBackendRaisesOperationalAndCloses() throws Exception {
        try (Connection victim = connect(); Connection killer = connect()) {
            killer.autocommit(true);
            int pid = victim.backendPid();
            AtomicReference<Object> terminated = new AtomicReference<>();
            AtomicReference<Throwable> killerFailure = new AtomicReference<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    // mid-query: only once the server runs the statement
                    awaitActive(killer, pid, "SELECT pg_sleep(60)", Duration.ofSeconds(30));
                    terminated.set(killer.cursor().execute("SELECT pg_terminate_backend(%s)", pid).fetchOne().get(0));
                } catch (Throwable e) {
                    killerFailure.set(e);
                }
            });
            OperationalException e = assertThrows(OperationalException.class,
                    () -> victim.cursor().execute("SELECT pg_sleep(60)"));
            assertTrue(t.join(Duration.ofSeconds(30)), "the killer did not end");
            if (killerFailure.get() != null) {
                throw new AssertionError("the killer failed", killerFailure.get());
            }
            assertEquals(true, terminated.get(), "pg_terminate_backend");
            assertTrue(e.getMessage().contains("terminating connection"), e.getMessage());
            assertTrue(victim.isClosed());
            assertEquals(TransactionStatus.UNKNOWN, victim.transactionStatus());
            assertThrows(InterfaceException.class, () -> victim.cursor());
        }
        try (Connection idle = connect(); Connection killer = connect()) {
            killer.autocommit(true);
            killer.cursor().execute("SELECT pg_terminate_backend(%s)", idle.backendPid());
            killer.cursor().execute("SELECT pg_sleep(0.2)");
            OperationalException e = assertThrows(OperationalException.class, () -> idle.cursor().execute("SELECT 1"));
            assertFalse(e.getMessage().isEmpty());
            assertTrue(idle.isClosed());
        }
    }
}
