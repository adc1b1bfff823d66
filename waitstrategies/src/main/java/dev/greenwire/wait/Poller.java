package dev.greenwire.wait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A shared platform thread that owns a {@link Selector} and wakes parked waiters, modelled on
 * the JDK's own {@code sun.nio.ch.Poller}: a waiter enqueues a one-shot registration, wakes
 * the selector and parks; the poller applies the registration, and when the channel is ready
 * (or closed) drops the interest and unparks the waiter. Parking never pins a virtual
 * thread's carrier.
 */
final class Poller implements Runnable {
    /** How often the poller looks for channels closed under a waiter. */
    private static final long CLOSED_CHECK_MILLIS = 200;

    private static final Poller SHARED = new Poller();

    private final Selector selector;
    private final ConcurrentLinkedQueue<Registration> queue = new ConcurrentLinkedQueue<>();
    /** Registrations applied and not yet fired (poller thread only). */
    private final java.util.Set<Registration> active = new java.util.HashSet<>();

    /** One wait: a channel, the readiness wanted and the thread to wake. */
    static final class Registration {
        final SelectableChannel channel;
        final int ops;
        final Thread waiter;
        volatile boolean fired;
        volatile boolean cancelled;

        Registration(SelectableChannel channel, int ops, Thread waiter) {
            this.channel = channel;
            this.ops = ops;
            this.waiter = waiter;
        }

        void fire() {
            fired = true;
            LockSupport.unpark(waiter);
        }
    }

    private Poller() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("greenwire: cannot open the poller's selector", e);
        }
        Thread t = Thread.ofPlatform().daemon().name("greenwire-poller").unstarted(this);
        t.start();
    }

    static Poller shared() {
        return SHARED;
    }

    /**
     * Parks the calling thread until {@code channel} is ready for {@code ops}, it is closed, the
     * deadline passes or the thread is interrupted.
     *
     * @param deadline a {@link System#nanoTime()} value, Long.MAX_VALUE for none
     * @throws InterruptedException when interrupted (the registration is withdrawn)
     */
    void await(SelectableChannel channel, int ops, long deadline) throws InterruptedException {
        Registration r = new Registration(channel, ops, Thread.currentThread());
        queue.add(r);
        selector.wakeup();
        try {
            while (!r.fired) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (deadline == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    LockSupport.parkNanos(this, left);
                }
            }
        } finally {
            if (!r.fired) {
                r.cancelled = true;
                queue.add(r);
                selector.wakeup();
            }
        }
    }

    @Override
    public void run() {
        for (;;) {
            try {
                applyRegistrations();
                selector.select(active.isEmpty() ? 0 : CLOSED_CHECK_MILLIS);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    fireKey(k);
                }
                wakeClosed();
            } catch (IOException | RuntimeException e) {
                // keep polling: a broken registration must not strand every other waiter
                wakeAll();
            }
        }
    }

    private void applyRegistrations() {
        Registration r;
        while ((r = queue.poll()) != null) {
            SelectionKey k = r.channel.keyFor(selector);
            if (r.cancelled) {
                active.remove(r);
                if (k != null && k.isValid() && k.attachment() == r) {
                    k.interestOps(0);
                    k.attach(null);
                }
                continue;
            }
            if (r.fired) {
                continue;
            }
            try {
                if (k == null) {
                    r.channel.register(selector, r.ops, r);
                } else {
                    k.interestOps(r.ops);
                    k.attach(r);
                }
                active.add(r);
            } catch (ClosedChannelException | CancelledKeyException | IllegalArgumentException e) {
                r.fire();
            }
        }
    }

    private void fireKey(SelectionKey k) {
        Object a = k.attachment();
        if (k.isValid()) {
            try {
                k.interestOps(0);
            } catch (CancelledKeyException ignored) {
                // closed meanwhile: wake the waiter all the same
            }
        }
        k.attach(null);
        if (a instanceof Registration r) {
            active.remove(r);
            r.fire();
        }
    }

    private void wakeClosed() {
        if (active.isEmpty()) {
            return;
        }
        Iterator<Registration> it = active.iterator();
        while (it.hasNext()) {
            Registration r = it.next();
            if (!r.channel.isOpen() || r.cancelled) {
                it.remove();
                r.fire();
            }
        }
    }

    private void wakeAll() {
        for (Registration r : active) {
            r.fire();
        }
        active.clear();
    }
}
