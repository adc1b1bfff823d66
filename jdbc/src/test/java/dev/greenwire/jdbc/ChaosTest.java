package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * Everything at once through HikariCP, as a server under trouble sees it: twelve virtual
 * threads draw random operations for eight seconds, over TCP and over TLS — point queries, query timeouts, cancels
 * from other threads, interrupts, transfers with rollbacks and abandoned transactions,
 * streamed fetches (some cancelled), batches with a duplicate key, bad SQL, network timeouts,
 * multiple results, and backends terminated under their connection. Each operation checks its
 * rows and accepts only the errors its kind of trouble explains; afterwards the money is all
 * there and the pool still serves. The seed is in every failure message; timing varies the
 * interleaving from run to run, which is the point.
 */
@Timeout(180)
class ChaosTest {
    private static final int WORKERS = 12;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(8);

    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger keys = new AtomicInteger();
    private final AtomicInteger timeouts = new AtomicInteger();
    private final AtomicInteger transfers = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger interrupts = new AtomicInteger();
    private final ReentrantLock adminLock = new ReentrantLock();
    private ExecutorService helpers;
    private Connection admin;

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    private void fail(String what) {
        failures.add(what);
    }

    private long seen(String prefix) {
        return outcomes.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    @ParameterizedTest(name = "sslmode={0}")
    @ValueSource(strings = {"disable", "require"})
    void aPoolUnderEveryKindOfTroubleKeepsItsPromises(String sslmode) throws Exception {
        JdbcTestSupport.exec("DROP TABLE IF EXISTS chaos_kv, chaos_acct, chaos_ins",
                "CREATE TABLE chaos_kv (id int PRIMARY KEY, name text NOT NULL, val float8)",
                "INSERT INTO chaos_kv SELECT g, 'name ' || g, g * 1.5 FROM generate_series(1, 10000) g",
                "CREATE TABLE chaos_acct (id int PRIMARY KEY, bal bigint NOT NULL)",
                "INSERT INTO chaos_acct SELECT g, 1000 FROM generate_series(1, 20) g",
                "CREATE TABLE chaos_ins (id bigserial PRIMARY KEY, k int UNIQUE, v text)");
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(JdbcTestSupport.url() + "?waitStrategy=parking&sslmode=" + sslmode);
        cfg.setUsername(JdbcTestSupport.credentials().getProperty("user"));
        cfg.setPassword(JdbcTestSupport.credentials().getProperty("password"));
        cfg.setMaximumPoolSize(8);
        cfg.setMinimumIdle(8);
        cfg.setConnectionTimeout(30_000);
        cfg.setPoolName("chaos");
        long seed = System.nanoTime();
        try (HikariDataSource ds = new HikariDataSource(cfg);
                ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            helpers = Executors.newVirtualThreadPerTaskExecutor();
            admin = JdbcTestSupport.connect();
            long end = System.nanoTime() + RUN_NANOS;
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Random r = new Random(seed + w);
                boolean first = w == 0;
                running.add(workers.submit(() -> work(ds, r, end, first)));
            }
            for (Future<?> f : running) {
                try {
                    f.get(RUN_NANOS / 1_000_000_000 + 60, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    fail("a worker still runs a minute after the end: an operation hangs");
                    f.cancel(true);
                }
            }
            assertTrue(failures.isEmpty(), "sslmode " + sslmode + ", seed " + seed + ": " + failures.size() + " failures, the first: "
                    + failures.stream().limit(5).toList() + "; outcomes " + outcomes);
            try (Connection c = borrow(ds); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT sum(bal) FROM chaos_acct")) {
                rs.next();
                assertEquals(20_000, rs.getLong(1), "money made or lost; outcomes " + outcomes);
            }
            for (int i = 1; i <= 16; i++) {
                point(ds, i);
            }
            assertTrue(failures.isEmpty(), "after the run: " + failures);
            // the trouble did happen: otherwise this test proves nothing
            for (String kind : List.of("point ok", "timeout 57014", "cancel", "interrupt", "transfer ok",
                    "transfer abandoned", "stream ok", "batch duplicate 23505", "badsql", "kill 57P01",
                    "nettimeout", "multi ok", "streamcancel", "interrupt given back in a transaction")) {
                assertTrue(seen(kind) > 0, "no '" + kind + "' in " + outcomes + " (seed " + seed + ")");
            }
            assertEquals(0, ds.getHikariPoolMXBean().getActiveConnections(), "connections still borrowed");
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM chaos_ins WHERE v = 'interrupted'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "rows of batches given back inside their transaction were committed");
            }
        } finally {
            if (helpers != null) {
                helpers.shutdownNow();
            }
            if (admin != null) {
                admin.close();
            }
        }
    }

    /**
     * @param first the first worker starts with one operation of each kind (twice where a
     *              counter alternates its variant), so that every kind of trouble happens
     *              however slow the machine; the counters below do the same for the variants
     */
    private Void work(DataSource ds, Random r, long end, boolean first) {
        java.util.ArrayDeque<Integer> script = new java.util.ArrayDeque<>();
        if (first) {
            for (int op : new int[] {0, 30, 30, 38, 46, 46, 46, 58, 65, 65, 65, 65, 72, 77, 80, 80, 80, 80, 85, 88, 94}) {
                script.add(op);
            }
        }
        while (!script.isEmpty() || System.nanoTime() - end < 0) {
            int op = script.isEmpty() ? r.nextInt(100) : script.poll();
            String name = "?";
            try {
                if (op < 30) {
                    name = "point";
                    point(ds, 1 + r.nextInt(10_000));
                } else if (op < 38) {
                    name = "timeout";
                    timeout(ds, r);
                } else if (op < 46) {
                    name = "cancel";
                    cancel(ds, r);
                } else if (op < 58) {
                    name = "transfer";
                    transfer(ds, r);
                } else if (op < 65) {
                    name = "stream";
                    stream(ds, r);
                } else if (op < 72) {
                    name = "batch";
                    batch(ds, r);
                } else if (op < 77) {
                    name = "badsql";
                    badSql(ds, r);
                } else if (op < 80) {
                    name = "kill";
                    kill(ds);
                } else if (op < 85) {
                    name = "interrupt";
                    interrupt(ds, r);
                } else if (op < 88) {
                    name = "nettimeout";
                    networkTimeout(ds, r);
                } else if (op < 94) {
                    name = "streamcancel";
                    streamCancel(ds, r);
                } else {
                    name = "multi";
                    multi(ds);
                }
            } catch (SQLException e) {
                fail(name + ": unexpected " + e.getClass().getSimpleName() + " " + e.getSQLState() + " " + e.getMessage());
            } catch (Exception | AssertionError e) {
                fail(name + ": " + e);
            } finally {
                Thread.interrupted();
            }
        }
        return null;
    }

    private void point(DataSource ds, int id) throws SQLException {
        try (Connection c = borrow(ds);
                PreparedStatement ps = c.prepareStatement("SELECT id, name, val FROM chaos_kv WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != id || !rs.getString(2).equals("name " + id)
                        || rs.getDouble(3) != id * 1.5 || rs.next()) {
                    fail("point: wrong answer for id " + id);
                }
            }
        }
        count("point ok");
    }

    private void timeout(DataSource ds, Random r) throws SQLException {
        try (Connection c = borrow(ds); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            double secs = timeouts.getAndIncrement() % 2 == 0 ? 1.5 : 0.5 * r.nextDouble();
            try (ResultSet rs = s.executeQuery("SELECT 42, pg_sleep(" + secs + ")")) {
                rs.next();
                if (rs.getInt(1) != 42) {
                    fail("timeout: wrong answer");
                }
                count("timeout finished");
            } catch (SQLException e) {
                expectState(e, "57014", "timeout");
            }
            usable(s, "timeout");
        }
    }

    private void cancel(DataSource ds, Random r) throws Exception {
        try (Connection c = borrow(ds); Statement s = c.createStatement()) {
            long delay = r.nextInt(30);
            Future<?> canceller = helpers.submit(() -> {
                Thread.sleep(delay);
                s.cancel();
                return null;
            });
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM generate_series(1, 300000)")) {
                rs.next();
                if (rs.getLong(1) != 300_000) {
                    fail("cancel: wrong count");
                }
                count("cancel finished");
            } catch (SQLException e) {
                expectState(e, "57014", "cancel");
            } finally {
                getUninterruptibly(canceller); // never let it reach another operation on this connection
            }
            usable(s, "cancel");
        }
    }

    private void transfer(DataSource ds, Random r) throws SQLException {
        try (Connection c = borrow(ds)) {
            c.setAutoCommit(false);
            int from = 1 + r.nextInt(20);
            int to = 1 + r.nextInt(20);
            int amount = 1 + r.nextInt(50);
            try (PreparedStatement ps = c.prepareStatement("UPDATE chaos_acct SET bal = bal + ? WHERE id = ?")) {
                ps.setLong(1, -amount);
                ps.setInt(2, from);
                assertEquals(1, ps.executeUpdate());
                int fate = transfers.getAndIncrement() % 12; // 0: rolled back, 1: abandoned, else committed
                if (fate == 0) {
                    c.rollback();
                    count("transfer rolled back");
                    return;
                }
                if (fate == 1) {
                    count("transfer abandoned"); // HikariCP rolls it back when the connection returns
                    return;
                }
                ps.setLong(1, amount);
                ps.setInt(2, to);
                assertEquals(1, ps.executeUpdate());
            }
            c.commit();
            count("transfer ok");
        }
    }

    private void stream(DataSource ds, Random r) throws SQLException {
        try (Connection c = borrow(ds)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM chaos_kv ORDER BY id")) {
                ps.setFetchSize(1 + r.nextInt(500));
                int stopAt = 1 + r.nextInt(12_000);
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        n++;
                        if (rs.getInt(1) != n || !rs.getString(2).equals("name " + n)) {
                            fail("stream: row " + n + " is " + rs.getInt(1));
                            break;
                        }
                        if (n == stopAt) {
                            break;
                        }
                    }
                }
                if (n != Math.min(stopAt, 10_000)) {
                    fail("stream: " + n + " rows, expected " + Math.min(stopAt, 10_000));
                }
            }
            if (r.nextBoolean()) {
                c.commit();
            }
            count("stream ok");
        }
    }

    private void batch(DataSource ds, Random r) throws SQLException {
        try (Connection c = borrow(ds);
                PreparedStatement ps = c.prepareStatement("INSERT INTO chaos_ins (k, v) VALUES (?, ?)", new String[] {"id"})) {
            int n = 1 + r.nextInt(20);
            boolean duplicate = batches.getAndIncrement() % 4 == 0;
            int base = keys.addAndGet(100) - 99; // this block of keys alone: [base, base + 100)
            for (int i = 0; i < n; i++) {
                ps.setInt(1, base + i);
                ps.setString(2, "v" + i);
                ps.addBatch();
            }
            if (duplicate) {
                ps.setInt(1, base);
                ps.setString(2, "again");
                ps.addBatch();
            }
            try {
                int[] counts = ps.executeBatch();
                if (duplicate || counts.length != n) {
                    fail("batch: " + counts.length + " counts, duplicate " + duplicate);
                }
                int generated = 0;
                try (ResultSet k = ps.getGeneratedKeys()) {
                    while (k.next()) {
                        generated++;
                    }
                }
                if (generated != n) {
                    fail("batch: " + generated + " generated keys for " + n + " rows");
                }
                count("batch ok");
            } catch (BatchUpdateException e) {
                if (!duplicate) {
                    throw e;
                }
                expectState(e, "23505", "batch duplicate");
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM chaos_ins WHERE k >= " + base + " AND k < " + (base + 100))) {
                rs.next();
                if (rs.getLong(1) != (duplicate ? 0 : n)) {
                    fail("batch: " + rs.getLong(1) + " rows stored, duplicate " + duplicate + " (autocommit: all or none)");
                }
            }
        }
    }

    private void badSql(DataSource ds, Random r) throws SQLException {
        try (Connection c = borrow(ds); Statement s = c.createStatement()) {
            boolean syntax = r.nextBoolean();
            try {
                s.execute(syntax ? "SELEC 1" : "SELECT 1/0");
                fail("badsql: accepted");
            } catch (SQLException e) {
                expectState(e, syntax ? "42601" : "22012", "badsql");
            }
            usable(s, "badsql");
        }
    }

    private void kill(DataSource ds) throws SQLException {
        try (Connection c = borrow(ds); Statement s = c.createStatement()) {
            int pid = TimeoutCancelTest.backendPid(c);
            adminLock.lock();
            try (Statement as = admin.createStatement()) {
                as.execute("SELECT pg_terminate_backend(" + pid + ")");
            } finally {
                adminLock.unlock();
            }
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                fail("kill: a terminated backend answered");
            } catch (SQLNonTransientConnectionException e) {
                expectState(e, "57P01", "kill");
            }
            if (c.isValid(2)) {
                fail("kill: the connection is still valid");
            }
        }
    }

    /**
     * A thread interrupted at a random moment: in a plain query, or inside a transaction in a
     * query, a streamed fetch (an open portal) or a batch; those are given back to HikariCP
     * still interrupted, whose rollback must work all the same.
     */
    private void interrupt(DataSource ds, Random r) throws Exception {
        Thread me = Thread.currentThread();
        long delay = r.nextInt(40);
        int variant = interrupts.getAndIncrement() % 4; // 0: plain, 1: query, 2: fetch, 3: batch (1-3 in a transaction)
        try (Connection c = borrow(ds); Statement s = c.createStatement()) {
            if (variant > 0) {
                c.setAutoCommit(false);
                s.executeUpdate("UPDATE chaos_acct SET bal = bal WHERE id = " + (1 + r.nextInt(20)));
            }
            Future<?> interrupter = helpers.submit(() -> {
                Thread.sleep(delay);
                me.interrupt();
                return null;
            });
            try {
                switch (variant) {
                    case 2 -> {
                        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM chaos_kv ORDER BY id")) {
                            ps.setFetchSize(1 + r.nextInt(200));
                            int n = 0;
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    if (rs.getInt(1) != ++n) {
                                        fail("interrupt: fetched row " + n + " is " + rs.getInt(1));
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    case 3 -> {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO chaos_ins (k, v) VALUES (?, ?)")) {
                            int base = keys.addAndGet(1000) - 999; // this block of keys alone: [base, base + 1000)
                            for (int i = 0; i < 500; i++) {
                                ps.setInt(1, base + i);
                                ps.setString(2, "interrupted");
                                ps.addBatch();
                            }
                            ps.executeBatch();
                        }
                    }
                    default -> {
                        try (ResultSet rs = s.executeQuery("SELECT 5, pg_sleep(0.02)")) {
                            rs.next();
                            if (rs.getInt(1) != 5) {
                                fail("interrupt: wrong answer");
                            }
                        }
                    }
                }
                count("interrupt finished");
            } catch (SQLException e) {
                expectState(e, "57014", "interrupt");
            } finally {
                getUninterruptibly(interrupter); // never let it reach the worker's next operation
            }
            if (variant > 0) {
                // given back still interrupted, in its transaction: HikariCP's rollback must work
                count("interrupt given back in a transaction");
                return;
            }
            Thread.interrupted();
            usable(s, "interrupt");
        }
    }

    /** Borrows a connection, which must come idle and in autocommit whatever its last user did. */
    private Connection borrow(DataSource ds) throws SQLException {
        Connection c = ds.getConnection();
        boolean interrupted = Thread.interrupted(); // (none here: the worker loop clears it)
        dev.greenwire.TransactionStatus status = c.unwrap(dev.greenwire.Connection.class).transactionStatus();
        if (!c.getAutoCommit() || status != dev.greenwire.TransactionStatus.IDLE) {
            fail("HikariCP handed out a connection in state " + status + ", autoCommit " + c.getAutoCommit());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return c;
    }

    private void networkTimeout(DataSource ds, Random r) throws SQLException {
        try (Connection c = borrow(ds); Statement s = c.createStatement()) {
            c.setNetworkTimeout(helpers, 200);
            try (ResultSet rs = s.executeQuery("SELECT 1, pg_sleep(" + (r.nextBoolean() ? "0.5" : "0.01") + ")")) {
                rs.next();
                count("nettimeout finished");
            } catch (SQLNonTransientConnectionException e) {
                expectState(e, "08006", "nettimeout");
                if (!c.isClosed()) {
                    fail("nettimeout: the connection stays open after its socket timed out");
                }
                return;
            }
            c.setNetworkTimeout(helpers, 0);
            usable(s, "nettimeout");
        }
    }

    private void streamCancel(DataSource ds, Random r) throws Exception {
        try (Connection c = borrow(ds)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT g, pg_sleep(CASE WHEN g % 1000 = 0 THEN 0.01 ELSE 0 END) FROM generate_series(1, 20000) g")) {
                ps.setFetchSize(10 + r.nextInt(2000));
                long delay = r.nextInt(80);
                Future<?> canceller = helpers.submit(() -> {
                    Thread.sleep(delay);
                    ps.cancel();
                    return null;
                });
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(1) != ++n) {
                            fail("streamcancel: row " + n + " is " + rs.getInt(1));
                            break;
                        }
                    }
                    if (n != 20_000) {
                        fail("streamcancel: " + n + " rows");
                    }
                    count("streamcancel finished");
                } catch (SQLException e) {
                    expectState(e, "57014", "streamcancel");
                } finally {
                    getUninterruptibly(canceller);
                }
            }
            c.rollback();
            try (Statement s = c.createStatement()) {
                usable(s, "streamcancel");
            }
            c.commit();
        }
    }

    private void multi(DataSource ds) throws SQLException {
        try (Connection c = borrow(ds); Statement s = c.createStatement()) {
            boolean first = s.execute("SELECT 1; UPDATE chaos_acct SET bal = bal WHERE id = 1; SELECT 2, 'x'");
            int a;
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                a = rs.getInt(1);
            }
            boolean second = s.getMoreResults();
            int updated = s.getUpdateCount();
            boolean third = s.getMoreResults();
            int b;
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                b = rs.getInt(1);
            }
            boolean more = s.getMoreResults();
            if (!first || a != 1 || second || updated != 1 || !third || b != 2 || more || s.getUpdateCount() != -1) {
                fail("multi: results out of order");
            }
            count("multi ok");
        }
    }

    private void expectState(SQLException e, String state, String what) throws SQLException {
        if (!state.equals(e.getSQLState())) {
            throw e;
        }
        count(what + " " + state);
    }

    private void usable(Statement s, String after) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 7")) {
            if (!rs.next() || rs.getInt(1) != 7) {
                fail(after + ": wrong answer on the same connection afterwards");
            }
        }
    }

    private static void getUninterruptibly(Future<?> f) throws Exception {
        boolean interrupted = false;
        for (;;) {
            try {
                f.get(30, TimeUnit.SECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof SQLException)) {
                    throw e;
                }
                break; // a cancel of a statement whose connection closed meanwhile: nothing to cancel
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
