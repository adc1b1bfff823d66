package dev.greenwire.internal.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Map;

/**
 * The connection's write buffer and the encoder of every frontend message of protocol 3.0.
 * Messages are appended; the transport drains {@link #pending()} bytes; nothing here does I/O.
 */
public final class OutBuf {
    private byte[] buf;
    private int writePos;
    private int flushPos;
    private int msgStart = -1;
    private int msgBegin;
    private ByteBuffer view;

    private final int initialCapacity;

    public OutBuf(int initialCapacity) {
        this.initialCapacity = Math.max(64, initialCapacity);
        buf = new byte[this.initialCapacity];
        view = ByteBuffer.wrap(buf);
    }

    /** @return the current size of the buffer */
    public int capacity() {
        return buf.length;
    }

    /** Once everything is written, a buffer grown past {@link InBuf#SHRINK_ABOVE} goes back to its first size. */
    private void shrinkIfLarge() {
        if (buf.length > InBuf.SHRINK_ABOVE) {
            buf = new byte[initialCapacity];
            view = ByteBuffer.wrap(buf);
        }
    }

    /** @return true while bytes wait to be written to the socket */
    public boolean hasPending() {
        return flushPos < writePos;
    }

    /** @return number of bytes not yet written to the socket */
    public int pendingBytes() {
        return writePos - flushPos;
    }

    /**
     * A view of the unwritten bytes; after writing from it, call {@link #consumed(int)}.
     *
     * @return a buffer positioned at the first unwritten byte
     */
    public ByteBuffer pending() {
        view.limit(writePos).position(flushPos);
        return view;
    }

    /** Records that {@code n} pending bytes reached the socket. @param n bytes written */
    public void consumed(int n) {
        flushPos += n;
        if (flushPos == writePos && msgStart < 0) {
            flushPos = 0;
            writePos = 0;
            shrinkIfLarge();
        }
    }

    /** Drops everything not yet written (after the connection broke). */
    public void clear() {
        flushPos = 0;
        writePos = 0;
        msgStart = -1;
        shrinkIfLarge();
    }

    private void ensure(int extra) {
        int need = writePos + extra;
        if (need > buf.length) {
            if (flushPos > 0 && msgStart < 0 && need - flushPos <= buf.length) {
                System.arraycopy(buf, flushPos, buf, 0, writePos - flushPos);
                writePos -= flushPos;
                flushPos = 0;
                return;
            }
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
            view = ByteBuffer.wrap(buf);
        }
    }

    // ---- primitive writers -------------------------------------------------------------

    public OutBuf i8(int v) {
        ensure(1);
        buf[writePos++] = (byte) v;
        return this;
    }

    public OutBuf i16(int v) {
        ensure(2);
        buf[writePos++] = (byte) (v >>> 8);
        buf[writePos++] = (byte) v;
        return this;
    }

    public OutBuf i32(int v) {
        ensure(4);
        buf[writePos++] = (byte) (v >>> 24);
        buf[writePos++] = (byte) (v >>> 16);
        buf[writePos++] = (byte) (v >>> 8);
        buf[writePos++] = (byte) v;
        return this;
    }

