package dev.greenwire.jdbc;

import dev.greenwire.cast.Oid;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one connection learned from its catalogue: types the built-in table does not know
 * (enums, domains, composites, extension types and their arrays), tables by OID (for
 * {@code ResultSetMetaData.getTableName}) and their columns' nullability and defaults. Each
 * is asked for once, in one query for all the OIDs a result needs.
 */
final class TypeCache {
    /** A type from {@code pg_type}. */
    record PgType(int oid, String name, char kind, int element, int base, int array) {
    }

    /** A table from {@code pg_class}. */
    record Table(String schema, String name) {
    }

    /** A table column from {@code pg_attribute}. */
    record Attr(String name, boolean notNull, boolean autoIncrement) {
    }

    private final GwConnection conn;
    private final Map<Integer, PgType> types = new ConcurrentHashMap<>();
    private final Map<Long, Table> tables = new ConcurrentHashMap<>();
    private final Map<Long, Attr> attrs = new ConcurrentHashMap<>();

    TypeCache(GwConnection conn) {
        this.conn = conn;
    }

    // ---- types ---------------------------------------------------------------------------------

    /** Loads the types of {@code oids} not known yet (quietly: an aborted transaction leaves them unknown). */
    void loadTypes(Collection<Integer> oids) {
        StringJoiner list = new StringJoiner(",", "{", "}");
        boolean any = false;
        for (int oid : oids) {
            if (TypeInfo.of(oid) == null && !types.containsKey(oid) && oid != 0) {
                list.add(Integer.toUnsignedString(oid));
                any = true;
            }
        }
        if (!any) {
            return;
        }
        try {
            for (String[] r : conn.internalQuery("SELECT t.oid, t.typname, t.typtype, t.typelem, t.typbasetype,"
                    + " t.typarray FROM pg_catalog.pg_type t WHERE t.oid = ANY($1::oid[])", list.toString())) {
                PgType t = new PgType((int) Long.parseLong(r[0]), r[1], r[2].charAt(0), (int) Long.parseLong(r[3]),
                        (int) Long.parseLong(r[4]), (int) Long.parseLong(r[5]));
                types.put(t.oid(), t);
            }
        } catch (SQLException e) {
            // unknown stays unknown: the names fall back to "unknown"
        }
    }

    private PgType pg(int oid) {
        PgType t = types.get(oid);
        if (t == null && oid != 0) {
            loadTypes(java.util.List.of(oid));
            t = types.get(oid);
        }
        return t;
    }

    /** @return the type's name as PostgreSQL spells it ({@code int4}, {@code _int4}, {@code mood}) */
    String name(int oid) {
        TypeInfo.T t = TypeInfo.of(oid);
        if (t != null) {
            return t.name();
        }
        PgType p = pg(oid);
        return p == null ? "unknown" : p.name();
    }

    /** @return the {@link Types} code of the type */
    int sqlType(int oid) {
        TypeInfo.T t = TypeInfo.of(oid);
        if (t != null) {
            return t.sqlType();
        }
        PgType p = pg(oid);
        if (p == null) {
            return Types.OTHER;
        }
        if (p.kind() == 'd' && p.base() != 0) {
            return sqlType(p.base());
        }
        if (p.element() != 0 && p.name().startsWith("_")) {
            return Types.ARRAY;
        }
        if (p.kind() == 'e') {
            return Types.VARCHAR;
        }
        return Types.OTHER;
    }

    /** @return the class {@code getObject} returns for the type */
    String javaClass(int oid) {
        TypeInfo.T t = TypeInfo.of(oid);
        if (t != null) {
            return t.javaClass();
        }
        PgType p = pg(oid);
        if (p != null && p.kind() == 'd' && p.base() != 0) {
            return javaClass(p.base());
        }
        if (p != null && p.element() != 0 && p.name().startsWith("_")) {
            return "java.sql.Array";
        }
        return "java.lang.String";
    }

    /** @return the element type of an array type, 0 when it is not one */
    int elementOf(int arrayOid) {
        TypeInfo.T t = TypeInfo.of(arrayOid);
        if (t != null) {
            return t.elementOid();
        }
        PgType p = pg(arrayOid);
        return p != null && p.name().startsWith("_") ? p.element() : 0;
    }

