package dev.greenwire.samples;

import dev.greenwire.ConnectOptions;
import dev.greenwire.observe.Observability;
import dev.greenwire.pool.ConnectionPool;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Records a JDK Flight Recorder file of a short Loom workload — many virtual threads sharing a
 * small pool — and reads it back with {@code jdk.jfr.consumer} to show where the time went: in
 * the pool's queue, in the server (and the network), on the wire (the driver's own work in
 * {@code poll()}), and how much of the server's time the threads spent parked in the wait
 * strategy.
 *
 * <pre>
 * ./gw mvn -q -o -pl samples exec:java -Dsample=FlightRecording            # prints the table
 * jfr print --events dev.greenwire.Query /tmp/greenwire-*.jfr             # the raw events
 * </pre>
 *
 * The recording uses {@link Observability#jfrProfileSettings()} (every event, no threshold);
 * in production use the shipped thresholds, {@link Observability#jfrSettings()}.
 */
public final class FlightRecording {
    private FlightRecording() {
    }

    /**
     * What the recording says, all times summed over the threads, in nanoseconds.
     *
     * @param queries Query events
     * @param queryNanos their durations
     * @param wireNanos their wire time (the driver inside poll())
     * @param waits Wait events during statements
     * @param waitNanos their durations (threads waiting for the socket in the wait callback while a
     *                  statement ran; waits while connecting are left out)
     * @param acquires PoolAcquire events
     * @param poolQueueNanos their durations (borrowers waiting for a connection)
     * @param connects Connect events
     * @param byStatement total time per statement as written
     */
    public record Summary(long queries, long queryNanos, long wireNanos, long waits, long waitNanos, long acquires,
                          long poolQueueNanos, long connects, Map<String, Long> byStatement) {
        /** @return the statements' time less the driver's: the server's work and the network */
        public long serverNanos() {
            return queryNanos - wireNanos;
        }
    }

    public static void main(String[] args) throws Exception {
        String dsn = System.getenv("GREENWIRE_DSN");
        if (dsn == null || dsn.isBlank()) {
            dsn = TestServer.get().dsn();
        }
        Path file = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("greenwire-", ".jfr");
        run(dsn, file, 400, 25);
        System.exit(0);
    }

    /**
     * Runs the workload under a recording, writes it to {@code file}, and prints the summary.
     *
     * @param dsn the server
     * @param file where the recording goes
     * @param threads virtual threads
     * @param queriesPerThread statements each runs, each on a connection borrowed for it
     * @return the summary printed
     */
    public static Summary run(String dsn, Path file, int threads, int queriesPerThread) throws Exception {
        int poolSize = 4;
        try (Recording recording = new Recording(Observability.jfrProfileSettings())) {
            recording.setName("greenwire-sample");
            recording.start();
            workload(dsn, poolSize, threads, queriesPerThread);
            recording.stop();
            recording.dump(file);
        }
        Summary s = summarize(file);
        print(s, file, threads, queriesPerThread, poolSize);
        return s;
    }

    /** Every thread borrows a connection per statement: short lookups, now and then a slower report. */
    private static void workload(String dsn, int poolSize, int threads, int perThread) throws Exception {
        ConnectOptions opts = ConnectOptions.builder().waitCallback(WaitStrategies.parking()).build();
        try (ConnectionPool pool = ConnectionPool.builder(dsn, opts).name("flight").minSize(poolSize).maxSize(poolSize)
                .configure(c -> c.autocommit(true)).build()) {
            pool.waitReady(Duration.ofSeconds(30));
            pool.withConnection(c -> c.cursor().execute("CREATE TEMP TABLE IF NOT EXISTS flight_t (id int)"));
            try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(vt.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            int n = thread * perThread + i;
                            pool.withConnection(c -> n % 50 == 0
                                    ? c.cursor().execute("SELECT pg_sleep(%s), count(*) FROM generate_series(1, %s)", 0.002, 10_000)
                                    : c.cursor().execute("SELECT %s::int * 2, now()", n));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
        }
    }

    /**
     * Reads a recording back and adds up the driver's events.
     *
     * @param file the recording
     * @return the sums
     * @throws IOException when it cannot be read
     */
    public static Summary summarize(Path file) throws IOException {
        long queries = 0;
        long queryNanos = 0;
        long wire = 0;
        long waits = 0;
        long waitNanos = 0;
        long acquires = 0;
        long queue = 0;
        long connects = 0;
        Map<String, Long> byStatement = new LinkedHashMap<>();
        // the statements' time spans per thread, to count only the waits that happened inside one
        Map<Long, List<long[]>> statementSpans = new java.util.HashMap<>();
        List<RecordedEvent> allWaits = new ArrayList<>();
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                long d = e.getDuration().toNanos();
                switch (e.getEventType().getName()) {
                    case Observability.QUERY -> {
                        queries++;
                        queryNanos += d;
                        wire += e.getLong("wireTime");
                        byStatement.merge(e.getString("sql"), d, Long::sum);
                        statementSpans.computeIfAbsent(threadOf(e), t -> new ArrayList<>())
                                .add(new long[] {nanos(e.getStartTime()), nanos(e.getEndTime())});
                    }
                    case Observability.WAIT -> allWaits.add(e);
                    case Observability.POOL_ACQUIRE -> {
                        acquires++;
                        queue += d;
                    }
                    case Observability.CONNECT -> connects++;
                    default -> {
                    }
                }
            }
        }
        statementSpans.values().forEach(l -> l.sort(java.util.Comparator.comparingLong(a -> a[0])));
        for (RecordedEvent w : allWaits) {
            List<long[]> spans = statementSpans.get(threadOf(w));
            if (spans != null && inside(spans, nanos(w.getStartTime()), nanos(w.getEndTime()))) {
                waits++;
                waitNanos += w.getDuration().toNanos();
            }
        }
        return new Summary(queries, queryNanos, wire, waits, waitNanos, acquires, queue, connects, byStatement);
    }

    private static long threadOf(RecordedEvent e) {
        return e.getThread() == null ? -1 : e.getThread().getId();
    }

    private static long nanos(java.time.Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** @return whether [start, end] lies within one of the sorted spans */
    private static boolean inside(List<long[]> spans, long start, long end) {
        int lo = 0;
        int hi = spans.size() - 1;
        int found = -1;
        while (lo <= hi) { // the last span that starts at or before the wait
            int mid = (lo + hi) >>> 1;
            if (spans.get(mid)[0] <= start) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && spans.get(found)[1] >= end;
    }

    private static void print(Summary s, Path file, int threads, int perThread, int poolSize) {
        System.out.printf(Locale.ROOT, "recorded %s%n", file);
        System.out.printf(Locale.ROOT, "workload: %d virtual threads × %d statements, pool of %d connections,"
                + " parking waits; %d connects, %d statements, %d waits, %d borrows%n%n",
                threads, perThread, poolSize, s.connects(), s.queries(), s.waits(), s.acquires());
        double total = s.poolQueueNanos() + s.queryNanos();
        System.out.println("| where the time went (summed over threads) | total ms | per statement µs | share |");
        System.out.println("|---|---:|---:|---:|");
        row("pool queue (dev.greenwire.PoolAcquire)", s.poolQueueNanos(), s.queries(), total);
        row("in the server and the network (Query − wire)", s.serverNanos(), s.queries(), total);
        row("on the wire: the driver in poll() (Query.wireTime)", s.wireNanos(), s.queries(), total);
        row("  of which the thread waited in the wait strategy (dev.greenwire.Wait)", s.waitNanos(), s.queries(), total);
        System.out.println();
        System.out.println("(waits are timed on JFR's clock, wire time on System.nanoTime(): the two may differ by a"
                + " fraction of a percent; a statement whose answer was already there when poll() read has no wait)");
        System.out.println();
        System.out.println("| statement (as written) | total ms |");
        System.out.println("|---|---:|");
        s.byStatement().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .forEach(e -> System.out.printf(Locale.ROOT, "| %s | %.1f |%n", e.getKey(), e.getValue() / 1e6));
    }

    private static void row(String what, long nanos, long queries, double total) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.0f %% |%n", what, nanos / 1e6,
                queries == 0 ? 0 : nanos / 1e3 / queries, total == 0 ? 0 : 100 * nanos / total);
    }
}
