package dev.greenwire.jdbc;

import dev.greenwire.cast.Oid;
import dev.greenwire.cast.PgInterval;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.Locale;
import java.util.UUID;

/**
 * Java values as statement parameters: a type OID (0 lets the server infer it, as a quoted
 * literal would) and the value's text, or bytes in binary format for {@code bytea}. The
 * {@code setObject} type inference lives here, the {@code setObject(…, targetSqlType)} conversions of
 * JDBC 4.2 (Appendix B) in {@link TargetConversions}.
 */
final class Binding {
    private Binding() {
    }

    /** One parameter value: its type, its text or binary bytes, or SQL NULL. */
    record Value(int oid, String text, byte[] binary) {
        static final Value NULL = new Value(0, null, null);

        static Value text(int oid, String text) {
            return new Value(oid, text, null);
        }

        boolean isNull() {
            return text == null && binary == null;
        }
    }

    // ---- text forms -------------------------------------------------------------------------------

    static String date(LocalDate d) {
        if (d.equals(LocalDate.MAX)) {
            return "infinity";
        }
        if (d.equals(LocalDate.MIN)) {
            return "-infinity";
        }
        int y = d.getYear();
        if (y <= 0) {
            return String.format(Locale.ROOT, "%04d-%02d-%02d BC", 1 - y, d.getMonthValue(), d.getDayOfMonth());
        }
        return String.format(Locale.ROOT, "%04d-%02d-%02d", y, d.getMonthValue(), d.getDayOfMonth());
    }

