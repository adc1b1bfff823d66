package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.greenwire.testing.Pinning;
import dev.greenwire.wait.WaitStrategies;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** HikariCP 7.1 on the driver: by data source and by URL, validation, eviction, many virtual threads. */
class HikariTest {
    private static HikariConfig byDataSource(int size) {
        GreenwireDataSource ds = JdbcTestSupport.dataSource();
        ds.setWaitCallback(WaitStrategies.parking());
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSource(ds);
        cfg.setMaximumPoolSize(size);
        cfg.setMinimumIdle(size);
        cfg.setPoolName("gw-ds");
        return cfg;
    }

    private static HikariConfig byUrl(int size) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(JdbcTestSupport.url() + "?waitStrategy=parking&ApplicationName=hikari");
        cfg.setUsername(JdbcTestSupport.credentials().getProperty("user"));
        cfg.setPassword(JdbcTestSupport.credentials().getProperty("password"));
        cfg.setMaximumPoolSize(size);
        cfg.setPoolName("gw-url");
        return cfg;
    }

    private static int pid(Connection c) throws SQLException {
        return TimeoutCancelTest.backendPid(c);
    }

    /** HikariCP makes the data source itself and sets its bean properties by name. */
    private static HikariConfig byClassName(int size) {
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSourceClassName(GreenwireDataSource.class.getName());
        dev.greenwire.testing.TestServer s = dev.greenwire.testing.TestServer.get();
        cfg.addDataSourceProperty("serverName", s.host());
        cfg.addDataSourceProperty("portNumber", s.port());
        cfg.addDataSourceProperty("databaseName", s.database());
        cfg.addDataSourceProperty("waitStrategy", "parking");
        cfg.setUsername(JdbcTestSupport.credentials().getProperty("user"));
        cfg.setPassword(JdbcTestSupport.credentials().getProperty("password"));
        cfg.setMaximumPoolSize(size);
        cfg.setPoolName("gw-class");
        return cfg;
    }

    @Test
    void borrowAndReturnByDataSourceAndByUrl() throws SQLException {
        for (HikariConfig cfg : List.of(byDataSource(2), byUrl(2), byClassName(2))) {
            try (HikariDataSource pool = new HikariDataSource(cfg)) {
                int first;
                try (Connection c = pool.getConnection()) {
                    assertTrue(c.isWrapperFor(GwConnection.class));
                    first = pid(c);
                    c.setAutoCommit(false);
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE TEMP TABLE IF NOT EXISTS hk (a int)");
                        st.execute("INSERT INTO hk VALUES (1)");
                    }
                    // returned without commit: HikariCP rolls back
                }
                java.util.Set<Integer> pids = new java.util.HashSet<>();
                for (int i = 0; i < 10; i++) {
                    try (Connection c = pool.getConnection()) {
                        assertTrue(c.getAutoCommit(), "HikariCP reset autocommit");
                        pids.add(pid(c));
                        assertTrue(c.isValid(1));
                    }
                }
                assertTrue(pids.size() <= 2);
                assertTrue(pids.contains(first) || pids.size() == 2);
                assertTrue(pool.getHikariPoolMXBean().getTotalConnections() <= 2);
            }
        }
    }

    @Test
    void terminatedBackendIsEvicted() throws Exception {
        HikariConfig cfg = byUrl(1);
        cfg.setConnectionTimeout(10_000);
        try (HikariDataSource pool = new HikariDataSource(cfg); Connection admin = JdbcTestSupport.connect()) {
            int victim;
            try (Connection c = pool.getConnection()) {
                victim = pid(c);
            }
            terminate(admin, victim);
            // idle past HikariCP's bypass window: the borrow validates (isValid), finds it dead, replaces it
            Thread.sleep(700);
            int replacement;
            try (Connection c = pool.getConnection()) {
                replacement = pid(c);
            }
            assertNotEquals(victim, replacement);
            // terminated while borrowed: the failing statement's SQLSTATE makes HikariCP evict it
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                terminate(admin, pid(c));
                SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT 1"));
                assertTrue(e.getSQLState().startsWith("08") || e.getSQLState().equals("57P01"), e.getSQLState());
            }
            try (Connection c = pool.getConnection()) {
                assertNotEquals(replacement, pid(c));
                assertTrue(c.isValid(1));
            }
        }
    }

    private static void terminate(Connection admin, int pid) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertTrue(rs.getBoolean(1));
            }
        }
    }

    @Test
    void queryTimeoutKeepsTheConnectionInThePool() throws SQLException {
        try (HikariDataSource pool = new HikariDataSource(byUrl(1))) {
            int before;
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                before = pid(c);
                st.setQueryTimeout(1);
                assertEquals("57014", assertThrows(SQLException.class, () -> st.execute("SELECT pg_sleep(10)")).getSQLState());
            }
            try (Connection c = pool.getConnection()) {
                assertEquals(before, pid(c), "the connection stayed in the pool");
            }
        }
    }

    /**
     * A thread interrupted inside a transaction (a web framework cancelling its request) gives
     * its connection back: HikariCP's rollback on return must happen all the same. Were it
     * interrupted too, the connection would go back to the pool with the transaction open —
     * aborted, or worse with the interrupted thread's rows pending, for the next borrower to
     * commit with its own.
     */
    @Test
    void aConnectionGivenBackByAnInterruptedThreadIsRolledBack() throws Exception {
        JdbcTestSupport.exec("DROP TABLE IF EXISTS hikari_interrupted", "CREATE TABLE hikari_interrupted (v text)");
        try (HikariDataSource pool = new HikariDataSource(byUrl(1))) {
            for (boolean statementInterrupted : new boolean[] {false, true}) {
                java.util.concurrent.atomic.AtomicReference<Object> flagAfterClose = new java.util.concurrent.atomic.AtomicReference<>();
                Thread a = Thread.ofVirtual().start(() -> {
                    try (Connection c = pool.getConnection()) {
                        c.setAutoCommit(false);
                        try (Statement st = c.createStatement()) {
                            st.execute("INSERT INTO hikari_interrupted VALUES ('left by an interrupted thread')");
                        }
                        Thread.currentThread().interrupt();
                        if (statementInterrupted) {
                            try (Statement st = c.createStatement()) {
                                SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT pg_sleep(5)"));
                                assertEquals("57014", e.getSQLState());
                            }
                        }
                    } catch (Throwable t) {
                        flagAfterClose.set(t);
                        return;
                    }
                    flagAfterClose.set(Thread.currentThread().isInterrupted());
                });
                assertTrue(a.join(Duration.ofSeconds(30)), "the interrupted thread returns");
                assertEquals(true, flagAfterClose.get(), "the interrupt flag stays set (statement interrupted: "
                        + statementInterrupted + "); or what the thread got");
                try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                    assertTrue(c.getAutoCommit(), "HikariCP reset the connection");
                    assertEquals(dev.greenwire.TransactionStatus.IDLE, c.unwrap(dev.greenwire.Connection.class).transactionStatus(),
                            "no transaction was left open");
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM hikari_interrupted")) {
                        rs.next();
                        assertEquals(0, rs.getInt(1), "the interrupted thread's row was rolled back");
                    }
                }
            }
        }
    }

    @Test
    void twoThousandVirtualThreadsWithoutPinning() throws Exception {
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<String> pinned;
        int pinnedTotal;
        HikariConfig cfg = byDataSource(16);
        cfg.setConnectionTimeout(120_000);
        try (HikariDataSource pool = new HikariDataSource(cfg)) {
            run(pool, 50, 10, wrong, new AtomicInteger()); // warm-up: first-use class loading and linking
            Pinning rec = Pinning.record();
            run(pool, 2_000, 50, wrong, done);
            pinned = rec.greenwireFrames();
            pinnedTotal = rec.total();
            rec.close();
        }
        assertEquals(2_000, done.get());
        assertEquals(0, wrong.get(), "queries returned another thread's result");
        assertTrue(pinned.isEmpty(), "virtual threads pinned in Greenwire code: " + pinned
                + " (of " + pinnedTotal + " pinned events)");
    }

    private static void run(HikariDataSource pool, int threads, int queries, AtomicInteger wrong, AtomicInteger done)
            throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(ex.submit(() -> {
                    for (int q = 0; q < queries; q++) {
                        int expected = id * queries + q;
                        try (Connection c = pool.getConnection();
                             PreparedStatement ps = c.prepareStatement("SELECT ?::int4 + 0")) {
                            ps.setInt(1, expected);
                            try (ResultSet rs = ps.executeQuery()) {
                                if (!rs.next() || rs.getInt(1) != expected) {
                                    wrong.incrementAndGet();
                                }
                            }
                        }
                    }
                    done.incrementAndGet();
                    return null;
                }));
            }
        }
        for (Future<?> f : futures) {
            f.get(1, TimeUnit.SECONDS); // all done: the executor's close waited; rethrows a failure
        }
    }

    @Test
    void poolTimeoutIsBounded() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            HikariConfig cfg = byUrl(1);
            cfg.setConnectionTimeout(500);
            try (HikariDataSource pool = new HikariDataSource(cfg); Connection held = pool.getConnection()) {
                assertNotNull(held);
                assertThrows(SQLException.class, pool::getConnection);
            }
        });
    }
}
