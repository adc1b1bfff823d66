package dev.greenwire.adapt;

import dev.greenwire.DataException;
import dev.greenwire.internal.types.ByteBuf;
import dev.greenwire.internal.types.QuoteContext;
import java.util.Objects;

/**
 * A string as a SQL string literal (psycopg2's {@code QuotedString}): single quotes are doubled;
 * when {@code standard_conforming_strings} is off and the string contains a backslash, the
 * literal is written {@code E'...'} with the backslashes doubled. The literal is encoded in the
 * connection's client encoding once {@link #prepare prepared}, UTF-8 (with standard conforming
 * strings) before.
 *
 * <p>{@link #getQuoted()} throws {@link DataException} for a NUL character (PostgreSQL text
 * cannot hold one) and for a character the client encoding cannot represent.
 */
public final class QuotedString extends QuoteBase {
    private final String adapted;

    /**
     * @param adapted the string, not null
     */
    public QuotedString(String adapted) {
        this.adapted = Objects.requireNonNull(adapted, "adapted");
    }

    /** @return the wrapped string */
    public String adapted() {
        return adapted;
    }

    /** @return the PostgreSQL name of the encoding the literal is written in, e.g. {@code UTF8} */
    public String encoding() {
        return ctx.encoding();
    }

    @Override
    public byte[] getQuoted() {
        ByteBuf out = new ByteBuf(adapted.length() + 8);
        write(adapted, ctx, out);
        return out.toByteArray();
    }

    /**
     * Writes {@code s} as a string literal.
     *
     * @param s the text
     * @param ctx encoding and standard_conforming_strings
     * @param out the destination
     */
    static void write(String s, QuoteContext ctx, ByteBuf out) {
        boolean escape = !ctx.standardConformingStrings() && s.indexOf('\\') >= 0;
        if (escape) {
            out.write('E');
        }
        out.write('\'');
        int n = s.length();
        int run = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\'' || (escape && c == '\\')) {
                out.writeText(s, run, i + 1, ctx);
                out.write(c);
                run = i + 1;
            } else if (c == 0) {
                throw new DataException("A string literal cannot contain NUL (0x00) characters.");
            }
        }
        out.writeText(s, run, n, ctx);
        out.write('\'');
    }
}
