package dev.greenwire.pool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The pool's counters (psycopg_pool's names); the gauges are read from the pool's state. */
final class PoolStats {
    final LongAdder requestsNum = new LongAdder();
    final LongAdder requestsQueued = new LongAdder();
    final LongAdder requestsWaitMs = new LongAdder();
    final LongAdder requestsErrors = new LongAdder();
    final LongAdder usageMs = new LongAdder();
    final LongAdder returnsBad = new LongAdder();
    final LongAdder connectionsNum = new LongAdder();
    final LongAdder connectionsMs = new LongAdder();
    final LongAdder connectionsErrors = new LongAdder();
    final LongAdder connectionsLost = new LongAdder();

    /** Adds the counters to {@code into}, resetting them when {@code reset}. */
    void addTo(Map<String, Long> into, boolean reset) {
        put(into, "requestsNum", requestsNum, reset);
        put(into, "requestsQueued", requestsQueued, reset);
        put(into, "requestsWaitMs", requestsWaitMs, reset);
        put(into, "requestsErrors", requestsErrors, reset);
        put(into, "usageMs", usageMs, reset);
        put(into, "returnsBad", returnsBad, reset);
        put(into, "connectionsNum", connectionsNum, reset);
        put(into, "connectionsMs", connectionsMs, reset);
        put(into, "connectionsErrors", connectionsErrors, reset);
        put(into, "connectionsLost", connectionsLost, reset);
    }

    private static void put(Map<String, Long> into, String key, LongAdder a, boolean reset) {
        into.put(key, reset ? a.sumThenReset() : a.sum());
    }

    static Map<String, Long> gauges(int min, int max, int size, int available, int waiting) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("poolMin", (long) min);
        m.put("poolMax", (long) max);
        m.put("poolSize", (long) size);
        m.put("poolAvailable", (long) available);
        m.put("requestsWaiting", (long) waiting);
        return m;
    }

    static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
