package dev.greenwire.pool;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The pool's reconnection back-off: the first failure waits {@code initial}, each further one
 * twice as long up to {@code max}, with ±10 % jitter; a success starts over. Tells once per
 * streak of failures when they have lasted {@code giveUp} (for {@code reconnectFailed}).
 * Guarded by the pool's lock.
 */
final class Backoff {
    private final long initial;
    private final long max;
    private final long giveUp;
    private long streakStart;
    private long next;
    private boolean reported;

    Backoff(long initialNanos, long maxNanos, long giveUpNanos) {
        this.initial = initialNanos;
        this.max = maxNanos;
        this.giveUp = giveUpNanos;
    }

    /** @return the delay before the next attempt, after a failure at {@code now} */
    long failed(long now) {
        if (next == 0) {
            streakStart = now;
            next = initial;
        }
        long d = next;
        next = d > max / 2 ? max : Math.min(max, d * 2);
        return (long) (d * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    /** @return true once per streak, when failures have gone on for the give-up time */
    boolean timeToReport(long now) {
        if (next != 0 && !reported && now - streakStart >= giveUp) {
            reported = true;
            return true;
        }
        return false;
    }

    /** @return whether a streak of failures was going on */
    boolean succeeded() {
        boolean was = next != 0;
        next = 0;
        reported = false;
        return was;
    }
}
