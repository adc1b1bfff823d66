package dev.greenwire.pool;

import dev.greenwire.Connection;
import dev.greenwire.OperationalException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's state and its moves: borrowing (FIFO waiters that park), giving back, growing
 * with back-off, retiring, closing. One lock guards the state; no I/O happens under it.
 */
final class Pool {
    static final Logger LOG = LoggerFactory.getLogger("dev.greenwire.pool");

    /** A borrower in the queue; {@code entry} or {@code closed} is set under the lock, then it is unparked. */
    static final class Waiter {
        final Thread thread = Thread.currentThread();
        /** When the waiter gives up (System.nanoTime); the watcher wakes it then if it parked without a timer. */
        long deadline;
        volatile Entry entry;
        volatile boolean closed;
    }

    /** Connections idle longer than this are probed (one non-blocking read) before they are lent. */
    static final long PROBE_AFTER_NANOS = 1_000_000L;

    final PoolConfig config;
    final PoolStats stats = new PoolStats();
    private final long tickNanos;
    /** Names the pool in the errors of an ended lease. */
    private final String leaseOwner;
    final ConnectionPool facade;
    private final ReturnCheck returns;
    final ReentrantLock lock = new ReentrantLock();
    /** Signalled when connections open or come back (waitReady, close with grace). */
    final Condition changed = lock.newCondition();
    /** Idle connections, the most recently returned first. */
    final ArrayDeque<Entry> idle = new ArrayDeque<>();
    final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Every open connection: idle, out, or being checked. */
    final List<Entry> entries = new ArrayList<>();
    final Watcher watcher;
    final Grower grower;
    final Maintenance maintenance;
    /** What observers are told (JFR, the listener, the log), and the pool's live view for them. */
    final PoolEvents events = new PoolEvents(this);
    /** Connection attempts running, scheduled or waiting for the probe. */
    int connecting;
    int min;
    int max;
    volatile int generation;
    volatile boolean closed;
    volatile String lastError;

    Pool(PoolConfig config, ConnectionPool facade) {
        this.config = config;
        this.facade = facade;
        this.returns = new ReturnCheck(config);
        this.tickNanos = config.tickNanos();
        this.leaseOwner = "pool '" + config.name() + "'";
        this.min = config.minSize();
        this.max = config.maxSize();
        this.watcher = new Watcher(this);
        this.grower = new Grower(this);
        this.maintenance = new Maintenance(this);
    }

