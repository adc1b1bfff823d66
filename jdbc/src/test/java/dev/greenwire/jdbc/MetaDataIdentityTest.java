package dev.greenwire.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The identity side of {@link GwDatabaseMetaData}: names, versions, flags and limits, checked against the server. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MetaDataIdentityTest {
    private static Connection conn;
    private static GwDatabaseMetaData meta;

    @BeforeAll
    static void open() throws SQLException {
        conn = MetaDataTestSupport.pgjdbc();
        meta = MetaDataTestSupport.meta(conn);
    }

    @AfterAll
    static void close() throws SQLException {
        if (conn != null) {
            conn.close();
        }
    }

    private static String one(String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    @Test
    void namesAndVersions() throws SQLException {
        assertEquals("PostgreSQL", meta.getDatabaseProductName());
        assertEquals("PostgreSQL Greenwire JDBC Driver", meta.getDriverName());
        assertEquals(one("SHOW server_version"), meta.getDatabaseProductVersion());
        int num = Integer.parseInt(one("SHOW server_version_num"));
        assertEquals(num / 10000, meta.getDatabaseMajorVersion());
        assertEquals(num % 10000, meta.getDatabaseMinorVersion());
        assertEquals(conn.getMetaData().getDatabaseMajorVersion(), meta.getDatabaseMajorVersion());
        assertEquals(conn.getMetaData().getDatabaseMinorVersion(), meta.getDatabaseMinorVersion());
        assertEquals(4, meta.getJDBCMajorVersion());
        assertEquals(3, meta.getJDBCMinorVersion());
        assertEquals(DatabaseMetaData.sqlStateSQL, meta.getSQLStateType());
        assertEquals(MetaDataTestSupport.pgjdbcUrl(), meta.getURL());
        assertEquals(one("SELECT session_user"), meta.getUserName());
        assertEquals(one("SELECT session_user"), new GwDatabaseMetaData(conn, "u", null).getUserName());
        assertSame(conn, meta.getConnection());
        assertTrue(meta.getDriverVersion().startsWith(meta.getDriverMajorVersion() + "." + meta.getDriverMinorVersion()));
    }

    @Test
    void transactionsFollowTheServer() throws SQLException {
        assertEquals(Connection.TRANSACTION_READ_COMMITTED, meta.getDefaultTransactionIsolation());
        try (Statement st = conn.createStatement()) {
            st.execute("SET default_transaction_isolation = 'serializable'");
            try {
                assertEquals(Connection.TRANSACTION_SERIALIZABLE, meta.getDefaultTransactionIsolation());
            } finally {
                st.execute("RESET default_transaction_isolation");
            }
        }
        assertTrue(meta.supportsTransactions());
        assertTrue(meta.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE));
        assertFalse(meta.supportsTransactionIsolationLevel(Connection.TRANSACTION_NONE));
        assertTrue(meta.supportsDataDefinitionAndDataManipulationTransactions());
        assertFalse(meta.dataDefinitionCausesTransactionCommit());
        assertTrue(meta.supportsSavepoints());
        assertEquals(conn.isReadOnly(), meta.isReadOnly());
        assertEquals(conn.getHoldability(), meta.getResultSetHoldability());
    }

    @Test
    void identifiersAsPostgresStoresThem() throws Exception {
        assertEquals("\"", meta.getIdentifierQuoteString());
        assertEquals("\\", meta.getSearchStringEscape());
        assertTrue(meta.storesLowerCaseIdentifiers());
        assertFalse(meta.storesUpperCaseIdentifiers());
        assertFalse(meta.storesMixedCaseIdentifiers());
        assertFalse(meta.supportsMixedCaseIdentifiers());
        assertTrue(meta.supportsMixedCaseQuotedIdentifiers());
        assertFalse(meta.storesMixedCaseQuotedIdentifiers());
        // what the flags claim, the server does: unquoted folds to lower case, quoted is kept
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TEMP TABLE MixedFold (\"KeepMe\" int, FoldMe int)");
            try (ResultSet rs = st.executeQuery("SELECT attname FROM pg_attribute"
                    + " WHERE attrelid = 'mixedfold'::regclass AND attnum > 0 ORDER BY attnum")) {
                assertTrue(rs.next());
                assertEquals("KeepMe", rs.getString(1));
                assertTrue(rs.next());
                assertEquals("foldme", rs.getString(1));
            }
            st.execute("DROP TABLE MixedFold");
        }
        assertTrue(meta.nullsAreSortedHigh());
        assertEquals(one("SELECT 'b' > NULL IS NULL"), "t");
        assertEquals(one("SELECT x FROM (VALUES (1), (NULL)) v(x) ORDER BY x LIMIT 1"), "1"); // NULL sorts high
        assertTrue(meta.nullPlusNonNullIsNull());
    }

    @Test
    void keywordsArePostgresMinusSql2003() throws SQLException {
        Set<String> got = new HashSet<>(Arrays.asList(meta.getSQLKeywords().split(",")));
        Set<String> sql2003 = new HashSet<>(Arrays.asList(MetaSql.SQL2003_KEYWORDS.split(",")));
        Set<String> expected = new HashSet<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT word FROM pg_get_keywords()")) {
            while (rs.next()) {
                if (!sql2003.contains(rs.getString(1))) {
                    expected.add(rs.getString(1));
                }
            }
        }
        assertEquals(expected, got);
        for (String pgOnly : new String[] {"limit", "offset", "ilike", "returning", "analyze", "vacuum", "notify"}) {
            assertTrue(got.contains(pgOnly), pgOnly);
        }
        for (String standard : new String[] {"select", "from", "where", "table", "user", "lateral"}) {
            assertFalse(got.contains(standard), standard);
        }
        assertTrue(sql2003.size() > 300, "the SQL:2003 list is complete: " + sql2003.size());
    }

    @Test
    void limitsComeFromTheServer() throws SQLException {
        int ident = Integer.parseInt(one("SHOW max_identifier_length"));
        assertEquals(63, ident);
        assertEquals(ident, meta.getMaxTableNameLength());
        assertEquals(ident, meta.getMaxColumnNameLength());
        assertEquals(ident, meta.getMaxSchemaNameLength());
        assertEquals(ident, meta.getMaxUserNameLength());
        assertEquals(Integer.parseInt(one("SHOW max_index_keys")), meta.getMaxColumnsInIndex());
        assertEquals(Integer.parseInt(one("SHOW max_connections")), meta.getMaxConnections());
        assertEquals(1600, meta.getMaxColumnsInTable());
    }

    @Test
    void resultSetAndStatementFlags() throws SQLException {
        assertTrue(meta.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY));
        assertTrue(meta.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE));
        assertFalse(meta.supportsResultSetType(ResultSet.TYPE_SCROLL_SENSITIVE));
        assertTrue(meta.supportsResultSetConcurrency(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY));
        assertFalse(meta.supportsResultSetConcurrency(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE));
        assertTrue(meta.supportsBatchUpdates());
        assertTrue(meta.supportsGetGeneratedKeys());
        assertTrue(meta.supportsStoredProcedures());
        assertTrue(meta.supportsSchemasInTableDefinitions());
        assertFalse(meta.supportsCatalogsInTableDefinitions());
        assertEquals("schema", meta.getSchemaTerm());
        assertEquals("database", meta.getCatalogTerm());
    }

    @Test
    void wrapping() throws SQLException {
        assertTrue(meta.isWrapperFor(DatabaseMetaData.class));
        assertSame(meta, meta.unwrap(DatabaseMetaData.class));
        assertFalse(meta.isWrapperFor(Connection.class));
        SQLException e = assertThrows(SQLException.class, () -> meta.unwrap(Connection.class));
        assertTrue(e.getMessage().contains("java.sql.Connection"), e.getMessage());
    }
}
