package dev.greenwire.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.InterfaceException;
import dev.greenwire.OperationalException;
import dev.greenwire.Pg;
import dev.greenwire.PgException;
import dev.greenwire.testing.TestServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The parking strategy's fast path through the JDK's virtual-thread poller. The module's tests
 * run twice (see the surefire executions in its pom): with {@code --add-opens
 * java.base/sun.nio.ch} and {@code java.base/java.io}, where the JDK poller must be available
 * and a parked virtual thread must wait in {@code sun.nio.ch.Poller}; and without them (what
 * most users run), where it must be unavailable and the thread must wait on Greenwire's own
 * {@link Poller}. Each execution says which it is with {@code -Dgreenwire.test.addOpens}.
 *
 * <p>Which poller a wait went through is read from the parked virtual thread's own stack
 * ({@link Thread#getStackTrace()} of an unmounted virtual thread is its continuation's
 * frames), taken while it waits for a statement that is blocked on an advisory lock the test
 * holds: {@code sun.nio.ch.Poller.poll} under {@code JdkPoller.park}, or
 * {@code dev.greenwire.wait.Poller.await}. (Whether a {@code greenwire-poller} thread exists
 * would say nothing: that poller is a JVM-wide singleton started by any earlier fallback
 * wait, such as a parking strategy on a platform thread in another test class.)
 */
@Timeout(60)
class JdkPollerTest {
    private static final String JDK_POLLER = "sun.nio.ch.Poller";
    private static final String FALLBACK_POLLER = Poller.class.getName();

    /** Whether this JVM runs with the --add-opens the JDK poller needs, as the execution declares it. */
    private static boolean opensGiven() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        String joined = String.join(" ", args);
        boolean inArgs = joined.contains("java.base/sun.nio.ch=ALL-UNNAMED") && joined.contains("java.base/java.io=ALL-UNNAMED");
        String declared = System.getProperty("greenwire.test.addOpens");
        if (declared != null) {
            assertEquals(Boolean.parseBoolean(declared), inArgs,
                    "-Dgreenwire.test.addOpens=" + declared + " does not match the JVM's arguments " + args);
        }
        return inArgs;
    }

    private static Connection connect() {
        return Pg.connect(TestServer.get().dsn(), ConnectOptions.builder().waitCallback(WaitStrategies.parking()).build());
    }

    /**
     * Waits until {@code t} is parked inside one of the two pollers and returns its stack then.
     */
    private static StackTraceElement[] parkedStack(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        StackTraceElement[] st = new StackTraceElement[0];
        while (System.nanoTime() - deadline < 0 && t.isAlive()) {
            st = t.getStackTrace();
            if (has(st, JDK_POLLER, "poll") || has(st, FALLBACK_POLLER, "await")) {
                return st;
            }
            Thread.sleep(5);
        }
        return fail("the virtual thread never parked in a poller; last stack: " + Arrays.toString(st));
    }

    private static boolean has(StackTraceElement[] st, String cls, String method) {
        return Arrays.stream(st).anyMatch(f -> f.getClassName().equals(cls) && f.getMethodName().equals(method));
    }

    /** The stack of a parked wait went through the poller this JVM must use. */
    private static void assertParkedInTheRightPoller(StackTraceElement[] st) {
        String stack = Arrays.toString(st);
        if (opensGiven()) {
            assertTrue(has(st, JdkPoller.class.getName(), "park") && has(st, JDK_POLLER, "poll"),
                    "with the --add-opens the wait goes through JdkPoller.park into sun.nio.ch.Poller.poll: " + stack);
            assertTrue(!has(st, FALLBACK_POLLER, "await"), "the fallback poller was used: " + stack);
        } else {
            assertTrue(has(st, FALLBACK_POLLER, "await"),
                    "without the --add-opens the wait goes through Greenwire's Poller.await: " + stack);
            assertTrue(!has(st, JDK_POLLER, "poll") && !has(st, JdkPoller.class.getName(), "park"),
                    "the JDK poller was used although java.base is not opened: " + stack);
        }
    }

    @Test
    void availableExactlyWhenOpenedAndUsedOnVirtualThreads() throws Exception {
        assertEquals(opensGiven(), JdkPoller.available(), opensGiven()
                ? "the surefire argLine opens sun.nio.ch and java.io: the JDK poller must be available"
                : "without --add-opens the JDK poller cannot be available");
        try (Connection holder = Pg.connect(TestServer.get().dsn())) {
            holder.autocommit(true);
            holder.cursor().execute("SELECT pg_advisory_lock(4242)");
            AtomicReference<Object> result = new AtomicReference<>();
            Thread vt = Thread.ofVirtual().start(() -> {
                try (Connection c = connect()) {
                    c.autocommit(true);
                    int sum = 0;
                    for (int i = 0; i < 200; i++) {
                        sum += (Integer) c.cursor().execute("SELECT %s", i).fetchOne().get(0);
                    }
                    // blocked until the test has seen where this thread waits
                    c.cursor().execute("SELECT pg_advisory_lock(4242)");
                    result.set(sum);
                } catch (Throwable t) {
                    result.set(t);
                }
            });
            StackTraceElement[] st;
            try {
                st = parkedStack(vt);
            } finally {
                holder.cursor().execute("SELECT pg_advisory_unlock(4242)");
            }
            assertTrue(vt.join(Duration.ofSeconds(30)), "the virtual thread did not end");
            assertEquals(199 * 200 / 2, result.get());
            assertParkedInTheRightPoller(st);
        }
    }

    @Test
    void aConnectionClosedUnderAParkedVirtualThreadEndsItsWait() throws Exception {
        Connection c = connect();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                c.cursor().execute("SELECT pg_sleep(30)");
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        StackTraceElement[] st = parkedStack(waiter); // parked in the poller, not merely started
        c.close();
        assertTrue(waiter.join(Duration.ofSeconds(10)), "closing the connection did not wake the parked thread");
        assertParkedInTheRightPoller(st);
        Throwable t = thrown.get();
        assertTrue(t instanceof OperationalException || t instanceof InterfaceException, String.valueOf(t));
        assertInstanceOf(PgException.class, t);
        assertTrue(c.isClosed());
    }
}
