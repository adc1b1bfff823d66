package dev.greenwire.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.DataException;
import dev.greenwire.Pg;
import dev.greenwire.observe.Observability;
import dev.greenwire.pool.ConnectionPool;
import dev.greenwire.pool.PoolTimeoutException;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Spans and metrics of real statements and a real pool, read from the SDK's in-memory exporters. */
@Timeout(90)
class GreenwireTelemetryTest {
    private static final String SECRET = "S3cr3t-OTel-Value";
    private InMemorySpanExporter spans;
    private InMemoryMetricReader metrics;
    private OpenTelemetrySdk otel;

    @BeforeEach
    void sdk() {
        spans = InMemorySpanExporter.create();
        metrics = InMemoryMetricReader.create();
        otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
    }

    @AfterEach
    void close() {
        Observability.setListener(null);
        otel.close();
    }

    private static <T> T attr(SpanData s, AttributeKey<T> key) {
        return s.getAttributes().get(key);
    }

    private SpanData span(String queryText) {
        List<SpanData> all = spans.getFinishedSpanItems();
        return all.stream().filter(s -> queryText.equals(attr(s, GreenwireTelemetry.DB_QUERY_TEXT))).findFirst()
                .orElseThrow(() -> new AssertionError("no span for " + queryText + " in " + all));
    }

    @Test
    @SuppressWarnings("try") // the scope is only made current
    void statementsMakeSpansWithTheDatabaseConventions() {
        GreenwireTelemetry telemetry = GreenwireTelemetry.create(otel);
        TestServer s = TestServer.get();
        Span parent = otel.getTracer("test").spanBuilder("request").startSpan();
        try (Connection c = Pg.connect(s.dsn(), ConnectOptions.builder().listener(telemetry).build());
             Scope ignored = parent.makeCurrent()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE otel_orders (id int PRIMARY KEY, note text)");
            cur.execute("INSERT INTO otel_orders VALUES (%s, %s)", 1, SECRET);
            cur.execute("SELECT id, note FROM otel_orders WHERE id = %s", 1);
            assertEquals(SECRET, cur.fetchOne().get(1));
            assertThrows(DataException.class, () -> cur.execute("SELECT %s::int", SECRET));
            c.rollback();
        } finally {
            parent.end();
        }
        SpanData select = span("SELECT id, note FROM otel_orders WHERE id = %s");
        assertEquals("SELECT otel_orders", select.getName());
        assertEquals(SpanKind.CLIENT, select.getKind());
        assertEquals(parent.getSpanContext().getSpanId(), select.getParentSpanId(), "a child of the current span");
        assertEquals("postgresql", attr(select, GreenwireTelemetry.DB_SYSTEM_NAME));
        assertEquals(s.database(), attr(select, GreenwireTelemetry.DB_NAMESPACE));
        assertEquals("SELECT", attr(select, GreenwireTelemetry.DB_OPERATION_NAME));
        assertEquals("otel_orders", attr(select, GreenwireTelemetry.DB_COLLECTION_NAME));
        assertEquals(s.host(), attr(select, GreenwireTelemetry.SERVER_ADDRESS));
        assertEquals((long) s.port(), attr(select, GreenwireTelemetry.SERVER_PORT));
        assertEquals(1L, attr(select, GreenwireTelemetry.DB_RESPONSE_RETURNED_ROWS));
        assertEquals(StatusCode.UNSET, select.getStatus().getStatusCode());
        assertNull(attr(select, GreenwireTelemetry.ERROR_TYPE));

        SpanData insert = span("INSERT INTO otel_orders VALUES (%s, %s)");
        assertEquals("INSERT otel_orders", insert.getName());
        SpanData bad = span("SELECT %s::int");
        assertEquals("SELECT", bad.getName());
        assertEquals(StatusCode.ERROR, bad.getStatus().getStatusCode());
        assertEquals("22P02", attr(bad, GreenwireTelemetry.DB_RESPONSE_STATUS_CODE));
        assertEquals("22P02", attr(bad, GreenwireTelemetry.ERROR_TYPE));
        assertTrue(bad.getEvents().isEmpty(), "no exception event: its message quotes the value");

        List<SpanData> all = spans.getFinishedSpanItems();
        assertFalse(all.stream().anyMatch(x -> "BEGIN".equals(attr(x, GreenwireTelemetry.DB_OPERATION_NAME))),
                "no spans for the driver's own statements by default: " + all);
        assertFalse(all.stream().anyMatch(x -> x.toString().contains(SECRET)), "a value leaked into a span: " + all);

        MetricData duration = metric("db.client.operation.duration");
        assertEquals("s", duration.getUnit());
        Collection<HistogramPointData> points = duration.getHistogramData().getPoints();
        HistogramPointData selects = points.stream().filter(p -> "SELECT".equals(p.getAttributes()
                .get(GreenwireTelemetry.DB_OPERATION_NAME)) && p.getAttributes().get(GreenwireTelemetry.ERROR_TYPE) == null
                && "otel_orders".equals(p.getAttributes().get(GreenwireTelemetry.DB_COLLECTION_NAME))).findFirst().orElseThrow();
        assertEquals(1, selects.getCount());
        assertTrue(selects.getSum() > 0 && selects.getSum() < 10);
        assertEquals("postgresql", selects.getAttributes().get(GreenwireTelemetry.DB_SYSTEM_NAME));
        assertNull(selects.getAttributes().get(GreenwireTelemetry.DB_QUERY_TEXT), "no query text on metrics");
        assertTrue(points.stream().anyMatch(p -> "22P02".equals(p.getAttributes().get(GreenwireTelemetry.ERROR_TYPE))));
        assertTrue(points.stream().anyMatch(p -> "BEGIN".equals(p.getAttributes().get(GreenwireTelemetry.DB_OPERATION_NAME))),
                "the driver's statements are measured: " + points);
    }

