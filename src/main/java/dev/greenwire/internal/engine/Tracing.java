package dev.greenwire.internal.engine;

import dev.greenwire.Notify;
import dev.greenwire.OperationalException;
import dev.greenwire.PgException;
import dev.greenwire.PollState;
import dev.greenwire.internal.conninfo.HostSpec;
import dev.greenwire.internal.observe.CancelEvent;
import dev.greenwire.internal.observe.ConnectEvent;
import dev.greenwire.internal.observe.Listeners;
import dev.greenwire.internal.observe.Logs;
import dev.greenwire.internal.observe.NotifyDeliveredEvent;
import dev.greenwire.internal.observe.QueryEvent;
import dev.greenwire.internal.observe.ReplicationStatusEvent;
import dev.greenwire.internal.observe.WaitEvent;
import dev.greenwire.observe.Binding;
import dev.greenwire.observe.ConnectionInfo;
import dev.greenwire.observe.GreenwireListener;
import dev.greenwire.observe.QueryInfo;
import dev.greenwire.observe.QueryResult;
import java.util.List;

/**
 * What the engine tells observers — JFR events, the listener in force, the layer loggers —
 * about its operations and waits. Nothing here runs unless something observes: the engine
 * asks {@link #submitted} at each submission, which starts a {@link Trace} only when a JFR
 * event is enabled, a listener is set or TRACE logging is on; {@code poll()} times itself only
 * while a trace is in flight or waits are watched.
 *
 * <p>Times: a statement runs from its submission to its completion; its <em>wire time</em> is
 * what the engine spent inside {@code poll()} for it while it was the current operation. A
 * <em>wait</em> runs from the {@code poll()} that returned READ or WRITE to the next one that
 * moved bytes, completed an operation or reported something else.
 */
final class Tracing {
    static final int NONE = 0;
    static final int STATEMENT = 1;
    static final int CONNECT = 2;
    static final int CANCEL = 3;
    static final int NOTIFY_WAIT = 4;

    private Tracing() {
    }

    // ---- operations ---------------------------------------------------------------------------

    /** A submitted operation (its messages queued): starts its trace if anything observes it. */
    static void submitted(Engine c, Op op) {
        int kind = op.observedKind();
        if (kind == NONE) {
            return;
        }
        GreenwireListener l = Listeners.inForce(c.config.listener());
        jdk.jfr.Event ev;
        switch (kind) {
            case STATEMENT -> {
                boolean log = Logs.QUERY.isTraceEnabled();
                ev = QueryEvent.PROBE.isEnabled() ? new QueryEvent() : null;
                if (ev == null && l == null && !log) {
                    return;
                }
                long now = System.nanoTime();
                String sql = l != null || log ? sqlOf(c, op) : null;
                QueryInfo info = l != null || log ? new QueryInfo(info(c), sql, bindingOf(op), prepared(op),
                        op.driverStatement) : null;
                Trace t = new Trace(ev, l, info, sql, now);
                if (ev != null) {
                    ev.begin();
                }
                start(c, op, t);
                if (log) {
                    logStart(c, op, info);
                }
                if (l != null) {
                    try {
                        t.context = l.queryStarted(info);
                    } catch (RuntimeException e) {
                        Listeners.failed(l, e);
                    }
                }
            }
            case CONNECT -> {
                ev = ConnectEvent.PROBE.isEnabled() ? new ConnectEvent() : null;
                if (ev == null && l == null && !Logs.CONNECT.isDebugEnabled()) {
                    return;
                }
                begin(c, op, ev, l);
            }
            case CANCEL -> {
                ev = CancelEvent.PROBE.isEnabled() ? new CancelEvent() : null;
                if (ev == null && !Logs.QUERY.isDebugEnabled()) {
                    return;
                }
                begin(c, op, ev, null);
            }
            case NOTIFY_WAIT -> {
                if (NotifyDeliveredEvent.PROBE.isEnabled()) {
                    begin(c, op, null, null);
                }
            }
            default -> {
            }
        }
    }

