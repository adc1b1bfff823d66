package dev.greenwire.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenwire.ConnectOptions;
import dev.greenwire.Cursor;
import dev.greenwire.OperationalException;
import dev.greenwire.Row;
import dev.greenwire.pool.ConnectionPool;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@link HttpServer} on a virtual-thread-per-request executor, backed by a
 * {@link ConnectionPool} of 8 connections that wait through the parking strategy: a request
 * waiting for the database, or for a free connection, parks its virtual thread instead of
 * blocking a carrier. The pool replaces connections the server closes, so the server keeps
 * answering after the database restarts (requests made while it is down get a 503).
 *
 * <ul>
 *   <li>{@code GET /square?n=12}: {@code {"square": 144, "backend": <pid>}}, 400 when n is not an integer;</li>
 *   <li>{@code POST /transfer?from=1&to=2&amount=100}: moves money between two rows of
 *       {@code loom_accounts} in one transaction ({@link ConnectionPool#withConnection}): 200 with
 *       both new balances, 409 when {@code from} has less than {@code amount} (nothing changes),
 *       404 for an unknown account, 400 for bad parameters;</li>
 *   <li>either answers 503 when no connection is to be had within the pool's timeout or the
 *       database is unavailable.</li>
 * </ul>
 *
 * <p>Try {@code curl 'http://127.0.0.1:8080/square?n=12'} and
 * {@code curl -X POST 'http://127.0.0.1:8080/transfer?from=1&to=2&amount=100'}.
 */
public final class LoomHttpServer implements AutoCloseable {
    /** The connections the pool keeps open. */
    public static final int POOL_SIZE = 8;
    /** How long a request waits for a connection before it gets a 503. */
    public static final Duration POOL_TIMEOUT = Duration.ofSeconds(5);
    /** The table {@code /transfer} works on; {@link #start} creates it with 10 accounts of 1000. */
    public static final String ACCOUNTS = "loom_accounts";

    private final HttpServer server;
    private final ConnectionPool pool;
    private final ExecutorService executor;

    private LoomHttpServer(HttpServer server, ConnectionPool pool, ExecutorService executor) {
        this.server = server;
        this.pool = pool;
        this.executor = executor;
    }

    /**
     * Starts the server against {@code GREENWIRE_DSN}, or the embedded server when unset.
     *
     * @param args optional: the port (default 8080; 0 for any free port)
     * @throws IOException when the server cannot bind
     */
    public static void main(String[] args) throws IOException {
        String dsn = System.getenv("GREENWIRE_DSN");
        if (dsn == null || dsn.isBlank()) {
            dsn = TestServer.get().dsn();
        }
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        LoomHttpServer app = start(dsn, port);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "loom-http-stop"));
        System.out.println("listening on http://127.0.0.1:" + app.port() + "/square?n=12");
        System.out.println("try: curl -X POST 'http://127.0.0.1:" + app.port() + "/transfer?from=1&to=2&amount=100'");
        // the HttpServer's dispatcher thread keeps the JVM running; Ctrl-C stops it
    }

    /**
     * Opens a pool of {@link #POOL_SIZE} connections to {@code dsn}, makes sure
     * {@value #ACCOUNTS} exists, and starts the HTTP server on 127.0.0.1.
     *
     * @param dsn the database
     * @param port the port, 0 for any free one
     * @return the running server; {@link #close()} stops it and closes its pool
     * @throws IOException when the server cannot bind
     * @throws dev.greenwire.pool.PoolTimeoutException when the database cannot be reached within 30 s
     */
    public static LoomHttpServer start(String dsn, int port) throws IOException {
        ConnectOptions opts = ConnectOptions.builder().waitCallback(WaitStrategies.parking()).build();
        ConnectionPool pool = ConnectionPool.builder(dsn, opts)
                .name("loom-http")
                .minSize(POOL_SIZE)
                .maxSize(POOL_SIZE)
                .timeout(POOL_TIMEOUT) // while the database restarts, requests wait up to this long
                .build();
        ExecutorService executor = null;
        try {
            pool.waitReady(Duration.ofSeconds(30));
            pool.withConnection(conn -> {
                Cursor cur = conn.cursor();
                cur.execute("CREATE TABLE IF NOT EXISTS " + ACCOUNTS
                        + " (id int PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0))");
                cur.execute("INSERT INTO " + ACCOUNTS + " SELECT g, 1000 FROM generate_series(1, 10) g"
                        + " ON CONFLICT (id) DO NOTHING");
                return null;
            });
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            LoomHttpServer app = new LoomHttpServer(server, pool, executor);
            server.createContext("/square", ex -> app.handle(ex, "GET", app::square));
            server.createContext("/transfer", ex -> app.handle(ex, "POST", app::transfer));
            server.start();
            return app;
        } catch (IOException | RuntimeException | Error e) {
            pool.close();
            if (executor != null) {
                executor.shutdownNow();
            }
            throw e;
        }
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * @param pathAndQuery such as {@code /square?n=3}
     * @return the address of that resource on this server
     */
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** @return the server's pool (for its {@link ConnectionPool#stats() stats}) */
    public ConnectionPool pool() {
        return pool;
    }

    /**
     * Stops accepting requests, lets those in progress finish for up to 2 s, and closes the pool.
     */
    @Override
    public void close() {
        server.stop(0);
        pool.close(Duration.ofSeconds(2));
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- endpoints ------------------------------------------------------------------------

    private Reply square(Map<String, String> params) {
        long n = longParam(params, "n", "2");
        Row r = pool.withConnection(conn ->
                conn.cursor().execute("SELECT %s::int8 * %s::int8, pg_backend_pid()", n, n).fetchOne());
        return new Reply(200, "{\"square\": " + r.get(0) + ", \"backend\": " + r.get(1) + "}");
    }

    private Reply transfer(Map<String, String> params) {
        long from = longParam(params, "from", null);
        long to = longParam(params, "to", null);
        long amount = longParam(params, "amount", null);
        if (amount <= 0) {
            throw new HttpError(400, "amount must be positive");
        }
        if (from == to) {
            throw new HttpError(400, "from and to must be different accounts");
        }
        // one transaction: committed when the lambda returns, rolled back when it throws
        Map<Long, Long> balances = pool.withConnection(conn -> {
            Cursor cur = conn.cursor();
            // lock both rows, lowest id first, so that two opposite transfers cannot deadlock
            cur.execute("SELECT id FROM " + ACCOUNTS + " WHERE id IN (%s, %s) ORDER BY id FOR UPDATE", from, to);
            if (cur.fetchAll().size() != 2) {
                throw new HttpError(404, "no such account");
            }
            cur.execute("UPDATE " + ACCOUNTS + " SET balance = balance - %s WHERE id = %s AND balance >= %s",
                    amount, from, amount);
            if (cur.rowCount() != 1) {
                throw new HttpError(409, "insufficient funds in account " + from);
            }
            cur.execute("UPDATE " + ACCOUNTS + " SET balance = balance + %s WHERE id = %s", amount, to);
            cur.execute("SELECT id, balance FROM " + ACCOUNTS + " WHERE id IN (%s, %s)", from, to);
            Map<Long, Long> m = new HashMap<>();
            for (Row r : cur.fetchAll()) {
                m.put(((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue());
            }
            return m;
        });
        return new Reply(200, "{\"amount\": " + amount
                + ", \"from\": {\"id\": " + from + ", \"balance\": " + balances.get(from) + "}"
                + ", \"to\": {\"id\": " + to + ", \"balance\": " + balances.get(to) + "}}");
    }

    // ---- plumbing -------------------------------------------------------------------------

    /** An answer: a status and a JSON body. */
    private record Reply(int status, String json) {
    }

    /** An endpoint. */
    private interface Endpoint {
        Reply answer(Map<String, String> params);
    }

    /** A request that ends with an error status; thrown inside withConnection it rolls back. */
    static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** Runs an endpoint on the request's virtual thread and always answers. */
    private void handle(HttpExchange exchange, String method, Endpoint endpoint) throws IOException {
        Reply reply;
        try {
            if (!method.equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", method);
                throw new HttpError(405, "use " + method);
            }
            reply = endpoint.answer(query(exchange.getRequestURI().getRawQuery()));
        } catch (HttpError e) {
            reply = new Reply(e.status, error(e.getMessage()));
        } catch (OperationalException e) {
            // the pool's timeout (PoolTimeoutException), a closed pool, a connection lost when
            // the database shut down, an interrupt: try again later
            exchange.getResponseHeaders().add("Retry-After", "1");
            reply = new Reply(503, error("database unavailable: " + e.getClass().getSimpleName()));
        } catch (RuntimeException e) {
            reply = new Reply(500, error(e.getClass().getSimpleName()));
        }
        byte[] b = (reply.json() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), b.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(b);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                String v = eq < 0 ? "" : kv.substring(eq + 1);
                m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static long longParam(Map<String, String> params, String name, String dflt) {
        String v = params.getOrDefault(name, dflt);
        if (v == null) {
            throw new HttpError(400, name + " is required");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new HttpError(400, name + " must be an integer");
        }
    }

    private static String error(String message) {
        return "{\"error\": \"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }
}
