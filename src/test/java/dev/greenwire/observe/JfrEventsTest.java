package dev.greenwire.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.DataException;
import dev.greenwire.Notify;
import dev.greenwire.OperationalException;
import dev.greenwire.Pg;
import dev.greenwire.Pipeline;
import dev.greenwire.QueryCanceledException;
import dev.greenwire.replication.LogicalReplicationConnection;
import dev.greenwire.replication.Lsn;
import dev.greenwire.replication.ReplicationCursor;
import dev.greenwire.replication.SlotType;
import dev.greenwire.replication.StopReplication;
import dev.greenwire.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Records a real workload with the shipped profile settings, reads the recording back, and
 * checks each event's fields; then scans every field of every event for a secret-looking
 * parameter value, a notification payload and the passwords used.
 */
@Timeout(120)
class JfrEventsTest {
    /** What must never appear in a recording. */
    private static final String SECRET = "S3cr3t-Param-Value-7f1e";
    private static final String WRONG_PASSWORD = "Wr0ng-Pa55word-9c2d";
    private static List<RecordedEvent> events;

    @BeforeAll
    static void record() throws Exception {
        TestServer s = TestServer.get();
        Path file = Files.createTempFile("greenwire-events", ".jfr");
        try (Recording r = new Recording(Observability.jfrProfileSettings())) {
            r.start();
            workload(s);
            r.stop();
            r.dump(file);
        }
        events = RecordingFile.readAllEvents(file);
        Files.deleteIfExists(file);
    }

    private static void workload(TestServer s) throws Exception {
        String scram = s.dsn(TestServer.SCRAM_USER, TestServer.SCRAM_PASSWORD);
        try (Connection c = Pg.connect(scram)) {
            Cursor cur = c.cursor();
            cur.execute("SELECT %s::text AS secret, 42 AS answer", SECRET);
            assertEquals(SECRET, cur.fetchOne().get(0));
            cur.execute("SELECT %(v)s::text", Map.of("v", SECRET));
            assertThrows(DataException.class, () -> cur.execute("SELECT %s::int", SECRET)); // the message quotes it
            c.rollback();
            cur.execute("CREATE TEMP TABLE jfr_t (id int, v text)");
            cur.executeMany("INSERT INTO jfr_t VALUES (%s, %s)", List.of(new Object[] {1, SECRET}, new Object[] {2, SECRET}));
            cur.execute("SELECT pg_sleep(0.05)");
            try (Pipeline p = c.pipeline()) {
                cur.execute("SELECT %s::text", SECRET); // client-side literals inside an extended statement
                p.sync();
            }
            c.commit();
        }
        try (Connection c = Pg.connect(s.dsn(), ConnectOptions.builder().serverSideBinding(true).build())) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            for (int i = 0; i < 7; i++) { // prepared from the sixth execution
                cur.execute("SELECT %s::text || %s", SECRET, i);
            }
            cur.execute("SELECT 1 / %s", 0);
        } catch (DataException expected) {
            assertEquals("22012", expected.pgcode());
        }
        assertThrows(OperationalException.class,
                () -> Pg.connect(s.dsn(TestServer.PASSWORD_USER, WRONG_PASSWORD)).close());
        try (Connection c = Pg.connect(s.dsn(TestServer.PASSWORD_USER, TestServer.PASSWORD_PASSWORD))) {
            c.autocommit(true);
            CompletableFuture<Throwable> slept = CompletableFuture.supplyAsync(() -> {
                try {
                    c.cursor().execute("SELECT pg_sleep(10)");
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!c.isExecuting() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            Thread.sleep(100); // let the statement reach the server
            c.cancel();
            assertTrue(slept.get(20, TimeUnit.SECONDS) instanceof QueryCanceledException);
        }
        try (Connection listener = Pg.connect(s.dsn()); Connection sender = Pg.connect(s.dsn())) {
            listener.autocommit(true);
            sender.autocommit(true);
            listener.cursor().execute("LISTEN jfr_channel");
            // sent while the listener waits: handed over by awaitNotifies
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!listener.isExecuting() && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                sender.cursor().execute("SELECT pg_notify(%s, %s)", "jfr_channel", SECRET);
            });
            List<Notify> got = listener.awaitNotifies(Duration.ofSeconds(10));
            sent.get(10, TimeUnit.SECONDS);
            assertEquals(1, got.size());
            assertEquals(SECRET, got.get(0).payload());
            // sent while the listener runs a statement: appended to notifies()
            sender.cursor().execute("SELECT pg_notify(%s, %s)", "jfr_other", SECRET + "-2");
            listener.cursor().execute("LISTEN jfr_other");
            sender.cursor().execute("SELECT pg_notify(%s, %s)", "jfr_other", SECRET + "-3");
            listener.cursor().execute("SELECT pg_sleep(0.01)");
            assertTrue(listener.notifies().stream().anyMatch(n -> n.payload().equals(SECRET + "-3")));
        }
        replication(s);
    }

