package dev.greenwire.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.Connection;
import dev.greenwire.testing.Pinning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10,000 virtual threads × 20 borrows on a 16-connection pool, on two carriers (the surefire
 * run sets {@code -Djdk.virtualThreadScheduler.parallelism=2}): every result is the borrower's
 * own, and a JFR recording holds no {@code jdk.VirtualThreadPinned} event with a Greenwire frame.
 */
class ScaleTest {

    @Test
    void tenThousandVirtualThreadsShareSixteenConnections() throws Exception {
        assertEquals("2", System.getProperty("jdk.virtualThreadScheduler.parallelism"), "run with two carriers");
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<String> pinned;
        int pinnedTotal;
        try (ConnectionPool pool = PoolTestSupport.builder(PoolTestSupport.app("scale")).minSize(16)
                .timeout(Duration.ofSeconds(120)).build()) {
            pool.waitReady(Duration.ofSeconds(20));
            // first uses link call sites and initialize classes, which can pin a virtual thread once
            // per JVM whatever the code; the recording covers the steady state
            try (LifecycleTest.Load warm = new LifecycleTest.Load(pool, 100)) {
                warm.runFor(Duration.ofMillis(500));
                warm.close();
                warm.assertNoFailure();
            }
            pool.popStats();
            Pinning rec = Pinning.record();
            List<Future<?>> futures = new ArrayList<>();
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 10_000; t++) {
                    int id = t;
                    futures.add(ex.submit(() -> {
                        for (int q = 0; q < 20; q++) {
                            int expected = id * 20 + q;
                            try (Connection c = pool.connection()) {
                                Object got = c.cursor().execute("SELECT %s::int4 + 0", expected).fetchOne().get(0);
                                if (!Integer.valueOf(expected).equals(got)) {
                                    wrong.incrementAndGet();
                                }
                            }
                        }
                        done.incrementAndGet();
                        return null;
                    }));
                }
            }
            for (Future<?> f : futures) {
                f.get(1, TimeUnit.SECONDS); // all done: the executor's close waited for them; rethrows a failure
            }
            pinned = rec.greenwireFrames();
            pinnedTotal = rec.total();
            rec.close();
            System.out.println("scale: " + pool.stats());
            assertEquals(200_000, PoolTestSupport.stat(pool, "requestsNum"));
            assertEquals(0, PoolTestSupport.stat(pool, "requestsErrors"));
            assertEquals(0, PoolTestSupport.stat(pool, "connectionsNum"), "no connection was lost or replaced");
        }
        assertEquals(10_000, done.get());
        assertEquals(0, wrong.get(), "queries returned another thread's result");
        assertTrue(pinned.isEmpty(), "virtual threads pinned in Greenwire code: " + pinned
                + " (of " + pinnedTotal + " pinned events)");
    }
}
