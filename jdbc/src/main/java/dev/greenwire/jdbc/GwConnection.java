package dev.greenwire.jdbc;

import dev.greenwire.PgException;
import dev.greenwire.Pg;
import dev.greenwire.TransactionStatus;
import dev.greenwire.internal.engine.ConnectionAccess;
import dev.greenwire.internal.engine.Engine;
import dev.greenwire.internal.engine.Result;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JDBC connection over a green {@link dev.greenwire.Connection}: every wait goes through its
 * wait callback. The green connection runs in autocommit mode underneath; this class opens
 * JDBC's transactions itself (a {@code BEGIN} sent in the same round trip as the first
 * statement) and ends them with COMMIT or ROLLBACK.
 *
 * <p>One thread at a time works on the socket: calls from other threads wait on a
 * {@link ReentrantLock} (not a monitor, so waiting virtual threads unmount), except
 * {@link Statement#cancel()}, {@link #abort}, {@link #isClosed()} and {@link #close()} from
 * another thread, which act at once.
 */
final class GwConnection implements Connection {
    final dev.greenwire.Connection green;
    final ConnectionAccess.Controls in;
    final Engine engine;
    final JdbcConfig cfg;
    final String user;
    final TypeCache types;
    final ReentrantLock lock = new ReentrantLock();
    private final WarningChain warnings = new WarningChain();
    /** How the columns of recent row descriptions are read. */
    final Columns.Recent columns = new Columns.Recent();
    private final TransactionControl tx = new TransactionControl(this);
    private final SessionSettings session = new SessionSettings(this);
    private final StatementFactory statements = new StatementFactory(this);
    /** The result columns its prepared statements read in binary (made once: it reads the session zone when asked). */
    final java.util.function.IntPredicate binaryColumns = BinaryValues.columns(this);
    private volatile boolean closed;
    int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
    /** The statement executing now (its notices become its warnings), or null. */
    private volatile GwStatement running;

    /** @return the statement executing now, or null */
    GwStatement running() {
        return running;
    }
    private int portals;
    private volatile int networkTimeoutMillis;
    private final dev.greenwire.Cursor caster;

    private GwConnection(dev.greenwire.Connection green, JdbcConfig cfg) {
        this.green = green;
        this.in = ConnectionAccess.of(green);
        this.engine = in.engine();
        this.cfg = cfg;
        String u = cfg.params.get("user");
        if (u == null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^| )user='?([^' ]*)").matcher(green.dsn());
            u = m.find() ? m.group(1) : null;
        }
        this.user = u;
        this.types = new TypeCache(this);
        this.networkTimeoutMillis = cfg.socketTimeout == null ? 0 : (int) Math.min(Integer.MAX_VALUE,
                cfg.socketTimeout.toMillis());
        green.setNotices(new NoticeSink(this));
        this.caster = green.cursor();
    }

    /**
     * Connects.
     *
     * @param cfg the parsed URL and properties
     * @return the connection
     * @throws SQLException when the server cannot be reached or refuses
     */
    static GwConnection open(JdbcConfig cfg) throws SQLException {
        dev.greenwire.Connection green;
        try {
            green = Pg.connect("", cfg.options());
        } catch (PgException e) {
            if (e.pgcode() != null) {
                throw JdbcErrors.forState(e.getMessage(), e.pgcode(), e);
            }
            throw new java.sql.SQLTransientConnectionException("could not connect to " + JdbcConfig.safe(cfg.url)
                    + ": " + e.getMessage(), "08001", e);
        } catch (RuntimeException e) {
            throw new SQLNonTransientConnectionException("could not connect to " + JdbcConfig.safe(cfg.url)
                    + ": " + e.getMessage(), "08001", e);
        }
        GwConnection c = new GwConnection(green, cfg);
        try {
            green.autocommit(true);
            if (cfg.readOnly) {
                c.setReadOnly(true);
            }
        } catch (SQLException | RuntimeException e) {
            green.close();
            throw e;
        }
        return c;
    }

    // ---- running work ------------------------------------------------------------------------

    /** Work done while holding the connection. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} holding the connection: waits for other threads (a lock), takes the
     * green connection, translates the core's exceptions.
     *
     * @param st the statement it runs for (its notices become its warnings), or null
     */
    <T> T exec(GwStatement st, Work<T> work) throws SQLException {
        checkOpen();
        lock.lock();
        boolean entered = false;
        try {
            in.enter();
            entered = true;
            in.checkUsable();
            running = st;
            return work.run();
        } catch (PgException e) {
            throw error(e);
        } finally {
            running = null;
            if (entered) {
                in.exit();
            }
            lock.unlock();
        }
    }

    /** @return the JDBC exception for a core exception raised on this connection */
    SQLException error(PgException e) {
        if (green.isClosed()) {
            closed = true;
        }
        return JdbcErrors.of(e, green.isClosed());
    }

    /** Queues a BEGIN when JDBC's transaction must be opened (inside {@link #exec}). */
    void beginIfNeeded() {
        tx.beginIfNeeded();
    }

    /** @return JDBC's autocommit setting (no checks: for the statements) */
    boolean autoCommitFlag() {
        return tx.autoCommitFlag();
    }

    /** @return a cursor of the green connection, for its typecasters (dates and times) */
    dev.greenwire.Cursor caster() {
        return caster;
    }

    /** @return {@code sql} parsed for a PreparedStatement (placeholders and escapes), from the cache when it was seen */
    SqlLexer.Parsed parsePrepared(String sql) throws SQLException {
        return statements.parsePrepared(sql);
    }

    /** @return a new portal name for a result streamed with a fetch size */
    String nextPortal() {
        return "gw_portal_" + (++portals);
    }

    /** @return whether the server's strings follow the standard (backslash is a plain character) */
    boolean standardStrings() {
        String s = engine.standardConformingStrings();
        return s == null || s.equals("on");
    }

    /** @return whether a transaction is open on the server (JDBC's, or one the user began) */
    boolean inTransaction() {
        return engine.txStatus() != TransactionStatus.IDLE;
    }

    /** Runs one of the driver's own statements, outside JDBC's transaction logic (no BEGIN). */
    Result internal(String sql) throws SQLException {
        return InternalQueries.run(this, sql);
    }

    /** Runs a catalogue query of the driver's own (no BEGIN) with text parameters: its rows as Strings. */
    List<String[]> internalQuery(String sql, String... params) throws SQLException {
        return InternalQueries.rows(this, sql, params);
    }

    void checkOpen() throws SQLException {
        if (closed || green.isClosed()) {
            closed = true;
            throw new SQLNonTransientConnectionException("this connection has been closed", JdbcErrors.CONNECTION_DOES_NOT_EXIST);
        }
    }

    // ---- warnings from notices -----------------------------------------------------------------

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
        warnings.clear();
    }

    // ---- statements (StatementFactory) ------------------------------------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        return statements.createStatement();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return statements.createStatement(resultSetType, resultSetConcurrency);
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        return statements.createStatement(type, concurrency, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return statements.prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return statements.prepareStatement(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
        return statements.prepareStatement(sql, type, concurrency, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return statements.prepareStatement(sql, autoGeneratedKeys);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return statements.prepareStatement(sql, columnIndexes);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return statements.prepareStatement(sql, columnNames);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return statements.prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return statements.prepareCall(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        return statements.prepareCall(sql, type, concurrency, holdability);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return statements.nativeSQL(sql);
    }

    // ---- transactions (TransactionControl) ----------------------------------------------------

    @Override
    public void setAutoCommit(boolean on) throws SQLException {
        tx.setAutoCommit(on);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return tx.getAutoCommit();
    }

    @Override
    public void commit() throws SQLException {
        tx.commit();
    }

    @Override
    public void rollback() throws SQLException {
        tx.rollback();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return tx.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return tx.setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        tx.rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        tx.releaseSavepoint(savepoint);
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        tx.setTransactionIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return tx.getTransactionIsolation();
    }

    @Override
    public void setReadOnly(boolean on) throws SQLException {
        tx.setReadOnly(on);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return tx.isReadOnly();
    }

    @Override
    public void setHoldability(int h) throws SQLException {
        checkOpen();
        holdability = StatementFactory.checkHoldability(h);
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    // ---- session (SessionSettings) -------------------------------------------------------------


    @Override
    public void setCatalog(String catalog) throws SQLException {
        session.setCatalog(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
        return session.getCatalog();
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        session.setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        return session.getSchema();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return session.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        session.setTypeMap(map);
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        session.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        session.setClientInfo(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return session.getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return session.getClientInfo();
    }


    // ---- types ---------------------------------------------------------------------------------

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        checkOpen();
        int elementOid = types.oidOf(typeName);
        return new GwArray(this, elementOid, types.arrayOf(elementOid), elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw JdbcErrors.notSupported("createStruct");
    }

    @Override
    public Clob createClob() throws SQLException {
        throw JdbcErrors.notSupported("createClob (use setString on text columns)");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw JdbcErrors.notSupported("createBlob (use setBytes on bytea columns)");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw JdbcErrors.notSupported("createNClob");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw JdbcErrors.notSupported("createSQLXML (use setString on xml columns)");
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new GwDatabaseMetaData(this, cfg.url, user);
    }

    // ---- liveness, timeouts, closing -------------------------------------------------------------

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return Liveness.isValid(this, timeout);
    }

    /** Marks this connection closed when its green connection is (after a failure). */
    void closedIfDead() {
        if (green.isClosed()) {
            closed = true;
        }
    }

    /** @return whether close or abort was called */
    boolean closedFlag() {
        return closed;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("the network timeout must not be negative, not " + milliseconds, "22023");
        }
        networkTimeoutMillis = milliseconds;
        engine.socketTimeoutNanos(TimeUnit.MILLISECONDS.toNanos(milliseconds));
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort needs an executor", "22023");
        }
        if (closed) {
            return;
        }
        closed = true;
        executor.execute(green::close);
    }

    @Override
    public void close() throws SQLException {
        if (closed && green.isClosed()) {
            return;
        }
        closed = true;
        green.close();
    }

    @Override
    public boolean isClosed() {
        return closed || green.isClosed();
    }

    // ---- wrapping -------------------------------------------------------------------------------

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface != null && iface.isInstance(green) && !iface.isInstance(this) ? iface.cast(green)
                : JdbcErrors.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(green);
    }

    @Override
    public String toString() {
        return "GwConnection[" + JdbcConfig.safe(cfg.url) + ", pid=" + green.backendPid() + (isClosed() ? ", closed" : "") + "]";
    }

    @Override
    public void beginRequest() throws SQLException {
        checkOpen();
    }

    @Override
    public void endRequest() throws SQLException {
        checkOpen();
    }

    @Override
    public boolean setShardingKeyIfValid(java.sql.ShardingKey shardingKey, java.sql.ShardingKey superShardingKey,
                                         int timeout) throws SQLException {
        throw JdbcErrors.notSupported("sharding keys");
    }

    @Override
    public boolean setShardingKeyIfValid(java.sql.ShardingKey shardingKey, int timeout) throws SQLException {
        throw JdbcErrors.notSupported("sharding keys");
    }

    @Override
    public void setShardingKey(java.sql.ShardingKey shardingKey, java.sql.ShardingKey superShardingKey)
            throws SQLException {
        throw JdbcErrors.notSupported("sharding keys");
    }

    @Override
    public void setShardingKey(java.sql.ShardingKey shardingKey) throws SQLException {
        throw JdbcErrors.notSupported("sharding keys");
    }
}