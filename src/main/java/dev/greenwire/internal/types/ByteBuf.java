package dev.greenwire.internal.types;

import dev.greenwire.DataException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/** A growable byte buffer that also encodes text for a {@link QuoteContext}. Not thread-safe. */
public final class ByteBuf {
    private byte[] buf;
    private int len;

    /** @param capacity the initial capacity */
    public ByteBuf(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need < 0) {
            throw new OutOfMemoryError("query too large");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length + (buf.length >> 1)));
        }
    }

    /** @param b the byte to append */
    public void write(int b) {
        if (len == buf.length) {
            ensure(1);
        }
        buf[len++] = (byte) b;
    }

    /** @param b the bytes to append */
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    /**
     * @param b the source
     * @param off where to start
     * @param n how many bytes
     */
    public void write(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /** @param s ASCII text to append (each char's low byte) */
    public void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    /** @return the number of bytes written */
    public int length() {
        return len;
    }

    /** @return a copy of the bytes written */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** @return the backing array, valid up to {@link #length()} (not a copy) */
    public byte[] array() {
        return buf;
    }

    /** @param n the new length, at most the current one (drops what follows) */
    public void setLength(int n) {
        if (n < 0 || n > len) {
            throw new IndexOutOfBoundsException("length " + n + " of " + len);
        }
        len = n;
    }

    /** @param v a 16-bit integer to append, big-endian */
    public void writeInt16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    /** @param v a 32-bit integer to append, big-endian */
    public void writeInt32(int v) {
        ensure(4);
        setInt32(len, v);
        len += 4;
    }

    /** @param v a 64-bit integer to append, big-endian */
    public void writeInt64(long v) {
        ensure(8);
        setInt32(len, (int) (v >>> 32));
        setInt32(len + 4, (int) v);
        len += 8;
    }

    /**
     * Overwrites four bytes already written (a length reserved before its value).
     *
     * @param at where
     * @param v the 32-bit integer, big-endian
     */
    public void setInt32(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /**
     * Appends text encoded in the context's charset. ASCII is copied as is (every PostgreSQL
     * client encoding is a superset of ASCII).
     *
     * @param s the text
     * @param from first char
     * @param to end char (exclusive)
     * @param ctx the encoding
     * @throws DataException for a character the encoding cannot represent or an unpaired surrogate
     */
    public void writeText(CharSequence s, int from, int to, QuoteContext ctx) {
        ensure(to - from);
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (len == buf.length) {
                    ensure(to - i);
                }
                buf[len++] = (byte) c;
                i++;
            } else {
                int end = i + 1;
                while (end < to && s.charAt(end) >= 0x80) {
                    end++;
                }
                if (ctx.utf8()) {
                    writeUtf8(s, i, end);
                } else {
                    writeEncoded(s, i, end, ctx);
                }
                i = end;
            }
        }
    }

    private void writeUtf8(CharSequence s, int from, int to) {
        ensure(3 * (to - from));
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= to || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw unpaired(c);
                }
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void writeEncoded(CharSequence s, int from, int to, QuoteContext ctx) {
        CharsetEncoder enc = ctx.charset().newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer in = CharBuffer.wrap(s, from, to);
        ensure((int) Math.ceil((to - from) * (double) enc.maxBytesPerChar()) + 16);
        ByteBuffer out = ByteBuffer.wrap(buf, len, buf.length - len);
        CoderResult r = enc.encode(in, out, true);
        if (!r.isError()) {
            r = enc.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            int cp = Character.codePointAt(s, at);
            if (Character.isSurrogate((char) cp)) {
                throw unpaired((char) cp);
            }
            throw PgEncodings.unencodable(cp, ctx.encoding());
        }
        if (r.isOverflow()) {
            throw new IllegalStateException("encoder overflow");
        }
        len = out.position();
    }

    private static DataException unpaired(char c) {
        return new DataException(String.format(
                "the text contains an unpaired surrogate (U+%04X), which no encoding can represent", (int) c));
    }
}
