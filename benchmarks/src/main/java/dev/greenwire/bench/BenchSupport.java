package dev.greenwire.bench;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Pg;
import dev.greenwire.wait.WaitStrategies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** What the comparison workloads share: the server, the clients' settings, the data and helpers. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** {@code -Dbench.quick=true}: every size cut tenfold, to check a harness end to end in minutes. */
    static final boolean QUICK = Boolean.getBoolean("bench.quick");
    static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    static final int PING_OPS = QUICK ? 2_000 : 20_000;
    static final int POINT_ROWS = 10_000;
    static final int FETCH_ROWS = QUICK ? 10_000 : 100_000;
    static final int INSERT_ROWS = QUICK ? 10_000 : 100_000;
    static final int VTHREADS = QUICK ? 200 : 2_000;
    static final int PER_THREAD = 50;
    static final int POOL = 16;
    static final int NOTIFIES = QUICK ? 200 : 2_000;
    static final String POINT_SQL_JDBC = "SELECT id, name, val FROM bench_point WHERE id = ?";
    static final String FETCH_SQL_JDBC = "SELECT i4, i8, t, f8, ts, n FROM bench_fetch WHERE i4 > ?";
    /** The point query with Greenwire's placeholder. */
    static final String POINT_SQL = "SELECT id, name, val FROM bench_point WHERE id = %s";
    /** The fetch query with Greenwire's placeholder. */
    static final String FETCH_SQL = "SELECT i4, i8, t, f8, ts, n FROM bench_fetch WHERE i4 > %s";

    /** One measurement: throughput (operations or rows per second) and per-operation latency. */
    record M(double perSecond, double p50us, double p99us) {
    }

    interface Workload {
        M run(String driver) throws Exception;
    }

    static String dsn;
    static String jdbcUrl;
    static PgConnectOptions vertxOptions;
    static Vertx vertx;
    static byte[] copyData;
    static List<Object[]> insertRows;


    /**
     * Starts (or finds) the benchmark server and points {@link #dsn} and {@link #jdbcUrl} at it
     * without TLS.
     *
     * @return the server
     */
    static dev.greenwire.testing.TestServer server() {
        dev.greenwire.testing.TestServer s = dev.greenwire.testing.TestServer.get();
        dsn = s.dsn() + " sslmode=disable";
        jdbcUrl = "jdbc:postgresql://" + s.host() + ":" + s.port() + "/" + s.database() + "?user=" + s.superuser()
                + "&sslmode=disable";
        return s;
    }

    // ---- data -------------------------------------------------------------------------------

    static void setup() {
        try (Connection c = Pg.connect(dsn)) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("DROP TABLE IF EXISTS bench_fetch, bench_ins");
            createPointTable(cur);
            cur.execute("CREATE TABLE bench_fetch (i4 int, i8 bigint, t text, f8 float8, ts timestamptz, n numeric(12,2))");
            cur.execute("INSERT INTO bench_fetch SELECT g, g * 1000000007::bigint, 'text value ' || g, g / 7.0,"
                    + " now() - g * interval '1 second', g / 3.0 FROM generate_series(1, " + FETCH_ROWS + ") g");
            cur.execute("CREATE UNLOGGED TABLE bench_ins (a int, b text, c float8)");
            cur.execute("VACUUM ANALYZE bench_fetch");
        }
        makeRows();
    }

    /** The rows of the insert and COPY workloads, in memory: {@link #insertRows} and {@link #copyData} (text COPY). */
    static void makeRows() {
        insertRows = new ArrayList<>(INSERT_ROWS);
        StringBuilder sb = new StringBuilder(INSERT_ROWS * 24);
        for (int i = 0; i < INSERT_ROWS; i++) {
            insertRows.add(new Object[] {i, "row " + i, i * 0.25});
            sb.append(i).append('\t').append("row ").append(i).append('\t').append(i * 0.25).append('\n');
        }
        copyData = sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The table of the point and concurrency workloads: {@value #POINT_ROWS} rows (id, name, val). */
    static void createPointTable(Cursor cur) {
        cur.execute("DROP TABLE IF EXISTS bench_point");
        cur.execute("CREATE TABLE bench_point (id int PRIMARY KEY, name text, val float8)");
        cur.execute("INSERT INTO bench_point SELECT g, 'name ' || g, g * 1.5 FROM generate_series(1, " + POINT_ROWS + ") g");
        cur.execute("VACUUM ANALYZE bench_point");
    }

    static Connection greenwire() {
        return Pg.connect(dsn, ConnectOptions.builder().waitCallback(WaitStrategies.parking())
                .serverSideBinding(true).build());
    }

    /** Greenwire as most users run it: client-side binding, the default. */
    static Connection greenwireClientBinding() {
        return Pg.connect(dsn, ConnectOptions.builder().waitCallback(WaitStrategies.parking()).build());
    }

    /** {@code greenwire-csb}: client-side binding (the default); {@code greenwire}: server-side binding. */
    static Connection greenwire(String driver) {
        return driver.equals("greenwire-csb") ? greenwireClientBinding() : greenwire();
    }

    /** A cursor of {@link #greenwire(String)}'s connection with the same binding. */
    static Cursor cursor(Connection c, String driver) {
        return driver.equals("greenwire-csb") ? c.cursor() : c.cursor(dev.greenwire.ServerCursor::new);
    }

    static java.sql.Connection jdbc() throws Exception {
        return DriverManager.getConnection(jdbcUrl);
    }

    static java.sql.Connection jdbcRewrite() throws Exception {
        return DriverManager.getConnection(jdbcUrl + "&reWriteBatchedInserts=true");
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    }

    /** Runs {@code body} on a virtual thread and waits. */
    static <T> T onVirtual(java.util.concurrent.Callable<T> body) throws Exception {
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

    static M latencies(long[] nanos, long totalNanos, long ops) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new M(ops / (totalNanos / 1e9), s[s.length / 2] / 1e3, s[(int) (s.length * 0.99)] / 1e3);
    }

    static volatile Object sink;

    /** One point query on a pooled pgjdbc statement: take it, run it, read the row, give it back. */
    static void jdbcPoint(java.util.concurrent.BlockingQueue<java.sql.PreparedStatement> q, int id) {
        try {
            java.sql.PreparedStatement ps = q.take();
            try {
                ps.setInt(1, id);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    consume(rs.getInt(1), rs.getString(2), rs.getDouble(3));
                }
            } finally {
                q.put(ps);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void consume(Object... values) {
        sink = values;
    }

    /** Decodes every value of a fetch workload's row (Greenwire). */
    static void consumeFetched(dev.greenwire.Row r) {
        consume(r.getInt(0), r.getLong(1), r.getString(2), r.getDouble(3), r.getOffsetDateTime(4), r.getBigDecimal(5));
    }

    /** Decodes every value of a fetch workload's row (JDBC), on the current row. */
    static void consumeFetched(java.sql.ResultSet rs) throws java.sql.SQLException {
        consume(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getDouble(4),
                rs.getObject(5, java.time.OffsetDateTime.class), rs.getBigDecimal(6));
    }

    /** @return the CPU time of this JVM so far (all its threads), in nanoseconds; it moves in 10 ms steps on Linux */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

}
