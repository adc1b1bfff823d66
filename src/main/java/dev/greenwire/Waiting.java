package dev.greenwire;

import dev.greenwire.extras.Waits;

/**
 * Waiting: the callback in force for a connection, handing the connection to it until its
 * operations are done, and what a failing wait leaves behind (abandoned, then drained).
 */
final class Waiting {
    private Waiting() {
    }

    /** The built-in default, {@link Waits#waitSelect}, named for observers. */
    private static final WaitCallback DEFAULT = new WaitCallback() {
        @Override
        public void waitFor(Connection conn) throws Exception {
            Waits.waitSelect(conn);
        }

        @Override
        public String toString() {
            return "waitSelect";
        }
    };

    /** The wait callback in force: this connection's, else the global one, else the default. */
    static WaitCallback callback(Connection c) {
        WaitCallback cb = c.options().waitCallback();
        if (cb == null) {
            cb = Extensions.getWaitCallback();
        }
        return cb == null ? DEFAULT : cb;
    }

    /**
     * Hands the connection to the wait callback until every submitted operation is complete.
     * A failing callback abandons the operations (cancelling on the server when needed).
     */
    static void await(Connection c) {
        if (Thread.currentThread().isInterrupted() && !c.engine.interruptsDeferred() && c.s.pipeline == null
                && c.engine.dropUnsent("interrupted before it was sent: nothing was sent")) {
            // an interrupted thread is refused before anything reaches the server (its flag stays set)
            throw new QueryCanceledException("interrupted before the statement was sent: nothing was sent");
        }
        c.engine.ensureSynced();
        WaitCallback cb = callback(c);
        c.engine.waiter(cb);
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    cb.waitFor(c);
                    break;
                } catch (Throwable t) {
                    if (t == c.engine.lastThrown()) {
                        throw (PgException) t;
                    }
                    if (t instanceof InterruptedException && c.engine.interruptsDeferred()) {
                        // waiting for others' results too: they come first, the flag is kept for later
                        interrupted = true;
                        Thread.interrupted();
                        continue;
                    }
                    throw translate(t, c.engine.abandon());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (!c.engine.idle() && !c.engine.yielding()) {
            c.engine.abandon();
            throw new InterfaceException("the wait callback returned before poll() reported OK");
        }
    }

    /**
     * @param t what the wait callback threw
     * @param outcome what abandoning the work did
     */
    private static RuntimeException translate(Throwable t, dev.greenwire.internal.engine.AbandonOutcome outcome) {
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new QueryCanceledException(switch (outcome) {
                case UNSENT -> "interrupted while waiting for the server: nothing had been sent";
                case CANCELLED -> "interrupted while waiting for the server: a cancel was requested (a statement that"
                        + " ends before it arrives, a COMMIT for one, takes effect)";
                case CLOSED -> "interrupted while waiting for the server: the connection is closed";
                case FINISHED -> "interrupted while waiting for the server: the statement had already completed;"
                        + " its results are discarded";
            }, t);
        }
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new OperationalException("the wait callback failed: " + t, t);
    }

    /** Finishes operations a failed wait left behind, so that state is known again. */
    static void drain(Connection c) {
        if (c.engine.hasAbandoned()) {
            await(c);
        }
    }
}
