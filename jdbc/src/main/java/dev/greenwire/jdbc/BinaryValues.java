package dev.greenwire.jdbc;

import dev.greenwire.cast.Oid;
import dev.greenwire.internal.types.BinaryCodec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.function.IntPredicate;

/**
 * The columns a prepared statement reads in binary ({@code binaryTransfer}, on by default as in
 * pgjdbc): the integer, oid, floating-point, numeric, date, time(tz), timestamp(tz), interval,
 * uuid, boolean and bytea types and arrays of them,
 * whose binary form costs the server and the client less than text (no {@code float8out} or
 * {@code timestamptz_out}, no parsing per value, half the bytes of a bytea's hex text), and their
 * decoding (all but the integers and floats by the core's codec, into what its typecasters make
 * of the text). Text forms are
 * rebuilt exactly as the server writes them: floating point as with {@code extra_float_digits}
 * ≥ 1, the server's default (the shortest exact form), numerics at their display scale, dates
 * and times in the ISO {@code DateStyle} the driver sets, a timestamptz in the session time
 * zone, an interval in the default {@code IntervalStyle} ({@code postgres}; in the other styles
 * intervals are read as text).
 */
final class BinaryValues {
    private BinaryValues() {
    }

    /**
     * The columns a prepared statement of {@code conn} asks for in binary: those of
     * {@link #readInBinary} that {@code binaryTransferDisable} does not name, a timestamptz only
     * while Java knows the session's time zone (a binary timestamptz is an instant: its offset
     * and text come from Java's rules for that zone, which may differ from the server's time-zone
     * data for old dates in zones that tzdata merged, Europe/Amsterdam before 1937 say), an
     * interval only while the session's {@code IntervalStyle} is {@code postgres}, the style its
     * text is rebuilt in.
     */
    static IntPredicate columns(GwConnection conn) {
        IntPredicate scalar = oid -> readInBinary(oid) && !conn.cfg.binaryDisabled.contains(oid)
                && (oid != Oid.TIMESTAMPTZ || conn.in.sessionZone(conn.caster()) != null)
                && (oid != Oid.INTERVAL || "postgres".equals(conn.engine.intervalStyle()));
        return oid -> {
            int elem = arrayElement(oid);
            if (elem != 0 && BinaryCodec.textElement(elem)) {
                return !conn.cfg.binaryDisabled.contains(elem);
            }
            return scalar.test(elem != 0 ? elem : oid);
        };
    }

    /**
     * @return the element type of an array type whose elements are read in binary (arrays of
     *         them are too, with {@link BinaryArrays}, and arrays of the text types; a
     *         {@code binaryTransferDisable} of the element type keeps its arrays in text), else 0
     */
    static int arrayElement(int oid) {
        int elem = dev.greenwire.internal.types.CopyBinary.elementOf(oid);
        return elem != 0 && (readInBinary(elem) || BinaryCodec.textElement(elem)) ? elem : 0;
    }

    /**
     * The names {@code binaryTransferDisable} takes for the core's
     * {@linkplain BinaryCodec#textElement text types}, whose arrays are read in binary.
     */
    static final java.util.Map<String, Integer> TEXT_ELEMENTS = java.util.Map.of("text", Oid.TEXT,
            "varchar", Oid.VARCHAR, "bpchar", Oid.BPCHAR, "name", Oid.NAME);

    /**
     * What {@link #columns} depends on besides the core's own inputs (typecasters, time zone): a
     * prepared statement's result formats chosen under one {@code IntervalStyle} are not reused
     * under another.
     */
    static Object owner(GwConnection conn) {
        String style = conn.engine.intervalStyle();
        return "postgres".equals(style) ? "jdbc" : "jdbc, IntervalStyle " + style;
    }

    /** The types read in binary, by the names {@code binaryTransferEnable}/{@code Disable} take. */
    static final java.util.Map<String, Integer> TYPES = java.util.Map.ofEntries(java.util.Map.entry("int2", Oid.INT2),
            java.util.Map.entry("int4", Oid.INT4), java.util.Map.entry("int8", Oid.INT8),
            java.util.Map.entry("float4", Oid.FLOAT4), java.util.Map.entry("float8", Oid.FLOAT8),
            java.util.Map.entry("numeric", Oid.NUMERIC), java.util.Map.entry("date", Oid.DATE),
            java.util.Map.entry("time", Oid.TIME), java.util.Map.entry("timetz", Oid.TIMETZ),
            java.util.Map.entry("timestamp", Oid.TIMESTAMP), java.util.Map.entry("interval", Oid.INTERVAL),
            java.util.Map.entry("oid", Oid.OID),
            java.util.Map.entry("timestamptz", Oid.TIMESTAMPTZ), java.util.Map.entry("uuid", Oid.UUID),
            java.util.Map.entry("bool", Oid.BOOL), java.util.Map.entry("bytea", Oid.BYTEA));
    /** {@link #TYPES} by OID (all of them below 4096). */
    private static final boolean[] BINARY = new boolean[4096];

