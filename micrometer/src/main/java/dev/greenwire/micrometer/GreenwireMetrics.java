package dev.greenwire.micrometer;

import dev.greenwire.observe.ConnectionInfo;
import dev.greenwire.observe.GreenwireListener;
import dev.greenwire.observe.PoolAcquireOutcome;
import dev.greenwire.observe.PoolInfo;
import dev.greenwire.observe.QueryInfo;
import dev.greenwire.observe.QueryResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for Greenwire pools and statements: a {@link GreenwireListener} (it learns
 * of each pool as it opens) and a {@link MeterBinder} (bind it to one registry or several).
 * Names and tags follow the OpenTelemetry database conventions, as {@code greenwire-opentelemetry}
 * does, so both report the same meanings:
 *
 * <ul>
 *   <li>{@code db.client.connection.count} (gauge), tags {@code db.client.connection.pool.name}
 *       and {@code db.client.connection.state} = {@code idle} | {@code used};</li>
 *   <li>{@code db.client.connection.idle.min}, {@code db.client.connection.max},
 *       {@code db.client.connection.pending_requests} (gauges);</li>
 *   <li>{@code db.client.connection.wait_time} (timer: borrows that got a connection),
 *       {@code db.client.connection.use_time} (timer: from borrow to return),
 *       {@code db.client.connection.timeouts} (counter);</li>
 *   <li>{@code db.client.operation.duration} (timer per statement), tags {@code db.system.name},
 *       {@code db.namespace}, {@code db.operation.name} (the first keyword, or {@code none}) and
 *       {@code error.type} (the SQLSTATE, the exception class, or {@code none}).</li>
 * </ul>
 *
 * <pre>{@code
 * GreenwireMetrics metrics = new GreenwireMetrics();
 * metrics.bindTo(registry);                      // Spring Boot binds MeterBinder beans itself
 * ConnectionPool pool = ConnectionPool.builder(dsn, ConnectOptions.builder().listener(metrics).build())
 *         .name("main").build();
 * }</pre>
 * Set it as the pool's listener (or globally, {@code Observability.setListener}) before the pool
 * is built: a pool announces itself when it opens. To use it beside
 * {@code greenwire-opentelemetry}, combine them with {@link GreenwireListener#all}.
 */
@SuppressWarnings("exports") // micrometer-core is an automatic module: users require it themselves
public final class GreenwireMetrics implements GreenwireListener, MeterBinder {
    static final String POOL_NAME = "db.client.connection.pool.name";
    static final String STATE = "db.client.connection.state";

    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
    private final List<MeterRegistry> bound = new CopyOnWriteArrayList<>();
    private final Map<PoolInfo, PoolMeters> pools = new ConcurrentHashMap<>();
    /** Pools that opened before any registry was bound: their meters are made at the first bind. */
    private final java.util.Set<PoolInfo> unbound = ConcurrentHashMap.newKeySet();
    /** Orders binds against pools opening and closing (nothing blocks under it). */
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

    /** Meters with no registry yet: {@link #bindTo} gives them one. */
    public GreenwireMetrics() {
    }

    /**
     * Meters bound to {@code registry}.
     *
     * @param registry where they go
     */
    public GreenwireMetrics(MeterRegistry registry) {
        bindTo(registry);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        lock.lock();
        try {
            if (!bound.contains(registry)) {
                bound.add(registry);
                meters.add(registry);
            }
            for (PoolInfo p : unbound) {
                unbound.remove(p);
                pools.computeIfAbsent(p, PoolMeters::new);
            }
        } finally {
            lock.unlock();
        }
    }

    /** One pool's meters. */
    private final class PoolMeters {
        final List<Meter> all = new ArrayList<>();
        final Timer wait;
        final Timer use;
        final Counter timeouts;

        PoolMeters(PoolInfo p) {
            Tags tags = Tags.of(POOL_NAME, p.name());
            all.add(gauge("db.client.connection.count", p, PoolInfo::idle, tags.and(STATE, "idle"),
                    "The number of connections that are currently in state described by the state attribute"));
            all.add(gauge("db.client.connection.count", p, PoolInfo::used, tags.and(STATE, "used"),
                    "The number of connections that are currently in state described by the state attribute"));
            all.add(gauge("db.client.connection.idle.min", p, PoolInfo::minSize, tags,
                    "The minimum number of idle open connections allowed"));
            all.add(gauge("db.client.connection.max", p, PoolInfo::maxSize, tags,
                    "The maximum number of open connections allowed"));
            all.add(gauge("db.client.connection.pending_requests", p, PoolInfo::pending, tags,
                    "The number of current pending requests for an open connection"));
            wait = Timer.builder("db.client.connection.wait_time").tags(tags)
                    .description("The time it took to obtain an open connection from the pool").register(meters);
            use = Timer.builder("db.client.connection.use_time").tags(tags)
                    .description("The time between borrowing a connection and returning it to the pool").register(meters);
            timeouts = Counter.builder("db.client.connection.timeouts").tags(tags).baseUnit("timeouts")
                    .description("The number of connection timeouts that have occurred trying to obtain a connection"
                            + " from the pool").register(meters);
            all.add(wait);
            all.add(use);
            all.add(timeouts);
        }

        private Gauge gauge(String name, PoolInfo p, ToDoubleFunction<PoolInfo> f, Tags tags, String description) {
            return Gauge.builder(name, p, f).tags(tags).baseUnit("connections").description(description)
                    .strongReference(true).register(meters);
        }
    }

    @Override
    public void poolOpened(PoolInfo pool) {
        lock.lock();
        try {
            if (bound.isEmpty()) {
                unbound.add(pool); // no meter before a registry: what is recorded meanwhile would be lost anyway
            } else {
                pools.computeIfAbsent(pool, PoolMeters::new);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void poolClosed(PoolInfo pool) {
        lock.lock();
        try {
            unbound.remove(pool);
            PoolMeters m = pools.remove(pool);
            if (m != null) {
                for (Meter meter : m.all) {
                    meters.remove(meter);
                    for (MeterRegistry r : bound) {
                        r.remove(meter.getId());
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void poolAcquired(PoolInfo pool, PoolAcquireOutcome outcome, long waitNanos) {
        PoolMeters m = pools.get(pool);
        if (m == null) {
            return;
        }
        if (outcome == PoolAcquireOutcome.ACQUIRED) {
            m.wait.record(waitNanos, TimeUnit.NANOSECONDS);
        } else if (outcome == PoolAcquireOutcome.TIMEOUT) {
            m.timeouts.increment();
        }
    }

    @Override
    public void poolReleased(PoolInfo pool, long useNanos) {
        PoolMeters m = pools.get(pool);
        if (m != null) {
            m.use.record(useNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void queryEnded(QueryInfo q, Object context, QueryResult r) {
        if (bound.isEmpty()) {
            return;
        }
        ConnectionInfo c = q.connection();
        String error = r.error() == null ? "none" : r.sqlState() != null ? r.sqlState() : r.error().getClass().getName();
        Timer.builder("db.client.operation.duration")
                .description("Duration of database client operations")
                .tags("db.system.name", "postgresql", "db.namespace", c.database() == null ? "" : c.database(),
                        "db.operation.name", operation(q.sql()), "error.type", error)
                .register(meters).record(r.nanos(), TimeUnit.NANOSECONDS);
    }

    /** @return the statement's first keyword, upper case, or {@code none} */
    static String operation(String sql) {
        String t = sql.stripLeading();
        int end = 0;
        while (end < t.length() && Character.isLetter(t.charAt(end))) {
            end++;
        }
        return end == 0 ? "none" : t.substring(0, end).toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "GreenwireMetrics";
    }
}
