package dev.greenwire.jdbc;

import dev.greenwire.cast.Oid;
import dev.greenwire.internal.engine.DescribeOp;
import dev.greenwire.internal.engine.Result;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.Charset;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement: {@code ?} placeholders become {@code $n} parameters bound on the
 * server (text format, typed by the setter; {@code bytea} in binary), parsed once here and
 * prepared on the server by the core's statement cache once run often enough. Batches go as
 * one pipeline; with {@code reWriteBatchedInserts} a one-row {@code INSERT … VALUES (…)} goes
 * as multi-row INSERTs of up to 128 rows.
 */
class GwPreparedStatement extends GwStatement implements PreparedStatement {
    /** Rows per rewritten INSERT (as pgjdbc). */
    private static final int REWRITE_ROWS = 128;

    final String sql;
    /** The parsed text (rebuilt per execution by a CallableStatement). */
    SqlLexer.Parsed parsed;
    /** Generated keys asked for: null none, empty all columns, else these columns. */
    final String[] keys;
    Binding.Value[] values;
    private List<Binding.Value[]> batch;
    private Result.Field[] lastFields;

    GwPreparedStatement(GwConnection conn, String sql, int rsType, int rsConcurrency, int rsHoldability, String[] keys)
            throws SQLException {
        super(conn, rsType, rsConcurrency, rsHoldability);
        if (sql == null) {
            throw new SQLException("the SQL text is null", "42601");
        }
        this.sql = sql;
        this.keys = keys;
        this.parsed = conn.parsePrepared(sql);
        this.values = new Binding.Value[parsed.parameterCount()];
    }

    // ---- parameters ---------------------------------------------------------------------------------

    /** Sets parameter {@code i} (1-based). */
    void set(int i, Binding.Value v) throws SQLException {
        checkOpen();
        if (i < 1 || i > values.length) {
            throw new SQLException("the column index is out of range: " + i + ", number of parameters: "
                    + values.length, "22023");
        }
        values[i - 1] = v;
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        java.util.Arrays.fill(values, null);
    }

    /** The units of one execution, from the statements and the parameter values. */
    List<Unit> units(SqlLexer.Parsed p, Binding.Value[] vals) throws SQLException {
        Charset cs = conn.engine.charset();
        List<SqlLexer.Stmt> stmts = p.statements();
        if (stmts.size() == 1) { // most executions: no list to grow
            return List.of(unit(stmts.get(0), vals, cs));
        }
        List<Unit> units = new ArrayList<>(stmts.size());
        for (SqlLexer.Stmt s : stmts) {
            units.add(unit(s, vals, cs));
        }
        return units;
    }

    private Unit unit(SqlLexer.Stmt s, Binding.Value[] vals, Charset cs) throws SQLException {
        return PreparedUnits.unit(s.params, bytesOf(s, keys, cs), vals, cs, keys != null && s.keysFrom(), s.sql);
    }

    /** The parsed statement this execution runs (a CallableStatement rebuilds it around its OUT parameters). */
    SqlLexer.Parsed forExecution() throws SQLException {
        return parsed;
    }

    /** Runs with the current parameters. */
    void runPrepared() throws SQLException {
        SqlLexer.Parsed p = forExecution();
        run(units(p, values));
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        runPrepared();
        ResultSet rs = firstResultSet();
        lastFields = ((GwResultSet) rs).fields;
        return rs;
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        runPrepared();
        return firstUpdateCount();
    }

    @Override
    public boolean execute() throws SQLException {
        runPrepared();
        return firstIsResultSet();
    }

