package dev.greenwire.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.testing.TestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The parking strategy follows the connection's live socket: a connection to a host name first
 * waits on the name's resolution (a channel without a socket descriptor), then on its socket,
 * which is parked on through the JDK poller all the same when the JVM opens it.
 */
class LiveSocketTest {

    @Test
    void aConnectionMadeByNameParksOnItsSocket() throws Exception {
        TestServer s = TestServer.get();
        String byName = "host=localhost port=" + s.port() + " dbname=" + s.database() + " user=" + s.superuser()
                + " sslmode=disable";
        CompletableFuture<Object> result = new CompletableFuture<>();
        CountDownLatch connected = new CountDownLatch(1);
        Thread vt = Thread.ofVirtual().start(() -> {
            try (Connection c = Pg.connect(byName, ConnectOptions.builder().waitCallback(WaitStrategies.parking()).build())) {
                c.autocommit(true);
                connected.countDown();
                result.complete(c.cursor().execute("SELECT pg_sleep(1.5), 7").fetchOne().get(1));
            } catch (Throwable t) {
                connected.countDown();
                result.completeExceptionally(t);
            }
        });
        assertTrue(connected.await(20, TimeUnit.SECONDS));
        List<String> samples = new ArrayList<>();
        while (!result.isDone()) {
            samples.add(Arrays.toString(vt.getStackTrace()));
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
        }
        assertEquals(7, result.get(20, TimeUnit.SECONDS));
        String expected = JdkPoller.available() ? "sun.nio.ch.Poller" : "dev.greenwire.wait.Poller";
        assertTrue(samples.stream().anyMatch(f -> f.contains(expected)),
                "the query's wait parked through " + expected + "; samples: " + samples);
        if (JdkPoller.available()) {
            assertTrue(samples.stream().noneMatch(f -> f.contains("dev.greenwire.wait.Poller")),
                    "never through the fallback once the socket is there: " + samples);
        }
    }
}
