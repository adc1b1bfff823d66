package dev.greenwire.internal.engine;

import dev.greenwire.Diagnostics;
import dev.greenwire.NotSupportedException;
import dev.greenwire.OperationalException;
import dev.greenwire.PgException;
import dev.greenwire.PollState;
import dev.greenwire.internal.conninfo.ConnInfo;
import dev.greenwire.internal.conninfo.HostSpec;
import dev.greenwire.internal.protocol.InBuf;
import dev.greenwire.internal.transport.TlsConfig;
import dev.greenwire.internal.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Connecting: for each host in turn, a non-blocking TCP or Unix-socket connect, the startup
 * message, authentication, and the server's parameters up to the first ReadyForQuery. A host
 * that fails (refused, timed out, rejected) hands over to the next; the error names them all.
 */
public final class ConnectOp extends Op {
    private static final Logger LOG = dev.greenwire.internal.observe.Logs.CONNECT;

    private final ConnInfo info;
    private final List<HostSpec> hosts;
    private final String targetAttrs;
    /** prefer-standby: the first pass wants a standby, the second takes any server. */
    private boolean secondPass;
    private final List<String> failures = new ArrayList<>();
    private int hostIndex = -1;
    private HostSpec host;
    private boolean startupSent;
    private Authenticator auth;
    private final String sslmode;
    private TlsConfig tlsConfig;
    /** Whether this attempt on the current host negotiates TLS. */
    private boolean tlsAttempt;
    /** Where the TLS negotiation of the current attempt stands. */
    private enum TlsPhase {
        /** SSLRequest not sent yet. */
        REQUEST,
        /** SSLRequest being written. */
        WRITING,
        /** Waiting for the server's one-byte answer. */
        ANSWER,
        /** The TLS handshake. */
        HANDSHAKE,
        /** Done (or not negotiated). */
        DONE
    }

    private TlsPhase tlsPhase = TlsPhase.REQUEST;
    /** Whether the current host is being tried a second time, with the other TLS choice. */
    private boolean retried;
    /** Counts connection attempts (hosts and retries). */
    private int attempt;
    /** The current host's addresses (several for a name that resolves to several, as libpq tries). */
    private List<SocketAddress> addrs = List.of();
    private int addrIndex;
    /** The address being tried. */
    private SocketAddress addr;
    /** The current host name's resolution, while it runs. */
    private Resolution resolving;

    public ConnectOp(ConnInfo info) {
        this.info = info;
        List<HostSpec> h = new ArrayList<>(info.hosts());
        if ("random".equals(info.get("load_balance_hosts"))) {
            java.util.Collections.shuffle(h);
        }
        this.hosts = h;
        this.targetAttrs = info.targetSessionAttrs();
        this.sslmode = info.sslmode();
    }

    @Override
    int observedKind() {
        return Tracing.CONNECT;
    }

    /** @return the host tried last, or null */
    HostSpec host() {
        return host;
    }

    /** @return the authentication method the server asked for ("none" when it asked for none), or null */
    String authMethod() {
        if (auth == null) {
            return null;
        }
        return auth.method() == null ? "none" : auth.method();
    }

    /** @return the connection attempts made */
    int attempts() {
        return attempt;
    }

    @Override
    void start(Engine c) {
        if ("direct".equals(info.get("sslnegotiation"))) {
            throw new NotSupportedException("sslnegotiation=direct is not supported (it needs PostgreSQL 17);"
                    + " use sslnegotiation=postgres");
        }
        if (!sslmode.equals("disable") && hosts.stream().anyMatch(h -> !h.isUnixSocket())) {
            tlsConfig = TlsConfig.of(sslmode, info::get);
        }
        // start connecting at once, so that an async caller has a channel to wait on
        while (c.transport == null && resolving == null && !done) {
            nextAddress(c);
        }
    }

    private boolean tlsRequired() {
        return sslmode.equals("require") || sslmode.startsWith("verify-");
    }

    @Override
    PollState beforeReading(Engine c) throws IOException {
        if (done) {
            return null;
        }
        while (c.transport == null) {
            if (resolving != null) {
                if (!resolving.isDone()) {
                    return PollState.READ; // on the resolution's channel
                }
                resolved(c);
            } else if (!nextAddress(c)) {
                return null;
            }
        }
        if (!c.transport.isConnected()) {
            try {
                if (!c.transport.finishConnect()) {
                    return PollState.WRITE;
                }
            } catch (IOException e) {
                hostFailed(c, describe(e));
                return beforeReading(c);
            }
        }
        if (!startupSent) {
            if (tlsAttempt && tlsPhase != TlsPhase.DONE) {
                int attemptBefore = attempt;
                PollState s = negotiateTls(c);
                if (s != null) {
                    return s;
                }
                if (c.transport == null || attempt != attemptBefore) {
                    return beforeReading(c); // this host failed, or it is being tried again
                }
            }
            startupSent = true;
            c.out.startup(startupParams(), StandardCharsets.UTF_8);
        }
        return null;
    }

