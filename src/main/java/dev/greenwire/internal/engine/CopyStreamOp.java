package dev.greenwire.internal.engine;

import dev.greenwire.Diagnostics;
import dev.greenwire.PgException;
import dev.greenwire.ProgrammingException;
import dev.greenwire.internal.protocol.InBuf;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A COPY driven by its caller, row by row ({@code Cursor.copy}), where {@link CopyOp} pulls from
 * a stream. The operation may first learn the columns' types (an unnamed statement parsed and
 * described, not run, then Sync) in the same round trip as the COPY itself, which is sent as a
 * simple query.
 *
 * <p>Once the server is in copy-in mode, the operation <em>yields</em> ({@code poll()} reports
 * OK while it goes on) whenever everything the caller handed over with {@link #send} is written,
 * so that the caller's wait returns and it can produce more; after each chunk it reads the
 * socket once without waiting, so that a server error (a unique violation, bad data) ends the
 * COPY early instead of after the whole stream. In copy-out mode it queues the rows as they
 * arrive, whole CopyData messages packed into chunks, and yields once a chunk is full or the
 * socket has nothing more for now; reading pauses while {@link #MAX_QUEUED} bytes wait for the
 * caller, so memory stays bounded whatever the size of the COPY.
 *
 * <p>Abandoned (a failed wait), a copy-in sends CopyFail and a copy-out drops its data while the
 * engine's cancel ends it.
 */
public final class CopyStreamOp extends Op {
    /** Bytes of rows queued for the caller before reading pauses. */
    static final int MAX_QUEUED = 1 << 20;
    /** Size of a chunk of rows handed to the caller (a larger row gets a chunk of its own). */
    static final int CHUNK = 64 * 1024;

    /**
     * A column as described.
     *
     * @param name its name
     * @param oid its type (a domain's base type)
     */
    public record Column(String name, int oid) {
    }

    /** Rows handed to the caller: whole CopyData payloads in {@code data[0, length)}. */
    public record Chunk(byte[] data, int length) {
    }

    private final byte[] copySql;
    private final byte[] describeSql;
    private Charset cs;
    private Engine engine;

    private boolean describing;
    private final List<Column> columns = new ArrayList<>();
    private PgException describeError;

    private static final int START = 0;
    private static final int IN = 1;
    private static final int OUT = 2;
    private int phase = START;
    private boolean binary;
    private int columnCount = -1;
    private boolean notCopy;
    private Result last;

    // copy-in
    private boolean ending;
    private boolean aborting;
    private PgException abortReply;
    private boolean peek;

    // copy-out
    private final ArrayDeque<Chunk> ready = new ArrayDeque<>();
    private byte[] filling;
    private int fillingLen;
    private long queued;
    private boolean drained;
    private boolean discard;
    private boolean outEnded;

    /**
     * @param copySql the COPY statement, encoded
     * @param describeSql a query whose columns are the COPY's, described (not run) first to
     *                    learn their types; null for none
     */
    public CopyStreamOp(byte[] copySql, byte[] describeSql) {
        this.copySql = copySql;
        this.describeSql = describeSql;
    }

    @Override
    void start(Engine c) {
        engine = c;
        cs = c.charset();
        if (describeSql != null) {
            describing = true;
            c.out.parse("", describeSql, new int[0], cs);
            c.out.describe('S', "", cs);
            c.out.sync();
        }
        c.out.query(copySql);
    }

    // ---- what the caller sees ----------------------------------------------------------------

    /** @return true once the server is in copy-in mode (COPY FROM STDIN) */
    public boolean copyingIn() {
        return phase == IN;
    }

    /** @return true once the server is in copy-out mode (COPY TO STDOUT) */
    public boolean copyingOut() {
        return phase == OUT;
    }

    /** @return true when the server announced the binary format */
    public boolean binary() {
        return binary;
    }

    /** @return the number of columns the server announced, -1 before */
    public int columnCount() {
        return columnCount;
    }

    /** @return the described columns (empty when not described or when describing failed) */
    public List<Column> columns() {
        return columns;
    }

    /** @return the error of the description, or null */
    public PgException describeError() {
        return describeError;
    }

    /** @return the COPY's result (its command tag counts the rows), or null */
    public Result result() {
        return last;
    }

    /** @return the server's answer to a CopyFail or a cancel this operation asked for, or null */
    public PgException abortReply() {
        return abortReply;
    }

    /** @return true when no more data can be sent (CopyDone or CopyFail sent, or the server ended it) */
    public boolean ending() {
        return ending || done;
    }

    /**
     * Queues COPY data (one CopyData message); the next poll writes it.
     *
     * @param b the data
     * @param off where it starts
     * @param len its length
     */
    public void send(byte[] b, int off, int len) {
        if (phase != IN || ending || done) {
            throw new IllegalStateException("not in copy-in mode");
        }
        engine.out.copyData(b, off, len);
        peek = true;
    }

    /** Ends a copy-in: CopyDone. */
    public void finish() {
        if (phase == IN && !ending && !done) {
            ending = true;
            engine.out.copyDone();
        }
    }

    /**
     * Aborts a copy-in with CopyFail (the server's error in reply is kept as {@link #abortReply()},
     * not raised); on a copy-out, drops the data still to come and treats the error of a cancel
     * the same way (the caller sends the cancel).
     *
     * @param reason the message for the server
     */
    public void abort(String reason) {
        aborting = true;
        if (phase == IN && !ending && !done) {
            ending = true;
            engine.out.copyFail(reason, cs);
        } else if (phase == OUT) {
            discardRest();
        }
    }

    /** Drops the rows queued and those still to come (copy-out). */
    public void discardRest() {
        discard = true;
        ready.clear();
        filling = null;
        fillingLen = 0;
        queued = 0;
    }

    /**
     * Takes the rows received so far.
     *
     * @return a chunk of whole rows, or null when none is queued
     */
    public Chunk take() {
        Chunk ch = ready.poll();
        if (ch == null) {
            if (fillingLen == 0) {
                return null;
            }
            ch = new Chunk(filling, fillingLen);
            filling = null;
            fillingLen = 0;
        }
        queued -= ch.length();
        drained = false;
        return ch;
    }

    private void queue(InBuf m) {
        int n = m.remaining();
        if (filling == null || filling.length - fillingLen < n) {
            if (fillingLen > 0) {
                ready.add(new Chunk(filling, fillingLen));
            }
            filling = new byte[Math.max(CHUNK, n)];
            fillingLen = 0;
        }
        System.arraycopy(m.array(), m.position(), filling, fillingLen, n);
        fillingLen += n;
        queued += n;
    }

    // ---- the engine's side -------------------------------------------------------------------

    @Override
    boolean yieldReady(Engine c) {
        if (abandoned || done || describing) {
            return false;
        }
        if (phase == IN) {
            if (ending) {
                return false;
            }
            if (peek) {
                peek = false; // read once (without waiting) before handing back: a server error ends it early
                return false;
            }
            return true;
        }
        if (phase == OUT) {
            // a full chunk, or what the socket had for now; always when reading pauses (never read on then)
            return !discard && queued > 0 && (!ready.isEmpty() || drained || queued >= CHUNK);
        }
        return false;
    }

    @Override
    boolean hasMoreOutput() {
        // called when a read found nothing: a copy-in goes on writing; a copy-out hands over what it has
        if (abandoned || done) {
            return false;
        }
        if (phase == IN) {
            return writesWithoutInput();
        }
        if (phase == OUT && queued > 0 && !discard) {
            drained = true;
            return true;
        }
        return false;
    }

    @Override
    boolean writesWithoutInput() {
        return !abandoned && !done && phase == IN && !ending;
    }

    @Override
    boolean pauseReading(Engine c) {
        return phase == OUT && !abandoned && !discard && queued >= MAX_QUEUED;
    }

    @Override
    void onAbandon(Engine c) {
        aborting = true;
        if (phase == IN && !ending) {
            ending = true;
            c.out.copyFail("COPY abandoned by the client", c.charset());
        } else if (phase == OUT) {
            discardRest();
        }
    }

    @Override
    boolean onMessage(Engine c, InBuf m) {
        if (describing) {
            return onDescribeMessage(c, m);
        }
        switch (m.type()) {
            case 'G' -> {
                phase = IN;
                binary = m.i8() != 0;
                columnCount = m.i16() & 0xffff;
                if (abandoned || aborting) {
                    ending = true;
                    c.out.copyFail("COPY abandoned by the client", c.charset());
                }
            }
            case 'H' -> {
                phase = OUT;
                binary = m.i8() != 0;
                columnCount = m.i16() & 0xffff;
            }
            case 'W' -> {
                c.out.copyDone();
                fail(new ProgrammingException("COPY BOTH is only for replication connections"));
            }
            case 'd' -> {
                if (phase == OUT && !discard && !abandoned) {
                    queue(m);
                }
            }
            case 'c' -> outEnded = true;
            case 'C' -> {
                if (phase == START || last != null) {
                    notCopy = true;
                }
                Result r = new Result(null);
                r.tag(m.cstring(c.charset()));
                if (last == null) {
                    last = r;
                }
            }
            case 'T', 'D', 'I' -> notCopy = true;
            case 'Z' -> {
                c.readyForQuery((char) m.i8());
                if (notCopy) {
                    fail(new ProgrammingException("copy() takes one COPY … FROM STDIN or COPY … TO STDOUT statement"
                            + " (for a COPY with a server-side file, or any other statement, use execute())"));
                }
                return true;
            }
            default -> throw Errors.unexpected(m.type(), "during COPY");
        }
        return false;
    }

    private boolean onDescribeMessage(Engine c, InBuf m) {
        switch (m.type()) {
            case '1', 't', 'n' -> { }
            case 'T' -> {
                for (Result.Field f : QueryOp.readFields(m, c.charset())) {
                    columns.add(new Column(f.name(), f.typeOid()));
                }
            }
            case 'Z' -> {
                c.readyForQuery((char) m.i8());
                describing = false;
            }
            default -> throw Errors.unexpected(m.type(), "while describing a COPY's columns");
        }
        return false;
    }

    @Override
    boolean onError(Engine c, Diagnostics d) {
        PgException e = Errors.fromServer(d);
        if (describing) {
            // the COPY runs anyway (it fails the same way if the table or a column is missing):
            // only rows() and writeRow() in binary need the types
            columns.clear();
            describeError = e;
            return false;
        }
        ending = true; // the server has left copy mode: anything more would be dropped
        if (aborting) {
            abortReply = e;
            return false;
        }
        if (describeError != null && "25P02".equals(e.pgcode())) {
            // the description's failure aborted the transaction: that is the error to report
            describeError.addSuppressed(e);
            fail(describeError);
            return false;
        }
        fail(e);
        return false;
    }

    /** @return true when the server has sent the end of the copy-out data */
    public boolean outEnded() {
        return outEnded;
    }
}
