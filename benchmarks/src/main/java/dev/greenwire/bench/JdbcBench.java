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
 * same run, the order of the two drivers alternated every round. Not a test. Each cell also
 * gives the client JVM's CPU time per query (all its threads, user and system).
 *
 * <ul>
 *   <li>point: one virtual thread, {@value #POINT_OPS} point queries
 *       ({@code SELECT id, name, val FROM bench_point WHERE id = ?}); each borrows a connection
 *       from HikariCP, prepares the statement, runs it, reads the row and gives everything back
 *       (what a Spring/JdbcTemplate call does). Queries/s and per-query latency.</li>
 *   <li>concurrency: 2,000 virtual threads × 50 such queries on a 16-connection HikariCP pool.</li>
 *   <li>fetch: {@value #FETCH_REPS} times, one prepared statement reading the 100,000 rows of
 *       {@code bench_fetch} (int4, int8, text, float8, timestamptz, numeric) with typed getters
 *       (getInt, getLong, getString, getDouble, getObject(OffsetDateTime), getBigDecimal), on the
 *       one-connection pool. Rows/s and time per fetch.</li>
 *   <li>arrays (only with {@code bench.only}): {@value #FETCH_REPS} times, one prepared statement
 *       reading {@value #ARRAY_ROWS} rows of a six-element {@code text[]} with
 *       {@code getArray().getArray()}.</li>
 * </ul>
 *
 * <p>Both drivers with {@code sslmode=disable} and their defaults otherwise (statements
 * prepared on the server after 5 uses); greenwire-jdbc with {@code waitStrategy=parking}.
 * Properties: {@code bench.repeats} (3), {@code bench.warmups} (2), {@code bench.drivers}
 * ({@code greenwire,pgjdbc}: either or both; {@code floor} adds {@link WireFloor}, the least any
 * driver could do for the point query: one write and one read per query, to bound what a driver
 * can gain here), {@code bench.pools} ({@code hikari} by default;
 * {@code hikari,queue} adds the same workloads on a plain FIFO queue of connections, which
 * separates HikariCP's hand-off from the drivers' own cost), {@code bench.only}
 * ({@code point,concurrency,fetch}: the workloads to run; {@code arrays} too),
 * {@code bench.greenwireProps} (URL properties added to greenwire-jdbc's, such as
 * {@code binaryTransferDisable=text}), {@code bench.greenwireUnix} and {@code bench.pgjdbcUnix}
 * ({@code true}: that driver over the server's Unix socket; pgjdbc through junixsocket, its
 * {@code socketFactory}, as it has no Unix sockets of its own), {@code bench.greenwireAlt} (URL
 * properties of a second greenwire-jdbc client run beside the first, such as
 * {@code waitStrategy=selector}: two settings compared in the same JVM and rounds).
 */
public final class JdbcBench {
    private JdbcBench() {
    }

    static final int POINT_OPS = 20_000;
    static final int FETCH_REPS = 5;

    public static void main(String[] args) throws Exception {
        TestServer s = BenchSupport.server();
        setup();
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
            pgVersion = c.cursor().execute("SHOW server_version").fetchOne().get(0).toString();
        }
        boolean gwUnix = Boolean.getBoolean("bench.greenwireUnix");
        boolean pgUnix = Boolean.getBoolean("bench.pgjdbcUnix");
        if ((gwUnix || pgUnix) && s.socketDir() == null) {
            throw new IllegalStateException("bench.greenwireUnix/pgjdbcUnix: this server has no Unix socket directory");
        }
        String gw = gwUnix ? "greenwire-jdbc (parking, Unix socket)" : "greenwire-jdbc (parking)";
        String pg = "pgjdbc " + org.postgresql.util.DriverInfo.DRIVER_VERSION + (pgUnix ? " (Unix socket, junixsocket 2.10.1)" : "");
        String gwExtra = System.getProperty("bench.greenwireProps", "");
        if (gwUnix) {
            gwExtra = (gwExtra.isEmpty() ? "" : gwExtra + "&") + "host="
                    + java.net.URLEncoder.encode(s.socketDir(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String gwUrl = "jdbc:greenwire:postgresql:" + base + "?sslmode=disable&waitStrategy=parking"
                + (gwExtra.isEmpty() ? "" : "&" + gwExtra);
        String pgUrl = "jdbc:postgresql:" + base + "?sslmode=disable";
        if (pgUnix) { // through junixsocket, pgjdbc's socketFactory for Unix sockets
            // the factory replaces the address it is given by its argument's socket path only for a host name
            pgUrl = "jdbc:postgresql://localhost:" + s.port() + "/" + s.database() + "?sslmode=disable"
                    + "&socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg&socketFactoryArg="
                    + java.net.URLEncoder.encode(s.socketDir() + "/.s.PGSQL." + s.port(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String drivers = System.getProperty("bench.drivers", "greenwire,pgjdbc");
        List<String> kinds = List.of(System.getProperty("bench.pools", "hikari").split(","));
        Map<String, Source> pools = new LinkedHashMap<>();
        Map<String, Source> singles = new LinkedHashMap<>();
        List<String[]> clients = new ArrayList<>(List.of(new String[] {gw, gwUrl}, new String[] {pg, pgUrl}));
        String alt = System.getProperty("bench.greenwireAlt", "");
        if (!alt.isEmpty()) { // a second greenwire-jdbc client, alternated with the first in the same JVM
            clients.add(1, new String[] {"greenwire-jdbc (" + alt + ")", gwUrl + "&" + alt});
        }
        if (drivers.contains("floor")) { // the least any driver could do: see WireFloor
            WireFloor.register();
            clients.add(new String[] {"wire floor (no driver)", WireFloor.PREFIX + s.host() + ":" + s.port() + "/" + s.database()});
        }
        for (String[] d : clients) {
            String who = d[0].startsWith("greenwire") ? "greenwire" : d[0].startsWith("pgjdbc") ? "pgjdbc" : "floor";
            if (!drivers.contains(who)) {
                continue;
            }
            for (String kind : kinds) {
                String label = d[0] + (kind.equals("queue") ? " + FIFO queue" : " + HikariCP 7.1.0");
                pools.put(label, source(kind, d[1], s.superuser(), pw, POOL));
                singles.put(label, source(kind, d[1], s.superuser(), pw, 1));
            }
        }
        List<String> only = List.of(System.getProperty("bench.only", "point,concurrency,fetch").split(","));
        for (String w : only) {
            if (!List.of("point", "concurrency", "fetch", "arrays").contains(w)) {
                throw new IllegalArgumentException("bench.only: point, concurrency, fetch or arrays, not " + w);
            }
        }
        Map<String, Map<String, List<R>>> results = new LinkedHashMap<>();
        int warmups = Integer.getInteger("bench.warmups", 2);
        String loadBefore = loadAverage();
        try {
            for (int round = 1 - warmups; round <= REPEATS; round++) {
                List<String> order = new ArrayList<>(pools.keySet());
                if (Math.floorMod(round, 2) == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String client : order) {
                    StringBuilder line = new StringBuilder();
                    for (String w : only) {
                        R r = switch (w) {
                            case "point" -> measured(POINT_OPS, () -> onVirtual(() -> point(singles.get(client))));
                            case "concurrency" -> measured((long) VTHREADS * PER_THREAD, () -> concurrency(pools.get(client)));
                            case "arrays" -> measured((long) FETCH_REPS * ARRAY_ROWS, () -> arrays(singles.get(client)));
                            default -> measured((long) FETCH_REPS * FETCH_ROWS, () -> fetch(singles.get(client)));
                        };
                        line.append(String.format(Locale.ROOT, " | %s %,10.0f/s p50 %8.1f µs cpu %5.1f µs machine %5.1f µs alloc %,6.0f B",
                                w, r.m().perSecond(), r.m().p50us(), r.cpuUs(), r.machineUs(), r.allocBytes()));
                        if (round > 0) {
                            results.computeIfAbsent(w, k -> new LinkedHashMap<>()).computeIfAbsent(client, k -> new ArrayList<>()).add(r);
                        }
                    }
                    System.err.printf(Locale.ROOT, "[%s] %-50s%s%n", round <= 0 ? "warm-up" : Integer.toString(round), client, line);
                }
            }
        } finally {
            for (Source src : pools.values()) {
                src.close();
            }
            for (Source src : singles.values()) {
                src.close();
            }
        }
        System.out.println("Date: " + ZonedDateTime.now() + "; PostgreSQL " + pgVersion + "; Java "
                + System.getProperty("java.version") + "; " + Runtime.getRuntime().availableProcessors()
                + " CPUs; load average before " + loadBefore + ", after " + loadAverage());
        System.out.println();
        for (Map.Entry<String, Map<String, List<R>>> w : results.entrySet()) {
            System.out.println(switch (w.getKey()) {
                case "point" -> "point: one VT, " + POINT_OPS + " queries, borrow + prepare + execute + return (queries/s)";
                case "concurrency" -> "concurrency: " + VTHREADS + " VT × " + PER_THREAD + " queries, " + POOL
                        + " connections (queries/s)";
                case "arrays" -> "arrays: " + FETCH_REPS + " × " + ARRAY_ROWS + " rows of one text[] of six elements (two"
                        + " quoted in its text, one non-ASCII), getArray().getArray() per row (rows/s; p50/p99: one fetch; CPU per row)";
                default -> "fetch: " + FETCH_REPS + " × " + FETCH_ROWS + " rows, six typed getters per row (rows/s; p50/p99:"
                        + " one fetch; CPU per row)";
            });
            System.out.println();
            System.out.println("| client | queries/s, median (min–max) | p50 / p99 latency | client CPU per query | machine CPU per query | heap allocated per query | vs pgjdbc, same pool |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Map.Entry<String, List<R>> c : w.getValue().entrySet()) {
                String suffix = c.getKey().substring(c.getKey().indexOf(" + "));
                List<R> refs = w.getValue().getOrDefault(pg + suffix, c.getValue());
                double ref = median(refs.stream().mapToDouble(r -> r.m().perSecond()).toArray());
                double[] qps = c.getValue().stream().mapToDouble(r -> r.m().perSecond()).toArray();
                double med = median(qps);
                System.out.printf(Locale.ROOT, "| %s | %,.0f/s (%,.0f–%,.0f) | %.1f µs / %.1f µs | %.1f µs | %.1f µs | %,.0f B | %.2f× |%n",
                        c.getKey(), med, java.util.Arrays.stream(qps).min().orElse(0),
                        java.util.Arrays.stream(qps).max().orElse(0),
                        median(c.getValue().stream().mapToDouble(r -> r.m().p50us()).toArray()),
                        median(c.getValue().stream().mapToDouble(r -> r.m().p99us()).toArray()),
                        median(c.getValue().stream().mapToDouble(R::cpuUs).toArray()),
                        median(c.getValue().stream().mapToDouble(R::machineUs).toArray()),
                        median(c.getValue().stream().mapToDouble(R::allocBytes).toArray()), med / ref);
            }
            System.out.println();
        }
    }

    /**
     * A measurement, the client JVM's CPU time per query during it and the whole machine's
     * (every CPU's busy time from /proc/stat: client, server backends and kernel; -1 where
     * /proc/stat cannot be read).
     */
    private record R(M m, double cpuUs, double machineUs, double allocBytes) {
    }

    private static R measured(long queries, java.util.concurrent.Callable<M> run) throws Exception {
        long cpu = processCpuNanos();
        long busy = machineBusyNanos();
        long alloc = allocatedBytes();
        M m = run.call();
        long busyAfter = machineBusyNanos();
        long allocAfter = allocatedBytes();
        return new R(m, (processCpuNanos() - cpu) / 1e3 / queries,
                busy < 0 || busyAfter < 0 ? -1 : (busyAfter - busy) / 1e3 / queries,
                alloc < 0 || allocAfter < 0 ? -1 : (double) (allocAfter - alloc) / queries);
    }

    /** Heap bytes allocated by every thread of this JVM so far (virtual threads count on their carriers), or -1. */
    private static long allocatedBytes() {
        if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    /** Busy time of all CPUs since boot (user, nice, system, irq, softirq, steal), or -1. */
    private static long machineBusyNanos() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Where a query gets its connection: HikariCP, or a plain FIFO queue of connections. */
    private interface Source extends AutoCloseable {
        java.sql.Connection borrow() throws Exception;

        void giveBack(java.sql.Connection c) throws Exception;

        @Override
        void close() throws Exception;
    }

    private static Source source(String kind, String url, String user, String password, int size) throws Exception {
        if (kind.equals("queue")) {
            java.util.concurrent.BlockingQueue<java.sql.Connection> q = new java.util.concurrent.ArrayBlockingQueue<>(size);
            for (int i = 0; i < size; i++) {
                q.add(java.sql.DriverManager.getConnection(url, user, password));
            }
            return new Source() {
                public java.sql.Connection borrow() throws InterruptedException {
                    return q.take();
                }

                public void giveBack(java.sql.Connection c) throws InterruptedException {
                    q.put(c);
                }

                public void close() throws Exception {
                    for (java.sql.Connection c : q) {
                        c.close();
                    }
                }
            };
        }
        if (!kind.equals("hikari")) {
            throw new IllegalArgumentException("bench.pools: hikari or queue, not " + kind);
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(size);
        cfg.setMinimumIdle(size);
        HikariDataSource ds = new HikariDataSource(cfg);
        return new Source() {
            public java.sql.Connection borrow() throws java.sql.SQLException {
                return ds.getConnection();
            }

            public void giveBack(java.sql.Connection c) throws java.sql.SQLException {
                c.close();
            }

            public void close() {
                ds.close();
            }
        };
    }

    private static void query(Source src, int id) throws Exception {
        java.sql.Connection c = src.borrow();
        try (PreparedStatement ps = c.prepareStatement(POINT_SQL_JDBC)) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                consume(rs.getInt(1), rs.getString(2), rs.getDouble(3));
            }
        } finally {
            src.giveBack(c);
        }
    }

    private static M point(Source ds) throws Exception {
        long[] nanos = new long[POINT_OPS];
        long start = System.nanoTime();
        for (int i = 0; i < POINT_OPS; i++) {
            long t = System.nanoTime();
            query(ds, 1 + i % POINT_ROWS);
            nanos[i] = System.nanoTime() - t;
        }
        return latencies(nanos, System.nanoTime() - start, POINT_OPS);
    }

    private static M fetch(Source src) throws Exception {
        return fetchRepeatedly(src, FETCH_SQL_JDBC, 0, FETCH_ROWS, rs -> consume(rs.getInt(1), rs.getLong(2), rs.getString(3),
                rs.getDouble(4), rs.getObject(5, java.time.OffsetDateTime.class), rs.getBigDecimal(6)));
    }

    static final int ARRAY_ROWS = 50_000;
    static final String ARRAYS_SQL = "SELECT ARRAY['tag ' || g, 'plain', 'é-' || g, g::text, 'a,b', 'last'] FROM generate_series(1, ?) g";

    /** Reads {@value #ARRAY_ROWS} text[] values through one prepared statement, {@value #FETCH_REPS} times. */
    private static M arrays(Source src) throws Exception {
        return fetchRepeatedly(src, ARRAYS_SQL, ARRAY_ROWS, ARRAY_ROWS, rs -> {
            String[] tags = (String[]) rs.getArray(1).getArray();
            if (tags.length != 6) {
                throw new IllegalStateException("an array of " + tags.length + " elements");
            }
            consume(tags[0], tags[4]);
        });
    }

    /** What a fetch does with each row. */
    private interface RowReader {
        void read(ResultSet rs) throws Exception;
    }

    /**
     * {@value #FETCH_REPS} times on one borrowed connection: prepares {@code sql}, binds
     * {@code param}, reads every row (there must be {@code rows}); one latency per fetch.
     */
    private static M fetchRepeatedly(Source src, String sql, int param, int rows, RowReader reader) throws Exception {
        long[] nanos = new long[FETCH_REPS];
        long start = System.nanoTime();
        java.sql.Connection c = src.borrow();
        try {
            for (int i = 0; i < FETCH_REPS; i++) {
                long t = System.nanoTime();
                long n = 0;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setInt(1, param);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            reader.read(rs);
                            n++;
                        }
                    }
                }
                if (n != rows) {
                    throw new IllegalStateException("fetched " + n + " rows, not " + rows);
                }
                nanos[i] = System.nanoTime() - t;
            }
        } finally {
            src.giveBack(c);
        }
        return latencies(nanos, System.nanoTime() - start, (long) FETCH_REPS * rows);
    }

    private static M concurrency(Source ds) throws Exception {
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
