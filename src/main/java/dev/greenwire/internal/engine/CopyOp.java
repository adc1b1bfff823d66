package dev.greenwire.internal.engine;

import dev.greenwire.Diagnostics;
import dev.greenwire.ProgrammingException;
import dev.greenwire.internal.protocol.InBuf;
import java.io.IOException;

/**
 * A COPY statement streamed through the engine: the COPY is sent as a simple query; on
 * CopyInResponse the operation pulls chunks from its {@link Source} and sends them as
 * CopyData while the socket takes them (never more than {@link #WINDOW} bytes queued, so
 * memory stays bounded whatever the size of the stream); on CopyOutResponse each CopyData is
 * handed to its {@link Sink} as it arrives.
 *
 * <p>Each step happens inside {@code poll()}, so a COPY waits through the wait callback like
 * everything else, and an async caller drives it with {@code poll()} too. A failure of the
 * user's stream sends CopyFail (COPY FROM) or discards the rest of the data (COPY TO); the
 * stream's exception is kept for the caller to rethrow.
 */
public final class CopyOp extends Op {
    /** The most bytes of CopyData queued ahead of the socket. */
    static final int WINDOW = 256 * 1024;
    private static final int CHUNK = 64 * 1024;

    /** Where COPY FROM data comes from. */
    public interface Source {
        /**
         * Fills {@code buf} with the next bytes.
         *
         * @return the number of bytes read (0 allowed), or -1 at the end
         */
        int read(byte[] buf) throws IOException;
    }

    /** Where COPY TO data goes. */
    public interface Sink {
        /** Takes one CopyData payload (a row in text and CSV formats). */
        void write(byte[] buf, int off, int len) throws IOException;
    }

    private final byte[] sql;
    private final Source source;
    private final Sink sink;
    private final byte[] chunk;
    private Result last;
    private boolean copyingIn;
    private boolean inFinished;
    private Exception userError;

    public CopyOp(byte[] sql, Source source, Sink sink) {
        this.sql = sql;
        this.source = source;
        this.sink = sink;
        this.chunk = source == null ? null : new byte[CHUNK];
    }

    @Override
    int observedKind() {
        return Tracing.STATEMENT;
    }

    /** @return the COPY statement (it holds no values: the data travels apart) */
    String text(java.nio.charset.Charset cs) {
        return new String(sql, cs);
    }

    /** @return the COPY's result (its command tag carries the row count), or null */
    public Result result() {
        return last;
    }

    /** @return the exception the user's stream threw, or null */
    public Exception userError() {
        return userError;
    }

    @Override
    void start(Engine c) {
        c.out.query(sql);
    }

    @Override
    void onAbandon(Engine c) {
        aborted = true;
    }

    private boolean aborted;

    @Override
    dev.greenwire.PollState beforeReading(Engine c) {
        if (!copyingIn || inFinished) {
            return null;
        }
        if (aborted) {
            inFinished = true;
            c.out.copyFail("COPY abandoned by the client", c.charset());
            return null;
        }
        while (!inFinished && c.out.pendingBytes() < WINDOW) {
            int n;
            try {
                n = source.read(chunk);
            } catch (IOException | RuntimeException e) {
                userError = e;
                inFinished = true;
                c.out.copyFail("COPY aborted by the client: " + e, c.charset());
                break;
            }
            if (n < 0) {
                inFinished = true;
                c.out.copyDone();
            } else if (n > 0) {
                c.out.copyData(chunk, 0, n);
            } else if (!c.out.hasPending()) {
                // the source has nothing yet: hand back to the wait callback (which sees interrupts
                // and deadlines) instead of spinning here; the socket is writable, so it returns soon
                return dev.greenwire.PollState.WRITE;
            } else {
                break; // send what is queued first
            }
        }
        return null;
    }

    @Override
    boolean hasMoreOutput() {
        return writesWithoutInput();
    }

    @Override
    boolean writesWithoutInput() {
        return copyingIn && !inFinished;
    }

    @Override
    boolean onMessage(Engine c, InBuf m) {
        switch (m.type()) {
            case 'G' -> {
                if (source == null) {
                    c.out.copyFail("COPY FROM STDIN needs copyFrom()", c.charset());
                    fail(new ProgrammingException("can't execute COPY FROM: use the copyFrom() method instead"));
                } else {
                    copyingIn = true;
                }
            }
            case 'H' -> {
                if (sink == null) {
                    fail(new ProgrammingException("can't execute COPY TO: use the copyTo() method instead"));
                }
            }
            case 'W' -> {
                c.out.copyDone();
                fail(new ProgrammingException("COPY BOTH is only for replication connections"));
            }
            case 'd' -> {
                if (sink != null && userError == null) {
                    try {
                        sink.write(m.array(), m.position(), m.remaining());
                    } catch (IOException | RuntimeException e) {
                        // COPY TO cannot be stopped from the client: keep reading, drop the rest
                        userError = e;
                    }
                }
            }
            case 'c' -> { }
            case 'T', 'D' -> { }
            case 'C' -> {
                Result r = new Result(null);
                r.tag(m.cstring(c.charset()));
                last = r;
            }
            case 'I' -> last = Result.emptyQuery();
            case 'Z' -> {
                c.readyForQuery((char) m.i8());
                return true;
            }
            default -> throw Errors.unexpected(m.type(), "during COPY");
        }
        return false;
    }

    @Override
    boolean onError(Engine c, Diagnostics d) {
        // the server has left copy-in mode: anything more we sent would be dropped
        inFinished = true;
        return super.onError(c, d);
    }
}