    void open() {
        events.opened();
        watcher.start();
        lock.lock();
        try {
            grow();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    // ---- borrowing ------------------------------------------------------------------------

    Connection borrow(long timeoutNanos) {
        if (!events.watchBorrows()) {
            return take(timeoutNanos);
        }
        PoolAcquireEvent ev = PoolAcquireEvent.PROBE.isEnabled() ? new PoolAcquireEvent() : null;
        if (ev != null) {
            ev.begin();
        }
        // the clock is read for the listener and the log only: JFR times its event itself
        boolean timed = events.timesBorrows();
        long t0 = timed ? System.nanoTime() : 0;
        dev.greenwire.observe.PoolAcquireOutcome outcome = dev.greenwire.observe.PoolAcquireOutcome.INTERRUPTED;
        int pid = 0;
        try {
            Connection c = take(timeoutNanos);
            outcome = dev.greenwire.observe.PoolAcquireOutcome.ACQUIRED;
            pid = c.backendPid();
            return c;
        } catch (PoolTimeoutException e) {
            outcome = dev.greenwire.observe.PoolAcquireOutcome.TIMEOUT;
            throw e;
        } catch (TooManyRequestsException e) {
            outcome = dev.greenwire.observe.PoolAcquireOutcome.REFUSED;
            throw e;
        } catch (PoolClosedException e) {
            outcome = dev.greenwire.observe.PoolAcquireOutcome.CLOSED;
            throw e;
        } finally {
            events.acquired(ev, outcome, timed ? System.nanoTime() - t0 : -1, pid);
        }
    }

    private Connection take(long timeoutNanos) {
        stats.requestsNum.increment();
        long start = System.nanoTime();
        long deadline = start + Math.min(timeoutNanos, Long.MAX_VALUE / 4);
        boolean front = false;
        boolean queued = false;
        for (;;) {
            Entry e;
            Waiter w = null;
            lock.lock();
            try {
                if (closed) {
                    stats.requestsErrors.increment();
                    throw new PoolClosedException("pool '" + config.name() + "' is closed: it lends no more connections");
                }
                e = idle.pollFirst();
                if (e != null) {
                    e.state = Entry.State.CLAIMED;
                } else {
                    if (!front && config.maxWaiting() > 0 && waiters.size() >= config.maxWaiting()) {
                        stats.requestsErrors.increment();
                        throw new TooManyRequestsException("pool '" + config.name() + "' already has "
                                + waiters.size() + " requests waiting (maxWaiting " + config.maxWaiting() + ")");
                    }
                    w = new Waiter();
                    w.deadline = deadline;
                    if (front) {
                        waiters.addFirst(w);
                    } else {
                        waiters.addLast(w);
                    }
                    grow();
                }
            } finally {
                lock.unlock();
            }
            if (e == null) {
                if (!queued) {
                    queued = true;
                    stats.requestsQueued.increment();
                }
                e = await(w, deadline, timeoutNanos);
            }
            long now = queued ? System.nanoTime() : start; // one clock read on the fast path
            if (usable(e, now)) {
                if (queued) {
                    stats.requestsWaitMs.add(PoolStats.millis(now - start));
                }
                return lend(e, now);
            }
            front = true; // keep our place at the head of the queue
        }
    }

    private Entry await(Waiter w, long deadline, long timeoutNanos) {
        for (;;) {
            Entry e = w.entry;
            if (e != null) {
                return e;
            }
            if (w.closed) {
                stats.requestsErrors.increment();
                throw new PoolClosedException("pool '" + config.name() + "' was closed while waiting for a connection");
            }
            boolean interrupted = Thread.currentThread().isInterrupted();
            long left = deadline - System.nanoTime();
            if (interrupted || left <= 0) {
                lock.lock();
                try {
                    e = w.entry;
                    if (e == null) {
                        waiters.remove(w);
                    } else if (interrupted) {
                        offer(e, System.nanoTime()); // to the next waiter
                    }
                } finally {
                    lock.unlock();
                }
                if (e != null && !interrupted) {
                    return e;
                }
                stats.requestsErrors.increment();
                if (interrupted) {
                    throw new OperationalException("interrupted while waiting for a connection from pool '"
                            + config.name() + "' (the interrupt flag stays set)");
                }
                throw new PoolTimeoutException(timeoutMessage(timeoutNanos));
            }
            if (left > 2 * tickNanos) {
                LockSupport.park(this); // no timer per waiter: the watcher's tick wakes it at its deadline
            } else {
                LockSupport.parkNanos(this, left);
            }
        }
    }

    private String timeoutMessage(long timeoutNanos) {
        lock.lock();
        try {
            String err = lastError;
            return "no connection from pool '" + config.name() + "' within " + PoolStats.millis(timeoutNanos) + " ms ("
                    + (entries.size() - idle.size()) + " in use of at most " + max + ", " + waiters.size() + " waiting"
                    + (connecting > 0 ? ", " + connecting + " connecting" : "") + ")"
                    + (err == null ? "" : "; last connection error: " + err);
        } finally {
            lock.unlock();
        }
    }

    /** Probes a claimed connection without blocking, and runs the check hook. */
    private boolean usable(Entry e, long now) {
        if (e.generation != generation || e.expired(now)) {
            retire(e, e.generation != generation ? PoolEvents.Why.DRAINED : PoolEvents.Why.EXPIRED_LIFETIME);
            return false;
        }
        // a connection given back less than a millisecond ago was just working: no system call
        if (now - e.idleSinceNanos > PROBE_AFTER_NANOS && !alive(e)) {
            LOG.info("pool '{}': {} was found closed by the server before lending it; replacing it", config.name(), e);
            stats.connectionsLost.increment();
            retire(e, PoolEvents.Why.CLOSED_BY_SERVER);
            return false;
        }
        if (config.check() != null) {
            try {
                config.check().accept(e.conn);
            } catch (RuntimeException ex) {
                LOG.warn("pool '{}': the check hook refused {}: {}", config.name(), e, ex.toString());
                stats.connectionsLost.increment();
                if (e.lent) {
                    retire(e, PoolEvents.Why.CHECK_FAILED);
                } else {
                    retire(e, PoolEvents.Why.CHECK_FAILED, true); // a refused new connection must not make a storm
                }
                return false;
            }
        }
        return true;
    }

    /** Reads whatever the server sent an idle connection (a FATAL, EOF, notifications) without waiting. */
    static boolean alive(Entry e) {
        try {
            e.conn.poll();
        } catch (RuntimeException ex) {
            // a broken connection closes itself; anything else leaves it to the check below
        }
        return !e.conn.isClosed();
    }

    private Connection lend(Entry e, long now) {
        e.lent = true;
        java.util.function.Consumer<Connection> back = e.giveBack;
        if (back == null) {
            back = l -> giveBack(e, l); // made once per connection, not per borrow
            e.giveBack = back;
        }
        Connection lease = e.conn.lease(back, leaseOwner);
        e.borrowedNanos = now;
        e.borrower = Thread.currentThread();
        e.leakReported = false;
        e.borrowStack = config.leakThresholdNanos() > 0 ? new Throwable("borrowed here") : null;
        e.lease = lease;
        e.state = Entry.State.OUT;
        return lease;
    }

    // ---- giving back --------------------------------------------------------------------

    void putConn(Connection conn) {
        lock.lock();
        Entry found = null;
        try {
            for (Entry e : entries) {
                if (e.lease == conn) {
                    found = e;
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
        if (found == null) {
            if (conn.isLease() && conn.isClosed()) {
                throw new dev.greenwire.InterfaceException("this connection was already given back"
                        + " (its lease has ended): it cannot be returned to pool '" + config.name() + "' twice");
            }
            throw new dev.greenwire.InterfaceException("this connection does not belong to pool '" + config.name()
                    + "': only connections borrowed from it can be returned to it");
        }
        conn.close(); // ends the lease, which calls giveBack
    }

    private void giveBack(Entry e, Connection lease) {
        long now = System.nanoTime();
        stats.usageMs.add(PoolStats.millis(now - e.borrowedNanos));
        events.released(now - e.borrowedNanos, e.pid());
        if (e.leakReported) {
            LOG.info("pool '{}': the connection reported as leaked came back after {} ms", config.name(),
                    PoolStats.millis(now - e.borrowedNanos));
        }
        e.lease = null;
        e.borrowStack = null;
        e.borrower = null;
        e.state = Entry.State.CLAIMED;
        if (!returns.restore(e)) {
            stats.returnsBad.increment();
            retire(e, PoolEvents.Why.RETURNED_UNUSABLE);
            return;
        }
        keepOrRetire(e, now);
    }

    /** Puts a claimed, working connection back in service, unless it is no longer wanted. */
    void keepOrRetire(Entry e, long now) {
        boolean keep;
        lock.lock();
        try {
            keep = !closed && e.generation == generation && !e.expired(now) && entries.size() <= max;
            if (keep) {
                offer(e, now);
            }
        } finally {
            lock.unlock();
        }
        if (!keep) {
            retire(e, closed ? PoolEvents.Why.POOL_CLOSED : e.generation != generation ? PoolEvents.Why.DRAINED
                    : e.expired(now) ? PoolEvents.Why.EXPIRED_LIFETIME : PoolEvents.Why.SURPLUS);
        }
    }

    /** Hands a claimed connection to the first waiter, or makes it idle. Under the lock. */
    void offer(Entry e, long now) {
        e.idleSinceNanos = now; // back in working order now, whether idle or handed on
        Waiter w = waiters.pollFirst();
        if (w != null) {
            e.state = Entry.State.CLAIMED;
            w.entry = e;
            LockSupport.unpark(w.thread);
        } else {
            e.state = Entry.State.IDLE;
            idle.addFirst(e);
        }
        changed.signalAll();
    }

    /** Takes an idle connection out of service for the watcher. @return false if it was not idle */
    boolean claimIdle(Entry e) {
        lock.lock();
        try {
            if (e.state != Entry.State.IDLE || !idle.remove(e)) {
                return false;
            }
            e.state = Entry.State.CLAIMED;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Closes a claimed connection and opens a replacement when one is needed. */
    void retire(Entry e, PoolEvents.Why why) {
        retire(e, why, false);
    }

    /**
     * Closes a claimed connection; its replacement, when one is needed, starts at once or, with
     * {@code backOff}, after the back-off delay.
     */
    private void retire(Entry e, PoolEvents.Why why, boolean backOff) {
        lock.lock();
        try {
            e.state = Entry.State.GONE;
            entries.remove(e);
            changed.signalAll();
            if (backOff && !closed) {
                connecting++;
                grower.retryLater(System.nanoTime());
            } else {
                grow();
            }
        } finally {
            lock.unlock();
        }
        watcher.forget(e);
        try {
            e.conn.close();
        } catch (RuntimeException ex) {
            LOG.debug("pool '{}': closing {}: {}", config.name(), e, ex.toString());
        }
        events.retired(e, why);
    }

    /** Wakes the waiters whose deadline has passed (they parked without a timer). Under the lock. */
    void wakeExpiredWaiters(long now) {
        for (Waiter w : waiters) {
            if (now - w.deadline >= 0) {
                LockSupport.unpark(w.thread);
            }
        }
    }

    // ---- growing --------------------------------------------------------------------------

    /** Takes a new connection into service, unless the pool is closed or full. Under the lock. */
    boolean adopt(Entry e) {
        if (closed || entries.size() >= max) {
            return false;
        }
        entries.add(e);
        offer(e, System.nanoTime());
        return true;
    }

    /** Whether a failed attempt should be retried. Under the lock. */
    boolean stillWanted() {
        return !closed && entries.size() + connecting - 1 < target();
    }

    /** How many connections the pool wants now. Under the lock. */
    private int target() {
        int busy = entries.size() - idle.size();
        return Math.min(max, Math.max(min, busy + waiters.size()));
    }

    /** Starts connection attempts until open + connecting reaches the target. Under the lock. */
    void grow() {
        if (closed) {
            return;
        }
        for (int missing = target() - entries.size() - connecting; missing > 0; missing--) {
            connecting++;
            grower.start();
        }
    }

    /** Takes every idle connection out of service. Under the lock. */
    List<Entry> takeIdle() {
        List<Entry> all = new ArrayList<>(idle);
        idle.clear();
        all.forEach(e -> e.state = Entry.State.CLAIMED);
        return all;
    }

    Map<String, Long> stats(boolean reset) {
        Map<String, Long> m;
        lock.lock();
        try {
            m = PoolStats.gauges(min, max, entries.size() + connecting, idle.size(), waiters.size());
        } finally {
            lock.unlock();
        }
        stats.addTo(m, reset);
        return m;
    }
}
