package dev.greenwire.internal.types;

import dev.greenwire.Connection;
import dev.greenwire.DataException;
import dev.greenwire.ProgrammingException;
import dev.greenwire.adapt.Conformable;
import dev.greenwire.adapt.Json;
import dev.greenwire.adapt.SqlQuote;
import dev.greenwire.cast.Cidr;
import dev.greenwire.cast.PgInterval;
import dev.greenwire.extras.Composite;
import dev.greenwire.extras.Range;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The text form of Java values for COPY's text format, as {@link CopyText} describes it (not yet escaped for COPY). */
final class CopyTextForms {
    private CopyTextForms() {
    }

    /** {@link CopyText#textForm}. */
    static String textForm(Object v, QuoteContext ctx, Connection conn) {
        if (v instanceof Conformable || v instanceof SqlQuote && !(v instanceof Json)) {
            return viaAdapter(v, ctx, conn);
        }
        if (v instanceof Record r && !(v instanceof PgInterval) && !(v instanceof Cidr)) {
            return composite(recordValues(r), ctx, conn);
        }
        Class<?> cls = v.getClass();
        if (Adaptation.hasRegisteredAdapter(cls)) {
            return viaAdapter(v, ctx, conn);
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof Double d) {
            return floating(d, Double.toString(d));
        }
        if (v instanceof Float f) {
            return floating(f, Float.toString(f));
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof CharSequence || v instanceof Character) {
            return v.toString();
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof byte[] b) {
            return hex(b, 0, b.length);
        }
        if (v instanceof ByteBuffer bb) {
            ByteBuffer d = bb.duplicate();
            byte[] b = new byte[d.remaining()];
            d.get(b);
            return hex(b, 0, b.length);
        }
        if (v instanceof UUID) {
            return v.toString();
        }
        if (v instanceof LocalDate d) {
            return date(d);
        }
        if (v instanceof LocalTime t) {
            return BuiltinAdapters.time(new StringBuilder(18), t).toString();
        }
        if (v instanceof OffsetTime t) {
            return BuiltinAdapters.time(new StringBuilder(24), t.toLocalTime()).append(offset(t.getOffset())).toString();
        }
        if (v instanceof LocalDateTime t) {
            return timestamp(t, null);
        }
        if (v instanceof OffsetDateTime t) {
            return t.equals(OffsetDateTime.MAX) ? "infinity" : t.equals(OffsetDateTime.MIN) ? "-infinity"
                    : timestamp(t.toLocalDateTime(), t.getOffset());
        }
        if (v instanceof ZonedDateTime t) {
            return timestamp(t.toLocalDateTime(), t.getOffset());
        }
        if (v instanceof Instant i) {
            if (i.equals(Instant.MAX) || i.equals(Instant.MIN)) {
                return i.equals(Instant.MAX) ? "infinity" : "-infinity";
            }
            try {
                return timestamp(LocalDateTime.ofEpochSecond(i.getEpochSecond(), i.getNano(), ZoneOffset.UTC), ZoneOffset.UTC);
            } catch (java.time.DateTimeException e) {
                throw new DataException("the instant " + i + " is out of the range of timestamptz", e);
            }
        }
        if (v instanceof Duration d) {
            return duration(d);
        }
        if (v instanceof PgInterval || v instanceof Cidr) {
            return v.toString();
        }
        if (v instanceof InetAddress a) {
            return Inets.format(a);
        }
        if (v instanceof Json j) {
            return j.text();
        }
        if (v instanceof List || (cls.isArray())) {
            StringBuilder sb = new StringBuilder(32);
            array(sb, v, ctx, conn);
            return sb.toString();
        }
        if (v instanceof Range<?> r) {
            return range(r, ctx, conn);
        }
        if (v instanceof Composite c) {
            return composite(c.values(), ctx, conn);
        }
        return viaAdapter(v, ctx, conn); // raises "can't adapt type" for what nothing adapts
    }