    private static void begin(Engine c, Op op, jdk.jfr.Event ev, GreenwireListener l) {
        if (ev != null) {
            ev.begin();
        }
        start(c, op, new Trace(ev, l, null, null, System.nanoTime()));
    }

    private static void start(Engine c, Op op, Trace t) {
        op.trace = t;
        c.obs.traced++;
    }

    /** An operation completed ({@code now} from {@link System#nanoTime()}): ends its trace. */
    static void completed(Engine c, Op op, long now) {
        Trace t = op.trace;
        op.trace = null;
        Observation o = c.obs;
        o.traced--;
        if (o.inPoll) {
            t.wire += now - Math.max(o.chargeFrom, t.start);
            o.chargeFrom = now;
        }
        switch (op.observedKind()) {
            case STATEMENT -> statementEnded(c, op, t, op.error, now);
            case CONNECT -> connectEnded(c, (ConnectOp) op, t, now);
            case CANCEL -> cancelEnded((CancelOp) op, t, now);
            case NOTIFY_WAIT -> handOver(c, "awaitNotifies");
            default -> {
            }
        }
    }

    private static void statementEnded(Engine c, Op op, Trace t, PgException error, long now) {
        boolean log = t.info != null && Logs.QUERY.isTraceEnabled();
        QueryEvent ev = t.event instanceof QueryEvent q ? q : null;
        if (ev != null) {
            ev.end();
        }
        boolean commit = ev != null && ev.shouldCommit(); // below its threshold (10 ms) an event is dropped
        if (!commit && t.listener == null && !log) {
            return;
        }
        long rows = error != null ? -1 : rowsOf(op);
        String state = error == null ? null : error.pgcode();
        if (commit) {
            ev.sql = t.sql != null ? t.sql : sqlOf(c, op);
            ev.binding = bindingOf(op).name();
            ev.prepared = prepared(op);
            ev.rows = rows;
            ev.sqlState = state;
            ev.errorType = error == null ? null : error.getClass().getName();
            ev.wireTime = t.wire;
            ev.backendPid = c.backendPid;
            ev.commit();
        }
        QueryResult r = null;
        if (t.listener != null) {
            r = new QueryResult(rows, state, error, now - t.start, t.wire);
            try {
                t.listener.queryEnded(t.info, t.context, r);
            } catch (RuntimeException e) {
                Listeners.failed(t.listener, e);
            }
        }
        if (log) {
            long us = (now - t.start) / 1000;
            if (error == null) {
                Logs.QUERY.trace("backend {}: done in {} µs ({} µs in poll): {} rows", c.backendPid, us,
                        t.wire / 1000, rows);
            } else {
                Logs.QUERY.trace("backend {}: failed in {} µs: {}{}", c.backendPid, us, error.getClass().getSimpleName(),
                        state == null ? "" : " SQLSTATE " + state);
            }
        }
    }

    private static void logStart(Engine c, Op op, QueryInfo info) {
        String values = "";
        if (c.config.logParameterValues()) {
            if (op instanceof QueryOp q && info.binding() == Binding.CLIENT) {
                values = " sent as: " + q.sent(c.charset);
            } else if (op instanceof ExtendedOp x && x.hasParameters()) {
                values = " values: " + x.parameterValues(c.charset);
            }
        }
        Logs.QUERY.trace("backend {}: {} [{}{}]{}", c.backendPid, info.sql(), info.binding(),
                info.prepared() ? ", prepared" : "", values);
    }

    private static String sqlOf(Engine c, Op op) {
        if (op.written != null) {
            return op.written;
        }
        if (op instanceof ExtendedOp x) {
            return x.text(c.charset);
        }
        if (op instanceof CopyOp x) {
            return x.text(c.charset);
        }
        return "";
    }

    private static Binding bindingOf(Op op) {
        if (op.written == null && op instanceof ExtendedOp x) {
            return x.hasParameters() ? Binding.SERVER : Binding.NONE;
        }
        return op.binding;
    }

    private static boolean prepared(Op op) {
        return op instanceof ExtendedOp x && x.named();
    }

