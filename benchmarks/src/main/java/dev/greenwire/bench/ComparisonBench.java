package dev.greenwire.bench;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Notify;
import dev.greenwire.Pg;
import dev.greenwire.Row;
import dev.greenwire.ServerCursor;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Greenwire (virtual threads, parking strategy, server-side binding) beside pgjdbc (virtual
 * threads) and the Vert.x PG client on the same server in one run: ping, point query, fetch of
 * 100,000 decoded rows, batch insert of 100,000 rows, COPY of the same rows, 2,000 virtual
 * threads × 50 point queries on 16 connections, and NOTIFY delivery latency. Each
 * configuration runs three times with the driver order rotated; the table gives the median
 * and the spread. {@code pgbench -M prepared} runs the ping, point and concurrency workloads
 * as the C reference. Not a test: run it as RESULTS.md says.
 */
public final class ComparisonBench {
    private static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    private static final int PING_OPS = 20_000;
    private static final int POINT_ROWS = 10_000;
    private static final int FETCH_ROWS = 100_000;
    private static final int INSERT_ROWS = 100_000;
    private static final int VTHREADS = 2_000;
    private static final int PER_THREAD = 50;
    private static final int POOL = 16;
    private static final int NOTIFIES = 2_000;
    private static final String POINT_SQL_JDBC = "SELECT id, name, val FROM bench_point WHERE id = ?";
    private static final String FETCH_SQL_JDBC = "SELECT i4, i8, t, f8, ts, n FROM bench_fetch WHERE i4 > ?";

    /** One measurement: throughput (operations or rows per second) and per-operation latency. */
    record M(double perSecond, double p50us, double p99us) {
    }

    interface Workload {
        M run(String driver) throws Exception;
    }

    private static String dsn;
    private static String jdbcUrl;
    private static PgConnectOptions vertxOptions;
    private static Vertx vertx;
    private static byte[] copyData;
    private static List<Object[]> insertRows;

    private ComparisonBench() {
    }

