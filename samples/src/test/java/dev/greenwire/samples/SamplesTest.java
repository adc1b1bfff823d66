package dev.greenwire.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.Connection;
import dev.greenwire.Extensions;
import dev.greenwire.Pg;
import dev.greenwire.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplesTest {

    /** Something a sample does, which may throw. */
    interface Body {
        void run() throws Exception;
    }

    /**
     * Runs a sample with System.out captured, on a virtual thread when asked, and returns what it
     * printed; {@code cleanUp} runs afterwards whatever happened.
     */
    private static String captured(boolean virtual, Body body, Runnable cleanUp) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            Runnable r = () -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    failure.set(e);
                }
            };
            if (virtual) {
                Thread.ofVirtual().start(r).join();
            } else {
                r.run();
            }
        } finally {
            System.setOut(old);
            if (System.getenv("SAMPLES_ECHO") != null) {
                old.print(buf.toString(StandardCharsets.UTF_8));
            }
            cleanUp.run();
        }
        if (failure.get() != null) {
            throw new AssertionError("the sample failed", failure.get());
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void quickstartRunsTheChaptersExamples() throws Exception {
        String dsn = TestServer.get().dsn();
        String out = captured(false, () -> {
            try (Connection conn = Pg.connect(dsn)) {
                Quickstart.run(conn, dsn);
            }
        }, () -> Extensions.unregisterAdapter(Quickstart.Point.class));
        assertTrue(out.contains("INSERT INTO mytable VALUES (10, 20, 30);"), out);
        assertTrue(out.contains("mogrify: INSERT INTO atable (apoint) VALUES ('(1.23, 4.56)')"), out);
        assertTrue(out.contains("description: point has type OID 600"), out);
        assertTrue(out.contains("pg_type: point has OID 600"), out);
        assertTrue(out.contains("Point x=10.2 y=20.3"), out);
        assertTrue(out.contains("read back: Point[x=1.23, y=4.56]"), out);
        assertTrue(out.contains("an array of points: [Point[x=1.0, y=2.0], Point[x=3.0, y=4.0]]"), out);
        assertTrue(out.contains(" test hello"), out);
        assertTrue(out.contains("{a=10, b=20, c=30}"), out);
    }

    @Test
    void springJdbcSampleMovesMoneyOnVirtualThreads() throws Exception {
        TestServer s = TestServer.get();
        String url = "jdbc:greenwire:postgresql://" + s.host() + ":" + s.port() + "/" + s.database();
        String password = null;
        for (String kv : s.dsn().split("\\s+")) {
            if (kv.startsWith("password=")) {
                password = kv.substring("password=".length());
            }
        }
        String pw = password;
        String out = captured(true, () -> SpringJdbc.run(url, s.superuser(), pw, 1_000), () -> { });
        assertTrue(out.contains("accounts: [alice, bob, carol]"), out);
        assertTrue(out.contains("transfers: "), out);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("transfers: (\\d+) done, (\\d+) refused").matcher(out);
        assertTrue(m.find(), out);
        assertEquals(1_000, Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)), out);
        assertTrue(out.contains("total balance: 2010.00"), out);
        assertTrue(out.contains("carol never overdrawn: true"), out);
        assertTrue(out.contains("duplicate id: DuplicateKeyException"), out);
    }

    /** Runs one SQL query on the test server and returns its rows as lists. */
    private static java.util.List<java.util.List<Object>> rows(String sql) {
        try (Connection c = Pg.connect(TestServer.get().dsn())) {
            c.autocommit(true);
            return c.cursor().execute(sql).fetchAll().stream().map(r -> r.toList()).toList();
        }
    }

    private static void dropMigrateAndMapSchema() {
        try (Connection c = Pg.connect(TestServer.get().dsn())) {
            c.autocommit(true);
            c.cursor().execute("DROP SCHEMA IF EXISTS " + MigrateAndMap.SCHEMA + " CASCADE");
        }
    }

    @Test
    void migrateAndMapMigratesThenSellsSeatsOnVirtualThreadsTwice() throws Exception {
        TestServer s = TestServer.get();
        String url = "jdbc:greenwire:postgresql://" + s.host() + ":" + s.port() + "/" + s.database();
        String password = null;
        for (String kv : s.dsn().split("\\s+")) {
            if (kv.startsWith("password=")) {
                password = kv.substring("password=".length());
            }
        }
        String pw = password;
        dropMigrateAndMapSchema();
        try {
            // first run: Flyway builds the schema, 300 buyers share 250 seats
            String first = captured(true, () -> MigrateAndMap.run(url, s.superuser(), pw, 300, 250), () -> { });
            assertTrue(first.contains("flyway: 4 migrations applied, schema mam at version 3"), first);
            assertTrue(first.contains("'Greenwire Live #1': 250 seats, 300 buyers on virtual threads"), first);
            assertTrue(first.contains("tickets: 250 sold (front 50, stalls 200; concert SOLD_OUT), 50 buyers turned away"), first);
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("conflicts handled: (\\d+) unique violations of ticket_seat_key").matcher(first);
            assertTrue(m.find(), first);
            // 300 buyers insist first on one of 125 seats: at most one of those wanting a seat gets it
            assertTrue(Integer.parseInt(m.group(1)) >= 300 - 125, first);
            assertTrue(first.contains("concert_sales view: sold 250, free 0, checked in 250"), first);
            assertTrue(first.contains("rows in schema mam: 1 concerts, 250 tickets"), first);

            assertEquals(java.util.List.of(
                            java.util.Arrays.asList("1", "concert", "SQL", true),
                            java.util.Arrays.asList("2", "ticket", "SQL", true),
                            java.util.Arrays.asList("3", "free seat", "SQL", true),
                            java.util.Arrays.asList(null, "concert sales", "SQL", true)),
                    rows("SELECT version, description, type, success FROM mam.flyway_schema_history"
                            + " WHERE type <> 'SCHEMA' ORDER BY installed_rank"));
            assertEquals(java.util.List.of(java.util.List.of(250L, 250L, 1, 250, 250L, 50L)),
                    rows("SELECT count(*), count(DISTINCT seat), min(seat), max(seat), count(checked_in_at),"
                            + " count(*) FILTER (WHERE section = 'FRONT') FROM mam.ticket"));
            assertEquals(java.util.List.of(java.util.Arrays.asList("Greenwire Live #1", "SOLD_OUT", 1L, null)),
                    rows("SELECT title, status, version, mam.free_seat(id, 1) FROM mam.concert"));

            // second run: nothing to migrate, the next concert sells out the same way
            String second = captured(true, () -> MigrateAndMap.run(url, s.superuser(), pw, 300, 250), () -> { });
            assertTrue(second.contains("flyway: 0 migrations applied, schema mam at version 3"), second);
            assertTrue(second.contains("'Greenwire Live #2': 250 seats, 300 buyers on virtual threads"), second);
            assertTrue(second.contains("tickets: 250 sold (front 50, stalls 200; concert SOLD_OUT), 50 buyers turned away"), second);
            assertTrue(second.contains("rows in schema mam: 2 concerts, 500 tickets"), second);
            assertEquals(4, rows("SELECT 1 FROM mam.flyway_schema_history WHERE type <> 'SCHEMA'").size());
            assertEquals(java.util.List.of(java.util.List.of("Greenwire Live #1", 250L), java.util.List.of("Greenwire Live #2", 250L)),
                    rows("SELECT c.title, count(t.id) FROM mam.concert c JOIN mam.ticket t ON t.concert_id = c.id"
                            + " GROUP BY c.id, c.title ORDER BY c.id"));
        } finally {
            dropMigrateAndMapSchema();
        }
    }

    @Test
    void serverBindingSample() throws Exception {
        String out = captured(true, () -> ServerBinding.run(TestServer.get().dsn()),
                () -> Extensions.unregisterAdapter(ServerBinding.OrderLine.class));
        assertTrue(out.contains("inserted 1000 rows; last statement: INSERT INTO sb_orders VALUES ($1, $2, ROW("), out);
        assertTrue(out.contains("row 20: [20, 2026-01-21, OrderLine[sku=sku-6, quantity=1], [20,30)]"), out);
        assertTrue(out.contains("sum of ids: 210"), out);
        assertTrue(out.contains("prepared statements: 1"), out);
        assertTrue(out.contains("orders by quantity 1..5: [200, 200, 200, 200, 200]"), out);
        assertTrue(out.contains("pipeline error: ERROR:  division by zero"), out);
        assertTrue(out.contains("skipped: PipelineAbortedException"), out);
        assertTrue(out.contains("dates: [2026-02-28, 2026-03-01]"), out);
    }

    @Test
    void loomHttpServerAnswersConcurrentRequests() throws Exception {
        try (LoomHttpServer server = LoomHttpServer.start(TestServer.get().dsn(), 0);
             java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
             java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            int port = server.port();
            java.util.List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int n = 1; n <= 200; n++) {
                java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + port + "/square?n=" + n);
                answers.add(ex.submit(() -> client.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body()));
            }
            for (int n = 1; n <= 200; n++) {
                assertTrue(answers.get(n - 1).get().startsWith("{\"square\": " + (long) n * n + ","),
                        answers.get(n - 1).get());
            }
            String bad = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/square?n=abc")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(bad.contains("n must be an integer"), bad);
        }
    }

    @Test
    void logicalDecodingPrintsEachChange() {
        java.util.List<String> lines = LogicalDecoding.run(TestServer.get().dsn(), 5);
        assertEquals(5, lines.size(), String.valueOf(lines));
        assertEquals("INSERT ld_items [1, item 1, 1.50]", lines.get(0));
        assertEquals("INSERT ld_items [5, item 5, 5.50]", lines.get(4));
    }

    @Test
    void replicationQuickstartPrintsTheDecodedStream() throws Exception {
        String dsn = TestServer.get().dsn();
        java.util.List<String> printed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (Connection c = Pg.connect(dsn)) {
            c.autocommit(true);
            c.cursor().execute("CREATE TABLE IF NOT EXISTS rq_t (id int)");
        }
        Thread consumer = Thread.ofPlatform().start(() -> ReplicationQuickstart.run(dsn, printed::add, 3));
        try (Connection c = Pg.connect(dsn)) {
            c.autocommit(true);
            for (int i = 0; i < 200 && consumer.isAlive(); i++) {
                c.cursor().execute("INSERT INTO rq_t VALUES (%s)", i);
                consumer.join(50);
            }
            consumer.join(30_000);
            c.cursor().execute("SELECT pg_drop_replication_slot('pytest')");
        }
        assertTrue(!consumer.isAlive(), "the quick start did not stop");
        assertEquals(3, printed.size(), String.valueOf(printed));
        assertTrue(printed.get(0).startsWith("BEGIN"), printed.get(0));
        assertTrue(printed.get(1).startsWith("table public.rq_t: INSERT: id[integer]:"), printed.get(1));
        assertTrue(printed.get(2).startsWith("COMMIT"), printed.get(2));
    }

    @Test
    void asyncEventLoopDrivesFiftyConnections() throws Exception {
        var tasks = AsyncEventLoop.run(TestServer.get().dsn(), 50);
        assertEquals(50, tasks.size());
        java.util.Set<Object> pids = new java.util.HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            var t = tasks.get(i);
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) t.result;
            assertEquals(i * (i + 1), r.get("product"));
            assertEquals(t.conn.backendPid(), r.get("pg_backend_pid"));
            pids.add(r.get("pg_backend_pid"));
            t.conn.close();
        }
        assertEquals(50, pids.size());
    }

    @Test
    void flightRecordingSummarisesWhereTheTimeWent() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("greenwire-sample", ".jfr");
        java.util.concurrent.atomic.AtomicReference<FlightRecording.Summary> summary = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            String out = captured(false, () -> summary.set(FlightRecording.run(TestServer.get().dsn(), file, 40, 10)), () -> { });
            FlightRecording.Summary s = summary.get();
            assertEquals(401, s.acquires(), "one borrow per statement, and one to set up: " + out);
            assertTrue(s.queries() >= 400, out);
            assertTrue(s.connects() >= 4, out);
            assertTrue(s.wireNanos() > 0 && s.serverNanos() > 0 && s.waits() > 0, out);
            assertTrue(s.byStatement().containsKey("SELECT %s::int * 2, now()"), "recorded as written: " + s.byStatement());
            assertTrue(out.contains("| pool queue (dev.greenwire.PoolAcquire) |"), out);
            assertTrue(out.contains("| in the server and the network (Query − wire) |"), out);
            assertTrue(out.contains("| SELECT %s::int * 2, now() |") || out.contains("| SELECT pg_sleep(%s)"), out);
            assertEquals(s, FlightRecording.summarize(file), "the file holds what was printed");
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
