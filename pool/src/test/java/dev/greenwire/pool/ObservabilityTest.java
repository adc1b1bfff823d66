package dev.greenwire.pool;

import static dev.greenwire.pool.PoolTestSupport.app;
import static dev.greenwire.pool.PoolTestSupport.direct;
import static dev.greenwire.pool.PoolTestSupport.dsn;
import static dev.greenwire.pool.PoolTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.observe.ConnectionInfo;
import dev.greenwire.observe.GreenwireListener;
import dev.greenwire.observe.Observability;
import dev.greenwire.observe.PoolAcquireOutcome;
import dev.greenwire.observe.PoolConnectionChange;
import dev.greenwire.observe.PoolInfo;
import dev.greenwire.observe.QueryInfo;
import dev.greenwire.observe.QueryResult;
import dev.greenwire.wait.WaitStrategies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's JFR events and listener calls during a real workload. */
@Timeout(90)
class ObservabilityTest {

    /** Writes down what it hears, as strings, for the assertions. */
    static final class Heard implements GreenwireListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile PoolInfo pool;

        @Override
        public void poolOpened(PoolInfo p) {
            pool = p;
            calls.add("opened " + p.name());
        }

        @Override
        public void poolClosed(PoolInfo p) {
            calls.add("closed " + p.name());
        }

        @Override
        public void poolAcquired(PoolInfo p, PoolAcquireOutcome outcome, long waitNanos) {
            calls.add("acquired " + outcome + (waitNanos >= 0 ? "" : " negative"));
        }

        @Override
        public void poolReleased(PoolInfo p, long useNanos) {
            calls.add("released " + (useNanos >= 50_000_000 ? "long" : "short"));
        }

        @Override
        public void poolConnection(PoolInfo p, PoolConnectionChange change) {
            calls.add("connection " + change);
        }

        @Override
        public void connectionOpened(ConnectionInfo c, long nanos) {
            calls.add("connected " + (c.backendPid() > 0));
        }

        @Override
        public void queryEnded(QueryInfo q, Object context, QueryResult r) {
            calls.add("query " + q.sql());
        }

        long count(String call) {
            return calls.stream().filter(call::equals).count();
        }
    }

    @Test
    void borrowsAndConnectionChangesAreRecordedAndHeard() throws Exception {
        String name = app("observe");
        Heard heard = new Heard();
        ConnectOptions opts = ConnectOptions.builder().waitCallback(WaitStrategies.parking()).listener(heard).build();
        Path file = Files.createTempFile("greenwire-pool", ".jfr");
        try (Recording r = new Recording(Observability.jfrProfileSettings())) {
            r.start();
            ConnectionPool pool = ConnectionPool.builder(dsn(name), opts).name(name).minSize(1).maxSize(1)
                    .timeout(Duration.ofSeconds(10)).maxLifetime(Duration.ofHours(1)).build();
            pool.waitReady(Duration.ofSeconds(10));
            PoolInfo view = heard.pool;
            assertEquals(name, view.name());
            assertEquals(1, view.size());
            assertEquals(1, view.idle());
            assertEquals(1, view.maxSize());
            int pid;
            try (Connection c = pool.connection()) {
                pid = c.backendPid();
                assertEquals(1, view.used());
                c.cursor().execute("SELECT pg_sleep(0.06)");
                assertThrows(PoolTimeoutException.class, () -> pool.connection(Duration.ofMillis(100)));
            }
            try (Connection observer = direct()) {
                observer.cursor().execute("SELECT pg_terminate_backend(%s)", pid);
            }
            eventually(Duration.ofSeconds(10), "the lost connection is replaced",
                    () -> heard.count("connection LOST") == 1 && heard.count("connection CREATED") == 2);
            pool.withConnection(c -> c.cursor().execute("SELECT 1"));
            pool.close();
            assertThrows(PoolClosedException.class, pool::connection);
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = new java.util.ArrayList<>(RecordingFile.readAllEvents(file));
        events.sort(java.util.Comparator.comparing(RecordedEvent::getEndTime)); // the file keeps no order
        Files.deleteIfExists(file);

        List<RecordedEvent> acquires = events.stream()
                .filter(e -> e.getEventType().getName().equals(Observability.POOL_ACQUIRE)
                        && name.equals(e.getString("pool"))).collect(Collectors.toList());
        List<String> outcomes = acquires.stream().map(e -> e.getString("outcome")).toList();
        assertEquals(List.of("ACQUIRED", "TIMEOUT", "ACQUIRED", "CLOSED"), outcomes, acquires.toString());
        RecordedEvent timeout = acquires.get(1);
        assertTrue(timeout.getDuration().toMillis() >= 100, timeout.toString());
        assertEquals(0, timeout.getInt("backendPid"));
        assertTrue(acquires.get(0).getInt("backendPid") > 0);

        List<RecordedEvent> changes = events.stream()
                .filter(e -> e.getEventType().getName().equals(Observability.POOL_CONNECTION_LIFECYCLE)
                        && name.equals(e.getString("pool"))).collect(Collectors.toList());
        List<String> kinds = changes.stream().map(e -> e.getString("change")).toList();
        assertEquals(List.of("CREATED", "LOST", "CREATED", "CLOSED"), kinds, changes.toString());
        assertEquals("closed by the server", changes.get(1).getString("reason"));
        assertTrue(changes.get(1).getLong("age") > 0);
        assertEquals("pool closed", changes.get(3).getString("reason"));
        assertTrue(changes.get(0).getInt("backendPid") > 0);

        assertEquals("opened " + name, heard.calls.get(0), heard.calls.toString());
        assertEquals(List.of("closed " + name, "acquired CLOSED"), heard.calls.subList(heard.calls.size() - 2,
                heard.calls.size()), "closed, then a refused borrow: " + heard.calls);
        assertEquals(2, heard.count("acquired ACQUIRED"), heard.calls.toString());
        assertEquals(1, heard.count("acquired TIMEOUT"));
        assertEquals(1, heard.count("acquired CLOSED"));
        assertEquals(1, heard.count("released long"), "the first borrow held it through pg_sleep: " + heard.calls);
        assertEquals(1, heard.count("released short"));
        assertEquals(1, heard.count("connection CLOSED"));
        assertEquals(2, heard.count("connected true"), "the pool's connections use the pool's options");
        assertTrue(heard.calls.contains("query SELECT pg_sleep(0.06)"), heard.calls.toString());
        assertFalse(heard.calls.stream().anyMatch(c -> c.contains("negative")));
    }
}