    static String time(LocalTime t) {
        StringBuilder sb = new StringBuilder(18);
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        int nanos = t.getNano();
        if (nanos != 0) {
            String f = String.format(Locale.ROOT, "%09d", nanos);
            int end = f.length();
            while (end > 1 && f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        return sb.toString();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    static String offset(ZoneOffset o) {
        int s = o.getTotalSeconds();
        char sign = s < 0 ? '-' : '+';
        s = Math.abs(s);
        StringBuilder sb = new StringBuilder(9).append(sign);
        two(sb, s / 3600).append(':');
        two(sb, (s / 60) % 60);
        if (s % 60 != 0) {
            sb.append(':');
            two(sb, s % 60);
        }
        return sb.toString();
    }

    static String timestamp(LocalDateTime t) {
        if (t.equals(LocalDateTime.MAX)) {
            return "infinity";
        }
        if (t.equals(LocalDateTime.MIN)) {
            return "-infinity";
        }
        LocalDate d = t.toLocalDate();
        String date = date(d);
        if (d.getYear() <= 0) {
            return date.substring(0, date.length() - 3) + " " + time(t.toLocalTime()) + " BC";
        }
        return date + " " + time(t.toLocalTime());
    }

    static String timestamptz(OffsetDateTime t) {
        if (t.equals(OffsetDateTime.MAX)) {
            return "infinity";
        }
        if (t.equals(OffsetDateTime.MIN)) {
            return "-infinity";
        }
        LocalDateTime l = t.toLocalDateTime();
        if (l.getYear() <= 0) {
            String date = date(l.toLocalDate());
            return date.substring(0, date.length() - 3) + " " + time(l.toLocalTime()) + offset(t.getOffset()) + " BC";
        }
        return timestamp(l) + offset(t.getOffset());
    }

    static String bool(boolean b) {
        return b ? "t" : "f";
    }

    // ---- java.sql date/time with a zone ------------------------------------------------------------

    private static ZoneId zone(Calendar cal) {
        return cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
    }

    /** A {@code Timestamp} as pgjdbc sends it: its wall-clock time with the zone's offset, type left to the server. */
    static Value timestamp(java.sql.Timestamp ts, Calendar cal) {
        if (ts == null) {
            return Value.NULL;
        }
        ZoneId z = zone(cal);
        LocalDateTime local = cal == null ? ts.toLocalDateTime()
                : LocalDateTime.ofInstant(ts.toInstant(), z);
        return Value.text(0, timestamptz(OffsetDateTime.of(local, z.getRules().getOffset(local))));
    }

    static Value date(java.sql.Date d, Calendar cal) {
        if (d == null) {
            return Value.NULL;
        }
        LocalDate local = cal == null ? d.toLocalDate()
                : Instant.ofEpochMilli(d.getTime()).atZone(zone(cal)).toLocalDate();
        return Value.text(Oid.DATE, date(local));
    }

    static Value time(java.sql.Time t, Calendar cal) {
        if (t == null) {
            return Value.NULL;
        }
        LocalTime local = Instant.ofEpochMilli(t.getTime()).atZone(zone(cal)).toLocalTime();
        return Value.text(Oid.TIME, time(local));
    }

    // ---- setObject ----------------------------------------------------------------------------------

    /** The parameter for {@code setObject(i, x)}: the type inferred from the value's class. */
    static Value infer(GwConnection c, Object x) throws SQLException {
        if (x == null) {
            return Value.NULL;
        }
        if (x instanceof String s) {
            return string(c, s);
        }
        if (x instanceof Integer i) {
            return Value.text(Oid.INT4, i.toString());
        }
        if (x instanceof Long l) {
            return Value.text(Oid.INT8, l.toString());
        }
        if (x instanceof Short || x instanceof Byte) {
            return Value.text(Oid.INT2, x.toString());
        }
        if (x instanceof Boolean b) {
            return Value.text(Oid.BOOL, bool(b));
        }
        if (x instanceof Double d) {
            return Value.text(Oid.FLOAT8, d.toString());
        }
        if (x instanceof Float f) {
            return Value.text(Oid.FLOAT4, f.toString());
        }
        if (x instanceof BigDecimal d) {
            return Value.text(Oid.NUMERIC, d.toString());
        }
        if (x instanceof BigInteger d) {
            return Value.text(Oid.NUMERIC, d.toString());
        }
        if (x instanceof byte[] b) {
            return new Value(Oid.BYTEA, null, b);
        }
        if (x instanceof java.sql.Timestamp t) {
            return timestamp(t, null);
        }
        if (x instanceof java.sql.Date d) {
            return date(d, null);
        }
        if (x instanceof java.sql.Time t) {
            return time(t, null);
        }
        if (x instanceof java.util.Date d) {
            return timestamp(new java.sql.Timestamp(d.getTime()), null);
        }
        if (x instanceof Calendar cal) {
            return Value.text(Oid.TIMESTAMPTZ, timestamptz(OffsetDateTime.ofInstant(cal.toInstant(),
                    cal.getTimeZone().toZoneId())));
        }
        if (x instanceof LocalDate d) {
            return Value.text(Oid.DATE, date(d));
        }
        if (x instanceof LocalTime t) {
            return Value.text(Oid.TIME, time(t));
        }
        if (x instanceof LocalDateTime t) {
            return Value.text(Oid.TIMESTAMP, timestamp(t));
        }
        if (x instanceof OffsetDateTime t) {
            return Value.text(Oid.TIMESTAMPTZ, timestamptz(t));
        }
        if (x instanceof ZonedDateTime t) {
            return Value.text(Oid.TIMESTAMPTZ, timestamptz(t.toOffsetDateTime()));
        }
        if (x instanceof Instant t) {
            return Value.text(Oid.TIMESTAMPTZ, t.equals(Instant.MAX) ? "infinity" : t.equals(Instant.MIN) ? "-infinity"
                    : timestamptz(t.atOffset(ZoneOffset.UTC)));
        }
        if (x instanceof OffsetTime t) {
            return Value.text(Oid.TIMETZ, time(t.toLocalTime()) + offset(t.getOffset()));
        }
        if (x instanceof UUID u) {
            return Value.text(Oid.UUID, u.toString());
        }
        if (x instanceof Character ch) {
            return string(c, ch.toString());
        }
        if (x instanceof PgInterval iv) {
            return Value.text(Oid.INTERVAL, iv.toString());
        }
        if (x instanceof Duration d) {
            return Value.text(Oid.INTERVAL, d.toString());
        }
        if (x instanceof java.sql.Array a) {
            return GwArray.parameter(c, a);
        }
        if (x.getClass().isArray()) {
            return GwArray.parameter(c, x);
        }
        if (x instanceof Blob b) {
            return new Value(Oid.BYTEA, null, b.getBytes(1, (int) b.length()));
        }
        if (x instanceof Clob cl) {
            return string(c, cl.getSubString(1, (int) cl.length()));
        }
        if (x instanceof InputStream in) {
            return new Value(Oid.BYTEA, null, readAll(in, -1));
        }
        if (x instanceof Reader r) {
            return string(c, readAll(r, -1));
        }
        if (x instanceof Enum<?> e) {
            return Value.text(0, e.name());
        }
        if (x instanceof java.net.InetAddress a) {
            return Value.text(Oid.INET, a.getHostAddress());
        }
        if (x instanceof java.net.URL u) {
            return string(c, u.toString());
        }
        if (x instanceof Number n) {
            return Value.text(Oid.NUMERIC, new BigDecimal(n.toString()).toString());
        }
        throw new SQLException("can't infer the SQL type to use for an instance of " + x.getClass().getName()
                + ": use setObject() with an explicit java.sql.Types value", "42P18");
    }

    /** A string parameter: {@code varchar} (pgjdbc's default), or of unknown type with {@code stringtype=unspecified}. */
    static Value string(GwConnection c, String s) {
        return s == null ? Value.NULL : Value.text(c.cfg.varcharStrings ? Oid.VARCHAR : 0, s);
    }

    // ---- streams ------------------------------------------------------------------------------------

    static byte[] readAll(InputStream in, long length) throws SQLException {
        try {
            if (length < 0) {
                return in.readAllBytes();
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new SQLException("a stream of " + length + " bytes is too long for one value", "22001");
            }
            byte[] b = in.readNBytes((int) length);
            if (b.length < length) {
                throw new SQLException("the stream ended after " + b.length + " of the " + length + " bytes promised",
                        "22023");
            }
            return b;
        } catch (IOException e) {
            throw new SQLException("reading the parameter's stream failed: " + e.getMessage(), "58030", e);
        }
    }

    static String readAll(Reader r, long length) throws SQLException {
        try {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            long left = length < 0 ? Long.MAX_VALUE : length;
            while (left > 0) {
                int n = r.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                sb.append(buf, 0, n);
                left -= n;
            }
            if (length >= 0 && left > 0) {
                throw new SQLException("the reader ended after " + sb.length() + " of the " + length
                        + " characters promised", "22023");
            }
            return sb.toString();
        } catch (IOException e) {
            throw new SQLException("reading the parameter's reader failed: " + e.getMessage(), "58030", e);
        }
    }

    static byte[] bytesOf(ByteArrayOutputStream out) {
        return out.toByteArray();
    }
}
