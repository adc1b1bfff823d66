package dev.greenwire.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.IntegrityException;
import dev.greenwire.OperationalException;
import dev.greenwire.Pg;
import dev.greenwire.PollState;
import dev.greenwire.testing.TestServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The listener SPI during real work: what it is told, per connection or globally, and that it cannot break the driver. */
@Timeout(60)
class ListenerTest {
    private static final String SECRET = "S3cr3t-Listener-Value";

    /** Writes down every call. */
    static final class Heard implements GreenwireListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<QueryInfo> started = new CopyOnWriteArrayList<>();
        final List<QueryResult> ended = new CopyOnWriteArrayList<>();
        volatile ConnectionInfo opened;
        volatile ConnectionInfo failedTarget;
        volatile long waitedNanos;

        @Override
        public void connectionOpened(ConnectionInfo c, long nanos) {
            opened = c;
            calls.add("opened");
        }

        @Override
        public void connectionFailed(ConnectionInfo target, Throwable error, long nanos) {
            failedTarget = target;
            calls.add("failed " + error.getClass().getSimpleName());
        }

        @Override
        public void connectionClosed(ConnectionInfo c) {
            calls.add("closed " + c.backendPid());
        }

        @Override
        public Object queryStarted(QueryInfo q) {
            started.add(q);
            calls.add("start " + q.sql());
            return "ctx:" + q.sql();
        }

        @Override
        public void queryEnded(QueryInfo q, Object context, QueryResult r) {
            ended.add(r);
            calls.add("end " + q.sql() + (("ctx:" + q.sql()).equals(context) ? "" : " (context lost)"));
        }

        @Override
        public void waitStarted(ConnectionInfo c, PollState readiness) {
            calls.add("wait " + readiness);
        }

        @Override
        public void waitEnded(ConnectionInfo c, PollState readiness, String strategy, long nanos) {
            waitedNanos += nanos;
            calls.add("waited " + readiness + " " + strategy);
        }

