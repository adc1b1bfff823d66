package dev.greenwire.internal.engine;

import dev.greenwire.PgException;
import dev.greenwire.PollState;
import java.io.IOException;

/**
 * The step of {@link Engine#poll()} that advances the operations without ever blocking: it
 * honours deadlines, writes what is pending (reading meanwhile, so that the server never stalls
 * on its own output), dispatches every complete frame, reads what the socket has, and reports
 * the readiness it needs next, or OK once every operation is done (raising the completed
 * operation's server error then, with the connection back at ReadyForQuery).
 */
final class Stepping {
    private Stepping() {
    }

    static PollState step(Engine c) throws IOException {
        if (c.current == null) {
            return idlePoll(c);
        }
        for (;;) {
            if (c.current == null) {
                return finish(c);
            }
            StatementTimeout.check(c);
            SocketTimeout.check(c);
            long dl = c.deadline;
            if (dl != Long.MAX_VALUE && System.nanoTime() - dl >= 0) {
                if (c.current.abandoned) {
                    // a cancel that reached the backend between two statements is discarded by
                    // the server: ask again, backing off, until the abandoned work ends
                    Abandonment.sendCancel(c);
                    continue;
                }
                if (c.current.onDeadline(c)) {
                    c.complete();
                    if (c.current == null) {
                        return finish(c);
                    }
                } else if (c.deadline == dl) {
                    c.deadline = Long.MAX_VALUE;
                }
                continue;
            }
            PollState s = c.current.beforeReading(c);
            if (s != null) {
                return s;
            }
            boolean flushed = false;
            if (c.out.hasPending()) {
                if (c.hold.writesHeld() || !c.flush()) {
                    // read what the server sent meanwhile, so that it never stalls on its own output
                    if (readSome(c)) {
                        continue;
                    }
                    // held for a cancel in flight: wait for input or the short re-poll deadline
                    return c.hold.holding() ? PollState.READ : PollState.WRITE;
                }
                flushed = true;
            }
            while (c.current != null && c.current.readyWithoutInput(c)) {
                c.complete();
            }
            boolean any = false;
            while (c.current != null && !c.current.pauseReading(c) && c.in.next()) {
                Messages.dispatch(c);
                any = true;
            }
            if (c.current == null) {
                return finish(c);
            }
            if (!c.out.hasPending() && c.current.yieldReady(c)) {
                return PollState.OK;
            }
            if (any || c.out.hasPending() || c.transport == null) {
                continue;
            }
            if (flushed && c.in.buffered() == 0 && !c.current.writesWithoutInput() && !c.transport.buffersInput()) {
                // the request has only just left: its reply cannot be in yet, and trying would
                // cost a system call that finds nothing. Whatever did arrive before it is in the
                // socket, where the wait for READ sees it at once
                return PollState.READ;
            }
            int n = c.read();
            if (n < 0) {
                throw c.lost();
            }
            if (n == 0) {
                if (c.current.hasMoreOutput()) {
                    // a long COPY FROM: hand control back now and then so that the wait callback
                    // can see interrupts and deadlines (the socket is writable, so it returns at once)
                    if (++c.outputRounds >= 16) {
                        c.outputRounds = 0;
                        return PollState.WRITE;
                    }
                    continue;
                }
                return PollState.READ;
            }
        }
    }

    private static boolean readSome(Engine c) throws IOException {
        int n = c.read();
        if (n < 0) {
            throw c.lost();
        }
        if (n == 0) {
            return false;
        }
        while (c.current != null && c.in.next()) {
            Messages.dispatch(c);
        }
        return true;
    }

    private static PollState finish(Engine c) throws IOException {
        // frames already buffered behind the last ReadyForQuery are asynchronous messages
        while (c.in.next()) {
            Messages.dispatch(c);
        }
        c.deadline = Long.MAX_VALUE;
        PgException e = c.pendingError;
        if (e != null) {
            c.pendingError = null;
            throw e;
        }
        return PollState.OK;
    }

    private static PollState idlePoll(Engine c) throws IOException {
        if (c.transport == null) {
            return PollState.OK;
        }
        if (c.out.hasPending() && (c.hold.writesHeld() || !c.flush())) {
            return c.hold.holding() ? PollState.READ : PollState.WRITE;
        }
        for (;;) {
            while (c.in.next()) {
                Messages.dispatch(c);
            }
            int n = c.read();
            if (n < 0) {
                throw c.lost();
            }
            if (n == 0) {
                return PollState.OK;
            }
        }
    }
}