    // ---- batches --------------------------------------------------------------------------------------

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new SQLException("no value specified for parameter " + (i + 1), "22023");
            }
        }
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(values.clone());
    }

    @Override
    public void clearBatch() throws SQLException {
        super.clearBatch();
        batch = null;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<Binding.Value[]> b = batch;
        batch = null;
        if (b == null || b.isEmpty()) {
            return new long[0];
        }
        SqlLexer.Parsed p = forExecution();
        Charset cs = conn.engine.charset();
        List<Unit> units = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        SqlLexer.Stmt only = p.statements().size() == 1 ? p.statements().get(0) : null;
        if (conn.cfg.rewriteBatchedInserts && keys == null && only != null && only.valuesStart >= 0 && b.size() > 1) {
            int perRow = only.params.length;
            int rows = Math.max(1, Math.min(REWRITE_ROWS, 32767 / Math.max(1, perRow)));
            for (int from = 0; from < b.size(); from += rows) {
                int n = Math.min(rows, b.size() - from);
                units.add(PreparedUnits.rewritten(only, b, from, n, cs));
                spans.add(new int[] {from, n});
            }
        } else {
            for (int e = 0; e < b.size(); e++) {
                for (SqlLexer.Stmt s : p.statements()) {
                    units.add(PreparedUnits.unit(s.params, bytesOf(s, keys, cs), b.get(e), cs,
                            keys != null && s.keysFrom(), s.sql));
                    spans.add(new int[] {e, 1});
                }
            }
        }
        int[] first = new int[spans.size()];
        int[] count = new int[spans.size()];
        for (int i = 0; i < first.length; i++) {
            first[i] = spans.get(i)[0];
            count[i] = spans.get(i)[1];
        }
        return runBatch(units, first, count, b.size(), null);
    }

    // ---- metadata ---------------------------------------------------------------------------------------

    /** Parse and Describe of the statements: parameter types and the first statement's columns. */
    private List<DescribeOp> describe() throws SQLException {
        SqlLexer.Parsed p = forExecution();
        Charset cs = conn.engine.charset();
        return conn.exec(this, () -> {
            List<DescribeOp> ops = new ArrayList<>();
            for (SqlLexer.Stmt s : p.statements()) {
                int[] types = new int[s.params.length];
                for (int k = 0; k < types.length; k++) {
                    Binding.Value v = values[s.params[k] - 1];
                    types[k] = v == null ? 0 : v.oid();
                }
                ops.add(conn.in.submit(new DescribeOp(sqlOf(s, keys).getBytes(cs), types)));
            }
            conn.in.await();
            return ops;
        });
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (lastFields != null) {
            return new GwResultSetMetaData(conn, lastFields);
        }
        try {
            Result.Field[] f = describe().get(0).fields();
            return f == null ? null : new GwResultSetMetaData(conn, f);
        } catch (SQLException e) {
            throw e;
        }
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        SqlLexer.Parsed p = forExecution();
        int[] types = new int[values.length];
        List<DescribeOp> ops = describe();
        for (int s = 0; s < ops.size(); s++) {
            int[] described = ops.get(s).parameterTypes();
            int[] params = p.statements().get(s).params;
            for (int k = 0; k < params.length && k < described.length; k++) {
                types[params[k] - 1] = described[k];
            }
        }
        return new GwParameterMetaData(conn, types, outParameters());
    }

    /** @return which parameters are OUT parameters (a CallableStatement's), none here */
    boolean[] outParameters() {
        return new boolean[values.length];
    }

    // ---- query methods that take SQL text are refused -------------------------------------------------

    private static SQLException textRefused() {
        return new SQLException("a PreparedStatement runs its own SQL: the query methods that take SQL text cannot"
                + " be used on it", "42809");
    }

    @Override
    public ResultSet executeQuery(String s) throws SQLException {
        throw textRefused();
    }

    @Override
    public int executeUpdate(String s) throws SQLException {
        throw textRefused();
    }

    @Override
    public long executeLargeUpdate(String s) throws SQLException {
        throw textRefused();
    }

    @Override
    public boolean execute(String s) throws SQLException {
        throw textRefused();
    }

    @Override
    public void addBatch(String s) throws SQLException {
        throw textRefused();
    }

    @Override
    public int executeUpdate(String s, int autoGeneratedKeys) throws SQLException {
        throw textRefused();
    }

    @Override
    public int executeUpdate(String s, String[] columnNames) throws SQLException {
        throw textRefused();
    }

    @Override
    public boolean execute(String s, int autoGeneratedKeys) throws SQLException {
        throw textRefused();
    }

    @Override
    public boolean execute(String s, String[] columnNames) throws SQLException {
        throw textRefused();
    }

    @Override
    public long executeLargeUpdate(String s, int autoGeneratedKeys) throws SQLException {
        throw textRefused();
    }

    @Override
    public long executeLargeUpdate(String s, String[] columnNames) throws SQLException {
        throw textRefused();
    }

    // ---- setters ------------------------------------------------------------------------------------------

    @Override
    public void setNull(int i, int sqlType) throws SQLException {
        set(i, TargetConversions.nullOf(conn, sqlType));
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        if (typeName != null && !typeName.isBlank() && (sqlType == java.sql.Types.OTHER || sqlType == java.sql.Types.ARRAY
                || sqlType == java.sql.Types.STRUCT || sqlType == java.sql.Types.DISTINCT
                || sqlType == java.sql.Types.REF || sqlType == java.sql.Types.JAVA_OBJECT)) {
            set(i, new Binding.Value(conn.types.oidOf(typeName), null, null));
        } else {
            setNull(i, sqlType);
        }
    }

    @Override
    public void setBoolean(int i, boolean x) throws SQLException {
        set(i, Binding.Value.text(Oid.BOOL, Binding.bool(x)));
    }

    @Override
    public void setByte(int i, byte x) throws SQLException {
        set(i, Binding.Value.text(Oid.INT2, Byte.toString(x)));
    }

    @Override
    public void setShort(int i, short x) throws SQLException {
        set(i, Binding.Value.text(Oid.INT2, Short.toString(x)));
    }

    @Override
    public void setInt(int i, int x) throws SQLException {
        set(i, Binding.Value.text(Oid.INT4, Integer.toString(x)));
    }

    @Override
    public void setLong(int i, long x) throws SQLException {
        set(i, Binding.Value.text(Oid.INT8, Long.toString(x)));
    }

    @Override
    public void setFloat(int i, float x) throws SQLException {
        set(i, Binding.Value.text(Oid.FLOAT4, Float.toString(x)));
    }

    @Override
    public void setDouble(int i, double x) throws SQLException {
        set(i, Binding.Value.text(Oid.FLOAT8, Double.toString(x)));
    }

    @Override
    public void setBigDecimal(int i, BigDecimal x) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.NUMERIC) : Binding.Value.text(Oid.NUMERIC, x.toString()));
    }

    @Override
    public void setString(int i, String x) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.VARCHAR) : Binding.string(conn, x));
    }

    @Override
    public void setNString(int i, String x) throws SQLException {
        setString(i, x);
    }

    @Override
    public void setBytes(int i, byte[] x) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.BINARY) : new Binding.Value(Oid.BYTEA, null, x.clone()));
    }

    @Override
    public void setDate(int i, Date x) throws SQLException {
        setDate(i, x, null);
    }

    @Override
    public void setDate(int i, Date x, Calendar cal) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.DATE) : Binding.date(x, cal));
    }

    @Override
    public void setTime(int i, Time x) throws SQLException {
        setTime(i, x, null);
    }

    @Override
    public void setTime(int i, Time x, Calendar cal) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.TIME) : Binding.time(x, cal));
    }

    @Override
    public void setTimestamp(int i, Timestamp x) throws SQLException {
        setTimestamp(i, x, null);
    }

    @Override
    public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
        set(i, x == null ? Binding.Value.NULL : Binding.timestamp(x, cal));
    }

    @Override
    public void setObject(int i, Object x) throws SQLException {
        set(i, Binding.infer(conn, x));
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType) throws SQLException {
        set(i, TargetConversions.convert(conn, x, targetSqlType, -1));
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        set(i, TargetConversions.convert(conn, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int i, Object x, SQLType targetSqlType) throws SQLException {
        setObject(i, x, vendorNumber(targetSqlType));
    }

    @Override
    public void setObject(int i, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        setObject(i, x, vendorNumber(targetSqlType), scaleOrLength);
    }

    static int vendorNumber(SQLType t) throws SQLException {
        if (t == null || t.getVendorTypeNumber() == null) {
            throw new SQLException("a target SQLType with a vendor type number is needed", "22023");
        }
        return t.getVendorTypeNumber();
    }

    @Override
    public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
        setAsciiStream(i, x, (long) length);
    }

    @Override
    public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.VARCHAR)
                : Binding.string(conn, new String(Binding.readAll(x, length), java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Override
    public void setAsciiStream(int i, InputStream x) throws SQLException {
        setAsciiStream(i, x, -1L);
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.VARCHAR)
                : Binding.string(conn, new String(Binding.readAll(x, length), java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public void setBinaryStream(int i, InputStream x, int length) throws SQLException {
        setBinaryStream(i, x, (long) length);
    }

    @Override
    public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.BINARY)
                : new Binding.Value(Oid.BYTEA, null, Binding.readAll(x, length)));
    }

    @Override
    public void setBinaryStream(int i, InputStream x) throws SQLException {
        setBinaryStream(i, x, -1L);
    }

    @Override
    public void setCharacterStream(int i, Reader x, int length) throws SQLException {
        setCharacterStream(i, x, (long) length);
    }

    @Override
    public void setCharacterStream(int i, Reader x, long length) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.VARCHAR) : Binding.string(conn, Binding.readAll(x, length)));
    }

    @Override
    public void setCharacterStream(int i, Reader x) throws SQLException {
        setCharacterStream(i, x, -1L);
    }

    @Override
    public void setNCharacterStream(int i, Reader x, long length) throws SQLException {
        setCharacterStream(i, x, length);
    }

    @Override
    public void setNCharacterStream(int i, Reader x) throws SQLException {
        setCharacterStream(i, x, -1L);
    }

    @Override
    public void setBlob(int i, Blob x) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.BINARY) : Binding.infer(conn, x));
    }

    @Override
    public void setBlob(int i, InputStream x, long length) throws SQLException {
        setBinaryStream(i, x, length);
    }

    @Override
    public void setBlob(int i, InputStream x) throws SQLException {
        setBinaryStream(i, x, -1L);
    }

    @Override
    public void setClob(int i, Clob x) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.VARCHAR) : Binding.infer(conn, x));
    }

    @Override
    public void setClob(int i, Reader x, long length) throws SQLException {
        setCharacterStream(i, x, length);
    }

    @Override
    public void setClob(int i, Reader x) throws SQLException {
        setCharacterStream(i, x, -1L);
    }

    @Override
    public void setNClob(int i, NClob x) throws SQLException {
        setClob(i, x);
    }

    @Override
    public void setNClob(int i, Reader x, long length) throws SQLException {
        setCharacterStream(i, x, length);
    }

    @Override
    public void setNClob(int i, Reader x) throws SQLException {
        setCharacterStream(i, x, -1L);
    }

    @Override
    public void setArray(int i, Array x) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.ARRAY) : GwArray.parameter(conn, x));
    }

    @Override
    public void setURL(int i, URL x) throws SQLException {
        set(i, x == null ? TargetConversions.nullOf(conn, java.sql.Types.VARCHAR) : Binding.string(conn, x.toString()));
    }

    @Override
    public void setRef(int i, Ref x) throws SQLException {
        throw JdbcErrors.notSupported("setRef");
    }

    @Override
    public void setRowId(int i, RowId x) throws SQLException {
        throw JdbcErrors.notSupported("setRowId");
    }

    @Override
    public void setSQLXML(int i, SQLXML x) throws SQLException {
        throw JdbcErrors.notSupported("setSQLXML (use setString or setObject(i, text, Types.SQLXML))");
    }

    @Override
    public String toString() {
        return sql;
    }
}
