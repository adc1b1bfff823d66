package dev.greenwire.internal.engine;

import dev.greenwire.internal.transport.Transport;
import java.io.IOException;
import org.slf4j.Logger;

/**
 * Closing a connection: politely (Terminate) or at once, on the owner's thread (everything) or
 * from another thread (only the socket, the close hooks and the cached selector, which wakes
 * the owner; the owner then finishes the job).
 */
final class Closing {
    private static final Logger LOG = dev.greenwire.internal.observe.Logs.CONNECT;

    private Closing() {
    }

    static void close(Engine c) {
        if (c.closed) {
            return;
        }
        Transport t = c.transport;
        if (t != null && c.ready) {
            try {
                c.out.clear();
                c.out.terminate();
                t.write(c.out);
            } catch (IOException | RuntimeException ignored) {
                // the server will notice the closed socket
            }
        }
        closeNow(c);
    }

    static final String CLOSED_BY_ANOTHER = "the connection was closed by another thread";

    /** What a poll of a closed engine raises: once, to the owner, the close by another thread. */
    static RuntimeException whenClosed(Engine c) {
        if (c.closedByAnother) {
            c.closedByAnother = false;
            closeNow(c); // the owner's share of the close: buffers, TLS state, selector
            return c.thrown(new dev.greenwire.OperationalException(CLOSED_BY_ANOTHER));
        }
        return new dev.greenwire.InterfaceException("connection already closed");
    }

    /** The error of a step that failed with {@code e} (the connection is then closed). */
    static dev.greenwire.PgException broke(Engine c, Exception e) {
        if (!c.closedByAnother && e instanceof java.io.IOException) {
            // a backend that is shut down or terminated says why before it closes; the reset
            // or broken pipe that follows only says that it did (libpq reports the same way)
            dev.greenwire.PgException server = fatalBehind(c);
            if (server != null) {
                return server;
            }
        }
        String why = c.closedByAnother ? CLOSED_BY_ANOTHER
                : e instanceof java.io.IOException ? (e.getMessage() == null ? e.toString() : e.getMessage())
                : "internal error: " + e;
        return c.broken(why, e);
    }

    /**
     * After a socket error: the server's FATAL or PANIC message, if one was received or is still
     * readable in the socket (a write can fail while the server's last words wait unread).
     *
     * @return the error to raise (the connection is then closed), null when the server said nothing
     */
    private static dev.greenwire.PgException fatalBehind(Engine c) {
        if (c.fatal == null && c.transport != null) {
            c.transport.discardPendingOutput();
            try {
                for (int reads = 0; c.fatal == null && reads < 16; reads++) {
                    while (c.fatal == null && c.in.next()) {
                        if (c.in.type() == 'E') {
                            c.noteFatal(Messages.readFields(c));
                        }
                    }
                    if (c.fatal != null || c.read() <= 0) {
                        break;
                    }
                }
            } catch (java.io.IOException | RuntimeException ignored) {
                // what the socket still held is all there is
            }
        }
        return c.fatal == null ? null : c.lost();
    }

    static void abort(Engine c) {
        if (c.closed) {
            return;
        }
        c.closedByAnother = true;
        Tracing.aborted(c);
        c.closed = true;
        c.ready = false;
        quietly(c.pending);
        Transport t = c.transport;
        if (t != null) {
            t.closeChannel();
        }
        runHooks(c);
        quietly(c.attachments.get("selector"));
    }

    static void closeNow(Engine c) {
        Tracing.closed(c);
        quietly(c.pending);
        c.pending = null;
        c.in.clear();
        c.closed = true;
        c.ready = false;
        c.txStatus = dev.greenwire.TransactionStatus.UNKNOWN;
        Transport t = c.transport;
        if (t != null) {
            t.close();
        }
        runHooks(c);
        quietly(c.attachments.remove("selector"));
        c.out.clear();
    }

    private static void runHooks(Engine c) {
        for (Runnable hook : c.closeHooks) {
            if (c.closeHooks.remove(hook)) {
                try {
                    hook.run();
                } catch (RuntimeException e) {
                    LOG.debug("a close hook failed: {}", e.toString());
                }
            }
        }
    }

    private static void quietly(Object closeable) {
        if (closeable instanceof AutoCloseable ac) {
            try {
                ac.close();
            } catch (Exception ignored) {
                // closing: nothing useful to do with a failure
            }
        }
    }
}
