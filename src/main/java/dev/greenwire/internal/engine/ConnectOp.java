package dev.greenwire.internal.engine;

import dev.greenwire.Diagnostics;
import dev.greenwire.NotSupportedException;
import dev.greenwire.OperationalException;
import dev.greenwire.PgException;
import dev.greenwire.PollState;
import dev.greenwire.internal.conninfo.ConnInfo;
import dev.greenwire.internal.conninfo.HostSpec;
import dev.greenwire.internal.protocol.InBuf;
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
import org.slf4j.LoggerFactory;

/**
 * Connecting: for each host in turn, a non-blocking TCP or Unix-socket connect, the startup
 * message, authentication, and the server's parameters up to the first ReadyForQuery. A host
 * that fails (refused, timed out, rejected) hands over to the next; the error names them all.
 */
public final class ConnectOp extends Op {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectOp.class);

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

    public ConnectOp(ConnInfo info) {
        this.info = info;
        List<HostSpec> h = new ArrayList<>(info.hosts());
        if ("random".equals(info.get("load_balance_hosts"))) {
            java.util.Collections.shuffle(h);
        }
        this.hosts = h;
        this.targetAttrs = info.targetSessionAttrs();
    }

    @Override
    void start(PgConn c) {
        String sslmode = info.sslmode();
        if (!sslmode.equals("disable") && !sslmode.equals("allow") && !sslmode.equals("prefer")) {
            throw new NotSupportedException("sslmode=" + sslmode + " is not supported yet: TLS is not implemented"
                    + " (use sslmode=disable, allow or prefer)");
        }
        // start connecting at once, so that an async caller has a channel to wait on
        while (c.transport == null && !done) {
            nextHost(c);
        }
    }

    @Override
    PollState io(PgConn c) throws IOException {
        if (done) {
            return null;
        }
        while (c.transport == null) {
            if (!nextHost(c)) {
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
                return io(c);
            }
        }
        if (!startupSent) {
            startupSent = true;
            c.out.startup(startupParams(), StandardCharsets.UTF_8);
        }
        return null;
    }

    private boolean nextHost(PgConn c) {
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
        c.in.clear();
        c.out.clear();
        Integer timeout = info.connectTimeoutSeconds();
        c.deadline(timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout * 1_000_000_000L);
        SocketAddress addr;
        try {
            if (host.isUnixSocket()) {
                addr = UnixDomainSocketAddress.of(host.socketPath());
            } else {
                String h = host.hostaddr() != null ? host.hostaddr() : host.host();
                addr = new InetSocketAddress(h, host.port());
                if (((InetSocketAddress) addr).isUnresolved()) {
                    throw new IOException("could not translate host name \"" + h + "\" to address: Name or service not known");
                }
            }
            Transport t = Transport.open(addr);
            if (!host.isUnixSocket()) {
                try {
                    applyKeepalives(t);
                } catch (IOException | RuntimeException e) {
                    t.close();
                    throw e;
                }
            }
            c.connected(t, addr);
            LOG.debug("connecting to {}", addr);
        } catch (IOException | RuntimeException e) {
            failures.add(where() + describe(e));
            return true;
        }
        return true;
    }

    private String where() {
        if (host.isUnixSocket()) {
            return "connection to server on socket \"" + host.socketPath() + "\" failed: ";
        }
        String h = host.hostaddr() != null ? host.hostaddr() : host.host();
        return "connection to server at \"" + h + "\", port " + host.port() + " failed: ";
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException && m != null && m.contains("refused")) {
            return "Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private void hostFailed(PgConn c, String why) {
        failures.add(where() + why);
        if (c.transport != null) {
            c.transport.close();
            c.transport = null;
        }
        c.in.clear();
        c.out.clear();
    }

    private void finishFailed(PgConn c) {
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
    boolean readyWithoutInput(PgConn c) {
        return done;
    }

    @Override
    boolean onMessage(PgConn c, InBuf m) {
        switch (m.type()) {
            case 'R' -> {
                if (auth == null) {
                    auth = new Authenticator(info.user(), host.password(), c.config.scramMaxIterations(),
                            info.get("require_auth"));
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
            default -> throw new OperationalException("protocol error: unexpected message '" + m.type()
                    + "' during connection startup");
        }
        return false;
    }

    /** libpq's target_session_attrs check, from the parameters PostgreSQL 14+ reports. */
    private String sessionMismatch(PgConn c) {
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

    /** keepalives, keepalives_idle/_interval/_count as libpq applies them (tcp_user_timeout is refused). */
    private void applyKeepalives(Transport t) throws IOException {
        String ut = info.get("tcp_user_timeout");
        if (ut != null && !ut.isBlank() && !ut.strip().equals("0")) {
            throw new NotSupportedException("tcp_user_timeout is not supported: the JDK does not expose TCP_USER_TIMEOUT");
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
        String v = info.get(key);
        if (v == null || v.isBlank()) {
            return;
        }
        int n;
        try {
            n = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new dev.greenwire.ProgrammingException("invalid dsn: invalid integer value \"" + v
                    + "\" for connection option \"" + key + "\"");
        }
        if (n > 0 && t.channel().supportedOptions().contains(option)) {
            t.channel().setOption(option, n);
        }
    }

    @Override
    boolean onError(PgConn c, Diagnostics d) {
        String text = d.severity() + ":  " + d.messagePrimary();
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
    boolean onDeadline(PgConn c) {
        hostFailed(c, "timeout expired");
        return !nextHost(c);
    }
}
