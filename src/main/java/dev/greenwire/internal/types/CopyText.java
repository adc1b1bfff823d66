package dev.greenwire.internal.types;

import dev.greenwire.Connection;
import dev.greenwire.DataException;
import dev.greenwire.ProgrammingException;
import dev.greenwire.adapt.Conformable;
import dev.greenwire.adapt.Json;
import dev.greenwire.adapt.SqlQuote;
import dev.greenwire.extras.Composite;
import dev.greenwire.extras.Range;
import java.util.Arrays;
import java.util.List;

/**
 * COPY's text format: the text form of Java values (what the server's input functions read,
 * the same values the built-in adapters write as literals, without the quotes), escaped for
 * COPY — {@code \N} (or the statement's NULL string) for NULL, a backslash before a backslash,
 * the delimiter, and as {@code \t \n \r} for tab, newline and carriage return — and the reverse,
 * a field of the server's output de-escaped.
 *
 * <p>Text forms: Boolean {@code t}/{@code f}; integers and BigDecimal as digits
 * ({@code toPlainString}); Float and Double as Java prints them, {@code NaN},
 * {@code Infinity}, {@code -Infinity}; strings, characters and enums (their name) as they are;
 * byte[] and ByteBuffer {@code \x0a0b}; UUID; dates and times in ISO form (BC years and the
 * infinities as the adapters write them); Duration {@code H:MM:SS.f}; PgInterval, InetAddress,
 * Cidr as their adapters write them; Lists and arrays as array text {@code {1,"a b",NULL}};
 * {@link Range} {@code [1,10)}; {@link Composite} and records {@code (1,"a b",)}; a
 * {@link Json} its text. Anything else goes through the adapters (a {@link Conformable}, a
 * {@link SqlQuote}, a registered adapter): its literal, unquoted, is its text form; an adapter
 * that writes an expression rather than a literal cannot be used in a COPY.
 */
public final class CopyText {
    private CopyText() {
    }

    // ---- writing ----------------------------------------------------------------------------

    /**
     * Appends one row: fields separated by {@code delim}, ending with a newline.
     *
     * @param out the destination
     * @param values the row
     * @param delim the delimiter (tab by default)
     * @param nullMarker the NULL string, encoded
     * @param customNull true when the NULL string is not {@code \N}: a value that would read back
     *                   as NULL is refused
     * @param names the columns' names for errors, or null to number the values
     * @param ctx the client encoding
     * @param conn the connection (for adapters), may be null
     */
    public static void writeRow(ByteBuf out, Object[] values, byte delim, byte[] nullMarker, boolean customNull,
                                List<String> names, QuoteContext ctx, Connection conn) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(delim);
            }
            Object v = values[i];
            int start = out.length();
            try {
                writeField(out, v, delim, nullMarker, ctx, conn);
            } catch (DataException | ProgrammingException e) {
                throw withColumn(e, what(names, i));
            }
            if (customNull && v != null && out.length() - start == nullMarker.length
                    && Arrays.equals(out.array(), start, out.length(), nullMarker, 0, nullMarker.length)) {
                throw new DataException(what(names, i) + ": the value would read back as NULL: it equals the"
                        + " statement's NULL string");
            }
        }
        out.write('\n');
    }

    private static String what(List<String> names, int i) {
        return names != null && i < names.size() ? "column \"" + names.get(i) + "\"" : "value " + (i + 1) + " of the row";
    }

    private static RuntimeException withColumn(RuntimeException e, String what) {
        String m = what + ": " + e.getMessage();
        return e instanceof DataException ? new DataException(m, e) : new ProgrammingException(m, e);
    }

    private static void writeField(ByteBuf out, Object v, byte delim, byte[] nullMarker, QuoteContext ctx,
                                   Connection conn) {
        if (v == null) {
            out.write(nullMarker);
            return;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            if (!Adaptation.hasRegisteredAdapter(v.getClass())) {
                out.writeAscii(v.toString());
                return;
            }
        }
        if (v instanceof String s && !Adaptation.hasRegisteredAdapter(String.class)) {
            escaped(out, s, delim, ctx);
            return;
        }
        String t = textForm(v, ctx, conn);
        if (t == null) {
            out.write(nullMarker);
        } else {
            escaped(out, t, delim, ctx);
        }
    }

    /** Appends {@code s} encoded, with COPY's escapes. */
    static void escaped(ByteBuf out, CharSequence s, byte delim, QuoteContext ctx) {
        int n = s.length();
        int run = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || (c > '\\' && c != delim)) {
                continue;
            }
            char esc;
            if (c == '\\') {
                esc = '\\';
            } else if (c == '\n') {
                esc = 'n';
            } else if (c == '\r') {
                esc = 'r';
            } else if (c == '\t') {
                esc = 't';
            } else if (c == delim) {
                esc = c;
            } else if (c == 0) {
                throw new DataException("a text value cannot contain NUL (0x00) characters");
            } else {
                continue;
            }
            if (run < i) {
                out.writeText(s, run, i, ctx);
            }
            out.write('\\');
            out.write(esc);
            run = i + 1;
        }
        if (run < n) {
            out.writeText(s, run, n, ctx);
        }
    }

    /**
     * The text form of a value, as the server's input function reads it (not escaped for COPY).
     *
     * @param v the value, not null
     * @param ctx the client encoding (for adapters' literals)
     * @param conn the connection, may be null
     * @return the text, or null when the value's adapter writes NULL
     */
    public static String textForm(Object v, QuoteContext ctx, Connection conn) {
        return CopyTextForms.textForm(v, ctx, conn);
    }

    // ---- reading ----------------------------------------------------------------------------

    /**
     * De-escapes one field of the server's text output ({@code \\}, {@code \t}, octal and hex
     * escapes…) into {@code out}.
     *
     * @param b the row
     * @param from the field's first byte
     * @param to its end
     * @param out receives the bytes (reset first)
     */
    public static void unescape(byte[] b, int from, int to, ByteBuf out) {
        out.setLength(0);
        int i = from;
        while (i < to) {
            byte c = b[i++];
            if (c != '\\' || i >= to) {
                out.write(c);
                continue;
            }
            byte d = b[i++];
            switch (d) {
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0B);
                case 'x' -> {
                    int v = 0;
                    int k = 0;
                    while (k < 2 && i < to && Character.digit(b[i], 16) >= 0) {
                        v = v * 16 + Character.digit(b[i++], 16);
                        k++;
                    }
                    out.write(k == 0 ? 'x' : v);
                }
                default -> {
                    if (d >= '0' && d <= '7') {
                        int v = d - '0';
                        for (int k = 0; k < 2 && i < to && b[i] >= '0' && b[i] <= '7'; k++) {
                            v = v * 8 + (b[i++] - '0');
                        }
                        out.write(v);
                    } else {
                        out.write(d);
                    }
                }
            }
        }
    }
}
