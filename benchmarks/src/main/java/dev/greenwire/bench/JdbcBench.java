package dev.greenwire.bench;

import static dev.greenwire.bench.BenchSupport.*;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.testing.TestServer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The JDBC benchmark (issue 15): greenwire-jdbc + HikariCP beside pgjdbc + HikariCP, same JVM,
 * same run, the order of the two drivers alternated every round. Not a test.
 *
 * <ul>
 *   <li>point: one virtual thread, {@value #POINT_OPS} point queries
 *       ({@code SELECT id, name, val FROM bench_point WHERE id = ?}); each borrows a connection
 *       from HikariCP, prepares the statement, runs it, reads the row and gives everything back
 *       (what a Spring/JdbcTemplate call does). Queries/s and per-query latency.</li>
 *   <li>concurrency: 2,000 virtual threads × 50 such queries on a 16-connection HikariCP pool.</li>
 * </ul>
 *
 * <p>Both drivers with {@code sslmode=disable} and their defaults otherwise (statements
 * prepared on the server after 5 uses); greenwire-jdbc with {@code waitStrategy=parking}.
 * Properties: {@code bench.repeats} (3), {@code bench.warmups} (2), {@code bench.drivers}
 * ({@code greenwire,pgjdbc}: either or both).
 */
public final class JdbcBench {
    private JdbcBench() {
    }

    static final int POINT_OPS = 20_000;

    public static void main(String[] args) throws Exception {
        TestServer s = TestServer.get();
        String pw = null;
        for (String kv : s.dsn().split("\\s+")) {
            if (kv.startsWith("password=")) {
                pw = kv.substring("password=".length());
            }
        }
        String base = "//" + s.host() + ":" + s.port() + "/" + s.database();
        String pgVersion;
        try (Connection c = Pg.connect(s.dsn() + " sslmode=disable")) {
            c.autocommit(true);
            createPointTable(c.cursor());
            pgVersion = c.cursor().execute("SHOW server_version").fetchOne().get(0).toString();
        }
        Map<String, HikariDataSource> pools = new LinkedHashMap<>();
        Map<String, HikariDataSource> singles = new LinkedHashMap<>();
        String gw = "greenwire-jdbc (parking) + HikariCP 7.1.0";
        String pg = "pgjdbc " + org.postgresql.util.DriverInfo.DRIVER_VERSION + " + HikariCP 7.1.0";
        String gwUrl = "jdbc:greenwire:postgresql:" + base + "?sslmode=disable&waitStrategy=parking";
        String pgUrl = "jdbc:postgresql:" + base + "?sslmode=disable";
        String drivers = System.getProperty("bench.drivers", "greenwire,pgjdbc");
        for (String[] d : new String[][] {{gw, gwUrl}, {pg, pgUrl}}) {
            if (!drivers.contains(d[0].startsWith("greenwire") ? "greenwire" : "pgjdbc")) {
                continue;
            }
            pools.put(d[0], pool(d[1], s.superuser(), pw, POOL));
            singles.put(d[0], pool(d[1], s.superuser(), pw, 1));
        }
        Map<String, Map<String, List<M>>> results = new LinkedHashMap<>();
        int warmups = Integer.getInteger("bench.warmups", 2);
        String loadBefore = loadAverage();
        try {
            for (int round = 1 - warmups; round <= REPEATS; round++) {
                List<String> order = new ArrayList<>(pools.keySet());
                if (Math.floorMod(round, 2) == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String driver : order) {
                    M point = onVirtual(() -> point(singles.get(driver)));
                    M conc = concurrency(pools.get(driver));
                    System.err.printf(Locale.ROOT, "[%s] %-50s point %,10.0f/s p50 %8.1f µs p99 %8.1f µs | concurrency %,10.0f/s p50 %8.1f µs p99 %8.1f µs%n",
                            round <= 0 ? "warm-up" : Integer.toString(round), driver, point.perSecond(), point.p50us(),
                            point.p99us(), conc.perSecond(), conc.p50us(), conc.p99us());
                    if (round > 0) {
                        results.computeIfAbsent("point", k -> new LinkedHashMap<>()).computeIfAbsent(driver, k -> new ArrayList<>()).add(point);
                        results.computeIfAbsent("concurrency", k -> new LinkedHashMap<>()).computeIfAbsent(driver, k -> new ArrayList<>()).add(conc);
                    }
                }
            }
        } finally {
            pools.values().forEach(HikariDataSource::close);
            singles.values().forEach(HikariDataSource::close);
        }
        System.out.println("Date: " + ZonedDateTime.now() + "; PostgreSQL " + pgVersion + "; Java "
                + System.getProperty("java.version") + "; " + Runtime.getRuntime().availableProcessors()
                + " CPUs; load average before " + loadBefore + ", after " + loadAverage());
        System.out.println();
        for (Map.Entry<String, Map<String, List<M>>> w : results.entrySet()) {
            System.out.println(w.getKey().equals("point")
                    ? "point: one VT, " + POINT_OPS + " queries, borrow + prepare + execute + return (queries/s)"
                    : "concurrency: " + VTHREADS + " VT × " + PER_THREAD + " queries, " + POOL + " connections (queries/s)");
            System.out.println();
            System.out.println("| client | queries/s, median (min–max) | p50 / p99 latency | vs pgjdbc |");
            System.out.println("|---|---|---|---|");
            List<M> refs = w.getValue().getOrDefault(pg, w.getValue().values().iterator().next());
            double ref = median(refs.stream().mapToDouble(M::perSecond).toArray());
            for (Map.Entry<String, List<M>> c : w.getValue().entrySet()) {
                double[] qps = c.getValue().stream().mapToDouble(M::perSecond).toArray();
                double med = median(qps);
                System.out.printf(Locale.ROOT, "| %s | %,.0f/s (%,.0f–%,.0f) | %.1f µs / %.1f µs | %.2f× |%n", c.getKey(), med,
                        java.util.Arrays.stream(qps).min().orElse(0), java.util.Arrays.stream(qps).max().orElse(0),
                        median(c.getValue().stream().mapToDouble(M::p50us).toArray()),
                        median(c.getValue().stream().mapToDouble(M::p99us).toArray()), med / ref);
            }
            System.out.println();
        }
    }

    private static HikariDataSource pool(String url, String user, String password, int size) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(size);
        cfg.setMinimumIdle(size);
        return new HikariDataSource(cfg);
    }

    private static void query(HikariDataSource ds, int id) throws Exception {
        try (java.sql.Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(POINT_SQL_JDBC)) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                consume(rs.getInt(1), rs.getString(2), rs.getDouble(3));
            }
        }
    }

    private static M point(HikariDataSource ds) throws Exception {
        long[] nanos = new long[POINT_OPS];
        long start = System.nanoTime();
        for (int i = 0; i < POINT_OPS; i++) {
            long t = System.nanoTime();
            query(ds, 1 + i % POINT_ROWS);
            nanos[i] = System.nanoTime() - t;
        }
        return latencies(nanos, System.nanoTime() - start, POINT_OPS);
    }

    private static M concurrency(HikariDataSource ds) throws Exception {
        long[] nanos = new long[VTHREADS * PER_THREAD];
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < VTHREADS; t++) {
                int id = t;
                futures.add(ex.submit(() -> {
                    for (int q = 0; q < PER_THREAD; q++) {
                        long b = System.nanoTime();
                        query(ds, 1 + (id * PER_THREAD + q) % POINT_ROWS);
                        nanos[id * PER_THREAD + q] = System.nanoTime() - b;
                    }
                    return null;
                }));
            }
        }
        long total = System.nanoTime() - start;
        for (Future<?> f : futures) {
            f.get();
        }
        return latencies(nanos, total, (long) VTHREADS * PER_THREAD);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
