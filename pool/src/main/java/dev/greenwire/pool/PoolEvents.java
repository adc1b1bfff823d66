package dev.greenwire.pool;

import dev.greenwire.observe.GreenwireListener;
import dev.greenwire.observe.Observability;
import dev.greenwire.observe.PoolAcquireOutcome;
import dev.greenwire.observe.PoolConnectionChange;
import dev.greenwire.observe.PoolInfo;
import org.slf4j.Logger;

/**
 * What the pool tells observers: the JFR events {@code dev.greenwire.PoolAcquire} and
 * {@code dev.greenwire.PoolConnectionLifecycle}, the listener in force (the pool's options', else
 * the global one), and the {@code dev.greenwire.pool} logger (DEBUG for connections made and
 * retired, TRACE for borrows and returns).
 */
final class PoolEvents implements PoolInfo {
    /** Why a connection leaves service. */
    enum Why {
        EXPIRED_LIFETIME(PoolConnectionChange.EXPIRED, "maxLifetime reached"),
        EXPIRED_IDLE(PoolConnectionChange.EXPIRED, "idle longer than maxIdle above minSize"),
        CLOSED_BY_SERVER(PoolConnectionChange.LOST, "closed by the server"),
        CHECK_FAILED(PoolConnectionChange.LOST, "failed its check"),
        RETURNED_UNUSABLE(PoolConnectionChange.LOST, "given back unusable"),
        DRAINED(PoolConnectionChange.CLOSED, "drained"),
        SURPLUS(PoolConnectionChange.CLOSED, "above maxSize"),
        POOL_CLOSED(PoolConnectionChange.CLOSED, "pool closed");

        final PoolConnectionChange change;
        final String reason;

        Why(PoolConnectionChange change, String reason) {
            this.change = change;
            this.reason = reason;
        }
    }

    private static final Logger LOG = Pool.LOG;
    private final Pool pool;

    PoolEvents(Pool pool) {
        this.pool = pool;
    }

    /** @return the listener in force: the pool's options', else the global one, else null */
    GreenwireListener listener() {
        GreenwireListener l = pool.config.options().listener();
        return l != null ? l : Observability.listener();
    }

    /** @return whether a borrow must be timed: a listener, the JFR event, or TRACE logging */
    boolean watchBorrows() {
        return PoolAcquireEvent.PROBE.isEnabled() || timesBorrows();
    }

    /** @return whether a borrow's duration is needed outside JFR: a listener or TRACE logging */
    boolean timesBorrows() {
        return listener() != null || LOG.isTraceEnabled();
    }

    /** A borrow ended; {@code nanos} is -1 when it was not timed (a listener set meanwhile misses this one). */
    void acquired(PoolAcquireEvent ev, PoolAcquireOutcome outcome, long nanos, int pid) {
        if (ev != null) {
            ev.end();
            if (ev.shouldCommit()) {
                ev.pool = pool.config.name();
                ev.outcome = outcome.name();
                ev.backendPid = pid;
                ev.commit();
            }
        }
        if (nanos < 0) {
            return;
        }
        GreenwireListener l = listener();
        if (l != null) {
            try {
                l.poolAcquired(this, outcome, nanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("pool '{}': borrow {} after {} µs (backend {})", pool.config.name(), outcome, nanos / 1000, pid);
        }
    }

    void released(long useNanos, int pid) {
        GreenwireListener l = listener();
        if (l != null) {
            try {
                l.poolReleased(this, useNanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("pool '{}': backend {} given back after {} µs", pool.config.name(), pid, useNanos / 1000);
        }
    }

    /** @return an event begun now when the lifecycle event is enabled (a connection attempt starts), else null */
    static PoolConnectionEvent attempt() {
        if (!PoolConnectionEvent.PROBE.isEnabled()) {
            return null;
        }
        PoolConnectionEvent ev = new PoolConnectionEvent();
        ev.begin();
        return ev;
    }

    void created(PoolConnectionEvent ev, Entry e) {
        change(ev, PoolConnectionChange.CREATED, "opened", e);
    }

    void retired(Entry e, Why why) {
        change(null, why.change, why.reason, e);
    }

    private void change(PoolConnectionEvent ev, PoolConnectionChange change, String reason, Entry e) {
        if (ev == null && PoolConnectionEvent.PROBE.isEnabled()) {
            ev = new PoolConnectionEvent();
        }
        if (ev != null) {
            if (change == PoolConnectionChange.CREATED) {
                ev.end();
            }
            if (ev.shouldCommit()) {
                ev.pool = pool.config.name();
                ev.change = change.name();
                ev.reason = reason;
                ev.backendPid = e.pid();
                ev.age = System.nanoTime() - e.createdNanos;
                ev.commit();
            }
        }
        LOG.debug("pool '{}': {} {} ({})", pool.config.name(), change == PoolConnectionChange.CREATED ? "opened"
                : "retired", e, reason);
        GreenwireListener l = listener();
        if (l != null) {
            try {
                l.poolConnection(this, change);
            } catch (RuntimeException ex) {
                failed(l, ex);
            }
        }
    }

    void opened() {
        GreenwireListener l = listener();
        if (l != null) {
            try {
                l.poolOpened(this);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    void closed() {
        GreenwireListener l = listener();
        if (l != null) {
            try {
                l.poolClosed(this);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    private void failed(GreenwireListener l, RuntimeException e) {
        LOG.warn("pool '{}': the listener {} threw {}; it is ignored", pool.config.name(), l, e.toString(), e);
    }

    // ---- PoolInfo: a live view ---------------------------------------------------------------

    @Override
    public String name() {
        return pool.config.name();
    }

    @Override
    public int size() {
        pool.lock.lock();
        try {
            return pool.entries.size();
        } finally {
            pool.lock.unlock();
        }
    }

    @Override
    public int idle() {
        pool.lock.lock();
        try {
            return pool.idle.size();
        } finally {
            pool.lock.unlock();
        }
    }

    @Override
    public int used() {
        pool.lock.lock();
        try {
            return pool.entries.size() - pool.idle.size();
        } finally {
            pool.lock.unlock();
        }
    }

    @Override
    public int pending() {
        pool.lock.lock();
        try {
            return pool.waiters.size();
        } finally {
            pool.lock.unlock();
        }
    }

    @Override
    public int minSize() {
        pool.lock.lock();
        try {
            return pool.min;
        } finally {
            pool.lock.unlock();
        }
    }

    @Override
    public int maxSize() {
        pool.lock.lock();
        try {
            return pool.max;
        } finally {
            pool.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "pool '" + name() + "'";
    }
}
