package dev.greenwire;

import dev.greenwire.internal.engine.QueryOp;
import dev.greenwire.internal.types.QueryFormatter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A PostgreSQL large object (psycopg2's {@code lobject}), made by {@link Connection#lobject()}
 * or {@link Connection#lobject(long, String)}. It lives inside the connection's transaction:
 * using one in autocommit mode, or after the transaction ended, is an error. Offsets are 64-bit.
 *
 * <p>Modes combine {@code r} (read), {@code w} (write), {@code n} (do not open) with
 * {@code b} (binary, the default: {@link #read} returns bytes) or {@code t} (text:
 * {@link #readText} decodes in the client encoding). Every call is a statement waited for
 * through the connection's wait callback, in every mode, async connections included.
 */
public final class LargeObject implements AutoCloseable {
    /** {@link #seek} from the start. */
    public static final int SEEK_SET = 0;
    /** {@link #seek} from the current position. */
    public static final int SEEK_CUR = 1;
    /** {@link #seek} from the end. */
    public static final int SEEK_END = 2;

    private static final int INV_WRITE = 0x20000;
    private static final int INV_READ = 0x40000;
    private static final int CHUNK = 256 * 1024;

    private final Connection conn;
    private final long oid;
    private final String mode;
    private final boolean text;
    private int fd = -1;
    private boolean closed;

    private LargeObject(Connection conn, long oid, String mode, boolean text) {
        this.conn = conn;
        this.oid = oid;
        this.mode = mode;
        this.text = text;
    }

    static LargeObject open(Connection conn, long oid, String mode) {
        String m = mode == null || mode.isEmpty() ? "rw" : mode.toLowerCase(Locale.ROOT);
        if (!m.matches("[rwnbt]+") || (m.contains("b") && m.contains("t")) || (m.contains("n") && m.matches(".*[rw].*"))) {
            throw new ProgrammingException("invalid large object mode '" + mode + "': use r, w, rw or n, with b or t");
        }
        int flags = (m.contains("r") ? INV_READ : 0) | (m.contains("w") ? INV_WRITE : 0);
        if (!m.contains("n") && flags == 0) {
            flags = INV_READ | INV_WRITE;
        }
        LargeObject lo = new LargeObject(conn, oid, m, m.contains("t"));
        long o = oid;
        if (o == 0) {
            o = lo.scalarLong("SELECT lo_create(0)");
        }
        LargeObject real = o == oid ? lo : new LargeObject(conn, o, m, lo.text);
        if (!m.contains("n")) {
            real.fd = (int) real.scalarLong("SELECT lo_open(%s, %s)", o, flags);
        }
        return real;
    }

    /** @return the object's OID */
    public long oid() {
        return oid;
    }

    /** How a large object is opened: psycopg2's mode letters {@code r}, {@code w}, {@code rw}, {@code n}. */
    public enum Mode {
        /** Reading only ({@code r}). */
        READ("r"),
        /** Writing only ({@code w}). */
        WRITE("w"),
        /** Reading and writing ({@code rw}). */
        READ_WRITE("rw"),
        /** Not opened: to unlink or export it ({@code n}). */
        NOT_OPENED("n");

        private final String letters;

        Mode(String letters) {
            this.letters = letters;
        }

        /**
         * @param text read and write Strings in the client encoding ({@code t}) rather than bytes ({@code b})
         * @return psycopg2's mode string
         */
        public String psycopgMode(boolean text) {
            return letters + (text ? "t" : "b");
        }
    }

    /** @return the mode it was opened with */
    public String mode() {
        return mode;
    }

    /**
     * Reads up to {@code size} bytes from the current position; -1 reads to the end.
     *
     * @param size bytes wanted, or -1 for all
     * @return the bytes read (fewer at the end)
     */
    public byte[] read(int size) {
        checkOpen();
        if (size >= 0) {
            return readChunk(size);
        }
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (;;) {
            byte[] b = readChunk(CHUNK);
            all.writeBytes(b);
            if (b.length < CHUNK) {
                return all.toByteArray();
            }
        }
    }

    /**
     * Reads like {@link #read(int)} and decodes in the client encoding (text mode).
     *
     * @param size bytes wanted, or -1 for all
     * @return the text
     */
    public String readText(int size) {
        return new String(read(size), conn.engine.charset());
    }

    private byte[] readChunk(int size) {
        Object v = scalar("SELECT loread(%s, %s)", fd, size);
        return v == null ? new byte[0] : (byte[]) v;
    }

    /**
     * Writes bytes at the current position.
     *
     * @param data the bytes
     * @return the number written
     */
    public int write(byte[] data) {
        checkOpen();
        if (!mode.contains("w") && mode.contains("r")) {
            throw new ProgrammingException("the large object was opened read-only (mode '" + mode + "')");
        }
        int done = 0;
        while (done < data.length) {
            int n = Math.min(CHUNK, data.length - done);
            done += (int) scalarLong("SELECT lowrite(%s, %s)", fd, Arrays.copyOfRange(data, done, done + n));
        }
        return done;
    }

    /**
     * Writes text encoded in the client encoding.
     *
     * @param data the text
     * @return the number of bytes written
     */
    public int write(String data) {
        return write(data.getBytes(conn.engine.charset()));
    }

    /**
     * Moves the position.
     *
     * @param offset the offset
     * @param whence {@link #SEEK_SET}, {@link #SEEK_CUR} or {@link #SEEK_END}
     * @return the new position
     */
    public long seek(long offset, int whence) {
        checkOpen();
        if (whence < SEEK_SET || whence > SEEK_END) {
            throw new ProgrammingException("seek: whence must be SEEK_SET, SEEK_CUR or SEEK_END");
        }
        return scalarLong("SELECT lo_lseek64(%s, %s, %s)", fd, offset, whence);
    }

    /** @return the current position */
    public long tell() {
        checkOpen();
        return scalarLong("SELECT lo_tell64(%s)", fd);
    }

    /** @param length the new length (0 when not given in psycopg2) */
    public void truncate(long length) {
        checkOpen();
        scalar("SELECT lo_truncate64(%s, %s)", fd, length);
    }

    /** Closes the descriptor (the object stays); a no-op when already closed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (fd >= 0 && !conn.isClosed() && conn.engine.txStatus() == TransactionStatus.INTRANS) {
            scalar("SELECT lo_close(%s)", fd);
        }
    }

    /** @return true once closed, or when the transaction it lived in has ended */
    public boolean isClosed() {
        return closed || conn.isClosed();
    }

    /** Closes it and deletes the object from the database. */
    public void unlink() {
        close();
        scalar("SELECT lo_unlink(%s)", oid);
    }

    /**
     * Writes the whole object to a file on the client (libpq's {@code lo_export}).
     *
     * @param file where to write
     */
    public void export(Path file) {
        checkOpen();
        long pos = tell();
        seek(0, SEEK_SET);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (;;) {
                byte[] b = readChunk(CHUNK);
                out.write(b);
                if (b.length < CHUNK) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("export to " + file + " failed: " + e.getMessage(), e);
        } finally {
            seek(pos, SEEK_SET);
        }
    }

    /**
     * Creates a large object from a file on the client (libpq's {@code lo_import}).
     *
     * @param conn the connection, inside a transaction
     * @param file the file to read
     * @return the new object, open for reading and writing
     */
    static LargeObject importFile(Connection conn, Path file) {
        LargeObject lo = open(conn, 0, "rw");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[CHUNK];
            for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0;) {
                lo.write(n == buf.length ? buf : Arrays.copyOf(buf, n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("import of " + file + " failed: " + e.getMessage(), e);
        }
        lo.seek(0, SEEK_SET);
        return lo;
    }

    private void checkOpen() {
        if (closed) {
            throw new InterfaceException("lobject already closed");
        }
        if (fd < 0) {
            throw new ProgrammingException("the large object was not opened (mode 'n')");
        }
        if (conn.engine.txStatus() != TransactionStatus.INTRANS) {
            throw new ProgrammingException("the large object is not usable: its transaction has ended");
        }
    }

    private long scalarLong(String sql, Object... args) {
        return ((Number) scalar(sql, args)).longValue();
    }

    private Object scalar(String sql, Object... args) {
        QueryOp op;
        conn.gate.enter();
        try {
            conn.gate.checkUsable();
            conn.gate.checkAsyncIdle("lobject");
            op = Submission.submit(conn, new QueryOp(QueryFormatter.format(sql, args, conn)), true);
            conn.await(); // in every mode: large-object calls always wait
        } finally {
            conn.gate.exit();
        }
        if (op.result() == null || op.result().rows().isEmpty()) {
            return null;
        }
        return conn.cursor().cast(op.result().fields()[0].typeOid(), firstValue(op));
    }

    private String firstValue(QueryOp op) {
        byte[] row = op.result().rows().get(0);
        int len = ((row[2] & 0xff) << 24) | ((row[3] & 0xff) << 16) | ((row[4] & 0xff) << 8) | (row[5] & 0xff);
        return len < 0 ? null : new String(row, 6, len, conn.engine.charset());
    }

    @Override
    public String toString() {
        return "LargeObject[oid=" + oid + ", mode=" + mode + (closed ? ", closed" : "") + "]";
    }

    /** Large objects need a transaction: refused in autocommit outside one. */
    static void checkTransaction(boolean autocommit, dev.greenwire.internal.engine.Engine engine) {
        if (autocommit && engine.txStatus() == TransactionStatus.IDLE) {
            throw new ProgrammingException("can't use a lobject outside of transactions");
        }
    }
}
