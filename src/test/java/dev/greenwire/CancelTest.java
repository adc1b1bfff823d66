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
        try (Connection c = connect(ConnectOptions.builder().waitCallback(conn -> {
            waits.incrementAndGet();
            Waits.waitSelect(conn);
        }).build())) {
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
            assertEquals(1, c.cancelsSent.get());
        }
    }

    @Test
    void cancellingAnIdleConnectionSendsNothingAndHarmsNothing() {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            for (int i = 0; i < 300; i++) {
                assertEquals(i, cur.execute("SELECT %s::int", i).fetchOne().get(0));
                c.cancel();
            }
            assertEquals(0, c.cancelsSent.get());
        }
    }

    /**
     * A tight loop of short queries while another thread cancels at random moments: every
     * result is right, every failure is a cancellation, no more statements are cancelled than
     * cancel requests were sent, and the connection ends usable.
     */
    @Test
    void concurrentCancelsAgainstShortQueries() throws Exception {
        try (Connection c = connect()) {
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
            assertTrue(cancelled <= c.cancelsSent.get(), cancelled + " cancelled for " + c.cancelsSent.get() + " sent");
            assertTrue(c.cancelsSent.get() > 0, "the canceller never hit a running statement");
            assertEquals(7, cur.execute("SELECT 7").fetchOne().get(0));
            System.out.println("cancel race: 3000 statements, " + c.cancelsSent.get() + " cancels sent, "
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
}
