package dev.greenwire.internal.protocol;

import dev.greenwire.OperationalException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The connection's read buffer and the backend frame splitter. The transport appends what the
 * socket has ({@link #writable()} / {@link #filled(int)}); {@link #next()} cuts one complete
 * frame at a time and exposes it as the current message, read with the cursor methods
 * ({@link #i32()}, {@link #cstring()}…). A frame is valid until the next call to
 * {@link #next()} or {@link #writable()}.
 *
 * <p>Frames are checked as they are cut: an unknown type byte, a length below 4 or above the
 * configured maximum, and reads past a frame's end raise {@link OperationalException}.
 * Memory grows only as bytes actually arrive, never on a length the server merely claims.
 */
public final class InBuf {
    /** Backend message types of protocol 3.0 that may legitimately arrive. */
    private static final boolean[] KNOWN = new boolean[128];

    static {
        for (char c : "RSKZTDCIEANGHWdc123nstvV".toCharArray()) {
            KNOWN[c] = true;
        }
    }

    /** Above this a buffer that has emptied goes back to its first size (one huge value must not stay). */
    public static final int SHRINK_ABOVE = 1 << 20;

    private final int maxFrame;
    private final int initialCapacity;
    private byte[] buf;
    private int readPos;
    private int writePos;
    private ByteBuffer view;

    // the current frame
    private char type;
    private int pos;
    private int end;
    private int start;

    /**
     * @param initialCapacity first buffer size
     * @param maxFrame the largest frame accepted, header included
     */
    public InBuf(int initialCapacity, int maxFrame) {
        this.initialCapacity = Math.max(64, initialCapacity);
        this.buf = new byte[this.initialCapacity];
        this.view = ByteBuffer.wrap(buf);
        this.maxFrame = maxFrame;
    }

    /** @return the current size of the buffer */
    public int capacity() {
        return buf.length;
    }

    /** @return bytes received and not yet cut into frames */
    public int buffered() {
        return writePos - readPos;
    }

    /**
     * A buffer the transport reads into; compacts or grows first so there is room for at least
     * the rest of the frame being assembled (growing at most by doubling each time).
     *
     * @return a buffer positioned at the free space
     */
    public ByteBuffer writable() {
        if (readPos == writePos) {
            readPos = 0;
            writePos = 0;
            if (buf.length > SHRINK_ABOVE) {
                buf = new byte[initialCapacity]; // the large message is consumed: give the memory back
                view = ByteBuffer.wrap(buf);
            }
        } else if (writePos == buf.length || (readPos > 0 && buf.length - writePos < 4096)) {
            if (readPos > 0) {
                System.arraycopy(buf, readPos, buf, 0, writePos - readPos);
                writePos -= readPos;
                readPos = 0;
            }
        }
        if (writePos == buf.length) {
            // the first frame's length tells how much more it needs; when it is complete already
            // (the buffer holds it and the start of others), the next one may be large: double
            int pending = frameLengthHint();
            int doubled = (int) Math.min((long) buf.length * 2, Integer.MAX_VALUE - 8);
            int want = pending > buf.length ? Math.min(pending, doubled) : doubled;
            buf = Arrays.copyOf(buf, Math.max(want, buf.length + 64));
            view = ByteBuffer.wrap(buf);
        }
        view.limit(buf.length).position(writePos);
        return view;
    }

    private int frameLengthHint() {
        if (writePos - readPos >= 5) {
            return 1 + int32At(readPos + 1);
        }
        return 5;
    }

    /** Drops everything buffered (the socket it came from was closed). */
    public void clear() {
        readPos = 0;
        writePos = 0;
    }

    /** Records that {@code n} bytes were read into the buffer returned by {@link #writable()}. */
    public void filled(int n) {
        writePos += n;
    }

    /** Appends bytes (tests and TLS unwrapping). */
    public void append(byte[] b, int off, int len) {
        while (len > 0) {
            ByteBuffer w = writable();
            int n = Math.min(len, w.remaining());
            System.arraycopy(b, off, buf, writePos, n);
            writePos += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Cuts the next complete frame if the buffer holds one.
     *
     * @return true when a frame is now current
     * @throws OperationalException when the frame header is invalid
     */
    public boolean next() {
        int avail = writePos - readPos;
        if (avail < 5) {
            return false;
        }
        int t = buf[readPos] & 0xff;
        if (t >= 128 || !KNOWN[t]) {
            throw new OperationalException(String.format(
                    "protocol error: unexpected message type 0x%02x from the server", t));
        }
        int len = int32At(readPos + 1);
        if (len < 4 || len > maxFrame - 1) {
            throw new OperationalException("protocol error: invalid length " + Integer.toUnsignedString(len)
                    + " for message '" + (char) t + "' (the limit is " + maxFrame + " bytes)");
        }
        if (avail < 1 + len) {
            return false;
        }
        type = (char) t;
        start = readPos + 5;
        pos = start;
        end = readPos + 1 + len;
        readPos = end;
        return true;
    }

    private int int32At(int p) {
        return ((buf[p] & 0xff) << 24) | ((buf[p + 1] & 0xff) << 16) | ((buf[p + 2] & 0xff) << 8) | (buf[p + 3] & 0xff);
    }

    // ---- reading the current frame ----------------------------------------------------

    /** @return the current frame's type byte */
    public char type() {
        return type;
    }

    /** @return payload bytes left to read in the current frame */
    public int remaining() {
        return end - pos;
    }

    /** @return payload length of the current frame */
    public int length() {
        return end - start;
    }

    /** @return the backing array (valid for the current frame only) */
    public byte[] array() {
        return buf;
    }

    /** @return the read position in {@link #array()} */
    public int position() {
        return pos;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw malformed();
        }
    }

    /** @return an exception for a frame whose content does not match its type */
    public OperationalException malformed() {
        return new OperationalException("protocol error: malformed '" + type + "' message from the server");
    }

    public int i8() {
        need(1);
        return buf[pos++];
    }

    public int i16() {
        need(2);
        int v = (short) (((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff));
        pos += 2;
        return v;
    }

    public int i32() {
        need(4);
        int v = int32At(pos);
        pos += 4;
        return v;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /** @return the rest of the frame */
    public byte[] rest() {
        return bytes(end - pos);
    }

    /** @return a NUL-terminated string decoded with {@code cs} */
    public String cstring(Charset cs) {
        int p = pos;
        while (p < end && buf[p] != 0) {
            p++;
        }
        if (p >= end) {
            throw malformed();
        }
        String s = new String(buf, pos, p - pos, cs);
        pos = p + 1;
        return s;
    }

    /** @return a NUL-terminated string decoded as UTF-8 */
    public String cstring() {
        return cstring(java.nio.charset.StandardCharsets.UTF_8);
    }
}
