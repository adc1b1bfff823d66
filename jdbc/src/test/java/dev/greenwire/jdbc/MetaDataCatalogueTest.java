package dev.greenwire.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/** The catalogue checks with {@link GwDatabaseMetaData} running over a pgjdbc connection. */
class MetaDataCatalogueTest extends MetaDataCatalogueChecks {
    @Override
    Connection open() throws SQLException {
        return MetaDataTestSupport.pgjdbc();
    }

    @Override
    DatabaseMetaData metaOf(Connection c) {
        return MetaDataTestSupport.meta(c);
    }
}
