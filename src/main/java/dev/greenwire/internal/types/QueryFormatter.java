package dev.greenwire.internal.types;

import dev.greenwire.Connection;
import dev.greenwire.ProgrammingException;
import java.util.HashMap;
import java.util.Map;

/**
 * psycopg2's client-side query formatting: the SQL text with each placeholder replaced by its
 * argument's literal, encoded in the connection's client encoding; these are the bytes sent.
 *
 * <p>Placeholders: {@code %s} (positional, with an {@code Object[]}), {@code %(name)s} (named,
 * with a {@code Map}); {@code %%} is a literal {@code %}. Errors are {@link ProgrammingException}s
 * with psycopg2's messages where it has one:
 * <ul>
 * <li>{@code not enough arguments for format string}, {@code not all arguments converted during
 *     string formatting} (positional count mismatch; unused map entries are fine);</li>
 * <li>{@code argument formats can't be mixed} ({@code %s} and {@code %(name)s} in one query);</li>
 * <li>{@code incomplete placeholder: '%(' without ')'};</li>
 * <li>{@code incomplete format} (a {@code %} ending the query);</li>
 * <li>{@code unsupported format character 'x' (0x78) at index n} (any other {@code %x}, and
 *     {@code %(name)x});</li>
 * <li>{@code query parameter missing: name} (psycopg2 raises KeyError);</li>
 * <li>{@code %s placeholders need positional arguments, not a Map} and
 *     {@code %(name)s placeholders need a Map of arguments} when the query's first placeholder
 *     does not match the kind of arguments given.</li>
 * </ul>
 * One pass over the text, no regular expressions; a named value used several times is adapted once.
 */
public final class QueryFormatter {
    private QueryFormatter() {
    }

    /**
     * Formats a query with positional arguments.
     *
     * @param sql the query with {@code %s} placeholders
     * @param args the arguments (null: the text is only encoded, {@code %} left alone)
     * @param conn the connection (encoding, standard_conforming_strings), or null for UTF-8 and on
     * @return the bytes to send
     */
    public static byte[] format(String sql, Object[] args, Connection conn) {
        return format(sql, args, conn, QuoteContext.of(conn));
    }

    /**
     * Formats a query with named arguments.
     *
     * @param sql the query with {@code %(name)s} placeholders
     * @param args the arguments by name (null: the text is only encoded, {@code %} left alone)
     * @param conn the connection, or null for UTF-8 and standard conforming strings
     * @return the bytes to send
     */
    public static byte[] format(String sql, Map<String, ?> args, Connection conn) {
        return format(sql, args, conn, QuoteContext.of(conn));
    }

    /**
     * {@link #format(String, Object[], Connection)} for an explicit context.
     *
     * @param sql the query
     * @param args the arguments, or null
     * @param conn the connection (passed to user adapters' {@code prepare}), may be null
     * @param ctx the encoding and standard_conforming_strings setting
     * @return the bytes to send
     */
    public static byte[] format(String sql, Object[] args, Connection conn, QuoteContext ctx) {
        return run(sql, args, null, conn, ctx);
    }

    /**
     * {@link #format(String, Map, Connection)} for an explicit context.
     *
     * @param sql the query
     * @param args the arguments by name, or null
     * @param conn the connection (passed to user adapters' {@code prepare}), may be null
     * @param ctx the encoding and standard_conforming_strings setting
     * @return the bytes to send
     */
    public static byte[] format(String sql, Map<String, ?> args, Connection conn, QuoteContext ctx) {
        return run(sql, null, args, conn, ctx);
    }

    /** Writes what replaces a placeholder: a literal (client-side binding) or {@code $n} (server-side). */
    public interface Emitter {
        /**
         * @param out the query being built
         * @param value the argument
         * @param key the placeholder's name, or null for {@code %s}
         */
        void emit(ByteBuf out, Object value, String key);
    }

    private static byte[] run(String sql, Object[] positional, Map<String, ?> named, Connection conn, QuoteContext ctx) {
        if (positional == null && named == null) {
            ByteBuf out = new ByteBuf(sql.length() + 16);
            out.writeText(sql, 0, sql.length(), ctx);
            return out.toByteArray();
        }
        Map<String, byte[]> quoted = named == null ? null : new HashMap<>();
        return scan(sql, positional, named, ctx, (out, v, key) -> {
            if (key == null) {
                out.write(Adaptation.quote(v, conn, ctx));
                return;
            }
            byte[] b = quoted.get(key);
            if (b == null) {
                b = Adaptation.quote(v, conn, ctx);
                quoted.put(key, b);
            }
            out.write(b);
        });
    }

    /**
     * Scans a query for placeholders, checking them as psycopg2 does, and lets {@code emitter}
     * write each argument.
     *
     * @param sql the query
     * @param positional the arguments of {@code %s}, or null
     * @param named the arguments of {@code %(name)s}, or null (one of the two is set)
     * @param ctx the encoding of the text between placeholders
     * @param emitter writes each argument
     * @return the query's bytes
     */
    public static byte[] scan(String sql, Object[] positional, Map<String, ?> named, QuoteContext ctx, Emitter emitter) {
        int n = sql.length();
        ByteBuf out = new ByteBuf(n + 16 + (positional != null ? 8 * positional.length : 0));
        int used = 0;
        int kind = 0; // 1 named, 2 positional
        int pos = 0;
        while (true) {
            int pct = sql.indexOf('%', pos);
            if (pct < 0) {
                out.writeText(sql, pos, n, ctx);
                break;
            }
            out.writeText(sql, pos, pct, ctx);
            if (pct + 1 >= n) {
                throw new ProgrammingException("incomplete format");
            }
            char c = sql.charAt(pct + 1);
            if (c == '%') {
                out.write('%');
                pos = pct + 2;
            } else if (c == '(') {
                if (kind == 2) {
                    throw new ProgrammingException("argument formats can't be mixed");
                }
                kind = 1;
                int close = pct + 2;
                while (close < n && sql.charAt(close) != ')' && sql.charAt(close) != '%') {
                    close++;
                }
                if (close >= n || sql.charAt(close) != ')') {
                    throw new ProgrammingException("incomplete placeholder: '%(' without ')'");
                }
                if (named == null) {
                    throw new ProgrammingException("%(name)s placeholders need a Map of arguments");
                }
                if (close + 1 >= n) {
                    throw new ProgrammingException("incomplete format");
                }
                if (sql.charAt(close + 1) != 's') {
                    throw unsupported(sql, close + 1);
                }
                String key = sql.substring(pct + 2, close);
                Object v = named.get(key);
                if (v == null && !named.containsKey(key)) {
                    throw new ProgrammingException("query parameter missing: " + key);
                }
                emitter.emit(out, v, key);
                pos = close + 2;
            } else {
                if (kind == 1) {
                    throw new ProgrammingException("argument formats can't be mixed");
                }
                kind = 2;
                if (c != 's') {
                    throw unsupported(sql, pct + 1);
                }
                if (positional == null) {
                    throw new ProgrammingException("%s placeholders need positional arguments, not a Map");
                }
                if (used >= positional.length) {
                    throw new ProgrammingException("not enough arguments for format string");
                }
                emitter.emit(out, positional[used++], null);
                pos = pct + 2;
            }
        }
        if (positional != null && used < positional.length) {
            throw new ProgrammingException("not all arguments converted during string formatting");
        }
        return out.toByteArray();
    }

    private static ProgrammingException unsupported(String sql, int at) {
        char c = sql.charAt(at);
        return new ProgrammingException(String.format("unsupported format character '%c' (0x%x) at index %d", c, (int) c, at));
    }
}