    private static long rowsOf(Op op) {
        Result r = op instanceof QueryOp q ? q.result() : op instanceof ExtendedOp x ? x.result()
                : op instanceof CopyOp y ? y.result() : null;
        return r == null ? -1 : r.rowCount();
    }

    private static void connectEnded(Engine c, ConnectOp op, Trace t, long now) {
        PgException error = op.error;
        boolean ok = error == null && c.ready;
        ConnectionInfo info = connectionInfo(c, op);
        c.obs.info = info;
        c.obs.opened = ok;
        if (t.event instanceof ConnectEvent ev) {
            ev.end();
            if (ev.shouldCommit()) {
                ev.host = info.host();
                ev.port = info.port();
                ev.database = info.database();
                ev.user = info.user();
                ev.tls = info.tls();
                ev.authMethod = info.authMethod();
                ev.attempts = info.attempts();
                ev.outcome = ok ? "connected" : "failed";
                ev.failure = ok ? null : error == null ? "no connection" : error.getMessage();
                ev.backendPid = info.backendPid();
                ev.commit();
            }
        }
        long nanos = now - t.start;
        if (ok) {
            Logs.CONNECT.debug("connected to {}:{} database {} as {} (backend {}, {}, authentication {}) in {} ms",
                    info.host(), info.port(), info.database(), info.user(), info.backendPid(),
                    info.tls() ? "TLS" : "no TLS", info.authMethod(), nanos / 1_000_000);
        } else {
            Logs.CONNECT.debug("connection failed after {} attempt(s) in {} ms: {}", info.attempts(), nanos / 1_000_000,
                    error == null ? "no connection" : error.getMessage());
        }
        if (t.listener != null) {
            try {
                if (ok) {
                    t.listener.connectionOpened(info, nanos);
                } else {
                    t.listener.connectionFailed(info, error, nanos);
                }
            } catch (RuntimeException e) {
                Listeners.failed(t.listener, e);
            }
        }
    }

    private static void cancelEnded(CancelOp op, Trace t, long now) {
        String outcome = op.error != null ? "failed" : op.requests() > 0 ? "delivered" : "nothing to cancel";
        if (t.event instanceof CancelEvent ev) {
            ev.end();
            if (ev.shouldCommit()) {
                ev.backendPid = op.targetPid();
                ev.requests = op.requests();
                ev.outcome = outcome;
                ev.failure = op.error == null ? null : op.error.getMessage();
                ev.reason = op.detached ? "abandoned wait" : "cancel()";
                ev.commit();
            }
        }
        Logs.QUERY.debug("cancel request for backend {} ({}): {}, {} request(s) in {} µs", op.targetPid(),
                op.detached ? "abandoned wait" : "cancel()", outcome, op.requests(), (now - t.start) / 1000);
    }

    // ---- the connection -----------------------------------------------------------------------

    /** @return what listeners are told about the connection */
    static ConnectionInfo info(Engine c) {
        ConnectionInfo i = c.obs.info;
        if (i == null) {
            i = connectionInfo(c, c.current instanceof ConnectOp op ? op : null);
            c.obs.info = i;
        }
        return i;
    }

    private static ConnectionInfo connectionInfo(Engine c, ConnectOp op) {
        HostSpec h = op != null && op.host() != null ? op.host()
                : c.config.info().hosts().isEmpty() ? null : c.config.info().hosts().get(0);
        String host = h == null ? null : h.isUnixSocket() ? h.host() : h.hostaddr() != null && h.host() == null
                ? h.hostaddr() : h.host();
        boolean tls = c.transport != null && c.transport.tlsEngine() != null;
        return new ConnectionInfo(host, h == null ? 0 : h.port(), c.config.info().dbname(), c.config.info().user(),
                tls, op == null ? null : op.authMethod(), c.backendPid, op == null ? 0 : op.attempts());
    }