    /**
     * SSLRequest, the server's one-byte answer, and the TLS handshake, as far as the socket
     * allows; null when done (or when the host failed or falls back to plain text).
     */
    private PollState negotiateTls(Engine c) throws IOException {
        if (tlsPhase == TlsPhase.REQUEST) {
            c.out.sslRequest();
            tlsPhase = TlsPhase.WRITING;
        }
        if (tlsPhase == TlsPhase.WRITING) {
            if (!c.transport.write(c.out)) {
                return PollState.WRITE;
            }
            tlsPhase = TlsPhase.ANSWER;
        }
        if (tlsPhase == TlsPhase.ANSWER) {
            int b = c.transport.readByte();
            if (b == -2) {
                return PollState.READ;
            }
            if (b == 'N') {
                if (tlsRequired()) {
                    hostFailed(c, "server does not support SSL, but SSL was required");
                    return null;
                }
                tlsAttempt = false; // prefer: go on in plain text on this socket
                tlsPhase = TlsPhase.REQUEST;
                LOG.debug("the server refused SSL; continuing without it (sslmode={})", sslmode);
                return null;
            }
            if (b != 'S') {
                tlsFailed(c, b == -1 ? "server closed the connection unexpectedly during SSL negotiation"
                        : b == 'E' ? "server does not support SSL (it answered the SSL request with an error)"
                        : "received invalid response to SSL negotiation: " + (char) b);
                return null;
            }
            String name = host.host() != null && !host.host().isEmpty() ? host.host() : host.hostaddr();
            c.transport.startTls(tlsConfig.newEngine(name, host.port()));
            tlsPhase = TlsPhase.HANDSHAKE;
        }
        int need;
        try {
            need = c.transport.handshake();
        } catch (IOException e) {
            tlsFailed(c, "SSL error: " + describeTls(e));
            return null;
        }
        if (need == java.nio.channels.SelectionKey.OP_READ) {
            return PollState.READ;
        }
        if (need == java.nio.channels.SelectionKey.OP_WRITE) {
            return PollState.WRITE;
        }
        tlsPhase = TlsPhase.DONE;
        if (LOG.isDebugEnabled()) {
            var session = c.transport.tlsEngine().getSession();
            LOG.debug("SSL connection ({}, {}), certificate {}", session.getProtocol(), session.getCipherSuite(),
                    tlsConfig.verifying() ? "verified" : "not verified");
        }
        return null;
    }

