package dev.greenwire.internal.engine;

import dev.greenwire.PgException;
import dev.greenwire.PollState;
import dev.greenwire.internal.protocol.InBuf;
import java.io.IOException;

/**
 * One protocol operation as a step machine: it queues its messages when submitted, consumes
 * the backend messages addressed to it, and reports completion. It never waits.
 */
public abstract class Op {
    /** The first server or driver error met; raised when the operation completes. */
    PgException error;
    /** Set when the caller gave up on the result: the op still runs to a protocol boundary. */
    boolean abandoned;
    boolean done;
    /** When the server is asked to cancel this operation (a statement timeout), 0 for never; see {@link StatementTimeout}. */
    long cancelAt;
    /** The pause before the next cancel request of a statement timeout, 0 before the first. */
    long cancelBackoff;
    /**
     * The statement as written, for observers (JFR, listeners, logs): never with parameter
     * values. Null: not observed as a statement unless the kind says so (extended and COPY
     * statements carry no values in their text).
     */
    String written;
    /** How the statement's arguments were sent. */
    dev.greenwire.observe.Binding binding = dev.greenwire.observe.Binding.NONE;
    /** Whether the driver issued it on its own (BEGIN, COMMIT, SET…) rather than a cursor. */
    boolean driverStatement;
    /** The observation of this operation while it runs (see {@link Tracing}), or null. */
    Trace trace;

    /** What observers see of this operation: {@link Tracing#STATEMENT} and the others. */
    int observedKind() {
        return written != null ? Tracing.STATEMENT : Tracing.NONE;
    }

    /**
     * Names the statement for observers.
     *
     * @param sql the statement as written, with its placeholders: never with parameter values
     * @param how how its arguments are sent
     */
    public final void writtenAs(String sql, dev.greenwire.observe.Binding how) {
        this.written = sql;
        this.binding = how;
    }

    /** Queues the operation's frontend messages. */
    abstract void start(Engine c);

    /**
     * Work of the operation itself before the messages it waits for are read: connecting and TLS,
     * COPY data, status updates, cancel requests. @return the readiness it needs, or null to go on reading
     */
    PollState beforeReading(Engine c) throws IOException {
        return null;
    }

    /**
     * Consumes one backend message (the current frame of {@code m}).
     *
     * @return true when the operation is complete
     */
    abstract boolean onMessage(Engine c, InBuf m);

    /**
     * Consumes an ErrorResponse addressed to this operation.
     *
     * @return true when the error completes the operation
     */
    boolean onError(Engine c, dev.greenwire.Diagnostics d) {
        fail(Errors.fromServer(d));
        return false;
    }

    /**
     * Called when nothing arrived before the operation's deadline.
     *
     * @return true when that completes the operation
     */
    boolean onDeadline(Engine c) {
        return false;
    }

    /** @return true while the operation still has data to send (COPY FROM): never wait to read then */
    boolean hasMoreOutput() {
        return false;
    }

    /**
     * Whether the operation goes on writing without waiting for input (a COPY FROM under way).
     * Unlike {@link #hasMoreOutput()}, which is asked when a read found nothing, it changes nothing.
     *
     * @return true while the server owes no reply to what was written
     */
    boolean writesWithoutInput() {
        return false;
    }

    /** @return true when {@code poll()} should report OK although the operation goes on (a stream with data ready) */
    boolean yieldReady(Engine c) {
        return false;
    }

    /** @return true when no more input should be read for now (the consumer is behind) */
    boolean pauseReading(Engine c) {
        return false;
    }

    /** @return true when the operation completes without any more input */
    boolean readyWithoutInput(Engine c) {
        return false;
    }

    /** Called when the caller gives up on this operation, to end it at the protocol level sooner. */
    void onAbandon(Engine c) {
    }

    /**
     * Called when the operation is dropped before any of its bytes were sent, to undo what
     * its start assumed would reach the server (a statement cache's Parse or Close).
     */
    void unsent(Engine c) {
    }

    /** @return true when an abandoned operation can be dropped at once (it has no server-side work) */
    boolean dropWhenAbandoned() {
        return false;
    }

    /** Records an error if none was recorded yet. */
    void fail(PgException e) {
        if (error == null) {
            error = e;
        }
    }

    /** @return the error to raise, or null */
    public PgException error() {
        return error;
    }

    /**
     * Sets a statement timeout: when the operation is still running at {@code deadlineNanos}
     * (a {@link System#nanoTime()} value), the server is asked to cancel it (off the caller's
     * thread, repeated while it runs), so that it ends with the server's 57014 error and the
     * connection stays usable. The deadline is honoured through the wait callback: no timer.
     *
     * @param deadlineNanos the deadline, or 0 for none
     * @return this operation
     */
    public Op cancelAt(long deadlineNanos) {
        this.cancelAt = deadlineNanos;
        return this;
    }

    /** @return true once the operation finished */
    public boolean isDone() {
        return done;
    }

    /** A COPY TO started by execute() whose data is being skipped. */
    private boolean discardingCopy;

    /**
     * Refuses a COPY or replication stream that a plain query started (psycopg2's messages)
     * and brings the protocol back to ReadyForQuery.
     *
     * @return true when the message was one of those
     */
    final boolean refuseCopy(Engine c, InBuf m) {
        switch (m.type()) {
            case 'G' -> {
                c.out.copyFail("COPY FROM STDIN is not supported by execute()", c.charset());
                fail(new dev.greenwire.ProgrammingException("can't execute COPY FROM: use the copyFrom() method instead"));
            }
            case 'H' -> {
                discardingCopy = true;
                fail(new dev.greenwire.ProgrammingException("can't execute COPY TO: use the copyTo() method instead"));
            }
            case 'W' -> {
                c.out.copyDone();
                fail(new dev.greenwire.ProgrammingException(
                        "can't execute a replication stream with execute(): use a replication cursor"));
            }
            case 'd', 'c' -> {
                if (!discardingCopy) {
                    throw m.malformed();
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