    private static String floating(double d, String repr) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return repr;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String hex(byte[] b, int off, int len) {
        char[] c = new char[2 + 2 * len];
        c[0] = '\\';
        c[1] = 'x';
        for (int i = 0; i < len; i++) {
            int x = b[off + i];
            c[2 + 2 * i] = HEX[(x >> 4) & 0xF];
            c[3 + 2 * i] = HEX[x & 0xF];
        }
        return new String(c);
    }

    private static String date(LocalDate d) {
        if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
            return d.equals(LocalDate.MAX) ? "infinity" : "-infinity";
        }
        StringBuilder sb = new StringBuilder(16);
        return BuiltinAdapters.date(sb, d) ? sb.append(" BC").toString() : sb.toString();
    }

    private static String timestamp(LocalDateTime t, ZoneOffset offset) {
        if (offset == null && (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN))) {
            return t.equals(LocalDateTime.MAX) ? "infinity" : "-infinity";
        }
        StringBuilder sb = new StringBuilder(40);
        boolean bc = BuiltinAdapters.date(sb, t.toLocalDate());
        BuiltinAdapters.time(sb.append(' '), t.toLocalTime());
        if (offset != null) {
            sb.append(offset(offset));
        }
        return bc ? sb.append(" BC").toString() : sb.toString();
    }

    private static String offset(ZoneOffset o) {
        return o.getTotalSeconds() == 0 ? "+00:00" : o.getId();
    }

    private static String duration(Duration d) {
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
        int m = (int) (secs / 60 % 60);
        int s = (int) (secs % 60);
        sb.append(m < 10 ? "0" : "").append(m).append(':').append(s < 10 ? "0" : "").append(s);
        int nanos = abs.getNano();
        if (nanos != 0) {
            String f = Integer.toString(1_000_000_000 + nanos).substring(1);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        return sb.toString();
    }

    // ---- structured values ------------------------------------------------------------------

    private static void array(StringBuilder sb, Object arr, QuoteContext ctx, Connection conn) {
        sb.append('{');
        List<?> elems = elements(arr);
        for (int i = 0; i < elems.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object e = elems.get(i);
            if (e == null) {
                sb.append("NULL");
            } else if (e instanceof List || (e.getClass().isArray() && !(e instanceof byte[]))) {
                array(sb, e, ctx, conn);
            } else {
                String t = textForm(e, ctx, conn);
                if (t == null) {
                    sb.append("NULL");
                } else {
                    quoted(sb, t, t.isEmpty() || t.equalsIgnoreCase("NULL") || needsQuotes(t, "{}\",\\"), false);
                }
            }
        }
        sb.append('}');
    }

    /** A List's elements, or an array's (primitive arrays boxed). */
    static List<?> elements(Object o) {
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof Object[] a) {
            return Arrays.asList(a);
        }
        int n = java.lang.reflect.Array.getLength(o);
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(java.lang.reflect.Array.get(o, i));
        }
        return l;
    }

    private static String composite(List<?> values, QuoteContext ctx, Connection conn) {
        StringBuilder sb = new StringBuilder(32).append('(');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            field(sb, values.get(i), ctx, conn);
        }
        return sb.append(')').toString();
    }

    /** A composite field or a range bound: nothing for NULL, quoted ({@code ""} and {@code \\} doubled) when needed. */
    private static void field(StringBuilder sb, Object v, QuoteContext ctx, Connection conn) {
        if (v == null) {
            return;
        }
        String t = textForm(v, ctx, conn);
        if (t != null) {
            quoted(sb, t, t.isEmpty() || needsQuotes(t, "()[],\"\\"), true);
        }
    }

    private static String range(Range<?> r, QuoteContext ctx, Connection conn) {
        if (r.isEmpty()) {
            return "empty";
        }
        String b = r.bounds();
        StringBuilder sb = new StringBuilder(32).append(b.charAt(0));
        field(sb, r.lower(), ctx, conn);
        sb.append(',');
        field(sb, r.upper(), ctx, conn);
        return sb.append(b.charAt(1)).toString();
    }

    private static boolean needsQuotes(String t, String specials) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (specials.indexOf(c) >= 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f') {
                return true;
            }
        }
        return false;
    }

    /** Appends {@code t}, in double quotes when asked: a quote as {@code ""} (composites) or {@code \"} (arrays). */
    private static void quoted(StringBuilder sb, String t, boolean quote, boolean doubleQuotes) {
        if (!quote) {
            sb.append(t);
            return;
        }
        sb.append('"');
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\') {
                sb.append('\\');
            } else if (c == '"') {
                sb.append(doubleQuotes ? '"' : '\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    /**
     * A record's component values, in declaration order.
     *
     * @param rec the record
     * @return its values
     */
    static List<Object> recordValues(Record rec) {
        RecordComponent[] comps = rec.getClass().getRecordComponents();
        List<Object> values = new ArrayList<>(comps.length);
        for (RecordComponent rc : comps) {
            Method m = rc.getAccessor();
            try {
                m.setAccessible(true);
            } catch (RuntimeException e) {
                // public accessors of an exported package work without it
            }
            try {
                values.add(m.invoke(rec));
            } catch (IllegalAccessException e) {
                throw new ProgrammingException("can't read component '" + rc.getName() + "' of "
                        + rec.getClass().getName() + ": make the record public or open its package", e);
            } catch (InvocationTargetException e) {
                throw new DataException("the accessor of '" + rc.getName() + "' of " + rec.getClass().getName()
                        + " failed: " + e.getCause(), e.getCause());
            }
        }
        return values;
    }

    // ---- through the adapters ---------------------------------------------------------------

    /** The adapter's literal, unquoted: {@code 'x'}, {@code E'x'}, {@code 'x'::type}, digits, true/false, NULL. */
    private static String viaAdapter(Object v, QuoteContext ctx, Connection conn) {
        byte[] lit = Adaptation.quote(v, conn, ctx);
        String s = new String(lit, ctx.charset()).strip();
        String text = unquote(s, ctx.standardConformingStrings());
        if (text == UNPARSED) {
            String shown = s.length() > 60 ? s.substring(0, 60) + "…" : s;
            throw new ProgrammingException("can't COPY a value of type '" + v.getClass().getSimpleName()
                    + "' in text format: its adapter writes an SQL expression (" + shown + "), not a literal");
        }
        return text;
    }

    private static final String UNPARSED = new String("unparsed");

    static String unquote(String s, boolean scs) {
        if (s.equalsIgnoreCase("NULL")) {
            return null;
        }
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return s.toLowerCase(java.util.Locale.ROOT);
        }
        String num = s.startsWith("(") && s.endsWith(")") ? s.substring(1, s.length() - 1).strip() : s;
        if (!num.isEmpty() && num.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return num;
        }
        boolean e = false;
        int i = 0;
        if (s.length() > 1 && (s.charAt(0) == 'E' || s.charAt(0) == 'e') && s.charAt(1) == '\'') {
            e = true;
            i = 1;
        }
        if (i >= s.length() || s.charAt(i) != '\'') {
            return UNPARSED;
        }
        boolean backslashes = e || !scs;
        StringBuilder sb = new StringBuilder(s.length());
        i++;
        for (;;) {
            if (i >= s.length()) {
                return UNPARSED;
            }
            char c = s.charAt(i);
            if (c == '\'') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    sb.append('\'');
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            if (c == '\\' && backslashes && i + 1 < s.length()) {
                char d = s.charAt(i + 1);
                i += 2;
                switch (d) {
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    default -> sb.append(d);
                }
                continue;
            }
            sb.append(c);
            i++;
        }
        String rest = s.substring(i).strip();
        if (!rest.isEmpty() && !(rest.startsWith("::") && rest.substring(2).matches("[\\p{L}\\p{N}_$.\" \\[\\]]+"))) {
            return UNPARSED;
        }
        return sb.toString();
    }
}