    private static String describeTls(Throwable e) {
        String m = e.getMessage();
        boolean cert = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                m = t.getMessage();
            }
            cert |= t instanceof java.security.cert.CertificateException
                    || t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException;
        }
        if (m != null && (m.contains("subject alternative") || m.contains("No name matching"))) {
            return "server certificate does not match host name: " + m;
        }
        if (cert) {
            return "certificate verify failed: " + m;
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** A TLS failure: prefer tries the same host again without TLS, other modes fail the host. */
    private void tlsFailed(Engine c, String why) {
        if (sslmode.equals("prefer") && !retried) {
            LOG.debug("{}{}; trying again without SSL (sslmode=prefer)", where(), why);
            retryHost(c, false);
        } else {
            hostFailed(c, why);
        }
    }

    /** Connects to the current host again, with or without TLS. */
    private void retryHost(Engine c, boolean tls) {
        if (c.transport != null) {
            c.transport.close();
            c.transport = null;
        }
        open(c, addr);
        retried = true;
        tlsAttempt = tls;
        tlsPhase = TlsPhase.REQUEST;
    }

    private boolean nextHost(Engine c) {
        hostIndex++;
        if (hostIndex >= hosts.size() && "prefer-standby".equals(targetAttrs) && !secondPass) {
            secondPass = true;
            hostIndex = 0;
        }
        if (hostIndex >= hosts.size()) {
            finishFailed(c);
            return false;
        }
        host = hosts.get(hostIndex);
        startupSent = false;
        auth = null;
        retried = false;
        tlsPhase = TlsPhase.REQUEST;
        attempt++;
        tlsAttempt = tlsConfig != null && !host.isUnixSocket() && !sslmode.equals("allow");
        addrs = List.of();
        addrIndex = 0;
        startDeadline(c);
        if (host.isUnixSocket()) {
            addrs = List.of(UnixDomainSocketAddress.of(host.socketPath()));
            return true;
        }
        String h = host.hostaddr() != null ? host.hostaddr() : host.host();
        try {
            if (Resolution.isLiteral(h)) {
                addrs = List.of(new InetSocketAddress(java.net.InetAddress.getByName(h), host.port()));
            } else {
                resolving = Resolution.start(h);
                c.waitOn(resolving.channel());
            }
        } catch (IOException e) {
            failures.add(where() + describe(e));
        }
        return true;
    }

    /** Takes the finished resolution's addresses, or records why the name did not resolve. */
    private void resolved(Engine c) {
        Resolution r = resolving;
        resolving = null;
        c.waitOn(null);
        r.close();
        try {
            List<SocketAddress> all = new ArrayList<>();
            for (java.net.InetAddress a : r.addresses()) {
                all.add(new InetSocketAddress(a, host.port()));
            }
            addrs = all;
        } catch (java.net.UnknownHostException e) {
            String h = host.hostaddr() != null ? host.hostaddr() : host.host();
            failures.add(where() + "could not translate host name \"" + h + "\" to address: Name or service not known");
        }
    }

    /** Opens the next address of the current host, or moves to the next host. @return false when none is left */
    private boolean nextAddress(Engine c) {
        if (addrIndex < addrs.size()) {
            retried = false;
            tlsAttempt = tlsConfig != null && !host.isUnixSocket() && !sslmode.equals("allow");
            attempt++;
            open(c, addrs.get(addrIndex++));
            return true;
        }
        return nextHost(c);
    }

    private void startDeadline(Engine c) {
        Integer timeout = info.connectTimeoutSeconds();
        c.deadline(timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout * 1_000_000_000L);
    }

    /** Starts a non-blocking connect to one address of the current host. */
    private void open(Engine c, SocketAddress a) {
        addr = a;
        startupSent = false;
        auth = null;
        tlsPhase = TlsPhase.REQUEST;
        c.in.clear();
        c.out.clear();
        if (addrIndex > 1) {
            startDeadline(c); // connect_timeout applies to each address, as in libpq
        }
        try {
            Transport t = Transport.open(a);
            if (!host.isUnixSocket()) {
                try {
                    applyKeepalives(t);
                } catch (IOException | RuntimeException e) {
                    t.close();
                    throw e;
                }
            }
            c.connected(t, a);
            LOG.debug("connecting to {}", a);
        } catch (IOException | RuntimeException e) {
            failures.add(where() + describe(e));
        }
    }

    private String where() {
        if (host.isUnixSocket()) {
            return "connection to server on socket \"" + host.socketPath() + "\" failed: ";
        }
        String h = host.hostaddr() != null ? host.hostaddr() : host.host();
        if (addr instanceof InetSocketAddress ia && ia.getAddress() != null && resolving == null
                && !h.equals(ia.getAddress().getHostAddress())) {
            h = h + "\" (" + ia.getAddress().getHostAddress() + ")";
            return "connection to server at \"" + h + ", port " + host.port() + " failed: ";
        }
        return "connection to server at \"" + h + "\", port " + host.port() + " failed: ";
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException && m != null && m.contains("refused")) {
            return "Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private void hostFailed(Engine c, String why) {
        failures.add(where() + why);
        if (c.transport != null) {
            c.transport.close();
            c.transport = null;
        }
        c.in.clear();
        c.out.clear();
    }

    private void finishFailed(Engine c) {
        String msg = String.join("\n", failures);
        fail(new OperationalException(msg.isEmpty() ? "no host to connect to" : msg));
        done = true;
    }

    private Map<String, String> startupParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("user", info.user());
        p.put("database", info.dbname());
        String app = info.applicationName();
        if (app != null) {
            p.put("application_name", app);
        }
        String enc = info.get("client_encoding");
        p.put("client_encoding", enc == null || enc.equalsIgnoreCase("auto") ? "UTF8" : enc);
        p.put("DateStyle", "ISO");
        if (info.timeZone() != null) {
            p.put("TimeZone", info.timeZone());
        }
        String options = info.get("options");
        if (options != null && !options.isEmpty()) {
            p.put("options", options);
        }
        String repl = info.get("replication");
        if (repl != null) {
            p.put("replication", repl);
        }
        return p;
    }

    @Override
    boolean readyWithoutInput(Engine c) {
        return done;
    }

    @Override
    boolean onMessage(Engine c, InBuf m) {
        switch (m.type()) {
            case 'R' -> {
                if (auth == null) {
                    auth = new Authenticator(info.user(), host.password(), c.config.scramMaxIterations(),
                            info.get("require_auth"), info.get("channel_binding"));
                }
                try {
                    auth.onRequest(c, m);
                } catch (PgException e) {
                    // a client-side refusal: the server waits for an answer we will not send
                    hostFailed(c, e.getMessage());
                    if (!nextHost(c)) {
                        return true;
                    }
                }
            }
            case 'K' -> {
                c.backendPid = m.i32();
                c.secretKey = m.i32();
            }
            case 'v' -> LOG.debug("server negotiated the protocol version down; using 3.0");
            case 'Z' -> {
                c.readyForQuery((char) m.i8());
                String mismatch = sessionMismatch(c);
                if (mismatch != null) {
                    c.out.clear();
                    c.out.terminate();
                    try {
                        c.transport.write(c.out);
                    } catch (IOException ignored) {
                        // we are leaving this server anyway
                    }
                    hostFailed(c, mismatch);
                    return !nextHost(c);
                }
                c.deadline(Long.MAX_VALUE);
                c.markReady();
                LOG.debug("connected to {} as backend {}", c.serverAddress, c.backendPid);
                return true;
            }
            default -> throw Errors.unexpected(m.type(), "during connection startup");
        }
        return false;
    }

    /** libpq's target_session_attrs check, from the parameters PostgreSQL 14+ reports. */
    private String sessionMismatch(Engine c) {
        String want = secondPass ? "any" : "prefer-standby".equals(targetAttrs) ? "standby" : targetAttrs;
        if ("any".equals(want)) {
            return null;
        }
        String standbyParam = c.parameter("in_hot_standby");
        String roParam = c.parameter("default_transaction_read_only");
        if (standbyParam == null || roParam == null) {
            return "target_session_attrs=" + want + " needs a server that reports in_hot_standby"
                    + " (PostgreSQL 14 or later)";
        }
        boolean standby = "on".equals(standbyParam);
        boolean readOnly = standby || "on".equals(roParam);
        return switch (want) {
            case "read-write" -> readOnly ? "session is read-only" : null;
            case "read-only" -> readOnly ? null : "session is not read-only";
            case "primary" -> standby ? "server is in hot standby mode" : null;
            case "standby" -> standby ? null : "server is not in hot standby mode";
            default -> null;
        };
    }

    /** keepalives, keepalives_idle/_interval/_count and tcp_user_timeout as libpq applies them. */
    private void applyKeepalives(Transport t) throws IOException {
        Integer ms = info.intValue("tcp_user_timeout");
        if (ms != null && ms > 0) {
            t.tcpUserTimeout(ms);
        }
        boolean on = !"0".equals(info.get("keepalives"));
        t.keepAlive(on);
        if (on) {
            setOption(t, jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, "keepalives_idle");
            setOption(t, jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, "keepalives_interval");
            setOption(t, jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, "keepalives_count");
        }
    }

    private void setOption(Transport t, java.net.SocketOption<Integer> option, String key) throws IOException {
        Integer n = info.intValue(key);
        if (n != null && n > 0 && t.channel().supportedOptions().contains(option)) {
            t.channel().setOption(option, n);
        }
    }

    @Override
    boolean onError(Engine c, Diagnostics d) {
        String text = d.severity() + ":  " + d.messagePrimary();
        boolean otherTls = !retried && !host.isUnixSocket() && tlsConfig != null
                && ((sslmode.equals("allow") && !tlsAttempt) || (sslmode.equals("prefer") && tlsAttempt));
        if (otherTls && !"28P01".equals(d.sqlstate())) {
            // libpq: allow retries with SSL, prefer without, when the server refuses the first try
            LOG.debug("{}{}; trying again {} SSL (sslmode={})", where(), text, tlsAttempt ? "without" : "with", sslmode);
            retryHost(c, !tlsAttempt);
            return false;
        }
        hostFailed(c, text);
        if (hostIndex + 1 >= hosts.size()) {
            // the last host: raise the server's own error class (e.g. 3D000 → ProgrammingException?
            // psycopg2 raises OperationalError for every connection failure)
            fail(new OperationalException(String.join("\n", failures)).withDiagnostics(d));
            done = true;
            return true;
        }
        return false;
    }

    @Override
    boolean onDeadline(Engine c) {
        if (resolving != null) {
            String h = host.hostaddr() != null ? host.hostaddr() : host.host();
            failures.add(where() + "could not translate host name \"" + h + "\" to address: timeout expired");
            resolving.close();
            resolving = null;
            c.waitOn(null);
            addrs = List.of();
            return !nextAddress(c);
        }
        hostFailed(c, "timeout expired");
        return !nextAddress(c);
    }
}
