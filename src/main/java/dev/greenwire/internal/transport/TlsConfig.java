package dev.greenwire.internal.transport;

import dev.greenwire.NotSupportedException;
import dev.greenwire.OperationalException;
import dev.greenwire.ProgrammingException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CRL;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS settings of a connection, from libpq's parameters: {@code sslmode} decides whether
 * the server's certificate is checked (verify-ca: its chain against {@code sslrootcert};
 * verify-full: and the host name; require: only when a root certificate file exists, as libpq
 * does), {@code sslcert}/{@code sslkey}/{@code sslpassword} give the client certificate,
 * {@code sslcrl}/{@code sslcrldir} revoke certificates, and
 * {@code ssl_min_protocol_version}/{@code ssl_max_protocol_version} bound the protocol.
 * Default files are libpq's: {@code ~/.postgresql/root.crt}, {@code root.crl},
 * {@code postgresql.crt}, {@code postgresql.key}.
 */
public final class TlsConfig {
    private static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private final SSLContext context;
    private final boolean checkHostname;
    private final String[] protocols;
    private final boolean verifying;

    private TlsConfig(SSLContext context, boolean checkHostname, String[] protocols, boolean verifying) {
        this.context = context;
        this.checkHostname = checkHostname;
        this.protocols = protocols;
        this.verifying = verifying;
    }

    /** @return whether the server's certificate chain is verified */
    public boolean verifying() {
        return verifying;
    }

    /**
     * Builds the settings.
     *
     * @param sslmode the sslmode (allow, prefer, require, verify-ca or verify-full)
     * @param param the connection parameters by libpq keyword (null when unset)
     * @return the settings
     * @throws OperationalException when a file is missing or unreadable
     */
    public static TlsConfig of(String sslmode, Function<String, String> param) {
        Path dir = Path.of(System.getProperty("user.home"), ".postgresql");
        String rootParam = blank(param.apply("sslrootcert")) ? null : param.apply("sslrootcert");
        boolean system = "system".equals(rootParam);
        if (system && !sslmode.equals("verify-full")) {
            throw new OperationalException("weak sslmode \"" + sslmode + "\" may not be used with sslrootcert=system"
                    + " (use \"verify-full\")");
        }
        Path root = rootParam == null ? dir.resolve("root.crt") : Path.of(rootParam);
        boolean verify = sslmode.startsWith("verify-") || (sslmode.equals("require") && (system || Files.exists(root)));
        try {
            TrustManager tm;
            if (!verify) {
                tm = new TrustAll();
            } else if (system) {
                TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                f.init((KeyStore) null);
                tm = f.getTrustManagers()[0];
            } else {
                if (!Files.exists(root)) {
                    throw new OperationalException("root certificate file \"" + root + "\" does not exist\n"
                            + "Either provide the file, use the system's trusted roots with sslrootcert=system,"
                            + " or change sslmode to disable server certificate verification.");
                }
                tm = trustManager(Pem.certificates(root, "root certificate file"), crls(param, dir));
            }
            KeyManager km = keyManager(param, dir);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(km == null ? null : new KeyManager[] {km}, new TrustManager[] {tm}, null);
            return new TlsConfig(ctx, sslmode.equals("verify-full"), protocols(param, ctx), verify);
        } catch (GeneralSecurityException e) {
            throw new OperationalException("could not set up SSL: " + e.getMessage(), e);
        }
    }

