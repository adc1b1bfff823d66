package dev.greenwire;

import dev.greenwire.cast.TypeCaster;
import dev.greenwire.internal.engine.CopyStreamOp;
import dev.greenwire.internal.types.BinaryCodec;
import dev.greenwire.internal.types.ByteBuf;
import dev.greenwire.internal.types.Casters;
import dev.greenwire.internal.types.CopyBinary;
import dev.greenwire.internal.types.CopyText;
import java.nio.charset.Charset;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.RandomAccess;

/** The reading side of a {@link Copy} TO STDOUT: chunks taken from the engine, cut into rows and cast. */
final class CopyRowReader {
    private final Copy copy;
    private final Cursor cursor;
    private final Connection conn;
    private final CopyStatement statement;
    private final CopyStreamOp op;
    private final boolean binary;
    private final Charset charset;
    private final byte delimiter;
    private final byte[] nullMarker;

    private CopyStreamOp.Chunk chunk;
    private int chunkPos;
    private boolean headerSeen;
    private CopyBinary.FieldReader[] readers;
    private TypeCaster[] casters;
    private String[] names;
    private ByteBuf scratch;

    CopyRowReader(Copy copy) {
        this.copy = copy;
        this.cursor = copy.cursor;
        this.conn = copy.conn;
        this.statement = copy.statement;
        this.op = copy.op;
        this.binary = copy.binary;
        this.charset = copy.charset;
        this.delimiter = copy.delimiter;
        this.nullMarker = copy.nullMarker;
    }

    /** {@link Copy#read()}, once the COPY is known to be a COPY TO. */
    byte[] read() {
        if (chunk != null && chunkPos < chunk.length()) {
            byte[] rest = Arrays.copyOfRange(chunk.data(), chunkPos, chunk.length());
            chunk = null;
            return rest;
        }
        chunk = null;
        CopyStreamOp.Chunk c = nextChunk();
        if (c == null) {
            return null;
        }
        return c.length() == c.data().length ? c.data() : Arrays.copyOf(c.data(), c.length());
    }

    /** {@link Copy#rows()}, once the COPY is known to give rows. */
    Iterable<List<Object>> rows() {
        prepareReaders();
        return () -> new Iterator<>() {
            private List<Object> next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = nextRow();
                }
                return next != null;
            }