    /** The owner closes the connection: what was in flight ends, and the close is reported. */
    static void closed(Engine c) {
        Observation o = c.obs;
        if (o.waiting) {
            endWait(c, System.nanoTime());
        }
        if (o.traced > 0) {
            long now = System.nanoTime();
            OperationalException gone = new OperationalException("the connection closed before the operation completed");
            endUnfinished(c, c.current, gone, now);
            for (Op op : c.ops) {
                endUnfinished(c, op, gone, now);
            }
        }
        handOver(c, "notifies");
        reportClose(c);
    }

    private static void endUnfinished(Engine c, Op op, OperationalException gone, long now) {
        if (op == null || op.trace == null) {
            return;
        }
        if (op.error == null) {
            op.fail(gone);
        }
        completed(c, op, now);
    }

    /** Another thread closed the socket: the close is reported (the owner cleans up later). */
    static void aborted(Engine c) {
        reportClose(c);
    }

    private static void reportClose(Engine c) {
        Observation o = c.obs;
        if (!o.opened || !o.closeReported.compareAndSet(false, true)) {
            return;
        }
        ConnectionInfo info = o.info;
        Logs.CONNECT.debug("closed the connection to backend {} ({}:{})", c.backendPid,
                info == null ? "?" : info.host(), info == null ? 0 : info.port());
        GreenwireListener l = Listeners.inForce(c.config.listener());
        if (l != null && info != null) {
            try {
                l.connectionClosed(info);
            } catch (RuntimeException e) {
                Listeners.failed(l, e);
            }
        }
    }

    // ---- polls and waits ------------------------------------------------------------------------

    /** @return whether waits are watched now: JFR, a listener, or TRACE logging of the wait layer */
    static boolean watchWaits(Engine c) {
        return WaitEvent.PROBE.isEnabled() || Listeners.inForce(c.config.listener()) != null
                || Logs.WAIT.isTraceEnabled();
    }

    /** One {@code poll()} of the engine, timed: wire time for the current statement, waits. */
    static PollState poll(Engine c) {
        Observation o = c.obs;
        long t0 = System.nanoTime();
        if (o.waitEvent != null) {
            o.waitEvent.end(); // the wait ends here if this poll finds the socket ready
        }
        long progress = c.lastProgress;
        o.inPoll = true;
        o.chargeFrom = t0;
        PollState s = null;
        try {
            s = c.pollOnce();
            return s;
        } finally {
            o.inPoll = false;
            long t1 = System.nanoTime();
            Op cur = c.current;
            if (cur != null && cur.trace != null) {
                cur.trace.wire += t1 - Math.max(o.chargeFrom, cur.trace.start);
            }
            if (o.waiting && (s != o.waitState || c.lastProgress != progress)) {
                endWait(c, t0);
            }
            if (!o.waiting && (s == PollState.READ || s == PollState.WRITE) && !c.closed && watchWaits(c)) {
                startWait(c, s, t1);
            }
        }
    }

    private static void startWait(Engine c, PollState s, long now) {
        Observation o = c.obs;
        o.waiting = true;
        o.waitStart = now;
        o.waitState = s;
        if (WaitEvent.PROBE.isEnabled()) {
            WaitEvent ev = new WaitEvent();
            ev.begin();
            o.waitEvent = ev;
        }
        GreenwireListener l = Listeners.inForce(c.config.listener());
        o.waitListener = l;
        if (l != null) {
            try {
                l.waitStarted(info(c), s);
            } catch (RuntimeException e) {
                Listeners.failed(l, e);
            }
        }
    }

    /** Ends the wait in progress at {@code end} (a {@link System#nanoTime()} value). */
    static void endWait(Engine c, long end) {
        Observation o = c.obs;
        if (!o.waiting) {
            return;
        }
        o.waiting = false;
        long nanos = end - o.waitStart;
        WaitEvent ev = o.waitEvent;
        o.waitEvent = null;
        GreenwireListener l = o.waitListener;
        o.waitListener = null;
        String strategy = null;
        if (ev != null && ev.shouldCommit()) {
            strategy = strategy(o.waiter);
            ev.strategy = strategy;
            ev.readiness = o.waitState.name();
            ev.backendPid = c.backendPid;
            ev.commit();
        }
        if (l != null) {
            try {
                l.waitEnded(info(c), o.waitState, strategy != null ? strategy : strategy(o.waiter), nanos);
            } catch (RuntimeException e) {
                Listeners.failed(l, e);
            }
        }
        if (Logs.WAIT.isTraceEnabled()) {
            Logs.WAIT.trace("backend {}: waited {} µs for {} ({})", c.backendPid, nanos / 1000, o.waitState,
                    strategy != null ? strategy : strategy(o.waiter));
        }
    }

