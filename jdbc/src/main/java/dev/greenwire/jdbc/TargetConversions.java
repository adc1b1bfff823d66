package dev.greenwire.jdbc;

import dev.greenwire.cast.Oid;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.UUID;

/** The {@code setObject(…, targetSqlType)} conversions of JDBC 4.2 (Appendix B) and typed NULLs, for {@link Binding}. */
final class TargetConversions {
    private TargetConversions() {
    }

    /** The parameter for {@code setObject(i, x, targetSqlType, scale)}. */
    static Binding.Value convert(GwConnection c, Object x, int sqlType, int scale) throws SQLException {
        if (x == null) {
            return nullOf(c, sqlType);
        }
        switch (sqlType) {
            case Types.BIT, Types.BOOLEAN:
                return Binding.Value.text(Oid.BOOL, Binding.bool(toBoolean(x)));
            case Types.TINYINT, Types.SMALLINT:
                return Binding.Value.text(Oid.INT2, Long.toString(toLong(x, Short.MIN_VALUE, Short.MAX_VALUE, "smallint")));
            case Types.INTEGER:
                return Binding.Value.text(Oid.INT4, Long.toString(toLong(x, Integer.MIN_VALUE, Integer.MAX_VALUE, "integer")));
            case Types.BIGINT:
                return Binding.Value.text(Oid.INT8, Long.toString(toLong(x, Long.MIN_VALUE, Long.MAX_VALUE, "bigint")));
            case Types.REAL:
                return Binding.Value.text(Oid.FLOAT4, Float.toString((float) toDouble(x)));
            case Types.FLOAT, Types.DOUBLE:
                return Binding.Value.text(Oid.FLOAT8, Double.toString(toDouble(x)));
            case Types.NUMERIC, Types.DECIMAL: {
                BigDecimal d = toBigDecimal(x);
                if (scale >= 0 && !(x instanceof String)) {
                    d = d.setScale(scale, RoundingMode.HALF_UP);
                }
                return Binding.Value.text(Oid.NUMERIC, d.toString());
            }
            case Types.CHAR, Types.NCHAR:
                return Binding.Value.text(Oid.BPCHAR, text(c, x));
            case Types.VARCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB:
                return Binding.string(c, text(c, x));
            case Types.DATE:
                return toDate(x);
            case Types.TIME:
                return toTime(x);
            case Types.TIME_WITH_TIMEZONE:
                if (x instanceof OffsetTime t) {
                    return Binding.Value.text(Oid.TIMETZ, Binding.time(t.toLocalTime()) + Binding.offset(t.getOffset()));
                }
                if (x instanceof String s) {
                    return Binding.Value.text(Oid.TIMETZ, s);
                }
                throw cannot(x, "TIME_WITH_TIMEZONE");
            case Types.TIMESTAMP:
                return toTimestamp(x);
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return toTimestamptz(x);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB:
                if (x instanceof byte[] b) {
                    return new Binding.Value(Oid.BYTEA, null, b);
                }
                if (x instanceof Blob || x instanceof InputStream) {
                    return Binding.infer(c, x);
                }
                throw cannot(x, "BINARY");
            case Types.ARRAY:
                if (x instanceof java.sql.Array || x.getClass().isArray()) {
                    return Binding.infer(c, x);
                }
                throw cannot(x, "ARRAY");
            case Types.SQLXML:
                return Binding.Value.text(Oid.XML, x.toString());
            case Types.OTHER, Types.JAVA_OBJECT: {
                if (x instanceof UUID u) {
                    return Binding.Value.text(Oid.UUID, u.toString());
                }
                if (x instanceof byte[] || x instanceof java.sql.Array || x.getClass().isArray()) {
                    return Binding.infer(c, x);
                }
                if (x instanceof String s) {
                    return Binding.Value.text(0, s);
                }
                Binding.Value v = Binding.infer(c, x);
                return v.binary() != null ? v : Binding.Value.text(0, v.text());
            }
            case Types.NULL:
                return Binding.Value.NULL;
            default:
                throw JdbcErrors.notSupported("setObject with the target type " + typeName(sqlType));
        }
    }

