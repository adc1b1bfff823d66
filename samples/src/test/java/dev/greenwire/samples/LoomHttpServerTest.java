package dev.greenwire.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.Row;
import dev.greenwire.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pooled {@link LoomHttpServer}, driven over HTTP against the test server. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LoomHttpServerTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern BALANCES = Pattern.compile(
            "\"from\": \\{\"id\": (\\d+), \"balance\": (-?\\d+)}, \"to\": \\{\"id\": (\\d+), \"balance\": (-?\\d+)}");

    private LoomHttpServer app;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        app = LoomHttpServer.start(TestServer.get().dsn(), 0);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(app.uri(pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> transfer(long from, long to, long amount) throws Exception {
        return send("POST", "/transfer?from=" + from + "&to=" + to + "&amount=" + amount);
    }

    /** Replaces the accounts with ids 1..n holding the given balances (a direct connection). */
    private static void accounts(long... balances) {
        try (Connection c = Pg.connect(TestServer.get().dsn())) {
            c.cursor().execute("DELETE FROM " + LoomHttpServer.ACCOUNTS);
            for (int i = 0; i < balances.length; i++) {
                c.cursor().execute("INSERT INTO " + LoomHttpServer.ACCOUNTS + " VALUES (%s, %s)", i + 1, balances[i]);
            }
            c.commit();
        }
    }

    /** The balances by id, read with a direct connection. */
    private static Map<Long, Long> balances() {
        try (Connection c = Pg.connect(TestServer.get().dsn())) {
            c.autocommit(true);
            Map<Long, Long> m = new TreeMap<>();
            for (Row r : c.cursor().execute("SELECT id, balance FROM " + LoomHttpServer.ACCOUNTS).fetchAll()) {
                m.put(((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue());
            }
            return m;
        }
    }

    private static long total(Map<Long, Long> balances) {
        return balances.values().stream().mapToLong(Long::longValue).sum();
    }

    // ---- tests -----------------------------------------------------------------------------

    @Test
    void squareAndTransferAnswer() throws Exception {
        accounts(1000, 1000, 1000);
        HttpResponse<String> sq = send("GET", "/square?n=12");
        assertEquals(200, sq.statusCode(), sq.body());
        assertTrue(sq.body().startsWith("{\"square\": 144, \"backend\": "), sq.body());
        assertEquals("application/json", sq.headers().firstValue("Content-Type").orElse(null));

        HttpResponse<String> t = transfer(1, 2, 100);
        assertEquals(200, t.statusCode(), t.body());
        assertEquals("{\"amount\": 100, \"from\": {\"id\": 1, \"balance\": 900}, \"to\": {\"id\": 2, \"balance\": 1100}}",
                t.body().strip());
        assertEquals(Map.of(1L, 900L, 2L, 1100L, 3L, 1000L), balances());

        // bad requests change nothing
        assertEquals(400, send("GET", "/square?n=abc").statusCode());
        assertEquals(405, send("GET", "/transfer?from=1&to=2&amount=1").statusCode());
        assertEquals(400, send("POST", "/transfer?from=1&to=2").statusCode());
        assertEquals(400, transfer(1, 2, 0).statusCode());
        assertEquals(400, transfer(1, 2, -5).statusCode());
        assertEquals(400, transfer(1, 1, 5).statusCode());
        assertEquals(400, send("POST", "/transfer?from=1&to=x&amount=1").statusCode());
        HttpResponse<String> unknown = transfer(1, 99, 5);
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals(Map.of(1L, 900L, 2L, 1100L, 3L, 1000L), balances());
    }

    @Test
    void insufficientFundsIs409AndChangesNothing() throws Exception {
        accounts(50, 0);
        HttpResponse<String> r = transfer(1, 2, 51);
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(r.body().contains("insufficient funds"), r.body());
        assertEquals(Map.of(1L, 50L, 2L, 0L), balances());
        assertEquals(409, transfer(2, 1, 1).statusCode());
        assertEquals(Map.of(1L, 50L, 2L, 0L), balances());

        // the failed transactions were rolled back and their connections reused: all of it can move
        for (int i = 0; i < 3 * LoomHttpServer.POOL_SIZE; i++) {
            assertEquals(409, transfer(1, 2, 1000).statusCode());
        }
        HttpResponse<String> ok = transfer(1, 2, 50);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(Map.of(1L, 0L, 2L, 50L), balances());
        Map<String, Long> stats = app.pool().stats();
        assertEquals(0L, stats.get("returnsBad"), String.valueOf(stats));
        assertEquals(0L, stats.get("requestsErrors"), String.valueOf(stats));
    }

    @Test
    void concurrentTransfersKeepTheTotal() throws Exception {
        long[] initial = {200, 200, 200, 200, 200};
        accounts(initial);
        Random rnd = new Random(42);
        record Move(long from, long to, long amount) {
        }
        List<Move> moves = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long from = 1 + rnd.nextInt(initial.length);
            long to = 1 + (from + rnd.nextInt(initial.length - 1)) % initial.length;
            // every 10th asks for more than there is in all: it must be refused
            moves.add(new Move(from, to, i % 10 == 0 ? 5000 : 1 + rnd.nextInt(100)));
        }
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Move m : moves) {
                answers.add(ex.submit(() -> transfer(m.from(), m.to(), m.amount())));
            }
            Map<Long, Long> expected = new TreeMap<>();
            for (int i = 0; i < initial.length; i++) {
                expected.put(i + 1L, initial[i]);
            }
            int done = 0;
            int refused = 0;
            for (int i = 0; i < moves.size(); i++) {
                Move m = moves.get(i);
                HttpResponse<String> r = answers.get(i).get(30, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    done++;
                    expected.merge(m.from(), -m.amount(), Long::sum);
                    expected.merge(m.to(), m.amount(), Long::sum);
                    Matcher b = BALANCES.matcher(r.body());
                    assertTrue(b.find(), r.body());
                    assertTrue(Long.parseLong(b.group(2)) >= 0 && Long.parseLong(b.group(4)) >= 0, r.body());
                } else {
                    assertEquals(409, r.statusCode(), m + ": " + r.body());
                    refused++;
                }
                if (m.amount() == 5000) {
                    assertEquals(409, r.statusCode(), m + ": " + r.body());
                }
            }
            Map<Long, Long> actual = balances();
            assertEquals(1000, total(actual), String.valueOf(actual));
            assertEquals(expected, actual, "the balances are not what the " + done + " accepted transfers make");
            assertTrue(actual.values().stream().allMatch(v -> v >= 0), String.valueOf(actual));
            assertTrue(done > 100, done + " transfers done, " + refused + " refused");
            assertTrue(refused >= 40, done + " transfers done, " + refused + " refused");
        }
        Map<String, Long> stats = app.pool().stats();
        assertTrue(stats.get("requestsQueued") > 0, "400 concurrent requests never waited for a connection: " + stats);
        assertEquals((long) LoomHttpServer.POOL_SIZE, stats.get("poolSize"), String.valueOf(stats));
    }

    @Test
    void anExhaustedPoolAnswers503AfterItsTimeout() throws Exception {
        accounts(100, 100);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < LoomHttpServer.POOL_SIZE; i++) {
                held.add(app.pool().connection(Duration.ofSeconds(10)));
            }
            long t0 = System.nanoTime();
            HttpResponse<String> r = transfer(1, 2, 10);
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.body().contains("PoolTimeoutException"), r.body());
            assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
            assertTrue(waited >= LoomHttpServer.POOL_TIMEOUT.toMillis() - 500, "answered after " + waited + " ms");
        } finally {
            held.forEach(Connection::close);
        }
        assertEquals(Map.of(1L, 100L, 2L, 100L), balances());
        HttpResponse<String> ok = transfer(1, 2, 10);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(Map.of(1L, 90L, 2L, 110L), balances());
    }

    /** One request made during the restart test. */
    private record Outcome(long startNanos, long endNanos, String request, int status, String body, Throwable error) {
        boolean ok() {
            return error == null && status == 200;
        }

        String describe(long origin) {
            return String.format("%s started %+d ms, ended %+d ms: %s", request, (startNanos - origin) / 1_000_000,
                    (endNanos - origin) / 1_000_000, error != null ? error : status + " " + body.strip());
        }
    }

    @Test
    void recoversFromADatabaseRestart() throws Exception {
        TestServer db = TestServer.get();
        assertEquals("local", db.kind(), "this test restarts the database: it needs the local test cluster");
        accounts(1_000_000, 1_000_000);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int id = w;
            clients.add(Thread.ofVirtual().name("restart-client-" + w).start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String request = i % 2 == 0 ? "GET /square?n=" + i
                            : "POST /transfer?from=" + (1 + id % 2) + "&to=" + (2 - id % 2) + "&amount=1";
                    String[] parts = request.split(" ");
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = send(parts[0], parts[1]);
                        outcomes.add(new Outcome(t0, System.nanoTime(), request, r.statusCode(), r.body(), null));
                    } catch (Throwable e) {
                        outcomes.add(new Outcome(t0, System.nanoTime(), request, -1, "", e));
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        long restartBegan;
        long restarted;
        try {
            long warm = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (outcomes.size() < 8 && System.nanoTime() < warm) {
                Thread.sleep(20); // a few answers before the restart
            }
            restartBegan = System.nanoTime();
            db.restart();
            restarted = System.nanoTime(); // the server accepts connections again
            Thread.sleep(4_000);
        } finally {
            stop.set(true);
            for (Thread t : clients) {
                t.join(Duration.ofSeconds(30));
            }
        }
        for (Thread t : clients) {
            assertFalse(t.isAlive(), t + " did not stop");
        }

        long deadline = restarted + Duration.ofSeconds(2).toNanos();
        List<Outcome> all = new ArrayList<>(outcomes);
        all.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        List<String> wrong = new ArrayList<>();
        int before = 0;
        int after = 0;
        int overlapping = 0;
        for (Outcome o : all) {
            if (o.endNanos() < restartBegan) {
                before++;
                if (!o.ok()) {
                    wrong.add("failed before the restart: " + o.describe(restarted));
                }
                continue;
            }
            if (o.startNanos() >= deadline) {
                after++;
            } else if (o.startNanos() < restarted) {
                overlapping++;
            }
            if (o.ok()) {
                continue;
            }
            if (o.endNanos() >= deadline) {
                // made after the deadline, or waiting since before it and still not served
                wrong.add("failed more than 2 s after the restart: " + o.describe(restarted));
            } else if (o.status() != 503) {
                wrong.add("failed during the restart with something else than a 503: " + o.describe(restarted));
            }
        }
        if (!wrong.isEmpty()) {
            fail(wrong.size() + " wrong answers (times relative to the end of restart()):\n"
                    + wrong.stream().limit(30).collect(Collectors.joining("\n")));
        }
        long unavailable = all.stream().filter(o -> o.status() == 503).count();
        long firstOk = all.stream().filter(o -> o.ok() && o.startNanos() >= restarted)
                .mapToLong(Outcome::endNanos).min().orElse(Long.MAX_VALUE);
        String summary = before + " requests before the restart, " + overlapping + " during it, " + after
                + " from 2 s after it on; " + unavailable + " answered 503; restart() took "
                + (restarted - restartBegan) / 1_000_000 + " ms, first success "
                + (firstOk == Long.MAX_VALUE ? "never" : (firstOk - restarted) / 1_000_000 + " ms") + " after it; pool "
                + app.pool().stats();
        System.out.println("recoversFromADatabaseRestart: " + summary);
        assertTrue(before >= 8, summary);
        assertTrue(overlapping >= 1, summary);
        assertTrue(after >= 20, summary);
        Map<String, Long> stats = app.pool().stats();
        assertTrue(stats.get("connectionsNum") > LoomHttpServer.POOL_SIZE, "the pool did not reconnect: " + summary);

        // every connection of the pool works again, and the money is all there
        List<Future<HttpResponse<String>>> burst = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4 * LoomHttpServer.POOL_SIZE; i++) {
                int n = i;
                burst.add(ex.submit(() -> send("GET", "/square?n=" + n)));
            }
            for (int i = 0; i < burst.size(); i++) {
                HttpResponse<String> r = burst.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().startsWith("{\"square\": " + (long) i * i + ","), r.body());
            }
        }
        assertEquals(2_000_000L, total(balances()));
    }
}
