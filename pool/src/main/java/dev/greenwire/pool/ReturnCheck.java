package dev.greenwire.pool;

import dev.greenwire.Connection;
import dev.greenwire.TransactionStatus;

/** What happens to a connection given back, before it is lent again. */
final class ReturnCheck {
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;
    private final PoolConfig config;
    private final java.util.concurrent.atomic.AtomicLong rollbacks = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong lastWarn = new java.util.concurrent.atomic.AtomicLong();

    ReturnCheck(PoolConfig config) {
        this.config = config;
    }

    /**
     * Warns that a transaction was left open: the first time, then at most once a minute with
     * the count since (a DB-API connection opens a transaction for every SELECT, so a server
     * that forgets to commit would otherwise log once per request).
     */
    private void warnRollback(TransactionStatus st) {
        long n = rollbacks.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarn.get();
        if ((last == 0 || now - last >= WARN_EVERY_NANOS) && lastWarn.compareAndSet(last, now)) {
            rollbacks.set(0);
            Pool.LOG.warn("pool '{}': a connection came back {} (a transaction was left open): rolling it back"
                    + " ({} such returns since the last warning; commit, or use withConnection)", config.name(), st, n);
        }
    }

    /**
     * Brings a returned connection back to an idle session: rolls back a transaction (WARN),
     * restores autocommit and the default notice/notification lists, runs the reset hook.
     *
     * @return false when the connection must be discarded (broken, busy, or not idle after all)
     */
    boolean restore(Entry e) {
        Connection c = e.conn;
        String pool = config.name();
        if (c.isClosed()) {
            Pool.LOG.warn("pool '{}': a connection came back closed or broken; replacing it", pool);
            return false;
        }
        TransactionStatus st = c.transactionStatus();
        if (st == TransactionStatus.ACTIVE) {
            Pool.LOG.warn("pool '{}': a connection came back in the middle of an operation; cancelling and closing it",
                    pool);
            try {
                c.cancel(); // so that the server stops working for nobody
            } catch (RuntimeException ex) {
                Pool.LOG.debug("pool '{}': cancel failed: {}", pool, ex.toString());
            }
            return false;
        }
        try {
            if (st != TransactionStatus.IDLE) {
                warnRollback(st);
                c.rollback();
            }
            if (c.autocommit() != e.baseAutocommit) {
                c.autocommit(e.baseAutocommit);
            }
            if (c.notices() != e.baseNotices) {
                c.setNotices(e.baseNotices);
            }
            if (c.notifies() != e.baseNotifies) {
                c.setNotifies(e.baseNotifies);
            }
            e.baseNotices.clear();
            e.baseNotifies.clear();
            if (config.reset() != null) {
                config.reset().accept(c);
            }
        } catch (RuntimeException ex) {
            Pool.LOG.warn("pool '{}': a returned connection could not be made ready again ({}); closing it", pool,
                    ex.toString());
            return false;
        }
        if (c.isClosed() || c.transactionStatus() != TransactionStatus.IDLE) {
            Pool.LOG.warn("pool '{}': a returned connection is {} after reset; closing it", pool, c.transactionStatus());
            return false;
        }
        return true;
    }
}