    /** A typed NULL for {@code setNull(i, sqlType)}. */
    static Binding.Value nullOf(GwConnection c, int sqlType) {
        return new Binding.Value(TypeInfo.oidForSqlType(sqlType, c.cfg.varcharStrings), null, null);
    }

    private static String typeName(int sqlType) {
        try {
            return java.sql.JDBCType.valueOf(sqlType).getName();
        } catch (IllegalArgumentException e) {
            return Integer.toString(sqlType);
        }
    }

    private static SQLException cannot(Object x, String target) {
        return new SQLException("cannot convert an instance of " + x.getClass().getName() + " to " + target, "22023");
    }

    private static String text(GwConnection c, Object x) throws SQLException {
        if (x instanceof String s) {
            return s;
        }
        if (x instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (x instanceof Clob || x instanceof Reader || x instanceof byte[] || x instanceof InputStream) {
            Binding.Value v = Binding.infer(c, x);
            return v.text() != null ? v.text() : new String(v.binary(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Binding.Value v = Binding.infer(c, x);
        return v.text() != null ? v.text() : x.toString();
    }

    static boolean toBoolean(Object x) throws SQLException {
        if (x instanceof Boolean b) {
            return b;
        }
        if (x instanceof String s) {
            switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "t", "true", "1", "yes", "y", "on":
                    return true;
                case "f", "false", "0", "no", "n", "off":
                    return false;
                default:
                    throw new SQLException("cannot convert \"" + s + "\" to boolean", "22018");
            }
        }
        if (x instanceof Character ch) {
            return toBoolean(ch.toString());
        }
        if (x instanceof Number n) {
            return new BigDecimal(n.toString()).signum() != 0;
        }
        throw cannot(x, "BOOLEAN");
    }

    private static long toLong(Object x, long min, long max, String type) throws SQLException {
        BigDecimal d;
        if (x instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte) {
            d = BigDecimal.valueOf(((Number) x).longValue());
        } else {
            d = toBigDecimal(x);
        }
        BigInteger i = d.toBigInteger();
        if (i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new SQLException("the value " + x + " is out of the range of " + type, "22003");
        }
        return i.longValue();
    }

    private static double toDouble(Object x) throws SQLException {
        if (x instanceof Number n) {
            return n.doubleValue();
        }
        if (x instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (x instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw new SQLException("cannot convert \"" + s + "\" to a number", "22018");
            }
        }
        throw cannot(x, "DOUBLE");
    }

    static BigDecimal toBigDecimal(Object x) throws SQLException {
        if (x instanceof BigDecimal d) {
            return d;
        }
        if (x instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (x instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (x instanceof Double || x instanceof Float) {
            double d = ((Number) x).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new SQLException("cannot convert " + d + " to a numeric", "22003");
            }
            return BigDecimal.valueOf(d);
        }
        if (x instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (x instanceof String s) {
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                throw new SQLException("cannot convert \"" + s + "\" to a number", "22018");
            }
        }
        throw cannot(x, "NUMERIC");
    }

    private static Binding.Value toDate(Object x) throws SQLException {
        if (x instanceof LocalDate d) {
            return Binding.Value.text(Oid.DATE, Binding.date(d));
        }
        if (x instanceof java.sql.Date d) {
            return Binding.date(d, null);
        }
        if (x instanceof java.sql.Timestamp t) {
            return Binding.Value.text(Oid.DATE, Binding.date(t.toLocalDateTime().toLocalDate()));
        }
        if (x instanceof java.util.Date d) {
            return Binding.Value.text(Oid.DATE, Binding.date(Instant.ofEpochMilli(d.getTime()).atZone(ZoneId.systemDefault()).toLocalDate()));
        }
        if (x instanceof LocalDateTime t) {
            return Binding.Value.text(Oid.DATE, Binding.date(t.toLocalDate()));
        }
        if (x instanceof OffsetDateTime t) {
            return Binding.Value.text(Oid.DATE, Binding.date(t.toLocalDate()));
        }
        if (x instanceof ZonedDateTime t) {
            return Binding.Value.text(Oid.DATE, Binding.date(t.toLocalDate()));
        }
        if (x instanceof String s) {
            return Binding.Value.text(Oid.DATE, s);
        }
        throw cannot(x, "DATE");
    }

    private static Binding.Value toTime(Object x) throws SQLException {
        if (x instanceof LocalTime t) {
            return Binding.Value.text(Oid.TIME, Binding.time(t));
        }
        if (x instanceof java.sql.Time t) {
            return Binding.time(t, null);
        }
        if (x instanceof java.sql.Timestamp t) {
            return Binding.Value.text(Oid.TIME, Binding.time(t.toLocalDateTime().toLocalTime()));
        }
        if (x instanceof LocalDateTime t) {
            return Binding.Value.text(Oid.TIME, Binding.time(t.toLocalTime()));
        }
        if (x instanceof OffsetTime t) {
            return Binding.Value.text(Oid.TIMETZ, Binding.time(t.toLocalTime()) + Binding.offset(t.getOffset()));
        }
        if (x instanceof String s) {
            return Binding.Value.text(Oid.TIME, s);
        }
        throw cannot(x, "TIME");
    }

    private static Binding.Value toTimestamp(Object x) throws SQLException {
        if (x instanceof LocalDateTime t) {
            return Binding.Value.text(Oid.TIMESTAMP, Binding.timestamp(t));
        }
        if (x instanceof java.sql.Timestamp t) {
            return Binding.Value.text(Oid.TIMESTAMP, Binding.timestamp(t.toLocalDateTime()));
        }
        if (x instanceof java.sql.Date d) {
            return Binding.Value.text(Oid.TIMESTAMP, Binding.timestamp(d.toLocalDate().atStartOfDay()));
        }
        if (x instanceof java.util.Date d) {
            return Binding.Value.text(Oid.TIMESTAMP, Binding.timestamp(LocalDateTime.ofInstant(d.toInstant(), ZoneId.systemDefault())));
        }
        if (x instanceof LocalDate d) {
            return Binding.Value.text(Oid.TIMESTAMP, Binding.timestamp(d.atStartOfDay()));
        }
        if (x instanceof OffsetDateTime t) {
            return Binding.Value.text(Oid.TIMESTAMP, Binding.timestamp(t.toLocalDateTime()));
        }
        if (x instanceof ZonedDateTime t) {
            return Binding.Value.text(Oid.TIMESTAMP, Binding.timestamp(t.toLocalDateTime()));
        }
        if (x instanceof String s) {
            return Binding.Value.text(Oid.TIMESTAMP, s);
        }
        throw cannot(x, "TIMESTAMP");
    }

    private static Binding.Value toTimestamptz(Object x) throws SQLException {
        if (x instanceof OffsetDateTime t) {
            return Binding.Value.text(Oid.TIMESTAMPTZ, Binding.timestamptz(t));
        }
        if (x instanceof ZonedDateTime t) {
            return Binding.Value.text(Oid.TIMESTAMPTZ, Binding.timestamptz(t.toOffsetDateTime()));
        }
        if (x instanceof Instant t) {
            return Binding.Value.text(Oid.TIMESTAMPTZ, Binding.timestamptz(t.atOffset(ZoneOffset.UTC)));
        }
        if (x instanceof java.sql.Timestamp t) {
            return Binding.Value.text(Oid.TIMESTAMPTZ, Binding.timestamptz(t.toInstant().atZone(ZoneId.systemDefault()).toOffsetDateTime()));
        }
        if (x instanceof java.util.Date d) {
            return Binding.Value.text(Oid.TIMESTAMPTZ, Binding.timestamptz(d.toInstant().atZone(ZoneId.systemDefault()).toOffsetDateTime()));
        }
        if (x instanceof LocalDateTime t) {
            return Binding.Value.text(Oid.TIMESTAMPTZ, Binding.timestamptz(t.atZone(ZoneId.systemDefault()).toOffsetDateTime()));
        }
        if (x instanceof String s) {
            return Binding.Value.text(Oid.TIMESTAMPTZ, s);
        }
        throw cannot(x, "TIMESTAMP_WITH_TIMEZONE");
    }
}
