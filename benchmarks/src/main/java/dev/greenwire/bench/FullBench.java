package dev.greenwire.bench;

import static dev.greenwire.bench.BenchSupport.*;

import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Issue 18's whole table in one run: rows are the workloads (ping, point, fetch, insert, COPY in
 * and out, concurrency, notify), columns the clients (pgjdbc on virtual threads, pgjdbc +
 * HikariCP, Vert.x PG, Greenwire with client-side and server-side binding, greenwire-pool and
 * its multiplexed statements, pgbench -M prepared), every Greenwire column measured both
 * without and with {@code --add-opens}. The clients run in PoolBench's forked worker JVMs
 * ({@link Workers}: {@code plain}, {@code opens}, {@code ref}); pgbench runs from this JVM.
 * {@code bench.warmups} (1) warm-up rounds, then {@code bench.repeats} (3) rounds with the
 * order of the clients rotated every round; ping and point interleave all their clients in
 * chunks of 500 round trips (the machine's idle state moves a round trip between ~20 and
 * ~60 µs, whatever the client), as ComparisonBench does in one JVM. The table (medians, the
 * (min–max) of the rounds, ratios to pgjdbc) goes to stdout and into {@code RESULTS.md}
 * between {@code <!-- fullbench:begin -->} and {@code <!-- fullbench:end -->}, the chart into
 * {@code results.svg} beside it ({@link FullReport}).
 *
 * <p>Properties: {@code bench.quick=true} (every size cut tenfold, pgbench 1 s, no warm-up
 * round: a check of the harness in minutes, labelled as such), {@code bench.repeats},
 * {@code bench.warmups}, {@code bench.only=ping,point,…} (workload keys), {@code
 * bench.clients=pgjdbc,plain/gw-ssb,…} (column ids), {@code bench.poolBinding=server|client}
 * (greenwire-pool's columns; server by default), {@code bench.pgbenchSeconds} (5),
 * {@code bench.write=false} (print only, leave RESULTS.md and the chart alone), {@code
 * bench.resultsDir} (where RESULTS.md is; {@code benchmarks/} under the working directory by
 * default), {@code bench.chartMax} (the chart's axis cap, 4), {@code bench.workerJvmArgs}.
 */
public final class FullBench {
    private FullBench() {
    }

    /** One column: who runs it ({@code plain}, {@code opens}, {@code ref} or {@code parent}), its key there, its header. */
    record Col(String id, String worker, String key, String header, String legend) {
    }

    /** One row: its key, its label, and the client keys it applies to. */
    record Wl(String key, String label, String chart, Set<String> clients) {
        boolean latency() {
            return key.equals("notify");
        }
    }

    static final String JDBC = "pgjdbc " + org.postgresql.util.DriverInfo.DRIVER_VERSION;
    static final boolean POOL_SERVER_BINDING = !"client".equals(System.getProperty("bench.poolBinding", "server"));
    static final int CHUNK = 500;
    static final int WARM_OPS = QUICK ? 500 : 3_000;
    static final List<Col> COLS = new ArrayList<>();
    static final List<Wl> WLS = new ArrayList<>();

    static {
        String poolBinding = POOL_SERVER_BINDING ? "server-side binding" : "client-side binding";
        COLS.add(new Col("pgjdbc", "ref", "pgjdbc", JDBC, JDBC + " on virtual threads: PreparedStatements (server-prepared"
                + " after 5 uses), reWriteBatchedInserts for the insert, CopyManager for COPY; concurrency through an"
                + " ArrayBlockingQueue of 16 connections (ComparisonBench's hand-made pool)"));
        COLS.add(new Col("hikari", "ref", "hikari", "pgjdbc + HikariCP", JDBC + " + " + PoolBench.HIKARI
                + " (maximumPoolSize 16), a borrow and a PreparedStatement per query, on virtual threads"));
        COLS.add(new Col("vertx", "ref", "vertx", "Vert.x PG", PoolBench.VERTX + ": its event loop, cachePreparedStatements;"
                + " concurrency through its Pool (maxSize 16) awaited from the virtual threads; no COPY"));
        for (String[] gw : new String[][] {{"gw-csb", "GW client binding", "Greenwire, client-side binding (the default):"
                + " literals in the statement text, simple protocol"}, {"gw-ssb", "GW server binding",
                "Greenwire, server-side binding (serverSideBinding(true), ServerCursor): Bind, statements prepared after 5 runs,"
                        + " binary columns"}, {"pool", "greenwire-pool", "greenwire-pool (16 connections, " + poolBinding
                + ", autocommit), a borrow per query: try (var c = pool.connection()) { … }"}, {"pool-mux", "pool multiplexed",
                "greenwire-pool multiplexed: pool.fetchOne(sql, id) from every thread, statements pipelined on 16 lanes,"
                        + " one Sync each"}}) {
            COLS.add(new Col("plain/" + gw[0], "plain", gw[0], gw[1], gw[2] + "; virtual threads, WaitStrategies.parking(),"
                    + " no --add-opens (the parking strategy waits through its own poller thread)"));
            COLS.add(new Col("opens/" + gw[0], "opens", gw[0], gw[1] + " +opens", "the same with --add-opens"
                    + " java.base/sun.nio.ch and java.base/java.io (it parks through the JDK's poller)"));
        }
        COLS.add(new Col("pgbench", "parent", "pgbench", "pgbench -M prepared", "PostgreSQL's pgbench -M prepared -T "
                + pgbenchSeconds() + " (C, libpq): 1 client for ping and point, -c 16 -j 2 for concurrency; no queue"));
        Set<String> seq = Set.of("pgjdbc", "vertx", "gw-csb", "gw-ssb", "pgbench");
        Set<String> bulk = Set.of("pgjdbc", "vertx", "gw-csb", "gw-ssb");
        Set<String> copy = Set.of("pgjdbc", "gw-csb");
        WLS.add(new Wl("ping", "ping `SELECT 1`, one connection (queries/s)", "ping", seq));
        WLS.add(new Wl("point", "point query by primary key, one connection (queries/s)", "point", seq));
        WLS.add(new Wl("fetch", "fetch " + k(FETCH_ROWS) + " rows × 6 types, decoded (rows/s)", "fetch", bulk));
        WLS.add(new Wl("insert", "insert " + k(INSERT_ROWS) + " rows, executeMany in one transaction (rows/s)", "insert", bulk));
        WLS.add(new Wl("copy-in", "COPY FROM STDIN, " + k(INSERT_ROWS) + " rows (rows/s)", "COPY in", copy));
        if (CopyBridge.ROWS) {
            WLS.add(new Wl("copy-out", "COPY TO STDOUT, " + k(FETCH_ROWS) + " rows × 6 types, parsed (rows/s)", "COPY out", copy));
        }
        WLS.add(new Wl("concurrency", String.format(Locale.ROOT, "concurrency %,d VT × %d point queries, %d connections (queries/s)",
                VTHREADS, PER_THREAD, POOL), "concurrency", Set.of("pgjdbc", "hikari", "vertx", "gw-csb", "gw-ssb", "pool",
                "pool-mux", "pgbench")));
        WLS.add(new Wl("notify", String.format(Locale.ROOT, "notify, one in flight, p99 of %,d deliveries (latency)", NOTIFIES),
                "notify p99", bulk));
    }

    static int pgbenchSeconds() {
        return Integer.getInteger("bench.pgbenchSeconds", QUICK ? 1 : 5);
    }

    static String k(int n) {
        return n % 1000 == 0 ? (n / 1000) + "k" : Integer.toString(n);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--worker")) {
            Workers.serve(args[1], FullBench::handle);
            return;
        }
        Instant start = Instant.now();
        String loadBefore = Workers.loadAverage();
        TestServer s = server();
        setup();
        String pgVersion;
        try (Connection c = Pg.connect(dsn)) {
            pgVersion = c.cursor().execute("SHOW server_version").fetchOne().get(0).toString();
        }
        String only = System.getProperty("bench.only");
        if (only != null) {
            List<String> keep = List.of(only.split(","));
            WLS.removeIf(w -> !keep.contains(w.key()));
        }
        String pick = System.getProperty("bench.clients");
        if (pick != null) {
            List<String> keep = List.of(pick.split(","));
            COLS.removeIf(c -> !keep.contains(c.id()));
        }
        if (!Pgbench.available()) {
            System.err.println("no pgbench at " + Pgbench.BIN + ": its column stays empty");
            COLS.removeIf(c -> c.worker().equals("parent"));
        }
        List<String> jvm = Workers.jvm(s, dsn, jdbcUrl);
        Map<String, Workers.WorkerProcess> workers = new LinkedHashMap<>();
        for (String w : List.of("plain", "opens", "ref")) {
            if (COLS.stream().anyMatch(c -> c.worker().equals(w))) {
                workers.put(w, new Workers.WorkerProcess(w, jvm, w.equals("opens"), FullBench.class));
            }
        }
        Map<String, Map<String, List<M>>> results = new LinkedHashMap<>();
        Path ping = Pgbench.pingScript();
        Path point = Pgbench.pointScript();
        int warmups = Integer.getInteger("bench.warmups", QUICK ? 0 : 1);
        try {
            for (int round = 1 - warmups; round <= REPEATS; round++) { // rounds up to 0 warm up
                for (Wl w : WLS) {
                    List<Col> cs = COLS.stream().filter(c -> w.clients().contains(c.key())).toList();
                    Map<String, M> got = new LinkedHashMap<>();
                    if (w.key().equals("ping") || w.key().equals("point")) {
                        interleaved(w, cs, round, workers, got);
                    }
                    for (int k = 0; k < cs.size(); k++) {
                        Col c = cs.get(Math.floorMod(k + round, cs.size()));
                        if (c.worker().equals("parent")) {
                            if (round > 0) { // pgbench needs no warm-up
                                got.put(c.id(), Pgbench.run(s, w.key().equals("ping") ? ping : point,
                                        w.key().equals("concurrency") ? POOL : 1, pgbenchSeconds()));
                            }
                        } else if (!got.containsKey(c.id())) {
                            got.put(c.id(), workers.get(c.worker()).run("run", w.key(), c.key()));
                        }
                    }
                    for (Col c : cs) {
                        M m = got.get(c.id());
                        if (m == null) {
                            continue;
                        }
                        System.err.printf(Locale.ROOT, "[%s] %-12s %-30s %,14.0f/s p50 %10.1f µs p99 %10.1f µs%n",
                                round <= 0 ? "warm-up" : Integer.toString(round), w.key(), c.id(), m.perSecond(), m.p50us(),
                                m.p99us());
                        if (round > 0) {
                            results.computeIfAbsent(w.key(), x -> new LinkedHashMap<>()).computeIfAbsent(c.id(),
                                    x -> new ArrayList<>()).add(m);
                        }
                    }
                }
            }
        } finally {
            for (Workers.WorkerProcess w : workers.values()) {
                w.close();
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        java.time.format.DateTimeFormatter utc = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(java.time.ZoneOffset.UTC);
        env.put("Date", utc.format(start) + "–" + utc.format(Instant.now()).substring(11) + " UTC (the run took "
                + Duration.between(start, Instant.now()).toSeconds() + " s)");
        env.put("Machine", Runtime.getRuntime().availableProcessors() + " CPUs (" + Workers.cpuModel() + "), " + memory()
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("JDK", System.getProperty("java.vm.vendor") + " " + Runtime.version() + " (workers: the same java, default heap)");
        env.put("PostgreSQL", pgVersion + " on " + s.host() + ", started by greenwire-testing (fsync off)");
        env.put("Load average (1/5/15 min)", "before " + loadBefore + ", after " + Workers.loadAverage());
        for (Workers.WorkerProcess w : workers.values()) {
            env.put("Worker " + w.name, w.info);
        }
        env.put("Greenwire measured", Workers.jarInfo(Connection.class) + "; pool " + Workers.jarInfo(
                dev.greenwire.pool.ConnectionPool.class));
        env.put("COPY", CopyBridge.describe());
        env.put("Rounds", (warmups > 0 ? warmups + " warm-up, then " : "no warm-up, ") + REPEATS + " timed"
                + (QUICK ? "; QUICK RUN (-Dbench.quick=true): sizes cut tenfold, pgbench " + pgbenchSeconds() + " s" : ""));
        FullReport report = new FullReport(WLS, COLS, results, env, QUICK);
        System.out.println(report.markdown());
        if (!"false".equals(System.getProperty("bench.write"))) {
            report.write(resultsDir());
        }
        System.exit(0);
    }

    /** Where RESULTS.md lives: {@code bench.resultsDir}, else {@code benchmarks/} under the working directory, else it. */
    static Path resultsDir() {
        String d = System.getProperty("bench.resultsDir");
        if (d != null) {
            return Path.of(d);
        }
        Path here = Path.of(System.getProperty("user.dir"));
        return java.nio.file.Files.isRegularFile(here.resolve("benchmarks/RESULTS.md")) ? here.resolve("benchmarks") : here;
    }

    static String memory() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "? GiB";
    }

    /**
     * Ping or point for every worker client of one round, interleaved in chunks of {@value #CHUNK}
     * round trips (the first chunks warm up), the starting client rotated every chunk; each
     * worker times its own chunks and reports the timed ones at the end ("take").
     */
    static void interleaved(Wl w, List<Col> cs, int round, Map<String, Workers.WorkerProcess> workers, Map<String, M> got)
            throws Exception {
        List<Col> seq = cs.stream().filter(c -> !c.worker().equals("parent")).toList();
        int total = WARM_OPS + PING_OPS;
        for (int from = 0, i = 0; from < total; from += CHUNK, i++) {
            for (int k = 0; k < seq.size(); k++) {
                Col c = seq.get(Math.floorMod(k + i + round, seq.size()));
                workers.get(c.worker()).run("chunk", w.key(), c.key(), Integer.toString(from),
                        Integer.toString(Math.min(total, from + CHUNK)));
            }
        }
        for (Col c : seq) {
            got.put(c.id(), workers.get(c.worker()).run("take", w.key(), c.key()));
        }
    }

    // ---- the worker's side -----------------------------------------------------------------------

    /** One client's ping or point state in a worker between chunks: its connection, ids and latencies. */
    private static final class SeqState {
        RoundTrips.Seq seq;
        int[] ids;
        long[] lat;
        long busy;
    }

    private static final Map<String, SeqState> SEQS = new HashMap<>();

    /** A worker's requests: {@code chunk|take workload client [from to]} or {@code run workload client}. */
    static M handle(String worker, String[] p) throws Exception {
        if (insertRows == null) {
            makeRows();
        }
        String wl = p[1];
        String client = p[2];
        switch (p[0]) {
            case "chunk" -> {
                int from = Integer.parseInt(p[3]);
                int to = Integer.parseInt(p[4]);
                SeqState st = SEQS.get(wl + "/" + client);
                if (st == null) {
                    SeqState fresh = new SeqState();
                    fresh.seq = onVirtual(() -> RoundTrips.seq(driver(client), wl.equals("point")));
                    Random rnd = new Random(42);
                    fresh.ids = new int[WARM_OPS + PING_OPS];
                    for (int i = 0; i < fresh.ids.length; i++) {
                        fresh.ids[i] = 1 + rnd.nextInt(POINT_ROWS);
                    }
                    fresh.lat = new long[fresh.ids.length];
                    SEQS.put(wl + "/" + client, fresh);
                    st = fresh;
                }
                SeqState s = st;
                onVirtual(() -> {
                    long a = System.nanoTime();
                    s.seq.chunk(s.ids, from, to, s.lat);
                    if (from >= WARM_OPS) {
                        s.busy += System.nanoTime() - a;
                    }
                    return null;
                });
                return null;
            }
            case "take" -> {
                SeqState st = SEQS.remove(wl + "/" + client);
                if (st == null) {
                    throw new IllegalStateException("no chunks of " + wl + " " + client);
                }
                onVirtual(() -> {
                    st.seq.close();
                    return null;
                });
                long[] timed = Arrays.copyOfRange(st.lat, WARM_OPS, st.lat.length);
                return latencies(timed, st.busy, timed.length);
            }
            case "run" -> {
                return switch (wl) {
                    case "fetch" -> BulkWorkloads.fetch(driver(client));
                    case "insert" -> BulkWorkloads.insert(driver(client));
                    case "copy-in" -> CopyBridge.copyIn(client.equals("pgjdbc") ? "pgjdbc" : "greenwire");
                    case "copy-out" -> CopyBridge.copyOut(client.equals("pgjdbc") ? "pgjdbc" : "greenwire");
                    case "concurrency" -> PoolBench.Worker.concurrency(switch (client) {
                        case "pgjdbc" -> "jdbc-queue";
                        case "hikari" -> "hikari";
                        case "vertx" -> "vertx-vt";
                        case "gw-csb" -> "queue-csb";
                        case "gw-ssb" -> "queue-ssb";
                        case "pool" -> POOL_SERVER_BINDING ? "pool-ssb" : "pool-csb";
                        case "pool-mux" -> "pool-mux";
                        default -> throw new IllegalArgumentException("unknown client " + client);
                    });
                    case "notify" -> RoundTrips.notify(driver(client));
                    default -> throw new IllegalArgumentException("unknown workload " + wl);
                };
            }
            default -> throw new IllegalArgumentException("unknown request " + p[0]);
        }
    }

    /** The driver names of RoundTrips and BulkWorkloads. */
    static String driver(String client) {
        return switch (client) {
            case "pgjdbc" -> "pgjdbc";
            case "vertx" -> "vertx";
            case "gw-csb" -> "greenwire-csb";
            case "gw-ssb" -> "greenwire";
            default -> throw new IllegalArgumentException("no single-connection driver for " + client);
        };
    }
}
