package dev.greenwire.opentelemetry;

import dev.greenwire.observe.ConnectionInfo;
import dev.greenwire.observe.GreenwireListener;
import dev.greenwire.observe.PoolAcquireOutcome;
import dev.greenwire.observe.PoolInfo;
import dev.greenwire.observe.QueryInfo;
import dev.greenwire.observe.QueryResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenTelemetry for Greenwire: a {@link GreenwireListener} that makes a span per statement and
 * the database client metrics, with the stable database semantic conventions.
 *
 * <pre>{@code
 * GreenwireTelemetry telemetry = GreenwireTelemetry.create(openTelemetry);
 * Observability.setListener(telemetry);                         // every connection and pool
 * // or one connection / one pool:
 * ConnectOptions opts = ConnectOptions.builder().listener(telemetry).build();
 * ConnectionPool pool = ConnectionPool.builder(dsn, opts).name("main").build();
 * }</pre>
 *
 * <p><b>Spans</b> (kind CLIENT, child of the context current on the thread that executes the
 * statement, named {@code "SELECT orders"}, {@code "INSERT"} or {@code "postgresql"}):
 * {@code db.system.name=postgresql}, {@code db.namespace} (the database), {@code db.operation.name}
 * (the statement's first keyword, for a single statement), {@code db.collection.name} (the table
 * of a simple statement), {@code db.query.text} (the statement as written, with its placeholders:
 * never a parameter value), {@code server.address}, {@code server.port},
 * {@code db.response.returned_rows}; on failure the span's status is ERROR and it carries
 * {@code db.response.status_code} (the SQLSTATE) and {@code error.type} (the SQLSTATE, or the
 * exception class without one).
 *
 * <p><b>Metrics</b> (meter {@code dev.greenwire}): {@code db.client.operation.duration}
 * (histogram, seconds, the span's attributes less the query text); and for each
 * {@code greenwire-pool} pool, by {@code db.client.connection.pool.name}:
 * {@code db.client.connection.count} (by {@code db.client.connection.state} = idle | used),
 * {@code db.client.connection.idle.min}, {@code db.client.connection.max},
 * {@code db.client.connection.pending_requests}, {@code db.client.connection.timeouts},
 * {@code db.client.connection.wait_time} and {@code db.client.connection.use_time} (histograms,
 * seconds). A pool is measured when it announces itself, so set the listener before building it.
 *
 * <p>The driver's own statements (BEGIN, COMMIT, ROLLBACK, SET, the empty statement of
 * {@code ping()}) are measured but get spans only with {@link Builder#driverStatementSpans}.
 */
@SuppressWarnings("exports") // the OpenTelemetry API is an automatic module: users require it themselves
public final class GreenwireTelemetry implements GreenwireListener {
    /** The instrumentation scope of the spans and metrics. */
    public static final String SCOPE = "dev.greenwire";

    static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
    static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<String> DB_COLLECTION_NAME = AttributeKey.stringKey("db.collection.name");
    static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");
    static final AttributeKey<String> DB_RESPONSE_STATUS_CODE = AttributeKey.stringKey("db.response.status_code");
    static final AttributeKey<Long> DB_RESPONSE_RETURNED_ROWS = AttributeKey.longKey("db.response.returned_rows");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> POOL_NAME = AttributeKey.stringKey("db.client.connection.pool.name");
    static final AttributeKey<String> POOL_STATE = AttributeKey.stringKey("db.client.connection.state");

    /** The bucket boundaries the semantic conventions advise for database durations, in seconds. */
    private static final List<Double> DURATION_BUCKETS = List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

    private final Tracer tracer;
    private final boolean queryText;
    private final boolean driverSpans;
    private final DoubleHistogram duration;
    private final DoubleHistogram waitTime;
    private final DoubleHistogram useTime;
    private final LongCounter timeouts;
    private final Set<PoolInfo> pools = ConcurrentHashMap.newKeySet();

    private GreenwireTelemetry(Builder b) {
        OpenTelemetry otel = b.otel;
        String version = GreenwireTelemetry.class.getPackage().getImplementationVersion();
        this.tracer = version == null ? otel.getTracer(SCOPE) : otel.getTracer(SCOPE, version);
        Meter meter = version == null ? otel.getMeter(SCOPE)
                : otel.meterBuilder(SCOPE).setInstrumentationVersion(version).build();
        this.queryText = b.queryText;
        this.driverSpans = b.driverStatementSpans;
        this.duration = meter.histogramBuilder("db.client.operation.duration").setUnit("s")
                .setDescription("Duration of database client operations.")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        this.waitTime = meter.histogramBuilder("db.client.connection.wait_time").setUnit("s")
                .setDescription("The time it took to obtain an open connection from the pool.")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        this.useTime = meter.histogramBuilder("db.client.connection.use_time").setUnit("s")
                .setDescription("The time between borrowing a connection and returning it to the pool.")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        this.timeouts = meter.counterBuilder("db.client.connection.timeouts").setUnit("{timeout}")
                .setDescription("The number of connection timeouts that have occurred trying to obtain a connection"
                        + " from the pool.").build();
        meter.upDownCounterBuilder("db.client.connection.count").setUnit("{connection}")
                .setDescription("The number of connections that are currently in state described by the state attribute.")
                .buildWithCallback(m -> {
                    for (PoolInfo p : pools) {
                        int size = p.size();
                        int idle = p.idle();
                        m.record(idle, poolAttributes(p).put(POOL_STATE, "idle").build());
                        m.record(Math.max(0, size - idle), poolAttributes(p).put(POOL_STATE, "used").build());
                    }
                });
        meter.upDownCounterBuilder("db.client.connection.idle.min").setUnit("{connection}")
                .setDescription("The minimum number of idle open connections allowed.")
                .buildWithCallback(m -> pools.forEach(p -> m.record(p.minSize(), poolAttributes(p).build())));
        meter.upDownCounterBuilder("db.client.connection.max").setUnit("{connection}")
                .setDescription("The maximum number of open connections allowed.")
                .buildWithCallback(m -> pools.forEach(p -> m.record(p.maxSize(), poolAttributes(p).build())));
        meter.upDownCounterBuilder("db.client.connection.pending_requests").setUnit("{request}")
                .setDescription("The number of current pending requests for an open connection.")
                .buildWithCallback(m -> pools.forEach(p -> m.record(p.pending(), poolAttributes(p).build())));
    }

    /**
     * The telemetry with the defaults: query text recorded, no spans for the driver's own statements.
     *
     * @param openTelemetry where spans and metrics go
     * @return the listener
     */
    public static GreenwireTelemetry create(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    /**
     * @param openTelemetry where spans and metrics go
     * @return a builder
     */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }

    /** Builds a {@link GreenwireTelemetry}. */
    public static final class Builder {
        private final OpenTelemetry otel;
        private boolean queryText = true;
        private boolean driverStatementSpans;

        private Builder(OpenTelemetry otel) {
            this.otel = otel;
        }

        /**
         * Whether spans carry {@code db.query.text} (default true). The text is the statement as
         * written — placeholders, never parameter values — but a statement run without arguments
         * is recorded as it is, with any literal written into it: turn this off if yours hold
         * data that must not leave the process.
         *
         * @param on whether to record the query text
         * @return this builder
         */
        public Builder queryText(boolean on) {
            this.queryText = on;
            return this;
        }

        /**
         * Whether the driver's own statements (BEGIN, COMMIT, ROLLBACK, SET, the empty statement
         * of {@code ping()}) get spans too (default false; they are measured either way).
         *
         * @param on whether to trace them
         * @return this builder
         */
        public Builder driverStatementSpans(boolean on) {
            this.driverStatementSpans = on;
            return this;
        }

        /** @return the listener */
        public GreenwireTelemetry build() {
            return new GreenwireTelemetry(this);
        }
    }

    // ---- statements ---------------------------------------------------------------------------

    /** What a statement's span and measurement share. */
    private record Started(Span span, Attributes common, long startNanos) {
    }

    @Override
    public Object queryStarted(QueryInfo q) {
        Statements.Shape shape = Statements.shape(q.sql());
        AttributesBuilder ab = Attributes.builder().put(DB_SYSTEM_NAME, "postgresql");
        ConnectionInfo c = q.connection();
        if (c.database() != null) {
            ab.put(DB_NAMESPACE, c.database());
        }
        if (shape.operation() != null) {
            ab.put(DB_OPERATION_NAME, shape.operation());
        }
        if (shape.collection() != null) {
            ab.put(DB_COLLECTION_NAME, shape.collection());
        }
        if (c.host() != null) {
            ab.put(SERVER_ADDRESS, c.host());
        }
        if (c.port() > 0) {
            ab.put(SERVER_PORT, (long) c.port());
        }
        Attributes common = ab.build();
        Span span = null;
        if (!q.driverStatement() || driverSpans) {
            var sb = tracer.spanBuilder(shape.spanName()).setSpanKind(SpanKind.CLIENT).setParent(Context.current())
                    .setAllAttributes(common);
            if (queryText) {
                sb.setAttribute(DB_QUERY_TEXT, q.sql());
            }
            span = sb.startSpan();
        }
        return new Started(span, common, System.nanoTime());
    }

    @Override
    public void queryEnded(QueryInfo q, Object context, QueryResult r) {
        if (!(context instanceof Started s)) {
            return;
        }
        String errorType = null;
        if (r.error() != null) {
            errorType = r.sqlState() != null ? r.sqlState() : r.error().getClass().getName();
        }
        Span span = s.span();
        if (span != null) {
            if (r.rows() >= 0) {
                span.setAttribute(DB_RESPONSE_RETURNED_ROWS, r.rows());
            }
            if (errorType != null) {
                if (r.sqlState() != null) {
                    span.setAttribute(DB_RESPONSE_STATUS_CODE, r.sqlState());
                }
                span.setAttribute(ERROR_TYPE, errorType);
                span.setStatus(StatusCode.ERROR, r.sqlState() != null ? "SQLSTATE " + r.sqlState()
                        : r.error().getClass().getSimpleName());
            }
            span.end();
        }
        Attributes a = s.common();
        if (errorType != null) {
            AttributesBuilder ab = a.toBuilder().put(ERROR_TYPE, errorType);
            if (r.sqlState() != null) {
                ab.put(DB_RESPONSE_STATUS_CODE, r.sqlState());
            }
            a = ab.build();
        }
        duration.record(r.nanos() / 1e9, a);
    }

    // ---- pools --------------------------------------------------------------------------------

    private static AttributesBuilder poolAttributes(PoolInfo p) {
        return Attributes.builder().put(POOL_NAME, p.name());
    }

    @Override
    public void poolOpened(PoolInfo pool) {
        pools.add(pool);
    }

    @Override
    public void poolClosed(PoolInfo pool) {
        pools.remove(pool);
    }

    @Override
    public void poolAcquired(PoolInfo pool, PoolAcquireOutcome outcome, long waitNanos) {
        Attributes a = poolAttributes(pool).build();
        if (outcome == PoolAcquireOutcome.ACQUIRED) {
            waitTime.record(waitNanos / 1e9, a);
        } else if (outcome == PoolAcquireOutcome.TIMEOUT) {
            timeouts.add(1, a);
        }
    }

    @Override
    public void poolReleased(PoolInfo pool, long useNanos) {
        useTime.record(useNanos / 1e9, poolAttributes(pool).build());
    }

    @Override
    public String toString() {
        return "GreenwireTelemetry";
    }
}