    public static void main(String[] args) throws Exception {
        TestServer s = TestServer.get();
        dsn = s.dsn() + " sslmode=disable";
        jdbcUrl = "jdbc:postgresql://" + s.host() + ":" + s.port() + "/" + s.database() + "?user=" + s.superuser()
                + "&sslmode=disable";
        vertxOptions = new PgConnectOptions().setHost(s.host()).setPort(s.port()).setDatabase(s.database())
                .setUser(s.superuser()).setCachePreparedStatements(true).setPipeliningLimit(256);
        vertx = Vertx.vertx();
        setup();
        Map<String, Workload> workloads = new LinkedHashMap<>();
        workloads.put("ping: SELECT 1 round trips, one connection", ComparisonBench::ping);
        workloads.put("point: SELECT … WHERE id = %s, one connection", ComparisonBench::point);
        workloads.put("fetch: 100,000 rows × 6 columns, decoded (rows/s)", ComparisonBench::fetch);
        workloads.put("insert-batch: 100,000 rows (rows/s)", ComparisonBench::insert);
        workloads.put("copy: 100,000 rows (rows/s)", ComparisonBench::copy);
        workloads.put("concurrency: 2,000 VT × 50 point queries, 16 connections", ComparisonBench::concurrency);
        workloads.put("notify: 2,000 NOTIFYs to an awaiting listener (deliveries/s)", ComparisonBench::notify);
        String only = System.getProperty("bench.only");
        if (only != null) {
            workloads.keySet().removeIf(k -> !k.startsWith(only));
        }
        List<String> drivers = List.of(System.getProperty("bench.drivers", "greenwire,pgjdbc,vertx").split(","));
        Map<String, Map<String, List<M>>> results = new LinkedHashMap<>();
        for (int rep = 0; rep < REPEATS; rep++) {
            for (Map.Entry<String, Workload> w : workloads.entrySet()) {
                for (int k = 0; k < drivers.size(); k++) {
                    String d = drivers.get((k + rep) % drivers.size()); // rotate the order
                    M m = w.getValue().run(d);
                    if (m != null) {
                        results.computeIfAbsent(w.getKey(), x -> new LinkedHashMap<>())
                                .computeIfAbsent(d, x -> new ArrayList<>()).add(m);
                        System.err.printf(Locale.ROOT, "[%d] %-60s %-9s %,12.0f/s p50 %8.1f µs p99 %8.1f µs%n",
                                rep + 1, w.getKey(), d, m.perSecond(), m.p50us(), m.p99us());
                    }
                }
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
        print(results, drivers, Boolean.getBoolean("bench.nopgbench") ? Map.of() : pgbench(s));
        System.exit(0);
    }

    // ---- data -------------------------------------------------------------------------------

    private static void setup() {
        try (Connection c = Pg.connect(dsn)) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("DROP TABLE IF EXISTS bench_point, bench_fetch, bench_ins");
            cur.execute("CREATE TABLE bench_point (id int PRIMARY KEY, name text, val float8)");
            cur.execute("INSERT INTO bench_point SELECT g, 'name ' || g, g * 1.5 FROM generate_series(1, " + POINT_ROWS + ") g");
            cur.execute("CREATE TABLE bench_fetch (i4 int, i8 bigint, t text, f8 float8, ts timestamptz, n numeric(12,2))");
            cur.execute("INSERT INTO bench_fetch SELECT g, g * 1000000007::bigint, 'text value ' || g, g / 7.0,"
                    + " now() - g * interval '1 second', g / 3.0 FROM generate_series(1, " + FETCH_ROWS + ") g");
            cur.execute("CREATE UNLOGGED TABLE bench_ins (a int, b text, c float8)");
            cur.execute("VACUUM ANALYZE bench_point, bench_fetch");
        }
        insertRows = new ArrayList<>(INSERT_ROWS);
        StringBuilder sb = new StringBuilder(INSERT_ROWS * 24);
        for (int i = 0; i < INSERT_ROWS; i++) {
            insertRows.add(new Object[] {i, "row " + i, i * 0.25});
            sb.append(i).append('\t').append("row ").append(i).append('\t').append(i * 0.25).append('\n');
        }
        copyData = sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Connection greenwire() {
        return Pg.connect(dsn, ConnectOptions.builder().waitCallback(WaitStrategies.parking())
                .serverSideBinding(true).build());
    }

    private static java.sql.Connection jdbc() throws Exception {
        return DriverManager.getConnection(jdbcUrl);
    }

    private static java.sql.Connection jdbcRewrite() throws Exception {
        return DriverManager.getConnection(jdbcUrl + "&reWriteBatchedInserts=true");
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    }

    /** Runs {@code body} on a virtual thread and waits. */
    private static <T> T onVirtual(java.util.concurrent.Callable<T> body) throws Exception {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                out.set(body.call());
            } catch (Throwable t) {
                out.set(t);
            }
        }).join();
        if (out.get() instanceof Exception e) {
            throw e;
        }
        if (out.get() instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T t = (T) out.get();
        return t;
    }

