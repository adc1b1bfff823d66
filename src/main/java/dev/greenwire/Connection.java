package dev.greenwire;

import dev.greenwire.cast.TypeCaster;
import dev.greenwire.extras.Waits;
import dev.greenwire.internal.conninfo.ConnInfo;
import dev.greenwire.internal.engine.ConnectionAccess;
import dev.greenwire.internal.engine.Engine;
import dev.greenwire.internal.types.PgEncodings;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A connection to a PostgreSQL server (DB-API {@code connection}, rendered from psycopg2).
 *
 * <p>Transactions work as in DB-API: unless {@link #autocommit(boolean) autocommit} is on,
 * the first statement opens a transaction that {@link #commit()} or {@link #rollback()} ends.
 * Every wait goes through the connection's {@link WaitCallback}. One thread at a time: a call
 * made while another thread is inside the connection fails at once with
 * {@link ProgrammingException}.
 *
 * <p>Subclass it to add behaviour, and have {@link Pg#connect(String, ConnectionFactory)}
 * make your class: {@code Pg.connect(dsn, MyConnection::new)}.
 */
public class Connection implements AutoCloseable {
    static {
        ConnectionAccess.install(c -> new AccessControls((Connection) c));
    }

    /**
     * What the driver hands to a connection's constructor; opaque to user code, which passes
     * it on to {@code super(init)}.
     */
    public static final class Init {
        final Engine engine;
        final ConnectOptions options;
        final ConnInfo info;
        final Session session;
        final Lease lease;

        Init(Engine engine, ConnectOptions options, ConnInfo info) {
            this(engine, options, info, null, null);
        }

        private Init(Engine engine, ConnectOptions options, ConnInfo info, Session session, Lease lease) {
            this.engine = engine;
            this.options = options;
            this.info = info;
            this.session = session;
            this.lease = lease;
        }

        /** The Init of a lease of {@code conn}: the same session. */
        static Init lease(Connection conn, Lease lease) {
            return new Init(conn.engine, conn.s.options, conn.s.info, conn.s, lease);
        }

        /**
         * The same, with one more startup parameter: for connection subclasses that need one,
         * as the replication connections do with {@code replication}.
         *
         * @param key a libpq keyword
         * @param value its value
         * @return a new Init to pass to {@code super}
         */
        public Init withParameter(String key, String value) {
            if (session != null) {
                throw new ProgrammingException("a lease of a connection cannot change its startup parameters");
            }
            ConnInfo changed = info.with(key, value);
            return new Init(new Engine(engine.config().withInfo(changed)), options, changed);
        }
    }

    /** The session this object is a view on, shared with the leases of the connection. */
    final Session s;
    final Engine engine;
    final Map<Integer, TypeCaster> casters;
    /** One user at a time, and the checks before work; knows whether this object is a lease. */
    final Gate gate;

    /**
     * Creates the connection object; the driver connects it after construction. A lease
     * (see {@link #lease}) is made the same way, by the connection's factory.
     *
     * @param init from the driver
     */
    protected Connection(Init init) {
        Objects.requireNonNull(init, "init");
        this.s = init.session != null ? init.session : new Session(init.engine, init.options, init.info);
        this.engine = s.engine;
        this.casters = s.casters;
        this.gate = new Gate(s, init.lease);
    }

    // ---- waiting ---------------------------------------------------------------------------

    /** Waits through the wait callback until the submitted operations are done (see {@link Waiting}). */
    final void await() {
        Waiting.await(this);
    }

    /** Finishes operations a failed wait left behind, so that state is known again. */
    final void drain() {
        Waiting.drain(this);
    }

    /**
     * Enters pipeline mode (psycopg 3's {@code conn.pipeline()}): until the pipeline is closed,
     * {@code execute} sends each statement through the extended protocol without waiting for
     * its result, so many statements share one round trip. A block ends at {@link Pipeline#sync()},
     * at close, when a cursor's results are asked for, or before any other command (commit,
     * COPY…); if a statement fails, the server skips the rest of its block: their cursors raise
     * {@link PipelineAbortedException}, and {@code sync()} (or close) raises the first error.
     *
     * <pre>{@code
     * try (Pipeline p = conn.pipeline()) {
     *     for (Item i : items) {
     *         cur.execute("INSERT INTO item VALUES (%s, %s)", i.id(), i.name());
     *     }
     * } // one round trip per block, errors raised here
     * }</pre>
     *
     * @return the pipeline, to close
     * @throws ProgrammingException on an async connection, or when a pipeline is already open
     */
    public Pipeline pipeline() {
        return Pipeline.open(this, Pipeline.Mode.BLOCKS);
    }

    /**
     * Enters pipeline mode with the Syncs placed as {@code mode} says ({@link Pipeline.Mode#STATEMENTS}:
     * a Sync after each statement, so that one's failure touches no other).
     *
     * @param mode where the Syncs go
     * @return the pipeline, to close
     * @throws ProgrammingException on an async connection, or when a pipeline is already open
     */
    public Pipeline pipeline(Pipeline.Mode mode) {
        return Pipeline.open(this, mode);
    }

    // ---- cursors --------------------------------------------------------------------------

    /**
     * A new client-side cursor, made by the connection's cursor factory.
     *
     * @return the cursor
     */
    public Cursor cursor() {
        CursorFactory<?> f = s.options.cursorFactory();
        return f == null ? cursor(Cursor::new) : cursor(f);
    }

    /**
     * A new cursor made by {@code factory}: {@code conn.cursor(LoggingCursor::new)}.
     *
     * @param factory makes the cursor
     * @param <T> the cursor class
     * @return the cursor
     */
    public <T extends Cursor> T cursor(CursorFactory<T> factory) {
        gate.checkOpen();
        gate.checkConnected();
        return factory.create(new Cursor.Init(this, null, false, false));
    }

    /**
     * A server-side (named) cursor.
     *
     * @param name the cursor name
     * @return the cursor
     */
    public Cursor cursor(String name) {
        return cursor(name, false, false);
    }

    /**
     * A server-side (named) cursor with psycopg2's {@code withhold} and {@code scrollable}.
     *
     * @param name the cursor name; null makes a client-side cursor, which refuses
     *             {@code withHold} and {@code scrollable} as psycopg2 does
     * @param withHold whether the cursor outlives its transaction
     * @param scrollable whether it can scroll backwards
     * @return the cursor
     */
    public Cursor cursor(String name, boolean withHold, boolean scrollable) {
        gate.checkOpen();
        if (name == null) {
            NamedCursor.refuseOptions(withHold, scrollable);
            return cursor();
        }
        return NamedCursor.create(this, name, withHold, scrollable);
    }

    // ---- large objects ----------------------------------------------------------------------

    /**
     * Creates a new large object, open for reading and writing (psycopg2's {@code lobject()}).
     * Needs a transaction: refused in autocommit mode.
     *
     * @return the object
     */
    public LargeObject lobject() {
        return lobject(0, "rw");
    }

    /**
     * Opens large object {@code oid} (0 creates a new one).
     *
     * @param oid the object, or 0 for a new one
     * @param mode how to open it
     * @param text read and write Strings in the client encoding rather than bytes
     * @return the object
     */
    public LargeObject lobject(long oid, LargeObject.Mode mode, boolean text) {
        return lobject(oid, Objects.requireNonNull(mode, "mode").psycopgMode(text));
    }

    /**
     * Opens large object {@code oid} (0 creates a new one) with psycopg2's mode string.
     *
     * @param oid the object, or 0 for a new one
     * @param mode {@code r}, {@code w}, {@code rw} or {@code n}, with {@code b} (binary, default) or {@code t} (text)
     * @return the object
     */
    public LargeObject lobject(long oid, String mode) {
        checkLargeObjects();
        return LargeObject.open(this, oid, mode);
    }

    /**
     * Creates a large object from a client-side file (libpq's {@code lo_import}).
     *
     * @param file the file
     * @return the new object, open for reading and writing, positioned at 0
     */
    public LargeObject lobjectImport(java.nio.file.Path file) {
        checkLargeObjects();
        return LargeObject.importFile(this, file);
    }

    private void checkLargeObjects() {
        gate.checkOpen();
        LargeObject.checkTransaction(s.autocommit, engine);
    }

    // ---- transactions -----------------------------------------------------------------------

    /** Commits the current transaction; nothing happens outside a transaction. */
    public void commit() {
        SessionControl.end(this, "commit", "COMMIT");
    }

    /**
     * Rolls back the current transaction; nothing happens outside a transaction. A rollback is
     * the cleanup after a failed or interrupted statement, so an interrupt of the calling thread
     * does not stop it: the rollback (and whatever an interrupted statement left in flight)
     * completes, and the interrupt flag is set again afterwards. A connection that stops
     * answering is ended by its socket timeout or by {@link #close()} from another thread.
     */
    public void rollback() {
        SessionControl.end(this, "rollback", "ROLLBACK");
    }

    /** @return whether each statement commits on its own */
    public boolean autocommit() {
        gate.live();
        return s.autocommit;
    }

    /**
     * Switches autocommit; refused inside a transaction (as psycopg2 does).
     *
     * @param on the new value
     */
    public void autocommit(boolean on) {
        setSession(null, null, null, on);
    }

    /**
     * Sets the session's transaction characteristics (null leaves one as is). Outside
     * autocommit they apply to the transactions the driver opens; in autocommit they are set
     * as the session's defaults.
     *
     * @param level the isolation level
     * @param readOnly read-only transactions
     * @param deferrable deferrable transactions
     * @param autocommit autocommit mode
     */
    public void setSession(IsolationLevel level, Boolean readOnly, Boolean deferrable, Boolean autocommit) {
        SessionControl.setSession(this, level, readOnly, deferrable, autocommit);
    }

    /** @return the isolation level set with {@link #setSession}, {@link IsolationLevel#DEFAULT} if none */
    public IsolationLevel isolationLevel() {
        gate.live();
        return s.isolation;
    }

    /** @return the read-only setting, null when left to the server */
    public Boolean readOnly() {
        gate.live();
        return s.readOnly;
    }

    /** @return the deferrable setting, null when left to the server */
    public Boolean deferrable() {
        gate.live();
        return s.deferrable;
    }

    /** @return the transaction status as the server last reported it */
    public TransactionStatus transactionStatus() {
        gate.live();
        return SessionControl.status(engine);
    }

    /**
     * Returns the session to its defaults: rolls back, {@code RESET ALL}, and forgets the
     * characteristics set with {@link #setSession}.
     */
    public void reset() {
        SessionControl.reset(this);
    }

    /**
     * Checks that the server answers: one round trip with an empty query, which opens no
     * transaction and leaves the session as it was (what a pool's check and JDBC's
     * {@code isValid} need).
     *
     * @throws OperationalException when the connection is broken (it is then closed)
     * @throws ProgrammingException on an async connection
     */
    public void ping() {
        SessionControl.ping(this);
    }

    // ---- session information ------------------------------------------------------------------

    /** @return the server process id serving this connection */
    public int backendPid() {
        gate.live();
        return engine.backendPid();
    }

    /**
     * The server version as a number: 150018 for 15.18, 90624 for 9.6.24.
     *
     * @return the version number, 0 before the connection is established
     */
    public int serverVersion() {
        gate.live();
        return SessionControl.versionNumber(engine.parameter("server_version"));
    }

    /**
     * A parameter the server reported, such as {@code server_version}, {@code TimeZone},
     * {@code standard_conforming_strings}.
     *
     * @param name the parameter
     * @return its value, null when the server did not report it
     */
    public String parameterStatus(String name) {
        gate.live();
        return engine.parameter(name);
    }

    /** @return the client encoding's PostgreSQL name, e.g. {@code UTF8} */
    public String encoding() {
        gate.live();
        String e = engine.parameter("client_encoding");
        return e == null ? "UTF8" : PgEncodings.normalize(e);
    }

    /**
     * Sets the client encoding (rolling back a transaction in progress, as psycopg2 does).
     *
     * @param encoding a PostgreSQL encoding name or alias
     */
    public void setClientEncoding(String encoding) {
        SessionControl.setClientEncoding(this, encoding);
    }

    /** @return the connection parameters in key=value form, with the password hidden */
    public String dsn() {
        gate.live();
        return s.info.safeDsn();
    }

    /** @return the options the connection was made with */
    public ConnectOptions options() {
        gate.live();
        return s.options;
    }

    /** @return true for a connection made with {@code async(true)} */
    public boolean isAsync() {
        gate.live();
        return s.async;
    }

    // ---- notices and notifications --------------------------------------------------------------

    /** @return the server's notices (the last 50 by default), e.g. {@code NOTICE:  table "x" does not exist, skipping} */
    public Collection<String> notices() {
        gate.live();
        return s.notices;
    }

    /** @param target any collection to receive notices; no cap is applied to it */
    public void setNotices(Collection<String> target) {
        gate.live();
        s.notices = Objects.requireNonNull(target, "target");
    }

    /** @return the live collection notifications are appended to (an {@code ArrayList} by default) */
    public Collection<Notify> notifies() {
        gate.live();
        return s.notifies;
    }

    /** @param target any collection (a {@code Deque}, a {@code BlockingQueue}…) to receive notifications */
    public void setNotifies(Collection<Notify> target) {
        gate.live();
        s.notifies = Objects.requireNonNull(target, "target");
    }

    /**
     * How many notifications were dropped because the collection set with {@link #setNotifies}
     * refused them (a full bounded queue, say). The connection stays usable; each burst of
     * refusals is logged once at WARN.
     *
     * @return the count since the connection opened
     */
    public long droppedNotifies() {
        gate.live();
        return s.notifyDrops.count();
    }

    /**
     * Waits through the wait callback until at least one notification arrives, or the timeout.
     * What arrives is also appended to {@link #notifies()}.
     *
     * @param timeout how long to wait at most
     * @return the notifications that arrived during the call, empty at the timeout
     */
    public List<Notify> awaitNotifies(Duration timeout) {
        return NotificationWait.await(this, timeout);
    }

    // ---- async and green ---------------------------------------------------------------------

    /**
     * Advances the operation in progress without blocking (psycopg2's {@code poll()}): on an
     * idle connection it reads pending notifications.
     *
     * <p>It never waits, but a connection attempt computes inside it once (SCRAM and TLS: see
     * {@link ConnectOptions#scramMaxIterations()}).
     *
     * @return OK when done, else the readiness to wait for
     */
    public PollState poll() {
        gate.enter();
        try {
            return engine.poll();
        } finally {
            gate.exit();
        }
    }

    /**
     * The socket channel, in non-blocking mode, to register with a {@link java.nio.channels.Selector}
     * (use {@link Waits#interestOps} for the operations matching a {@link PollState}).
     *
     * @return the channel, null before an async connection attempt has opened one
     */
    public SelectableChannel channel() {
        gate.live();
        return engine.channel();
    }

    /**
     * The socket's OS file descriptor, read through jnr-posix.
     *
     * @return the descriptor
     * @throws NotSupportedException when the JVM does not allow reading it (the message names the
     *                               {@code --add-opens} flags needed)
     */
    public int fileno() {
        gate.live();
        if (engine.transport() == null) {
            throw new InterfaceException("the connection has no socket yet");
        }
        return engine.transport().fileno();
    }

    /** @return true while an operation is in progress */
    public boolean isExecuting() {
        gate.live();
        return !engine.idle();
    }

    /**
     * When the operation in progress wants to be polled again even without readiness (the
     * timeout of {@code awaitNotifies}, {@code connect_timeout}). Wait callbacks should not
     * block past it.
     *
     * @return a {@link System#nanoTime()} value, {@link Long#MAX_VALUE} for none
     */
    public long waitDeadline() {
        gate.live();
        return engine.deadline();
    }

    // ---- cancel and close ------------------------------------------------------------------------

    /**
     * Asks the server to cancel the statement in progress; safe from any thread, and harmless
     * when nothing runs (then nothing is sent). The request goes over its own short connection
     * whose waits go through this connection's wait callback.
     *
     * <p>Guarantee: a cancel never hits a later statement. The request is only sent while an
     * operation is in progress, and until the server has taken it (it closes the cancel
     * socket once the backend is signalled) no new statement is sent on this connection; a
     * signal that reaches a backend already idle is discarded by the server. A statement that
     * completed before the signal arrived simply completes.
     */
    public void cancel() {
        Canceller.cancel(this);
    }

    /**
     * Closes the connection (sending Terminate). Called while another thread is inside the
     * connection, it closes the socket at once and that thread gets an exception.
     *
     * <p>On a lease (see {@link #lease}) it ends the lease instead: an open pipeline is synced
     * and closed, the lease's action runs (a pool takes the connection back), and every later
     * call through this object raises {@link InterfaceException}; closing it again does nothing.
     */
    @Override
    public void close() {
        Lease l = gate.lease();
        if (l != null) {
            l.end(this);
            return;
        }
        gate.closeSession();
    }

    /**
     * A lease: a new {@code Connection} object on this same session, for one user at a time,
     * as a pool hands out. It is made by the connection's factory (so it has the class of
     * this connection) and works as this connection does, sharing its transaction, settings,
     * notices and notifications; but its {@link #close()} runs {@code onEnd} (once) instead of
     * closing the session, and after that every call through the lease, or through a cursor
     * made from it, raises {@link InterfaceException} while the connection lives on.
     *
     * @param onEnd what runs when the lease is closed, given the lease (for a pool: take the
     *              connection back); it runs on the closing thread
     * @param owner names the lease's owner in error messages (a pool's name), or null
     * @return the lease
     * @throws ProgrammingException when called on a lease
     * @throws InterfaceException when the connection is closed
     */
    public Connection lease(java.util.function.Consumer<? super Connection> onEnd, String owner) {
        return Lease.open(this, onEnd, owner);
    }

    /** @return true for a lease made by {@link #lease}, ended or not */
    public boolean isLease() {
        return gate.lease() != null;
    }

    /**
     * Registers an action run once when this connection closes, by {@link #close()} from any
     * thread or because it broke (at once when it is already closed). Wait strategies use it to
     * wake a thread they parked; the action runs on the closing thread and must not block.
     *
     * @param hook the action
     */
    public void onClose(Runnable hook) {
        gate.live();
        engine.onClose(Objects.requireNonNull(hook, "hook"));
    }

    /** @return true once closed, by {@link #close()} or by a broken connection */
    public boolean isClosed() {
        return gate.ended() || engine.isClosed();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[dsn='" + s.info.safeDsn() + "', closed=" + isClosed()
                + (isLease() ? ", lease" : "") + "]";
    }
}
