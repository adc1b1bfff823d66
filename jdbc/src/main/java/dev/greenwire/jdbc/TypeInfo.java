package dev.greenwire.jdbc;

import dev.greenwire.cast.Oid;
import java.sql.Types;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in PostgreSQL types as JDBC sees them: name, {@link Types} code, Java class of
 * {@code getObject}, and their precision and display size (typmod decoding as pgjdbc does).
 * Types the table does not know (enums, domains, composites, extensions) are looked up in
 * {@code pg_type} by {@link TypeCache}.
 */
final class TypeInfo {
    private TypeInfo() {
    }

    /** One built-in type. */
    record T(int oid, String name, int sqlType, String javaClass, int arrayOid, int elementOid) {
    }

    private static final Map<Integer, T> BY_OID = new HashMap<>();
    private static final Map<String, T> BY_NAME = new HashMap<>();

    private static void add(int oid, String name, int sqlType, String cls, int arrayOid, String... aliases) {
        T t = new T(oid, name, sqlType, cls, arrayOid, 0);
        BY_OID.put(oid, t);
        BY_NAME.put(name, t);
        for (String a : aliases) {
            BY_NAME.put(a, t);
        }
        if (arrayOid != 0) {
            T arr = new T(arrayOid, "_" + name, Types.ARRAY, "java.sql.Array", 0, oid);
            BY_OID.put(arrayOid, arr);
            BY_NAME.put("_" + name, arr);
            BY_NAME.put(name + "[]", arr);
            for (String a : aliases) {
                BY_NAME.put(a + "[]", arr);
            }
        }
    }

    static {
        add(Oid.BOOL, "bool", Types.BIT, "java.lang.Boolean", Oid._BOOL, "boolean");
        add(Oid.BYTEA, "bytea", Types.BINARY, "[B", Oid._BYTEA);
        add(Oid.CHAR, "char", Types.CHAR, "java.lang.String", Oid._CHAR, "\"char\"");
        add(Oid.NAME, "name", Types.VARCHAR, "java.lang.String", Oid._NAME);
        add(Oid.INT8, "int8", Types.BIGINT, "java.lang.Long", Oid._INT8, "bigint", "bigserial", "serial8");
        add(Oid.INT2, "int2", Types.SMALLINT, "java.lang.Integer", Oid._INT2, "smallint", "smallserial", "serial2");
        add(Oid.INT4, "int4", Types.INTEGER, "java.lang.Integer", Oid._INT4, "integer", "int", "serial", "serial4");
        add(Oid.REGPROC, "regproc", Types.OTHER, "java.lang.Object", Oid._REGPROC);
        add(Oid.TEXT, "text", Types.VARCHAR, "java.lang.String", Oid._TEXT);
        add(Oid.OID, "oid", Types.BIGINT, "java.lang.Long", Oid._OID);
        add(Oid.JSON, "json", Types.OTHER, "java.lang.String", Oid._JSON);
        add(Oid.XML, "xml", Types.SQLXML, "java.lang.String", Oid._XML);
        add(Oid.POINT, "point", Types.OTHER, "java.lang.String", Oid._POINT);
        add(Oid.BOX, "box", Types.OTHER, "java.lang.String", Oid._BOX);
        add(Oid.CIDR, "cidr", Types.OTHER, "java.lang.String", Oid._CIDR);
        add(Oid.FLOAT4, "float4", Types.REAL, "java.lang.Float", Oid._FLOAT4, "real");
        add(Oid.FLOAT8, "float8", Types.DOUBLE, "java.lang.Double", Oid._FLOAT8, "double precision", "double", "float");
        add(Oid.UNKNOWN, "unknown", Types.OTHER, "java.lang.String", 0);
        add(Oid.MONEY, "money", Types.DOUBLE, "java.lang.Double", Oid._MONEY);
        add(Oid.MACADDR, "macaddr", Types.OTHER, "java.lang.String", Oid._MACADDR);
        add(Oid.INET, "inet", Types.OTHER, "java.lang.String", Oid._INET);
        add(Oid.BPCHAR, "bpchar", Types.CHAR, "java.lang.String", Oid._BPCHAR, "character", "nchar");
        add(Oid.VARCHAR, "varchar", Types.VARCHAR, "java.lang.String", Oid._VARCHAR, "character varying",
                "nvarchar", "longvarchar", "clob");
        add(Oid.DATE, "date", Types.DATE, "java.sql.Date", Oid._DATE);
        add(Oid.TIME, "time", Types.TIME, "java.sql.Time", Oid._TIME, "time without time zone");
        add(Oid.TIMESTAMP, "timestamp", Types.TIMESTAMP, "java.sql.Timestamp", Oid._TIMESTAMP,
                "timestamp without time zone", "datetime");
        add(Oid.TIMESTAMPTZ, "timestamptz", Types.TIMESTAMP, "java.sql.Timestamp", Oid._TIMESTAMPTZ,
                "timestamp with time zone");
        add(Oid.INTERVAL, "interval", Types.OTHER, "dev.greenwire.cast.PgInterval", Oid._INTERVAL);
        add(Oid.TIMETZ, "timetz", Types.TIME, "java.sql.Time", Oid._TIMETZ, "time with time zone");
        add(Oid.BIT, "bit", Types.BIT, "java.lang.Boolean", Oid._BIT);
        add(Oid.VARBIT, "varbit", Types.OTHER, "java.lang.String", Oid._VARBIT, "bit varying");
        add(Oid.NUMERIC, "numeric", Types.NUMERIC, "java.math.BigDecimal", Oid._NUMERIC, "decimal");
        add(Oid.REGCLASS, "regclass", Types.OTHER, "java.lang.Object", Oid._REGCLASS);
        add(Oid.REGTYPE, "regtype", Types.OTHER, "java.lang.Object", Oid._REGTYPE);
        add(Oid.RECORD, "record", Types.OTHER, "java.lang.Object", 0);
        add(Oid.VOID, "void", Types.OTHER, "java.lang.Object", 0);
        add(Oid.UUID, "uuid", Types.OTHER, "java.util.UUID", Oid._UUID);
        add(Oid.JSONB, "jsonb", Types.OTHER, "java.lang.String", Oid._JSONB);
        add(3614, "tsvector", Types.OTHER, "java.lang.String", 3643);
        add(3615, "tsquery", Types.OTHER, "java.lang.String", 3645);
        add(Oid.INT4RANGE, "int4range", Types.OTHER, "java.lang.String", Oid._INT4RANGE);
        add(Oid.INT8RANGE, "int8range", Types.OTHER, "java.lang.String", Oid._INT8RANGE);
        add(Oid.NUMRANGE, "numrange", Types.OTHER, "java.lang.String", Oid._NUMRANGE);
        add(Oid.TSRANGE, "tsrange", Types.OTHER, "java.lang.String", Oid._TSRANGE);
        add(Oid.TSTZRANGE, "tstzrange", Types.OTHER, "java.lang.String", Oid._TSTZRANGE);
        add(Oid.DATERANGE, "daterange", Types.OTHER, "java.lang.String", Oid._DATERANGE);
        add(2276, "any", Types.OTHER, "java.lang.Object", 0);
        add(2277, "anyarray", Types.ARRAY, "java.sql.Array", 0);
        add(2283, "anyelement", Types.OTHER, "java.lang.Object", 0);
    }

