package dev.greenwire.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The pool's watcher: one daemon thread that selects on the sockets of idle connections, so
 * that what a server sends an idle connection (the FATAL of a shutdown or of
 * {@code pg_terminate_backend}, EOF, a reset) is read at once and the connection replaced
 * before anyone borrows it; between readiness events it does the pool's housekeeping
 * (lifetimes, idle shrinking, leak reports) at a tick derived from those settings.
 *
 * <p>Borrowers never touch the selector: the watcher sets each socket's interest itself on
 * its ticks (reading for idle connections, nothing for lent ones), so lending and giving back
 * cost no system call; a connection given back less than a tick ago is covered by the probe
 * the pool makes before lending.
 */
final class Watcher implements Runnable {
    private final Pool pool;
    private final Selector selector;
    private final Thread thread;
    private volatile boolean stopped;

    Watcher(Pool pool) {
        this.pool = pool;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("pool '" + pool.config.name() + "': cannot open a selector", e);
        }
        this.thread = new Thread(this, "greenwire-pool-" + pool.config.name() + "-watcher");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        stopped = true;
        selector.wakeup();
    }

    /** Registers a new connection's socket, with no interest until it is idle. */
    void register(Entry e) {
        SelectableChannel ch = e.conn.channel();
        if (ch == null) {
            return;
        }
        try {
            e.key = ch.register(selector, 0, e);
        } catch (IOException | RuntimeException ex) {
            e.key = null; // closed meanwhile, or the pool is closing: the probe still guards lending
        }
    }

    /** Drops a connection's registration, so that its socket is released at once. */
    void forget(Entry e) {
        SelectionKey k = e.key;
        if (k != null) {
            k.cancel();
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        long tickMillis = Math.max(1, pool.config.tickNanos() / 1_000_000);
        List<Entry> snapshot = new ArrayList<>();
        try {
            while (!stopped) {
                selector.select(tickMillis);
                if (stopped) {
                    break;
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    readable(k);
                }
                pool.maintenance.housekeep(System.nanoTime(), snapshot);
                for (Entry e : snapshot) {
                    SelectionKey k = e.key;
                    if (k != null && k.isValid()) {
                        int want = e.state == Entry.State.IDLE ? SelectionKey.OP_READ : 0;
                        if (k.interestOps() != want) {
                            k.interestOps(want);
                        }
                    }
                }
                snapshot.clear();
            }
        } catch (ClosedSelectorException | java.nio.channels.CancelledKeyException done) {
            // closing
        } catch (IOException | RuntimeException ex) {
            Pool.LOG.error("pool '{}': the watcher stopped: {}", pool.config.name(), ex.toString(), ex);
        } finally {
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private void readable(SelectionKey k) {
        if (!k.isValid()) {
            return;
        }
        Entry e = (Entry) k.attachment();
        if (e.state != Entry.State.IDLE || !pool.claimIdle(e)) {
            k.interestOps(0); // lent meanwhile: its borrower reads it
            return;
        }
        if (Pool.alive(e)) {
            pool.keepOrRetire(e, System.nanoTime()); // a notification or a parameter change: it stays
        } else {
            Pool.LOG.info("pool '{}': the server closed an idle {}; replacing it", pool.config.name(), e);
            pool.stats.connectionsLost.increment();
            pool.retire(e, PoolEvents.Why.CLOSED_BY_SERVER);
        }
    }
}
