package dev.greenwire.internal.engine;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.exception.ScramException;
import dev.greenwire.NotSupportedException;
import dev.greenwire.OperationalException;
import dev.greenwire.internal.protocol.InBuf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Answers the server's authentication requests: cleartext password, MD5, and SCRAM-SHA-256
 * (through the ongres SCRAM library), with a cap on the iteration count a server may ask for.
 */
final class Authenticator {
    private final String user;
    private final String password;
    private final int maxIterations;
    private final String requireAuth;
    private final String channelBinding;
    private ScramClient scram;
    private boolean authenticated;
    private boolean boundChannel;
    private String method;

    Authenticator(String user, String password, int maxIterations, String requireAuth, String channelBinding) {
        this.user = user;
        this.password = password;
        this.maxIterations = maxIterations;
        this.requireAuth = requireAuth == null || requireAuth.isBlank() ? null : requireAuth.strip();
        this.channelBinding = channelBinding == null || channelBinding.isBlank() ? "prefer" : channelBinding.strip();
    }

    /**
     * libpq's require_auth: a comma list of password, md5, gss, sspi, scram-sha-256, none, or
     * the same list with every entry negated by '!'.
     */
    private void checkRequired(String requested) {
        if (requireAuth == null) {
            return;
        }
        String[] items = requireAuth.split(",");
        boolean negated = items[0].strip().startsWith("!");
        boolean listed = false;
        for (String raw : items) {
            String item = raw.strip();
            if (item.startsWith("!") != negated) {
                throw new dev.greenwire.ProgrammingException("invalid dsn: negative require_auth method \""
                        + item + "\" cannot be mixed with non-negative methods");
            }
            String name = negated ? item.substring(1) : item;
            if (!java.util.Set.of("password", "md5", "gss", "sspi", "scram-sha-256", "none").contains(name)) {
                throw new dev.greenwire.ProgrammingException("invalid dsn: invalid require_auth method: \"" + name + "\"");
            }
            listed |= name.equals(requested);
        }
        if (negated == listed) {
            String what = requested.equals("none") ? "server did not complete authentication"
                    : "server requested " + describe(requested) + " authentication";
            throw new OperationalException("authentication method requirement \"" + requireAuth + "\" failed: " + what);
        }
    }

    private static String describe(String m) {
        return switch (m) {
            case "password" -> "a cleartext password";
            case "md5" -> "a hashed password";
            case "scram-sha-256" -> "SASL";
            default -> m;
        };
    }

    /** @return the method the server asked for, null before a request or when it asked for none */
    String method() {
        return method;
    }

    void onRequest(Engine c, InBuf m) {
        int code = m.i32();
        String requested = switch (code) {
            case 0 -> method == null ? "none" : null;
            case 3 -> "password";
            case 5 -> "md5";
            case 10 -> "scram-sha-256";
            case 7, 8 -> "gss";
            case 9 -> "sspi";
            default -> null;
        };
        if (requested != null && (code != 0 || !authenticated)) {
            checkRequired(requested);
            if (code != 0) {
                method = requested;
            }
        }
        if (code == 0) {
            if (channelBinding.equals("require") && !boundChannel) {
                throw new OperationalException("channel binding required, but server authenticated client without"
                        + " channel binding");
            }
            authenticated = true;
        } else if (code != 11 && code != 12 && code != 10 && channelBinding.equals("require")) {
            throw new OperationalException("channel binding required but not supported by server's authentication request");
        }
        switch (code) {
            case 0 -> { }
            case 3 -> c.out.password(needPassword().getBytes(c.charset()));
            case 5 -> c.out.password(md5(needPassword(), user, m.bytes(4)));
            case 10 -> startSasl(c, m);
            case 11 -> continueSasl(c, m.rest());
            case 12 -> finishSasl(m.rest());
            case 2 -> throw new NotSupportedException("authentication method requested by the server (Kerberos V5) is not supported");
            case 7, 8 -> throw new NotSupportedException("authentication method requested by the server (GSSAPI) is not supported");
            case 9 -> throw new NotSupportedException("authentication method requested by the server (SSPI) is not supported");
            default -> throw new OperationalException("authentication method " + code + " requested by the server is not supported");
        }
    }

    private String needPassword() {
        if (password == null) {
            throw new OperationalException("fe_sendauth: no password supplied");
        }
        return password;
    }