        QueryResult endOf(String sql) {
            for (int i = 0; i < started.size(); i++) {
                if (started.get(i).sql().equals(sql)) {
                    return ended.get(i);
                }
            }
            throw new AssertionError("no statement " + sql + " in " + calls);
        }
    }

    @AfterEach
    void noGlobal() {
        Observability.setListener(null);
    }

    @Test
    void aConnectionsListenerHearsItsLifecycleStatementsAndWaits() {
        Heard h = new Heard();
        TestServer s = TestServer.get();
        int pid;
        try (Connection c = Pg.connect(s.dsn(TestServer.SCRAM_USER, TestServer.SCRAM_PASSWORD),
                ConnectOptions.builder().listener(h).build())) {
            pid = c.backendPid();
            assertNotNull(h.opened);
            assertEquals(pid, h.opened.backendPid());
            assertEquals(TestServer.SCRAM_USER, h.opened.user());
            assertEquals(s.database(), h.opened.database());
            assertEquals(s.port(), h.opened.port());
            assertEquals("scram-sha-256", h.opened.authMethod());
            Cursor cur = c.cursor();
            cur.execute("SELECT %s::text, pg_sleep(0.03)", SECRET);
            c.commit();
            cur.execute("CREATE TEMP TABLE l_t (id int PRIMARY KEY)");
            cur.execute("INSERT INTO l_t VALUES (%s)", 1);
            assertThrows(IntegrityException.class, () -> cur.execute("INSERT INTO l_t VALUES (%s)", 1));
            c.rollback();
        }
        QueryInfo first = h.started.stream().filter(q -> q.sql().startsWith("SELECT %s")).findFirst().orElseThrow();
        assertEquals(Binding.CLIENT, first.binding());
        assertFalse(first.driverStatement());
        assertEquals(pid, first.connection().backendPid());
        QueryResult r = h.endOf("SELECT %s::text, pg_sleep(0.03)");
        assertEquals(1, r.rows());
        assertNull(r.error());
        assertTrue(r.nanos() >= 30_000_000L, "it slept 30 ms: " + r);
        assertTrue(r.wireNanos() > 0 && r.wireNanos() < r.nanos(), r.toString());
        QueryResult dup = h.ended.get(h.ended.size() - 2);
        assertEquals("23505", dup.sqlState(), h.calls.toString());
        assertTrue(dup.failed());
        assertEquals(-1, dup.rows());
        assertTrue(h.started.stream().anyMatch(q -> q.sql().startsWith("BEGIN") && q.driverStatement()), h.calls.toString());
        assertTrue(h.calls.contains("end COMMIT"), h.calls.toString());
        assertFalse(h.calls.stream().anyMatch(c -> c.contains("context lost")), h.calls.toString());
        assertEquals(h.started.size(), h.ended.size(), "every statement that started ended: " + h.calls);
        assertTrue(h.calls.contains("waited READ waitSelect"), h.calls.toString());
        assertTrue(h.waitedNanos >= 30_000_000L, "the sleep was waited for");
        long waits = h.calls.stream().filter(x -> x.startsWith("wait ")).count();
        assertEquals(waits, h.calls.stream().filter(x -> x.startsWith("waited ")).count(), "each wait ends: " + h.calls);
        assertEquals("closed " + pid, h.calls.get(h.calls.size() - 1));
        assertFalse(h.calls.stream().anyMatch(x -> x.contains(SECRET)), h.calls.toString());
        assertFalse(h.started.stream().anyMatch(q -> q.toString().contains(TestServer.SCRAM_PASSWORD)));
    }

    @Test
    void theGlobalListenerHearsConnectionsWithoutTheirOwn() {
        Heard global = new Heard();
        Heard own = new Heard();
        Observability.setListener(global);
        assertSame(global, Observability.listener());
        try (Connection a = Pg.connect(TestServer.get().dsn());
             Connection b = Pg.connect(TestServer.get().dsn(), ConnectOptions.builder().listener(own).build())) {
            a.autocommit(true);
            b.autocommit(true);
            a.cursor().execute("SELECT 'global'");
            b.cursor().execute("SELECT 'own'");
        }
        assertTrue(global.calls.contains("end SELECT 'global'"), global.calls.toString());
        assertFalse(global.calls.contains("end SELECT 'own'"), "a connection's own listener wins");
        assertTrue(own.calls.contains("end SELECT 'own'"), own.calls.toString());
        Heard failing = new Heard();
        Observability.setListener(failing);
        assertThrows(OperationalException.class,
                () -> Pg.connect(TestServer.get().dsn(TestServer.PASSWORD_USER, "not-the-password")).close());
        assertEquals(List.of("failed OperationalException"), failing.calls.stream().filter(x -> x.startsWith("failed")).toList());
        assertEquals(TestServer.PASSWORD_USER, failing.failedTarget.user());
        assertEquals(0, failing.failedTarget.backendPid());
    }

    @Test
    void aThrowingListenerDoesNotBreakTheDriver() {
        GreenwireListener bad = new GreenwireListener() {
            @Override
            public Object queryStarted(QueryInfo q) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void waitStarted(ConnectionInfo c, PollState readiness) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void connectionClosed(ConnectionInfo c) {
                throw new IllegalStateException("listener bug");
            }
        };
        Heard h = new Heard();
        try (Connection c = Pg.connect(TestServer.get().dsn(),
                ConnectOptions.builder().listener(GreenwireListener.all(bad, h)).build())) {
            c.autocommit(true);
            assertEquals(3, c.cursor().execute("SELECT 1 + %s", 2).fetchOne().get(0));
            assertEquals(2, c.cursor().execute("SELECT 2").fetchOne().get(0));
        }
        assertTrue(h.calls.contains("end SELECT 1 + %s"), "the other listener still hears: " + h.calls);
        assertTrue(h.calls.get(h.calls.size() - 1).startsWith("closed "));
    }

    @Test
    void anAsyncConnectionsStatementEndsInThePollThatCompletesIt() throws Exception {
        Heard h = new Heard();
        try (Connection c = Pg.connect(TestServer.get().dsn(), ConnectOptions.builder().async(true).listener(h).build())) {
            dev.greenwire.AsyncSupport.waitFor(c);
            assertEquals(List.of("opened"), h.calls.stream().filter(x -> x.equals("opened")).toList());
            Cursor cur = c.cursor();
            cur.execute("SELECT %s", 7);
            assertTrue(h.calls.contains("start SELECT %s"));
            assertFalse(h.calls.contains("end SELECT %s"));
            dev.greenwire.AsyncSupport.waitFor(c);
            assertTrue(h.calls.contains("end SELECT %s"), h.calls.toString());
            assertEquals(7, cur.fetchOne().get(0));
            assertEquals(1, h.endOf("SELECT %s").rows());
        }
    }
}
