package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A fetch size inside a transaction streams through a portal: memory stays bounded; max rows caps results. */
class FetchSizeTest {
    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        System.gc();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void millionsOfRowsStreamInBoundedMemory() throws Exception {
        final int rows = 10_000_000;
        // each row is about 110 bytes of text: the whole result would be over 1 GB in memory
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            try (Connection c = JdbcTestSupport.connect()) {
                c.setAutoCommit(false);
                long baseline = usedHeap();
                long peak = 0;
                long n = 0;
                long sum = 0;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT g, repeat('x', 100) FROM generate_series(1, ?) AS g")) {
                    ps.setFetchSize(1000);
                    ps.setInt(1, rows);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            n++;
                            sum += rs.getInt(1);
                            if (n % 1_000_000 == 0) {
                                peak = Math.max(peak, usedHeap() - baseline);
                                // other statements run on the same connection while the portal is open
                                try (Statement st = c.createStatement(); ResultSet one = st.executeQuery("SELECT 1")) {
                                    assertTrue(one.next());
                                }
                            }
                        }
                    }
                }
                c.commit();
                assertEquals(rows, n);
                assertEquals((long) rows * (rows + 1) / 2, sum);
                assertTrue(peak < 64L * 1024 * 1024, "heap grew by " + peak / 1024 / 1024
                        + " MB while streaming (the whole result is over 1 GB)");
            }
        });
    }

    @Test
    void withoutATransactionTheResultIsReadWhole() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            st.setFetchSize(10);
            try (ResultSet rs = st.executeQuery("SELECT g FROM generate_series(1, 100) g")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertEquals(100, n);
            }
        }
    }

    @Test
    void streamedResultClosedEarlyReleasesThePortal() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.setFetchSize(5);
            try (ResultSet rs = st.executeQuery("SELECT g FROM generate_series(1, 100) g")) {
                for (int i = 1; i <= 12; i++) {
                    assertTrue(rs.next());
                    assertEquals(i, rs.getInt(1));
                }
                try (Statement probe = c.createStatement();
                     ResultSet p = probe.executeQuery("SELECT count(*) FROM pg_cursors WHERE name LIKE 'gw_portal_%'")) {
                    p.next();
                    assertEquals(1, p.getInt(1), "the portal is open while the result is");
                }
            }
            try (Statement probe = c.createStatement();
                 ResultSet p = probe.executeQuery("SELECT count(*) FROM pg_cursors WHERE name LIKE 'gw_portal_%'")) {
                p.next();
                assertEquals(0, p.getInt(1), "closing the result closed the portal");
            }
            c.commit();
        }
    }

    @Test
    void maxRowsCapsResults() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            st.setMaxRows(7);
            assertEquals(7, rows(st.executeQuery("SELECT g FROM generate_series(1, 100) g")));
            c.setAutoCommit(false);
            st.setFetchSize(3);
            assertEquals(7, rows(st.executeQuery("SELECT g FROM generate_series(1, 100) g")));
            c.commit();
            st.setMaxRows(0);
            assertEquals(100, rows(st.executeQuery("SELECT g FROM generate_series(1, 100) g")));
            try (PreparedStatement ps = c.prepareStatement("SELECT g FROM generate_series(1, ?) g")) {
                ps.setLargeMaxRows(2);
                ps.setInt(1, 10);
                assertEquals(2, rows(ps.executeQuery()));
            }
            st.setMaxRows(1);
            st.execute("SELECT 1; SELECT g FROM generate_series(1, 5) g");
            assertTrue(st.getMoreResults());
            assertEquals(1, rows(st.getResultSet()));
        }
    }

    @Test
    void maxFieldSizeCutsCharacterAndBinaryValues() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            st.setMaxFieldSize(3);
            try (ResultSet rs = st.executeQuery("SELECT 'abcdef'::text, '\\x0102030405'::bytea, 123456::int")) {
                assertTrue(rs.next());
                assertEquals("abc", rs.getString(1));
                assertArrayEquals(new byte[] {1, 2, 3}, rs.getBytes(2));
                assertEquals("123456", rs.getString(3), "numbers are not cut");
            }
        }
    }

    private static int rows(ResultSet rs) throws SQLException {
        int n = 0;
        try (rs) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }
}
