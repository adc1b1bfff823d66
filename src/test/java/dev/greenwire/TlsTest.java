package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.testing.TestCerts;
import dev.greenwire.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TLS against the test cluster (ssl=on, a throwaway CA): every sslmode, certificates, CRLs, channel binding. */
class TlsTest extends PgTest {
    private static final TestServer S = TestServer.get();
    private static final TestCerts T = S.tls();

    private static String base(String user) {
        return "host=127.0.0.1 port=" + S.port() + " dbname=" + S.database() + " user=" + user;
    }

    /** Whether the session is encrypted, and with which protocol, as the server sees it. */
    private static List<Object> ssl(Connection c) {
        return c.cursor().execute("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchOne().toList();
    }

    private static OperationalException refused(String dsn) {
        return assertThrows(OperationalException.class, () -> Pg.connect(dsn).close());
    }

    @Test
    void sslmodesAgainstAServerWithTls() {
        for (String mode : List.of("prefer", "require", "allow", "disable")) {
            try (Connection c = Pg.connect(base(S.superuser()) + " sslmode=" + mode)) {
                boolean encrypted = !mode.equals("allow") && !mode.equals("disable");
                assertEquals(encrypted, ssl(c).get(0), mode);
            }
        }
        try (Connection c = Pg.connect(base(S.superuser()) + " sslmode=verify-ca sslrootcert=" + T.caCert())) {
            assertEquals(true, ssl(c).get(0));
        }
        try (Connection c = Pg.connect(base(S.superuser()) + " sslmode=verify-full sslrootcert=" + T.caCert())) {
            assertEquals(true, ssl(c).get(0), "127.0.0.1 is an IP SAN of the server certificate");
        }
        try (Connection c = Pg.connect("host=localhost hostaddr=127.0.0.1 port=" + S.port() + " dbname=" + S.database()
                + " user=" + S.superuser() + " sslmode=verify-full sslrootcert=" + T.caCert())) {
            assertEquals(true, ssl(c).get(0), "localhost is a DNS SAN");
        }
    }

    @Test
    void verificationFailures() {
        OperationalException e = refused(base(S.superuser()) + " sslmode=verify-ca sslrootcert=" + T.otherCa());
        assertTrue(e.getMessage().contains("SSL error: certificate verify failed"), e.getMessage());
        e = refused("host=wronghost hostaddr=127.0.0.1 port=" + S.port() + " dbname=" + S.database() + " user="
                + S.superuser() + " sslmode=verify-full sslrootcert=" + T.caCert());
        assertTrue(e.getMessage().contains("server certificate does not match host name"), e.getMessage());
        try (Connection c = Pg.connect("host=wronghost hostaddr=127.0.0.1 port=" + S.port() + " dbname=" + S.database()
                + " user=" + S.superuser() + " sslmode=verify-ca sslrootcert=" + T.caCert())) {
            assertEquals(true, ssl(c).get(0), "verify-ca does not check the name");
        }
        e = refused(base(S.superuser()) + " sslmode=verify-ca sslrootcert=/nonexistent/root.crt");
        assertTrue(e.getMessage().startsWith("root certificate file \"/nonexistent/root.crt\" does not exist"),
                e.getMessage());
        e = refused(base(S.superuser()) + " sslmode=require sslrootcert=system");
        assertEquals("weak sslmode \"require\" may not be used with sslrootcert=system (use \"verify-full\")", e.getMessage());
        e = refused(base(S.superuser()) + " sslmode=verify-full sslrootcert=system");
        assertTrue(e.getMessage().contains("certificate verify failed"), "the JDK's roots do not know our CA: " + e.getMessage());
        e = refused(base(S.superuser()) + " sslmode=require sslrootcert=" + T.otherCa());
        assertTrue(e.getMessage().contains("certificate verify failed"), "require checks the chain when given a root: "
                + e.getMessage());
    }

    @Test
    void revocationLists() {
        String dsn = base(S.superuser()) + " sslmode=verify-ca sslrootcert=" + T.caCert();
        try (Connection c = Pg.connect(dsn + " sslcrl=" + T.crlEmpty())) {
            assertEquals(true, ssl(c).get(0));
        }
        OperationalException e = refused(dsn + " sslcrl=" + T.crlRevokingServer());
        assertTrue(e.getMessage().contains("SSL error: certificate verify failed: Certificate has been revoked"),
                e.getMessage());
        e = refused(dsn + " sslcrl=/nonexistent.crl");
        assertTrue(e.getMessage().contains("\"/nonexistent.crl\" does not exist"), e.getMessage());
    }

    @Test
    void clientCertificatesInEveryKeyFormat() {
        String dsn = base(TestServer.CERT_USER) + " sslmode=verify-full sslrootcert=" + T.caCert();
        for (String keyOpts : List.of("sslcert=" + T.clientCert() + " sslkey=" + T.clientKey(),
                "sslcert=" + T.clientCert() + " sslkey=" + T.clientKeyPkcs1(),
                "sslcert=" + T.clientCert() + " sslkey=" + T.clientKeyEncrypted() + " sslpassword=" + TestCerts.KEY_PASSWORD,
                "sslcert=" + T.clientCertEc() + " sslkey=" + T.clientKeyEc())) {
            try (Connection c = Pg.connect(dsn + " " + keyOpts)) {
                assertEquals(TestServer.CERT_USER, c.cursor().execute("SELECT current_user").fetchOne().get(0), keyOpts);
                assertTrue(c.dsn().contains("sslpassword=xxx") || !keyOpts.contains("sslpassword"), c.dsn());
            }
        }
        OperationalException e = refused(dsn + " sslcert=" + T.clientCert() + " sslkey=" + T.clientKeyEncrypted()
                + " sslpassword=wrong");
        assertTrue(e.getMessage().contains("wrong sslpassword"), e.getMessage());
        assertTrue(!e.getMessage().contains("wrong sslpassword=") && !e.getMessage().contains("password=wrong"),
                "the password is not shown: " + e.getMessage());
        e = refused(dsn + " sslcert=" + T.clientCert() + " sslkey=" + T.clientKeyEncrypted());
        assertTrue(e.getMessage().contains("the key is encrypted and no sslpassword was given"), e.getMessage());
        e = refused(dsn + " sslcert=" + T.clientCert() + " sslkey=/nonexistent.key");
        assertTrue(e.getMessage().contains("certificate present, but not private key file"), e.getMessage());
        e = refused(dsn + " sslcertmode=disable sslcert=" + T.clientCert() + " sslkey=" + T.clientKey());
        assertTrue(e.getMessage().contains("certificate"), "cert auth without a certificate: " + e.getMessage());
        e = refused(dsn + " sslcertmode=require sslcert=/nonexistent.crt");
        assertTrue(e.getMessage().contains("sslcertmode=require"), e.getMessage());
    }

    @Test
    void channelBinding() {
        String scram = base(TestServer.SCRAM_USER) + " password=" + TestServer.SCRAM_PASSWORD;
        try (Connection c = Pg.connect(scram + " sslmode=require channel_binding=require")) {
            assertEquals(true, ssl(c).get(0), "SCRAM-SHA-256-PLUS with tls-server-end-point");
        }
        try (Connection c = Pg.connect(scram + " sslmode=require channel_binding=disable")) {
            assertEquals(TestServer.SCRAM_USER, c.cursor().execute("SELECT current_user").fetchOne().get(0));
        }
        OperationalException e = refused(scram + " sslmode=disable channel_binding=require");
        assertTrue(e.getMessage().contains("channel binding required, but SSL not in use"), e.getMessage());
        e = refused(base(TestServer.TRUST_USER) + " sslmode=require channel_binding=require");
        assertTrue(e.getMessage().contains("channel binding required, but server authenticated client without channel binding"),
                e.getMessage());
        e = refused(base(TestServer.PASSWORD_USER) + " password=" + TestServer.PASSWORD_PASSWORD
                + " sslmode=require channel_binding=require");
        assertTrue(e.getMessage().contains("channel binding required but not supported by server's authentication request"),
                e.getMessage());
    }

    @Test
    void allowAndPreferTryTheOtherWayWhenRefused() {
        String sslOnly = base(TestServer.SSLONLY_USER) + " password=" + TestServer.SSLONLY_PASSWORD;
        try (Connection c = Pg.connect(sslOnly + " sslmode=allow")) {
            assertEquals(true, ssl(c).get(0), "allow: plain text refused by pg_hba, then TLS");
        }
        OperationalException e = refused(sslOnly + " sslmode=disable");
        assertTrue(e.getMessage().contains("pg_hba.conf rejects connection"), e.getMessage());
        try (Connection c = Pg.connect(base(TestServer.NOSSL_USER) + " sslmode=prefer")) {
            assertEquals(false, ssl(c).get(0), "prefer: TLS refused by pg_hba, then plain text");
        }
        e = refused(base(TestServer.NOSSL_USER) + " sslmode=require");
        assertTrue(e.getMessage().contains("pg_hba.conf rejects connection"), e.getMessage());
    }

    @Test
    void protocolVersionBounds() {
        try (Connection c = Pg.connect(base(S.superuser()) + " sslmode=require ssl_min_protocol_version=TLSv1.3")) {
            assertEquals(List.of(true, "TLSv1.3"), ssl(c));
        }
        try (Connection c = Pg.connect(base(S.superuser()) + " sslmode=require ssl_max_protocol_version=TLSv1.2")) {
            assertEquals(List.of(true, "TLSv1.2"), ssl(c));
        }
        ProgrammingException e = assertThrows(ProgrammingException.class, () -> Pg.connect(base(S.superuser())
                + " sslmode=require ssl_min_protocol_version=TLSv1.3 ssl_max_protocol_version=TLSv1.2"));
        assertEquals("invalid SSL protocol version range", e.getMessage());
    }

    @Test
    void bulkDataCopyCancelAndAsyncOverTls() throws Exception {
        try (Connection c = Pg.connect(base(S.superuser()) + " sslmode=require")) {
            Cursor cur = c.cursor();
            String big = (String) cur.execute("SELECT repeat('xyz', 1000000)").fetchOne().get(0);
            assertEquals(3_000_000, big.length());
            assertEquals(200_000, cur.execute("SELECT g, md5(g::text) FROM generate_series(1, 200000) g").fetchAll().size());
            cur.execute("CREATE TEMP TABLE tls_copy (a int, b text)");
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < 50_000; i++) {
                data.append(i).append('\t').append("row ").append(i).append('\n');
            }
            byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
            cur.copyFrom(new ByteArrayInputStream(bytes), "tls_copy", "\t", "\\N", null);
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            cur.copyTo(back, "tls_copy", "\t", "\\N", null);
            assertArrayEquals(bytes, back.toByteArray());

            Thread canceller = Thread.ofVirtual().start(() -> {
                try {
                    while (!c.isExecuting()) {
                        Thread.onSpinWait();
                    }
                    c.cancel();
                } catch (RuntimeException ignored) {
                    // the assertion below tells
                }
            });
            assertThrows(QueryCanceledException.class, () -> cur.execute("SELECT pg_sleep(30)"));
            canceller.join();
            c.rollback();
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0), "usable after the cancel");
        }
        Connection a = Pg.connect(base(S.superuser()) + " sslmode=require", ConnectOptions.builder().async(true).build());
        try {
            AsyncSupport.waitFor(a);
            Cursor cur = a.cursor();
            cur.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
            AsyncSupport.waitFor(a);
            assertEquals(true, cur.fetchOne().get(0), "async poll() over TLS");
        } finally {
            a.close();
        }
    }

    @Test
    void unixSocketsIgnoreSslmodeAndPeerAuthWorks() {
        try (Connection c = Pg.connect(S.unixDsn() + " sslmode=require")) {
            assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0), "libpq ignores sslmode on Unix sockets");
        }
        String peer = S.unixDsn().replace("user=" + S.superuser(), "user=" + TestServer.PEER_USER);
        try (Connection c = Pg.connect(peer)) {
            assertEquals(TestServer.PEER_USER, c.cursor().execute("SELECT current_user").fetchOne().get(0));
        }
        String log = assertDoesNotThrow(() -> java.nio.file.Files.readString(S.logFile()));
        assertTrue(log.contains("method=peer"), "the server logged a peer authentication");
    }
}
