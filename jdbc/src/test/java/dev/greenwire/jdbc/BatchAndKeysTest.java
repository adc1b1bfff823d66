package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batches (one pipeline, counts up to the failing entry, rewritten INSERTs) and generated keys. */
class BatchAndKeysTest {
    @BeforeEach
    void table() throws SQLException {
        JdbcTestSupport.exec("DROP TABLE IF EXISTS bk", "CREATE TABLE bk (id serial PRIMARY KEY, code int UNIQUE, name text)");
    }

    private static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM bk")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void preparedBatchReturnsEachCount() throws SQLException {
        try (Connection c = JdbcTestSupport.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO bk (code, name) VALUES (?, ?)")) {
            for (int i = 0; i < 1000; i++) {
                ps.setInt(1, i);
                ps.setString(2, "n" + i);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            assertEquals(1000, counts.length);
            for (int n : counts) {
                assertEquals(1, n);
            }
            assertEquals(1000, count(c));
            assertEquals(0, ps.executeBatch().length, "the batch is empty after it ran");
        }
    }

    @Test
    void failingRowGivesCountsUpToIt() throws SQLException {
        try (Connection c = JdbcTestSupport.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bk (code, name) VALUES (?, ?)")) {
                for (int code : new int[] {1, 2, 3, 2, 5}) {
                    ps.setInt(1, code);
                    ps.setString(2, "x");
                    ps.addBatch();
                }
                BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
                assertArrayEquals(new int[] {1, 1, 1}, e.getUpdateCounts());
                assertEquals("23505", e.getSQLState());
                assertTrue(e.getMessage().contains("batch entry 3"), e.getMessage());
                assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
                assertInstanceOf(SQLIntegrityConstraintViolationException.class, e.getNextException());
            }
            c.rollback();
            assertEquals(0, count(c));
            // the connection is usable after the failure
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bk (code) VALUES (?)")) {
                ps.setInt(1, 9);
                ps.addBatch();
                assertArrayEquals(new int[] {1}, ps.executeBatch());
            }
            c.commit();
            assertEquals(1, count(c));
        }
    }

    @Test
    void autocommitBatchIsOneImplicitTransaction() throws SQLException {
        try (Connection c = JdbcTestSupport.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO bk (code) VALUES (?)")) {
            for (int code : new int[] {1, 1}) {
                ps.setInt(1, code);
                ps.addBatch();
            }
            BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
            assertArrayEquals(new int[] {1}, e.getUpdateCounts());
            assertEquals(0, count(c), "the batch's implicit transaction rolled back");
        }
    }

    @Test
    void rewrittenInsertsGoAsMultiRowStatements() throws SQLException {
        try (Connection c = JdbcTestSupport.connect("reWriteBatchedInserts=true");
             PreparedStatement ps = c.prepareStatement("INSERT INTO bk (code, name) VALUES (?, ? || '!')")) {
            for (int i = 0; i < 300; i++) {
                ps.setInt(1, i);
                ps.setString(2, "r" + i);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            assertEquals(300, counts.length);
            for (int n : counts) {
                assertEquals(Statement.SUCCESS_NO_INFO, n);
            }
            assertEquals(300, count(c));
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM bk WHERE code = 299")) {
                assertTrue(rs.next());
                assertEquals("r299!", rs.getString(1));
            }
        }
    }

    @Test
    void statementBatch() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            st.addBatch("INSERT INTO bk (code) VALUES (1)");
            st.addBatch("INSERT INTO bk (code) SELECT g FROM generate_series(2, 4) g");
            st.addBatch("UPDATE bk SET name = 'u' WHERE code > 1");
            assertArrayEquals(new int[] {1, 3, 3}, st.executeBatch());
            st.addBatch("SELECT 1");
            BatchUpdateException e = assertThrows(BatchUpdateException.class, st::executeBatch);
            assertTrue(e.getMessage().contains("result set"), e.getMessage());
        }
    }

    @Test
    void generatedKeysThroughReturning() throws SQLException {
        try (Connection c = JdbcTestSupport.connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bk (code, name) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setInt(1, 10);
                ps.setString(2, "ten");
                assertEquals(1, ps.executeUpdate());
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertTrue(keys.getInt("id") > 0);
                    assertEquals(10, keys.getInt("code"));
                    assertFalse(keys.next());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bk (code) VALUES (?)", new String[] {"id"})) {
                ps.setInt(1, 11);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertEquals(1, keys.getMetaData().getColumnCount());
                    assertTrue(keys.next());
                    assertTrue(keys.getLong(1) > 0);
                }
                // several rows: a batch collects the keys of every entry
                for (int i = 20; i < 23; i++) {
                    ps.setInt(1, i);
                    ps.addBatch();
                }
                assertArrayEquals(new int[] {1, 1, 1}, ps.executeBatch());
                int n = 0;
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) {
                        n++;
                    }
                }
                assertEquals(3, n);
            }
            try (Statement st = c.createStatement()) {
                assertEquals(2, st.executeUpdate("UPDATE bk SET name = 'k' WHERE code IN (10, 11)", new String[] {"code"}));
                try (ResultSet keys = st.getGeneratedKeys()) {
                    java.util.Set<Integer> codes = new java.util.HashSet<>();
                    while (keys.next()) {
                        codes.add(keys.getInt(1));
                    }
                    assertEquals(java.util.Set.of(10, 11), codes);
                }
                // a statement that returns rows already: they are the keys
                assertEquals(1, st.executeUpdate("INSERT INTO bk (code) VALUES (30) RETURNING code * 2",
                        Statement.RETURN_GENERATED_KEYS));
                try (ResultSet keys = st.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertEquals(60, keys.getInt(1));
                }
                // without keys asked for, an empty result
                st.executeUpdate("INSERT INTO bk (code) VALUES (31)");
                try (ResultSet keys = st.getGeneratedKeys()) {
                    assertFalse(keys.next());
                }
            }
            assertThrows(java.sql.SQLFeatureNotSupportedException.class, () -> c.prepareStatement("INSERT INTO bk (code) VALUES (1)",
                    new int[] {1}));
        }
    }
}
