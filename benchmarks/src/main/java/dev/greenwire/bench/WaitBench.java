package dev.greenwire.bench;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.WaitCallback;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A benchmark harness (not a test): for each wait strategy, on platform and virtual threads,
 * the latency of {@code SELECT 1} round trips on one connection (p50/p99) and the throughput
 * of 1,000 virtual threads running a point query over 16 connections; pgjdbc on the same
 * server in the same run as the reference. Prints a Markdown table.
 *
 * <p>Run: {@code ./gw mvn -q -Pbench -DskipTests install && ./gw mvn -q -Pbench -pl benchmarks exec:java}
 * (GREENWIRE_DSN/JDBC_URL name an external server; by default the embedded one is used).
 */
public final class WaitBench {
    private static final int LATENCY_WARMUP = 3_000;
    private static final int LATENCY_SAMPLES = 20_000;
    private static final int THREADS = 1_000;
    private static final int QUERIES_PER_THREAD = 20;
    private static final int POOL = 16;

    private WaitBench() {
    }

    /** A way to run a query on one connection. */
    interface Client extends AutoCloseable {
        long point(long id) throws Exception;

        @Override
        void close() throws Exception;
    }

    interface ClientFactory {
        Client open() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        TestServer server = TestServer.get();
        String dsn = System.getenv().getOrDefault("GREENWIRE_DSN", server.dsn());
        String jdbc = System.getenv().getOrDefault("JDBC_URL", "jdbc:postgresql://" + server.host() + ":" + server.port()
                + "/" + server.database() + "?user=" + server.superuser());
        try (Connection c = Pg.connect(dsn)) {
            c.autocommit(true);
            c.cursor().execute("DROP TABLE IF EXISTS bench_point");
            c.cursor().execute("CREATE TABLE bench_point (id int8 PRIMARY KEY, v text)");
            c.cursor().execute("INSERT INTO bench_point SELECT g, md5(g::text) FROM generate_series(1, 10000) g");
            c.cursor().execute("ANALYZE bench_point");
        }
        Map<String, WaitCallback> strategies = new LinkedHashMap<>();
        strategies.put("selector", WaitStrategies.selector());
        strategies.put("parking", WaitStrategies.parking());
        strategies.put("busyPoll", WaitStrategies.busyPoll());
        strategies.put("backoff", WaitStrategies.backoff(100, 10, Duration.ofMillis(1)));
        strategies.put("auto", WaitStrategies.auto());

        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, WaitCallback> e : strategies.entrySet()) {
            ConnectOptions opts = ConnectOptions.builder().waitCallback(e.getValue()).build();
            ClientFactory f = () -> greenwire(dsn, opts);
            for (boolean virtual : new boolean[] {false, true}) {
                rows.add(row("greenwire " + e.getKey(), virtual, f));
            }
        }
        ClientFactory pg = () -> pgjdbc(jdbc);
        for (boolean virtual : new boolean[] {false, true}) {
            rows.add(row("pgjdbc " + org.postgresql.util.DriverInfo.DRIVER_VERSION + "", virtual, pg));
        }
        System.out.println();
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + "; PostgreSQL on loopback; " + LocalDate.now());
        System.out.println();
        System.out.println("| client / strategy | thread | SELECT 1 p50 (µs) | p99 (µs) | point queries/s (1,000 VT × "
                + QUERIES_PER_THREAD + " on " + POOL + " conns) |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String row(String name, boolean virtual, ClientFactory f) throws Exception {
        long[] lat = latency(f, virtual);
        double tput = throughput(f);
        String line = String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %,.0f |", name,
                virtual ? "virtual" : "platform", lat[0] / 1e3, lat[1] / 1e3, tput);
        System.err.println(line);
        return line;
    }

    private static long[] latency(ClientFactory f, boolean virtual) throws Exception {
        long[] samples = new long[LATENCY_SAMPLES];
        Exception[] failure = new Exception[1];
        Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
            try (Client c = f.open()) {
                for (int i = 0; i < LATENCY_WARMUP; i++) {
                    c.point(0);
                }
                for (int i = 0; i < LATENCY_SAMPLES; i++) {
                    long t0 = System.nanoTime();
                    c.point(0);
                    samples[i] = System.nanoTime() - t0;
                }
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        Arrays.sort(samples);
        return new long[] {samples[LATENCY_SAMPLES / 2], samples[(int) (LATENCY_SAMPLES * 0.99)]};
    }

    private static double throughput(ClientFactory f) throws Exception {
        BlockingQueue<Client> pool = new ArrayBlockingQueue<>(POOL);
        for (int i = 0; i < POOL; i++) {
            pool.add(f.open());
        }
        AtomicLong bad = new AtomicLong();
        try {
            runThreads(pool, bad, 200);
            long t0 = System.nanoTime();
            runThreads(pool, bad, THREADS);
            double secs = (System.nanoTime() - t0) / 1e9;
            if (bad.get() != 0) {
                throw new IllegalStateException(bad.get() + " wrong results");
            }
            return THREADS * (double) QUERIES_PER_THREAD / secs;
        } finally {
            for (Client c : pool) {
                c.close();
            }
        }
    }

    private static void runThreads(BlockingQueue<Client> pool, AtomicLong bad, int threads) {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                long id = 1 + t % 10_000;
                ex.submit(() -> {
                    for (int q = 0; q < QUERIES_PER_THREAD; q++) {
                        Client c = pool.take();
                        try {
                            if (c.point(id) != id) {
                                bad.incrementAndGet();
                            }
                        } finally {
                            pool.put(c);
                        }
                    }
                    return null;
                });
            }
        }
    }

    private static Client greenwire(String dsn, ConnectOptions opts) {
        Connection c = Pg.connect(dsn, opts);
        c.autocommit(true);
        var cur = c.cursor();
        return new Client() {
            @Override
            public long point(long id) {
                if (id == 0) {
                    return ((Number) cur.execute("SELECT 1").fetchOne().get(0)).longValue();
                }
                return (Long) cur.execute("SELECT id FROM bench_point WHERE id = %s", id).fetchOne().get(0);
            }

            @Override
            public void close() {
                c.close();
            }
        };
    }

    private static Client pgjdbc(String url) throws Exception {
        java.sql.Connection c = DriverManager.getConnection(url);
        c.setAutoCommit(true);
        PreparedStatement ps = c.prepareStatement("SELECT id FROM bench_point WHERE id = ?");
        Statement st = c.createStatement();
        return new Client() {
            @Override
            public long point(long id) throws Exception {
                if (id == 0) {
                    try (ResultSet rs = st.executeQuery("SELECT 1")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }

            @Override
            public void close() throws Exception {
                c.close();
            }
        };
    }
}
