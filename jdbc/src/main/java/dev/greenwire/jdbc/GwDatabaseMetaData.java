package dev.greenwire.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@link DatabaseMetaData} of a PostgreSQL connection. Every catalogue answer is one query
 * on {@code pg_catalog} run through the connection it was made for (user values only ever travel
 * as {@code ?} parameters), and the {@link ResultSet} returned is that connection's own; so this
 * class works over any JDBC connection to PostgreSQL, Greenwire's or another driver's.
 *
 * <p>Patterns ({@code schemaPattern}, {@code tableNamePattern}…) are SQL {@code LIKE} patterns:
 * {@code %} any run, {@code _} any one character, {@code \} (see {@link #getSearchStringEscape()})
 * takes the next character literally; {@code null} means "do not filter". Names that the Javadoc
 * calls names, not patterns, are matched exactly. Identifiers are matched as stored: an unquoted
 * name is stored in lower case, a quoted one exactly as written.
 */
final class GwDatabaseMetaData implements DatabaseMetaData {
    static final String DRIVER_NAME = "PostgreSQL Greenwire JDBC Driver";
    static final String DRIVER_VERSION = "0.1.0-SNAPSHOT";
    static final int DRIVER_MAJOR = 0;
    static final int DRIVER_MINOR = 1;

    private final Connection connection;
    private final String url;
    private final String userName;
    private final MetaCatalogue catalogue;
    private final MetaKeys keys;
    private final MetaRoutines routines;

    // server facts asked once per metadata object (benign race: each is computed the same way)
    private volatile int serverVersionNum;
    private volatile String serverVersion;
    private volatile int maxIdentifierLength;
    private volatile String keywords;

    /**
     * @param connection the connection the queries run on (and that {@link #getConnection()} gives back)
     * @param url the URL the connection was opened with ({@link #getURL()})
     * @param userName the user it logged in as, or null to ask the server
     */
    GwDatabaseMetaData(Connection connection, String url, String userName) {
        if (connection == null) {
            throw new IllegalArgumentException("GwDatabaseMetaData needs a connection; got null");
        }
        this.connection = connection;
        this.url = url;
        this.userName = userName;
        this.catalogue = new MetaCatalogue(connection);
        this.keys = new MetaKeys(catalogue);
        this.routines = new MetaRoutines(catalogue);
    }

    private int serverVersionNum() throws SQLException {
        int v = serverVersionNum;
        if (v == 0) {
            v = Integer.parseInt(catalogue.scalar("SELECT pg_catalog.current_setting('server_version_num')", List.of()).trim());
            serverVersionNum = v;
        }
        return v;
    }

    private int maxIdentifierLength() throws SQLException {
        int v = maxIdentifierLength;
        if (v == 0) {
            v = Integer.parseInt(catalogue.scalar("SELECT pg_catalog.current_setting('max_identifier_length')", List.of()).trim());
            maxIdentifierLength = v;
        }
        return v;
    }

    private int intSetting(String name) throws SQLException {
        return Integer.parseInt(catalogue.scalar("SELECT pg_catalog.current_setting(?)", List.of(name)).trim());
    }

    // ---- identity ----------------------------------------------------------------------------------

    @Override public String getURL() { return url; }
    @Override
    public String getUserName() throws SQLException {
        return userName != null ? userName : catalogue.scalar("SELECT session_user", List.of());
    }

    @Override public Connection getConnection() { return connection; }
    @Override public boolean isReadOnly() throws SQLException { return connection.isReadOnly(); }
    @Override public String getDatabaseProductName() { return "PostgreSQL"; }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        String v = serverVersion;
        if (v == null) {
            v = catalogue.scalar("SELECT pg_catalog.current_setting('server_version')", List.of());
            serverVersion = v;
        }
        return v;
    }
    @Override public int getDatabaseMajorVersion() throws SQLException { return serverVersionNum() / 10000; }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        int n = serverVersionNum();
        // 10 and later: major * 10000 + minor; before: major1 * 10000 + major2 * 100 + minor
        return n >= 100000 ? n % 10000 : (n / 100) % 100;
    }
    @Override public String getDriverName() { return DRIVER_NAME; }
    @Override public String getDriverVersion() { return DRIVER_VERSION; }
    @Override public int getDriverMajorVersion() { return DRIVER_MAJOR; }
    @Override public int getDriverMinorVersion() { return DRIVER_MINOR; }
    @Override public int getJDBCMajorVersion() { return 4; }
    @Override public int getJDBCMinorVersion() { return 3; }
    @Override public int getSQLStateType() { return sqlStateSQL; }

    @Override
    public int getDefaultTransactionIsolation() throws SQLException {
        String level = catalogue.scalar("SELECT pg_catalog.current_setting('default_transaction_isolation')", List.of());
        return switch (level.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "serializable" -> Connection.TRANSACTION_SERIALIZABLE;
            case "repeatable read" -> Connection.TRANSACTION_REPEATABLE_READ;
            case "read uncommitted" -> Connection.TRANSACTION_READ_UNCOMMITTED;
            default -> Connection.TRANSACTION_READ_COMMITTED;
        };
    }
    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface != null && iface.isInstance(this);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return JdbcErrors.unwrap(this, iface);
    }

    // ---- how PostgreSQL treats identifiers and SQL ---------------------------------------------------

    @Override public boolean allProceduresAreCallable() { return true; }
    @Override public boolean allTablesAreSelectable() { return true; }
    @Override public boolean nullsAreSortedHigh() { return true; }
    @Override public boolean nullsAreSortedLow() { return false; }
    @Override public boolean nullsAreSortedAtStart() { return false; }
    @Override public boolean nullsAreSortedAtEnd() { return false; }
    @Override public boolean usesLocalFiles() { return false; }
    @Override public boolean usesLocalFilePerTable() { return false; }
    @Override public boolean supportsMixedCaseIdentifiers() { return false; }
    @Override public boolean storesUpperCaseIdentifiers() { return false; }
    @Override public boolean storesLowerCaseIdentifiers() { return true; }
    @Override public boolean storesMixedCaseIdentifiers() { return false; }
    @Override public boolean supportsMixedCaseQuotedIdentifiers() { return true; }
    @Override public boolean storesUpperCaseQuotedIdentifiers() { return false; }
    @Override public boolean storesLowerCaseQuotedIdentifiers() { return false; }
    @Override public boolean storesMixedCaseQuotedIdentifiers() { return false; }
    @Override public String getIdentifierQuoteString() { return "\""; }

    @Override
    public String getSQLKeywords() throws SQLException {
        String k = keywords;
        if (k == null) {
            k = catalogue.scalar("SELECT pg_catalog.string_agg(k.word, ',' ORDER BY k.word) FROM pg_catalog.pg_get_keywords() k"
                    + " WHERE k.word <> ALL (pg_catalog.string_to_array(?, ','))", List.of(MetaSql.SQL2003_KEYWORDS));
            keywords = k == null ? "" : k;
            k = keywords;
        }
        return k;
    }
    @Override public String getNumericFunctions() { return MetaSql.NUMERIC_FUNCTIONS; }
    @Override public String getStringFunctions() { return MetaSql.STRING_FUNCTIONS; }
    @Override public String getSystemFunctions() { return MetaSql.SYSTEM_FUNCTIONS; }
    @Override public String getTimeDateFunctions() { return MetaSql.TIME_DATE_FUNCTIONS; }
    @Override public String getSearchStringEscape() { return "\\"; }
    @Override public String getExtraNameCharacters() { return ""; }
    @Override public boolean supportsAlterTableWithAddColumn() { return true; }
    @Override public boolean supportsAlterTableWithDropColumn() { return true; }
    @Override public boolean supportsColumnAliasing() { return true; }
    @Override public boolean nullPlusNonNullIsNull() { return true; }
    @Override public boolean supportsConvert() { return false; }
    @Override public boolean supportsConvert(int fromType, int toType) { return false; }
    @Override public boolean supportsTableCorrelationNames() { return true; }
    @Override public boolean supportsDifferentTableCorrelationNames() { return false; }
    @Override public boolean supportsExpressionsInOrderBy() { return true; }
    @Override public boolean supportsOrderByUnrelated() { return true; }
    @Override public boolean supportsGroupBy() { return true; }
    @Override public boolean supportsGroupByUnrelated() { return true; }
    @Override public boolean supportsGroupByBeyondSelect() { return true; }
    @Override public boolean supportsLikeEscapeClause() { return true; }
    @Override public boolean supportsMultipleResultSets() { return true; }
    @Override public boolean supportsMultipleTransactions() { return true; }
    @Override public boolean supportsNonNullableColumns() { return true; }
    @Override public boolean supportsMinimumSQLGrammar() { return true; }
    @Override public boolean supportsCoreSQLGrammar() { return false; }
    @Override public boolean supportsExtendedSQLGrammar() { return false; }
    @Override public boolean supportsANSI92EntryLevelSQL() { return true; }
    @Override public boolean supportsANSI92IntermediateSQL() { return false; }
    @Override public boolean supportsANSI92FullSQL() { return false; }
    @Override public boolean supportsIntegrityEnhancementFacility() { return true; }
    @Override public boolean supportsOuterJoins() { return true; }
    @Override public boolean supportsFullOuterJoins() { return true; }
    @Override public boolean supportsLimitedOuterJoins() { return true; }
    @Override public String getSchemaTerm() { return "schema"; }
    @Override public String getProcedureTerm() { return "procedure"; }
    @Override public String getCatalogTerm() { return "database"; }
    @Override public boolean isCatalogAtStart() { return true; }
    @Override public String getCatalogSeparator() { return "."; }
    @Override public boolean supportsSchemasInDataManipulation() { return true; }
    @Override public boolean supportsSchemasInProcedureCalls() { return true; }
    @Override public boolean supportsSchemasInTableDefinitions() { return true; }
    @Override public boolean supportsSchemasInIndexDefinitions() { return true; }
    @Override public boolean supportsSchemasInPrivilegeDefinitions() { return true; }
    @Override public boolean supportsCatalogsInDataManipulation() { return false; }
    @Override public boolean supportsCatalogsInProcedureCalls() { return false; }
    @Override public boolean supportsCatalogsInTableDefinitions() { return false; }
    @Override public boolean supportsCatalogsInIndexDefinitions() { return false; }
    @Override public boolean supportsCatalogsInPrivilegeDefinitions() { return false; }
    @Override public boolean supportsPositionedDelete() { return false; }
    @Override public boolean supportsPositionedUpdate() { return false; }
    @Override public boolean supportsSelectForUpdate() { return true; }
    @Override public boolean supportsStoredProcedures() { return true; }
    @Override public boolean supportsSubqueriesInComparisons() { return true; }
    @Override public boolean supportsSubqueriesInExists() { return true; }
    @Override public boolean supportsSubqueriesInIns() { return true; }
    @Override public boolean supportsSubqueriesInQuantifieds() { return true; }
    @Override public boolean supportsCorrelatedSubqueries() { return true; }
    @Override public boolean supportsUnion() { return true; }
    @Override public boolean supportsUnionAll() { return true; }
    @Override public boolean supportsOpenCursorsAcrossCommit() { return false; }
    @Override public boolean supportsOpenCursorsAcrossRollback() { return false; }
    @Override public boolean supportsOpenStatementsAcrossCommit() { return true; }
    @Override public boolean supportsOpenStatementsAcrossRollback() { return true; }

    // ---- limits ---------------------------------------------------------------------------------------

    @Override public int getMaxBinaryLiteralLength() { return 0; }
    @Override public int getMaxCharLiteralLength() { return 0; }
    @Override public int getMaxColumnNameLength() throws SQLException { return maxIdentifierLength(); }
    @Override public int getMaxColumnsInGroupBy() { return 0; }
    @Override public int getMaxColumnsInIndex() throws SQLException { return intSetting("max_index_keys"); }
    @Override public int getMaxColumnsInOrderBy() { return 0; }
    @Override
    public int getMaxColumnsInSelect() {
        return 1664; // MaxTupleAttributeNumber: the most entries a target list may have
    }

    @Override public int getMaxColumnsInTable() { return 1600; } // MaxHeapAttributeNumber
    @Override public int getMaxConnections() throws SQLException { return intSetting("max_connections"); }
    @Override public int getMaxCursorNameLength() throws SQLException { return maxIdentifierLength(); }
    @Override public int getMaxIndexLength() { return 0; }
    @Override public int getMaxSchemaNameLength() throws SQLException { return maxIdentifierLength(); }
    @Override public int getMaxProcedureNameLength() throws SQLException { return maxIdentifierLength(); }
    @Override public int getMaxCatalogNameLength() throws SQLException { return maxIdentifierLength(); }
    @Override public int getMaxRowSize() { return 1073741824; } // one field is at most 1 GB
    @Override public boolean doesMaxRowSizeIncludeBlobs() { return false; }
    @Override public int getMaxStatementLength() { return 0; }
    @Override public int getMaxStatements() { return 0; }
    @Override public int getMaxTableNameLength() throws SQLException { return maxIdentifierLength(); }
    @Override public int getMaxTablesInSelect() { return 0; }
    @Override public int getMaxUserNameLength() throws SQLException { return maxIdentifierLength(); }
    @Override public long getMaxLogicalLobSize() { return 4398046511104L; } // a large object holds up to 4 TB

    // ---- transactions and result sets -----------------------------------------------------------------

    @Override public boolean supportsTransactions() { return true; }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED,
                 Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE -> true;
            default -> false;
        };
    }
    @Override public boolean supportsDataDefinitionAndDataManipulationTransactions() { return true; }
    @Override public boolean supportsDataManipulationTransactionsOnly() { return false; }
    @Override public boolean dataDefinitionCausesTransactionCommit() { return false; }
    @Override public boolean dataDefinitionIgnoredInTransactions() { return false; }
    @Override
    public boolean supportsResultSetType(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY || type == ResultSet.TYPE_SCROLL_INSENSITIVE;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return supportsResultSetType(type) && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override public boolean ownUpdatesAreVisible(int type) { return false; }
    @Override public boolean ownDeletesAreVisible(int type) { return false; }
    @Override public boolean ownInsertsAreVisible(int type) { return false; }
    @Override public boolean othersUpdatesAreVisible(int type) { return false; }
    @Override public boolean othersDeletesAreVisible(int type) { return false; }
    @Override public boolean othersInsertsAreVisible(int type) { return false; }
    @Override public boolean updatesAreDetected(int type) { return false; }
    @Override public boolean deletesAreDetected(int type) { return false; }
    @Override public boolean insertsAreDetected(int type) { return false; }
    @Override public boolean supportsBatchUpdates() { return true; }
    @Override public boolean supportsSavepoints() { return true; }
    @Override public boolean supportsNamedParameters() { return false; }
    @Override public boolean supportsMultipleOpenResults() { return false; }
    @Override public boolean supportsGetGeneratedKeys() { return true; }
    @Override
    public boolean supportsResultSetHoldability(int holdability) {
        return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT || holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override public int getResultSetHoldability() throws SQLException { return connection.getHoldability(); }
    @Override public boolean locatorsUpdateCopy() { return true; }
    @Override public boolean supportsStatementPooling() { return false; }
    @Override public RowIdLifetime getRowIdLifetime() { return RowIdLifetime.ROWID_UNSUPPORTED; }
    @Override public boolean supportsStoredFunctionsUsingCallSyntax() { return true; }
    @Override public boolean autoCommitFailureClosesAllResultSets() { return false; }
    @Override public boolean generatedKeyAlwaysReturned() { return true; }
    @Override public boolean supportsRefCursors() { return false; }
    @Override public boolean supportsSharding() { return false; }

    // ---- the catalogue (MetaCatalogue, MetaKeys, MetaRoutines) ------------------------------------------------

    @Override public ResultSet getSchemas() throws SQLException { return getSchemas(null, null); }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        return catalogue.getSchemas(catalog, schemaPattern);
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return catalogue.getCatalogs();
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return catalogue.getTableTypes();
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types) throws SQLException {
        return catalogue.getTables(catalog, schemaPattern, tableNamePattern, types);
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
        return catalogue.getColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern);
    }

    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
        return catalogue.getPseudoColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern);
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        return catalogue.getSuperTables(catalog, schemaPattern, tableNamePattern);
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        return catalogue.getSuperTypes(catalog, schemaPattern, typeNamePattern);
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        return keys.getPrimaryKeys(catalog, schema, table);
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        return keys.getImportedKeys(catalog, schema, table);
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        return keys.getExportedKeys(catalog, schema, table);
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable, String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
        return keys.getCrossReference(parentCatalog, parentSchema, parentTable, foreignCatalog, foreignSchema,
                foreignTable);
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate) throws SQLException {
        return keys.getIndexInfo(catalog, schema, table, unique, approximate);
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable) throws SQLException {
        return keys.getBestRowIdentifier(catalog, schema, table, scope, nullable);
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return keys.getVersionColumns(catalog, schema, table);
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        return keys.getTablePrivileges(catalog, schemaPattern, tableNamePattern);
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern) throws SQLException {
        return keys.getColumnPrivileges(catalog, schema, table, columnNamePattern);
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        return routines.getTypeInfo();
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types) throws SQLException {
        return routines.getUDTs(catalog, schemaPattern, typeNamePattern, types);
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern, String attributeNamePattern) throws SQLException {
        return routines.getAttributes(catalog, schemaPattern, typeNamePattern, attributeNamePattern);
    }

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern) throws SQLException {
        return routines.getProcedures(catalog, schemaPattern, procedureNamePattern);
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) throws SQLException {
        return routines.getFunctions(catalog, schemaPattern, functionNamePattern);
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern, String columnNamePattern) throws SQLException {
        return routines.getProcedureColumns(catalog, schemaPattern, procedureNamePattern, columnNamePattern);
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern, String columnNamePattern) throws SQLException {
        return routines.getFunctionColumns(catalog, schemaPattern, functionNamePattern, columnNamePattern);
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return catalogue.getClientInfoProperties();
    }
}
