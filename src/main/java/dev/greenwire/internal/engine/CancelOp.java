package dev.greenwire.internal.engine;

import dev.greenwire.OperationalException;
import dev.greenwire.PollState;
import dev.greenwire.internal.protocol.InBuf;
import dev.greenwire.internal.transport.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A cancel request as an operation of its own short-lived engine: connect, send the 16-byte
 * CancelRequest, then wait for the server to close the socket (it does so once the signal has
 * been delivered to the backend). Driven by {@code poll()}, so the waits go through the
 * connection's wait callback like every other wait.
 */
public final class CancelOp extends Op {
    private final SocketAddress address;
    private final int pid;
    private final int key;
    private final ByteBuffer sink = ByteBuffer.allocate(64);
    private boolean sent;
    private boolean closedByServer;

    public CancelOp(SocketAddress address, int pid, int key) {
        this.address = address;
        this.pid = pid;
        this.key = key;
    }

    @Override
    void start(PgConn c) {
        try {
            c.connected(Transport.open(address), address);
        } catch (IOException e) {
            throw new OperationalException("could not send the cancel request: " + e.getMessage(), e);
        }
        c.deadline(System.nanoTime() + c.config.cancelTimeoutMillis() * 1_000_000L);
    }

    @Override
    PollState io(PgConn c) throws IOException {
        if (closedByServer) {
            return null;
        }
        if (!c.transport.finishConnect()) {
            return PollState.WRITE;
        }
        if (!sent) {
            sent = true;
            c.out.cancelRequest(pid, key);
        }
        if (c.out.hasPending() && !c.transport.write(c.out)) {
            return PollState.WRITE;
        }
        // all reading is done here: the end of stream is this operation's success
        for (;;) {
            sink.clear();
            int n = c.transport.channel().read(sink);
            if (n < 0) {
                closedByServer = true;
                return null;
            }
            if (n == 0) {
                return PollState.READ;
            }
        }
    }

    @Override
    boolean readyWithoutInput(PgConn c) {
        return closedByServer;
    }

    @Override
    boolean onMessage(PgConn c, InBuf m) {
        throw new OperationalException("protocol error: the server answered a cancel request with '" + m.type() + "'");
    }

    @Override
    boolean onDeadline(PgConn c) {
        fail(new OperationalException("cancel request timed out after " + c.config.cancelTimeoutMillis() + " ms"));
        return true;
    }
}
