package dev.greenwire.jdbc;

import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;

/**
 * A callable statement: {@code {call f(?, ?)}} and {@code {? = call f(?)}} run as
 * {@code SELECT * FROM f($1, …) AS result} (or {@code CALL}, with
 * {@code escapeSyntaxCallMode=call}/{@code callIfNoReturn}), OUT parameters read from the row
 * it returns, in order. An argument that is a bare {@code ?} registered as OUT and not set is
 * left out of a function call (PostgreSQL functions take only their IN arguments) and passed
 * as a typed NULL to a procedure's CALL. Parameters by name are not supported ({@link CallableByName}).
 */
final class GwCallableStatement extends GwPreparedStatement implements CallableStatement, CallableByName {
    private int[] outTypes;
    private GwResultSet outRow;

    GwCallableStatement(GwConnection conn, String sql, int rsType, int rsConcurrency, int rsHoldability)
            throws SQLException {
        super(conn, sql, rsType, rsConcurrency, rsHoldability, null);
        outTypes = new int[values.length];
    }

    private boolean callSyntax() {
        SqlLexer.Call call = parsed.call();
        return switch (conn.cfg.callMode) {
            case "call" -> true;
            case "callIfNoReturn" -> call != null && !call.returnsValue();
            default -> false;
        };
    }

    /** The call rebuilt around the OUT parameters, with {@code eff} completed by NULLs for a CALL's OUT arguments. */
    private SqlLexer.Parsed rebuild(Binding.Value[] eff) throws SQLException {
        SqlLexer.Call call = parsed.call();
        if (call == null) {
            return parsed;
        }
        boolean callSyntax = callSyntax();
        boolean scs = conn.standardStrings();
        StringBuilder sb = new StringBuilder(callSyntax ? "CALL " : "SELECT * FROM ").append(call.function()).append('(');
        List<Integer> jdbc = new ArrayList<>();
        int ordinal = call.returnsValue() ? 1 : 0;
        boolean first = true;
        for (String arg : call.args()) {
            int n = SqlLexer.splitPlain(arg, scs).parameterCount();
            boolean outOnly = arg.equals("?") && outTypes[ordinal] != 0 && values[ordinal] == null;
            if (outOnly && !callSyntax) {
                ordinal++;
                continue;
            }
            if (outOnly) {
                eff[ordinal] = TargetConversions.nullOf(conn, outTypes[ordinal]);
            }
            sb.append(first ? "" : ", ").append(arg);
            first = false;
            for (int k = 0; k < n; k++) {
                jdbc.add(ordinal + k + 1);
            }
            ordinal += n;
        }
        sb.append(')');
        if (!callSyntax) {
            sb.append(" AS result");
        }
        SqlLexer.Parsed p = SqlLexer.splitPlain(sb.toString(), scs);
        List<SqlLexer.Stmt> remapped = new ArrayList<>();
        for (SqlLexer.Stmt s : p.statements()) {
            int[] params = new int[s.params.length];
            for (int k = 0; k < params.length; k++) {
                params[k] = jdbc.get(s.params[k] - 1);
            }
            remapped.add(new SqlLexer.Stmt(s.sql, params, s.verb, s.returning, -1, -1));
        }
        return new SqlLexer.Parsed(List.copyOf(remapped), parsed.parameterCount(), call);
    }

    @Override
    SqlLexer.Parsed forExecution() throws SQLException {
        return rebuild(values.clone());
    }

    @Override
    void runPrepared() throws SQLException {
        Binding.Value[] eff = values.clone();
        SqlLexer.Parsed p = rebuild(eff);
        for (int i = 0; i < eff.length; i++) {
            if (eff[i] == null && outTypes[i] != 0) {
                eff[i] = TargetConversions.nullOf(conn, outTypes[i]); // an OUT parameter inside an expression
            }
        }
        outRow = null;
        run(units(p, eff));
        boolean anyOut = false;
        for (int t : outTypes) {
            anyOut |= t != 0;
        }
        if (anyOut) {
            ResultSet rs;
            try {
                rs = firstResultSet();
            } catch (SQLException e) {
                throw new SQLException("the call returned no row for its OUT parameters", "02000", e);
            }
            if (!rs.next()) {
                throw new SQLException("the call returned no row for its OUT parameters", "02000");
            }
            outRow = (GwResultSet) rs;
        }
    }

    @Override
    public boolean execute() throws SQLException {
        runPrepared();
        return outRow == null && firstIsResultSet();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        runPrepared();
        return outRow != null ? 0 : firstUpdateCount();
    }

    @Override
    boolean[] outParameters() {
        boolean[] out = new boolean[outTypes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = outTypes[i] != 0;
        }
        return out;
    }

    // ---- OUT parameters -------------------------------------------------------------------------------

    @Override
    public void registerOutParameter(int i, int sqlType) throws SQLException {
        checkOpen();
        if (i < 1 || i > outTypes.length) {
            throw new SQLException("the parameter index is out of range: " + i + ", number of parameters: "
                    + outTypes.length, "22023");
        }
        outTypes[i - 1] = sqlType == 0 ? java.sql.Types.OTHER : sqlType;
    }

