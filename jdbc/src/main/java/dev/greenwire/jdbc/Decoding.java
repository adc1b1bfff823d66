package dev.greenwire.jdbc;

import dev.greenwire.cast.Oid;
import dev.greenwire.cast.PgInterval;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.util.Calendar;
import java.util.UUID;

/**
 * Column values (the server's text) as Java values: {@code getObject}'s defaults per type and
 * the date/time conversions of the getters. Dates and times are parsed by the core's
 * typecasters ({@code infinity} included), the rest here.
 */
final class Decoding {
    /** pgjdbc's stand-ins for {@code infinity} and {@code -infinity} as java.sql date/times. */
    static final long POSITIVE_INFINITY = 9223372036825200000L;
    static final long NEGATIVE_INFINITY = -9223372036832400000L;

    private Decoding() {
    }

    /**
     * @param value a non-null text of type {@code oid}, or its value decoded from binary (a numeric,
     *              date, time(tz), timestamp(tz), interval, uuid, boolean or bytea)
     * @return {@code getObject}'s value
     */
    static Object object(GwConnection c, int oid, Object value) throws SQLException {
        String text = value instanceof String s ? s : null;
        switch (oid) {
            case Oid.BOOL:
                return text == null ? value : "t".equals(text) || "true".equals(text);
            case Oid.INT2, Oid.INT4:
                return Integer.valueOf(text);
            case Oid.INT8, Oid.OID:
                return Long.valueOf(text);
            case Oid.FLOAT4:
                return Float.valueOf(text);
            case Oid.FLOAT8:
                return Double.valueOf(text);
            case Oid.NUMERIC:
                return text == null ? value : numeric(text); // decoded from binary: the same BigDecimal or Double
            case Oid.MONEY:
                return money(text);
            case Oid.BYTEA:
                return text == null ? value : bytea(text); // decoded from binary: a fresh copy of the bytes
            case Oid.DATE:
                return sqlDate(localDate(c, value), null);
            case Oid.TIME:
                return sqlTime(localTime(c, value), null);
            case Oid.TIMETZ:
                return sqlTime(offsetTime(c, value), null);
            case Oid.TIMESTAMP:
                return sqlTimestamp(localDateTime(c, value), null);
            case Oid.TIMESTAMPTZ:
                return sqlTimestamp(offsetDateTime(c, value));
            case Oid.INTERVAL:
                return interval(value);
            case Oid.UUID:
                return text == null ? value : UUID.fromString(text);
            case Oid.BIT:
                return text.length() == 1 ? (Object) "1".equals(text) : text;
            default:
                break;
        }
        int base = c.types.baseOf(oid);
        if (base != oid) {
            return object(c, base, text);
        }
        int element = c.types.elementOf(oid);
        if (element != 0) {
            return new GwArray(c, element, oid, text);
        }
        return text;
    }

    /**
     * @param value an interval's text in any {@code IntervalStyle}, or a value decoded from binary
     * @return the interval
     */
    static PgInterval interval(Object value) throws SQLException {
        if (value instanceof PgInterval i) {
            return i;
        }
        String text = value instanceof String s ? s : BinaryValues.codecText(value); // another type read in binary
        try {
            return PgInterval.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SQLException("bad value for type interval: " + text, "22007", e);
        }
    }