    /** @return the built-in type, or null */
    static T of(int oid) {
        return BY_OID.get(oid);
    }

    /** @return the built-in type named {@code name} (PostgreSQL or SQL spelling, {@code x[]} for arrays), or null */
    static T named(String name) {
        if (name == null) {
            return null;
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        T t = BY_NAME.get(n);
        if (t == null && n.startsWith("pg_catalog.")) {
            t = BY_NAME.get(n.substring(11));
        }
        return t;
    }

    /** @return the OID a value of JDBC type {@code sqlType} is sent as (0: the server infers it) */
    static int oidForSqlType(int sqlType, boolean varcharStrings) {
        return switch (sqlType) {
            case Types.BIT, Types.BOOLEAN -> Oid.BOOL;
            case Types.TINYINT, Types.SMALLINT -> Oid.INT2;
            case Types.INTEGER -> Oid.INT4;
            case Types.BIGINT -> Oid.INT8;
            case Types.REAL -> Oid.FLOAT4;
            case Types.FLOAT, Types.DOUBLE -> Oid.FLOAT8;
            case Types.NUMERIC, Types.DECIMAL -> Oid.NUMERIC;
            case Types.CHAR, Types.NCHAR -> Oid.BPCHAR;
            case Types.VARCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB ->
                    varcharStrings ? Oid.VARCHAR : 0;
            case Types.DATE -> Oid.DATE;
            case Types.TIME -> Oid.TIME;
            case Types.TIME_WITH_TIMEZONE -> Oid.TIMETZ;
            case Types.TIMESTAMP -> Oid.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> Oid.TIMESTAMPTZ;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Oid.BYTEA;
            case Types.SQLXML -> Oid.XML;
            default -> 0; // NULL, OTHER, JAVA_OBJECT, ARRAY, STRUCT…: let the server infer it
        };
    }

    /** Precision of a column as JDBC reports it (pgjdbc's table), from its type and typmod. */
    static int precision(int oid, int typmod) {
        return switch (oid) {
            case Oid.INT2 -> 5;
            case Oid.OID, Oid.INT4 -> 10;
            case Oid.INT8 -> 19;
            case Oid.FLOAT4 -> 8;
            case Oid.FLOAT8 -> 17;
            case Oid.NUMERIC -> typmod == -1 ? 0 : ((typmod - 4) & 0xFFFF0000) >> 16;
            case Oid.CHAR, Oid.BOOL -> 1;
            case Oid.BPCHAR, Oid.VARCHAR -> typmod == -1 ? Integer.MAX_VALUE : typmod - 4;
            case Oid.DATE, Oid.TIME, Oid.TIMETZ, Oid.INTERVAL, Oid.TIMESTAMP, Oid.TIMESTAMPTZ -> displaySize(oid, typmod);
            case Oid.BIT -> typmod;
            case Oid.VARBIT -> typmod == -1 ? Integer.MAX_VALUE : typmod;
            case Oid.TEXT, Oid.BYTEA -> Integer.MAX_VALUE;
            case Oid.NAME -> 63;
            case Oid.UUID -> 36;
            default -> 0;
        };
    }

    /** Scale of a column: numeric's from its typmod, the fractional digits of date/times. */
    static int scale(int oid, int typmod) {
        return switch (oid) {
            case Oid.FLOAT4 -> 8;
            case Oid.FLOAT8 -> 17;
            case Oid.NUMERIC -> typmod == -1 ? 0 : (typmod - 4) & 0xFFFF;
            case Oid.TIME, Oid.TIMETZ, Oid.TIMESTAMP, Oid.TIMESTAMPTZ -> typmod == -1 ? 6 : typmod;
            case Oid.INTERVAL -> typmod == -1 ? 6 : typmod & 0xFFFF;
            default -> 0;
        };
    }

    /** Display size of a column (pgjdbc's table). */
    static int displaySize(int oid, int typmod) {
        switch (oid) {
            case Oid.INT2: return 6;
            case Oid.INT4: return 11;
            case Oid.OID: return 10;
            case Oid.INT8: return 20;
            case Oid.FLOAT4: return 15;
            case Oid.FLOAT8: return 25;
            case Oid.CHAR: return 1;
            case Oid.BOOL: return 1;
            case Oid.DATE: return 13;
            case Oid.UUID: return 36;
            case Oid.TIME, Oid.TIMETZ, Oid.TIMESTAMP, Oid.TIMESTAMPTZ: {
                int secondSize = typmod == -1 ? 7 : typmod == 0 ? 0 : typmod + 1;
                return switch (oid) {
                    case Oid.TIME -> 8 + secondSize;
                    case Oid.TIMETZ -> 8 + secondSize + 6;
                    case Oid.TIMESTAMP -> 13 + 1 + 8 + secondSize;
                    default -> 13 + 1 + 8 + secondSize + 6;
                };
            }
            case Oid.INTERVAL: return 49;
            case Oid.VARCHAR, Oid.BPCHAR: return typmod == -1 ? Integer.MAX_VALUE : typmod - 4;
            case Oid.NUMERIC: {
                if (typmod == -1) {
                    return 131089;
                }
                int precision = ((typmod - 4) >> 16) & 0xffff;
                int scale = (typmod - 4) & 0xffff;
                return 1 + precision + (scale != 0 ? 1 : 0);
            }
            case Oid.BIT: return typmod;
            case Oid.VARBIT: return typmod == -1 ? Integer.MAX_VALUE : typmod;
            default: return Integer.MAX_VALUE;
        }
    }

    /** @return whether values of the type carry a sign */
    static boolean signed(int oid) {
        return switch (oid) {
            case Oid.INT2, Oid.INT4, Oid.INT8, Oid.FLOAT4, Oid.FLOAT8, Oid.NUMERIC, Oid.MONEY -> true;
            default -> false;
        };
    }

    /** @return whether comparisons of the type's values are case sensitive */
    static boolean caseSensitive(int oid) {
        return switch (oid) {
            case Oid.OID, Oid.INT2, Oid.INT4, Oid.INT8, Oid.FLOAT4, Oid.FLOAT8, Oid.NUMERIC, Oid.BOOL, Oid.BIT,
                 Oid.VARBIT, Oid.DATE, Oid.TIME, Oid.TIMETZ, Oid.TIMESTAMP, Oid.TIMESTAMPTZ, Oid.INTERVAL -> false;
            default -> true;
        };
    }
}
