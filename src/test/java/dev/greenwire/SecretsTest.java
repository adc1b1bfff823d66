package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.testing.TestCerts;
import dev.greenwire.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Passwords never appear in {@code dsn()}, {@code toString()}, exception messages or logs:
 * a child JVM logs at TRACE (slf4j-simple) while connecting with right and wrong passwords
 * and prints everything it can; the parent looks for the secrets in all of it.
 */
class SecretsTest {
    private static final String WRONG = "Wr0ng-Secret-Value";

    @Test
    void passwordsNeverLeak() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        TestServer s = TestServer.get();
        Process p = new ProcessBuilder(List.of(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                "-cp", System.getProperty("java.class.path"), SecretsTest.class.getName(),
                s.dsn(TestServer.SCRAM_USER, TestServer.SCRAM_PASSWORD), s.dsn(TestServer.PASSWORD_USER, WRONG),
                s.dsn(TestServer.CERT_USER, null) + " sslmode=verify-full sslrootcert=" + s.tls().caCert() + " sslcert="
                        + s.tls().clientCert() + " sslkey=" + s.tls().clientKeyEncrypted() + " sslpassword="))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("connected as gw_scram"), out);
        assertTrue(out.contains("password authentication failed"), out);
        assertTrue(out.contains("DEBUG"), "the child did not log at debug/trace: " + out);
        assertFalse(out.contains(TestServer.SCRAM_PASSWORD), "the right password leaked:\n" + out);
        assertFalse(out.contains(WRONG), "the wrong password leaked:\n" + out);
        assertTrue(out.contains("connected with a client certificate as gw_cert"), out);
        assertTrue(out.contains("could not decrypt the key"), out);
        assertFalse(out.contains(TestCerts.KEY_PASSWORD), "the sslpassword leaked:\n" + out);
    }

    /** The child: connect both ways and print what a user might print. */
    public static void main(String[] args) {
        try (Connection c = Pg.connect(args[0])) {
            System.out.println("connected as " + c.cursor().execute("SELECT current_user").fetchOne().get(0));
            System.out.println("dsn: " + c.dsn());
            System.out.println("toString: " + c);
            System.out.println("options: " + ConnectOptions.builder().param("password", TestServer.SCRAM_PASSWORD).build());
        }
        try {
            Pg.connect(args[1]);
        } catch (PgException e) {
            System.out.println("error: " + e + " / " + e.pgerror() + " / " + e.diag());
            e.printStackTrace(System.out);
        }
        try (Connection c = Pg.connect(args[2] + TestCerts.KEY_PASSWORD)) {
            System.out.println("connected with a client certificate as "
                    + c.cursor().execute("SELECT current_user").fetchOne().get(0));
            System.out.println("dsn: " + c.dsn() + " toString: " + c);
        }
        try {
            Pg.connect(args[2] + WRONG);
        } catch (PgException e) {
            System.out.println("error: " + e);
            e.printStackTrace(System.out);
        }
        try {
            Pg.connect(args[1] + " connect_timeout=bogus");
        } catch (PgException e) {
            System.out.println("error: " + e);
        }
    }
}
