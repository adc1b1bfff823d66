package dev.greenwire.jdbc;

import dev.greenwire.cast.Oid;
import dev.greenwire.internal.engine.Result;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a result: PostgreSQL type names ({@code int4}, {@code _text}, {@code mood}),
 * JDBC types, precision and scale from the type modifier, and — from the table OIDs the server
 * sends with each column — table and schema names, nullability and auto-increment, asked from
 * the catalogue once for all the result's tables.
 */
final class GwResultSetMetaData implements ResultSetMetaData {
    private final GwConnection conn;
    private final Result.Field[] fields;
    private boolean tablesLoaded;
    private boolean typesLoaded;

    GwResultSetMetaData(GwConnection conn, Result.Field[] fields) {
        this.conn = conn;
        this.fields = fields;
    }

    private Result.Field f(int column) throws SQLException {
        if (column < 1 || column > fields.length) {
            throw new SQLException("the column index is out of range: " + column + ", number of columns: "
                    + fields.length, "22023");
        }
        if (!typesLoaded) {
            typesLoaded = true;
            List<Integer> oids = new ArrayList<>();
            for (Result.Field x : fields) {
                oids.add(x.typeOid());
            }
            conn.types.loadTypes(oids);
        }
        return fields[column - 1];
    }

    private long table(Result.Field f) {
        if (!tablesLoaded) {
            tablesLoaded = true;
            List<Long> oids = new ArrayList<>();
            for (Result.Field x : fields) {
                if (x.tableOid() != 0) {
                    oids.add(Integer.toUnsignedLong(x.tableOid()));
                }
            }
            conn.types.loadTables(oids);
        }
        return Integer.toUnsignedLong(f.tableOid());
    }

    private TypeCache.Attr attr(Result.Field f) {
        long t = table(f);
        return t == 0 ? null : conn.types.attr(t, f.tableColumn());
    }

    @Override
    public int getColumnCount() {
        return fields.length;
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        TypeCache.Attr a = attr(f(column));
        return a != null && a.autoIncrement();
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return TypeInfo.caseSensitive(conn.types.baseOf(f(column).typeOid()));
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        f(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        return conn.types.baseOf(f(column).typeOid()) == Oid.MONEY;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        TypeCache.Attr a = attr(f(column));
        if (a == null) {
            return columnNullableUnknown;
        }
        return a.notNull() ? columnNoNulls : columnNullable;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return TypeInfo.signed(conn.types.baseOf(f(column).typeOid()));
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        Result.Field x = f(column);
        return TypeInfo.displaySize(conn.types.baseOf(x.typeOid()), x.typeMod());
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return f(column).name();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return f(column).name();
    }

    /** @return the name of the table column the result column comes from, "" when none (pgjdbc's getBaseColumnName) */
    String getBaseColumnName(int column) throws SQLException {
        TypeCache.Attr a = attr(f(column));
        return a == null ? "" : a.name();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        long t = table(f(column));
        TypeCache.Table tab = conn.types.table(t);
        return tab == null ? "" : tab.schema();
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        Result.Field x = f(column);
        return TypeInfo.precision(conn.types.baseOf(x.typeOid()), x.typeMod());
    }

    @Override
    public int getScale(int column) throws SQLException {
        Result.Field x = f(column);
        return TypeInfo.scale(conn.types.baseOf(x.typeOid()), x.typeMod());
    }

    @Override
    public String getTableName(int column) throws SQLException {
        long t = table(f(column));
        TypeCache.Table tab = conn.types.table(t);
        return tab == null ? "" : tab.name();
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        f(column);
        return "";
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return conn.types.sqlType(f(column).typeOid());
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        Result.Field x = f(column);
        String name = conn.types.name(x.typeOid());
        TypeCache.Attr a = attr(x);
        if (a != null && a.autoIncrement()) {
            if (x.typeOid() == Oid.INT4) {
                return "serial";
            }
            if (x.typeOid() == Oid.INT8) {
                return "bigserial";
            }
            if (x.typeOid() == Oid.INT2) {
                return "smallserial";
            }
        }
        return name;
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        return table(f(column)) == 0;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        return !isReadOnly(column);
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        f(column);
        return false;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        Result.Field x = f(column);
        if (conn.types.baseOf(x.typeOid()) == Oid.BIT && x.typeMod() > 1) {
            return "java.lang.String";
        }
        return conn.types.javaClass(x.typeOid());
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
