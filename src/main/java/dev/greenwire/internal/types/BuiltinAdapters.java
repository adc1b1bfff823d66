package dev.greenwire.internal.types;

import dev.greenwire.Connection;
import dev.greenwire.DataException;
import dev.greenwire.adapt.Binary;
import dev.greenwire.adapt.QuotedString;
import dev.greenwire.adapt.SqlQuote;
import dev.greenwire.cast.Cidr;
import dev.greenwire.cast.PgInterval;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The built-in adapters, with psycopg2's literals:
 * <ul>
 * <li>Boolean: {@code true}/{@code false}; Byte, Short, Integer, Long, BigInteger: digits,
 *     a negative number with a leading space ({@code " -5"}) as psycopg2 writes it, so that
 *     {@code %s-%s} can never form a {@code --} comment, except the minimum values of int2, int4
 *     and int8, written in parentheses ({@code (-32768)}) because {@code -32768::int2} means
 *     {@code -(32768::int2)}, which overflows;</li>
 * <li>Float, Double: the shortest text that parses back to the same value ({@code 1.5},
 *     {@code 1.0E-5}); NaN and infinities as {@code 'NaN'::float}, {@code 'Infinity'::float},
 *     {@code '-Infinity'::float}, negative zero as {@code '-0'::float}; BigDecimal: {@code toPlainString()} (never an exponent);</li>
 * <li>CharSequence, Character, Enum (its {@code name()}): {@link QuotedString};
 *     byte[], ByteBuffer (its remaining bytes; the position is not moved): {@link Binary};</li>
 * <li>UUID {@code '…'::uuid}, InetAddress {@code '1.2.3.4'::inet}, {@link Cidr} {@code '…'::cidr},
 *     {@link PgInterval} {@code '…'::interval};</li>
 * <li>LocalDate {@code '2024-01-02'::date}, LocalTime {@code '03:04:05.5'::time}, OffsetTime
 *     {@code '03:04:05+01:00'::timetz}, LocalDateTime {@code '2024-01-02T03:04:05.123456'::timestamp},
 *     OffsetDateTime, ZonedDateTime (its offset) and Instant (UTC) {@code '…+00:00'::timestamptz},
 *     Duration {@code '-1:02:03.5'::interval} (hours:minutes:seconds, all in the interval's time
 *     part). Fractions of a second are written in full and rounded to the microsecond by the
 *     server. Years before 1 are written as BC years ({@code '0044-03-15 BC'}, year 0 being 1 BC);
 *     years past 9999 get more digits; the server rejects what is out of its range. The MAX/MIN
 *     constants of LocalDate, LocalDateTime, OffsetDateTime and Instant are written
 *     {@code 'infinity'}/{@code '-infinity'}, matching what the typecasters read;</li>
 * <li>List, Object[] and primitive arrays: {@code ARRAY[a,b,c]}, elements adapted, nested lists
 *     and arrays as nested {@code ARRAY[…]} (not through the registry), a nested one with only
 *     NULLs as an untyped literal that takes its siblings' type; one with no non-null
 *     element at all as an untyped literal ({@code '{}'}, {@code '{NULL,NULL}'}) so that the
 *     server can give it the column's type;</li>
 * <li>{@link dev.greenwire.extras.Range}: {@code int4range(1, 10, '[)')}, {@code 'empty'::int4range};
 *     {@link dev.greenwire.extras.Composite}: {@code ROW(a, b)::type}.</li>
 * </ul>
 */
public final class BuiltinAdapters {
    private static final Map<Class<?>, Function<Object, SqlQuote>> EXACT = new HashMap<>();

    static {
        Function<Object, SqlQuote> integer = v -> number(v.toString());
        for (Class<?> c : List.of(Byte.class, Short.class, Integer.class, Long.class, BigInteger.class)) {
            EXACT.put(c, integer);
        }
        EXACT.put(Boolean.class, v -> new Literal((Boolean) v ? "true" : "false"));
        EXACT.put(Double.class, v -> floating((Double) v, Double.toString((Double) v)));
        EXACT.put(Float.class, v -> floating((Float) v, Float.toString((Float) v)));
        EXACT.put(BigDecimal.class, v -> number(((BigDecimal) v).toPlainString()));
        EXACT.put(String.class, v -> new QuotedString((String) v));
        EXACT.put(Character.class, v -> new QuotedString(v.toString()));
        EXACT.put(byte[].class, v -> new Binary((byte[]) v));
        EXACT.put(UUID.class, v -> typed(v.toString(), "uuid"));
        EXACT.put(LocalDate.class, v -> date((LocalDate) v));
        EXACT.put(LocalTime.class, v -> typed(time(new StringBuilder(18), (LocalTime) v).toString(), "time"));
        EXACT.put(OffsetTime.class, v -> offsetTime((OffsetTime) v));
        EXACT.put(LocalDateTime.class, v -> timestamp((LocalDateTime) v));
        EXACT.put(OffsetDateTime.class, v -> timestamptz((OffsetDateTime) v));
        EXACT.put(ZonedDateTime.class, v -> timestamptz(((ZonedDateTime) v).toOffsetDateTime()));
        EXACT.put(Instant.class, v -> instant((Instant) v));
        EXACT.put(Duration.class, v -> duration((Duration) v));
        EXACT.put(Cidr.class, v -> typed(v.toString(), "cidr"));
        EXACT.put(PgInterval.class, v -> typed(v.toString(), "interval"));
        EXACT.put(dev.greenwire.extras.Range.class, v -> Structured.range((dev.greenwire.extras.Range<?>) v));
        EXACT.put(dev.greenwire.extras.Composite.class, v -> Structured.composite((dev.greenwire.extras.Composite) v));
    }

