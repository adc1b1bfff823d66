package dev.greenwire.internal.engine;

import dev.greenwire.OperationalException;
import dev.greenwire.PollState;
import dev.greenwire.internal.protocol.InBuf;
import dev.greenwire.internal.transport.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * A cancel request as an operation of its own short-lived engine: connect, send the 16-byte
 * CancelRequest, then wait for the server to close the socket (it does so once the signal has
 * been delivered to the backend). Driven by {@code poll()}, so the waits go through the
 * connection's wait callback like every other wait.
 *
 * <p>A signal that reaches the backend before it has started the statement (the statement is
 * still on its way) is discarded by the server. So while the target statement is still
 * running the request is repeated, a few times, with growing pauses; the pause is spent
 * waiting on the next request's socket, already connected, with a deadline.
 */
public final class CancelOp extends Op {
    private static final int MAX_TRIES = 6;

    private final SocketAddress address;
    private final int pid;
    private final int key;
    private final BooleanSupplier stillRunning;
    private final ByteBuffer sink = ByteBuffer.allocate(64);
    private int tries;
    private boolean pausing;
    private boolean sent;
    private boolean finished;

    public CancelOp(SocketAddress address, int pid, int key, BooleanSupplier stillRunning) {
        this.address = address;
        this.pid = pid;
        this.key = key;
        this.stillRunning = stillRunning;
    }

    @Override
    void start(PgConn c) {
        openSocket(c);
        c.deadline(System.nanoTime() + c.config.cancelTimeoutMillis() * 1_000_000L);
    }

    private void openSocket(PgConn c) {
        try {
            if (c.transport != null) {
                c.transport.close();
            }
            c.connected(Transport.open(address), address);
        } catch (IOException e) {
            throw new OperationalException("could not send the cancel request: " + e.getMessage(), e);
        }
        c.out.clear();
        sent = false;
    }

    @Override
    PollState io(PgConn c) throws IOException {
        if (finished) {
            return null;
        }
        if (!c.transport.finishConnect()) {
            return PollState.WRITE;
        }
        if (pausing) {
            return PollState.READ;
        }
        if (!sent) {
            sent = true;
            c.out.cancelRequest(pid, key);
        }
        if (c.out.hasPending() && !c.transport.write(c.out)) {
            return PollState.WRITE;
        }
        // all reading is done here: the end of stream means the server has taken the request
        for (;;) {
            sink.clear();
            int n = c.transport.channel().read(sink);
            if (n < 0) {
                break;
            }
            if (n == 0) {
                return PollState.READ;
            }
        }
        tries++;
        if (tries >= MAX_TRIES || !stillRunning.getAsBoolean()) {
            finished = true;
            return null;
        }
        openSocket(c);
        pausing = true;
        c.deadline(System.nanoTime() + (10_000_000L << Math.min(tries, 5)));
        return io(c);
    }

    @Override
    boolean readyWithoutInput(PgConn c) {
        return finished;
    }

    @Override
    boolean onMessage(PgConn c, InBuf m) {
        throw new OperationalException("protocol error: the server answered a cancel request with '" + m.type() + "'");
    }

    @Override
    boolean onDeadline(PgConn c) {
        if (pausing) {
            pausing = false;
            if (!stillRunning.getAsBoolean()) {
                finished = true;
                return true;
            }
            c.deadline(System.nanoTime() + c.config.cancelTimeoutMillis() * 1_000_000L);
            return false;
        }
        fail(new OperationalException("cancel request timed out after " + c.config.cancelTimeoutMillis() + " ms"));
        return true;
    }
}
