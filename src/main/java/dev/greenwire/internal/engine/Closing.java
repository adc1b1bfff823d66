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
