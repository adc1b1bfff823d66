package dev.greenwire.internal.conninfo;

import dev.greenwire.ProgrammingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connection parameters resolved the way libpq resolves them.
 *
 * <p>{@link #resolve} parses the DSN (key=value pairs or a {@code postgresql://} URI), overlays the
 * explicit parameters, fills what is still missing from the {@code PG*} environment variables and then
 * from the defaults (the OS user, a database named after the user, port 5432, the local socket directory
 * or {@code localhost}). Each {@link HostSpec host} gets its password from the {@code password}
 * parameter, {@code PGPASSWORD} or the password file. Connection services ({@code service},
 * {@code pg_service.conf}) are not supported. Every error is a {@link ProgrammingException} whose
 * message starts with {@code "invalid dsn: "}.
 *
 * <p>{@link #toString()} and {@link #safeDsn()} never show a password.
 */
public final class ConnInfo {
    /** libpq's connection keywords, in the order {@link #params()} and {@link #safeDsn()} list them. */
    static final List<String> KEYWORDS = List.of("host", "hostaddr", "port", "dbname", "user", "password",
            "passfile", "channel_binding", "connect_timeout", "client_encoding", "options", "application_name",
            "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
            "keepalives_count", "tcp_user_timeout", "replication", "gssencmode", "sslmode", "sslnegotiation",
            "sslcompression", "sslcert", "sslkey", "sslpassword", "sslcertmode", "sslrootcert", "sslcrl",
            "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version", "ssl_max_protocol_version",
            "krbsrvname", "gsslib", "gssdelegation", "service", "target_session_attrs", "load_balance_hosts",
            "require_auth");

    /** The environment variables libpq reads, and the keywords they stand for (PGSERVICE is not supported). */
    static final Map<String, String> ENV = envTable("PGHOST=host PGHOSTADDR=hostaddr PGPORT=port PGDATABASE=dbname"
            + " PGUSER=user PGPASSWORD=password PGPASSFILE=passfile PGCHANNELBINDING=channel_binding"
            + " PGOPTIONS=options PGAPPNAME=application_name PGSSLMODE=sslmode PGSSLNEGOTIATION=sslnegotiation"
            + " PGSSLCOMPRESSION=sslcompression PGSSLCERT=sslcert PGSSLKEY=sslkey PGSSLCERTMODE=sslcertmode"
            + " PGSSLROOTCERT=sslrootcert PGSSLCRL=sslcrl PGSSLCRLDIR=sslcrldir PGSSLSNI=sslsni"
            + " PGREQUIREPEER=requirepeer PGREQUIREAUTH=require_auth PGSSLMINPROTOCOLVERSION=ssl_min_protocol_version"
            + " PGSSLMAXPROTOCOLVERSION=ssl_max_protocol_version PGGSSENCMODE=gssencmode PGKRBSRVNAME=krbsrvname"
            + " PGGSSLIB=gsslib PGGSSDELEGATION=gssdelegation PGCONNECT_TIMEOUT=connect_timeout"
            + " PGCLIENTENCODING=client_encoding PGTARGETSESSIONATTRS=target_session_attrs"
            + " PGLOADBALANCEHOSTS=load_balance_hosts");

    /** The keywords that take one of a fixed set of values, checked as libpq checks them. */
    private static final Map<String, Set<String>> CHOICES = Map.of(
            "sslmode", Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full"),
            "target_session_attrs", Set.of("any", "read-write", "read-only", "primary", "standby", "prefer-standby"),
            "load_balance_hosts", Set.of("disable", "random"),
            "channel_binding", Set.of("disable", "prefer", "require"),
            "gssencmode", Set.of("disable", "prefer", "require"),
            "sslcertmode", Set.of("disable", "allow", "require"),
            "sslnegotiation", Set.of("postgres", "direct"));

    private static final List<String> SOCKET_DIRS = List.of("/var/run/postgresql", "/tmp");
    private static final int DEFAULT_PORT = 5432;

    private final Map<String, String> params;
    private final List<HostSpec> hosts;
    private final Integer connectTimeout;
    /** The session TimeZone for the startup packet (ConnectOptions.timeZone, else PGTZ), or null. */
    private final String timeZone;

    private ConnInfo(Map<String, String> params, List<HostSpec> hosts, Integer connectTimeout, String timeZone) {
        this.params = params;
        this.hosts = hosts;
        this.connectTimeout = connectTimeout;
        this.timeZone = timeZone;
    }

    /** @return the session time zone to send when connecting, or null for the server's default */
    public String timeZone() {
        return timeZone;
    }

    /**
     * The same connection info with one more parameter (used by connection classes that need a
     * startup parameter of their own, such as {@code replication}).
     *
     * @param key a libpq keyword
     * @param value its value
     * @return a new ConnInfo
     */
    public ConnInfo with(String key, String value) {
        java.util.LinkedHashMap<String, String> p = new java.util.LinkedHashMap<>(params);
        p.put(key, value);
        return new ConnInfo(Collections.unmodifiableMap(p), hosts, connectTimeout, timeZone);
    }

    private static Map<String, String> envTable(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : spec.split(" ")) {
            m.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return Collections.unmodifiableMap(m);
    }

    static ProgrammingException invalid(String message) {
        return new ProgrammingException("invalid dsn: " + message);
    }

    private static boolean blank(String v) {
        return v == null || v.isEmpty();
    }

    /**
     * Parses a libpq connection string (see {@link DsnParser#parse}).
     *
     * @param dsn the connection string; null or empty gives an empty map
     * @return the parameters in the order given
     */
    public static Map<String, String> parse(String dsn) {
        return DsnParser.parse(dsn);
    }

    /**
     * A connection option as an integer: the one parser of integer option values.
     *
     * @param key the libpq keyword
     * @return its value, null when absent or blank
     * @throws ProgrammingException "invalid dsn: invalid integer value …" naming the option
     */
    public Integer intValue(String key) {
        String v = get(key);
        return v == null || v.isBlank() ? null : DsnParser.parseInt(v, key);
    }

    // ---- resolving ----------------------------------------------------------------------------

    /**
     * Resolves the parameters of a connection as libpq does: the DSN, then {@code extraParams} (which
     * win over the DSN), then the environment for what is still absent, then the defaults; then the hosts
     * and their passwords.
     *
     * @param dsn the connection string (null is taken as empty)
     * @param extraParams keyword parameters overriding the DSN's (null values are ignored); may be null
     * @param env the environment variables ({@code System.getenv()} in production); may be null
     * @return the resolved connection info
     * @throws ProgrammingException "invalid dsn: …" for a malformed DSN, an unknown keyword, a bad value,
     *     or host/hostaddr/port lists that do not match
     */
    public static ConnInfo resolve(String dsn, Map<String, String> extraParams, Map<String, String> env) {
        return resolve(dsn, extraParams, env, null);
    }

    /**
     * {@link #resolve(String, Map, Map)} with a session time zone for the startup packet.
     *
     * @param dsn the DSN
     * @param extraParams keywords that override the DSN's; may be null
     * @param env the environment variables; may be null
     * @param timeZone the session's TimeZone, or null for {@code PGTZ}'s (libpq's variable), if set
     * @return the resolved connection info
     */
    public static ConnInfo resolve(String dsn, Map<String, String> extraParams, Map<String, String> env, String timeZone) {
        Map<String, String> p = parse(dsn);
        if (extraParams != null) {
            extraParams.forEach((k, v) -> {
                if (v != null) {
                    DsnParser.checkKeyword(k, false);
                    p.put(k, v);
                }
            });
        }
        Map<String, String> environment = env == null ? Map.of() : env;
        ENV.forEach((var, key) -> {
            String v = environment.get(var);
            if (v != null && !p.containsKey(key)) {
                p.put(key, v);
            }
        });
        if (blank(p.get("user"))) {
            p.put("user", System.getProperty("user.name"));
        }
        if (blank(p.get("dbname"))) {
            p.put("dbname", p.get("user"));
        }
        if (blank(p.get("port"))) {
            p.put("port", Integer.toString(DEFAULT_PORT));
        }
        CHOICES.forEach((key, allowed) -> {
            String v = p.get(key);
            if (!blank(v) && !allowed.contains(v)) {
                throw invalid("invalid " + key + " value: \"" + v + "\"");
            }
        });
        Integer timeout = null;
        if (!blank(p.get("connect_timeout"))) {
            int t = DsnParser.parseInt(p.get("connect_timeout"), "connect_timeout");
            timeout = t <= 0 ? null : Math.max(2, t);
        }
        List<HostSpec> hosts = hosts(p, passfile(p, environment));
        if (blank(p.get("host")) && blank(p.get("hostaddr"))) {
            p.put("host", hosts.get(0).host());
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String key : KEYWORDS) {
            if (p.containsKey(key)) {
                ordered.put(key, p.get(key));
            }
        }
        String zone = timeZone != null ? timeZone : blank(environment.get("PGTZ")) ? null : environment.get("PGTZ");
        return new ConnInfo(Collections.unmodifiableMap(ordered), List.copyOf(hosts), timeout, zone);
    }

    private static Path passfile(Map<String, String> p, Map<String, String> env) {
        if (!blank(p.get("passfile"))) {
            return Path.of(p.get("passfile"));
        }
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return blank(env.get("APPDATA")) ? null : Path.of(env.get("APPDATA"), "postgresql", "pgpass.conf");
        }
        String home = blank(env.get("HOME")) ? System.getProperty("user.home") : env.get("HOME");
        return blank(home) ? null : Path.of(home, ".pgpass");
    }

    /** Builds the host list as libpq's connectOptions2 does. */
    private static List<HostSpec> hosts(Map<String, String> p, Path passfile) {
        List<String> names = split(p.get("host"));
        List<String> addrs = split(p.get("hostaddr"));
        List<String> ports = split(p.get("port"));
        int count = !addrs.isEmpty() ? addrs.size() : !names.isEmpty() ? names.size() : 1;
        if (!names.isEmpty() && names.size() != count) {
            throw invalid("could not match " + names.size() + " host names to " + count + " hostaddr values");
        }
        if (ports.size() != 1 && ports.size() != count) {
            throw invalid("could not match " + ports.size() + " port numbers to " + count + " hosts");
        }
        String password = p.get("password");
        List<HostSpec> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String portText = ports.get(ports.size() == 1 ? 0 : i);
            int port = portText.isEmpty() ? DEFAULT_PORT : DsnParser.parsePort(portText);
            String addr = i < addrs.size() && !addrs.get(i).isEmpty() ? addrs.get(i) : null;
            String host = i < names.size() ? names.get(i) : "";
            if (host.isEmpty()) {
                host = addr != null ? addr : defaultHost(port);
            }
            String pw = blank(password) ? PgPass.lookup(passfile, host, port, p.get("dbname"), p.get("user")) : password;
            out.add(new HostSpec(host, addr, port, pw));
        }
        return out;
    }

    /** The first default socket directory holding the server's socket for this port, else localhost. */
    private static String defaultHost(int port) {
        return SOCKET_DIRS.stream().filter(dir -> Files.exists(Path.of(dir, ".s.PGSQL." + port))).findFirst()
                .orElse("localhost");
    }

    private static List<String> split(String v) {
        return blank(v) ? List.of() : List.of(v.split(",", -1));
    }

    // ---- accessors ----------------------------------------------------------------------------

    /** {@return the hosts to try, in order, with their ports and passwords; never empty} */
    public List<HostSpec> hosts() {
        return hosts;
    }

    /** {@return the user name: given, {@code PGUSER}, else the OS user} */
    public String user() {
        return params.get("user");
    }

    /** {@return the database name: given, {@code PGDATABASE}, else the user name} */
    public String dbname() {
        return params.get("dbname");
    }

    /**
     * {@return one merged parameter, or null when it was not set}
     *
     * @param key a libpq keyword
     */
    public String get(String key) {
        return params.get(key);
    }

    /**
     * Every merged parameter (defaults for host, port, user and dbname included), in libpq keyword order.
     * It holds the password, if one was given: never log it; use {@link #safeDsn()}.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> params() {
        return params;
    }

    /** {@return application_name, else fallback_application_name, else null} */
    public String applicationName() {
        String name = params.get("application_name");
        return !blank(name) ? name : params.get("fallback_application_name");
    }

    /**
     * The connect timeout per host, as libpq applies it: absent, zero or negative means none; 1 counts as 2.
     *
     * @return the timeout in seconds, or null for none
     */
    public Integer connectTimeoutSeconds() {
        return connectTimeout;
    }

    /** {@return the sslmode, {@code "prefer"} by default} */
    public String sslmode() {
        return blank(params.get("sslmode")) ? "prefer" : params.get("sslmode");
    }

    /** {@return target_session_attrs, the kind of server wanted; {@code "any"} by default} */
    public String targetSessionAttrs() {
        return blank(params.get("target_session_attrs")) ? "any" : params.get("target_session_attrs");
    }

    /**
     * The merged parameters as a key=value connection string, in libpq keyword order, with the password
     * (and sslpassword) shown as {@code xxx}; values are single-quoted when needed.
     *
     * @return a DSN safe to log
     */
    public String safeDsn() {
        StringBuilder sb = new StringBuilder();
        params.forEach((key, value) -> {
            boolean secret = key.equals("password") || key.equals("sslpassword");
            sb.append(sb.isEmpty() ? "" : " ").append(key).append('=').append(secret ? "xxx" : quote(value));
        });
        return sb.toString();
    }

    private static String quote(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(c -> DsnParser.isSpace((char) c) || c == '\'' || c == '\\')) {
            return v;
        }
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Describes the connection without its password. */
    @Override
    public String toString() {
        return "ConnInfo[" + safeDsn() + "]";
    }
}
