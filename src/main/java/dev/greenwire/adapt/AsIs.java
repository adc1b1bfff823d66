package dev.greenwire.adapt;

import dev.greenwire.internal.types.ByteBuf;

/**
 * A value put in the query unquoted: its {@code toString()} (psycopg2's {@code AsIs}). Useful
 * in adapters for values whose text is already valid SQL, e.g. {@code new AsIs("'(1,2)'::point")}.
 * A {@code byte[]} is inserted byte for byte; null becomes {@code NULL}. The text is encoded in
 * the connection's client encoding once prepared, UTF-8 before.
 */
public final class AsIs extends QuoteBase {
    private final Object adapted;

    /**
     * @param adapted the value; its {@code toString()} is inserted verbatim
     */
    public AsIs(Object adapted) {
        this.adapted = adapted;
    }

    /** @return the wrapped value */
    public Object adapted() {
        return adapted;
    }

    @Override
    public byte[] getQuoted() {
        if (adapted == null) {
            return new byte[] {'N', 'U', 'L', 'L'};
        }
        if (adapted instanceof byte[] b) {
            return b.clone();
        }
        String s = adapted.toString();
        ByteBuf out = new ByteBuf(s.length());
        out.writeText(s, 0, s.length(), ctx);
        return out.toByteArray();
    }
}