    private static M latencies(long[] nanos, long totalNanos, long ops) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new M(ops / (totalNanos / 1e9), s[s.length / 2] / 1e3, s[(int) (s.length * 0.99)] / 1e3);
    }

    // ---- ping and point: sequential round trips on one connection ---------------------------

    /** One connection of one driver running round trips, a chunk at a time. */
    interface Seq extends AutoCloseable {
        /** Runs ids[from..to) as round trips, recording each latency at lat[from..to). */
        void chunk(int[] ids, int from, int to, long[] lat) throws Exception;
    }

    private static Seq seq(String driver, boolean point) throws Exception {
        switch (driver) {
            case "greenwire": {
                Connection c = greenwire();
                c.autocommit(true);
                Cursor cur = c.cursor(ServerCursor::new);
                return new Seq() {
                    @Override
                    public void chunk(int[] ids, int from, int to, long[] lat) {
                        for (int i = from; i < to; i++) {
                            long a = System.nanoTime();
                            if (point) {
                                Row r = cur.execute("SELECT id, name, val FROM bench_point WHERE id = %s", ids[i]).fetchOne();
                                consume(r.getInt(0), r.get(1), r.getDouble(2));
                            } else {
                                consume(cur.execute("SELECT 1").fetchOne().get(0));
                            }
                            lat[i] = System.nanoTime() - a;
                        }
                    }

                    @Override
                    public void close() {
                        c.close();
                    }
                };
            }
            case "pgjdbc": {
                java.sql.Connection c = jdbc();
                PreparedStatement ps = c.prepareStatement(point ? POINT_SQL_JDBC : "SELECT 1");
                return new Seq() {
                    @Override
                    public void chunk(int[] ids, int from, int to, long[] lat) throws Exception {
                        for (int i = from; i < to; i++) {
                            long a = System.nanoTime();
                            if (point) {
                                ps.setInt(1, ids[i]);
                            }
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                if (point) {
                                    consume(rs.getInt(1), rs.getString(2), rs.getDouble(3));
                                } else {
                                    consume(rs.getInt(1));
                                }
                            }
                            lat[i] = System.nanoTime() - a;
                        }
                    }

                    @Override
                    public void close() throws Exception {
                        c.close();
                    }
                };
            }
            default: {
                PgConnection c = await(PgConnection.connect(vertx, vertxOptions));
                return new Seq() {
                    @Override
                    public void chunk(int[] ids, int from, int to, long[] lat) throws Exception {
                        CompletableFuture<Void> done = new CompletableFuture<>();
                        AtomicInteger i = new AtomicInteger(from);
                        Runnable[] next = new Runnable[1];
                        next[0] = () -> {
                            int k = i.get();
                            long a = System.nanoTime();
                            Future<RowSet<io.vertx.sqlclient.Row>> f = point
                                    ? c.preparedQuery("SELECT id, name, val FROM bench_point WHERE id = $1").execute(Tuple.of(ids[k]))
                                    : c.preparedQuery("SELECT 1").execute();
                            f.onComplete(ar -> {
                                if (ar.failed()) {
                                    done.completeExceptionally(ar.cause());
                                    return;
                                }
                                io.vertx.sqlclient.Row r = ar.result().iterator().next();
                                if (point) {
                                    consume(r.getInteger(0), r.getString(1), r.getDouble(2));
                                } else {
                                    consume(r.getInteger(0));
                                }
                                lat[k] = System.nanoTime() - a;
                                if (i.incrementAndGet() < to) {
                                    next[0].run();
                                } else {
                                    done.complete(null);
                                }
                            });
                        };
                        next[0].run();
                        done.get(5, TimeUnit.MINUTES);
                    }

                    @Override
                    public void close() throws Exception {
                        await(c.close());
                    }
                };
            }
        }
    }

    /** Interleaved results of ping or point for all drivers of one repeat, computed once per repeat. */
    private static final Map<String, M> INTERLEAVED = new java.util.HashMap<>();

    private static M ping(String driver) throws Exception {
        return interleaved("ping", driver, false);
    }

    private static M point(String driver) throws Exception {
        return interleaved("point", driver, true);
    }

    /**
     * Sequential round trips, measured for every driver at once in interleaved chunks of 500,
     * so that all of them see the same machine state (on this VM a round trip's latency jumps
     * between ~20 and ~60 µs with the host's idle state, whatever the client).
     */
    private static M interleaved(String workload, String driver, boolean point) throws Exception {
        String key = workload + "/" + driver;
        M known = INTERLEAVED.remove(key);
        if (known != null) {
            return known;
        }
        List<String> drivers = List.of(System.getProperty("bench.drivers", "greenwire,pgjdbc,vertx").split(","));
        int warm = 3_000;
        int chunk = 500;
        Random rnd = new Random(42);
        int[] ids = new int[warm + PING_OPS];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + rnd.nextInt(POINT_ROWS);
        }
        Map<String, long[]> lat = new LinkedHashMap<>();
        Map<String, long[]> busy = new LinkedHashMap<>();
        onVirtual(() -> {
            Map<String, Seq> clients = new LinkedHashMap<>();
            try {
                for (String d : drivers) {
                    clients.put(d, seq(d, point));
                    lat.put(d, new long[ids.length]);
                    busy.put(d, new long[1]);
                }
                for (int from = 0; from < ids.length; from += chunk) {
                    int to = Math.min(ids.length, from + chunk);
                    for (int k = 0; k < drivers.size(); k++) {
                        String d = drivers.get((k + from / chunk) % drivers.size());
                        long a = System.nanoTime();
                        clients.get(d).chunk(ids, from, to, lat.get(d));
                        if (from >= warm) {
                            busy.get(d)[0] += System.nanoTime() - a;
                        }
                    }
                }
            } finally {
                for (Seq c : clients.values()) {
                    c.close();
                }
            }
            return null;
        });
        for (String d : drivers) {
            long[] timed = Arrays.copyOfRange(lat.get(d), warm, ids.length);
            INTERLEAVED.put(workload + "/" + d, latencies(timed, busy.get(d)[0], timed.length));
        }
        return INTERLEAVED.remove(key);
    }

    private static volatile Object sink;

    private static void consume(Object... values) {
        sink = values;
    }

    // ---- fetch -------------------------------------------------------------------------------

    private static M fetch(String driver) throws Exception {
        int runs = 4;
        long[] lat = new long[runs];
        long total = 0;
        for (int run = -1; run < runs; run++) { // one warm-up
            long a = System.nanoTime();
            int n = switch (driver) {
                case "greenwire" -> onVirtual(() -> {
                    try (Connection c = greenwire()) {
                        int count = 0;
                        Cursor cur = c.cursor(ServerCursor::new);
                        for (int k = 0; k < 7; k++) { // reach the prepare threshold: binary columns
                            cur.execute("SELECT i4, i8, t, f8, ts, n FROM bench_fetch WHERE i4 > %s", k == 6 ? -1 : FETCH_ROWS);
                        }
                        for (Row r : cur.fetchAll()) {
                            consume(r.getInt(0), r.getLong(1), r.get(2), r.getDouble(3), r.get(4), r.get(5));
                            count++;
                        }
                        c.rollback();
                        return count;
                    }
                });
                case "pgjdbc" -> onVirtual(() -> {
                    try (java.sql.Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(FETCH_SQL_JDBC)) {
                        int count = 0;
                        for (int k = 0; k < 7; k++) {
                            ps.setInt(1, k == 6 ? -1 : FETCH_ROWS);
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    consume(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getDouble(4),
                                            rs.getObject(5, OffsetDateTime.class), rs.getBigDecimal(6));
                                    count++;
                                }
                            }
                        }
                        return count;
                    }
                });
                default -> {
                    PgConnection c = await(PgConnection.connect(vertx, vertxOptions));
                    try {
                        int count = 0;
                        for (int k = 0; k < 7; k++) {
                            RowSet<io.vertx.sqlclient.Row> rs = await(c.preparedQuery(
                                    "SELECT i4, i8, t, f8, ts, n FROM bench_fetch WHERE i4 > $1").execute(Tuple.of(k == 6 ? -1 : FETCH_ROWS)));
                            for (io.vertx.sqlclient.Row r : rs) {
                                consume(r.getInteger(0), r.getLong(1), r.getString(2), r.getDouble(3),
                                        r.getOffsetDateTime(4), r.getBigDecimal(5));
                                count++;
                            }
                        }
                        yield count;
                    } finally {
                        await(c.close());
                    }
                }
            };
            if (n != FETCH_ROWS) {
                throw new IllegalStateException(driver + " fetched " + n + " rows");
            }
            if (run >= 0) {
                lat[run] = System.nanoTime() - a;
                total += lat[run];
            }
        }
        long[] s = lat.clone();
        Arrays.sort(s);
        return new M((double) FETCH_ROWS * runs / (total / 1e9), s[runs / 2] / 1e3, s[runs - 1] / 1e3);
    }

    // ---- insert-batch and copy -------------------------------------------------------------------

    private static void truncate() throws Exception {
        try (Connection c = Pg.connect(dsn)) {
            c.autocommit(true);
            c.cursor().execute("TRUNCATE bench_ins");
        }
    }

    private static long countInserted() {
        try (Connection c = Pg.connect(dsn)) {
            return (Long) c.cursor().execute("SELECT count(*) FROM bench_ins").fetchOne().get(0);
        }
    }

    private static M insert(String driver) throws Exception {
        return rounds(3, () -> insertOnce(driver));
    }

    private static M copy(String driver) throws Exception {
        return driver.equals("vertx") ? null : rounds(5, () -> copyOnce(driver));
    }

    /** Runs a one-shot bulk load {@code n} times (after one warm-up); rows/s over all, median and worst time. */
    private static M rounds(int n, java.util.concurrent.Callable<Long> once) throws Exception {
        once.call();
        long[] t = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            t[i] = once.call();
            total += t[i];
        }
        Arrays.sort(t);
        return new M((double) INSERT_ROWS * n / (total / 1e9), t[n / 2] / 1e3, t[n - 1] / 1e3);
    }

    private static long insertOnce(String driver) throws Exception {
        truncate();
        long a = System.nanoTime();
        switch (driver) {
            case "greenwire" -> onVirtual(() -> {
                try (Connection c = greenwire()) {
                    c.cursor().executeMany("INSERT INTO bench_ins VALUES (%s, %s, %s)", insertRows);
                    c.commit();
                }
                return null;
            });
            case "pgjdbc" -> onVirtual(() -> {
                try (java.sql.Connection c = jdbcRewrite();
                     PreparedStatement ps = c.prepareStatement("INSERT INTO bench_ins VALUES (?, ?, ?)")) {
                    c.setAutoCommit(false);
                    for (Object[] r : insertRows) {
                        ps.setInt(1, (Integer) r[0]);
                        ps.setString(2, (String) r[1]);
                        ps.setDouble(3, (Double) r[2]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                }
                return null;
            });
            default -> {
                PgConnection c = await(PgConnection.connect(vertx, vertxOptions));
                try {
                    List<Tuple> batch = new ArrayList<>(INSERT_ROWS);
                    for (Object[] r : insertRows) {
                        batch.add(Tuple.of(r[0], r[1], r[2]));
                    }
                    io.vertx.sqlclient.Transaction tx = await(c.begin());
                    await(c.preparedQuery("INSERT INTO bench_ins VALUES ($1, $2, $3)").executeBatch(batch));
                    await(tx.commit());
                } finally {
                    await(c.close());
                }
            }
        }
        long t = System.nanoTime() - a;
        if (countInserted() != INSERT_ROWS) {
            throw new IllegalStateException(driver + " inserted " + countInserted() + " rows");
        }
        return t;
    }

    /** One COPY of the rows (the Vert.x PG client has no COPY). */
    private static long copyOnce(String driver) throws Exception {
        truncate();
        long a = System.nanoTime();
        if (driver.equals("greenwire")) {
            onVirtual(() -> {
                try (Connection c = greenwire()) {
                    c.cursor().copyFrom(new ByteArrayInputStream(copyData), "bench_ins", "\t", "\\N", null);
                    c.commit();
                }
                return null;
            });
        } else {
            onVirtual(() -> {
                try (java.sql.Connection c = jdbc()) {
                    new org.postgresql.copy.CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class))
                            .copyIn("COPY bench_ins FROM STDIN", new ByteArrayInputStream(copyData));
                }
                return null;
            });
        }
        long t = System.nanoTime() - a;
        if (countInserted() != INSERT_ROWS) {
            throw new IllegalStateException(driver + " copied " + countInserted() + " rows");
        }
        return t;
    }

    // ---- concurrency ---------------------------------------------------------------------------

    private static M concurrency(String driver) throws Exception {
        long[] lat = new long[VTHREADS * PER_THREAD];
        AtomicInteger slot = new AtomicInteger();
        List<AutoCloseable> closers = new ArrayList<>();
        java.util.function.IntConsumer query;
        switch (driver) {
            case "greenwire" -> {
                BlockingQueue<Cursor> pool = new ArrayBlockingQueue<>(POOL);
                for (int i = 0; i < POOL; i++) {
                    Connection c = greenwire();
                    c.autocommit(true);
                    closers.add(c);
                    pool.add(c.cursor(ServerCursor::new));
                }
                query = id -> {
                    try {
                        Cursor cur = pool.take();
                        try {
                            Row r = cur.execute("SELECT id, name, val FROM bench_point WHERE id = %s", id).fetchOne();
                            consume(r.getInt(0), r.get(1), r.getDouble(2));
                        } finally {
                            pool.put(cur);
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
            case "pgjdbc" -> {
                BlockingQueue<PreparedStatement> pool = new ArrayBlockingQueue<>(POOL);
                for (int i = 0; i < POOL; i++) {
                    java.sql.Connection c = jdbc();
                    closers.add(c);
                    pool.add(c.prepareStatement(POINT_SQL_JDBC));
                }
                query = id -> {
                    try {
                        PreparedStatement ps = pool.take();
                        try {
                            ps.setInt(1, id);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                consume(rs.getInt(1), rs.getString(2), rs.getDouble(3));
                            }
                        } finally {
                            pool.put(ps);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
            default -> {
                Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(POOL)).connectingTo(vertxOptions)
                        .using(vertx).build();
                closers.add(() -> await(pool.close()));
                query = id -> {
                    try {
                        io.vertx.sqlclient.Row r = await(pool.preparedQuery("SELECT id, name, val FROM bench_point WHERE id = $1")
                                .execute(Tuple.of(id))).iterator().next();
                        consume(r.getInteger(0), r.getString(1), r.getDouble(2));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
        }
        try {
            runThreads(query, null); // warm-up round
            slot.set(0);
            long a = System.nanoTime();
            runThreads(query, (t, nanos) -> lat[slot.getAndIncrement()] = nanos);
            return latencies(lat, System.nanoTime() - a, lat.length);
        } finally {
            for (AutoCloseable c : closers) {
                c.close();
            }
        }
    }

    private static void runThreads(java.util.function.IntConsumer query, java.util.function.BiConsumer<Integer, Long> record)
            throws Exception {
        List<Thread> threads = new ArrayList<>(VTHREADS);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < VTHREADS; t++) {
            int seed = t;
            threads.add(Thread.ofVirtual().start(() -> {
                Random rnd = new Random(seed);
                try {
                    for (int q = 0; q < PER_THREAD; q++) {
                        long a = System.nanoTime();
                        query.accept(1 + rnd.nextInt(POINT_ROWS));
                        if (record != null) {
                            record.accept(seed, System.nanoTime() - a);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
    }

    // ---- notify ---------------------------------------------------------------------------------

    private static M notify(String driver) throws Exception {
        long[] lat = new long[NOTIFIES];
        AtomicInteger got = new AtomicInteger();
        Semaphore delivered = new Semaphore(0);
        java.util.function.Consumer<String> onPayload = payload -> {
            int k = got.getAndIncrement();
            if (k < NOTIFIES) {
                lat[k] = System.nanoTime() - Long.parseLong(payload);
            }
            delivered.release();
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread listener = null;
        PgConnection vertxListener = null;
        CompletableFuture<Void> ready = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        switch (driver) {
            case "greenwire" -> listener = Thread.ofVirtual().start(() -> {
                try (Connection c = greenwire()) {
                    c.autocommit(true);
                    c.cursor().execute("LISTEN bench_notify");
                    ready.complete(null);
                    while (!stop.get()) {
                        for (Notify n : c.awaitNotifies(Duration.ofMillis(200))) {
                            onPayload.accept(n.payload());
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                    ready.complete(null);
                }
            });
            case "pgjdbc" -> listener = Thread.ofVirtual().start(() -> {
                try (java.sql.Connection c = jdbc()) {
                    c.createStatement().execute("LISTEN bench_notify");
                    org.postgresql.PGConnection pg = c.unwrap(org.postgresql.PGConnection.class);
                    ready.complete(null);
                    while (!stop.get()) {
                        org.postgresql.PGNotification[] ns = pg.getNotifications(200);
                        if (ns != null) {
                            for (org.postgresql.PGNotification n : ns) {
                                onPayload.accept(n.getParameter());
                            }
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                    ready.complete(null);
                }
            });
            default -> {
                vertxListener = await(PgConnection.connect(vertx, vertxOptions));
                vertxListener.notificationHandler(n -> onPayload.accept(n.getPayload()));
                await(vertxListener.query("LISTEN bench_notify").execute());
                ready.complete(null);
            }
        }
        ready.get(1, TimeUnit.MINUTES);
        long a;
        try (java.sql.Connection sender = jdbc(); PreparedStatement ps = sender.prepareStatement("SELECT pg_notify('bench_notify', ?)")) {
            for (int i = 0; i < 50; i++) { // warm-up
                ps.setString(1, Long.toString(System.nanoTime()));
                ps.executeQuery().close();
                if (!delivered.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(driver + ": a notification was not delivered", failure.get());
                }
            }
            got.set(0);
            a = System.nanoTime();
            for (int i = 0; i < NOTIFIES; i++) {
                ps.setString(1, Long.toString(System.nanoTime()));
                ps.executeQuery().close();
                if (!delivered.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(driver + ": a notification was not delivered", failure.get());
                }
            }
        }
        long t = System.nanoTime() - a;
        stop.set(true);
        if (listener != null) {
            listener.join();
        }
        if (vertxListener != null) {
            await(vertxListener.close());
        }
        return latencies(lat, t, NOTIFIES);
    }

    // ---- pgbench ----------------------------------------------------------------------------------

    /** pgbench -M prepared: tps and average latency for ping, point and 16-client point. */
    private static Map<String, String> pgbench(TestServer s) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        java.nio.file.Path bin = java.nio.file.Path.of("/usr/lib/postgresql/15/bin/pgbench");
        if (!java.nio.file.Files.isExecutable(bin)) {
            return out;
        }
        java.nio.file.Path ping = java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("ping", ".sql"), "SELECT 1;\n");
        java.nio.file.Path point = java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("point", ".sql"),
                "\\set id random(1, " + POINT_ROWS + ")\nSELECT id, name, val FROM bench_point WHERE id = :id;\n");
        out.put("ping", runPgbench(bin, s, ping, 1));
        out.put("point", runPgbench(bin, s, point, 1));
        out.put("concurrency", runPgbench(bin, s, point, POOL));
        return out;
    }

    private static String runPgbench(java.nio.file.Path bin, TestServer s, java.nio.file.Path script, int clients) throws Exception {
        List<String> cmd = List.of(bin.toString(), "-h", s.host(), "-p", String.valueOf(s.port()), "-U", s.superuser(), "-n",
                "-M", "prepared", "-f", script.toString(), "-c", String.valueOf(clients), "-j", clients > 1 ? "2" : "1",
                "-T", "5", s.database());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String tps = "?";
        String lat = "?";
        for (String line : text.split("\n")) {
            if (line.startsWith("tps = ")) {
                tps = line.substring(6, line.indexOf(' ', 6));
            }
            if (line.startsWith("latency average = ")) {
                lat = line.substring("latency average = ".length()).trim();
            }
        }
        return String.format(Locale.ROOT, "%,.0f/s, avg %s", Double.parseDouble(tps), lat);
    }

    // ---- report -------------------------------------------------------------------------------------

    private static void print(Map<String, Map<String, List<M>>> results, List<String> drivers, Map<String, String> pgbench) {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | greenwire | pgjdbc ").append(org.postgresql.util.DriverInfo.DRIVER_VERSION)
                .append(" | Vert.x PG 5.0.10 | greenwire ÷ pgjdbc | greenwire ÷ Vert.x | pgbench -M prepared |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, List<M>>> w : results.entrySet()) {
            Map<String, List<M>> byDriver = w.getValue();
            sb.append("| ").append(w.getKey());
            for (String d : drivers) {
                List<M> ms = byDriver.get(d);
                sb.append(" | ").append(ms == null ? "—" : cell(ms));
            }
            sb.append(" | ").append(ratio(byDriver.get("greenwire"), byDriver.get("pgjdbc")));
            sb.append(" | ").append(ratio(byDriver.get("greenwire"), byDriver.get("vertx")));
            String key = w.getKey().substring(0, w.getKey().indexOf(':'));
            sb.append(" | ").append(pgbench.getOrDefault(key, "—")).append(" |\n");
        }
        System.out.println(sb);
    }

    private static double median(List<M> ms, java.util.function.ToDoubleFunction<M> f) {
        double[] v = ms.stream().mapToDouble(f).sorted().toArray();
        return v[v.length / 2];
    }

    private static String cell(List<M> ms) {
        double[] tp = ms.stream().mapToDouble(M::perSecond).sorted().toArray();
        return String.format(Locale.ROOT, "%,.0f/s (%,.0f–%,.0f); p50 %.0f µs, p99 %.0f µs", median(ms, M::perSecond),
                tp[0], tp[tp.length - 1], median(ms, M::p50us), median(ms, M::p99us));
    }

    private static String ratio(List<M> a, List<M> b) {
        if (a == null || b == null) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f×", median(a, M::perSecond) / median(b, M::perSecond));
    }
}