    /** numeric's text as a BigDecimal, or Double for NaN and the infinities (as pgjdbc). */
    static Object numeric(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> new BigDecimal(text);
        };
    }

    /** money's text as a Double ({@code getObject}'s value, as pgjdbc). */
    static Double money(String text) throws SQLException {
        return moneyDecimal(text).doubleValue();
    }

    /**
     * money's text ({@code $1,234.50}, {@code -$1.50}, {@code ($1.50)}) as a BigDecimal with the
     * scale the text shows ({@code 1234.50}).
     */
    static BigDecimal moneyDecimal(String text) throws SQLException {
        String s = text.replaceAll("[^0-9.\\-()]", "");
        boolean negative = s.startsWith("(") || s.startsWith("-");
        s = s.replace("(", "").replace(")", "").replace("-", "");
        try {
            BigDecimal d = new BigDecimal(s);
            return negative ? d.negate() : d;
        } catch (NumberFormatException e) {
            throw new SQLException("bad value for type money: " + text, "22P02");
        }
    }

    /** Hex digit values by ASCII code, -1 for any other byte. */
    private static final byte[] HEX_DIGIT = new byte[128];

    static {
        java.util.Arrays.fill(HEX_DIGIT, (byte) -1);
        for (int i = 0; i < 16; i++) {
            HEX_DIGIT["0123456789abcdef".charAt(i)] = (byte) i;
            HEX_DIGIT["0123456789ABCDEF".charAt(i)] = (byte) i;
        }
    }

    /**
     * bytea's text in {@code b[off..off+len)} as bytes: the hex format decoded in place, the
     * escape format through {@link #bytea(String)}.
     */
    static byte[] bytea(byte[] b, int off, int len) throws SQLException {
        if (len < 2 || b[off] != '\\' || b[off + 1] != 'x') {
            return bytea(new String(b, off, len, java.nio.charset.StandardCharsets.US_ASCII));
        }
        byte[] out = new byte[(len - 2) / 2];
        for (int i = 0, p = off + 2; i < out.length; i++, p += 2) {
            int hi = b[p] < 0 ? -1 : HEX_DIGIT[b[p]];
            int lo = b[p + 1] < 0 ? -1 : HEX_DIGIT[b[p + 1]];
            if ((hi | lo) < 0) {
                throw new SQLException("bad bytea value (hex): " + new String(b, off, len, java.nio.charset.StandardCharsets.US_ASCII),
                        "22P02");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** bytea's text (hex {@code \x…} or the older escape format) as bytes. */
    static byte[] bytea(String s) throws SQLException {
        if (s.startsWith("\\x")) {
            byte[] text = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1); // a non-Latin-1 char is no hex digit either
            return bytea(text, 0, text.length);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                    out.write('\\');
                    i++;
                } else if (i + 3 < s.length()) {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                } else {
                    throw new SQLException("bad bytea value (escape format): " + s, "22P02");
                }
            } else {
                out.write(ch);
            }
        }
        return out.toByteArray();
    }

    // ---- dates and times, through the core's typecasters -------------------------------------------

    private static Object cast(GwConnection c, int oid, String text) throws SQLException {
        try {
            return c.caster().cast(oid, text);
        } catch (RuntimeException e) {
            throw new SQLException("bad value for type " + TypeInfo.of(oid).name() + ": " + text
                    + dev.greenwire.internal.types.Casters.dateStyleHint(c.engine.parameter("DateStyle")), "22007", e);
        }
    }

    /*
     * The temporal values below come from a column's text, or decoded from binary by the built-in
     * codec (a LocalDate, LocalDateTime or OffsetDateTime: what the built-in typecaster makes of
     * the text). A decoded value of another type than asked for goes through its text, as a text
     * column would, so that it fails the same way.
     */
    private static Object cast(GwConnection c, int oid, Object v, Class<?> type) throws SQLException {
        if (type.isInstance(v)) {
            return v;
        }
        return cast(c, oid, v instanceof String s ? s : BinaryValues.codecText(v));
    }

    static LocalDate localDate(GwConnection c, Object v) throws SQLException {
        return (LocalDate) cast(c, Oid.DATE, v, LocalDate.class);
    }

    static LocalTime localTime(GwConnection c, Object v) throws SQLException {
        return (LocalTime) cast(c, Oid.TIME, v, LocalTime.class);
    }

    static OffsetTime offsetTime(GwConnection c, Object v) throws SQLException {
        return (OffsetTime) cast(c, Oid.TIMETZ, v, OffsetTime.class);
    }

    static LocalDateTime localDateTime(GwConnection c, Object v) throws SQLException {
        return (LocalDateTime) cast(c, Oid.TIMESTAMP, v, LocalDateTime.class);
    }

    static OffsetDateTime offsetDateTime(GwConnection c, Object v) throws SQLException {
        return (OffsetDateTime) cast(c, Oid.TIMESTAMPTZ, v, OffsetDateTime.class);
    }

    private static ZoneId zone(Calendar cal) {
        return cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
    }

    static java.sql.Date sqlDate(LocalDate d, Calendar cal) {
        if (d.equals(LocalDate.MAX)) {
            return new java.sql.Date(POSITIVE_INFINITY);
        }
        if (d.equals(LocalDate.MIN)) {
            return new java.sql.Date(NEGATIVE_INFINITY);
        }
        if (cal == null) {
            return java.sql.Date.valueOf(d);
        }
        return new java.sql.Date(d.atStartOfDay(zone(cal)).toInstant().toEpochMilli());
    }

    static Time sqlTime(LocalTime t, Calendar cal) {
        LocalDateTime epochDay = LocalDate.of(1970, 1, 1).atTime(t);
        long millis = epochDay.atZone(zone(cal)).toInstant().toEpochMilli();
        return new Time(millis);
    }

    static Time sqlTime(OffsetTime t, Calendar cal) {
        long millis = t.atDate(LocalDate.of(1970, 1, 1)).toInstant().toEpochMilli();
        return new Time(millis);
    }

    static Timestamp sqlTimestamp(LocalDateTime t, Calendar cal) {
        if (t.equals(LocalDateTime.MAX)) {
            return new Timestamp(POSITIVE_INFINITY);
        }
        if (t.equals(LocalDateTime.MIN)) {
            return new Timestamp(NEGATIVE_INFINITY);
        }
        if (cal == null) {
            return Timestamp.valueOf(t);
        }
        return Timestamp.from(t.atZone(zone(cal)).toInstant());
    }

    static Timestamp sqlTimestamp(OffsetDateTime t) {
        if (t.equals(OffsetDateTime.MAX)) {
            return new Timestamp(POSITIVE_INFINITY);
        }
        if (t.equals(OffsetDateTime.MIN)) {
            return new Timestamp(NEGATIVE_INFINITY);
        }
        return Timestamp.from(t.toInstant());
    }

    /** @return the instant of a timestamptz, or of a timestamp read in {@code cal}'s zone */
    static Instant instant(GwConnection c, int oid, String text, Calendar cal) throws SQLException {
        if (oid == Oid.TIMESTAMPTZ) {
            return offsetDateTime(c, text).toInstant();
        }
        return localDateTime(c, text).atZone(zone(cal)).toInstant();
    }
}
