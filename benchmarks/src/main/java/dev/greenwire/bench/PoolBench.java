package dev.greenwire.bench;

import static dev.greenwire.bench.BenchSupport.*;
import static dev.greenwire.bench.Workers.*;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Pg;
import dev.greenwire.Row;
import dev.greenwire.ServerCursor;
import dev.greenwire.pool.ConnectionPool;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * The connection-pool benchmark (issue 12): greenwire-pool beside pgjdbc + HikariCP and the
 * Vert.x PG client's pool. Not a test: run it as RESULTS.md ("Pool (issue 12)") says.
 *
 * <ul>
 *   <li>concurrency: 2,000 virtual threads × 50 point queries (ComparisonBench's
 *       {@code SELECT id, name, val FROM bench_point WHERE id = …}, 10,000 rows) over 16
 *       connections; each query borrows a connection and gives it back. Greenwire with the
 *       parking wait strategy, client-side and server-side binding; pgjdbc through HikariCP
 *       ({@code maximumPoolSize} 16) on virtual threads; Vert.x's {@code Pool} (maxSize 16)
 *       awaited from virtual threads as ComparisonBench does, and as callback chains on its
 *       event loop. ComparisonBench's hand-made pools (an {@code ArrayBlockingQueue} of 16
 *       connections) run beside them as the no-pool baseline.</li>
 *   <li>borrow: the cost of borrowing and giving back alone, no query: one virtual thread in a
 *       loop (ns/op), 64 virtual threads on 16 connections (ops/s), and the same 64 threads
 *       yielding their carrier while they hold the connection, so that most of them queue.</li>
 * </ul>
 *
 * <p>Each client runs in a worker JVM that this class forks with the same flags, so that
 * greenwire is measured both as users run it (no {@code --add-opens}: the parking strategy
 * waits through its own poller thread) and with {@code --add-opens java.base/sun.nio.ch
 * --add-opens java.base/java.io} (it parks through the JDK's own poller), interleaved with
 * the references in the same run: {@code bench.warmups} (2) warm-up rounds, then {@code bench.repeats} (3) rounds, the
 * order of the clients rotated every round; the tables give medians and the (min–max) spread.
 * Workers: {@code plain} (greenwire, no add-opens), {@code opens} (greenwire, add-opens),
 * {@code ref} (pgjdbc, HikariCP, Vert.x); the forking and the request protocol are in
 * {@link Workers}, shared with FullBench. Progress goes to stderr, the Markdown tables to stdout.
 *
 * <p>Properties: {@code bench.repeats}, {@code bench.warmups}, {@code bench.only=concurrency|borrow},
 * {@code bench.clients=<worker/client,…>} (e.g. {@code opens/pool-ssb,ref/hikari}),
 * {@code bench.workerJvmArgs} (extra flags for the workers; {@code {worker}} is replaced by the
 * worker's name, e.g. {@code -XX:StartFlightRecording=filename=/tmp/{worker}.jfr}).
 */
public final class PoolBench {
    private PoolBench() {
    }

    static final String GW_SQL = BenchSupport.POINT_SQL;
    static final String VERTX_SQL = "SELECT id, name, val FROM bench_point WHERE id = $1";
    static final int BORROW_THREADS = 64;
    static final long BORROW_WARM_NANOS = 500_000_000L;
    static final long BORROW_TIMED_NANOS = 2_000_000_000L;
    static final String HIKARI = "HikariCP 7.1.0";
    static final String VERTX = "Vert.x PG 5.0.10";

    /** One client of one workload: which worker runs it, its key there, and its label in the table. */
    record Client(String worker, String key, String label) {
        String id() {
            return worker + "/" + key;
        }
    }

    static final Map<String, String> WORKLOADS = new LinkedHashMap<>();
    static final Map<String, List<Client>> CLIENTS = new LinkedHashMap<>();

    static {
        String jdbc = "pgjdbc " + org.postgresql.util.DriverInfo.DRIVER_VERSION;
        WORKLOADS.put("concurrency", "concurrency: 2,000 VT × 50 point queries, 16 connections (queries/s)");
        CLIENTS.put("concurrency", List.of(
                new Client("plain", "pool-csb", "greenwire-pool, client-side binding, no add-opens"),
                new Client("plain", "pool-ssb", "greenwire-pool, server-side binding, no add-opens"),
                new Client("opens", "pool-csb", "greenwire-pool, client-side binding, add-opens"),
                new Client("opens", "pool-ssb", "greenwire-pool, server-side binding, add-opens"),
                new Client("plain", "pool-mux", "greenwire-pool multiplexed (pool.fetchOne), 16 lanes, no add-opens"),
                new Client("plain", "pool-mux4", "greenwire-pool multiplexed (pool.fetchOne), 4 lanes, no add-opens"),
                new Client("opens", "pool-mux", "greenwire-pool multiplexed (pool.fetchOne), 16 lanes, add-opens"),
                new Client("ref", "hikari", jdbc + " + " + HIKARI),
                new Client("plain", "pool-ssb-tx", "greenwire-pool, server-side binding, no add-opens, autocommit off"
                        + " (the driver's default: the pool rolls back each return)"),
                new Client("ref", "vertx-vt", VERTX + " Pool, awaited from 2,000 VTs (as ComparisonBench)"),
                new Client("ref", "vertx-el", VERTX + " Pool, 2,000 callback chains on its event loop"),
                new Client("plain", "queue-ssb", "no pool: greenwire, server-side binding, ArrayBlockingQueue of 16 (ComparisonBench), no add-opens"),
                new Client("opens", "queue-ssb", "no pool: greenwire, server-side binding, ArrayBlockingQueue of 16 (ComparisonBench), add-opens"),
                new Client("ref", "jdbc-queue", "no pool: " + jdbc + ", ArrayBlockingQueue of 16 (ComparisonBench)")));
        WORKLOADS.put("borrow1", "borrow+return, one VT (ns/op)");
        WORKLOADS.put("borrowN", "borrow+return, 64 VT on 16 connections (ops/s)");
        WORKLOADS.put("borrowY", "borrow, yield while held, return; 64 VT on 16 connections (ops/s)");
        List<Client> borrow = List.of(
                new Client("plain", "pool", "greenwire-pool, no add-opens"),
                new Client("opens", "pool", "greenwire-pool, add-opens"),
                new Client("ref", "hikari", HIKARI + " (" + jdbc + ")"));
        CLIENTS.put("borrow1", borrow);
        CLIENTS.put("borrowN", borrow);
        CLIENTS.put("borrowY", borrow);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--worker")) {
            Worker.main(args[1]);
            return;
        }
        TestServer s = TestServer.get();
        String dsn = s.dsn() + " sslmode=disable";
        String jdbcUrl = "jdbc:postgresql://" + s.host() + ":" + s.port() + "/" + s.database() + "?user=" + s.superuser()
                + "&sslmode=disable";
        String pgVersion;
        try (Connection c = Pg.connect(dsn)) {
            c.autocommit(true);
            createPointTable(c.cursor());
            pgVersion = c.cursor().execute("SHOW server_version").fetchOne().get(0).toString();
        }
        String only = System.getProperty("bench.only");
        WORKLOADS.keySet().removeIf(w -> only != null && !w.startsWith(only));
        String pick = System.getProperty("bench.clients");
        if (pick != null) {
            List<String> ids = List.of(pick.split(","));
            CLIENTS.replaceAll((w, cs) -> cs.stream().filter(c -> ids.contains(c.id())).toList());
        }
        List<String> jvm = Workers.jvm(s, dsn, jdbcUrl);
        Map<String, WorkerProcess> workers = new LinkedHashMap<>();
        for (String w : List.of("plain", "opens", "ref")) {
            boolean used = WORKLOADS.keySet().stream().anyMatch(k -> CLIENTS.get(k).stream().anyMatch(c -> c.worker().equals(w)));
            if (used) {
                workers.put(w, new WorkerProcess(w, jvm, w.equals("opens"), PoolBench.class));
            }
        }
        Map<String, Map<String, List<M>>> results = new LinkedHashMap<>();
        String loadBefore = loadAverage();
        String poolJar = jarInfo(ConnectionPool.class) + "; greenwire " + jarInfo(Connection.class);
        int warmups = Integer.getInteger("bench.warmups", 2);
        try {
            for (int round = 1 - warmups; round <= REPEATS; round++) { // rounds up to 0 warm up
                for (String w : WORKLOADS.keySet()) {
                    List<Client> cs = CLIENTS.get(w);
                    for (int k = 0; k < cs.size(); k++) {
                        Client c = cs.get(Math.floorMod(k + round, cs.size()));
                        M m = workers.get(c.worker()).run(w, c.key());
                        System.err.printf(Locale.ROOT, "[%s] %-8s %-60s %,14.0f/s p50 %10.1f µs p99 %10.1f µs%n",
                                round <= 0 ? "warm-up" : Integer.toString(round), w, c.id() + " " + c.label(),
                                m.perSecond(), m.p50us(), m.p99us());
                        if (round > 0) {
                            results.computeIfAbsent(w, x -> new LinkedHashMap<>()).computeIfAbsent(c.id(), x -> new ArrayList<>()).add(m);
                        }
                    }
                }
            }
        } finally {
            for (WorkerProcess w : workers.values()) {
                w.close();
            }
        }
        StringBuilder env = new StringBuilder();
        env.append("Date: ").append(ZonedDateTime.now()).append('\n');
        env.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (").append(cpuModel())
                .append("), ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append("; PostgreSQL ").append(pgVersion).append(" on ").append(s.host()).append('\n');
        env.append("greenwire-pool measured: ").append(poolJar).append('\n');
        env.append("Load average (1/5/15 min) before: ").append(loadBefore).append(", after: ").append(loadAverage()).append('\n');
        for (WorkerProcess w : workers.values()) {
            env.append("Worker ").append(w.name).append(": ").append(w.info).append('\n');
        }
        System.out.println(env);
        System.out.println(report(results));
        System.exit(0);
    }

    // ---- report ------------------------------------------------------------------------------

    static String report(Map<String, Map<String, List<M>>> results) {
        StringBuilder sb = new StringBuilder();
        Map<String, List<M>> conc = results.get("concurrency");
        if (conc != null) {
            List<M> ref = conc.get("ref/hikari");
            sb.append("| ").append(WORKLOADS.get("concurrency"))
                    .append(" | queries/s, median (min–max) | latency per query incl. pool wait, p50 / p99 | ÷ pgjdbc + HikariCP |\n");
            sb.append("|---|---|---|---|\n");
            for (Client c : CLIENTS.get("concurrency")) {
                List<M> ms = conc.get(c.id());
                if (ms == null) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s / %s | %s |%n", c.label(), rate(ms), ms(median(ms, M::p50us)),
                        ms(median(ms, M::p99us)), ref == null ? "—" : String.format(Locale.ROOT, "%.2f×",
                                median(ms, M::perSecond) / median(ref, M::perSecond))));
            }
            sb.append('\n');
        }
        if (results.containsKey("borrow1") || results.containsKey("borrowN") || results.containsKey("borrowY")) {
            sb.append("| borrow+return, no query | one VT: ns/op, median (min–max) | 64 VT / 16 conns: ops/s | 64 VT / 16 conns, yield while held: ops/s |\n");
            sb.append("|---|---|---|---|\n");
            for (Client c : CLIENTS.get("borrow1")) {
                sb.append("| ").append(c.label());
                for (String w : List.of("borrow1", "borrowN", "borrowY")) {
                    List<M> ms = results.getOrDefault(w, Map.of()).get(c.id());
                    List<M> ref = results.getOrDefault(w, Map.of()).get("ref/hikari");
                    sb.append(" | ");
                    if (ms == null) {
                        sb.append("—");
                        continue;
                    }
                    double ratio = ref == null ? Double.NaN : median(ms, M::perSecond) / median(ref, M::perSecond);
                    if (w.equals("borrow1")) {
                        double[] ns = ms.stream().mapToDouble(m -> 1e9 / m.perSecond()).sorted().toArray();
                        sb.append(String.format(Locale.ROOT, "%,.0f ns (%,.0f–%,.0f)", 1e9 / median(ms, M::perSecond), ns[0],
                                ns[ns.length - 1]));
                        if (ref != null && !c.id().equals("ref/hikari")) {
                            sb.append(String.format(Locale.ROOT, "; %.2f× HikariCP's time", 1 / ratio));
                        }
                    } else {
                        sb.append(rate(ms));
                        if (ref != null && !c.id().equals("ref/hikari")) {
                            sb.append(String.format(Locale.ROOT, "; %.2f× HikariCP", ratio));
                        }
                    }
                }
                sb.append(" |\n");
            }
        }
        return sb.toString();
    }

    // ---- the worker ------------------------------------------------------------------------------

    /** A worker JVM: keeps its pools open and measures what the parent asks for, one line per request. */
    static final class Worker {
        private Worker() {
        }

        static final Map<String, AutoCloseable> OPEN = Workers.OPEN;
        static final Map<String, Object> CLIENTS = new LinkedHashMap<>();

        static void main(String name) throws Exception {
            Workers.serve(name, Worker::handle);
        }

        /** One request: {@code workload client}. */
        static M handle(String name, String[] p) throws Exception {
            M m = switch (p[0]) {
                case "concurrency" -> concurrency(p[1]);
                case "borrow1" -> borrowSingle(borrowOp(p[1], false));
                case "borrowN" -> borrowContended(borrowOp(p[1], false));
                case "borrowY" -> borrowContended(borrowOp(p[1], true));
                default -> throw new IllegalArgumentException("unknown workload " + p[0]);
            };
            stats(name, p[1]);
            return m;
        }

        static void stats(String worker, String client) {
            Object p = CLIENTS.get(client.equals("pool") ? "pool-csb" : client);
            if (p instanceof ConnectionPool pool) {
                Map<String, Long> st = pool.popStats();
                System.err.printf(Locale.ROOT, "  [%s/%s] requests %d, queued %d, wait %d ms, errors %d, bad returns %d,"
                                + " connections opened %d, lost %d%n", worker, client, st.get("requestsNum"),
                        st.get("requestsQueued"), st.get("requestsWaitMs"), st.get("requestsErrors"), st.get("returnsBad"),
                        st.get("connectionsNum"), st.get("connectionsLost"));
            }
        }

        // ---- the clients, opened once and kept -------------------------------------------------

        @SuppressWarnings("unchecked")
        static <T> T client(String key) throws Exception {
            Object c = CLIENTS.get(key);
            if (c == null) {
                c = open(key);
                CLIENTS.put(key, c);
            }
            return (T) c;
        }

        static Object open(String key) throws Exception {
            switch (key) {
                case "pool-mux", "pool-mux4" -> {
                    ConnectOptions opts = ConnectOptions.builder().waitCallback(WaitStrategies.parking()).build();
                    ConnectionPool pool = ConnectionPool.builder(BenchSupport.dsn, opts).minSize(POOL).maxSize(POOL)
                            .timeout(Duration.ofSeconds(30)).name("bench-" + key)
                            .multiplexLanes(key.equals("pool-mux4") ? 4 : POOL).build();
                    OPEN.put(key, pool);
                    pool.waitReady(Duration.ofSeconds(30));
                    return pool;
                }
                case "pool-csb", "pool-ssb", "pool-ssb-tx" -> {
                    ConnectOptions opts = ConnectOptions.builder().waitCallback(WaitStrategies.parking())
                            .serverSideBinding(!key.equals("pool-csb")).build();
                    ConnectionPool.Builder b = ConnectionPool.builder(BenchSupport.dsn, opts).minSize(POOL).maxSize(POOL)
                            .timeout(Duration.ofSeconds(30)).name("bench-" + key);
                    if (!key.equals("pool-ssb-tx")) {
                        // as pgjdbc and HikariCP by default: each statement commits on its own; without
                        // it (pool-ssb-tx) a SELECT opens a transaction that the pool rolls back on return
                        b.configure(c -> c.autocommit(true));
                    }
                    ConnectionPool pool = b.build();
                    OPEN.put(key, pool);
                    pool.waitReady(Duration.ofSeconds(30));
                    return pool;
                }
                case "queue-ssb", "queue-csb" -> { // ComparisonBench's greenwire setup (csb: client-side binding)
                    BlockingQueue<Cursor> q = new ArrayBlockingQueue<>(POOL);
                    for (int i = 0; i < POOL; i++) {
                        Connection c = key.equals("queue-ssb") ? greenwire() : greenwireClientBinding();
                        c.autocommit(true);
                        OPEN.put(key + i, c);
                        q.add(key.equals("queue-ssb") ? c.cursor(ServerCursor::new) : c.cursor());
                    }
                    return q;
                }
                case "hikari" -> {
                    HikariConfig hc = new HikariConfig();
                    hc.setJdbcUrl(BenchSupport.jdbcUrl);
                    hc.setMaximumPoolSize(POOL);
                    hc.setMinimumIdle(POOL);
                    hc.setConnectionTimeout(30_000);
                    hc.setPoolName("bench-hikari");
                    HikariDataSource ds = new HikariDataSource(hc);
                    OPEN.put(key, ds);
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (ds.getHikariPoolMXBean().getTotalConnections() < POOL && System.nanoTime() < until) {
                        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                    }
                    return ds;
                }
                case "jdbc-queue" -> { // ComparisonBench's pgjdbc setup
                    BlockingQueue<PreparedStatement> q = new ArrayBlockingQueue<>(POOL);
                    for (int i = 0; i < POOL; i++) {
                        java.sql.Connection c = jdbc();
                        OPEN.put(key + i, c);
                        q.add(c.prepareStatement(POINT_SQL_JDBC));
                    }
                    return q;
                }
                case "vertx-vt", "vertx-el" -> {
                    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(POOL)).connectingTo(BenchSupport.vertxOptions)
                            .using(BenchSupport.vertx).build();
                    OPEN.put(key, () -> await(pool.close()));
                    return pool;
                }
                default -> throw new IllegalArgumentException("unknown client " + key);
            }
        }

        // ---- concurrency -------------------------------------------------------------------------

        static M concurrency(String key) throws Exception {
            if (key.equals("vertx-el")) {
                return vertxEventLoop(client(key));
            }
            IntConsumer query = switch (key) {
                case "pool-csb", "pool-ssb", "pool-ssb-tx" -> {
                    ConnectionPool pool = client(key);
                    yield id -> {
                        try (Connection conn = pool.connection()) {
                            Row r = conn.cursor().execute(GW_SQL, id).fetchOne();
                            consume(r.getInt(0), r.get(1), r.getDouble(2));
                        }
                    };
                }
                case "pool-mux", "pool-mux4" -> {
                    ConnectionPool pool = client(key);
                    yield id -> {
                        Row r = pool.fetchOne(GW_SQL, id);
                        consume(r.getInt(0), r.get(1), r.getDouble(2));
                    };
                }
                case "queue-ssb", "queue-csb" -> {
                    BlockingQueue<Cursor> q = client(key);
                    yield id -> {
                        try {
                            Cursor cur = q.take();
                            try {
                                Row r = cur.execute(GW_SQL, id).fetchOne();
                                consume(r.getInt(0), r.get(1), r.getDouble(2));
                            } finally {
                                q.put(cur);
                            }
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    };
                }
                case "hikari" -> {
                    HikariDataSource ds = client(key);
                    yield id -> {
                        try (java.sql.Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(POINT_SQL_JDBC)) {
                            ps.setInt(1, id);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                consume(rs.getInt(1), rs.getString(2), rs.getDouble(3));
                            }
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    };
                }
                case "jdbc-queue" -> {
                    BlockingQueue<PreparedStatement> q = client(key);
                    yield id -> jdbcPoint(q, id);
                }
                case "vertx-vt" -> {
                    Pool pool = client(key);
                    yield id -> {
                        try {
                            io.vertx.sqlclient.Row r = await(pool.preparedQuery(VERTX_SQL).execute(Tuple.of(id))).iterator().next();
                            consume(r.getInteger(0), r.getString(1), r.getDouble(2));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    };
                }
                default -> throw new IllegalArgumentException("unknown client " + key);
            };
            long[] lat = new long[VTHREADS * PER_THREAD];
            AtomicInteger slot = new AtomicInteger();
            long a = System.nanoTime();
            RoundTrips.runThreads(query, (t, nanos) -> lat[slot.getAndIncrement()] = nanos);
            return latencies(lat, System.nanoTime() - a, lat.length);
        }

        /** 2,000 chains of 50 queries each, run by callbacks on Vert.x's event loop (no virtual thread). */
        static M vertxEventLoop(Pool pool) throws Exception {
            long[] lat = new long[VTHREADS * PER_THREAD];
            AtomicInteger slot = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(VTHREADS);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Context ctx = BenchSupport.vertx.getOrCreateContext();
            long a = System.nanoTime();
            ctx.runOnContext(v -> {
                for (int t = 0; t < VTHREADS; t++) {
                    chain(pool, new Random(t), 0, lat, slot, done, failure);
                }
            });
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Vert.x chains did not finish");
            }
            long total = System.nanoTime() - a;
            if (failure.get() != null) {
                throw new IllegalStateException(failure.get());
            }
            return latencies(lat, total, lat.length);
        }

        private static void chain(Pool pool, Random rnd, int q, long[] lat, AtomicInteger slot, CountDownLatch done,
                                  AtomicReference<Throwable> failure) {
            long a = System.nanoTime();
            pool.preparedQuery(VERTX_SQL).execute(Tuple.of(1 + rnd.nextInt(POINT_ROWS))).onComplete(ar -> {
                if (ar.failed()) {
                    failure.compareAndSet(null, ar.cause());
                    done.countDown();
                    return;
                }
                io.vertx.sqlclient.Row r = ar.result().iterator().next();
                consume(r.getInteger(0), r.getString(1), r.getDouble(2));
                lat[slot.getAndIncrement()] = System.nanoTime() - a;
                if (q + 1 < PER_THREAD) {
                    chain(pool, rnd, q + 1, lat, slot, done, failure);
                } else {
                    done.countDown();
                }
            });
        }

        // ---- borrow + return ---------------------------------------------------------------------

        interface Op {
            void run() throws Exception;
        }

        @SuppressWarnings("try")
        static Op borrowOp(String key, boolean yieldWhileHeld) throws Exception {
            switch (key) {
                case "pool" -> {
                    ConnectionPool pool = client("pool-csb");
                    return yieldWhileHeld ? () -> {
                        try (Connection c = pool.connection()) {
                            Thread.yield();
                        }
                    } : () -> {
                        try (Connection c = pool.connection()) {
                            // borrow and give back, nothing else
                        }
                    };
                }
                case "hikari" -> {
                    HikariDataSource ds = client("hikari");
                    return yieldWhileHeld ? () -> {
                        try (java.sql.Connection c = ds.getConnection()) {
                            Thread.yield();
                        }
                    } : () -> {
                        try (java.sql.Connection c = ds.getConnection()) {
                            // borrow and give back, nothing else
                        }
                    };
                }
                default -> throw new IllegalArgumentException("unknown pool " + key);
            }
        }

        /** One virtual thread borrowing and giving back in a loop: a warm-up, then ops per second. */
        static M borrowSingle(Op op) throws Exception {
            return onVirtual(() -> {
                long end = System.nanoTime() + BORROW_WARM_NANOS;
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 256; i++) {
                        op.run();
                    }
                }
                long ops = 0;
                long a = System.nanoTime();
                long t;
                do {
                    for (int i = 0; i < 256; i++) {
                        op.run();
                    }
                    ops += 256;
                    t = System.nanoTime() - a;
                } while (t < BORROW_TIMED_NANOS);
                return new M(ops / (t / 1e9), Double.NaN, Double.NaN);
            });
        }

        /** {@value #BORROW_THREADS} virtual threads borrowing and giving back: ops per second after a warm-up. */
        static M borrowContended(Op op) throws Exception {
            LongAdder count = new LongAdder();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < BORROW_THREADS; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        while (!stop.get()) {
                            op.run();
                            count.increment();
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(BORROW_WARM_NANOS);
            long n0 = count.sum();
            long a = System.nanoTime();
            java.util.concurrent.locks.LockSupport.parkNanos(BORROW_TIMED_NANOS);
            long n1 = count.sum();
            long t = System.nanoTime() - a;
            stop.set(true);
            for (Thread th : threads) {
                th.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException(failure.get());
            }
            return new M((n1 - n0) / (t / 1e9), Double.NaN, Double.NaN);
        }
    }
}
