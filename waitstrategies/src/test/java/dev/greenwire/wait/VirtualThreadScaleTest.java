package dev.greenwire.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.testing.Pinning;
import dev.greenwire.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 virtual threads share 16 connections through the parking strategy (surefire runs
 * this module with {@code -Djdk.virtualThreadScheduler.parallelism=2}); a JFR recording of
 * the run must hold no {@code jdk.VirtualThreadPinned} event with a Greenwire frame.
 */
@Timeout(600)
class VirtualThreadScaleTest {

    @Test
    void tenThousandVirtualThreadsOnSixteenConnections() throws Exception {
        assertEquals("2", System.getProperty("jdk.virtualThreadScheduler.parallelism"),
                "run with -Djdk.virtualThreadScheduler.parallelism=2 (set in the module's surefire argLine)");
        BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(16);
        ConnectOptions opts = ConnectOptions.builder().waitCallback(WaitStrategies.parking()).build();
        for (int i = 0; i < 16; i++) {
            Connection c = Pg.connect(TestServer.get().dsn(), opts);
            c.autocommit(true);
            pool.add(c);
        }
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<String> pinned;
        int pinnedTotal;
        // first uses load classes and link call sites, which pins a virtual thread once per JVM
        // whatever the code: warm up on virtual threads, then record the steady state
        try (ExecutorService warm = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 64; t++) {
                int id = t;
                warm.submit(() -> {
                    Connection c = pool.take();
                    try {
                        return c.cursor().execute("SELECT %s::int4 + 0", id).fetchOne().get(0);
                    } finally {
                        pool.put(c);
                    }
                });
            }
        }
        try (Pinning rec = Pinning.record()) {
            List<Future<?>> futures = new ArrayList<>();
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 10_000; t++) {
                    int id = t;
                    futures.add(ex.submit(() -> {
                        for (int q = 0; q < 10; q++) {
                            Connection c = pool.take();
                            try {
                                int expected = id * 10 + q;
                                Object got = c.cursor().execute("SELECT %s::int4 + 0", expected).fetchOne().get(0);
                                if (!Integer.valueOf(expected).equals(got)) {
                                    wrong.incrementAndGet();
                                }
                            } finally {
                                pool.put(c);
                            }
                        }
                        done.incrementAndGet();
                        return null;
                    }));
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pinned = rec.greenwireFrames();
            pinnedTotal = rec.total();
        } finally {
            for (Connection c : pool) {
                c.close();
            }
        }
        assertEquals(10_000, done.get());
        assertEquals(0, wrong.get(), "queries returned another thread's result");
        assertTrue(pinned.isEmpty(), "virtual threads pinned in Greenwire code: " + pinned
                + " (of " + pinnedTotal + " pinned events)");
    }
}
