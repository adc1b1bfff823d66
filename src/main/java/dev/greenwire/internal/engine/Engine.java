package dev.greenwire.internal.engine;

import dev.greenwire.Diagnostics;
import dev.greenwire.InterfaceException;
import dev.greenwire.Notify;
import dev.greenwire.OperationalException;
import dev.greenwire.PgException;
import dev.greenwire.PollState;
import dev.greenwire.internal.protocol.InBuf;
import dev.greenwire.internal.protocol.OutBuf;
import dev.greenwire.internal.transport.Transport;
import dev.greenwire.internal.types.PgEncodings;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol engine of one connection: buffers, transport, the queue of operations and the
 * {@link #poll()} step that advances them without ever blocking.
 *
 * <p>Operations are submitted (their messages queued, so several can be pipelined) and run in
 * order; {@code poll()} writes what is pending, reads what is available, dispatches every
 * complete frame (notices, notifications and parameter changes whatever the operation) and
 * reports the readiness it needs next, or OK once every operation is done. An operation's
 * server error is raised by the {@code poll()} that completes it, with the connection back at
 * ReadyForQuery.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** The largest backend frame accepted: a field can hold 1 GB, plus headers. */
    static final int DEFAULT_MAX_FRAME = (1 << 30) + (1 << 20);

    final EngineConfig config;
    final InBuf in;
    final OutBuf out = new OutBuf(8192);
    Transport transport;
    volatile Charset charset = StandardCharsets.UTF_8;
    final Map<String, String> parameters = new ConcurrentHashMap<>();
    volatile int backendPid;
    volatile int secretKey;
    volatile SocketAddress serverAddress;
    volatile dev.greenwire.TransactionStatus txStatus = dev.greenwire.TransactionStatus.IDLE;
    volatile boolean closed;
    volatile boolean ready;

    final ArrayDeque<Op> ops = new ArrayDeque<>();
    volatile Op current;
    long deadline = Long.MAX_VALUE;
    /** When bytes last moved to or from the server, or the current operation started. */
    long lastProgress = System.nanoTime();
    /** What observers need to know of this connection (see {@link Tracing}). */
    final Observation obs = new Observation();
    PgException pendingError;
    private PgException lastThrown;
    Diagnostics fatal;
    long notifyCount;

    /** Rounds of COPY FROM output written since control was last handed back (see {@link Stepping}). */
    int outputRounds;
    Consumer<Notify> notifySink = n -> { };
    Consumer<String> noticeSink = n -> { };
    final Map<String, Object> attachments = new java.util.concurrent.ConcurrentHashMap<>();

    public Engine(EngineConfig config) {
        this.config = config;
        this.socketTimeoutNanos = config.socketTimeoutNanos();
        this.in = new InBuf(16384, config.maxFrame());
        this.statements = new StatementCache(config.prepareThreshold(), config.preparedMax());
    }

    private final StatementCache statements;

    /** @return the connection's prepared statements */
    public StatementCache statements() {
        return statements;
    }

    // ---- accessors ------------------------------------------------------------------------

    public EngineConfig config() { return config; }
    /** @return the transaction status of the last ReadyForQuery: IDLE, INTRANS, INERROR or UNKNOWN (closed) */
    public dev.greenwire.TransactionStatus txStatus() { return txStatus; }
    public boolean isClosed() { return closed; }
    /** @return true once the startup handshake completed */
    public boolean isReady() { return ready; }
    public int backendPid() { return backendPid; }
    public int secretKey() { return secretKey; }
    public SocketAddress serverAddress() { return serverAddress; }
    public Charset charset() { return charset; }
    public String parameter(String name) { return parameters.get(name); }
    /** @return the session's {@code TimeZone} as the server last reported it, or null */
    public String timeZone() { return timeZone; }
    /** @return the session's {@code IntervalStyle} as the server last reported it, or null */
    public String intervalStyle() { return intervalStyle; }
    /** @return the server's {@code standard_conforming_strings} as last reported, or null */
    public String standardConformingStrings() { return standardStrings; }
    /** @return the number of notifications received so far */
    public long notifyCount() { return notifyCount; }

    /**
     * @return the socket channel; while a host name is being resolved, the resolution's channel
     *         (readable when it is done); null before the connection attempt began
     */
    public java.nio.channels.SelectableChannel channel() {
        Transport t = transport;
        return t != null ? t.channel() : pending;
    }

    /** What the connection waits on before it has a socket (a host name's resolution), or null. */
    volatile java.nio.channels.SelectableChannel pending;

    void waitOn(java.nio.channels.SelectableChannel ch) {
        pending = ch;
    }

    public Transport transport() { return transport; }

    /** @return true while the channel's TCP connect is still pending */
    public boolean connectPending() {
        Transport t = transport;
        return t != null && !t.isConnected();
    }

    /** @return the operation in progress, or null */
    public Op currentOp() {
        return current;
    }

    /** Whether interrupts of the waiting thread are held back (owner thread only): see {@link #deferringInterrupts}. */
    private boolean interruptsDeferred;

    /** @return whether interrupts of the waiting thread are held back */
    public boolean interruptsDeferred() { return interruptsDeferred; }

    /**
     * Runs {@code work} with the interrupts of the waiting thread held back until the operations
     * it waits for complete (then set again), instead of abandoning them: for a thread that
     * waits on behalf of others, as the pool's multiplexer's driver does, and for a rollback,
     * the cleanup after an interrupted statement.
     *
     * @param work what to run, on the connection's owner thread
     * @param <T> its result type
     * @return its result
     */
    public <T> T deferringInterrupts(java.util.function.Supplier<T> work) {
        boolean was = interruptsDeferred;
        interruptsDeferred = true;
        try {
            return work.get();
        } finally {
            interruptsDeferred = was;
        }
    }

    /** @return true when no operation is in progress */
    public boolean idle() {
        return current == null;
    }

    /** @return true when the operation in progress is a stream that has yielded to its consumer */
    public boolean yielding() {
        Op op = current;
        return op != null && op.yieldReady(this);
    }

    /** @return true when abandoned operations must finish before the next one can start */
    public boolean hasAbandoned() {
        if (current != null && current.abandoned) {
            return true;
        }
        for (Op op : ops) {
            if (op.abandoned) {
                return true;
            }
        }
        return false;
    }

    /** The engine's half of the cancel guarantee: counting operations, holding writes. */
    final CancelHold hold = new CancelHold();

    /** @return how many operations were submitted so far (aim a cancel at them), safe from any thread */
    public long opSeq() {
        return hold.submitted();
    }

    /** @return whether some of the first {@code seq} operations still runs, safe from any thread */
    boolean stillRunning(long seq) {
        return !closed && hold.running(seq);
    }

    /**
     * Writes what the socket takes now, without waiting: an async execute starts on the server
     * at once (libpq's PQsendQuery + PQflush), so a cancel right after it stops it.
     */
    public void flushNow() {
        if (closed || transport == null || !ready || !out.hasPending() || hold.writesHeld()) {
            return;
        }
        try {
            flush();
        } catch (IOException e) {
            throw thrown(broken(e.getMessage() == null ? e.toString() : e.getMessage(), e));
        }
    }

    /** @return the lock a thread holds while its cancel request is in flight */
    public java.util.concurrent.locks.ReentrantLock cancelLock() {
        return hold.lock;
    }

    /** @return the bytes held by the read and write buffers (they shrink back after large messages) */
    public long bufferCapacity() {
        return (long) in.capacity() + out.capacity();
    }

    /** @return the exception the last {@link #poll()} threw (to tell it from a callback's own) */
    public PgException lastThrown() { return lastThrown; }

    /** @return the System.nanoTime() deadline of the current operation, Long.MAX_VALUE for none */
    public long deadline() {
        return SocketTimeout.deadline(this, StatementTimeout.deadline(this, hold.deadline(deadline)));
    }

    int read() throws IOException {
        int n = transport.read(in);
        if (n > 0) {
            lastProgress = System.nanoTime();
        }
        return n;
    }

    boolean flush() throws IOException {
        int before = out.pendingBytes();
        boolean all = transport.write(out);
        if (out.pendingBytes() != before) {
            lastProgress = System.nanoTime();
            allUnsent = false;
        }
        return all;
    }

    /** Whether every byte of the operations in flight is still in {@code out} (none was written yet). */
    boolean allUnsent;

    /**
     * Drops the operations in flight when none of their bytes has been sent yet (see
     * {@link Abandonment#dropUnsent}): for a thread already interrupted when it starts to wait.
     *
     * @param why the message of the operations' error
     * @return true when they were dropped, false when nothing changed
     */
    public boolean dropUnsent(String why) {
        return Abandonment.dropUnsent(this, why);
    }

    public void deadline(long nanoTime) { this.deadline = nanoTime; }

    /** The socket timeout in force (starts as the configured one; JDBC's setNetworkTimeout changes it). */
    private volatile long socketTimeoutNanos;

    /** @return how long a statement may hear nothing from the server before the connection is closed, 0 for no limit */
    public long socketTimeoutNanos() { return socketTimeoutNanos; }
    /** @param nanos the socket timeout from now on, 0 for no limit */
    public void socketTimeoutNanos(long nanos) { this.socketTimeoutNanos = Math.max(0, nanos); }

    public void notifySink(Consumer<Notify> sink) { this.notifySink = sink; }
    public void noticeSink(Consumer<String> sink) { this.noticeSink = sink; }

    /** Per-connection state kept for wait strategies (a cached Selector, for instance). */
    public Map<String, Object> attachments() { return attachments; }

    /** The parameters every statement reads, kept apart from the map (no hash lookup per statement). */
    private volatile String timeZone;
    private volatile String intervalStyle;
    private volatile String standardStrings;

    /** Records a ParameterStatus. */
    void parameterReported(String name, String value) {
        parameters.put(name, value);
        switch (name) {
            case "client_encoding" -> charset = PgEncodings.charset(value);
            case "TimeZone" -> timeZone = value;
            case "IntervalStyle" -> intervalStyle = value;
            case "standard_conforming_strings" -> standardStrings = value;
            default -> { }
        }
    }

    // ---- operations -----------------------------------------------------------------------

    /** Pipelined statements were sent without a Sync after them. */
    boolean unsynced;

    void markUnsynced(boolean on) {
        unsynced = on;
    }

    /** Ends the open pipeline block, if any, so that its results come back. */
    public void ensureSynced() {
        if (unsynced) {
            submit(new SyncOp());
        }
    }

    /** Queues an operation (its messages are written by the next polls). */
    public <T extends Op> T submit(T op) {
        if (closed) {
            throw new InterfaceException("connection already closed");
        }
        if (current instanceof CopyStreamOp open && !open.abandoned) {
            throw new dev.greenwire.ProgrammingException("a COPY is in progress on this connection (cursor.copy()):"
                    + " close the Copy before running anything else");
        }
        if (unsynced && !(op instanceof SyncOp) && !(op instanceof ExtendedOp x && !x.syncs())) {
            submit(new SyncOp()); // anything else ends the pipeline block first
        }
        boolean unseen = hold.submitting(!out.hasPending());
        if (current == null) {
            allUnsent = !out.hasPending(); // a new run of operations, from an empty buffer
        }
        op.start(this);
        Tracing.submitted(this, op);
        if (current == null) {
            lastProgress = System.nanoTime();
            current = op;
        } else {
            ops.add(op);
        }
        // a cancel aimed at an earlier statement may be on its way: this one's bytes wait until it
        // has landed, so that it can never hit this one (pgjdbc #412)
        hold.submitted(unseen);
        return op;
    }

    /**
     * Advances the operations one step, never blocking.
     *
     * @return OK when every operation is complete, else the readiness needed
     * @throws PgException the completed operation's error, or OperationalException when the
     *                     connection broke (the connection is then closed)
     */
    public PollState poll() {
        if (obs.traced == 0 && !obs.waiting && !Tracing.watchWaits(this)) {
            return pollOnce(); // nothing observes: one check, no clock read
        }
        return Tracing.poll(this);
    }

    /** Names the wait callback now in force, for the waits observers see. @param callback the callback */
    public void waiter(Object callback) {
        obs.waiter = callback;
    }

    PollState pollOnce() {
        if (closed) {
            throw Closing.whenClosed(this);
        }
        try {
            return step();
        } catch (PgException e) {
            throw thrown(e);
        } catch (IOException | RuntimeException e) {
            throw thrown(Closing.broke(this, e));
        }
    }

    PgException thrown(PgException e) {
        lastThrown = e;
        return e;
    }

    /** One step of {@link #poll()}: see {@link Stepping#step}. */
    PollState step() throws IOException {
        return Stepping.step(this);
    }

    void complete() {
        Op op = current;
        long now = System.nanoTime();
        if (op.trace != null) {
            Tracing.completed(this, op, now);
        }
        op.done = true;
        hold.completed();
        if (op.error != null && !op.abandoned && pendingError == null) {
            pendingError = op.error;
        }
        current = ops.poll();
        lastProgress = now;
        if (op.error != null && op instanceof ExtendedOp x && !x.syncs()) {
            // in a pipeline the server skips everything up to the next Sync: so do we
            while (current instanceof ExtendedOp next && !next.syncs()) {
                next.fail(new dev.greenwire.PipelineAbortedException(
                        "pipeline aborted: an earlier statement of this block failed (" + op.error.getMessage() + ")"));
                if (next.trace != null) {
                    Tracing.completed(this, next, now);
                }
                next.done = true;
                hold.completed();
                current = ops.poll();
            }
        }
        if (op.abandoned && (current == null || !current.abandoned) && cancelRetryNanos > 0) {
            cancelRetryNanos = 0;
            deadline = Long.MAX_VALUE;
        }
        if (op.error != null && !ready) {
            // a connection attempt that failed leaves nothing to use
            closeNow();
        }
    }

    /** Remembers a FATAL error so that the disconnect that follows can name it. */
    void noteFatal(Diagnostics d) {
        if ("FATAL".equals(d.severityNonlocalized()) || "PANIC".equals(d.severityNonlocalized())
                || "FATAL".equals(d.severity()) || "PANIC".equals(d.severity())) {
            fatal = d;
        }
    }

    PgException lost() {
        Diagnostics f = fatal;
        if (f != null) {
            PgException e = Errors.fromServer(f);
            PgException op = e instanceof OperationalException ? e
                    : new OperationalException(e.getMessage()).withDiagnostics(f);
            closeNow();
            return op;
        }
        return broken("server closed the connection unexpectedly\n\tThis probably means the server "
                + "terminated abnormally\n\tbefore or while processing the request.", null);
    }

    /** Closes the connection after a fatal failure and returns the exception to raise. */
    PgException broken(String message, Throwable cause) {
        closeNow();
        return new OperationalException(message, cause);
    }

    // ---- abandoning and closing ------------------------------------------------------------

    /** Back-off between cancel requests for abandoned work, 0 when none was sent. */
    long cancelRetryNanos;

    /**
     * Gives up on the results of every operation in flight (after a wait callback failed); see
     * {@link Abandonment#abandon}.
     *
     * @return what became of the operations
     */
    public AbandonOutcome abandon() {
        Tracing.abandoned(this);
        return Abandonment.abandon(this);
    }

    /** Sends Terminate (without waiting) and closes the socket. */
    public void close() {
        Closing.close(this);
    }

    /**
     * Closes the socket at once, without Terminate, from another thread while one is inside:
     * it touches nothing the owner may be using (buffers, TLS state) and only closes the channel,
     * runs the close hooks and closes a cached selector, which ends the owner's wait; the owner
     * then gets "the connection was closed by another thread" and cleans up itself.
     */
    public void abort() {
        Closing.abort(this);
    }

    /** Set by {@link #abort()}: what the owner then sees is another thread's close, not a failure. */
    volatile boolean closedByAnother;

    final java.util.List<Runnable> closeHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Runs {@code hook} once when the connection closes (at once if it is closed already).
     *
     * @param hook the action, which must not block
     */
    public void onClose(Runnable hook) {
        closeHooks.add(hook);
        if (closed && closeHooks.remove(hook)) {
            hook.run();
        }
    }

    /** Closes everything now, on the owner's thread. */
    void closeNow() {
        Closing.closeNow(this);
    }

    // ---- used by operations ----------------------------------------------------------------

    void readyForQuery(char status) {
        txStatus = txStatusOf(status);
    }

    /** The status byte of ReadyForQuery, named. */
    static dev.greenwire.TransactionStatus txStatusOf(char status) {
        return switch (status) {
            case 'I' -> dev.greenwire.TransactionStatus.IDLE;
            case 'T' -> dev.greenwire.TransactionStatus.INTRANS;
            case 'E' -> dev.greenwire.TransactionStatus.INERROR;
            default -> dev.greenwire.TransactionStatus.UNKNOWN;
        };
    }

    void connected(Transport t, SocketAddress addr) {
        this.transport = t;
        this.serverAddress = addr;
    }

    void markReady() {
        ready = true;
    }
}