    /**
     * A client engine for a server.
     *
     * @param host the host name the certificate must match (verify-full), also sent as SNI
     * @param port the port
     * @return the engine, in client mode
     */
    public SSLEngine newEngine(String host, int port) {
        SSLEngine e = context.createSSLEngine(host, port);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(protocols);
        if (checkHostname) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        e.setSSLParameters(p);
        return e;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static List<CRL> crls(Function<String, String> param, Path dir) {
        List<CRL> out = new ArrayList<>();
        String crl = param.apply("sslcrl");
        Path crlFile = blank(crl) ? dir.resolve("root.crl") : Path.of(crl);
        if (Files.exists(crlFile)) {
            out.addAll(Pem.crls(crlFile));
        } else if (!blank(crl)) {
            throw new OperationalException("SSL certificate revocation list file \"" + crl + "\" does not exist");
        }
        String crlDir = param.apply("sslcrldir");
        if (!blank(crlDir)) {
            try (var files = Files.list(Path.of(crlDir))) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.addAll(Pem.crls(f));
                }
            } catch (java.io.IOException e) {
                throw new OperationalException("could not read SSL certificate revocation list directory \"" + crlDir
                        + "\": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static TrustManager trustManager(List<X509Certificate> roots, List<CRL> crls) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < roots.size(); i++) {
            ks.setCertificateEntry("root" + i, roots.get(i));
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
        if (crls.isEmpty()) {
            f.init(ks);
        } else {
            PKIXBuilderParameters p = new PKIXBuilderParameters(ks, new X509CertSelector());
            p.setRevocationEnabled(true);
            p.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
            // revocation from the given CRLs only: no OCSP, no fetching
            var checker = (java.security.cert.PKIXRevocationChecker)
                    java.security.cert.CertPathBuilder.getInstance("PKIX").getRevocationChecker();
            checker.setOptions(java.util.EnumSet.of(java.security.cert.PKIXRevocationChecker.Option.PREFER_CRLS,
                    java.security.cert.PKIXRevocationChecker.Option.NO_FALLBACK));
            p.addCertPathChecker(checker);
            f.init(new CertPathTrustManagerParameters(p));
        }
        for (TrustManager t : f.getTrustManagers()) {
            if (t instanceof X509TrustManager) {
                return t;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static KeyManager keyManager(Function<String, String> param, Path dir) {
        String mode = blank(param.apply("sslcertmode")) ? "allow" : param.apply("sslcertmode");
        if (mode.equals("disable")) {
            return null;
        }
        String certParam = param.apply("sslcert");
        Path cert = blank(certParam) ? dir.resolve("postgresql.crt") : Path.of(certParam);
        if (!Files.exists(cert)) {
            if (mode.equals("require")) {
                throw new OperationalException("sslcertmode=require, but the certificate file \"" + cert
                        + "\" does not exist");
            }
            return null;
        }
        String keyParam = param.apply("sslkey");
        Path key = blank(keyParam) ? dir.resolve("postgresql.key") : Path.of(keyParam);
        if (!Files.exists(key)) {
            throw new OperationalException("certificate present, but not private key file \"" + key + "\"");
        }
        List<X509Certificate> chain = Pem.certificates(cert, "certificate file");
        PrivateKey pk = Pem.privateKey(key, blank(param.apply("sslpassword")) ? null : param.apply("sslpassword"));
        return new FixedKeyManager(pk, chain.toArray(new X509Certificate[0]));
    }

    private static String[] protocols(Function<String, String> param, SSLContext ctx) {
        String min = blank(param.apply("ssl_min_protocol_version")) ? "TLSv1.2" : param.apply("ssl_min_protocol_version");
        String max = param.apply("ssl_max_protocol_version");
        int lo = PROTOCOLS.indexOf(min);
        int hi = blank(max) ? PROTOCOLS.size() - 1 : PROTOCOLS.indexOf(max);
        if (lo < 0) {
            throw new ProgrammingException("invalid ssl_min_protocol_version value: \"" + min + "\"");
        }
        if (hi < 0) {
            throw new ProgrammingException("invalid ssl_max_protocol_version value: \"" + max + "\"");
        }
        if (lo > hi) {
            throw new ProgrammingException("invalid SSL protocol version range");
        }
        List<String> supported = Arrays.asList(ctx.getSupportedSSLParameters().getProtocols());
        List<String> out = new ArrayList<>();
        for (int i = lo; i <= hi; i++) {
            if (supported.contains(PROTOCOLS.get(i))) {
                out.add(PROTOCOLS.get(i));
            }
        }
        if (out.isEmpty()) {
            throw new NotSupportedException("no SSL protocol between " + min + " and " + (blank(max) ? "TLSv1.3" : max)
                    + " is available in this JVM");
        }
        return out.toArray(new String[0]);
    }

    /** sslmode require/prefer/allow without a root certificate: encryption without authentication, as in libpq. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Offers the one client certificate whatever the server asks for, as libpq does. */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        FixedKeyManager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }
}
