package dev.greenwire.jdbc;

import dev.greenwire.PgException;
import dev.greenwire.internal.engine.Result;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement: its SQL goes through the extended protocol (one Parse/Bind/Execute per
 * statement, the core's statement cache preparing those run often), several statements in
 * one text through the simple protocol, batches as one pipeline with a single Sync. Results
 * are kept in order for {@code getMoreResults}; a forward-only query with a fetch size inside
 * a transaction streams through a named portal. The execution lives in {@link StatementRunner},
 * the results in {@link StatementResults}.
 */
class GwStatement implements Statement {
    /** One statement to run: its text with {@code $n} parameters and their types, formats and values. */
    record Unit(byte[] sql, int[] types, short[] formats, byte[][] values, boolean keys, String text) {
        static final int[] NO_TYPES = new int[0];
        static final short[] NO_FORMATS = new short[0];
        static final byte[][] NO_VALUES = new byte[0][];
    }

    /** One result: rows (a result set) or an update count. */
    record Outcome(Result.Field[] fields, List<byte[]> rows, long count, GwResultSet.More more) {
        boolean isResultSet() {
            return fields != null;
        }
    }

    final GwConnection conn;
    final int rsType;
    final int rsConcurrency;
    final int rsHoldability;
    private boolean closed;
    private boolean closeOnCompletion;
    boolean escapeProcessing = true;
    private boolean poolable;
    int fetchSize;
    long maxRows;
    private int maxFieldSize;
    int queryTimeout;
    volatile boolean executing;
    private final WarningChain warnings = new WarningChain();

    final StatementResults results;
    private final StatementRunner runner;
    private List<String> batch;

    GwStatement(GwConnection conn, int rsType, int rsConcurrency, int rsHoldability) {
        this.conn = conn;
        this.rsType = rsType;
        this.rsConcurrency = rsConcurrency;
        this.rsHoldability = rsHoldability;
        this.fetchSize = conn.cfg.defaultFetchSize;
        this.results = new StatementResults(this);
        this.runner = new StatementRunner(this);
    }

    /** @return the object result sets name as their statement */
    Statement facade() {
        return this;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw JdbcErrors.closed("Statement");
        }
        conn.checkOpen();
    }

    // ---- running ----------------------------------------------------------------------------------

    /** The units of a parsed text with no parameters. */
    final List<Unit> plainUnits(List<SqlLexer.Stmt> stmts, String[] keys) {
        List<Unit> units = new ArrayList<>(stmts.size());
        for (SqlLexer.Stmt s : stmts) {
            units.add(new Unit(bytesOf(s, keys, conn.engine.charset()), Unit.NO_TYPES, Unit.NO_FORMATS,
                    Unit.NO_VALUES, keys != null && s.keysFrom(), s.sql));
        }
        return units;
    }

    /** The statement's text as bytes, with a RETURNING clause added when generated keys are asked for. */
    static byte[] bytesOf(SqlLexer.Stmt s, String[] keys, java.nio.charset.Charset cs) {
        return keys == null || !s.canReturn() ? s.bytes(cs) : sqlOf(s, keys).getBytes(cs);
    }

    /** The statement's text, with a RETURNING clause added when generated keys are asked for. */
    static String sqlOf(SqlLexer.Stmt s, String[] keys) {
        if (keys == null || !s.canReturn()) {
            return s.sql;
        }
        if (keys.length == 0) {
            return s.sql + " RETURNING *";
        }
        StringBuilder sb = new StringBuilder(s.sql).append(" RETURNING ");
        for (int i = 0; i < keys.length; i++) {
            String k = keys[i];
            sb.append(i == 0 ? "" : ", ").append(k.startsWith("\"") ? k : dev.greenwire.Extensions.quoteIdent(k, null));
        }
        return sb.toString();
    }

    /** Runs {@code units} (one Sync for all) and keeps their results; rows of units with {@code keys} are generated keys. */
    final void run(List<Unit> units) throws SQLException {
        runner.run(units);
    }

    /** Runs several statements of one text through the simple protocol (the server splits them). */
    final void runSimple(String sql) throws SQLException {
        runner.runSimple(sql);
    }

    /**
     * Runs a batch as one pipeline (see {@link StatementRunner#runBatch}).
     *
     * @return the count of each entry
     */
    final long[] runBatch(List<Unit> units, int[] firstEntry, int[] entryCount, int entries, List<String> texts)
            throws SQLException {
        return runner.runBatch(units, firstEntry, entryCount, entries, texts);
    }

    // ---- results ----------------------------------------------------------------------------------


    /** @return the limit on character and binary values, 0 for none */
    int maxFieldSizeLimit() {
        return maxFieldSize;
    }

    /** Called by a result set when it is closed. */
    void resultClosed(GwResultSet rs) throws SQLException {
        boolean none = results.closed(rs);
        if (closeOnCompletion && none && !closed) {
            close();
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return results.resultSet();
    }

    @Override
    public int getUpdateCount() throws SQLException {
        long n = getLargeUpdateCount();
        return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return results.updateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int what) throws SQLException {
        checkOpen();
        return results.moreResults(what);
    }

    /** @return the result set of the first result with rows, for executeQuery */
    final ResultSet firstResultSet() throws SQLException {
        return results.firstResultSet();
    }

    /** @return the first update count, for executeUpdate (refusing results with rows) */
    final long firstUpdateCount() throws SQLException {
        return results.firstUpdateCount();
    }

    /** @return whether the first result has rows, for execute */
    final boolean firstIsResultSet() {
        return results.firstIsResultSet();
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        return results.generatedKeys();
    }

    // ---- Statement: executing SQL text -----------------------------------------------------------------

    private SqlLexer.Parsed parsePlain(String sql) throws SQLException {
        if (sql == null) {
            throw new SQLException("the SQL text is null", "42601");
        }
        return SqlLexer.parse(sql, false, escapeProcessing, conn.standardStrings());
    }

    /** Runs SQL text without parameters: one statement extended, several simple. */
    private void runText(String sql, String[] keys) throws SQLException {
        SqlLexer.Parsed p = parsePlain(sql);
        if (p.statements().size() > 1 && keys == null) {
            StringBuilder all = new StringBuilder();
            for (SqlLexer.Stmt s : p.statements()) {
                all.append(s.sql).append(";\n");
            }
            runSimple(all.toString());
        } else {
            run(plainUnits(p.statements(), keys));
        }
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        runText(sql, null);
        return firstResultSet();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, executeLargeUpdate(sql));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        runText(sql, null);
        return firstUpdateCount();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        runText(sql, null);
        return firstIsResultSet();
    }

    private static String[] keysFor(int autoGeneratedKeys) throws SQLException {
        return switch (autoGeneratedKeys) {
            case RETURN_GENERATED_KEYS -> new String[0];
            case NO_GENERATED_KEYS -> null;
            default -> throw new SQLException("autoGeneratedKeys must be RETURN_GENERATED_KEYS or NO_GENERATED_KEYS",
                    "22023");
        };
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, executeLargeUpdate(sql, autoGeneratedKeys));
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        runText(sql, keysFor(autoGeneratedKeys));
        return firstUpdateCount();
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw JdbcErrors.notSupported("generated keys by column index (name the columns instead)");
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw JdbcErrors.notSupported("generated keys by column index (name the columns instead)");
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, executeLargeUpdate(sql, columnNames));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        runText(sql, columnNames == null ? new String[0] : columnNames.clone());
        return firstUpdateCount();
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        runText(sql, keysFor(autoGeneratedKeys));
        return firstIsResultSet();
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw JdbcErrors.notSupported("generated keys by column index (name the columns instead)");
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        runText(sql, columnNames == null ? new String[0] : columnNames.clone());
        return firstIsResultSet();
    }

    // ---- batches --------------------------------------------------------------------------------------

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        parsePlain(sql);
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch = null;
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toInts(executeLargeBatch());
    }

    static int[] toInts(long[] counts) {
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (int) Math.min(Integer.MAX_VALUE, counts[i]);
        }
        return out;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<String> b = batch;
        batch = null;
        if (b == null || b.isEmpty()) {
            return new long[0];
        }
        List<Unit> units = new ArrayList<>();
        List<Integer> entryOf = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            for (SqlLexer.Stmt s : parsePlain(b.get(i)).statements()) {
                units.add(new Unit(s.sql.getBytes(conn.engine.charset()), Unit.NO_TYPES, Unit.NO_FORMATS,
                        Unit.NO_VALUES, false, s.sql));
                entryOf.add(i);
            }
        }
        int[] first = new int[units.size()];
        int[] ones = new int[units.size()];
        for (int i = 0; i < first.length; i++) {
            first[i] = entryOf.get(i);
            ones[i] = 1;
        }
        return runBatch(units, first, ones, b.size(), b);
    }

    // ---- cancel, timeouts, limits -----------------------------------------------------------------------

    @Override
    public void cancel() throws SQLException {
        checkOpen();
        if (executing) {
            try {
                conn.green.cancel();
            } catch (PgException e) {
                throw JdbcErrors.of(e, conn.green.isClosed());
            }
        }
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw new SQLException("the query timeout must not be negative, not " + seconds, "22023");
        }
        queryTimeout = seconds;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeout;
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, getLargeMaxRows());
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("maxRows must not be negative, not " + max, "22023");
        }
        maxRows = max;
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("the fetch size must not be negative, not " + rows, "22023");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD && direction != ResultSet.FETCH_REVERSE
                && direction != ResultSet.FETCH_UNKNOWN) {
            throw new SQLException("unknown fetch direction " + direction, "22023");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return maxFieldSize;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("maxFieldSize must not be negative, not " + max, "22023");
        }
        maxFieldSize = max; // applied by the result sets to character and binary columns
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        escapeProcessing = enable;
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        checkOpen(); // positioned updates are not supported; the name is not used, as JDBC allows
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return rsConcurrency;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return rsType;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return rsHoldability;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return conn;
    }

    // ---- warnings -------------------------------------------------------------------------------------

    void addWarning(SQLWarning w) {
        warnings.add(w);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return warnings.get();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        clearWarningsQuietly();
    }

    void clearWarningsQuietly() {
        warnings.clear();
    }

    // ---- closing -------------------------------------------------------------------------------------

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (!conn.isClosed()) {
            results.close();
        }
    }

    @Override
    public boolean isClosed() {
        return closed || conn.isClosed();
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        this.poolable = poolable;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return JdbcErrors.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}