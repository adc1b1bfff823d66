package dev.greenwire.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The catalogue checks over Greenwire's own JDBC connection: what its getMetaData() gives. */
class MetaDataCatalogueGreenwireTest extends MetaDataCatalogueChecks {
    @Override
    Connection open() throws SQLException {
        return MetaDataTestSupport.greenwire();
    }

    @Override
    DatabaseMetaData metaOf(Connection c) throws SQLException {
        return c.getMetaData();
    }

    @Test
    void theDriverHandsOutThisMetadata() throws SQLException {
        try (Connection c = open()) {
            DatabaseMetaData md = c.getMetaData();
            assertInstanceOf(GwDatabaseMetaData.class, md);
            assertEquals("PostgreSQL", md.getDatabaseProductName());
            assertEquals("PostgreSQL Greenwire JDBC Driver", md.getDriverName());
            assertEquals(MetaDataTestSupport.greenwireUrl(), md.getURL());
            assertEquals(MetaDataTestSupport.dsn().get("user"), md.getUserName());
            assertEquals(c, md.getConnection());
            try (Connection ref = MetaDataTestSupport.pgjdbc()) {
                DatabaseMetaData viaPgjdbc = MetaDataTestSupport.meta(ref);
                assertEquals(viaPgjdbc.getSQLKeywords(), md.getSQLKeywords());
                assertEquals(viaPgjdbc.getDatabaseProductVersion(), md.getDatabaseProductVersion());
                assertEquals(viaPgjdbc.getDatabaseMajorVersion(), md.getDatabaseMajorVersion());
                assertEquals(viaPgjdbc.getMaxColumnsInIndex(), md.getMaxColumnsInIndex());
            }
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, md.getDefaultTransactionIsolation());
            assertEquals(c.getHoldability(), md.getResultSetHoldability());
        }
    }
}
