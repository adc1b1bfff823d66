package dev.greenwire.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Notify;
import dev.greenwire.Pg;
import dev.greenwire.ProgrammingException;
import dev.greenwire.QueryCanceledException;
import dev.greenwire.TransactionStatus;
import dev.greenwire.WaitCallback;
import dev.greenwire.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same correctness checks for every strategy, on platform and on virtual threads. */
@Timeout(120)
class StrategyTest {

    static Stream<Arguments> strategies() {
        List<Object[]> named = List.of(
                new Object[] {"selector", (Supplier<WaitCallback>) WaitStrategies::selector},
                new Object[] {"parking", (Supplier<WaitCallback>) WaitStrategies::parking},
                new Object[] {"busyPoll", (Supplier<WaitCallback>) WaitStrategies::busyPoll},
                new Object[] {"backoff", (Supplier<WaitCallback>) () -> WaitStrategies.backoff(50, 10, Duration.ofMillis(5))},
                new Object[] {"auto", (Supplier<WaitCallback>) WaitStrategies::auto},
                new Object[] {"withTimeout(parking)",
                    (Supplier<WaitCallback>) () -> WaitStrategies.withTimeout(WaitStrategies.parking(), Duration.ofSeconds(30))});
        return named.stream().flatMap(n -> Stream.of(
                Arguments.of(n[0], n[1], false), Arguments.of(n[0], n[1], true)));
    }

    private static Connection connect(WaitCallback cb) {
        return Pg.connect(TestServer.get().dsn(), ConnectOptions.builder().waitCallback(cb).build());
    }

    /** Runs {@code body} on a platform or a virtual thread and rethrows what it threw. */
    private static void on(boolean virtual, ThrowingRunnable body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        if (failure.get() instanceof Exception e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @ParameterizedTest(name = "{0} virtual={2}")
    @MethodSource("strategies")
    void queriesResultsAndErrors(String name, Supplier<WaitCallback> s, boolean virtual) throws Exception {
        on(virtual, () -> {
            try (Connection c = connect(s.get())) {
                Cursor cur = c.cursor();
                assertEquals(3, cur.execute("SELECT %s + %s", 1, 2).fetchOne().get(0));
                cur.execute("SELECT g, md5(g::text) FROM generate_series(1, 20000) g");
                assertEquals(20000, cur.fetchAll().size());
                assertThrows(ProgrammingException.class, () -> cur.execute("SELECT nope"));
                c.rollback();
                assertEquals("ok", cur.execute("SELECT 'ok'").fetchOne().get(0));
                c.commit();
            }
        });
    }

    @ParameterizedTest(name = "{0} virtual={2}")
    @MethodSource("strategies")
    void tlsHandshakeAndTrafficThroughTheStrategy(String name, Supplier<WaitCallback> s, boolean virtual) throws Exception {
        TestServer srv = TestServer.get();
        String dsn = srv.dsn() + " sslmode=verify-full sslrootcert=" + srv.tls().caCert();
        on(virtual, () -> {
            try (Connection c = Pg.connect(dsn, ConnectOptions.builder().waitCallback(s.get()).build())) {
                Cursor cur = c.cursor();
                assertEquals(true, cur.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchOne().get(0));
                cur.execute("SELECT g, repeat(md5(g::text), 10) FROM generate_series(1, 20000) g");
                assertEquals(20000, cur.fetchAll().size());
                assertThrows(ProgrammingException.class, () -> cur.execute("SELECT nope"));
                c.rollback();
                assertEquals(1_000_000, ((String) cur.execute("SELECT repeat('z', 1000000)").fetchOne().get(0)).length());
            }
        });
    }

    @ParameterizedTest(name = "{0} virtual={2}")
    @MethodSource("strategies")
    void notificationsAreAwaitedThroughTheStrategy(String name, Supplier<WaitCallback> s, boolean virtual) throws Exception {
        on(virtual, () -> {
            try (Connection listener = connect(s.get()); Connection sender = connect(s.get())) {
                listener.autocommit(true);
                sender.autocommit(true);
                listener.cursor().execute("LISTEN gw_strategy");
                assertEquals(List.of(), listener.awaitNotifies(Duration.ofMillis(50)));
                CompletableFuture<Void> send = CompletableFuture.runAsync(() ->
                        sender.cursor().execute("NOTIFY gw_strategy, 'hi'"));
                List<Notify> got = listener.awaitNotifies(Duration.ofSeconds(30));
                send.get();
                assertEquals(1, got.size());
                assertEquals("hi", got.get(0).payload());
                assertEquals(sender.backendPid(), got.get(0).pid());
            }
        });
    }

    @ParameterizedTest(name = "{0} virtual={2}")
    @MethodSource("strategies")
    void interruptCancelsAndKeepsTheConnection(String name, Supplier<WaitCallback> s, boolean virtual) throws Exception {
        try (Connection c = connect(s.get())) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                try {
                    c.cursor().execute("SELECT pg_sleep(60)");
                } catch (Throwable e) {
                    thrown.set(e);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            });
            while (!c.isExecuting() && t.isAlive()) {
                Thread.onSpinWait();
            }
            t.interrupt();
            t.join();
            assertInstanceOf(QueryCanceledException.class, thrown.get());
            assertTrue(flag.get());
            on(virtual, () -> {
                c.rollback();
                assertEquals(TransactionStatus.IDLE, c.transactionStatus());
                assertEquals(5, c.cursor().execute("SELECT 5").fetchOne().get(0));
            });
        }
    }

    @ParameterizedTest(name = "{0} virtual={2}")
    @MethodSource("strategies")
    void timeoutCancelsOnTheServer(String name, Supplier<WaitCallback> s, boolean virtual) throws Exception {
        on(virtual, () -> {
            try (Connection c = connect(WaitStrategies.withTimeout(s.get(), Duration.ofMillis(300)))) {
                QueryCanceledException e = assertThrows(QueryCanceledException.class,
                        () -> c.cursor().execute("SELECT pg_sleep(30)"));
                assertEquals("57014", e.pgcode());
                c.rollback();
                assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0));
            }
        });
    }

    @ParameterizedTest(name = "{0} virtual={2}")
    @MethodSource("strategies")
    void asGlobalCallback(String name, Supplier<WaitCallback> s, boolean virtual) throws ExecutionException, Exception {
        // counts the waits of connections that have no callback of their own, then waits with the strategy
        WaitCallback strategy = s.get();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        dev.greenwire.Extensions.setWaitCallback(conn -> {
            calls.incrementAndGet();
            strategy.waitFor(conn);
        });
        try {
            on(virtual, () -> {
                try (Connection c = Pg.connect(TestServer.get().dsn())) {
                    int afterConnect = calls.get();
                    assertTrue(afterConnect >= 1, "connecting did not wait through the global callback");
                    assertEquals(2L, c.cursor().execute("SELECT 2::int8").fetchOne().get(0));
                    assertEquals(afterConnect + 1, calls.get(), "the statement waits once through the global callback");
                }
            });
        } finally {
            dev.greenwire.Extensions.setWaitCallback(null);
        }
        assertTrue(calls.get() >= 2, "calls: " + calls.get());
    }
}
