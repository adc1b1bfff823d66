package dev.greenwire.wait;

import dev.greenwire.Connection;
import dev.greenwire.PollState;
import dev.greenwire.WaitCallback;
import dev.greenwire.extras.Waits;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ready-made {@link WaitCallback}s, each usable globally
 * ({@code Extensions.setWaitCallback}) or for one connection
 * ({@code ConnectOptions.Builder.waitCallback}).
 *
 * <ul>
 *   <li>{@link #selector()}: a {@code Selector} cached per connection; for platform threads.</li>
 *   <li>{@link #parking()}: parks the thread while a shared poller thread watches the socket;
 *       never pins a virtual thread's carrier, works on platform threads too.</li>
 *   <li>{@link #busyPoll()}: spins on {@code poll()} for a short while, then parks.</li>
 *   <li>{@link #backoff(int, int, Duration)}: spin, then yield, then park.</li>
 *   <li>{@link #auto()}: parking on virtual threads, selector on platform threads.</li>
 *   <li>{@link #withTimeout(WaitCallback, Duration)}: a deadline on any of them.</li>
 * </ul>
 *
 * <p>Every strategy honours {@link Connection#waitDeadline()} and thread interrupts (an
 * interrupted wait throws {@link InterruptedException}, which the driver turns into a
 * cancelled query and {@code QueryCanceledException}, keeping the connection usable).
 */
public final class WaitStrategies {
    private static final WaitCallback SELECTOR = named("selector", Waits::waitSelect);
    private static final WaitCallback PARKING = named("parking", WaitStrategies::park);
    private static final Duration DEFAULT_SPIN = Duration.ofMillis(1);
    private static final WaitCallback AUTO = named("auto", conn -> {
        if (Thread.currentThread().isVirtual()) {
            park(conn);
        } else {
            Waits.waitSelect(conn);
        }
    });

    /**
     * A strategy with a name: what JFR's {@code dev.greenwire.Wait} events and listeners report
     * as the strategy ({@code toString()}).
     */
    private record Named(String name, WaitCallback inner) implements WaitCallback {
        @Override
        public void waitFor(Connection conn) throws Exception {
            inner.waitFor(conn);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static WaitCallback named(String name, WaitCallback inner) {
        return new Named(name, inner);
    }

    private WaitStrategies() {
    }

    /**
     * Waits on a {@code Selector} cached per connection (opened on the first wait, closed with
     * the connection), never one per wait. On JDK 21–23 a selector wait pins a virtual
     * thread's carrier: prefer {@link #parking()} or {@link #auto()} there.
     *
     * @return the strategy
     */
    public static WaitCallback selector() {
        return SELECTOR;
    }

    /**
     * On a virtual thread it first yields its carrier for a while
     * ({@code -Dgreenwire.parking.yieldMicros}), which returns at once when no other virtual
     * thread is runnable, so that a fast reply costs no park and wake-up (up to 50 µs by default). Then it parks the
     * waiting thread with {@code LockSupport.park} while the shared
     * {@code greenwire-poller} platform thread watches the socket; the poller unparks it on
     * readiness, on close or at the deadline. On a virtual thread, when the JVM opens
     * {@code java.base/sun.nio.ch} and {@code java.base/java.io} to the driver
     * ({@code --add-opens}), it parks through the JDK's own virtual-thread poller instead,
     * the path of blocking sockets: one registration, no hand-off, no timer unless the
     * connection has a deadline ({@link Connection#onClose} wakes the thread when another one
     * closes the connection; {@code -Dgreenwire.jdkPoller.disabled=true} turns it off).
     *
     * @return the strategy
     */
    public static WaitCallback parking() {
        // initialise the JDK-poller bridge now, on the caller's thread: done lazily by the first
        // park, many virtual threads parking at once would wait for it pinned to their carriers
        JdkPoller.available();
        return PARKING;
    }

    /**
     * Spins on {@code poll()} with {@link Thread#onSpinWait()} for up to 1 ms per wait, then parks.
     *
     * @return the strategy
     */
    public static WaitCallback busyPoll() {
        return busyPoll(DEFAULT_SPIN);
    }

    /**
     * Spins on {@code poll()} for up to {@code spin} per wait, then parks (a pure spin would
     * starve other virtual threads on a small machine).
     *
     * @param spin the most time spent spinning before each park
     * @return the strategy
     */
    public static WaitCallback busyPoll(Duration spin) {
        long spinNanos = Objects.requireNonNull(spin, "spin").toNanos();
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spin must not be negative");
        }
        return named("busyPoll", conn -> {
            for (;;) {
                PollState s = conn.poll();
                if (s == PollState.OK) {
                    return;
                }
                long until = System.nanoTime() + spinNanos;
                while (s != PollState.OK && System.nanoTime() - until < 0) {
                    checkInterrupt();
                    Thread.onSpinWait();
                    s = conn.poll();
                }
                if (s == PollState.OK) {
                    return;
                }
                parkOnce(conn, s, Long.MAX_VALUE);
            }
        });
    }

    /**
     * An idle strategy in the manner of Agrona's {@code BackoffIdleStrategy}: for each wait,
     * up to {@code spins} polls with {@link Thread#onSpinWait()}, then up to {@code yields}
     * polls with {@link Thread#yield()}, then a park on the shared poller of at most
     * {@code maxPark} before polling again.
     *
     * @param spins polls while spinning
     * @param yields polls while yielding
     * @param maxPark the longest single park
     * @return the strategy
     */
    public static WaitCallback backoff(int spins, int yields, Duration maxPark) {
        if (spins < 0 || yields < 0) {
            throw new IllegalArgumentException("spins and yields must not be negative");
        }
        long maxParkNanos = Objects.requireNonNull(maxPark, "maxPark").toNanos();
        if (maxParkNanos <= 0) {
            throw new IllegalArgumentException("maxPark must be positive");
        }
        return named("backoff", conn -> {
            PollState s = conn.poll();
            while (s != PollState.OK) {
                for (int i = 0; i < spins && s != PollState.OK; i++) {
                    Thread.onSpinWait();
                    s = conn.poll();
                }
                for (int i = 0; i < yields && s != PollState.OK; i++) {
                    checkInterrupt();
                    Thread.yield();
                    s = conn.poll();
                }
                if (s == PollState.OK) {
                    return;
                }
                parkOnce(conn, s, System.nanoTime() + maxParkNanos);
                s = conn.poll();
            }
        });
    }

    /**
     * Parking on virtual threads, the cached selector on platform threads.
     *
     * @return the strategy
     */
    public static WaitCallback auto() {
        JdkPoller.available(); // as parking(): initialised before virtual threads park through it
        return AUTO;
    }

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("greenwire-timeouts").unstarted(r));

    /**
     * A deadline on each wait of {@code inner}: when an operation has not completed within
     * {@code timeout}, the statement is cancelled on the server, the caller gets
     * {@code QueryCanceledException} and the connection stays usable (roll back if a
     * transaction was open). While connecting, use {@code connect_timeout} instead.
     *
     * @param inner the strategy that waits
     * @param timeout the longest an operation may take
     * @return the decorated strategy
     */
    public static WaitCallback withTimeout(WaitCallback inner, Duration timeout) {
        Objects.requireNonNull(inner, "inner");
        long nanos = Objects.requireNonNull(timeout, "timeout").toNanos();
        if (nanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return named("withTimeout(" + inner + ")", conn -> {
            ScheduledFuture<?> timer = null;
            if (conn.isExecuting() && isEstablished(conn)) {
                timer = TIMER.schedule(() -> cancelQuietly(conn), nanos, TimeUnit.NANOSECONDS);
            }
            try {
                inner.waitFor(conn);
            } finally {
                if (timer != null) {
                    timer.cancel(false);
                }
            }
        });
    }

    private static boolean isEstablished(Connection conn) {
        return conn.backendPid() != 0;
    }

    private static void cancelQuietly(Connection conn) {
        try {
            if (!conn.isClosed() && conn.isExecuting()) {
                conn.cancel();
            }
        } catch (RuntimeException ignored) {
            // the connection closed or finished meanwhile: nothing to cancel
        }
    }

    // ---- parking -----------------------------------------------------------------------------

    /** How long a virtual thread yields before it parks (-Dgreenwire.parking.yieldMicros, 0 to park at once). */
    private static final long YIELD_NANOS = Long.getLong("greenwire.parking.yieldMicros", 50) * 1000;

    private static void park(Connection conn) throws InterruptedException {
        boolean virtual = Thread.currentThread().isVirtual();
        long yieldUntil = 0;
        for (;;) {
            PollState s = conn.poll();
            if (s == PollState.OK) {
                return;
            }
            if (virtual && YIELD_NANOS > 0 && s == PollState.READ) {
                // a reply often arrives within microseconds: yield the carrier to other virtual
                // threads (returning at once when none is runnable) before paying a park and a wake-up
                long now = System.nanoTime();
                if (yieldUntil == 0) {
                    yieldUntil = now + YIELD_NANOS;
                }
                long deadline = conn.waitDeadline();
                if (now - yieldUntil < 0 && (deadline == Long.MAX_VALUE || deadline - now > 0)) {
                    checkInterrupt();
                    Thread.yield();
                    continue;
                }
            }
            parkOnce(conn, s, Long.MAX_VALUE);
            yieldUntil = 0;
        }
    }

    /** One park on the shared poller, bounded by {@code cap} and the connection's own deadline. */
    private static void parkOnce(Connection conn, PollState s, long cap) throws InterruptedException {
        checkInterrupt();
        SelectableChannel ch = conn.channel();
        long own = conn.waitDeadline();
        long deadline = cap == Long.MAX_VALUE ? own
                : own == Long.MAX_VALUE ? cap
                : (own - cap < 0 ? own : cap);
        if (Thread.currentThread().isVirtual() && JdkPoller.available()) {
            boolean done;
            try {
                done = JdkPoller.park(conn, s, deadline);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (java.io.IOException e) {
                done = true; // the socket failed: poll() reports what happened
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (done) {
                checkInterrupt();
                return;
            }
        }
        Poller.shared().await(ch, Waits.interestOps(conn, s), deadline);
    }

    private static void checkInterrupt() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
