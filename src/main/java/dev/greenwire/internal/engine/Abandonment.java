package dev.greenwire.internal.engine;

import dev.greenwire.PgException;
import dev.greenwire.PollState;
import java.io.IOException;

/**
 * What a failed wait leaves behind: the operations in flight are abandoned — dropped when the
 * server never saw them (held behind another thread's cancel), else finished from what is
 * already read, else cancelled on the server (off the caller's thread, retried with back-off
 * from the engine's deadline) and drained by the next operation's wait.
 */
final class Abandonment {
    private Abandonment() {
    }

    /**
     * Gives up on the results of every operation in flight (after a wait callback failed):
     * reads what is already available without waiting; if that does not finish them, asks the
     * server to cancel and leaves them to be drained by the next operation's wait.
     *
     * @return what became of them
     */
    static AbandonOutcome abandon(Engine c) {
        if (c.closed) {
            return AbandonOutcome.CLOSED;
        }
        if (!c.ready) {
            c.closeNow();
            return AbandonOutcome.CLOSED;
        }
        if (c.current == null) {
            return AbandonOutcome.FINISHED;
        }
        if (c.hold.writesHeld() && c.hold.unseen()) {
            // nothing of the pending work reached the server: drop it rather than send it later
            c.hold.dropped();
            dropAll(c, "cancelled before it was sent (a cancel request for an earlier statement was in flight)");
            return AbandonOutcome.UNSENT;
        }
        while (c.current != null && c.current.dropWhenAbandoned()) {
            c.complete();
        }
        if (c.current == null) {
            return AbandonOutcome.FINISHED;
        }
        c.current.abandoned = true;
        c.current.onAbandon(c);
        for (Op op : c.ops) {
            op.abandoned = true;
            op.onAbandon(c);
        }
        try {
            PollState s = c.step();
            if (s == PollState.OK) {
                c.pendingError = null;
                return AbandonOutcome.FINISHED;
            }
        } catch (PgException | IOException e) {
            if (c.closed) {
                return AbandonOutcome.CLOSED;
            }
            c.pendingError = null;
            if (c.current == null) {
                return AbandonOutcome.FINISHED;
            }
        }
        c.pendingError = null;
        if (!c.current.abandoned) {
            return AbandonOutcome.FINISHED;
        }
        c.cancelRetryNanos = 0;
        sendCancel(c);
        return AbandonOutcome.CANCELLED;
    }

    /**
     * Drops the operations in flight when none of their bytes has been sent yet: each fails
     * with {@link dev.greenwire.QueryCanceledException} ({@code why}) and undoes what it told
     * the statement cache. For a thread already interrupted when it starts to wait, as a
     * {@code BlockingQueue} refuses such a thread before it does anything.
     *
     * @param why the message of the operations' error
     * @return true when they were dropped; false when some were sent (or in a pipeline block, or
     *         behind a cancel in flight), and nothing changed
     */
    static boolean dropUnsent(Engine c, String why) {
        if (c.closed || !c.ready || c.current == null || !c.allUnsent || c.unsynced || c.hold.holding()
                || !c.out.hasPending()) {
            return false;
        }
        dropAll(c, why);
        return true;
    }

    /** Fails every operation in flight, none of whose bytes was sent, and drops their bytes. */
    private static void dropAll(Engine c, String why) {
        c.out.clear();
        while (c.current != null) {
            c.current.unsent(c);
            c.current.fail(new dev.greenwire.QueryCanceledException(why));
            c.complete();
        }
        c.pendingError = null;
    }

    static void sendCancel(Engine c) {
        c.cancelRetryNanos = c.cancelRetryNanos == 0 ? 50_000_000L : Math.min(c.cancelRetryNanos * 2, 2_000_000_000L);
        c.deadline = System.nanoTime() + c.cancelRetryNanos;
        if (c.serverAddress != null && !c.hold.lock.isLocked()) {
            // off this thread: poll() must never wait on a cancel socket
            CancelOp.sendDetached(c.config, c.serverAddress, c.backendPid, c.secretKey, new CancelGate(c, c.hold.submitted()));
        }
    }
}
