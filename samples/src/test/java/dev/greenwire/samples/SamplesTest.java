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
