package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.extras.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class NotifyTest extends PgTest {
    private static final int SENDERS = 4;
    private static final int EACH = 25_000;

    /** 4 senders × 25,000 notifications while the listener awaits: all arrive, in order per sender. */
    @Test
    void noNotificationIsLost() throws Exception {
        try (Connection listener = connect(ConnectOptions.builder().waitCallback(Waits::waitSelect).build())) {
            listener.autocommit(true);
            listener.cursor().execute("LISTEN gw_flood");
            List<Notify> got = new ArrayList<>();
            try (ExecutorService ex = Executors.newFixedThreadPool(SENDERS)) {
                List<Future<?>> senders = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    senders.add(ex.submit(() -> {
                        try (Connection c = connect()) {
                            c.autocommit(true);
                            Cursor cur = c.cursor();
                            for (int from = 0; from < EACH; from += 500) {
                                cur.execute("SELECT pg_notify('gw_flood', %s || ':' || g) FROM generate_series(%s, %s) g",
                                        String.valueOf(sender), from, from + 499);
                            }
                        }
                        return null;
                    }));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
                while (got.size() < SENDERS * EACH && System.nanoTime() < deadline) {
                    got.addAll(listener.awaitNotifies(Duration.ofSeconds(5)));
                }
                for (Future<?> f : senders) {
                    f.get(60, TimeUnit.SECONDS); // a sender's failure fails the test here
                }
            }
            assertEquals(SENDERS * EACH, got.size());
            int[] next = new int[SENDERS];
            for (Notify n : got) {
                String[] p = n.payload().split(":");
                int s = Integer.parseInt(p[0]);
                assertEquals(next[s], Integer.parseInt(p[1]), "out of order for sender " + s);
                next[s]++;
            }
            for (int s = 0; s < SENDERS; s++) {
                assertEquals(EACH, next[s]);
            }
            assertEquals(SENDERS * EACH, listener.notifies().size());
        }
    }

    /** psycopg2 #1727: a notification that arrives with the COMMIT's reply is delivered. */
    @Test
    void aNotificationArrivingDuringCommitIsDelivered() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("LISTEN gw_commit");
            c.commit();
            for (int i = 0; i < 50; i++) {
                String payload = "n" + i;
                cur.execute("NOTIFY gw_commit, %s", payload);
                assertTrue(c.notifies().stream().noneMatch(n -> n.payload().equals(payload)), "delivered before commit");
                c.commit();
                assertTrue(c.notifies().stream().anyMatch(n -> n.payload().equals(payload)), "lost at commit " + i);
            }
        }
    }

    @Test
    void aBlockingQueueHandsNotificationsToAnotherThread() throws Exception {
        LinkedBlockingQueue<Notify> queue = new LinkedBlockingQueue<>();
        try (Connection listener = connect(); Connection sender = connect()) {
            listener.autocommit(true);
            listener.setNotifies(queue);
            listener.cursor().execute("LISTEN gw_queue");
            // the consumer only takes from the queue: what it got is checked on the test thread
            CompletableFuture<Notify> taken = new CompletableFuture<>();
            Thread consumer = Thread.ofVirtual().start(() -> {
                try {
                    taken.complete(queue.poll(30, TimeUnit.SECONDS));
                } catch (Throwable e) {
                    taken.completeExceptionally(e);
                }
            });
            sender.autocommit(true);
            sender.cursor().execute("NOTIFY gw_queue, 'handed over'");
            assertEquals(1, listener.awaitNotifies(Duration.ofSeconds(30)).size());
            Notify n = taken.get(40, TimeUnit.SECONDS);
            assertTrue(consumer.join(Duration.ofSeconds(10)), "the consumer thread did not end");
            assertNotNull(n, "the consumer got nothing from the queue within 30 s");
            assertEquals("handed over", n.payload());
            assertEquals("gw_queue", n.channel());
            assertTrue(queue.isEmpty());
        }
    }

    @Test
    void awaitNotifiesIsInterruptible() throws Exception {
        TestHooks.CancelCounter cancels = new TestHooks.CancelCounter();
        try (Connection c = connect(ConnectOptions.builder().waitCallback(cancels).build())) {
            cancels.watch(c);
            c.autocommit(true);
            c.cursor().execute("LISTEN gw_never");
            java.util.concurrent.atomic.AtomicReference<Throwable> t = new java.util.concurrent.atomic.AtomicReference<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    c.awaitNotifies(Duration.ofMinutes(5));
                } catch (Throwable e) {
                    t.set(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!c.isExecuting() && waiter.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(c.isExecuting(), "the waiter never started waiting: " + t.get());
            waiter.interrupt();
            assertTrue(waiter.join(Duration.ofSeconds(30)), "the interrupted waiter did not end");
            assertTrue(t.get() instanceof QueryCanceledException, String.valueOf(t.get()));
            assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0));
            assertEquals(0, cancels.sent(), "waiting for notifications needs no cancel");
        }
    }

    @Test
    void aFullBoundedQueueDropsNotificationsButKeepsTheConnection() {
        try (Connection listener = connect(); Connection sender = connect()) {
            listener.autocommit(true);
            sender.autocommit(true);
            java.util.concurrent.ArrayBlockingQueue<Notify> queue = new java.util.concurrent.ArrayBlockingQueue<>(3);
            listener.setNotifies(queue);
            listener.cursor().execute("LISTEN gw_bounded");
            sender.cursor().execute("SELECT pg_notify('gw_bounded', g::text) FROM generate_series(1, 10) g");
            java.util.List<Notify> seen = new java.util.ArrayList<>();
            for (int i = 0; i < 10 && seen.size() < 10; i++) {
                seen.addAll(listener.awaitNotifies(java.time.Duration.ofSeconds(5)));
            }
            assertEquals(10, seen.size(), "awaitNotifies returns all that arrived");
            assertEquals(3, queue.size(), "the queue kept what fitted");
            assertEquals(7, listener.droppedNotifies(), "the rest is counted");
            assertFalse(listener.isClosed(), "the connection lives");
            assertEquals(1, ((Number) listener.cursor().execute("SELECT 1").fetchOne().get(0)).intValue());
            queue.clear();
            sender.cursor().execute("NOTIFY gw_bounded, 'after'");
            listener.awaitNotifies(java.time.Duration.ofSeconds(10));
            assertEquals("after", queue.peek().payload(), "a drained queue receives again");
        }
    }
}
