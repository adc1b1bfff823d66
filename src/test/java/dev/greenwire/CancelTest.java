package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.extras.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(180)
class CancelTest extends PgTest {

    @Test
    void cancelWaitsThroughTheWaitCallback() throws Exception {
        AtomicInteger waits = new AtomicInteger();
        TestHooks.CancelCounter cancels = new TestHooks.CancelCounter();
        try (Connection c = connect(ConnectOptions.builder().waitCallback(conn -> {
            waits.incrementAndGet();
            cancels.waitFor(conn);
        }).build())) {
            cancels.watch(c);
            int base = waits.get();
            CountDownLatch running = new CountDownLatch(1);
            AtomicReference<Throwable> got = new AtomicReference<>();
            Thread runner = Thread.ofPlatform().start(() -> {
                try {
                    running.countDown();
                    c.cursor().execute("SELECT pg_sleep(60)");
                } catch (Throwable e) {
                    got.set(e);
                }
            });
            running.await();
            while (waits.get() < base + 1 || !c.isExecuting()) {
                Thread.onSpinWait();
            }
            c.cancel();
            assertEquals(base + 2, waits.get(), "the cancel request did not wait through the callback");
            runner.join();
            assertInstanceOf(QueryCanceledException.class, got.get());
            assertEquals(1, cancels.sent());
        }
    }

    @Test
    void cancellingAnIdleConnectionSendsNothingAndHarmsNothing() {
        TestHooks.CancelCounter cancels = new TestHooks.CancelCounter();
        try (Connection c = connect(ConnectOptions.builder().waitCallback(cancels).build())) {
            cancels.watch(c);
            c.autocommit(true);
            Cursor cur = c.cursor();
            for (int i = 0; i < 300; i++) {
                assertEquals(i, cur.execute("SELECT %s::int", i).fetchOne().get(0));
                c.cancel();
            }
            assertEquals(0, cancels.sent());
        }
    }

    /**
     * A tight loop of short queries while another thread cancels at random moments: every
     * result is right, every failure is a cancellation, no more statements are cancelled than
     * cancel requests were sent, and the connection ends usable.
     */
    @Test
    void concurrentCancelsAgainstShortQueries() throws Exception {
        TestHooks.CancelCounter cancels = new TestHooks.CancelCounter();
        try (Connection c = connect(ConnectOptions.builder().waitCallback(cancels).build())) {
            cancels.watch(c);
            c.autocommit(true);
            AtomicBoolean done = new AtomicBoolean();
            Thread canceller = Thread.ofPlatform().start(() -> {
                java.util.Random rnd = new java.util.Random(42);
                while (!done.get()) {
                    for (int spin = rnd.nextInt(400_000); spin > 0; spin--) {
                        Thread.onSpinWait();
                    }
                    try {
                        c.cancel();
                    } catch (InterfaceException closed) {
                        return;
                    }
                }
            });
            int cancelled = 0;
            List<Throwable> unexpected = new ArrayList<>();
            Cursor cur = c.cursor();
            for (int i = 0; i < 3000; i++) {
                try {
                    Object v = cur.execute("SELECT %s::int, pg_sleep(0.0002)", i).fetchOne().get(0);
                    assertEquals(i, v);
                } catch (QueryCanceledException e) {
                    cancelled++;
                } catch (RuntimeException e) {
                    unexpected.add(e);
                }
            }
            done.set(true);
            canceller.join();
            assertEquals(List.of(), unexpected);
            assertTrue(cancelled <= cancels.sent(), cancelled + " cancelled for " + cancels.sent() + " sent");
            assertTrue(cancels.sent() > 0, "the canceller never hit a running statement");
            assertEquals(7, cur.execute("SELECT 7").fetchOne().get(0));
            System.out.println("cancel race: 3000 statements, " + cancels.sent() + " cancels sent, "
                    + cancelled + " statements cancelled");
        }
    }

    @Test
    void asyncCancelDuringSleepAndBeforeConnecting() throws Exception {
        ConnectOptions async = ConnectOptions.builder().async(true).build();
        try (Connection c = Pg.connect(dsn(), async)) {
            OperationalException early = assertThrows(OperationalException.class, c::cancel);
            assertEquals("asynchronous connection attempt underway", early.getMessage());
            AsyncTest.waitFor(c);
            c.cursor().execute("SELECT pg_sleep(60)");
            assertEquals(PollState.READ, c.poll());
            c.cancel();
            QueryCanceledException e = assertThrows(QueryCanceledException.class, () -> AsyncTest.waitFor(c));
            assertEquals("57014", e.pgcode());
            Cursor cur = c.cursor();
            cur.execute("SELECT 3");
            AsyncTest.waitFor(c);
            assertEquals(3, cur.fetchOne().get(0));
        }
    }

