package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import dev.greenwire.testing.FaultProxy;
import dev.greenwire.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Query timeouts, cancel from another thread, isValid and the network timeout against a dead server. */
class TimeoutCancelTest {
    private static void assertUsable(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 41 + 1")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }

    private static Thread timerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().toLowerCase().contains("timer") && t.getName().toLowerCase().contains("greenwire"))
                .findFirst().orElse(null);
    }

    @Test
    void queryTimeoutCancelsOnTheServerAndKeepsTheConnection() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
                int pid = backendPid(c);
                st.setQueryTimeout(1);
                SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT pg_sleep(30)"));
                assertEquals("57014", e.getSQLState());
                assertEquals(SQLException.class, e.getClass(), "a timeout is a plain SQLException, as pgjdbc reports it");
                assertTrue(e.getMessage().contains("canceling statement"), e.getMessage());
                assertFalse(c.isClosed());
                assertEquals(pid, backendPid(c), "the same backend serves the connection");
                assertUsable(c);
                assertNull(timerThread(), "no timer thread for statement timeouts");
                // a fast statement under a timeout is untouched
                try (ResultSet rs = st.executeQuery("SELECT 1")) {
                    assertTrue(rs.next());
                }
            }
        });
    }

    @Test
    void queryTimeoutInsideTransactionAbortsIt() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("SELECT 1");
                st.setQueryTimeout(1);
                SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT pg_sleep(30)"));
                assertEquals("57014", e.getSQLState());
                SQLException aborted = assertThrows(SQLException.class, () -> st.execute("SELECT 1"));
                assertEquals("25P02", aborted.getSQLState());
                c.rollback();
                assertUsable(c);
            }
        });
    }

    @Test
    void cancelFromAnotherThread() throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            int pid = backendPid(c);
            CountDownLatch started = new CountDownLatch(1);
            Future<SQLException> running = pool.submit(() -> {
                started.countDown();
                try {
                    st.execute("SELECT pg_sleep(30)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            // cancel once the backend is really sleeping
            try (Connection watcher = JdbcTestSupport.connect(); Statement w = watcher.createStatement()) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                boolean sleeping = false;
                while (!sleeping && System.nanoTime() < until) {
                    try (ResultSet rs = w.executeQuery("SELECT wait_event FROM pg_stat_activity WHERE pid = " + pid)) {
                        sleeping = rs.next() && "PgSleep".equals(rs.getString(1));
                    }
                }
                assertTrue(sleeping, "the statement started");
            }
            st.cancel();
            SQLException e = running.get(20, TimeUnit.SECONDS);
            assertNotNull(e, "the statement was cancelled");
            assertEquals("57014", e.getSQLState());
            assertUsable(c);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void isValidAgainstADeadServerReturnsFalseWithinItsTimeout() throws Exception {
        TestServer s = TestServer.get();
        try (FaultProxy proxy = new FaultProxy(s.host(), s.port())) {
            String url = "jdbc:greenwire:postgresql://127.0.0.1:" + proxy.port() + "/" + s.database();
            try (Connection c = DriverManager.getConnection(url, JdbcTestSupport.credentials())) {
                assertTrue(c.isValid(2));
                proxy.pause();
                long start = System.nanoTime();
                boolean valid = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> c.isValid(1));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertFalse(valid);
                assertTrue(ms < 10_000, "isValid(1) took " + ms + " ms");
                assertTrue(c.isClosed(), "a connection that did not answer is closed");
                assertFalse(c.isValid(1));
                SQLException e = assertThrows(SQLException.class, c::createStatement);
                assertEquals("08003", e.getSQLState());
            } finally {
                proxy.resume();
            }
        }
    }

    @Test
    void networkTimeoutClosesAConnectionThatHearsNothing() throws Exception {
        TestServer s = TestServer.get();
        try (FaultProxy proxy = new FaultProxy(s.host(), s.port())) {
            String url = "jdbc:greenwire:postgresql://127.0.0.1:" + proxy.port() + "/" + s.database();
            try (Connection c = DriverManager.getConnection(url, JdbcTestSupport.credentials());
                 Statement st = c.createStatement()) {
                c.setNetworkTimeout(Runnable::run, 500);
                assertEquals(500, c.getNetworkTimeout());
                assertUsable(c);
                proxy.pause();
                SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> assertThrows(SQLException.class, () -> st.executeQuery("SELECT 1")));
                assertTrue(e.getSQLState().startsWith("08"), e.getSQLState() + " " + e.getMessage());
                assertTrue(c.isClosed());
            } finally {
                proxy.resume();
            }
        }
    }

    @Test
    void isValidOnAHealthyConnection() throws SQLException {
        try (Connection c = JdbcTestSupport.connect()) {
            assertTrue(c.isValid(0));
            assertTrue(c.isValid(5));
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                assertThrows(SQLException.class, () -> st.execute("SELECT 1/0"));
            }
            assertTrue(c.isValid(5), "a failed transaction does not make the connection invalid");
            assertThrows(SQLException.class, () -> c.isValid(-1));
        }
        Connection closed = JdbcTestSupport.connect();
        closed.close();
        assertFalse(closed.isValid(1));
    }

    @Test
    void abortClosesAtOnce() throws Exception {
        try (Connection c = JdbcTestSupport.connect()) {
            c.abort(Runnable::run);
            assertTrue(c.isClosed());
            assertThrows(SQLException.class, c::createStatement);
        }
    }

    static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