    private BuiltinAdapters() {
    }

    /**
     * The built-in adapter for a class.
     *
     * @param c the value's class
     * @return the adapter, or null when no built-in applies
     */
    static Function<Object, SqlQuote> forClass(Class<?> c) {
        Function<Object, SqlQuote> f = EXACT.get(c);
        if (f != null) {
            return f;
        }
        if (CharSequence.class.isAssignableFrom(c)) {
            return v -> new QuotedString(v.toString());
        }
        if (Enum.class.isAssignableFrom(c)) {
            return v -> new QuotedString(((Enum<?>) v).name());
        }
        if (List.class.isAssignableFrom(c) || (c.isArray() && c != byte[].class)) {
            return ArrayQuote::of;
        }
        if (ByteBuffer.class.isAssignableFrom(c)) {
            return v -> {
                ByteBuffer b = ((ByteBuffer) v).duplicate();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                return new Binary(bytes);
            };
        }
        if (InetAddress.class.isAssignableFrom(c)) {
            return v -> typed(Inets.format((InetAddress) v), "inet");
        }
        return null;
    }

    // ---- numbers ----------------------------------------------------------------------------

    private static SqlQuote number(String s) {
        if (!s.startsWith("-")) {
            return new Literal(s);
        }
        // -32768::int2 parses as -(32768::int2), which overflows: the minimum values of int2,
        // int4 and int8 go in parentheses; other negative numbers keep psycopg2's " -5".
        return new Literal(s.equals("-32768") || s.equals("-2147483648") || s.equals("-9223372036854775808")
                ? "(" + s + ")" : " " + s);
    }

    /**
     * Whether a float's literal is a plain number (numeric to the server), not a quoted float8:
     * NaN, the infinities and -0 have no numeric literal.
     */
    static boolean numericLiteral(double d) {
        return !Double.isNaN(d) && !Double.isInfinite(d) && (d != 0 || Double.doubleToRawLongBits(d) == 0);
    }

    private static SqlQuote floating(double d, String repr) {
        if (numericLiteral(d)) {
            return number(repr);
        }
        if (Double.isNaN(d)) {
            return new Literal("'NaN'::float");
        }
        if (Double.isInfinite(d)) {
            return new Literal(d > 0 ? "'Infinity'::float" : "'-Infinity'::float");
        }
        return new Literal("'-0'::float"); // a numeric literal has no negative zero
    }

    // ---- date and time ----------------------------------------------------------------------

    private static SqlQuote typed(String text, String type) {
        return new Literal("'" + text + "'::" + type);
    }