    /**
     * Polls every millisecond; once {@code giveUpAt} (a nanoTime, 0 = never) has passed, throws
     * InterruptedException — for the user's connections only, not for the short connection a
     * cancel request makes (it waits through the same callback, and giving up there would end
     * the cancel early).
     */
    private static WaitCallback givingUp(java.util.concurrent.atomic.AtomicLong giveUpAt) {
        return conn -> {
            while (conn.poll() != PollState.OK) {
                long d = giveUpAt.get();
                if (d != 0 && System.nanoTime() - d > 0 && conn.backendPid() != 0) {
                    throw new InterruptedException("the caller gave up");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        };
    }

    private static String viaProxy(dev.greenwire.testing.FaultProxy p) {
        dev.greenwire.testing.TestServer s = dev.greenwire.testing.TestServer.get();
        return "host=127.0.0.1 port=" + p.port() + " dbname=" + s.database() + " user=" + s.superuser() + " sslmode=disable";
    }

    @Test
    void theCancelOfAbandonedWorkNeverBlocksTheCaller() throws Exception {
        java.util.concurrent.atomic.AtomicLong giveUpAt = new java.util.concurrent.atomic.AtomicLong();
        try (dev.greenwire.testing.FaultProxy proxy = new dev.greenwire.testing.FaultProxy("127.0.0.1",
                dev.greenwire.testing.TestServer.get().port());
                Connection c = Pg.connect(viaProxy(proxy), ConnectOptions.builder().waitCallback(givingUp(giveUpAt)).build())) {
            c.autocommit(true);
            proxy.stallNewConnections(); // the cancel request's own connection will hang until its timeout
            giveUpAt.set(System.nanoTime() + 300_000_000L);
            long t0 = System.nanoTime();
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
                assertThrows(QueryCanceledException.class, () -> c.cursor().execute("SELECT pg_sleep(2)"));
            }, "abandoning the statement waited on its cancel request");
            Thread.interrupted();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "the caller got its error after " + ms + " ms");
            giveUpAt.set(0);
            proxy.resume();
            assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0), "the connection is usable");
        }
    }

    /**
     * With server-side binding (prepared at once), the dropped statement's Parse never reached
     * the server either: its next runs must prepare it again, not Bind to a name the server
     * never saw ("prepared statement _gw_1 does not exist" on every later run, before).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "server-side binding: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aNewStatementBehindASlowCancelWaitsThroughTheCallbackAndIsNeverSent(boolean bound) throws Exception {
        java.util.concurrent.atomic.AtomicLong giveUpAt = new java.util.concurrent.atomic.AtomicLong();
        ConnectOptions.Builder options = ConnectOptions.builder().waitCallback(givingUp(giveUpAt));
        if (bound) {
            options.serverSideBinding(true).prepareThreshold(0);
        }
        try (dev.greenwire.testing.FaultProxy proxy = new dev.greenwire.testing.FaultProxy("127.0.0.1",
                dev.greenwire.testing.TestServer.get().port());
                Connection c = Pg.connect(viaProxy(proxy), options.build());
                Connection observer = connect()) {
            c.autocommit(true);
            observer.autocommit(true);
            observer.cursor().execute("DROP TABLE IF EXISTS cancel_held; CREATE TABLE cancel_held (v int)");
            CountDownLatch sleeping = new CountDownLatch(1);
            java.util.concurrent.CompletableFuture<Object> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                sleeping.countDown();
                return c.cursor().execute("SELECT pg_sleep(0.5)").fetchOne().get(0);
            }, r -> Thread.ofPlatform().start(r));
            sleeping.await();
            while (!c.isExecuting()) {
                Thread.onSpinWait();
            }
            proxy.stallNewConnections();
            Thread canceller = Thread.ofPlatform().start(() -> {
                try {
                    c.cancel(); // hangs on its stalled connection until the cancel timeout
                } catch (RuntimeException expected) {
                    // timed out
                }
            });
            long until = System.nanoTime() + 10_000_000_000L;
            while (!c.engine.cancelLock().isLocked() && System.nanoTime() < until) {
                Thread.onSpinWait(); // until the cancel request is in flight, aimed at the running statement
            }
            assertTrue(c.engine.cancelLock().isLocked() || first.isDone(), "the cancel request never went out");
            first.get(10, java.util.concurrent.TimeUnit.SECONDS); // the cancel never arrived: it ran to its end
            assertTrue(c.engine.cancelLock().isLocked(), "the cancel request is still in flight");
            giveUpAt.set(System.nanoTime() + 300_000_000L);
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
                QueryCanceledException e = assertThrows(QueryCanceledException.class,
                        () -> c.cursor().execute("INSERT INTO cancel_held VALUES (%s)", 1));
                assertTrue(e.getMessage().contains("interrupted") || e.getMessage().contains("before it was sent"),
                        e.getMessage());
            }, "a new statement blocked behind the cancel in flight");
            Thread.interrupted();
            giveUpAt.set(0);
            proxy.resume();
            canceller.join(30_000);
            assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0), "the connection is usable");
            assertEquals(0L, observer.cursor().execute("SELECT count(*) FROM cancel_held").fetchOne().get(0),
                    "the statement given up before it was sent never ran");
            for (int i = 2; i <= 3; i++) {
                c.cursor().execute("INSERT INTO cancel_held VALUES (%s)", i);
            }
            assertEquals(2L, observer.cursor().execute("SELECT count(*) FROM cancel_held").fetchOne().get(0),
                    "the same statement runs afterwards");
        }
    }
}