    /** The caller gave up waiting (a failed wait callback): the wait in progress ends now. */
    static void abandoned(Engine c) {
        if (c.obs.waiting) {
            endWait(c, System.nanoTime());
        }
    }

    private static final ClassValue<Boolean> NAMED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("toString").getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    /** @return the name of a wait callback: its own {@code toString()}, else its class's name */
    static String strategy(Object waiter) {
        if (waiter == null) {
            return "none (poll() driven by the application)";
        }
        if (NAMED.get(waiter.getClass())) {
            return waiter.toString();
        }
        String n = waiter.getClass().getName();
        int lambda = n.indexOf("$$Lambda");
        return lambda < 0 ? n : n.substring(0, lambda) + " (lambda)";
    }

    // ---- notifications ----------------------------------------------------------------------------

    /** Starts a notification's event, as it is parsed (right after the read that brought it). */
    static NotifyDeliveredEvent notifyParsed(Notify n) {
        NotifyDeliveredEvent ev = new NotifyDeliveredEvent();
        ev.begin();
        ev.channel = n.channel();
        ev.senderPid = n.pid();
        ev.payloadLength = n.payload() == null ? 0 : n.payload().length();
        return ev;
    }

    /** The notification was appended to the connection's collection: delivered now, unless awaitNotifies waits. */
    static void notifyStored(Engine c, NotifyDeliveredEvent ev) {
        if (c.current instanceof NotifyWaitOp op && op.trace != null) {
            c.obs.await(ev); // handed over when the wait ends
            return;
        }
        deliver(c, ev, "notifies");
    }

    private static void handOver(Engine c, String how) {
        List<NotifyDeliveredEvent> waiting = c.obs.awaited;
        if (waiting == null || waiting.isEmpty()) {
            return;
        }
        c.obs.awaited = null;
        for (NotifyDeliveredEvent ev : waiting) {
            deliver(c, ev, how);
        }
    }

    private static void deliver(Engine c, NotifyDeliveredEvent ev, String how) {
        ev.end();
        if (ev.shouldCommit()) {
            ev.delivery = how;
            ev.backendPid = c.backendPid;
            ev.commit();
        }
    }

    // ---- replication ---------------------------------------------------------------------------------

    /** A standby status update was queued. */
    static void replicationStatus(Engine c, String slot, long write, long flush, long apply, long walEnd, boolean reply) {
        long lag = flush == 0 || Long.compareUnsigned(walEnd, flush) <= 0 ? 0 : walEnd - flush;
        if (ReplicationStatusEvent.PROBE.isEnabled()) {
            ReplicationStatusEvent ev = new ReplicationStatusEvent();
            if (ev.shouldCommit()) {
                ev.slot = slot;
                ev.writeLsn = lsn(write);
                ev.flushLsn = lsn(flush);
                ev.applyLsn = lsn(apply);
                ev.walEnd = lsn(walEnd);
                ev.lagBytes = lag;
                ev.replyRequested = reply;
                ev.backendPid = c.backendPid;
                ev.commit();
            }
        }
        if (Logs.REPLICATION.isTraceEnabled()) {
            Logs.REPLICATION.trace("backend {}: status update for slot {}: write {} flush {} apply {}, server at {} ({} bytes"
                    + " behind){}", c.backendPid, slot, lsn(write), lsn(flush), lsn(apply), lsn(walEnd), lag,
                    reply ? ", reply requested" : "");
        }
    }

    private static String lsn(long v) {
        return Long.toHexString(v >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(v & 0xffffffffL).toUpperCase(java.util.Locale.ROOT);
    }
}
