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
 *
 * <p>A signal that reaches the backend before it has started the statement (the statement is
 * still on its way) is discarded by the server. So while the target statement is still
 * running the request is repeated, up to {@code maxTries} times, with growing pauses; the
 * pause is spent waiting on the next request's socket, already connected, with a deadline.
 * Each request goes out through the {@link CancelGate}: only while the aimed statement runs,
 * holding the gate's lock until the server has taken it.
 *
 * <p>The one cancel implementation: {@code Connection.cancel()} drives it through the
 * caller's wait callback, and a failed wait's abandoned work has it driven off the caller's
 * thread by {@link #sendDetached}, so that {@code poll()} never waits on a cancel socket.
 */
public final class CancelOp extends Op {
    /** Tries of {@code Connection.cancel()}. */
    public static final int MAX_TRIES = 6;

    private final SocketAddress address;
    private final int pid;
    private final int key;
    private final CancelGate gate;
    private final int maxTries;
    private final ByteBuffer sink = ByteBuffer.allocate(64);
    private int tries;
    private boolean pausing;
    private boolean sent;
    private boolean finished;
    /** Sent for abandoned work ({@link #sendDetached}), not by {@code cancel()}. */
    boolean detached;

    public CancelOp(SocketAddress address, int pid, int key, CancelGate gate, int maxTries) {
        this.address = address;
        this.pid = pid;
        this.key = key;
        this.gate = gate;
        this.maxTries = maxTries;
    }

    @Override
    int observedKind() {
        return Tracing.CANCEL;
    }

    /** @return the server process whose statement is cancelled */
    int targetPid() {
        return pid;
    }

    /** @return the requests the server took */
    int requests() {
        return tries;
    }

    @Override
    void start(Engine c) {
        openSocket(c);
        c.deadline(System.nanoTime() + c.config.cancelTimeoutMillis() * 1_000_000L);
    }

    private void openSocket(Engine c) {
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
    PollState beforeReading(Engine c) throws IOException {
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
            if (!gate.begin()) {
                finished = true; // the statement is over: nothing to cancel
                return null;
            }
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
        gate.end(); // the server has taken it: the signal is delivered
        tries++;
        if (tries >= maxTries || !gate.aimed()) {
            finished = true;
            return null;
        }
        openSocket(c);
        pausing = true;
        c.deadline(System.nanoTime() + (10_000_000L << Math.min(tries, 5)));
        return beforeReading(c);
    }

    @Override
    boolean readyWithoutInput(Engine c) {
        return finished;
    }

    @Override
    boolean onMessage(Engine c, InBuf m) {
        throw new OperationalException("protocol error: the server answered a cancel request with '" + m.type() + "'");
    }

    @Override
    boolean onDeadline(Engine c) {
        if (pausing) {
            pausing = false;
            if (!gate.aimed()) {
                finished = true;
                return true;
            }
            c.deadline(System.nanoTime() + c.config.cancelTimeoutMillis() * 1_000_000L);
            return false;
        }
        gate.end();
        fail(new OperationalException("cancel request timed out after " + c.config.cancelTimeoutMillis() + " ms"));
        return true;
    }

    private static final org.slf4j.Logger LOG = dev.greenwire.internal.observe.Logs.QUERY;
    private static final java.util.concurrent.ExecutorService DETACHED =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "greenwire-cancel");
                t.setDaemon(true);
                return t;
            });

    /**
     * Sends one cancel request off the caller's thread (for abandoned work: {@code poll()} must
     * not wait on it), on a daemon thread that waits on a private selector until the server has
     * taken it or the cancel timeout passes.
     */
    static void sendDetached(EngineConfig config, SocketAddress address, int pid, int key, CancelGate gate) {
        DETACHED.execute(() -> {
            Engine side = new Engine(config);
            try (java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
                CancelOp op = new CancelOp(address, pid, key, gate, 1);
                op.detached = true;
                side.submit(op);
                for (PollState s = side.poll(); s != PollState.OK; s = side.poll()) {
                    java.nio.channels.SelectableChannel ch = side.channel();
                    int ops = s == PollState.WRITE ? java.nio.channels.SelectionKey.OP_WRITE
                            | java.nio.channels.SelectionKey.OP_CONNECT : java.nio.channels.SelectionKey.OP_READ;
                    java.nio.channels.SelectionKey k = ch.keyFor(sel);
                    if (k == null) {
                        ch.register(sel, ops);
                    } else {
                        k.interestOps(ops);
                    }
                    long left = side.deadline() == Long.MAX_VALUE ? 0 : (side.deadline() - System.nanoTime()) / 1_000_000;
                    sel.select(side.deadline() == Long.MAX_VALUE ? 0 : Math.max(1, left));
                    sel.selectedKeys().clear();
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("cancel request for abandoned work failed: {}", e.toString());
            } finally {
                gate.end();
                side.abort();
            }
        });
    }
}
