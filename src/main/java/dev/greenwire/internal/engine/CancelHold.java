package dev.greenwire.internal.engine;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's half of the cancel guarantee. It counts the operations submitted and completed
 * (a cancel request aims at the work submitted before it, see {@link CancelGate}), and while
 * another thread's cancel request is in flight (it holds {@link #lock}) it holds back the
 * bytes of the operations submitted meanwhile: the engine then hands back to the wait callback
 * with a short re-poll deadline instead of writing, so a cancel never hits a later statement.
 */
final class CancelHold {
    /** How soon a held connection is polled again. */
    static final long REPOLL_NANOS = 1_000_000L;

    /** Held by a thread whose cancel request is in flight. */
    final ReentrantLock lock = new ReentrantLock();
    private volatile long submitted;
    private volatile long completed;
    /** Writes wait for the cancel in flight. Owner thread only. */
    private boolean holding;
    /** Whether everything pending while held belongs to operations the server has not seen. */
    private boolean fromEmpty;

    /** @return how many operations were submitted so far, safe from any thread */
    long submitted() {
        return submitted;
    }

    /** @return whether some of the first {@code seq} operations still runs, safe from any thread */
    boolean running(long seq) {
        return completed < seq;
    }

    /**
     * Counts an operation about to be submitted (before its bytes are queued).
     *
     * @param outEmpty whether nothing is waiting to be written
     * @return whether everything pending then belongs to work the server has not seen
     */
    boolean submitting(boolean outEmpty) {
        boolean unseen = outEmpty && (!holding || fromEmpty);
        submitted = submitted + 1; // the owner is the only writer
        return unseen;
    }

    /**
     * After the operation is queued: holds its bytes back if another thread's cancel is in
     * flight. Read after {@link #submitting} bumped the count: either the canceller's check sees
     * the new operation, or this sees its lock.
     */
    void submitted(boolean unseen) {
        if (lock.isLocked() && !lock.isHeldByCurrentThread()) {
            fromEmpty = holding ? fromEmpty && unseen : unseen;
            holding = true;
        }
    }

    void completed() {
        completed = completed + 1; // the owner is the only writer
    }

    /** @return true while writes must wait for another thread's cancel request to land */
    boolean writesHeld() {
        if (!holding) {
            return false;
        }
        if (lock.isLocked() && !lock.isHeldByCurrentThread()) {
            return true;
        }
        holding = false;
        return false;
    }

    /** @return whether writes are being held (without re-checking the lock) */
    boolean holding() {
        return holding;
    }

    /** @return whether the held bytes were never seen by the server (they may be dropped) */
    boolean unseen() {
        return fromEmpty;
    }

    /** The held bytes were dropped. */
    void dropped() {
        holding = false;
    }

    /** @return {@code deadline}, brought forward to the re-poll time while writes are held */
    long deadline(long deadline) {
        if (!holding) {
            return deadline;
        }
        long h = System.nanoTime() + REPOLL_NANOS;
        return deadline == Long.MAX_VALUE || h - deadline < 0 ? h : deadline;
    }
}
