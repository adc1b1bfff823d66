package dev.greenwire.jdbc;

import java.sql.ParameterMetaData;
import java.sql.SQLException;

/** The parameters of a prepared statement as the server describes them (Parse, then Describe of the statement). */
final class GwParameterMetaData implements ParameterMetaData {
    private final GwConnection conn;
    private final int[] types;
    private final boolean[] out;

    GwParameterMetaData(GwConnection conn, int[] types, boolean[] out) {
        this.conn = conn;
        this.types = types;
        this.out = out;
        java.util.List<Integer> oids = new java.util.ArrayList<>();
        for (int t : types) {
            oids.add(t);
        }
        conn.types.loadTypes(oids);
    }

    private int oid(int param) throws SQLException {
        if (param < 1 || param > types.length) {
            throw new SQLException("the parameter index is out of range: " + param + ", number of parameters: "
                    + types.length, "22023");
        }
        return types[param - 1];
    }

    @Override
    public int getParameterCount() {
        return types.length;
    }

    @Override
    public int isNullable(int param) throws SQLException {
        oid(param);
        return parameterNullableUnknown;
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        return TypeInfo.signed(conn.types.baseOf(oid(param)));
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        return TypeInfo.precision(conn.types.baseOf(oid(param)), -1);
    }

    @Override
    public int getScale(int param) throws SQLException {
        oid(param);
        return 0;
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        return conn.types.sqlType(oid(param));
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        return conn.types.name(oid(param));
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return conn.types.javaClass(oid(param));
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        oid(param);
        return out[param - 1] ? parameterModeOut : parameterModeIn;
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
