package dev.greenwire.adapt;

import java.util.Objects;

/**
 * Bytes as a {@code bytea} literal in hex form (psycopg2's {@code Binary}):
 * {@code '\x0102'::bytea}, or {@code E'\\x0102'::bytea} when {@code standard_conforming_strings}
 * is off. The array is not copied: do not change it before the query is sent.
 */
public final class Binary extends QuoteBase {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final byte[] adapted;

    /**
     * @param adapted the bytes, not null
     */
    public Binary(byte[] adapted) {
        this.adapted = Objects.requireNonNull(adapted, "adapted");
    }

    /** @return the wrapped bytes (not a copy) */
    public byte[] adapted() {
        return adapted;
    }

    @Override
    public byte[] getQuoted() {
        boolean scs = ctx.standardConformingStrings();
        byte[] head = scs ? new byte[] {'\'', '\\', 'x'} : new byte[] {'E', '\'', '\\', '\\', 'x'};
        byte[] tail = {'\'', ':', ':', 'b', 'y', 't', 'e', 'a'};
        byte[] out = new byte[head.length + 2 * adapted.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        int p = head.length;
        for (byte b : adapted) {
            out[p++] = HEX[(b >> 4) & 0xF];
            out[p++] = HEX[b & 0xF];
        }
        System.arraycopy(tail, 0, out, p, tail.length);
        return out;
    }
}
