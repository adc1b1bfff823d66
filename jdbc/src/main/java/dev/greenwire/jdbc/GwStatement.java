package dev.greenwire.jdbc;

import dev.greenwire.PgException;
import dev.greenwire.PipelineAbortedException;
import dev.greenwire.internal.engine.ExtendedOp;
import dev.greenwire.internal.engine.MultiQueryOp;
import dev.greenwire.internal.engine.PortalOp;
import dev.greenwire.internal.engine.Result;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A statement: its SQL goes through the extended protocol (one Parse/Bind/Execute per
 * statement, the core's statement cache preparing those run often), several statements in
 * one text through the simple protocol, batches as one pipeline with a single Sync. Results
 * are kept in order for {@code getMoreResults}; a forward-only query with a fetch size inside
 * a transaction streams through a named portal.
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

    private static final Result.Field[] NO_FIELDS = new Result.Field[0];

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
    private volatile boolean executing;
    private final ReentrantLock warningLock = new ReentrantLock();
    private SQLWarning warnings;

    private List<Outcome> outcomes = List.of();
    private int current = -1;
    private GwResultSet currentRs;
    private final List<GwResultSet> open = new ArrayList<>();
    private List<byte[]> keyRows;
    private Result.Field[] keyFields;
    private List<String> batch;

    GwStatement(GwConnection conn, int rsType, int rsConcurrency, int rsHoldability) {
        this.conn = conn;
        this.rsType = rsType;
        this.rsConcurrency = rsConcurrency;
        this.rsHoldability = rsHoldability;
        this.fetchSize = conn.cfg.defaultFetchSize;
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
            sb.append(i == 0 ? "" : ", ").append(k.startsWith("\"") ? k : GwConnection.quoteIdent(k));
        }
        return sb.toString();
    }

    /** @return whether a result with rows may stream through a portal */
    private boolean streams(int units, boolean keys) {
        return units == 1 && fetchSize > 0 && rsType == ResultSet.TYPE_FORWARD_ONLY && !keys && !conn.autoCommitFlag();
    }

    private long deadline() {
        return queryTimeout > 0 ? Math.max(1, System.nanoTime() + TimeUnit.SECONDS.toNanos(queryTimeout)) : 0;
    }

    /** Runs {@code units} (one Sync for all) and keeps their results; rows of units with {@code keys} are generated keys. */
    final void run(List<Unit> units) throws SQLException {
        checkOpen();
        closeResults();
        clearWarningsQuietly();
        boolean keys = false;
        for (Unit u : units) {
            keys |= u.keys();
        }
        boolean stream = streams(units.size(), keys);
        long deadline = deadline();
        String portal = stream ? conn.nextPortal() : "";
        int first = stream ? (int) (maxRows > 0 ? Math.min(fetchSize, maxRows) : fetchSize) : (int) Math.min(maxRows,
                Integer.MAX_VALUE);
        executing = true;
        try {
            List<ExtendedOp> ops = conn.exec(this, () -> {
                conn.beginIfNeeded();
                List<ExtendedOp> submitted = submitAll(units, stream, portal, first, deadline);
                try {
                    conn.in.await();
                } catch (PgException e) {
                    if (units.size() == 1 && submitted.get(0).retryable() && conn.autoCommitFlag()) {
                        submitted = submitAll(units, stream, portal, first, deadline); // a stale cached plan: once more
                        conn.in.await();
                    } else {
                        throw e;
                    }
                }
                return submitted;
            });
            List<Outcome> out = new ArrayList<>(ops.size());
            for (int i = 0; i < ops.size(); i++) {
                ExtendedOp op = ops.get(i);
                Result r = op.result();
                if (r == null || r.isEmptyQuery()) {
                    out.add(new Outcome(null, List.of(), 0, null));
                } else if (units.get(i).keys()) {
                    addKeys(r);
                    out.add(new Outcome(null, List.of(), Math.max(0, r.rowCount()), null));
                } else if (r.fields() != null) {
                    GwResultSet.More more = stream && op.suspended() ? new PortalRows(portal, r.fields(), deadline,
                            maxRows > 0 ? maxRows - r.rows().size() : Long.MAX_VALUE) : null;
                    out.add(new Outcome(r.fields(), r.rows(), -1, more));
                } else {
                    out.add(new Outcome(null, List.of(), Math.max(0, r.rowCount()), null));
                }
            }
            outcomes = out;
            current = 0;
        } finally {
            executing = false;
        }
    }

    private List<ExtendedOp> submitAll(List<Unit> units, boolean stream, String portal, int first, long deadline) {
        List<ExtendedOp> submitted = new ArrayList<>(units.size());
        boolean sync = units.size() == 1;
        for (Unit u : units) {
            ExtendedOp op = new ExtendedOp(u.sql(), u.types(), u.formats(), u.values(), sync, null);
            observed(op, u);
            if (stream) {
                op.portal(portal, first);
            } else if (first > 0) {
                op.portal("", first);
            }
            if (deadline != 0) {
                op.cancelAt(deadline);
            }
            submitted.add(conn.in.submit(op));
        }
        return submitted;
    }

    /** Names the statement for the core's observers (JFR events, listeners, logs): its text, never its values. */
    private static void observed(ExtendedOp op, Unit u) {
        op.writtenAs(u.text(), u.types().length > 0 ? dev.greenwire.observe.Binding.SERVER
                : dev.greenwire.observe.Binding.NONE);
    }

    /** Runs several statements of one text through the simple protocol (the server splits them). */
    final void runSimple(String sql) throws SQLException {
        checkOpen();
        closeResults();
        clearWarningsQuietly();
        long deadline = deadline();
        executing = true;
        try {
            MultiQueryOp op = conn.exec(this, () -> {
                conn.beginIfNeeded();
                MultiQueryOp q = new MultiQueryOp(sql.getBytes(conn.engine.charset()));
                q.writtenAs(sql, dev.greenwire.observe.Binding.NONE);
                conn.in.submit(q);
                if (deadline != 0) {
                    q.cancelAt(deadline);
                }
                conn.in.await();
                return q;
            });
            List<Outcome> out = new ArrayList<>();
            for (Result r : op.results()) {
                if (r.isEmptyQuery()) {
                    continue;
                }
                if (r.fields() != null) {
                    List<byte[]> rows = r.rows();
                    if (maxRows > 0 && rows.size() > maxRows) {
                        rows = rows.subList(0, (int) maxRows);
                    }
                    out.add(new Outcome(r.fields(), rows, -1, null));
                } else {
                    out.add(new Outcome(null, List.of(), Math.max(0, r.rowCount()), null));
                }
            }
            if (out.isEmpty()) {
                out.add(new Outcome(null, List.of(), 0, null));
            }
            outcomes = out;
            current = 0;
        } finally {
            executing = false;
        }
    }

    private void addKeys(Result r) {
        if (r.fields() == null) {
            return;
        }
        if (keyRows == null) {
            keyRows = new ArrayList<>();
            keyFields = r.fields();
        }
        keyRows.addAll(r.rows());
    }

    /** The rows after the first batch of a streamed result: Execute on the portal, a batch per round trip. */
    private final class PortalRows implements GwResultSet.More {
        private final String portal;
        private final Result.Field[] fields;
        private final long deadline;
        private long left;
        private boolean suspended = true;

        PortalRows(String portal, Result.Field[] fields, long deadline, long left) {
            this.portal = portal;
            this.fields = fields;
            this.deadline = deadline;
            this.left = left;
        }

        @Override
        public boolean hasMore() {
            return suspended && left > 0;
        }

        @Override
        public List<byte[]> next(int size) throws SQLException {
            int n = (int) Math.min(size > 0 ? size : Integer.MAX_VALUE, left);
            PortalOp op = conn.exec(GwStatement.this, () -> {
                PortalOp p = conn.in.submit(PortalOp.fetch(portal, n, fields));
                if (deadline != 0) {
                    p.cancelAt(deadline);
                }
                conn.in.await();
                return p;
            });
            suspended = op.suspended();
            List<byte[]> rows = op.result() == null ? List.of() : op.result().rows();
            left -= rows.size();
            return rows;
        }

        @Override
        public void close() throws SQLException {
            if (!suspended || conn.isClosed()) {
                return;
            }
            suspended = false;
            if (conn.engine.txStatus() != dev.greenwire.TransactionStatus.INTRANS) {
                return; // the transaction ended (or failed): the server dropped the portal with it
            }
            conn.exec(null, () -> {
                conn.in.submit(PortalOp.close(portal));
                conn.in.await();
                return null;
            });
        }
    }

    // ---- results ----------------------------------------------------------------------------------

    private void closeResults() throws SQLException {
        SQLException first = null;
        for (GwResultSet rs : new ArrayList<>(open)) {
            try {
                rs.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        open.clear();
        currentRs = null;
        outcomes = List.of();
        current = -1;
        keyRows = null;
        keyFields = null;
        if (first != null) {
            throw first;
        }
    }

    private Outcome outcome() {
        return current >= 0 && current < outcomes.size() ? outcomes.get(current) : null;
    }

    /** @return the limit on character and binary values, 0 for none */
    int maxFieldSizeLimit() {
        return maxFieldSize;
    }

    private GwResultSet resultSetOf(Outcome o) {
        GwResultSet rs = new GwResultSet(this, conn, o.fields(), o.rows(), rsType, fetchSize);
        if (o.more() != null) {
            rs.streaming(o.more());
        }
        open.add(rs);
        return rs;
    }

    /** Called by a result set when it is closed. */
    void resultClosed(GwResultSet rs) throws SQLException {
        open.remove(rs);
        if (rs == currentRs) {
            currentRs = null;
        }
        if (closeOnCompletion && open.isEmpty() && !closed) {
            close();
        }
    }

    /** Called by a result set when its last row has been read. */
    void resultDone(GwResultSet rs) {
        // nothing held beyond the rows: the portal (if any) is closed by the result set
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        Outcome o = outcome();
        if (o == null || !o.isResultSet()) {
            return null;
        }
        if (currentRs == null) {
            currentRs = resultSetOf(o);
        }
        return currentRs;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        long n = getLargeUpdateCount();
        return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        Outcome o = outcome();
        return o == null || o.isResultSet() ? -1 : o.count();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int what) throws SQLException {
        checkOpen();
        switch (what) {
            case CLOSE_CURRENT_RESULT -> {
                if (currentRs != null) {
                    currentRs.close();
                }
            }
            case CLOSE_ALL_RESULTS -> {
                for (GwResultSet rs : new ArrayList<>(open)) {
                    rs.close();
                }
            }
            case KEEP_CURRENT_RESULT -> {
                // left open
            }
            default -> throw new SQLException("unknown getMoreResults argument " + what, "22023");
        }
        currentRs = null;
        if (current < outcomes.size()) {
            current++;
        }
        Outcome o = outcome();
        return o != null && o.isResultSet();
    }

    /** @return the result set of the first result with rows, for executeQuery */
    final ResultSet firstResultSet() throws SQLException {
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).isResultSet()) {
                current = i;
                return getResultSet();
            }
        }
        throw new SQLException("no results were returned by the query", "02000");
    }

    /** @return the first update count, for executeUpdate (refusing results with rows) */
    final long firstUpdateCount() throws SQLException {
        for (Outcome o : outcomes) {
            if (o.isResultSet()) {
                throw new SQLException("a result was returned when none was expected", "0100E");
            }
        }
        return outcomes.isEmpty() ? 0 : outcomes.get(0).count();
    }

    /** @return whether the first result has rows, for execute */
    final boolean firstIsResultSet() {
        Outcome o = outcome();
        return o != null && o.isResultSet();
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        GwResultSet rs = keyFields == null
                ? new GwResultSet(this, conn, NO_FIELDS, List.of(), ResultSet.TYPE_FORWARD_ONLY, 0)
                : new GwResultSet(this, conn, keyFields, keyRows, ResultSet.TYPE_SCROLL_INSENSITIVE, 0);
        open.add(rs);
        return rs;
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

    /**
     * Runs a batch as one pipeline: every unit sent, one Sync, one round trip (the engine reads
     * while it writes, so a large batch never stalls). On failure, a BatchUpdateException with the
     * counts of the entries before the failing one.
     *
     * @param firstEntry the (first) batch entry of each unit
     * @param entryCount how many entries each unit carries (more than one for a rewritten multi-row INSERT,
     *                   whose entries count as SUCCESS_NO_INFO, as pgjdbc reports them)
     * @param entries how many entries
     * @param texts the entries' SQL for messages (or null)
     * @return the count of each entry
     */
    final long[] runBatch(List<Unit> units, int[] firstEntry, int[] entryCount, int entries, List<String> texts)
            throws SQLException {
        closeResults();
        clearWarningsQuietly();
        long deadline = deadline();
        List<ExtendedOp> ops = new ArrayList<>(units.size());
        executing = true;
        try {
            conn.exec(this, () -> {
                conn.beginIfNeeded();
                int n = 0;
                for (Unit u : units) {
                    ExtendedOp op = new ExtendedOp(u.sql(), u.types(), u.formats(), u.values(), false, null);
                    observed(op, u);
                    if (deadline != 0) {
                        op.cancelAt(deadline);
                    }
                    ops.add(conn.in.submit(op));
                    if (++n % 256 == 0) {
                        conn.engine.flushNow(); // start writing while the rest is encoded
                    }
                }
                conn.in.await();
                return null;
            });
        } catch (SQLException e) {
            throw batchFailure(e, ops, firstEntry, entryCount, texts);
        } finally {
            executing = false;
        }
        long[] counts = new long[entries];
        for (int i = 0; i < ops.size(); i++) {
            Result r = ops.get(i).result();
            if (r != null && r.fields() != null) {
                if (units.get(i).keys()) {
                    addKeys(r);
                } else {
                    throw new BatchUpdateException("batch entry " + firstEntry[i] + " returned a result set:"
                            + " a batch may only hold statements that return update counts", "0100E", 0,
                            toInts(java.util.Arrays.copyOf(counts, firstEntry[i])), null);
                }
            }
            count(counts, r, firstEntry[i], entryCount[i]);
        }
        return counts;
    }

    private static void count(long[] counts, Result r, int first, int n) {
        if (n == 1) {
            counts[first] = r == null ? 0 : Math.max(0, r.rowCount());
        } else {
            java.util.Arrays.fill(counts, first, first + n, SUCCESS_NO_INFO);
        }
    }

    private SQLException batchFailure(SQLException e, List<ExtendedOp> ops, int[] firstEntry, int[] entryCount,
                                      List<String> texts) {
        int failed = -1;
        int doneUpTo = 0;
        long[] counts = new long[firstEntry.length == 0 ? 0 : firstEntry[firstEntry.length - 1]
                + entryCount[entryCount.length - 1]];
        for (int i = 0; i < ops.size(); i++) {
            ExtendedOp op = ops.get(i);
            if (op.error() != null && !(op.error() instanceof PipelineAbortedException)) {
                failed = firstEntry[i];
                break;
            }
            if (op.error() != null || !op.isDone()) {
                break;
            }
            count(counts, op.result(), firstEntry[i], entryCount[i]);
            doneUpTo = firstEntry[i] + entryCount[i];
        }
        int upTo = failed >= 0 ? Math.min(failed, doneUpTo) : doneUpTo;
        long[] before = java.util.Arrays.copyOf(counts, upTo);
        String what = failed < 0 ? "the batch failed" : "batch entry " + failed
                + (texts != null && failed < texts.size() ? " (" + texts.get(failed) + ")" : "") + " failed";
        BatchUpdateException b = new BatchUpdateException(what + ": " + e.getMessage(), e.getSQLState(),
                e.getErrorCode(), toInts(before), e);
        b.setNextException(e);
        return b;
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
        clearWarningsQuietly();
    }

    private void clearWarningsQuietly() {
        warningLock.lock();
        try {
            warnings = null;
        } finally {
            warningLock.unlock();
        }
    }

    // ---- closing -------------------------------------------------------------------------------------

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (!conn.isClosed()) {
            closeResults();
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
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName(), "22023");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
