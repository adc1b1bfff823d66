package dev.greenwire.pool;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import java.time.Duration;
import java.util.function.Consumer;

/** A pool's settings, checked by the builder; durations in nanoseconds, 0 for "none". */
record PoolConfig(
        String name,
        String dsn,
        ConnectOptions options,
        int minSize,
        int maxSize,
        long timeoutNanos,
        int maxWaiting,
        long maxLifetimeNanos,
        long maxIdleNanos,
        long reconnectTimeoutNanos,
        long reconnectInitialNanos,
        long reconnectMaxNanos,
        Consumer<ConnectionPool> reconnectFailed,
        Consumer<Connection> configure,
        Consumer<Connection> check,
        Consumer<Connection> reset,
        long leakThresholdNanos,
        int workers,
        int multiplexLanes,
        int multiplexQueue) {

    /** @return how often the watcher looks at its connections when nothing wakes it */
    long tickNanos() {
        long tick = Duration.ofMillis(100).toNanos();
        for (long d : new long[] {maxLifetimeNanos, maxIdleNanos, leakThresholdNanos}) {
            if (d > 0) {
                tick = Math.min(tick, d / 4);
            }
        }
        return Math.max(tick, Duration.ofMillis(5).toNanos());
    }
}
