package dev.greenwire;

/**
 * The gate of one {@link Connection} object: one user at a time (the session's lock, taken
 * without waiting) and the checks made before any work — the lease still live, the
 * connection open, no async operation underway where one is not allowed.
 */
final class Gate {
    private final Session s;
    /** Null for the connection itself; set on a lease of it. */
    private final Lease lease;

    Gate(Session s, Lease lease) {
        this.s = s;
        this.lease = lease;
    }

    /** Takes the connection for the calling thread, or fails at once if another thread has it. */
    void enter() {
        live();
        if (!s.lock.tryLock()) {
            if (s.closing || s.engine.isClosed()) {
                throw new InterfaceException("connection already closed");
            }
            throw new ProgrammingException("the connection is in use by another thread"
                    + " (one connection, one user at a time)");
        }
    }

    void exit() {
        s.lock.unlock();
    }

    /** Takes the connection if no other thread has it. @return whether it was taken */
    boolean tryEnter() {
        return s.lock.tryLock();
    }

    /** Fails when this object is a lease that has ended. */
    void live() {
        Lease l = lease;
        if (l != null && l.ended) {
            throw new InterfaceException("this connection was closed and handed back to its owner (its lease has ended)"
                    + (l.owner == null ? "" : ": " + l.owner));
        }
    }

    /** Fails when the lease has ended or the connection is closed. */
    void checkOpen() {
        live();
        if (s.engine.isClosed()) {
            throw new InterfaceException("connection already closed");
        }
    }

    /** Fails when the connection cannot be used for a new operation. */
    void checkUsable() {
        if (s.engine.isClosed()) {
            throw new InterfaceException("connection already closed");
        }
        checkConnected();
    }

    /** Fails while an async connection attempt is still underway. */
    void checkConnected() {
        if (s.async && !s.engine.isReady()) {
            throw new OperationalException("asynchronous connection attempt underway");
        }
    }

    void checkAsyncIdle(String what) {
        if (s.async && !s.engine.idle()) {
            throw new ProgrammingException(what + " cannot be used while an asynchronous query is underway");
        }
    }

    void refuseAsync(String what) {
        if (s.async) {
            throw new ProgrammingException(what + " cannot be used in asynchronous mode");
        }
    }

    /** @return the lease this object is, or null for the connection itself */
    Lease lease() {
        return lease;
    }

    /** @return whether this object is a lease that has ended */
    boolean ended() {
        Lease l = lease;
        return l != null && l.ended;
    }

    /**
     * Closes the session: with Terminate when no other thread is inside the connection, else by
     * closing the socket at once (that thread gets an exception).
     */
    void closeSession() {
        s.closing = true;
        if (s.lock.tryLock()) {
            try {
                s.engine.close();
            } finally {
                s.lock.unlock();
            }
        } else {
            s.engine.abort();
        }
    }
}
