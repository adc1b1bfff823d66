package dev.greenwire.internal.engine;

/**
 * The socket timeout ({@code socketTimeout}): how long an operation that waits on the server
 * may go without a byte moving. It does not guard operations that wait on purpose
 * (notification waits, replication streams) nor a connection attempt (which has
 * {@code connect_timeout}).
 */
final class SocketTimeout {
    private SocketTimeout() {
    }

    private static boolean applies(Engine e) {
        Op op = e.current;
        return op != null && e.ready && !(op instanceof NotifyWaitOp) && !(op instanceof StreamOp);
    }

    /** @return {@code deadline}, or the socket timeout's if that comes first */
    static long deadline(Engine e, long deadline) {
        long t = e.socketTimeoutNanos();
        if (t > 0 && applies(e)) {
            long s = e.lastProgress + t;
            if (deadline == Long.MAX_VALUE || s - deadline < 0) {
                return s;
            }
        }
        return deadline;
    }

    /** Fails when the server has sent nothing for the socket timeout. */
    static void check(Engine e) throws java.net.SocketTimeoutException {
        long t = e.socketTimeoutNanos();
        if (t > 0 && applies(e) && System.nanoTime() - e.lastProgress >= t) {
            throw new java.net.SocketTimeoutException("the server sent nothing for " + t / 1_000_000
                    + " ms (socketTimeout); the connection is closed");
        }
    }
}