    private static SqlQuote date(LocalDate d) {
        if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
            return typed(d.equals(LocalDate.MAX) ? "infinity" : "-infinity", "date");
        }
        StringBuilder sb = new StringBuilder(16);
        boolean bc = date(sb, d);
        return typed(bc ? sb.append(" BC").toString() : sb.toString(), "date");
    }

    private static SqlQuote timestamp(LocalDateTime t) {
        if (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN)) {
            return typed(t.equals(LocalDateTime.MAX) ? "infinity" : "-infinity", "timestamp");
        }
        StringBuilder sb = new StringBuilder(32);
        boolean bc = date(sb, t.toLocalDate());
        time(sb.append(bc ? ' ' : 'T'), t.toLocalTime());
        return typed(bc ? sb.append(" BC").toString() : sb.toString(), "timestamp");
    }

    private static SqlQuote timestamptz(OffsetDateTime t) {
        if (t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN)) {
            return typed(t.equals(OffsetDateTime.MAX) ? "infinity" : "-infinity", "timestamptz");
        }
        StringBuilder sb = new StringBuilder(40);
        boolean bc = date(sb, t.toLocalDate());
        time(sb.append(bc ? ' ' : 'T'), t.toLocalTime()).append(offset(t.getOffset()));
        return typed(bc ? sb.append(" BC").toString() : sb.toString(), "timestamptz");
    }

    private static SqlQuote instant(Instant i) {
        if (i.equals(Instant.MAX) || i.equals(Instant.MIN)) {
            return typed(i.equals(Instant.MAX) ? "infinity" : "-infinity", "timestamptz");
        }
        try {
            return timestamptz(i.atOffset(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            throw new DataException("the instant " + i + " is out of the range of timestamptz", e);
        }
    }

    private static SqlQuote offsetTime(OffsetTime t) {
        return typed(time(new StringBuilder(24), t.toLocalTime()).append(offset(t.getOffset())).toString(), "timetz");
    }

    private static SqlQuote duration(Duration d) {
        boolean neg = d.isNegative();
        Duration abs;
        try {
            abs = d.abs();
        } catch (ArithmeticException e) {
            throw new DataException("the duration " + d + " is out of the range of interval", e);
        }
        long secs = abs.getSeconds();
        StringBuilder sb = new StringBuilder(24);
        sb.append(neg ? "-" : "").append(secs / 3600).append(':');
        two(sb, (int) (secs / 60 % 60)).append(':');
        two(sb, (int) (secs % 60));
        fraction(sb, abs.getNano());
        return typed(sb.toString(), "interval");
    }

    /** Appends {@code yyyy-MM-dd}, the year as a BC year when before 1; returns whether BC. */
    static boolean date(StringBuilder sb, LocalDate d) {
        int y = d.getYear();
        boolean bc = y <= 0;
        String year = Integer.toString(bc ? 1 - y : y);
        for (int k = year.length(); k < 4; k++) {
            sb.append('0');
        }
        sb.append(year).append('-');
        two(sb, d.getMonthValue()).append('-');
        two(sb, d.getDayOfMonth());
        return bc;
    }

    /** Appends {@code HH:MM:SS} and the fraction of a second if any. */
    static StringBuilder time(StringBuilder sb, LocalTime t) {
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        fraction(sb, t.getNano());
        return sb;
    }

    private static void fraction(StringBuilder sb, int nanos) {
        if (nanos == 0) {
            return;
        }
        String f = Integer.toString(1_000_000_000 + nanos).substring(1);
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        sb.append('.').append(f, 0, end);
    }

    private static String offset(ZoneOffset o) {
        return o.getTotalSeconds() == 0 ? "+00:00" : o.getId();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return (v < 10 ? sb.append('0') : sb).append(v);
    }

    // ---- quoters ----------------------------------------------------------------------------

    /** A context-independent literal (ASCII). */
    static final class Literal implements SqlQuote {
        private final byte[] bytes;

        Literal(String text) {
            this.bytes = text.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public byte[] getQuoted() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
    }

    /** A List or an array as {@code ARRAY[...]}, quoted for the context it is prepared for. */
    static final class ArrayQuote {
        private ArrayQuote() {
        }

        static SqlQuote of(Object source) {
            return new Structured.Built((out, ctx, conn) -> write(source, out, ctx, conn));
        }

        private static void write(Object source, ByteBuf out, QuoteContext ctx, Connection conn) {
            List<?> elems = CopyTextForms.elements(source);
            if (!hasLeaf(elems)) {
                out.write('\'');
                untyped(elems, out);
                out.write('\'');
            } else {
                typed(elems, out, ctx, conn);
            }
        }

        private static void typed(List<?> elems, ByteBuf out, QuoteContext ctx, Connection conn) {
            out.writeAscii("ARRAY[");
            for (int i = 0; i < elems.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                Object e = elems.get(i);
                if (e == null) {
                    out.writeAscii("NULL");
                } else if (nested(e)) {
                    List<?> sub = CopyTextForms.elements(e);
                    if (hasLeaf(sub)) {
                        typed(sub, out, ctx, conn);
                    } else { // ARRAY[NULL] would be text[]: let the server give it its siblings' type
                        out.write('\'');
                        untyped(sub, out);
                        out.write('\'');
                    }
                } else {
                    out.write(Adaptation.quote(e, conn, ctx));
                }
            }
            out.write(']');
        }

        private static void untyped(List<?> elems, ByteBuf out) {
            out.write('{');
            for (int i = 0; i < elems.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                Object e = elems.get(i);
                if (e == null) {
                    out.writeAscii("NULL");
                } else {
                    untyped(CopyTextForms.elements(e), out);
                }
            }
            out.write('}');
        }

        private static boolean hasLeaf(List<?> elems) {
            for (Object e : elems) {
                if (e != null && (!nested(e) || hasLeaf(CopyTextForms.elements(e)))) {
                    return true;
                }
            }
            return false;
        }

        private static boolean nested(Object e) {
            return e instanceof List || (e.getClass().isArray() && !(e instanceof byte[]));
        }
    }
}