    @Test
    void optionsLeaveTheTextOutAndTraceTheDriversStatements() {
        GreenwireTelemetry telemetry = GreenwireTelemetry.builder(otel).queryText(false).driverStatementSpans(true).build();
        Observability.setListener(telemetry);
        try (Connection c = Pg.connect(TestServer.get().dsn())) {
            c.cursor().execute("SELECT 1");
            c.commit();
        }
        List<SpanData> all = spans.getFinishedSpanItems();
        assertEquals(List.of("BEGIN", "SELECT", "COMMIT"), all.stream().map(SpanData::getName).toList());
        assertTrue(all.stream().allMatch(x -> attr(x, GreenwireTelemetry.DB_QUERY_TEXT) == null));
    }

    @Test
    void aPoolReportsTheConnectionMetrics() throws Exception {
        GreenwireTelemetry telemetry = GreenwireTelemetry.create(otel);
        String name = "otel_pool";
        ConnectOptions opts = ConnectOptions.builder().waitCallback(WaitStrategies.parking()).listener(telemetry).build();
        try (ConnectionPool pool = ConnectionPool.builder(TestServer.get().dsn(), opts).name(name)
                .minSize(2).maxSize(2).build()) {
            pool.waitReady(Duration.ofSeconds(10));
            Connection a = pool.connection();
            Connection b = pool.connection();
            a.cursor().execute("SELECT pg_sleep(0.05)");
            Map<String, Long> counts = connectionCounts();
            assertEquals(Map.of("used", 2L, "idle", 0L), counts);
            assertThrows(PoolTimeoutException.class, () -> pool.connection(Duration.ofMillis(50)));
            a.close();
            b.close();
            assertEquals(Map.of("used", 0L, "idle", 2L), connectionCounts());
            assertEquals(1L, longSum("db.client.connection.timeouts", name));
            assertEquals(2L, longSum("db.client.connection.max", name));
            assertEquals(2L, longSum("db.client.connection.idle.min", name));
            assertEquals(0L, longSum("db.client.connection.pending_requests", name));
            HistogramPointData wait = histogram("db.client.connection.wait_time", name);
            assertEquals(2, wait.getCount(), "two borrows got a connection");
            HistogramPointData use = histogram("db.client.connection.use_time", name);
            assertEquals(2, use.getCount());
            assertTrue(use.getMax() >= 0.05, "one was held through pg_sleep(0.05): " + use);
        }
        assertFalse(metrics.collectAllMetrics().stream().filter(m -> m.getName().equals("db.client.connection.count"))
                .flatMap(m -> m.getLongSumData().getPoints().stream()).anyMatch(p -> name.equals(
                        p.getAttributes().get(GreenwireTelemetry.POOL_NAME))), "a closed pool is no longer reported");
    }

    private MetricData metric(String name) {
        return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private Map<String, Long> connectionCounts() {
        return metric("db.client.connection.count").getLongSumData().getPoints().stream()
                .filter(p -> "otel_pool".equals(p.getAttributes().get(GreenwireTelemetry.POOL_NAME)))
                .collect(Collectors.toMap(p -> p.getAttributes().get(GreenwireTelemetry.POOL_STATE), LongPointData::getValue));
    }

    private long longSum(String metric, String pool) {
        return metric(metric).getLongSumData().getPoints().stream()
                .filter(p -> pool.equals(p.getAttributes().get(GreenwireTelemetry.POOL_NAME)))
                .mapToLong(LongPointData::getValue).sum();
    }

    private HistogramPointData histogram(String metric, String pool) {
        Attributes want = Attributes.of(GreenwireTelemetry.POOL_NAME, pool);
        return metric(metric).getHistogramData().getPoints().stream().filter(p -> p.getAttributes().equals(want))
                .findFirst().orElseThrow();
    }
}