    static {
        for (int oid : TYPES.values()) {
            BINARY[oid] = true;
        }
    }

    static boolean readInBinary(int oid) {
        return oid >= 0 && oid < BINARY.length && BINARY[oid];
    }

    /** @return whether the type is decoded by the core's codec: one read in binary, not an integer, oid or float */
    static boolean byCodec(int oid) {
        return readInBinary(oid) && oid != Oid.INT2 && oid != Oid.INT4 && oid != Oid.INT8 && oid != Oid.OID
                && !isFloat(oid);
    }

    static boolean isFloat(int oid) {
        return oid == Oid.FLOAT8 || oid == Oid.FLOAT4;
    }

    /** @return the integer in {@code b[off..off+len)} (int2, int4, int8 or the unsigned oid, big-endian) */
    static long integer(byte[] b, int off, int len, int oid) {
        long v = b[off];
        for (int i = 1; i < len; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return oid == Oid.OID ? v & 0xffffffffL : v;
    }

    /** @return the big-endian int4 at {@code b[off]} */
    static int i32(byte[] b, int off) {
        return (int) integer(b, off, 4, Oid.INT4);
    }

    /** @return the float4 or float8 in {@code b[off..]} */
    static double floating(byte[] b, int off, int oid) {
        if (oid == Oid.FLOAT4) {
            return Float.intBitsToFloat((int) integer(b, off, 4, oid));
        }
        return Double.longBitsToDouble(integer(b, off, 8, oid));
    }

    /**
     * @return the value as a double, the same as read from its text: a float4 becomes the double
     *         nearest its shortest decimal form ({@code 2.1474836e+09}), not its exact widening
     */
    static double asDouble(byte[] b, int off, int len, int oid) {
        return switch (oid) {
            case Oid.FLOAT8 -> floating(b, off, oid);
            case Oid.FLOAT4 -> {
                float f = (float) floating(b, off, oid);
                yield Float.isNaN(f) || Float.isInfinite(f) || f == 0 ? f : shortest(f, true).doubleValue();
            }
            default -> integer(b, off, len, oid);
        };
    }

    /** @return the value as {@code getObject} gives it: Integer (int2, int4), Long (int8, oid), Float or Double */
    static Object object(byte[] b, int off, int len, int oid) {
        return switch (oid) {
            case Oid.INT2, Oid.INT4 -> (int) integer(b, off, len, oid);
            case Oid.INT8, Oid.OID -> integer(b, off, len, oid);
            case Oid.FLOAT4 -> (float) floating(b, off, oid);
            default -> floating(b, off, oid);
        };
    }

    /** @return the value's text, as the server would have sent it */
    static String text(byte[] b, int off, int len, int oid) {
        return isFloat(oid) ? floatText(floating(b, off, oid), oid == Oid.FLOAT4) : Long.toString(integer(b, off, len, oid));
    }

    /**
     * The server's text of a value the core's codec decoded: a numeric (a BigDecimal at its display
     * scale, or a Double for NaN and the infinities), a uuid, a boolean ({@code t}, {@code f}), an
     * interval ({@code IntervalStyle} {@code postgres}), a date or a time(stamp) ({@link #temporalText}).
     */
    static String codecText(Object v) {
        if (v instanceof byte[] b) {
            return byteaHex(b);
        }
        if (v instanceof dev.greenwire.cast.PgInterval i) {
            return i.toString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof java.util.UUID || v instanceof Boolean) {
            return v instanceof Boolean b ? (b ? "t" : "f") : v.toString();
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }
        return temporalText(v);
    }

    /**
     * @return bytea's text in the hex format, the server's default {@code bytea_output}:
     *         {@code \x00ff41}
     */
    static String byteaHex(byte[] b) {
        return "\\x" + java.util.HexFormat.of().formatHex(b);
    }

    /**
     * The server's text (ISO {@code DateStyle}) of a LocalDate, LocalTime, OffsetTime, LocalDateTime
     * or OffsetDateTime decoded from a date, time, timetz, timestamp or timestamptz:
     * {@code 2024-01-02 03:04:05.5+05:30}, {@code 03:04:05-08},
     * {@code 0044-03-15 BC}, {@code infinity}.
     */
    static String temporalText(Object v) {
        if (v instanceof LocalTime t) {
            return t.equals(LocalTime.MAX) ? "24:00:00" : timeText(new StringBuilder(15), t).toString();
        }
        if (v instanceof java.time.OffsetTime t) {
            StringBuilder sb = new StringBuilder(24);
            if (t.toLocalTime().equals(LocalTime.MAX)) {
                sb.append("24:00:00");
            } else {
                timeText(sb, t.toLocalTime());
            }
            return offsetText(sb, t.getOffset().getTotalSeconds()).toString();
        }
        if (v.equals(LocalDate.MAX) || v.equals(LocalDateTime.MAX) || v.equals(OffsetDateTime.MAX)) {
            return "infinity";
        }
        if (v.equals(LocalDate.MIN) || v.equals(LocalDateTime.MIN) || v.equals(OffsetDateTime.MIN)) {
            return "-infinity";
        }
        StringBuilder sb = new StringBuilder(32);
        LocalDate d = v instanceof LocalDate x ? x : v instanceof LocalDateTime t ? t.toLocalDate()
                : ((OffsetDateTime) v).toLocalDate();
        int year = d.getYear();
        pad(sb, year > 0 ? year : 1 - year, 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2);
        if (!(v instanceof LocalDate)) {
            timeText(sb.append(' '), v instanceof LocalDateTime x ? x.toLocalTime() : ((OffsetDateTime) v).toLocalTime());
            if (v instanceof OffsetDateTime o) {
                offsetText(sb, o.getOffset().getTotalSeconds());
            }
        }
        if (year <= 0) {
            sb.append(" BC");
        }
        return sb.toString();
    }

    /** Appends a UTC offset as the server writes it: {@code +05}, {@code -03:30}, {@code +00:19:32}. */
    private static StringBuilder offsetText(StringBuilder sb, int secs) {
        int abs = Math.abs(secs);
        sb.append(secs >= 0 ? '+' : '-');
        pad(sb, abs / 3600, 2);
        if (abs % 60 != 0) {
            pad(sb.append(':'), abs / 60 % 60, 2);
            pad(sb.append(':'), abs % 60, 2);
        } else if (abs / 60 % 60 != 0) {
            pad(sb.append(':'), abs / 60 % 60, 2);
        }
        return sb;
    }

    /** Appends {@code HH:MM:SS} and the microseconds without trailing zeros, as the server writes a time. */
    private static StringBuilder timeText(StringBuilder sb, LocalTime t) {
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            int end = sb.append('.').length();
            pad(sb, micros, 6);
            int last = sb.length();
            while (last > end && sb.charAt(last - 1) == '0') {
                last--;
            }
            sb.setLength(last);
        }
        return sb;
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    /**
     * The server's text of a float4 or float8 with {@code extra_float_digits} ≥ 1: the shortest
     * digits that read back as the same value, in fixed notation when the decimal exponent is in
     * [-4, 6) for float4 and [-4, 15) for float8 ({@code %g}'s rule), otherwise as
     * {@code 1.5e+20}; {@code NaN}, {@code Infinity}, {@code -Infinity}, {@code -0}.
     */
    static String floatText(double d, boolean float4) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal v = shortest(d, float4);
        String digits = v.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - v.scale();
        StringBuilder sb = new StringBuilder(digits.length() + 8);
        if (v.signum() < 0) {
            sb.append('-');
        }
        if (exp >= -4 && exp < (float4 ? 6 : 15)) {
            if (exp < 0) {
                sb.append("0.");
                for (int k = -1; k > exp; k--) {
                    sb.append('0');
                }
                sb.append(digits);
            } else if (digits.length() <= exp + 1) {
                sb.append(digits);
                for (int k = digits.length(); k <= exp; k++) {
                    sb.append('0');
                }
            } else {
                sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int a = Math.abs(exp);
            sb.append('e').append(exp < 0 ? '-' : '+').append(a < 10 ? "0" : "").append(a);
        }
        return sb.toString();
    }

    /**
     * The shortest decimal that reads back as {@code d}, the closest of them when there are
     * several (the server's Ryu rule). Java's {@code toString} gives it too, except that it writes
     * at least two significant digits: a one-digit form that reads back as well wins
     * ({@code 4.9E-324} is {@code 5e-324}).
     */
    private static BigDecimal shortest(double d, boolean float4) {
        BigDecimal v = new BigDecimal(float4 ? Float.toString((float) d) : Double.toString(d)).stripTrailingZeros();
        if (v.precision() != 2) {
            return v;
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal best = null;
        for (java.math.RoundingMode m : new java.math.RoundingMode[] {java.math.RoundingMode.FLOOR,
            java.math.RoundingMode.CEILING}) {
            BigDecimal one = v.round(new java.math.MathContext(1, m));
            boolean same = float4 ? one.floatValue() == (float) d : one.doubleValue() == d;
            if (same && (best == null || one.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                best = one;
            }
        }
        return best == null ? v : best.stripTrailingZeros();
    }
}