    static byte[] md5(String password, String user, byte[] salt) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(password.getBytes(StandardCharsets.UTF_8));
            md.update(user.getBytes(StandardCharsets.UTF_8));
            byte[] inner = HexFormat.of().formatHex(md.digest()).getBytes(StandardCharsets.US_ASCII);
            md.reset();
            md.update(inner);
            md.update(salt);
            String outer = "md5" + HexFormat.of().formatHex(md.digest());
            return outer.getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new NotSupportedException("MD5 is not available in this JVM", e);
        }
    }

    private void startSasl(Engine c, InBuf m) {
        List<String> mechanisms = new ArrayList<>();
        for (;;) {
            String s = m.cstring();
            if (s.isEmpty()) {
                break;
            }
            mechanisms.add(s);
        }
        javax.net.ssl.SSLEngine tls = c.transport == null ? null : c.transport.tlsEngine();
        if (channelBinding.equals("require") && tls == null) {
            throw new OperationalException("channel binding required, but SSL not in use");
        }
        boolean plus = tls != null && !channelBinding.equals("disable") && mechanisms.contains("SCRAM-SHA-256-PLUS");
        if (channelBinding.equals("require") && !plus) {
            throw new OperationalException("channel binding is required, but server did not offer an authentication"
                    + " method that supports channel binding");
        }
        if (!plus && !mechanisms.contains("SCRAM-SHA-256")) {
            throw new NotSupportedException("none of the server's SASL authentication mechanisms " + mechanisms
                    + " is supported");
        }
        String pw = needPassword();
        var builder = ScramClient.builder()
                .advertisedMechanisms(plus ? List.of("SCRAM-SHA-256-PLUS") : List.of("SCRAM-SHA-256"))
                .username("*")
                .password(pw.toCharArray());
        if (plus) {
            builder.channelBinding("tls-server-end-point", endpointHash(tls));
        }
        scram = builder.build();
        boundChannel = plus;
        byte[] first = scram.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
        c.out.saslInitialResponse(scram.getScramMechanism().getName(), first, StandardCharsets.UTF_8);
    }

    /**
     * RFC 5929's tls-server-end-point: the server certificate hashed with its signature's hash
     * algorithm (SHA-256 when that is MD5 or SHA-1).
     */
    static byte[] endpointHash(javax.net.ssl.SSLEngine tls) {
        try {
            java.security.cert.Certificate[] peer = tls.getSession().getPeerCertificates();
            java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate) peer[0];
            String alg = cert.getSigAlgName().toUpperCase(java.util.Locale.ROOT);
            int with = alg.indexOf("WITH");
            String hash = with > 0 ? alg.substring(0, with) : "SHA256";
            String digest = switch (hash) {
                case "SHA384" -> "SHA-384";
                case "SHA512" -> "SHA-512";
                case "SHA224" -> "SHA-224";
                default -> "SHA-256"; // MD5, SHA1 and SHA256 all map to SHA-256
            };
            if (alg.equals("ED25519") || alg.equals("ED448") || alg.startsWith("RSASSA-PSS")) {
                throw new OperationalException("could not find digest for the server certificate's signature algorithm "
                        + cert.getSigAlgName() + " (channel binding)");
            }
            return MessageDigest.getInstance(digest).digest(cert.getEncoded());
        } catch (javax.net.ssl.SSLPeerUnverifiedException | java.security.cert.CertificateEncodingException
                | NoSuchAlgorithmException e) {
            throw new OperationalException("could not compute channel binding data: " + e.getMessage(), e);
        }
    }

    private void continueSasl(Engine c, byte[] data) {
        if (scram == null) {
            throw new OperationalException("protocol error: SASL continue without a SASL exchange");
        }
        String serverFirst = new String(data, StandardCharsets.UTF_8);
        int iterations = iterations(serverFirst);
        if (iterations > maxIterations) {
            throw new OperationalException("SCRAM authentication refused: the server asks for " + iterations
                    + " iterations, more than the limit of " + maxIterations);
        }
        try {
            scram.serverFirstMessage(serverFirst);
        } catch (ScramException e) {
            throw new OperationalException("SCRAM authentication failed: " + e.getMessage(), e);
        }
        byte[] fin = scram.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8);
        c.out.saslResponse(fin);
    }

    private void finishSasl(byte[] data) {
        if (scram == null) {
            throw new OperationalException("protocol error: SASL final without a SASL exchange");
        }
        try {
            scram.serverFinalMessage(new String(data, StandardCharsets.UTF_8));
        } catch (ScramException e) {
            throw new OperationalException("SCRAM authentication failed: the server's signature does not verify ("
                    + e.getMessage() + ")", e);
        }
    }

    private static int iterations(String serverFirst) {
        for (String part : serverFirst.split(",")) {
            if (part.startsWith("i=")) {
                try {
                    return Integer.parseInt(part.substring(2));
                } catch (NumberFormatException e) {
                    throw new OperationalException("SCRAM authentication failed: invalid iteration count \""
                            + part.substring(2) + "\"");
                }
            }
        }
        throw new OperationalException("SCRAM authentication failed: the server sent no iteration count");
    }
}
