package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The life of a statement's results: which result sets a new execution, a close and
 * closeOnCompletion close; how each result's columns are read when many statements take turns
 * on one connection (each row description's reading is worked out once and reused); and
 * warnings added from several threads at once.
 */
class ResultSetLifecycleTest {

    @Test
    void executionsAndCloseCloseTheResultSetsLeftOpen() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            st.execute("SELECT 1; SELECT 2; SELECT 3");
            ResultSet first = st.getResultSet();
            assertTrue(st.getMoreResults(Statement.KEEP_CURRENT_RESULT));
            ResultSet second = st.getResultSet();
            assertTrue(st.getMoreResults(Statement.KEEP_CURRENT_RESULT));
            ResultSet third = st.getResultSet();
            assertFalse(first.isClosed());
            assertFalse(second.isClosed());
            second.close(); // closed out of order: the others stay open
            assertFalse(first.isClosed());
            assertFalse(third.isClosed());
            assertTrue(first.next());
            assertEquals(1, first.getInt(1));

            ResultSet next = st.executeQuery("SELECT 4"); // a new execution closes every one left open
            assertTrue(first.isClosed());
            assertTrue(third.isClosed());
            assertFalse(next.isClosed());
            assertTrue(next.next());
            assertEquals(4, next.getInt(1));
            assertFalse(next.next());
            assertFalse(next.next(), "past the end stays past the end");

            st.execute("SELECT 5; SELECT 6");
            ResultSet a = st.getResultSet();
            assertTrue(st.getMoreResults(Statement.KEEP_CURRENT_RESULT));
            ResultSet b = st.getResultSet();
            st.close();
            assertTrue(a.isClosed());
            assertTrue(b.isClosed());
            assertTrue(next.isClosed());
        }
    }

    @Test
    void closeOnCompletionClosesTheStatementWithItsLastResultSet() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); PreparedStatement ps = c.prepareStatement("SELECT ?::int")) {
            ps.closeOnCompletion();
            ps.setInt(1, 7);
            ResultSet rs = ps.executeQuery();
            assertTrue(rs.next());
            assertEquals(7, rs.getInt(1));
            assertFalse(rs.next());
            assertFalse(ps.isClosed(), "reading past the end does not close the result set");
            rs.close();
            assertTrue(ps.isClosed());

            Statement st = c.createStatement();
            st.closeOnCompletion();
            st.execute("SELECT 1; SELECT 2");
            ResultSet one = st.getResultSet();
            assertTrue(st.getMoreResults(Statement.KEEP_CURRENT_RESULT));
            ResultSet two = st.getResultSet();
            one.close();
            assertFalse(st.isClosed(), "one result set is still open");
            two.close();
            assertTrue(st.isClosed());
        }
    }

    /** One statement per shape: its text and the value each getObject/getString should give. */
    private record Shape(String sql, Object object, String text) {
    }

    @Test
    void manyStatementsTakingTurnsReadTheirOwnColumns() throws SQLException {
        UUID u = UUID.fromString("0b6f2c4e-3f1d-4a57-9a53-2f6c9d1e8a10");
        List<Shape> shapes = List.of(
                new Shape("SELECT 41 + ?::int", 42, "42"),
                new Shape("SELECT 'tx' || ?::int", "tx1", "tx1"),
                new Shape("SELECT 1.50 * ?::int", new BigDecimal("1.50"), "1.50"),
                new Shape("SELECT ?::int = 1", true, "t"),
                new Shape("SELECT 9000000000 * ?::int", 9000000000L, "9000000000"),
                new Shape("SELECT date '2024-02-29' + ?::int - 1", java.sql.Date.valueOf(LocalDate.of(2024, 2, 29)), "2024-02-29"),
                new Shape("SELECT '" + u + "'::uuid WHERE ?::int = 1", u, u.toString()),
                new Shape("SELECT 2.5::float8 * ?::int", 2.5d, "2.5"),
                new Shape("SELECT 'ab'::bytea WHERE ?::int = 1", new byte[] {'a', 'b'}, "\\x6162"),
                new Shape("SELECT 7::int2 * ?::int", 7, "7"),
                new Shape("SELECT ARRAY[3, 4] WHERE ?::int = 1", null, "{3,4}"),
                new Shape("SELECT timestamptz '2024-01-02 03:04:05+00' WHERE ?::int = 1", null, null));
        try (Connection c = JdbcTestSupport.connect("options=-c%20TimeZone%3DUTC")) {
            List<PreparedStatement> stmts = new ArrayList<>();
            for (Shape s : shapes) {
                stmts.add(c.prepareStatement(s.sql()));
            }
            // more shapes than the connection keeps column readings for, each run past the
            // point where the server prepares it and sends its columns in binary
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < shapes.size(); i++) {
                    Shape s = shapes.get(i);
                    PreparedStatement ps = stmts.get(i);
                    ps.setInt(1, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next(), s.sql());
                        String where = s.sql() + " in round " + round;
                        if (s.object() instanceof byte[] b) {
                            assertArrayEquals(b, rs.getBytes(1), where);
                        } else if (s.object() != null) {
                            assertEquals(s.object(), rs.getObject(1), where);
                        }
                        if (s.text() != null) {
                            assertEquals(s.text(), rs.getString(1), where);
                        } else {
                            assertEquals(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC),
                                    rs.getObject(1, OffsetDateTime.class), where);
                        }
                        if (s.sql().startsWith("SELECT ARRAY")) {
                            assertArrayEquals(new Integer[] {3, 4}, (Integer[]) rs.getArray(1).getArray(), where);
                        }
                        assertFalse(rs.next());
                    }
                }
            }
            for (PreparedStatement ps : stmts) {
                ps.close();
            }
        }
    }

    @Test
    void warningsAddedFromManyThreadsAreAllKept() throws Exception {
        WarningChain chain = new WarningChain();
        int threads = 8;
        int each = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        chain.add(new SQLWarning("w " + id + " " + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS); // a failure in a thread fails the test here
            }
        } finally {
            pool.shutdownNow();
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (SQLWarning w = chain.get(); w != null; w = w.getNextWarning()) {
            assertTrue(seen.add(w.getMessage()), "twice in the chain: " + w.getMessage());
        }
        assertEquals(threads * each, seen.size());
        chain.clear();
        assertNull(chain.get());
        chain.add(new SQLWarning("after"));
        assertEquals("after", chain.get().getMessage());
        assertNull(chain.get().getNextWarning());
    }
}
