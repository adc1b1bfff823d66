package dev.greenwire.jdbc;

import dev.greenwire.IsolationLevel;
import dev.greenwire.PgException;
import dev.greenwire.Pg;
import dev.greenwire.TransactionStatus;
import dev.greenwire.internal.engine.ConnectionAccess;
import dev.greenwire.internal.engine.Engine;
import dev.greenwire.internal.engine.ExtendedOp;
import dev.greenwire.internal.engine.QueryOp;
import dev.greenwire.internal.engine.Result;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
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
import java.util.AbstractCollection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
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
 * {@link ReentrantLock} (never {@code synchronized}, so virtual threads unmount), except
 * {@link Statement#cancel()}, {@link #abort}, {@link #isClosed()} and {@link #close()} from
 * another thread, which act at once.
 */
final class GwConnection implements Connection {
    private static final byte[] BEGIN = "BEGIN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROLLBACK = "ROLLBACK".getBytes(StandardCharsets.US_ASCII);

    final dev.greenwire.Connection green;
    final ConnectionAccess.Controls in;
    final Engine engine;
    final JdbcConfig cfg;
    final String user;
    final TypeCache types;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock warningLock = new ReentrantLock();
    private volatile boolean closed;
    private boolean autoCommit = true;
    private boolean readOnly;
    private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
    private SQLWarning warnings;
    /** The statement executing now (its notices become its warnings), or null. */
    private volatile GwStatement running;
    private int savepoints;
    private int portals;
    private String catalog;
    private int defaultIsolation = -1;
    private volatile int networkTimeoutMillis;
    private final Properties clientInfo = new Properties();
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
        green.setNotices(new NoticeSink());
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
        if (!autoCommit && engine.txStatus() == TransactionStatus.IDLE) {
            in.submit(new QueryOp(BEGIN));
        }
    }

    /** @return JDBC's autocommit setting (no checks: for the statements) */
    boolean autoCommitFlag() {
        return autoCommit;
    }

    /** @return a cursor of the green connection, for its typecasters (dates and times) */
    dev.greenwire.Cursor caster() {
        return caster;
    }

    /** Parsed prepared-statement texts (the lexer's work is done once per text, as pgjdbc caches its queries). */
    private final java.util.concurrent.ConcurrentHashMap<String, SqlLexer.Parsed> parsedCache =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean parsedWithStandardStrings = true;
    private static final int PARSED_CACHE_MAX = 256;

    /** @return {@code sql} parsed for a PreparedStatement (placeholders and escapes), from the cache when it was seen */
    SqlLexer.Parsed parsePrepared(String sql) throws SQLException {
        boolean scs = standardStrings();
        if (scs != parsedWithStandardStrings) {
            parsedCache.clear();
            parsedWithStandardStrings = scs;
        }
        SqlLexer.Parsed p = parsedCache.get(sql);
        if (p == null) {
            p = SqlLexer.parse(sql, true, true, scs);
            if (parsedCache.size() >= PARSED_CACHE_MAX) {
                parsedCache.clear();
            }
            parsedCache.put(sql, p);
        }
        return p;
    }

    /** @return a new portal name for a result streamed with a fetch size */
    String nextPortal() {
        return "gw_portal_" + (++portals);
    }

    /** @return whether the server's strings follow the standard (backslash is a plain character) */
    boolean standardStrings() {
        String s = green.parameterStatus("standard_conforming_strings");
        return s == null || s.equals("on");
    }

    /** @return whether a transaction is open on the server (JDBC's, or one the user began) */
    boolean inTransaction() {
        return engine.txStatus() != TransactionStatus.IDLE;
    }

    /** Runs one of the driver's own statements, outside JDBC's transaction logic (no BEGIN). */
    private Result internal(String sql) throws SQLException {
        return exec(null, () -> {
            QueryOp op = in.submit(new QueryOp(sql.getBytes(engine.charset())));
            in.await();
            return op.result();
        });
    }

    /**
     * Runs a catalogue query of the driver's own (no BEGIN) with text parameters and returns
     * its rows as Strings.
     */
    List<String[]> internalQuery(String sql, String... params) throws SQLException {
        return exec(null, () -> {
            byte[][] values = new byte[params.length][];
            for (int i = 0; i < params.length; i++) {
                values[i] = params[i] == null ? null : params[i].getBytes(engine.charset());
            }
            ExtendedOp op = in.submit(new ExtendedOp(sql.getBytes(engine.charset()), new int[params.length],
                    new short[params.length], values, true, null));
            in.await();
            Result r = op.result();
            List<String[]> rows = new java.util.ArrayList<>();
            for (byte[] row : r.rows()) {
                rows.add(RowData.texts(row, engine.charset()));
            }
            return rows;
        });
    }

    void checkOpen() throws SQLException {
        if (closed || green.isClosed()) {
            closed = true;
            throw new SQLNonTransientConnectionException("this connection has been closed", JdbcErrors.CONNECTION_DOES_NOT_EXIST);
        }
    }

    // ---- warnings from notices -----------------------------------------------------------------

    /** The green connection's notice collection: each notice becomes an SQLWarning. */
    private final class NoticeSink extends AbstractCollection<String> {
        @Override
        public boolean add(String notice) {
            String text = notice == null ? "" : notice.strip();
            SQLWarning w = new SQLWarning(text, "01000");
            GwStatement st = running;
            if (st != null) {
                st.addWarning(w);
            } else {
                addWarning(w);
            }
            return true;
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }
    }

    void addWarning(SQLWarning w) {
        warningLock.lock();
        try {
            if (warnings == null) {
                warnings = w;
            } else {
                warnings.setNextWarning(w);
            }
        } finally {
            warningLock.unlock();
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        warningLock.lock();
        try {
            return warnings;
        } finally {
            warningLock.unlock();
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warningLock.lock();
        try {
            warnings = null;
        } finally {
            warningLock.unlock();
        }
    }

    // ---- statements ----------------------------------------------------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return createStatement(resultSetType, resultSetConcurrency, holdability);
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        return new GwStatement(this, checkType(type), checkConcurrency(concurrency), checkHoldability(holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return prepareStatement(sql, resultSetType, resultSetConcurrency, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
            throws SQLException {
        checkOpen();
        return new GwPreparedStatement(this, sql, checkType(type), checkConcurrency(concurrency),
                checkHoldability(holdability), null);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        if (autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS && autoGeneratedKeys != Statement.NO_GENERATED_KEYS) {
            throw new SQLException("autoGeneratedKeys must be RETURN_GENERATED_KEYS or NO_GENERATED_KEYS, not "
                    + autoGeneratedKeys, "22023");
        }
        return new GwPreparedStatement(this, sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability,
                autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS ? new String[0] : null);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        throw JdbcErrors.notSupported("generated keys by column index (name the columns instead)");
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        if (columnNames == null || columnNames.length == 0) {
            return prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
        }
        return new GwPreparedStatement(this, sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability,
                columnNames.clone());
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return prepareCall(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return prepareCall(sql, resultSetType, resultSetConcurrency, holdability);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        return new GwCallableStatement(this, sql, checkType(type), checkConcurrency(concurrency),
                checkHoldability(holdability));
    }

    private int checkType(int type) throws SQLException {
        switch (type) {
            case ResultSet.TYPE_FORWARD_ONLY, ResultSet.TYPE_SCROLL_INSENSITIVE:
                return type;
            case ResultSet.TYPE_SCROLL_SENSITIVE:
                addWarning(new SQLWarning("TYPE_SCROLL_SENSITIVE is not supported: TYPE_SCROLL_INSENSITIVE is used",
                        "01000"));
                return ResultSet.TYPE_SCROLL_INSENSITIVE;
            default:
                throw new SQLException("unknown result set type " + type, "22023");
        }
    }

    private static int checkConcurrency(int concurrency) throws SQLException {
        if (concurrency == ResultSet.CONCUR_READ_ONLY) {
            return concurrency;
        }
        if (concurrency == ResultSet.CONCUR_UPDATABLE) {
            throw JdbcErrors.notSupported("updatable result sets (CONCUR_UPDATABLE)");
        }
        throw new SQLException("unknown result set concurrency " + concurrency, "22023");
    }

    private static int checkHoldability(int h) throws SQLException {
        if (h != ResultSet.HOLD_CURSORS_OVER_COMMIT && h != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw new SQLException("unknown result set holdability " + h, "22023");
        }
        return h;
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return SqlLexer.escapes(sql, standardStrings());
    }

    // ---- transactions ------------------------------------------------------------------------

    @Override
    public void setAutoCommit(boolean on) throws SQLException {
        checkOpen();
        if (on == autoCommit) {
            return;
        }
        if (on && inTransaction()) {
            commitNow();
        }
        autoCommit = on;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        if (autoCommit) {
            throw new SQLException("cannot commit when autoCommit is enabled", "25P01");
        }
        commitNow();
    }

    private void commitNow() throws SQLException {
        exec(null, () -> {
            if (inTransaction()) {
                in.submit(new QueryOp(COMMIT));
                in.await();
            }
            return null;
        });
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        if (autoCommit) {
            throw new SQLException("cannot roll back when autoCommit is enabled", "25P01");
        }
        rollbackNow();
    }

    private void rollbackNow() throws SQLException {
        exec(null, () -> {
            if (inTransaction()) {
                in.submit(new QueryOp(ROLLBACK));
                in.await();
            }
            return null;
        });
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return newSavepoint(null);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        if (name == null || name.isEmpty()) {
            throw new SQLException("a named savepoint needs a non-empty name", "22023");
        }
        return newSavepoint(name);
    }

    private Savepoint newSavepoint(String name) throws SQLException {
        checkOpen();
        if (autoCommit) {
            throw new SQLException("cannot set a savepoint in autoCommit mode", "25P01");
        }
        GwSavepoint sp = new GwSavepoint(name == null ? ++savepoints : 0, name);
        exec(null, () -> {
            beginIfNeeded();
            in.submit(new QueryOp(("SAVEPOINT " + sp.sqlName()).getBytes(engine.charset())));
            in.await();
            return null;
        });
        return sp;
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        GwSavepoint sp = savepoint(savepoint);
        exec(null, () -> {
            in.submit(new QueryOp(("ROLLBACK TO SAVEPOINT " + sp.sqlName()).getBytes(engine.charset())));
            in.await();
            return null;
        });
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        GwSavepoint sp = savepoint(savepoint);
        exec(null, () -> {
            in.submit(new QueryOp(("RELEASE SAVEPOINT " + sp.sqlName()).getBytes(engine.charset())));
            in.await();
            return null;
        });
        sp.released = true;
    }

    private GwSavepoint savepoint(Savepoint s) throws SQLException {
        checkOpen();
        if (!(s instanceof GwSavepoint sp)) {
            throw new SQLException("not a savepoint of this driver: " + s, "3B001");
        }
        if (sp.released) {
            throw new SQLException("the savepoint " + sp.sqlName() + " was released", "3B001");
        }
        if (autoCommit) {
            throw new SQLException("cannot use a savepoint in autoCommit mode", "25P01");
        }
        return sp;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        IsolationLevel l = switch (level) {
            case TRANSACTION_READ_UNCOMMITTED -> IsolationLevel.READ_UNCOMMITTED;
            case TRANSACTION_READ_COMMITTED -> IsolationLevel.READ_COMMITTED;
            case TRANSACTION_REPEATABLE_READ -> IsolationLevel.REPEATABLE_READ;
            case TRANSACTION_SERIALIZABLE -> IsolationLevel.SERIALIZABLE;
            case TRANSACTION_NONE -> throw new SQLException("PostgreSQL always has transactions: TRANSACTION_NONE"
                    + " cannot be set", "0A000");
            default -> throw new SQLException("unknown transaction isolation level " + level, "22023");
        };
        if (l == green.isolationLevel()) {
            return;
        }
        greenCall("transaction isolation level", () -> green.setSession(l, null, null, null));
    }

    /** Runs a green connection method that changes the session, refused inside a transaction. */
    private void greenCall(String what, Runnable r) throws SQLException {
        lock.lock();
        try {
            checkOpen();
            if (inTransaction()) {
                throw new SQLException("cannot change the " + what + " in the middle of a transaction", "25001");
            }
            r.run();
        } catch (PgException e) {
            throw error(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        IsolationLevel l = green.isolationLevel();
        if (l == IsolationLevel.DEFAULT) {
            if (defaultIsolation < 0) {
                Result r = internal("SHOW default_transaction_isolation");
                String v = RowData.texts(r.rows().get(0), engine.charset())[0];
                defaultIsolation = isolation(v);
            }
            return defaultIsolation;
        }
        return switch (l) {
            case READ_UNCOMMITTED -> TRANSACTION_READ_UNCOMMITTED;
            case REPEATABLE_READ -> TRANSACTION_REPEATABLE_READ;
            case SERIALIZABLE -> TRANSACTION_SERIALIZABLE;
            default -> TRANSACTION_READ_COMMITTED;
        };
    }

    private static int isolation(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "read uncommitted" -> TRANSACTION_READ_UNCOMMITTED;
            case "repeatable read" -> TRANSACTION_REPEATABLE_READ;
            case "serializable" -> TRANSACTION_SERIALIZABLE;
            default -> TRANSACTION_READ_COMMITTED;
        };
    }

    @Override
    public void setReadOnly(boolean on) throws SQLException {
        checkOpen();
        if (on == readOnly) {
            return;
        }
        greenCall("read-only property", () -> green.setSession(null, on, null, null));
        readOnly = on;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setHoldability(int h) throws SQLException {
        checkOpen();
        holdability = checkHoldability(h);
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    // ---- session -------------------------------------------------------------------------------

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen(); // PostgreSQL has one catalog per connection: ignored, as the JDBC contract allows
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        if (catalog == null) {
            Result r = internal("SELECT current_database()");
            catalog = RowData.texts(r.rows().get(0), engine.charset())[0];
        }
        return catalog;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        if (schema == null) {
            throw new SQLException("setSchema needs a schema name", "22023");
        }
        internal("SET search_path TO " + quoteIdent(schema));
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        Result r = internal("SELECT current_schema()");
        return RowData.texts(r.rows().get(0), engine.charset())[0];
    }

    static String quoteIdent(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    static String quoteLiteral(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return new HashMap<>();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        if (map != null && !map.isEmpty()) {
            throw JdbcErrors.notSupported("custom type maps (setTypeMap)");
        }
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        try {
            checkOpen();
            if (!"ApplicationName".equals(name)) {
                throw new SQLClientInfoException("unknown client info property \"" + name
                        + "\" (only ApplicationName is supported)", "22023", Map.of(name == null ? "" : name,
                        ClientInfoStatus.REASON_UNKNOWN_PROPERTY));
            }
            String v = value == null ? "" : value;
            internal("SET application_name TO " + quoteLiteral(v));
            clientInfo.setProperty(name, v);
        } catch (SQLClientInfoException e) {
            throw e;
        } catch (SQLException e) {
            throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), Map.of(name, ClientInfoStatus.REASON_UNKNOWN),
                    e);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (properties == null) {
            return;
        }
        for (String n : properties.stringPropertyNames()) {
            setClientInfo(n, properties.getProperty(n));
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        if ("ApplicationName".equals(name)) {
            String v = green.parameterStatus("application_name");
            return v != null ? v : clientInfo.getProperty(name);
        }
        return null;
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties p = new Properties();
        String v = getClientInfo("ApplicationName");
        if (v != null) {
            p.setProperty("ApplicationName", v);
        }
        return p;
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
        if (timeout < 0) {
            throw new SQLException("isValid's timeout must not be negative, not " + timeout, "22023");
        }
        if (closed || green.isClosed()) {
            return false;
        }
        try {
            if (timeout == 0) {
                lock.lock();
            } else if (!lock.tryLock(timeout, TimeUnit.SECONDS)) {
                return false; // another thread holds it for longer than the timeout
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            in.enter();
            long before = engine.socketTimeoutNanos();
            try {
                in.checkUsable();
                if (timeout > 0) {
                    long t = TimeUnit.SECONDS.toNanos(timeout);
                    engine.socketTimeoutNanos(before == 0 ? t : Math.min(before, t));
                }
                in.submit(new QueryOp(new byte[0]));
                in.await();
                return true;
            } finally {
                engine.socketTimeoutNanos(before);
                in.exit();
            }
        } catch (PgException e) {
            if (green.isClosed()) {
                closed = true;
            }
            return false;
        } finally {
            lock.unlock();
        }
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
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(green)) {
            return iface.cast(green);
        }
        throw new SQLException("not a wrapper for " + iface.getName(), "22023");
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