    /** @return the base type of a domain, or {@code oid} itself */
    int baseOf(int oid) {
        if (TypeInfo.of(oid) != null) {
            return oid;
        }
        PgType p = pg(oid);
        return p != null && p.kind() == 'd' && p.base() != 0 ? baseOf(p.base()) : oid;
    }

    /** @return the array type whose elements are {@code elementOid} */
    int arrayOf(int elementOid) throws SQLException {
        TypeInfo.T t = TypeInfo.of(elementOid);
        if (t != null && t.arrayOid() != 0) {
            return t.arrayOid();
        }
        PgType p = pg(elementOid);
        if (p == null || p.array() == 0) {
            throw new SQLException("the type " + name(elementOid) + " (OID " + elementOid + ") has no array type", "42704");
        }
        return p.array();
    }

    /** @return the OID of the type named {@code typeName} (a built-in spelling, or anything {@code ::regtype} takes) */
    int oidOf(String typeName) throws SQLException {
        if (typeName == null || typeName.isBlank()) {
            throw new SQLException("a type name is needed", "22023");
        }
        TypeInfo.T t = TypeInfo.named(typeName);
        if (t != null) {
            return t.oid();
        }
        for (PgType p : types.values()) {
            if (p.name().equals(typeName)) {
                return p.oid();
            }
        }
        java.util.List<String[]> rows = conn.internalQuery("SELECT t.oid, t.typname, t.typtype, t.typelem, t.typbasetype,"
                + " t.typarray FROM pg_catalog.pg_type t WHERE t.oid = to_regtype($1)", typeName);
        if (rows.isEmpty()) {
            throw new SQLException("unknown type \"" + typeName + "\"", "42704");
        }
        String[] r = rows.get(0);
        PgType p = new PgType((int) Long.parseLong(r[0]), r[1], r[2].charAt(0), (int) Long.parseLong(r[3]),
                (int) Long.parseLong(r[4]), (int) Long.parseLong(r[5]));
        types.put(p.oid(), p);
        return p.oid();
    }

    // ---- tables and columns ----------------------------------------------------------------------

    /** Loads the tables (and their columns) of {@code oids} not known yet, quietly. */
    void loadTables(Collection<Long> oids) {
        StringJoiner list = new StringJoiner(",", "{", "}");
        boolean any = false;
        for (long oid : oids) {
            if (oid != 0 && !tables.containsKey(oid)) {
                list.add(Long.toString(oid));
                any = true;
            }
        }
        if (!any) {
            return;
        }
        try {
            for (String[] r : conn.internalQuery("SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY($1::oid[])",
                    list.toString())) {
                tables.put(Long.parseLong(r[0]), new Table(r[1], r[2]));
            }
            for (String[] r : conn.internalQuery("SELECT a.attrelid, a.attnum, a.attname, a.attnotnull,"
                    + " (a.attidentity <> '' OR coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE '%nextval(%', false))"
                    + " FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d"
                    + " ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped", list.toString())) {
                attrs.put(key(Long.parseLong(r[0]), Integer.parseInt(r[1])),
                        new Attr(r[2], "t".equals(r[3]), "t".equals(r[4])));
            }
        } catch (SQLException e) {
            // left unknown: table names "" and nullability unknown, as JDBC allows
        }
    }

    private static long key(long table, int column) {
        return (table << 16) ^ (column & 0xffff);
    }

    /** @return the table, or null when unknown */
    Table table(long oid) {
        if (oid == 0) {
            return null;
        }
        Table t = tables.get(oid);
        if (t == null) {
            loadTables(java.util.List.of(oid));
            t = tables.get(oid);
        }
        return t;
    }

    /** @return the column, or null when unknown */
    Attr attr(long table, int column) {
        if (table == 0 || column <= 0) {
            return null;
        }
        if (!tables.containsKey(table)) {
            loadTables(java.util.List.of(table));
        }
        return attrs.get(key(table, column));
    }

    /** @return whether {@code oid} is a built-in numeric type */
    static boolean numeric(int oid) {
        return oid == Oid.INT2 || oid == Oid.INT4 || oid == Oid.INT8 || oid == Oid.FLOAT4 || oid == Oid.FLOAT8
                || oid == Oid.NUMERIC || oid == Oid.OID || oid == Oid.MONEY;
    }
}
