package dev.greenwire.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.InterfaceException;
import dev.greenwire.OperationalException;
import dev.greenwire.Pg;
import dev.greenwire.PgException;
import dev.greenwire.testing.TestServer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parking strategy's fast path through the JDK's virtual-thread poller (the tests run with the --add-opens it needs). */
@Timeout(60)
class JdkPollerTest {
    @Test
    void availableWithTheOpensAndUsedOnVirtualThreads() throws Exception {
        assertTrue(JdkPoller.available(), "the surefire argLine opens sun.nio.ch and java.io");
        AtomicReference<Object> result = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try (Connection c = Pg.connect(TestServer.get().dsn(),
                    ConnectOptions.builder().waitCallback(WaitStrategies.parking()).build())) {
                c.autocommit(true);
                int sum = 0;
                for (int i = 0; i < 200; i++) {
                    sum += (Integer) c.cursor().execute("SELECT %s", i).fetchOne().get(0);
                }
                result.set(sum);
            } catch (Throwable t) {
                result.set(t);
            }
        }).join();
        assertEquals(199 * 200 / 2, result.get());
    }

    @Test
    void aConnectionClosedUnderAParkedVirtualThreadEndsItsWait() throws Exception {
        Connection c = Pg.connect(TestServer.get().dsn(), ConnectOptions.builder().waitCallback(WaitStrategies.parking()).build());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                c.cursor().execute("SELECT pg_sleep(30)");
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        while (!c.isExecuting()) {
            Thread.onSpinWait();
        }
        Thread.sleep(100); // let the waiter park in the JDK poller
        c.close();
        waiter.join();
        Throwable t = thrown.get();
        assertTrue(t instanceof OperationalException || t instanceof InterfaceException, String.valueOf(t));
        assertInstanceOf(PgException.class, t);
        assertTrue(c.isClosed());
    }
}