    public OutBuf bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public OutBuf bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, writePos, len);
        writePos += len;
        return this;
    }

    /** Writes a NUL-terminated string; a NUL inside it is refused. */
    public OutBuf cstring(String s, Charset cs) {
        if (cs == java.nio.charset.StandardCharsets.UTF_8 || cs == java.nio.charset.StandardCharsets.ISO_8859_1
                || cs == java.nio.charset.StandardCharsets.US_ASCII) {
            // ASCII (statement and portal names, every Bind): copied as is, no encoded copy
            int n = s.length();
            ensure(n + 1);
            int i = 0;
            while (i < n) {
                char ch = s.charAt(i);
                if (ch == 0 || ch >= 0x80) {
                    break;
                }
                buf[writePos + i++] = (byte) ch;
            }
            if (i == n) {
                writePos += n;
                return i8(0);
            }
        }
        byte[] b = s.getBytes(cs);
        for (byte x : b) {
            if (x == 0) {
                throw new IllegalArgumentException("a protocol string cannot contain NUL (0x00) characters");
            }
        }
        bytes(b);
        return i8(0);
    }

    /** Starts a typed message; its length is patched by {@link #end()}. */
    public OutBuf begin(char type) {
        if (msgStart >= 0) {
            throw new IllegalStateException("message already open");
        }
        ensure(5);
        msgBegin = writePos;
        buf[writePos++] = (byte) type;
        msgStart = writePos;
        writePos += 4;
        return this;
    }

    /** Starts an untyped message (startup, SSL request, cancel request). */
    public OutBuf beginUntyped() {
        if (msgStart >= 0) {
            throw new IllegalStateException("message already open");
        }
        ensure(4);
        msgBegin = writePos;
        msgStart = writePos;
        writePos += 4;
        return this;
    }

    /** Closes the open message, patching its length. */
    public OutBuf end() {
        int len = writePos - msgStart;
        buf[msgStart] = (byte) (len >>> 24);
        buf[msgStart + 1] = (byte) (len >>> 16);
        buf[msgStart + 2] = (byte) (len >>> 8);
        buf[msgStart + 3] = (byte) len;
        msgStart = -1;
        return this;
    }

    /** Abandons the open message (an encoder failed half way). */
    public void abort() {
        if (msgStart >= 0) {
            writePos = msgBegin;
            msgStart = -1;
        }
    }

    // ---- frontend messages ----------------------------------------------------------------

    public static final int PROTOCOL_3_0 = 196608;
    public static final int SSL_REQUEST_CODE = 80877103;
    public static final int CANCEL_REQUEST_CODE = 80877102;

    public void startup(Map<String, String> params, Charset cs) {
        beginUntyped().i32(PROTOCOL_3_0);
        for (Map.Entry<String, String> e : params.entrySet()) {
            cstring(e.getKey(), cs).cstring(e.getValue(), cs);
        }
        i8(0).end();
    }

    public void sslRequest() {
        beginUntyped().i32(SSL_REQUEST_CODE).end();
    }

    public void cancelRequest(int pid, int key) {
        beginUntyped().i32(CANCEL_REQUEST_CODE).i32(pid).i32(key).end();
    }

    /** PasswordMessage with a NUL-terminated password (cleartext or md5 hash). */
    public void password(byte[] pw) {
        begin('p').bytes(pw).i8(0).end();
    }

    public void saslInitialResponse(String mechanism, byte[] data, Charset cs) {
        begin('p').cstring(mechanism, cs).i32(data == null ? -1 : data.length);
        if (data != null) {
            bytes(data);
        }
        end();
    }

    public void saslResponse(byte[] data) {
        begin('p').bytes(data).end();
    }

    /** Simple query with the statement already encoded (without the terminator). */
    public void query(byte[] sql) {
        begin('Q').bytes(sql).i8(0).end();
    }

    public void parse(String name, byte[] sql, int[] paramTypes, Charset cs) {
        begin('P').cstring(name, cs).bytes(sql).i8(0).i16(paramTypes.length);
        for (int t : paramTypes) {
            i32(t);
        }
        end();
    }

    /** Bind with per-parameter formats and values (null = SQL NULL) and one result format for all columns. */
    public void bind(String portal, String stmt, short[] paramFormats, byte[][] values, int resultFormat, Charset cs) {
        bind(portal, stmt, paramFormats, values, new short[] {(short) resultFormat}, cs);
    }

    /** Bind with per-parameter formats and values (null = SQL NULL) and per-column result formats (empty: all text). */
    public void bind(String portal, String stmt, short[] paramFormats, byte[][] values, short[] resultFormats, Charset cs) {
        begin('B').cstring(portal, cs).cstring(stmt, cs).i16(paramFormats.length);
        for (short f : paramFormats) {
            i16(f);
        }
        i16(values.length);
        for (byte[] v : values) {
            if (v == null) {
                i32(-1);
            } else {
                i32(v.length).bytes(v);
            }
        }
        i16(resultFormats.length);
        for (short f : resultFormats) {
            i16(f);
        }
        end();
    }

    public void describe(char kind, String name, Charset cs) {
        begin('D').i8(kind).cstring(name, cs).end();
    }

    public void execute(String portal, int maxRows, Charset cs) {
        begin('E').cstring(portal, cs).i32(maxRows).end();
    }

    public void close(char kind, String name, Charset cs) {
        begin('C').i8(kind).cstring(name, cs).end();
    }

    public void sync() {
        begin('S').end();
    }

    public void flush() {
        begin('H').end();
    }

    public void copyData(byte[] data, int off, int len) {
        begin('d').bytes(data, off, len).end();
    }

    public void copyDone() {
        begin('c').end();
    }

    public void copyFail(String message, Charset cs) {
        begin('f').cstring(message, cs).end();
    }

    public void terminate() {
        begin('X').end();
    }
}
