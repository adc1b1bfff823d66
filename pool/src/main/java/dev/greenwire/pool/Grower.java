package dev.greenwire.pool;

import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.TransactionStatus;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the pool's connections on a few daemon worker threads. After a failure, one attempt
 * (the probe) retries after the back-off delay while the other wanted connections wait for
 * its outcome: a server that is down sees one attempt per delay, however large the pool, and
 * the first success starts every waiting attempt at once.
 */
final class Grower {
    private final Pool pool;
    private final PoolConfig config;
    private final ScheduledThreadPoolExecutor workers;
    // guarded by the pool's lock
    private final Backoff backoff;
    private ScheduledFuture<?> probe;
    /** Identifies the scheduled probe; a probe whose token was withdrawn does nothing when it runs. */
    private Object probeToken;
    /** Wanted connections waiting for the probe's outcome (counted in the pool's {@code connecting}). */
    private int parked;

    Grower(Pool pool) {
        this.pool = pool;
        this.config = pool.config;
        this.backoff = new Backoff(config.reconnectInitialNanos(), config.reconnectMaxNanos(),
                config.reconnectTimeoutNanos());
        AtomicInteger n = new AtomicInteger();
        this.workers = new ScheduledThreadPoolExecutor(config.workers(), r -> {
            Thread t = new Thread(r, "greenwire-pool-" + config.name() + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers.setRemoveOnCancelPolicy(true);
    }

    /** Starts one connection attempt now (the caller counted it in {@code connecting}). Under the pool's lock. */
    void start() {
        try {
            workers.execute(this::attempt);
        } catch (RejectedExecutionException closing) {
            pool.connecting--;
        }
    }

    /** Counts a failure and arranges the retry: the probe, or a wait for it. Under the pool's lock. @return the delay */
    long retryLater(long now) {
        long delay = backoff.failed(now);
        if (probe == null) {
            Object token = new Object();
            try {
                probe = workers.schedule(() -> probeAttempt(token), delay, TimeUnit.NANOSECONDS);
                probeToken = token;
            } catch (RejectedExecutionException closing) {
                pool.connecting--;
            }
        } else {
            parked++;
        }
        return delay;
    }

    void shutdown() {
        workers.shutdownNow();
    }

    private void probeAttempt(Object token) {
        pool.lock.lock();
        try {
            if (probeToken != token) {
                return; // withdrawn: a success already started the attempt this probe stood for
            }
            probe = null;
            probeToken = null;
        } finally {
            pool.lock.unlock();
        }
        attempt();
    }

    private void attempt() {
        PoolConnectionEvent ev = PoolEvents.attempt();
        long t0 = System.nanoTime();
        Connection c = null;
        Throwable err = null;
        try {
            c = Pg.connect(config.dsn(), config.options());
            if (config.configure() != null) {
                config.configure().accept(c);
                TransactionStatus st = c.transactionStatus();
                if (st != TransactionStatus.IDLE) {
                    throw new IllegalStateException("the configure hook left the connection " + st
                            + ": it must commit or roll back what it does");
                }
            }
        } catch (Throwable t) {
            err = t;
        }
        long now = System.nanoTime();
        pool.stats.connectionsMs.add(PoolStats.millis(now - t0));
        if (err == null) {
            connected(c, now, ev);
        } else {
            if (c != null) {
                c.close();
            }
            failed(err, now);
        }
    }

    private void connected(Connection c, long now, PoolConnectionEvent ev) {
        pool.stats.connectionsNum.increment();
        long life = config.maxLifetimeNanos();
        life -= (long) (life * 0.05 * ThreadLocalRandom.current().nextDouble());
        Entry e = new Entry(c, now, life, pool.generation);
        pool.watcher.register(e);
        boolean kept;
        pool.lock.lock();
        try {
            pool.connecting--;
            kept = pool.adopt(e);
            if (backoff.succeeded()) {
                Pool.LOG.info("pool '{}': connected again", config.name());
                pool.lastError = null;
                if (probeToken != null) {
                    probe.cancel(false); // it may be starting already: its token tells it to do nothing
                    probeToken = null;
                    parked++;
                }
                probe = null;
                for (; parked > 0; parked--) {
                    start(); // the server is back: every waiting attempt goes now
                }
            }
        } finally {
            pool.lock.unlock();
        }
        pool.events.created(ev, e);
        if (!kept) {
            pool.watcher.forget(e);
            c.close();
            pool.events.retired(e, pool.closed ? PoolEvents.Why.POOL_CLOSED : PoolEvents.Why.SURPLUS);
        }
    }

    private void failed(Throwable err, long now) {
        pool.stats.connectionsErrors.increment();
        String msg = err.getMessage() == null ? err.toString() : err.getMessage();
        pool.lastError = msg;
        boolean report;
        long delay;
        pool.lock.lock();
        try {
            if (!pool.stillWanted()) {
                pool.connecting--;
                return;
            }
            delay = retryLater(now);
            report = backoff.timeToReport(now);
        } finally {
            pool.lock.unlock();
        }
        Pool.LOG.warn("pool '{}': connection attempt failed, retrying in {} ms: {}", config.name(),
                PoolStats.millis(delay), msg);
        if (report) {
            Pool.LOG.error("pool '{}': connection attempts have failed for {} s (reconnectTimeout); still retrying",
                    config.name(), config.reconnectTimeoutNanos() / 1_000_000_000L);
            if (config.reconnectFailed() != null) {
                try {
                    config.reconnectFailed().accept(pool.facade);
                } catch (RuntimeException ex) {
                    Pool.LOG.warn("pool '{}': the reconnectFailed hook failed: {}", config.name(), ex.toString());
                }
            }
        }
    }
}
