package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * close() from another thread while the owner reads a large result: the owner gets a clean
 * "closed" error every time, never an internal error from a buffer or TLS state pulled from
 * under it.
 */
class CloseRaceTest extends PgTest {

    @ParameterizedTest
    @ValueSource(strings = {"sslmode=disable", "sslmode=require"})
    void closeFromAnotherThreadGivesTheOwnerACleanError(String tls) throws Exception {
        for (int i = 0; i < 150; i++) {
            Connection c = Pg.connect(dsn() + " " + tls);
            CompletableFuture<Throwable> owner = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    for (;;) {
                        c.cursor().execute("SELECT repeat('x', 2000) FROM generate_series(1, 300)").fetchAll();
                    }
                } catch (Throwable t) {
                    owner.complete(t);
                }
            });
            java.util.concurrent.locks.LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000, 4_000_000));
            c.close();
            Throwable t = owner.get(20, TimeUnit.SECONDS);
            assertTrue(t instanceof OperationalException || t instanceof InterfaceException, "round " + i + ": " + t);
            assertFalse(String.valueOf(t.getMessage()).contains("internal error"), "round " + i + ": " + t);
            assertTrue(c.isClosed());
        }
    }
}
