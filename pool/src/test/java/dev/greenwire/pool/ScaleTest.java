package dev.greenwire.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
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
        Path jfr = Files.createTempFile("greenwire-pool-pinning", ".jfr");
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        try (ConnectionPool pool = PoolTestSupport.builder(PoolTestSupport.app("scale")).minSize(16)
                .timeout(Duration.ofSeconds(120)).build();
                Recording rec = new Recording()) {
            pool.waitReady(Duration.ofSeconds(20));
            // first uses link call sites and initialize classes, which can pin a virtual thread once
            // per JVM whatever the code; the recording covers the steady state
            try (LifecycleTest.Load warm = new LifecycleTest.Load(pool, 100)) {
                warm.runFor(Duration.ofMillis(500));
                warm.close();
                warm.assertNoFailure();
            }
            pool.popStats();
            rec.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            rec.start();
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
            rec.stop();
            rec.dump(jfr);
            System.out.println("scale: " + pool.stats());
            assertEquals(200_000, PoolTestSupport.stat(pool, "requestsNum"));
            assertEquals(0, PoolTestSupport.stat(pool, "requestsErrors"));
            assertEquals(0, PoolTestSupport.stat(pool, "connectionsNum"), "no connection was lost or replaced");
        }
        assertEquals(10_000, done.get());
        assertEquals(0, wrong.get(), "queries returned another thread's result");
        List<String> pinned = new ArrayList<>();
        int pinnedTotal = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
                continue;
            }
            pinnedTotal++;
            if (e.getStackTrace() == null) {
                continue;
            }
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                if (f.getMethod().getType().getName().startsWith("dev.greenwire")) {
                    StringBuilder sb = new StringBuilder(f.getMethod().getType().getName() + "." + f.getMethod().getName()
                            + " under");
                    e.getStackTrace().getFrames().stream().limit(6).forEach(top -> sb.append(' ')
                            .append(top.getMethod().getType().getName()).append('.').append(top.getMethod().getName()));
                    pinned.add(sb.toString());
                    break;
                }
            }
        }
        Files.deleteIfExists(jfr);
        assertTrue(pinned.isEmpty(), "virtual threads pinned in Greenwire code: " + pinned
                + " (of " + pinnedTotal + " pinned events)");
    }
}
