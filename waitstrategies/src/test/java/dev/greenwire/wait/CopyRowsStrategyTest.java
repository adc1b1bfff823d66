package dev.greenwire.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Copy;
import dev.greenwire.Cursor;
import dev.greenwire.IntegrityException;
import dev.greenwire.Pg;
import dev.greenwire.WaitCallback;
import dev.greenwire.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code cursor.copy()} both ways with every wait strategy, on platform and on virtual threads. */
@Timeout(120)
class CopyRowsStrategyTest {

    static Stream<Arguments> strategies() {
        List<Object[]> named = List.of(
                new Object[] {"selector", (Supplier<WaitCallback>) WaitStrategies::selector},
                new Object[] {"parking", (Supplier<WaitCallback>) WaitStrategies::parking},
                new Object[] {"busyPoll", (Supplier<WaitCallback>) WaitStrategies::busyPoll},
                new Object[] {"backoff", (Supplier<WaitCallback>) () -> WaitStrategies.backoff(50, 10, Duration.ofMillis(5))},
                new Object[] {"auto", (Supplier<WaitCallback>) WaitStrategies::auto},
                new Object[] {"withTimeout(parking)",
                    (Supplier<WaitCallback>) () -> WaitStrategies.withTimeout(WaitStrategies.parking(), Duration.ofSeconds(30))});
        return named.stream().flatMap(n -> Stream.of(Arguments.of(n[0], n[1], false), Arguments.of(n[0], n[1], true)));
    }

    @ParameterizedTest(name = "{0}, virtual={2}")
    @MethodSource("strategies")
    void writeRowsReadAndFail(String name, Supplier<WaitCallback> strategy, boolean virtual) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
            try (Connection c = Pg.connect(TestServer.get().dsn(), ConnectOptions.builder().waitCallback(strategy.get()).build())) {
                c.autocommit(true);
                Cursor cur = c.cursor();
                cur.execute("CREATE TEMP TABLE cs (a int PRIMARY KEY, b text)");
                int n = 30_000;
                for (String fmt : List.of("", " (FORMAT binary)")) {
                    cur.execute("TRUNCATE cs");
                    try (Copy copy = cur.copy("COPY cs FROM STDIN" + fmt)) {
                        for (int i = 0; i < n; i++) {
                            copy.writeRow(i, "value " + i + " \t\\ é");
                        }
                    }
                    assertEquals(n, cur.rowCount());
                    long sum = 0;
                    int count = 0;
                    try (Copy copy = cur.copy("COPY (SELECT a, b FROM cs ORDER BY a) TO STDOUT" + fmt)) {
                        for (List<Object> r : copy.rows()) {
                            int a = (Integer) r.get(0);
                            assertEquals("value " + a + " \t\\ é", r.get(1));
                            sum += a;
                            count++;
                        }
                    }
                    assertEquals(n, count);
                    assertEquals((long) n * (n - 1) / 2, sum);
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    try (Copy copy = cur.copy("COPY cs TO STDOUT" + fmt)) {
                        for (byte[] b = copy.read(); b != null; b = copy.read()) {
                            raw.writeBytes(b);
                        }
                    }
                    assertTrue(raw.size() > n * 10);
                    IntegrityException dup = assertThrows(IntegrityException.class, () -> {
                        try (Copy copy = cur.copy("COPY cs FROM STDIN" + fmt)) {
                            for (int i = n - 10; i < 2 * n; i++) {
                                copy.writeRow(i, "again");
                            }
                        }
                    });
                    assertEquals("23505", dup.pgcode());
                    assertEquals((long) n, cur.execute("SELECT count(*) FROM cs").fetchOne().get(0));
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        assertTrue(t.join(Duration.ofSeconds(100)), "the test thread did not finish");
        if (failure.get() instanceof Exception e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
    }
}
