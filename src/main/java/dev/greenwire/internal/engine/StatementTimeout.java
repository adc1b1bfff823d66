package dev.greenwire.internal.engine;

/**
 * Statement timeouts ({@link Op#cancelAt}) without a timer: the operation's deadline joins the
 * engine's {@link Engine#deadline()}, so every wait callback polls again at that time; the
 * poll then asks the server to cancel the statement (off the caller's thread, through a
 * {@link CancelGate} aimed at the work running now) and repeats the request with back-off
 * while the statement still runs. The statement ends with the server's 57014 error and the
 * connection is back at ReadyForQuery, usable.
 */
final class StatementTimeout {
    /** The first pause before a repeated request; doubled up to {@link #MAX_BACKOFF}. */
    private static final long FIRST_BACKOFF = 100_000_000L;
    private static final long MAX_BACKOFF = 2_000_000_000L;

    private StatementTimeout() {
    }

    /** @return {@code deadline}, brought forward to the current operation's timeout */
    static long deadline(Engine c, long deadline) {
        Op op = c.current;
        if (op == null || op.cancelAt == 0 || op.abandoned) {
            return deadline;
        }
        long t = op.cancelAt;
        return deadline == Long.MAX_VALUE || t - deadline < 0 ? t : deadline;
    }

    /** Sends a cancel request when the current operation's timeout has passed. */
    static void check(Engine c) {
        Op op = c.current;
        if (op == null || op.cancelAt == 0 || op.abandoned) {
            return;
        }
        long now = System.nanoTime();
        if (now - op.cancelAt < 0) {
            return;
        }
        op.cancelBackoff = op.cancelBackoff == 0 ? FIRST_BACKOFF : Math.min(op.cancelBackoff * 2, MAX_BACKOFF);
        op.cancelAt = now + op.cancelBackoff;
        if (op.cancelAt == 0) {
            op.cancelAt = 1;
        }
        if (c.serverAddress != null && c.ready && !c.hold.lock.isLocked()) {
            CancelOp.sendDetached(c.config, c.serverAddress, c.backendPid, c.secretKey,
                    new CancelGate(c, c.hold.submitted()));
        }
    }
}