    private static void replication(TestServer s) {
        try (Connection setup = Pg.connect(s.dsn())) {
            setup.autocommit(true);
            setup.cursor().execute("CREATE TABLE IF NOT EXISTS jfr_repl (id int, v text)");
        }
        try (LogicalReplicationConnection c = Pg.connect(s.dsn(), LogicalReplicationConnection::new);
             Connection writer = Pg.connect(s.dsn())) {
            ReplicationCursor cur = c.cursor();
            cur.createReplicationSlot("gw_jfr_slot", SlotType.LOGICAL, "test_decoding", true);
            cur.startReplication("gw_jfr_slot", SlotType.LOGICAL, Lsn.ZERO, 0, Map.of(), true, Duration.ofSeconds(5));
            writer.autocommit(true);
            writer.cursor().execute("INSERT INTO jfr_repl VALUES (1, %s)", SECRET);
            assertThrows(StopReplication.class, () -> cur.consumeStream(msg -> {
                msg.cursor().sendFeedback(msg.dataStart(), msg.dataStart(), msg.dataStart(), false, true);
                if (((String) msg.payload()).startsWith("COMMIT")) {
                    throw new StopReplication();
                }
            }, Duration.ofSeconds(5)));
        }
    }

    private static List<RecordedEvent> named(String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    private static String describe(List<RecordedEvent> es) {
        return es.stream().map(RecordedEvent::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void connectEventsNameHostTlsAuthAndOutcome() {
        List<RecordedEvent> cs = named(Observability.CONNECT);
        RecordedEvent scram = cs.stream().filter(e -> TestServer.SCRAM_USER.equals(e.getString("user"))).findFirst()
                .orElseThrow(() -> new AssertionError(describe(cs)));
        TestServer s = TestServer.get();
        assertEquals("connected", scram.getString("outcome"));
        assertEquals("scram-sha-256", scram.getString("authMethod"), scram.toString());
        assertEquals(s.port(), scram.getInt("port"));
        assertEquals(s.database(), scram.getString("database"));
        assertNotNull(scram.getString("host"));
        assertTrue(scram.getInt("attempts") >= 1);
        assertTrue(scram.getInt("backendPid") > 0);
        assertNull(scram.getString("failure"));
        scram.getBoolean("tls"); // present (the test server's DSN decides whether it is on)
        RecordedEvent failed = cs.stream().filter(e -> "failed".equals(e.getString("outcome"))).findFirst()
                .orElseThrow(() -> new AssertionError(describe(cs)));
        assertEquals(TestServer.PASSWORD_USER, failed.getString("user"));
        assertTrue(failed.getString("failure").contains("password authentication failed"), failed.toString());
        assertEquals(0, failed.getInt("backendPid"));
    }

    @Test
    void queryEventsCarryTheSqlAsWrittenAndTheirOutcome() {
        List<RecordedEvent> qs = named(Observability.QUERY);
        RecordedEvent client = find(qs, "SELECT %s::text AS secret, 42 AS answer");
        assertEquals("CLIENT", client.getString("binding"));
        assertFalse(client.getBoolean("prepared"));
        assertEquals(1, client.getLong("rows"));
        assertNull(client.getString("sqlState"));
        assertTrue(client.getLong("wireTime") > 0 && client.getLong("wireTime") <= client.getDuration().toNanos(),
                client.toString());
        assertTrue(client.getInt("backendPid") > 0);
        assertEquals("CLIENT", find(qs, "SELECT %(v)s::text").getString("binding"));
        RecordedEvent bad = find(qs, "SELECT %s::int");
        assertEquals("22P02", bad.getString("sqlState"));
        assertEquals(DataException.class.getName(), bad.getString("errorType"));
        assertEquals(-1, bad.getLong("rows"));
        assertEquals("NONE", find(qs, "CREATE TEMP TABLE jfr_t (id int, v text)").getString("binding"));
        List<RecordedEvent> inserts = qs.stream().filter(e -> e.getString("sql").startsWith("INSERT INTO jfr_t VALUES (%s, %s)"))
                .toList();
        assertEquals(2, inserts.stream().mapToLong(e -> e.getLong("rows")).sum(), describe(inserts));
        RecordedEvent sleep = find(qs, "SELECT pg_sleep(0.05)");
        assertTrue(sleep.getDuration().toMillis() >= 50, sleep.toString());
        assertTrue(sleep.getLong("wireTime") < sleep.getDuration().toNanos() / 2, "the server's time is not wire time");
        RecordedEvent pipelined = qs.stream().filter(e -> "SELECT %s::text".equals(e.getString("sql"))
                && "CLIENT".equals(e.getString("binding"))).findFirst().orElseThrow(() -> new AssertionError(describe(qs)));
        assertNull(pipelined.getString("sqlState"));
        List<RecordedEvent> server = qs.stream().filter(e -> "SELECT %s::text || %s".equals(e.getString("sql"))).toList();
        assertEquals(7, server.size(), describe(server));
        assertTrue(server.stream().allMatch(e -> "SERVER".equals(e.getString("binding"))));
        assertFalse(server.get(0).getBoolean("prepared"));
        assertTrue(server.get(6).getBoolean("prepared"), "prepared on the sixth execution: " + describe(server));
        assertEquals("22012", find(qs, "SELECT 1 / %s").getString("sqlState"));
        assertTrue(qs.stream().anyMatch(e -> "COMMIT".equals(e.getString("sql"))), "the driver's own statements too");
        RecordedEvent cancelled = find(qs, "SELECT pg_sleep(10)");
        assertEquals("57014", cancelled.getString("sqlState"));
    }

    private static RecordedEvent find(List<RecordedEvent> qs, String sql) {
        return qs.stream().filter(e -> sql.equals(e.getString("sql"))).findFirst()
                .orElseThrow(() -> new AssertionError("no Query event for " + sql + " in\n" + describe(qs)));
    }

    @Test
    void waitEventsNameTheStrategyAndReadiness() {
        List<RecordedEvent> ws = named(Observability.WAIT);
        assertFalse(ws.isEmpty());
        assertTrue(ws.stream().allMatch(e -> "READ".equals(e.getString("readiness")) || "WRITE".equals(e.getString("readiness"))));
        // the longest wait of an established connection (one being set up has no backend pid yet,
        // and on a loaded machine its handshake can outlast the statements' waits)
        RecordedEvent longest = ws.stream().filter(e -> e.getInt("backendPid") > 0)
                .max(java.util.Comparator.comparing(RecordedEvent::getDuration)).orElseThrow();
        assertTrue(longest.getDuration().toMillis() >= 50, "pg_sleep(0.05) and pg_sleep(10) were waited for: " + longest);
        assertEquals("waitSelect", longest.getString("strategy"));
        assertEquals("READ", longest.getString("readiness"));
    }

    @Test
    void cancelEventsSayWhatWasCancelled() {
        List<RecordedEvent> cs = named(Observability.CANCEL);
        assertEquals(1, cs.size(), describe(cs));
        RecordedEvent c = cs.get(0);
        assertEquals("delivered", c.getString("outcome"));
        assertEquals("cancel()", c.getString("reason"));
        assertTrue(c.getInt("requests") >= 1);
        assertTrue(c.getInt("backendPid") > 0);
    }

    @Test
    void notificationsAreDeliveredWithoutTheirPayload() {
        List<RecordedEvent> ns = named(Observability.NOTIFY_DELIVERED);
        assertEquals(2, ns.size(), describe(ns));
        RecordedEvent n = ns.get(0);
        RecordedEvent stored = ns.get(1);
        assertEquals("jfr_other", stored.getString("channel"));
        assertEquals("notifies", stored.getString("delivery"));
        assertEquals((SECRET + "-3").length(), stored.getInt("payloadLength"));
        assertEquals("jfr_channel", n.getString("channel"));
        assertEquals(SECRET.length(), n.getInt("payloadLength"));
        assertEquals("awaitNotifies", n.getString("delivery"));
        assertTrue(n.getInt("senderPid") > 0 && n.getInt("backendPid") > 0 && n.getInt("senderPid") != n.getInt("backendPid"));
    }

    @Test
    void replicationStatusUpdatesCarryThePositions() {
        List<RecordedEvent> rs = named(Observability.REPLICATION_STATUS);
        assertFalse(rs.isEmpty());
        RecordedEvent last = rs.get(rs.size() - 1);
        assertEquals("gw_jfr_slot", last.getString("slot"));
        Lsn flush = Lsn.parse(last.getString("flushLsn"));
        assertTrue(flush.value() > 0, last.toString());
        assertEquals(last.getString("flushLsn"), last.getString("writeLsn"));
        assertTrue(Lsn.parse(last.getString("walEnd")).compareTo(flush) >= 0);
        assertTrue(last.getLong("lagBytes") >= 0);
    }

    @Test
    void noEventCarriesAParameterValueOrAPassword() {
        assertTrue(events.size() > 20, "a real workload was recorded");
        List<String> forbidden = List.of(SECRET, WRONG_PASSWORD, TestServer.SCRAM_PASSWORD, TestServer.PASSWORD_PASSWORD);
        List<String> found = new ArrayList<>();
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().startsWith("dev.greenwire.")) {
                continue;
            }
            StringBuilder all = new StringBuilder();
            collect(e, all);
            for (String f : forbidden) {
                if (all.indexOf(f) >= 0) {
                    found.add(f + " in " + e);
                }
            }
        }
        assertTrue(found.isEmpty(), String.join("\n", found));
    }

    /** Every value of every field, nested objects and stack frames included. */
    private static void collect(RecordedObject o, StringBuilder out) {
        for (jdk.jfr.ValueDescriptor d : o.getFields()) {
            Object v = o.getValue(d.getName());
            if (v instanceof RecordedStackTrace st) {
                for (RecordedFrame f : st.getFrames()) {
                    out.append(f.getMethod().getType().getName()).append('.').append(f.getMethod().getName()).append('\n');
                }
            } else if (v instanceof RecordedObject nested) {
                collect(nested, out);
            } else {
                out.append(v).append('\n');
            }
        }
    }

    @Test
    void theShippedSettingsNameEveryEventWithTheirThresholds() throws Exception {
        Map<String, String> d = Observability.jfrSettings();
        for (String name : Observability.EVENT_NAMES) {
            assertEquals("true", d.get(name + "#enabled"), name);
        }
        assertEquals("10 ms", d.get(Observability.QUERY + "#threshold"));
        assertEquals("10 ms", d.get(Observability.WAIT + "#threshold"));
        assertEquals("10 ms", d.get(Observability.POOL_ACQUIRE + "#threshold"));
        assertEquals("false", d.get(Observability.QUERY + "#stackTrace"));
        assertEquals("0 ms", Observability.jfrProfileSettings().get(Observability.QUERY + "#threshold"));
        assertEquals(d, jdk.jfr.Configuration.create(new java.io.StringReader(Observability.jfc())).getSettings());
    }
}
