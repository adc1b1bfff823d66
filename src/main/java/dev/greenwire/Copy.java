package dev.greenwire;

import dev.greenwire.cast.TypeCaster;
import dev.greenwire.internal.engine.CopyStreamOp;
import dev.greenwire.internal.engine.Result;
import dev.greenwire.internal.types.BinaryCodec;
import dev.greenwire.internal.types.ByteBuf;
import dev.greenwire.internal.types.Casters;
import dev.greenwire.internal.types.CopyBinary;
import dev.greenwire.internal.types.CopyText;
import dev.greenwire.internal.types.PgEncodings;
import dev.greenwire.internal.types.QuoteContext;
import java.nio.charset.Charset;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A COPY in progress, made by {@link Cursor#copy(String)} (psycopg 3's {@code cursor.copy()}):
 * rows written one at a time into a {@code COPY … FROM STDIN}, or read one at a time from a
 * {@code COPY … TO STDOUT}, streamed in chunks so that memory stays bounded whatever the size
 * of the COPY.
 *
 * <pre>{@code
 * try (Copy copy = cur.copy("COPY item (id, name) FROM STDIN")) {
 *     for (Item i : items) {
 *         copy.writeRow(i.id(), i.name());
 *     }
 * } // close() ends the COPY; cur.rowCount() tells how many rows it copied
 *
 * try (Copy copy = cur.copy("COPY (SELECT id, name FROM item) TO STDOUT WITH (FORMAT BINARY)")) {
 *     for (List<Object> row : copy.rows()) {
 *         Integer id = (Integer) row.get(0);
 *     }
 * }
 * }</pre>
 *
 * <p><b>Writing</b> ({@code FROM STDIN}): {@link #writeRow} adapts each value to the COPY format
 * the statement asks for. In text format (the default) a value becomes its text form, as its
 * adapter would write it without the quotes (arrays as {@code {1,2}}, composites and records as
 * {@code (1,x)}, ranges as {@code [1,10)}), escaped for COPY ({@code \N} or the statement's
 * NULL string for null; backslash, tab, newline, carriage return and the delimiter
 * backslash-escaped). With {@code WITH (FORMAT BINARY)} (or the old {@code BINARY} keyword) the
 * COPY starts with the {@code PGCOPY} signature and each value is sent in its column's binary
 * format — bool, int2, int4, int8, oid, float4, float8, numeric, text, varchar, bpchar, name,
 * json, jsonb, bytea, uuid, date, time, timetz, timestamp, timestamptz, interval, domains over
 * them and their arrays; the server describes the columns' types in the same round trip as the
 * COPY, and a value whose Java type does not fit its column raises an error naming the column.
 * (A table with generated columns, which COPY leaves out, needs the COPY's column list for the
 * types to be matched: {@code COPY t (a, b) …}.)
 * {@link #write} sends bytes as they are (data in the statement's format), and the two mix.
 * Rows are gathered into 64 KiB chunks, each written through the wait callback before the next
 * is filled.
 *
 * <p><b>Reading</b> ({@code TO STDOUT}): {@link #rows()} gives each row as a list of Java values
 * cast by the typecasters in force (cursor, connection, global, built-in), from text or binary
 * format; {@link #read()} gives the raw data in chunks of whole rows, then null. At most about
 * 1 MiB of rows waits in memory: reading the socket pauses until the caller takes them.
 *
 * <p><b>Ending</b>: {@link #close()} ends a COPY FROM (CopyDone) and waits for the server's
 * answer, which may be an error (a unique violation, bad data…) raised with its SQLSTATE; it
 * lets a COPY TO run to its end, dropping the rows not read. {@link Cursor#rowCount()} and
 * {@link #rowCount()} then give the rows copied. A COPY FROM is aborted instead (CopyFail: the
 * server discards every row, the transaction of an explicit {@code BEGIN} is left failed) when
 * one of this object's methods failed before {@code close()}, or with {@link #abort}. <b>Java's
 * try-with-resources does not tell {@code close()} about an exception thrown by the code of the
 * block itself</b>: catch it and call {@link #abort(Throwable)} before rethrowing if the rows
 * written so far must not be kept. Whatever the end, the connection stays usable.
 *
 * <p>The connection is taken only while a chunk is exchanged, but it runs nothing else until the
 * COPY is closed: another statement raises {@link ProgrammingException}. One thread at a time.
 * Every wait goes through the connection's wait callback (blocking, parking on virtual
 * threads…). An async connection refuses {@code copy()} (its caller drives {@code poll()} itself:
 * use {@link Cursor#copyExpert(String, java.io.InputStream)}, which streams in async mode), and
 * so does a pipeline.
 */
public final class Copy implements AutoCloseable {
    /** Rows are sent in chunks of about this size. */
    private static final int CHUNK = 64 * 1024;

    private final Cursor cursor;
    private final Connection conn;
    private final CopyStatement statement;
    private final CopyStreamOp op;
    private final boolean in;
    private final boolean binary;
    private final QuoteContext ctx;
    private final Charset charset;
    private final byte delimiter;
    private final byte[] nullMarker;
    private final boolean customNull;

    private RuntimeException failure;
    private boolean aborted;
    private boolean closed;
    private long rowCount = -1;

    // COPY FROM
    private final ByteBuf buf;
    private CopyBinary.FieldWriter[] writers;
    private String[] names;
    private boolean headerWritten;
    private boolean rawWritten;

    // COPY TO
    private CopyStreamOp.Chunk chunk;
    private int chunkPos;
    private boolean headerSeen;
    private CopyBinary.FieldReader[] readers;
    private TypeCaster[] casters;
    private ByteBuf scratch;

    private Copy(Cursor cursor, CopyStatement statement, CopyStreamOp op, QuoteContext ctx) {
        this.cursor = cursor;
        this.conn = cursor.conn;
        this.statement = statement;
        this.op = op;
        this.in = op.copyingIn();
        this.binary = op.binary();
        this.ctx = ctx;
        this.charset = ctx.charset();
        this.delimiter = (byte) (statement.delimiter != 0 ? statement.delimiter : '\t');
        String ns = statement.nullString;
        this.customNull = ns != null && !ns.equals("\\N");
        this.nullMarker = ns == null ? new byte[] {'\\', 'N'} : ns.getBytes(charset);
        this.buf = in ? new ByteBuf(CHUNK + 1024) : null;
    }

    /** Starts the COPY: what {@link Cursor#copy(String)} does. */
    static Copy open(Cursor cur, String sql) {
        Objects.requireNonNull(sql, "sql");
        cur.checkOpen();
        if (cur.name() != null) {
            throw new ProgrammingException("copy() cannot be used with a named cursor");
        }
        Connection conn = cur.conn;
        conn.gate.enter();
        try {
            conn.gate.checkUsable();
            conn.gate.refuseAsync("copy()");
            if (conn.s.pipeline != null) {
                throw new NotSupportedException("COPY cannot be used in pipeline mode: close the pipeline first");
            }
            QuoteContext ctx = QuoteContext.of(conn);
            CopyStatement st = CopyStatement.parse(sql, ctx.standardConformingStrings());
            if (!st.isCopy || st.multiple) {
                throw new ProgrammingException("copy() takes one COPY … FROM STDIN or COPY … TO STDOUT statement"
                        + " (nothing was sent); other statements run with execute()");
            }
            if (!st.stdio) {
                throw new ProgrammingException("copy() takes COPY … FROM STDIN or COPY … TO STDOUT; a COPY with a"
                        + " server-side file or program runs with execute()");
            }
            if (st.encoding != null && st.problem == null) {
                try {
                    ctx = QuoteContext.of(PgEncodings.normalize(st.encoding), ctx.standardConformingStrings());
                } catch (NotSupportedException e) {
                    st.problem = "ENCODING '" + st.encoding + "': " + e.getMessage(); // write()/read() still work
                }
            }
            CurrentResult.clear(cur);
            byte[] q = cur.encode(sql);
            cur.lastQuery(q);
            CopyStreamOp op = describing(cur, st);
            op.writtenAs(sql, dev.greenwire.observe.Binding.NONE); // observed as a statement, as copyExpert's are
            Submission.submit(conn, op, true);
            conn.await();
            return new Copy(cur, st, op, ctx);
        } finally {
            conn.gate.exit();
        }
    }

    /**
     * The operation, learning the column types first when rows will need them: the server
     * describes (parses, without planning or running) the COPY's query, or
     * {@code SELECT <its columns> FROM <its table>}, in the same round trip as the COPY. A
     * description is free where a catalog query costs the server a plan (about 0.3 ms per
     * COPY, 1.5 ms on a new connection); its RowDescription gives each column's name and type,
     * a domain's base type already.
     */
    private static CopyStreamOp describing(Cursor cur, CopyStatement st) {
        byte[] q = cur.query;
        boolean wanted = st.problem == null && !st.format.equals("csv")
                && (st.direction == CopyStatement.Direction.TO || (st.direction == CopyStatement.Direction.FROM && st.binary()));
        if (wanted && st.query != null) {
            return new CopyStreamOp(q, cur.encode(st.query));
        }
        if (wanted && st.table != null) {
            StringBuilder sql = new StringBuilder("SELECT ");
            if (st.columns == null) {
                sql.append('*');
            } else {
                for (int i = 0; i < st.columns.size(); i++) {
                    sql.append(i == 0 ? "\"" : ", \"").append(st.columns.get(i).replace("\"", "\"\"")).append('"');
                }
            }
            return new CopyStreamOp(q, cur.encode(sql.append(" FROM ").append(st.quotedTable).toString()));
        }
        return new CopyStreamOp(q, null);
    }

    // ---- writing ----------------------------------------------------------------------------

    /**
     * Writes one row of a {@code COPY … FROM STDIN}: one value per column of the COPY, in order,
     * adapted to the statement's format (see the class documentation). A {@code List} or an
     * array argument is one array value: to pass a row held in a list, use
     * {@code writeRow(list.toArray())}.
     *
     * @param values the row's values, null for NULL
     * @throws ProgrammingException for a value that cannot be adapted or does not fit its column
     *                              (in binary format), a wrong number of values, a CSV COPY, or a
     *                              COPY TO; the COPY is then aborted when closed
     * @throws DataException for a value out of its column's range, or text with a NUL character
     * @throws PgException the server's error when it stopped the COPY (the connection stays usable)
     */
    public void writeRow(Object... values) {
        Object[] row = values == null ? new Object[] {null} : values;
        checkWriting("writeRow()");
        checkShape("writeRow()");
        int n = op.columnCount();
        if (row.length != n) {
            throw fail(new ProgrammingException("writeRow() got " + row.length + " value" + (row.length == 1 ? "" : "s")
                    + " for a COPY of " + n + " column" + (n == 1 ? "" : "s")));
        }
        if (binary) {
            CopyBinary.FieldWriter[] w = writers();
            if (!headerWritten && !rawWritten) {
                CopyBinary.header(buf);
                headerWritten = true;
            }
            int mark = buf.length();
            try {
                buf.writeInt16(n);
                for (int i = 0; i < n; i++) {
                    w[i].write(buf, row[i]);
                }
            } catch (RuntimeException e) {
                buf.setLength(mark);
                throw fail(e);
            }
        } else {
            int mark = buf.length();
            try {
                CopyText.writeRow(buf, row, delimiter, nullMarker, customNull, statement.columns, ctx, conn);
            } catch (RuntimeException e) {
                buf.setLength(mark);
                throw fail(e);
            }
        }
        if (buf.length() >= CHUNK) {
            flush();
        }
    }

    /**
     * Sends bytes as they are: COPY data in the statement's format (lines of text or CSV, or
     * binary tuples). In binary format, data written before the first {@link #writeRow} must
     * then include the {@code PGCOPY} header, and {@code close()} adds the trailer only after a
     * header it wrote itself.
     *
     * @param data the bytes
     */
    public void write(byte[] data) {
        write(data, 0, Objects.requireNonNull(data, "data").length);
    }

    /**
     * Sends {@code len} bytes of {@code data} from {@code off} as they are (see {@link #write(byte[])}).
     *
     * @param data the bytes
     * @param off the first one
     * @param len how many
     */
    public void write(byte[] data, int off, int len) {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(off, len, data.length);
        checkWriting("write()");
        if (!headerWritten) {
            rawWritten = true;
        }
        if (len < CHUNK) {
            buf.write(data, off, len);
            if (buf.length() >= CHUNK) {
                flush();
            }
            return;
        }
        flush();
        conn.gate.enter();
        try {
            for (int p = off; p < off + len; p += CHUNK) {
                send(data, p, Math.min(CHUNK, off + len - p));
            }
        } finally {
            conn.gate.exit();
        }
    }

    private CopyBinary.FieldWriter[] writers() {
        if (writers == null) {
            CopyStreamOp.Column[] cols = columns("writeRow()");
            CopyBinary.FieldWriter[] w = new CopyBinary.FieldWriter[cols.length];
            names = new String[cols.length];
            for (int i = 0; i < cols.length; i++) {
                CopyStreamOp.Column c = cols[i];
                names[i] = c.name();
                w[i] = CopyBinary.writer(c.name(), c.oid(), ctx, conn);
            }
            writers = w;
        }
        return writers;
    }

    /** Sends what is gathered and waits until it is written. */
    private void flush() {
        if (buf.length() == 0) {
            return;
        }
        conn.gate.enter();
        try {
            send(buf.array(), 0, buf.length());
        } finally {
            buf.setLength(0);
            conn.gate.exit();
        }
    }

    /** One CopyData message, written through the wait callback. Called with the connection taken. */
    private void send(byte[] b, int off, int len) {
        try {
            conn.gate.checkUsable();
            if (op.ending()) {
                throw new ProgrammingException("the server has ended this COPY");
            }
            op.send(b, off, len);
            conn.await();
        } catch (RuntimeException e) {
            throw fail(e);
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    /**
     * The next chunk of a {@code COPY … TO STDOUT}'s raw data: one or more whole rows as the
     * server sent them (lines of text or CSV, or binary tuples, the first chunk starting with
     * the binary header). Waits through the wait callback when nothing has arrived yet.
     *
     * @return the bytes, never empty; null once the COPY has ended (then {@link #rowCount()} is known)
     */
    public byte[] read() {
        checkReading("read()");
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

    /**
     * The rows of a {@code COPY … TO STDOUT}, each an unmodifiable list of values cast by the
     * typecasters in force for the columns' types (text format), or decoded from the binary
     * format to the same Java values (a column of a text type goes through any typecaster; a
     * custom typecaster on another type, or a type without a binary decoder, needs the text
     * format). Rows are read as the loop goes: iterating again continues where the last loop
     * stopped.
     *
     * @return the rows
     * @throws ProgrammingException for a COPY FROM, a CSV COPY, or columns whose types could not
     *                              be learned (a table with generated columns, which COPY leaves
     *                              out: name the COPY's columns) or read in binary
     */
    public Iterable<List<Object>> rows() {
        checkReading("rows()");
        checkShape("rows()");
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
                    takeResult();
                    return null;
                }
                conn.gate.checkUsable();
                conn.await();
            }
        } catch (RuntimeException e) {
            throw fail(e);
        } finally {
            conn.gate.exit();
        }
    }

    private void prepareReaders() {
        if (casters != null) {
            return;
        }
        CopyStreamOp.Column[] cols = columns("rows()");
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
                    throw fail(new ProgrammingException("rows() can't read column \"" + c.name() + "\" ("
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
            throw fail(e);
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

    // ---- ending -----------------------------------------------------------------------------

    /**
     * Ends the COPY. A {@code COPY FROM} sends what is gathered and CopyDone, and waits for the
     * server's verdict (its error, if any, is raised with its SQLSTATE; the connection stays
     * usable); if a method of this object failed earlier it sends CopyFail instead, so that no
     * row is kept. A {@code COPY TO} is read to its end, the rows not taken being dropped (or
     * cancelled on the server after a failure). Then {@link Cursor#rowCount()},
     * {@link Cursor#statusMessage()} and {@link #rowCount()} tell what was copied. Closing
     * again does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (failure != null) {
            end("COPY aborted by the client after an error: " + failure);
            return;
        }
        if (conn.isClosed()) {
            return;
        }
        conn.gate.enter();
        try {
            if (!op.isDone()) {
                if (in) {
                    try {
                        if (binary && headerWritten) {
                            CopyBinary.trailer(buf);
                        }
                        if (buf.length() > 0) {
                            send(buf.array(), 0, buf.length());
                            buf.setLength(0);
                        }
                        op.finish();
                        conn.await();
                    } catch (RuntimeException e) {
                        failure = e;
                        throw e;
                    }
                } else {
                    op.discardRest();
                    conn.await();
                }
            }
            takeResult();
        } finally {
            conn.gate.exit();
        }
    }

    /**
     * Aborts the COPY: a {@code COPY FROM} sends CopyFail with {@code reason}, so that the server
     * keeps none of its rows; a {@code COPY TO} is cancelled on the server and its rows dropped.
     * The server's error in answer is expected and not raised; the connection stays usable (a
     * transaction opened by the driver or by {@code BEGIN} is left failed, to be rolled back).
     * Does nothing once the COPY is closed.
     *
     * @param reason why, sent to the server (it appears in its error message and log)
     */
    public void abort(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        aborted = true;
        end(reason == null || reason.isEmpty() ? "COPY aborted by the client" : reason);
    }

    /**
     * {@link #abort(String)} with the exception that made the caller give up, for
     * {@code catch (RuntimeException e) { copy.abort(e); throw e; }}.
     *
     * @param cause the exception
     */
    public void abort(Throwable cause) {
        abort(cause == null ? null : "COPY aborted by the client: " + cause);
    }

    /** Aborts what is still running (CopyFail or cancel) and waits for the end. */
    private void end(String reason) {
        if (conn.isClosed() || op.isDone()) {
            return;
        }
        if (!in) {
            conn.cancel(); // a COPY TO cannot be stopped from inside the protocol
        }
        conn.gate.enter();
        try {
            if (!op.isDone()) {
                op.abort(reason.length() > 1000 ? reason.substring(0, 1000) : reason);
                conn.await();
            }
        } finally {
            conn.gate.exit();
        }
    }

    private void takeResult() {
        Result r = op.result();
        if (r != null && op.error() == null && !aborted && failure == null) {
            rowCount = r.rowCount();
            cursor.statusMessage = r.tag();
            cursor.rowCount = rowCount;
        }
    }

    // ---- state ------------------------------------------------------------------------------

    /** @return the rows the COPY copied, known once it has ended ({@link #close()}, or {@link #read()} at the end); -1 before */
    public long rowCount() {
        return rowCount;
    }

    /** @return true when the COPY uses the binary format (as the server announced it) */
    public boolean isBinary() {
        return binary;
    }

    /** @return true for a {@code COPY … FROM STDIN}, false for a {@code COPY … TO STDOUT} */
    public boolean isCopyIn() {
        return in;
    }

    /** @return true once closed or aborted */
    public boolean isClosed() {
        return closed;
    }

    private RuntimeException fail(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new InterfaceException(what + ": the COPY is closed");
        }
        if (failure != null) {
            throw new ProgrammingException(what + ": the COPY failed earlier (" + failure.getMessage()
                    + ") and will be aborted when closed");
        }
        if (conn.isClosed()) {
            throw new InterfaceException("connection already closed");
        }
    }

    private void checkWriting(String what) {
        checkOpen(what);
        if (!in) {
            throw new ProgrammingException(what + " is for COPY … FROM STDIN; this COPY is TO STDOUT: use rows() or read()");
        }
    }

    private void checkReading(String what) {
        checkOpen(what);
        if (in) {
            throw new ProgrammingException(what + " is for COPY … TO STDOUT; this COPY is FROM STDIN: use writeRow() or write()");
        }
    }

    private boolean shapeChecked;

    /** Refuses rows when their shape is unknown or not the text/binary formats. */
    private void checkShape(String what) {
        if (shapeChecked) {
            return;
        }
        String why = null;
        if (statement.problem != null) {
            why = "could not read the COPY statement (" + statement.problem + ")";
        } else if (statement.format.equals("csv")) {
            why = "does not handle the CSV format";
        } else if (!statement.format.equals(binary ? "binary" : "text")) {
            why = "could not tell the COPY's format (the statement says " + statement.format + ")";
        } else if (in && statement.header) {
            why = "does not write a HEADER line";
        }
        if (why != null) {
            throw fail(new ProgrammingException(what + " " + why + ": use " + (in ? "write()" : "read()")));
        }
        shapeChecked = true;
    }

    /** The columns of the COPY, in its order, with their types. */
    private CopyStreamOp.Column[] columns(String what) {
        if (op.describeError() != null) {
            throw fail(new ProgrammingException(what + " needs the columns' types, which the server did not give: "
                    + op.describeError().getMessage()));
        }
        List<CopyStreamOp.Column> described = op.columns();
        if (described.size() != op.columnCount()) {
            String why = statement.table != null && statement.columns == null
                    ? " (the table has generated columns, which COPY leaves out): name the COPY's columns, as in COPY "
                    + statement.table + " (a, b) …"
                    : "";
            throw fail(new ProgrammingException(what + " could not learn the types of the COPY's " + op.columnCount()
                    + " columns: " + described.size() + " were described" + why));
        }
        return described.toArray(new CopyStreamOp.Column[0]);
    }

    @Override
    public String toString() {
        return "Copy[" + (in ? "FROM STDIN" : "TO STDOUT") + (binary ? ", binary" : ", text")
                + (closed ? ", closed" : "") + "]";
    }
}