    @Override
    public void registerOutParameter(int i, int sqlType, int scale) throws SQLException {
        registerOutParameter(i, sqlType);
    }

    @Override
    public void registerOutParameter(int i, int sqlType, String typeName) throws SQLException {
        registerOutParameter(i, sqlType);
    }

    @Override
    public void registerOutParameter(int i, SQLType sqlType) throws SQLException {
        registerOutParameter(i, vendorNumber(sqlType));
    }

    @Override
    public void registerOutParameter(int i, SQLType sqlType, int scale) throws SQLException {
        registerOutParameter(i, vendorNumber(sqlType));
    }

    @Override
    public void registerOutParameter(int i, SQLType sqlType, String typeName) throws SQLException {
        registerOutParameter(i, vendorNumber(sqlType));
    }

    /** @return the column of the output row holding OUT parameter {@code i} */
    private int column(int i) throws SQLException {
        checkOpen();
        if (i < 1 || i > outTypes.length || outTypes[i - 1] == 0) {
            throw new SQLException("parameter " + i + " was not registered as an OUT parameter", "07009");
        }
        if (outRow == null) {
            throw new SQLException("no results: execute the statement first", "02000");
        }
        int col = 0;
        for (int k = 0; k < i; k++) {
            if (outTypes[k] != 0) {
                col++;
            }
        }
        return col;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        if (outRow == null) {
            throw new SQLException("no results: execute the statement first", "02000");
        }
        return outRow.wasNull();
    }

    @Override public String getString(int i) throws SQLException { return outRow().getString(column(i)); }
    @Override public boolean getBoolean(int i) throws SQLException { return outRow().getBoolean(column(i)); }
    @Override public byte getByte(int i) throws SQLException { return outRow().getByte(column(i)); }
    @Override public short getShort(int i) throws SQLException { return outRow().getShort(column(i)); }
    @Override public int getInt(int i) throws SQLException { return outRow().getInt(column(i)); }
    @Override public long getLong(int i) throws SQLException { return outRow().getLong(column(i)); }
    @Override public float getFloat(int i) throws SQLException { return outRow().getFloat(column(i)); }
    @Override public double getDouble(int i) throws SQLException { return outRow().getDouble(column(i)); }
    @Override @Deprecated public BigDecimal getBigDecimal(int i, int scale) throws SQLException { return outRow().getBigDecimal(column(i), scale); }
    @Override public byte[] getBytes(int i) throws SQLException { return outRow().getBytes(column(i)); }
    @Override public Date getDate(int i) throws SQLException { return outRow().getDate(column(i)); }
    @Override public Time getTime(int i) throws SQLException { return outRow().getTime(column(i)); }
    @Override public Timestamp getTimestamp(int i) throws SQLException { return outRow().getTimestamp(column(i)); }
    @Override public Object getObject(int i) throws SQLException { return outRow().getObject(column(i)); }
    @Override public BigDecimal getBigDecimal(int i) throws SQLException { return outRow().getBigDecimal(column(i)); }
    @Override public Object getObject(int i, Map<String, Class<?>> map) throws SQLException { return outRow().getObject(column(i), map); }
    @Override public Ref getRef(int i) throws SQLException { return outRow().getRef(column(i)); }
    @Override public Blob getBlob(int i) throws SQLException { return outRow().getBlob(column(i)); }
    @Override public Clob getClob(int i) throws SQLException { return outRow().getClob(column(i)); }
    @Override public Array getArray(int i) throws SQLException { return outRow().getArray(column(i)); }
    @Override public Date getDate(int i, Calendar cal) throws SQLException { return outRow().getDate(column(i), cal); }
    @Override public Time getTime(int i, Calendar cal) throws SQLException { return outRow().getTime(column(i), cal); }
    @Override public Timestamp getTimestamp(int i, Calendar cal) throws SQLException { return outRow().getTimestamp(column(i), cal); }
    @Override public URL getURL(int i) throws SQLException { return outRow().getURL(column(i)); }
    @Override public RowId getRowId(int i) throws SQLException { return outRow().getRowId(column(i)); }
    @Override public NClob getNClob(int i) throws SQLException { return outRow().getNClob(column(i)); }
    @Override public SQLXML getSQLXML(int i) throws SQLException { return outRow().getSQLXML(column(i)); }
    @Override public String getNString(int i) throws SQLException { return outRow().getNString(column(i)); }
    @Override public Reader getNCharacterStream(int i) throws SQLException { return outRow().getNCharacterStream(column(i)); }
    @Override public Reader getCharacterStream(int i) throws SQLException { return outRow().getCharacterStream(column(i)); }
    @Override public <T> T getObject(int i, Class<T> type) throws SQLException { return outRow().getObject(column(i), type); }

    private GwResultSet outRow() throws SQLException {
        checkOpen();
        if (outRow == null) {
            throw new SQLException("no results: execute the statement first", "02000");
        }
        return outRow;
    }
}
