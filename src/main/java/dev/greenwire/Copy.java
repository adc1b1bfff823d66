package dev.greenwire;

import dev.greenwire.internal.engine.CopyStreamOp;
import dev.greenwire.internal.engine.Result;
import dev.greenwire.internal.types.QuoteContext;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Objects;

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
    final Cursor cursor;
    final Connection conn;
    final CopyStatement statement;
    final CopyStreamOp op;
    final boolean in;
    final boolean binary;
    final QuoteContext ctx;
    final Charset charset;
    final byte delimiter;
    final byte[] nullMarker;
    final boolean customNull;

    private RuntimeException failure;
    private boolean aborted;
    private boolean closed;
    private long rowCount = -1;

    /** Rows written, for a COPY FROM; null for a COPY TO. */
    private final CopyRowWriter writer;
    /** Rows read, for a COPY TO; null for a COPY FROM. */
    private final CopyRowReader reader;

    Copy(Cursor cursor, CopyStatement statement, CopyStreamOp op, QuoteContext ctx) {
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
        this.writer = in ? new CopyRowWriter(this) : null;
        this.reader = in ? null : new CopyRowReader(this);
    }

    /** Starts the COPY: what {@link Cursor#copy(String)} does ({@link CopyOpening}). */
    static Copy open(Cursor cur, String sql) {
        return CopyOpening.open(cur, sql);
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
        writer.writeRow(row);
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
        writer.write(data, off, len);
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
        return reader.read();
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
        return reader.rows();
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
                        writer.sendRest();
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

    void takeResult() {
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

    RuntimeException fail(RuntimeException e) {
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
    CopyStreamOp.Column[] columns(String what) {
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
