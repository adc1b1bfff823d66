package dev.greenwire.internal.engine;

import dev.greenwire.OperationalException;
import dev.greenwire.internal.protocol.OutBuf;
import dev.greenwire.internal.transport.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * A CancelRequest sent over its own short-lived non-blocking connection. The send waits on a
 * private selector, bounded by a deadline, for the server to take the request and close the
 * socket (the server closes it once the cancel signal has been delivered).
 */
public final class CancelRequest {
    private CancelRequest() {
    }

    /**
     * Sends a cancel request for backend {@code pid}.
     *
     * @param address the server the backend runs on
     * @param pid the backend's process id
     * @param key the backend's secret key
     * @param timeoutMillis the most this may take
     * @throws IOException when the server cannot be reached
     */
    public static void send(SocketAddress address, int pid, int key, int timeoutMillis) throws IOException {
        if (address == null) {
            throw new OperationalException("cannot cancel: the connection is not established");
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        OutBuf out = new OutBuf(16);
        out.cancelRequest(pid, key);
        try (Transport t = Transport.open(address); Selector sel = Selector.open()) {
            SelectionKey k = t.channel().register(sel, 0);
            while (!t.finishConnect()) {
                await(sel, k, SelectionKey.OP_CONNECT, deadline);
            }
            while (!t.write(out)) {
                await(sel, k, SelectionKey.OP_WRITE, deadline);
            }
            ByteBuffer sink = ByteBuffer.allocate(16);
            for (;;) {
                sink.clear();
                int n = t.channel().read(sink);
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    await(sel, k, SelectionKey.OP_READ, deadline);
                }
            }
        }
    }

    private static void await(Selector sel, SelectionKey k, int ops, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new OperationalException("cancel request timed out");
        }
        k.interestOps(ops);
        sel.select(Math.max(1, left / 1_000_000L));
        sel.selectedKeys().clear();
    }
}
