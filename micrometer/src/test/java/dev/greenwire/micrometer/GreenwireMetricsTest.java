package dev.greenwire.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.DataException;
import dev.greenwire.pool.ConnectionPool;
import dev.greenwire.pool.PoolTimeoutException;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The binder against a real pool, read back from a SimpleMeterRegistry. */
@Timeout(90)
class GreenwireMetricsTest {

    @Test
    void aPoolsMetersHaveTheConventionsMeanings() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GreenwireMetrics metrics = new GreenwireMetrics();
        String name = "mm_pool";
        ConnectOptions opts = ConnectOptions.builder().waitCallback(WaitStrategies.parking()).listener(metrics).build();
        try (ConnectionPool pool = ConnectionPool.builder(TestServer.get().dsn(), opts).name(name)
                .minSize(2).maxSize(2).build()) {
            pool.waitReady(Duration.ofSeconds(10));
            metrics.bindTo(registry); // bound after the pool opened: its meters carry over
            assertEquals(2.0, gauge(registry, "db.client.connection.count", name, "idle"));
            assertEquals(0.0, gauge(registry, "db.client.connection.count", name, "used"));
            try (Connection a = pool.connection(); Connection b = pool.connection()) {
                a.autocommit(true);
                a.cursor().execute("SELECT pg_sleep(0.05)");
                assertThrows(DataException.class, () -> a.cursor().execute("SELECT 1 / %s", 0));
                assertEquals(2.0, gauge(registry, "db.client.connection.count", name, "used"));
                assertEquals(0.0, gauge(registry, "db.client.connection.count", name, "idle"));
                assertThrows(PoolTimeoutException.class, () -> pool.connection(Duration.ofMillis(50)));
                b.autocommit(true);
            }
            assertEquals(2.0, gauge(registry, "db.client.connection.count", name, "idle"));
            assertEquals(2.0, registry.get("db.client.connection.max").tag(GreenwireMetrics.POOL_NAME, name).gauge().value());
            assertEquals(2.0, registry.get("db.client.connection.idle.min").tag(GreenwireMetrics.POOL_NAME, name).gauge().value());
            assertEquals(0.0, registry.get("db.client.connection.pending_requests").tag(GreenwireMetrics.POOL_NAME, name)
                    .gauge().value());
            assertEquals(1.0, registry.get("db.client.connection.timeouts").tag(GreenwireMetrics.POOL_NAME, name)
                    .counter().count());
            Timer wait = registry.get("db.client.connection.wait_time").tag(GreenwireMetrics.POOL_NAME, name).timer();
            assertEquals(2, wait.count(), "two borrows got a connection");
            Timer use = registry.get("db.client.connection.use_time").tag(GreenwireMetrics.POOL_NAME, name).timer();
            assertEquals(2, use.count());
            assertTrue(use.max(TimeUnit.MILLISECONDS) >= 50, "one was held through pg_sleep(0.05)");
            Timer sleeps = registry.get("db.client.operation.duration").tag("db.operation.name", "SELECT")
                    .tag("error.type", "none").tag("db.system.name", "postgresql")
                    .tag("db.namespace", TestServer.get().database()).timer();
            assertTrue(sleeps.count() >= 1 && sleeps.max(TimeUnit.MILLISECONDS) >= 50);
            assertEquals(1, registry.get("db.client.operation.duration").tag("error.type", "22012").timer().count());
        }
        assertNull(registry.find("db.client.connection.count").tag(GreenwireMetrics.POOL_NAME, name).gauge(),
                "a closed pool's meters are removed");
    }

    private static double gauge(SimpleMeterRegistry r, String name, String pool, String state) {
        return r.get(name).tag(GreenwireMetrics.POOL_NAME, pool).tag(GreenwireMetrics.STATE, state).gauge().value();
    }
}