            @Override
            public List<Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Object> r = next;
                next = null;
                return r;
            }
        };
    }

    private CopyStreamOp.Chunk nextChunk() {
        conn.gate.enter();
        try {
            for (;;) {
                CopyStreamOp.Chunk c = op.take();
                if (c != null) {
                    return c;
                }
                if (op.isDone()) {
                    copy.takeResult();
                    return null;
                }
                conn.gate.checkUsable();
                conn.await();
            }
        } catch (RuntimeException e) {
            throw copy.fail(e);
        } finally {
            conn.gate.exit();
        }
    }

    private void prepareReaders() {
        if (casters != null) {
            return;
        }
        CopyStreamOp.Column[] cols = copy.columns("rows()");
        int n = cols.length;
        TypeCaster[] tcs = new TypeCaster[n];
        CopyBinary.FieldReader[] rs = binary ? new CopyBinary.FieldReader[n] : null;
        String[] ns = new String[n];
        java.time.ZoneId zone = BinaryCodec.zone(conn.parameterStatus("TimeZone"));
        for (int i = 0; i < n; i++) {
            CopyStreamOp.Column c = cols[i];
            ns[i] = c.name();
            tcs[i] = Casters.lookup(c.oid(), cursor.casters, conn.casters);
            if (binary) {
                rs[i] = CopyBinary.reader(c.name(), c.oid(), tcs[i], zone, charset, cursor);
                if (rs[i] == null) {
                    throw copy.fail(new ProgrammingException("rows() can't read column \"" + c.name() + "\" ("
                            + CopyBinary.typeName(c.oid()) + ") in binary format"
                            + (tcs[i] == Casters.defaultFor(c.oid()) ? "" : " with its custom typecaster " + tcs[i].name())
                            + ": use the text format, or read()"));
                }
            }
        }
        names = ns;
        readers = rs;
        scratch = new ByteBuf(256);
        casters = tcs;
    }

    private List<Object> nextRow() {
        try {
            for (;;) {
                if (chunk == null || chunkPos >= chunk.length()) {
                    chunk = nextChunk();
                    chunkPos = 0;
                    if (chunk == null) {
                        return null;
                    }
                }
                List<Object> row = binary ? binaryRow() : textRow();
                if (row != null) {
                    return row;
                }
            }
        } catch (RuntimeException e) {
            throw copy.fail(e);
        }
    }

    /** The next row of the chunk, or null for a header line. */
    private List<Object> textRow() {
        byte[] b = chunk.data();
        int end = chunk.length();
        int p = chunkPos;
        int nl = p;
        while (nl < end && b[nl] != '\n') {
            nl++;
        }
        if (nl >= end) {
            throw new DataException("malformed COPY data: a row without its end of line");
        }
        chunkPos = nl + 1;
        if (statement.header && !headerSeen) {
            headerSeen = true;
            return null;
        }
        int n = casters.length;
        Object[] vals = new Object[n];
        int f = 0;
        int start = p;
        boolean escaped = false;
        for (int i = p; i <= nl; i++) {
            byte c = i < nl ? b[i] : (byte) '\n';
            if (c == '\\' && i + 1 < nl) {
                escaped = true;
                i++;
                continue;
            }
            if (c == delimiter || i == nl) {
                if (f >= n) {
                    throw new DataException("malformed COPY data: a row with more than " + n + " fields");
                }
                vals[f] = textField(f, b, start, i, escaped);
                f++;
                start = i + 1;
                escaped = false;
            }
        }
        if (f != n) {
            throw new DataException("malformed COPY data: a row with " + f + " fields where " + n + " were expected");
        }
        return new RowList(vals);
    }

    private Object textField(int f, byte[] b, int from, int to, boolean escaped) {
        int len = to - from;
        if (len == nullMarker.length && Arrays.equals(b, from, to, nullMarker, 0, len)) {
            return null;
        }
        String text;
        if (escaped) {
            CopyText.unescape(b, from, to, scratch);
            text = new String(scratch.array(), 0, scratch.length(), charset);
        } else {
            text = new String(b, from, len, charset);
        }
        TypeCaster tc = casters[f];
        return tc == Casters.STRING ? text : Casters.castOrThrow(tc, text, cursor, names[f]);
    }

    /** The next tuple, or null for the trailer. */
    private List<Object> binaryRow() {
        byte[] b = chunk.data();
        int end = chunk.length();
        int p = chunkPos;
        if (!headerSeen) {
            if (end - p < 19 || !Arrays.equals(b, p, p + 11, CopyBinary.SIGNATURE, 0, 11)) {
                throw new DataException("malformed binary COPY data: no PGCOPY signature");
            }
            int ext = CopyBinary.i32(b, p + 15);
            p += 19 + Math.max(0, ext);
            headerSeen = true;
        }
        if (end - p < 2) {
            throw new DataException("malformed binary COPY data: a truncated tuple");
        }
        int nf = CopyBinary.i16(b, p);
        p += 2;
        if (nf == -1) {
            chunkPos = p;
            return null;
        }
        int n = readers.length;
        if (nf != n) {
            throw new DataException("malformed binary COPY data: a tuple of " + nf + " fields where " + n + " were expected");
        }
        Object[] vals = new Object[n];
        for (int i = 0; i < n; i++) {
            if (end - p < 4) {
                throw new DataException("malformed binary COPY data: a truncated tuple");
            }
            int len = CopyBinary.i32(b, p);
            p += 4;
            if (len >= 0) {
                if (end - p < len) {
                    throw new DataException("malformed binary COPY data: a truncated field");
                }
                vals[i] = readers[i].read(b, p, len);
                p += len;
            }
        }
        chunkPos = p;
        return new RowList(vals);
    }

    /** A row as an unmodifiable list (nulls allowed). */
    private static final class RowList extends AbstractList<Object> implements RandomAccess {
        private final Object[] values;

        RowList(Object[] values) {
            this.values = values;
        }

        @Override
        public Object get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }
    }
}
