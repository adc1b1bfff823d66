package dev.greenwire.pool;

import dev.greenwire.OperationalException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** The pool's administration: housekeeping passes, waitReady, resize, drain, check, close. */
final class Maintenance {
    private final Pool p;

    Maintenance(Pool pool) {
        this.p = pool;
    }

    /** One housekeeping pass (on the p.watcher's thread): expiry, p.idle shrink, leaks, minimum size. */
    void housekeep(long now, List<Entry> snapshot) {
        List<Entry> old = new ArrayList<>();
        List<Entry> leaks = new ArrayList<>();
        p.lock.lock();
        try {
            snapshot.clear();
            snapshot.addAll(p.entries);
            int open = p.entries.size();
            for (var it = p.idle.descendingIterator(); it.hasNext(); ) {
                Entry e = it.next(); // oldest p.idle first
                boolean tooIdle = open > p.min && now - e.idleSinceNanos >= p.config.maxIdleNanos();
                if (e.expired(now) || tooIdle) {
                    it.remove();
                    e.state = Entry.State.CLAIMED;
                    e.retiring = e.expired(now) ? PoolEvents.Why.EXPIRED_LIFETIME : PoolEvents.Why.EXPIRED_IDLE;
                    old.add(e);
                    open--;
                }
            }
            long leak = p.config.leakThresholdNanos();
            if (leak > 0) {
                for (Entry e : p.entries) {
                    if (e.state == Entry.State.OUT && !e.leakReported && now - e.borrowedNanos >= leak) {
                        e.leakReported = true;
                        leaks.add(e);
                    }
                }
            }
            p.wakeExpiredWaiters(now);
            p.grow();
        } finally {
            p.lock.unlock();
        }
        for (Entry e : old) {
            p.retire(e, e.retiring);
        }
        for (Entry e : leaks) {
            Thread t = e.borrower;
            Throwable where = e.borrowStack;
            if (where != null) {
                Pool.LOG.warn("pool '{}': possible connection leak: a connection has been out for {} ms (leakThreshold {} ms),"
                        + " borrowed by thread '{}'", p.config.name(), PoolStats.millis(now - e.borrowedNanos),
                        PoolStats.millis(p.config.leakThresholdNanos()), t == null ? "?" : t.getName(), where);
            }
        }
    }

    void waitReady(long timeoutNanos) {
        p.lock.lock();
        try {
            long left = timeoutNanos;
            while (p.entries.size() < p.min) {
                if (p.closed) {
                    throw new PoolClosedException("pool '" + p.config.name() + "' is closed");
                }
                if (left <= 0) {
                    String err = p.lastError;
                    throw new PoolTimeoutException("pool '" + p.config.name() + "' has " + p.entries.size() + " of its "
                            + p.min + " connections after " + PoolStats.millis(timeoutNanos) + " ms; it goes on connecting"
                            + (err == null ? "" : "; last connection error: " + err));
                }
                left = p.changed.awaitNanos(left);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new OperationalException("interrupted while waiting for pool '" + p.config.name() + "' to be ready");
        } finally {
            p.lock.unlock();
        }
    }

    void resize(int newMin, int newMax) {
        List<Entry> surplus = new ArrayList<>();
        p.lock.lock();
        try {
            p.min = newMin;
            p.max = newMax;
            int open = p.entries.size();
            while (open > p.max && !p.idle.isEmpty()) {
                Entry e = p.idle.pollLast();
                e.state = Entry.State.CLAIMED;
                surplus.add(e);
                open--;
            }
            p.grow();
        } finally {
            p.lock.unlock();
        }
        surplus.forEach(e -> p.retire(e, PoolEvents.Why.SURPLUS));
    }

    void drain() {
        List<Entry> all;
        p.lock.lock();
        try {
            p.generation++;
            all = p.takeIdle();
        } finally {
            p.lock.unlock();
        }
        all.forEach(e -> p.retire(e, PoolEvents.Why.DRAINED));
    }

    void checkIdle() {
        List<Entry> all;
        p.lock.lock();
        try {
            all = p.takeIdle();
        } finally {
            p.lock.unlock();
        }
        for (Entry e : all) {
            boolean ok;
            try {
                ConnectionPool.checkConnection(e.conn);
                ok = !e.conn.isClosed();
            } catch (RuntimeException ex) {
                Pool.LOG.warn("pool '{}': check found {} broken: {}", p.config.name(), e, ex.toString());
                ok = false;
            }
            if (ok) {
                p.keepOrRetire(e, System.nanoTime());
            } else {
                p.stats.connectionsLost.increment();
                p.retire(e, PoolEvents.Why.CHECK_FAILED);
            }
        }
    }

    void close(long graceNanos) {
        List<Entry> idleNow;
        List<Pool.Waiter> ws;
        p.lock.lock();
        try {
            if (p.closed) {
                return;
            }
            p.closed = true;
            ws = new ArrayList<>(p.waiters);
            p.waiters.clear();
            ws.forEach(w -> w.closed = true);
            idleNow = p.takeIdle();
            p.changed.signalAll();
        } finally {
            p.lock.unlock();
        }
        ws.forEach(w -> LockSupport.unpark(w.thread));
        idleNow.forEach(e -> p.retire(e, PoolEvents.Why.POOL_CLOSED));
        if (graceNanos >= 0) {
            List<Entry> out;
            p.lock.lock();
            try {
                long left = graceNanos;
                while (!p.entries.isEmpty() && left > 0) {
                    left = p.changed.awaitNanos(left);
                }
                out = new ArrayList<>(p.entries);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                out = new ArrayList<>(p.entries);
            } finally {
                p.lock.unlock();
            }
            if (!out.isEmpty()) {
                Pool.LOG.warn("pool '{}': closing {} connection(s) still borrowed after the grace period", p.config.name(), out.size());
            }
            out.forEach(e -> e.conn.close());
        }
        p.grower.shutdown();
        p.watcher.stop();
        p.events.closed();
    }
}
