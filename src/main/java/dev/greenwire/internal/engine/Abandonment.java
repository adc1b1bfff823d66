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
     * @return true when the connection is still usable, false when it had to be c.closed
     */
    static boolean abandon(Engine c) {
        if (c.closed) {
            return false;
        }
        if (!c.ready) {
            c.closeNow();
            return false;
        }
        if (c.current == null) {
            return true;
        }
        if (c.hold.writesHeld() && c.hold.unseen()) {
            // nothing of the pending work reached the server: drop it rather than send it later
            c.out.clear();
            c.hold.dropped();
            while (c.current != null) {
                c.current.unsent(c);
                c.current.fail(new dev.greenwire.QueryCanceledException(
                        "cancelled before it was sent (a cancel request for an earlier statement was in flight)"));
                c.complete();
            }
            c.pendingError = null;
            c.abandonOutcome = Engine.ABANDON_UNSENT;
            return true;
        }
        c.abandonOutcome = Engine.ABANDON_FINISHED;
        while (c.current != null && c.current.dropWhenAbandoned()) {
            c.complete();
        }
        if (c.current == null) {
            return true;
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
                return true;
            }
        } catch (PgException | IOException e) {
            if (c.closed) {
                return false;
            }
            c.pendingError = null;
            if (c.current == null) {
                return true;
            }
        }
        c.pendingError = null;
        if (!c.current.abandoned) {
            return true;
        }
        c.cancelRetryNanos = 0;
        c.abandonOutcome = Engine.ABANDON_CANCELLED;
        sendCancel(c);
        return true;
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
