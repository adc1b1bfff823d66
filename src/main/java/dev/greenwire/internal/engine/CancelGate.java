package dev.greenwire.internal.engine;

/**
 * What makes a cancel request safe: it is aimed at the work submitted before it (the first
 * {@code seq} operations of the engine) and goes out only while some of that work still runs,
 * holding the engine's cancel lock until the server has taken it. The engine, for its part,
 * never writes a later operation's bytes while that lock is held by another thread (it hands
 * back to the wait callback instead), so a cancel can never hit a later statement. Used by
 * {@link CancelOp}, on the thread that drives it.
 */
public final class CancelGate {
    private final Engine target;
    private final long seq;

    /**
     * @param target the connection whose operation is to be cancelled
     * @param seq how many operations had been submitted when the cancel was asked for ({@link Engine#opSeq()})
     */
    public CancelGate(Engine target, long seq) {
        this.target = target;
        this.seq = seq;
    }

    /**
     * Takes the cancel lock if the aimed work still runs.
     *
     * @return true when a request may go out now (then {@link #end()} must follow)
     */
    boolean begin() {
        target.cancelLock().lock();
        if (target.stillRunning(seq)) {
            return true;
        }
        target.cancelLock().unlock();
        return false;
    }

    /** @return whether the aimed operation still runs (no lock taken) */
    public boolean aimed() {
        return target.stillRunning(seq);
    }

    /** Releases the lock if this thread holds it: the request has landed, failed or been given up. */
    public void end() {
        java.util.concurrent.locks.ReentrantLock l = target.cancelLock();
        while (l.isHeldByCurrentThread()) {
            l.unlock();
        }
    }
}
