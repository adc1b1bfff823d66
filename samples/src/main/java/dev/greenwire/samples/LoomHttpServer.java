package dev.greenwire.samples;

import com.sun.net.httpserver.HttpServer;
import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.Row;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;

/**
 * The JDK's {@link HttpServer} on a virtual-thread-per-task executor; each request borrows a
 * connection from a small pool and runs a query through the parking wait strategy, so a
 * waiting request parks its virtual thread instead of blocking a carrier.
 *
 * <p>Try {@code curl 'http://127.0.0.1:8080/square?n=12'}.
 */
public final class LoomHttpServer {
    private LoomHttpServer() {
    }

    /**
     * Starts the server.
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
        HttpServer server = start(dsn, port);
        System.out.println("listening on http://127.0.0.1:" + server.getAddress().getPort() + "/square?n=12");
    }

    /**
     * Starts the server with a pool of 8 connections to {@code dsn}.
     *
     * @param dsn the database
     * @param port the port, 0 for any free one
     * @return the running server (its pooled connections live as long as the JVM)
     * @throws IOException when the server cannot bind
     */
    public static HttpServer start(String dsn, int port) throws IOException {
        BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(8);
        ConnectOptions opts = ConnectOptions.builder().waitCallback(WaitStrategies.parking()).build();
        for (int i = 0; i < 8; i++) {
            Connection c = Pg.connect(dsn, opts);
            c.autocommit(true);
            pool.add(c);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/square", exchange -> {
            String q = exchange.getRequestURI().getQuery();
            int status = 200;
            String body;
            try {
                long n = Long.parseLong(q == null ? "2" : q.replaceFirst("^n=", ""));
                Connection c = pool.take();
                try {
                    Row r = c.cursor().execute("SELECT %s::int8 * %s::int8, pg_backend_pid()", n, n).fetchOne();
                    body = "{\"square\": " + r.get(0) + ", \"backend\": " + r.get(1) + "}\n";
                } finally {
                    pool.put(c);
                }
            } catch (NumberFormatException e) {
                status = 400;
                body = "{\"error\": \"n must be an integer\"}\n";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
                body = "{\"error\": \"interrupted\"}\n";
            } catch (RuntimeException e) {
                status = 500;
                body = "{\"error\": \"" + e.getClass().getSimpleName() + "\"}\n";
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, b.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(b);
            }
        });
        server.start();
        return server;
    }
}
