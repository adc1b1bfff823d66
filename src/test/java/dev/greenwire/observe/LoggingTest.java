package dev.greenwire.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The layer loggers at TRACE (slf4j-simple in a child JVM): lifecycle and statements appear under
 * {@code dev.greenwire.connect}, {@code .query} and {@code .wait}; a parameter value only on the
 * connection that opted in, a password never.
 */
@Timeout(120)
class LoggingTest {
    private static final String HIDDEN = "Hidden-Param-Value-31ab";
    private static final String SHOWN = "Shown-Param-Value-88cd";

    @Test
    void traceLogsShowStatementsAsWrittenAndValuesOnlyWhenAskedFor() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        TestServer s = TestServer.get();
        Process p = new ProcessBuilder(List.of(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                "-cp", System.getProperty("java.class.path"), LoggingTest.class.getName(),
                s.dsn(TestServer.SCRAM_USER, TestServer.SCRAM_PASSWORD)))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("dev.greenwire.connect - connected to "), out);
        assertTrue(out.contains("authentication scram-sha-256"), out);
        assertTrue(out.contains("dev.greenwire.query - backend "), out);
        assertTrue(out.contains("SELECT %s::text AS hidden [CLIENT]"), out);
        assertTrue(out.contains("SELECT %s::text AS hidden, $1 [SERVER]") || out.contains("[SERVER]"), out);
        assertTrue(out.contains("dev.greenwire.wait - backend "), out);
        assertTrue(out.contains("dev.greenwire.connect - closed the connection"), out);
        assertFalse(out.contains(HIDDEN), "a value was logged without the option:\n" + out);
        assertTrue(out.contains(SHOWN), "the option shows values:\n" + out);
        assertFalse(out.contains(TestServer.SCRAM_PASSWORD), "the password leaked:\n" + out);
    }

    /** The child: the same statements without and with {@code logParameterValues}. */
    public static void main(String[] args) {
        try (Connection c = Pg.connect(args[0])) {
            c.cursor().execute("SELECT %s::text AS hidden", HIDDEN);
            c.cursor().execute("SELECT pg_sleep(0.02)");
        }
        try (Connection c = Pg.connect(args[0], ConnectOptions.builder().serverSideBinding(true).build())) {
            c.cursor().execute("SELECT %s::text AS hidden", HIDDEN);
        }
        try (Connection c = Pg.connect(args[0], ConnectOptions.builder().logParameterValues(true).build())) {
            c.cursor().execute("SELECT %s::text AS shown", SHOWN);
        }
        try (Connection c = Pg.connect(args[0],
                ConnectOptions.builder().logParameterValues(true).serverSideBinding(true).build())) {
            c.cursor().execute("SELECT %s::text AS shown_bound", SHOWN + "-bound");
        }
        System.out.println("done");
    }
}
