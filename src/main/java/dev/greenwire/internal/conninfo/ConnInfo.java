package dev.greenwire.internal.conninfo;

import dev.greenwire.ProgrammingException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

    private ConnInfo(Map<String, String> params, List<HostSpec> hosts, Integer connectTimeout) {
        this.params = params;
        this.hosts = hosts;
        this.connectTimeout = connectTimeout;
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
        return new ConnInfo(Collections.unmodifiableMap(p), hosts, connectTimeout);
    }

    private static Map<String, String> envTable(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : spec.split(" ")) {
            m.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return Collections.unmodifiableMap(m);
    }

    private static ProgrammingException invalid(String message) {
        return new ProgrammingException("invalid dsn: " + message);
    }

    private static boolean blank(String v) {
        return v == null || v.isEmpty();
    }

    // ---- parsing ------------------------------------------------------------------------------

    /**
     * Parses a libpq connection string: whitespace-separated {@code key=value} pairs (values optionally in
     * single quotes; {@code \'} and {@code \\} escape) or a {@code postgresql://} / {@code postgres://} URI.
     * A later duplicate key wins. Keys are checked against libpq's keywords.
     *
     * @param dsn the connection string; null or empty gives an empty map
     * @return the parameters in the order given
     * @throws ProgrammingException "invalid dsn: …" with libpq's description of the problem
     */
    public static Map<String, String> parse(String dsn) {
        if (dsn == null) {
            return new LinkedHashMap<>();
        }
        String s = dsn.strip();
        for (String prefix : new String[] {"postgresql://", "postgres://"}) {
            if (s.startsWith(prefix)) {
                return parseUri(s, prefix.length());
            }
        }
        return parseKeyValue(dsn);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static Map<String, String> parseKeyValue(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while ((i = skipSpace(s, i)) < n) {
            int start = i;
            while (i < n && s.charAt(i) != '=' && !isSpace(s.charAt(i))) {
                i++;
            }
            String key = s.substring(start, i);
            i = skipSpace(s, i);
            if (i >= n || s.charAt(i) != '=') {
                throw invalid("missing \"=\" after \"" + key + "\" in connection info string");
            }
            i = skipSpace(s, i + 1);
            StringBuilder value = new StringBuilder();
            boolean quoted = i < n && s.charAt(i) == '\'';
            if (quoted) {
                i++;
            }
            while (true) {
                if (i >= n) {
                    if (quoted) {
                        throw invalid("unterminated quoted string in connection info string");
                    }
                    break;
                }
                char c = s.charAt(i++);
                if (c == '\\') {
                    if (i < n) {
                        value.append(s.charAt(i++));
                    }
                } else if (quoted ? c == '\'' : isSpace(c)) {
                    break;
                } else {
                    value.append(c);
                }
            }
            checkKeyword(key, false);
            out.put(key, value.toString());
        }
        return out;
    }

    private static void checkKeyword(String key, boolean uri) {
        if (!KEYWORDS.contains(key)) {
            throw invalid(uri ? "invalid URI query parameter: \"" + key + "\""
                    : "invalid connection option \"" + key + "\"");
        }
        if (key.equals("service")) {
            throw invalid("connection option \"service\" is not supported (no pg_service.conf support);"
                    + " give the connection parameters directly");
        }
    }

    /** Parses a URI as libpq's conninfo_uri_parse_options does; {@code i} is the index after the prefix. */
    private static Map<String, String> parseUri(String uri, int i) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = uri.length();
        int at = scan(uri, i, "@/?");
        if (at < n && uri.charAt(at) == '@') {
            String userinfo = uri.substring(i, at);
            int colon = userinfo.indexOf(':');
            String user = colon < 0 ? userinfo : userinfo.substring(0, colon);
            if (!user.isEmpty()) {
                out.put("user", decode(user));
            }
            if (colon >= 0) {
                out.put("password", decode(userinfo.substring(colon + 1)));
            }
            i = at + 1;
        }
        StringBuilder hosts = new StringBuilder();
        StringBuilder ports = new StringBuilder();
        char terminator;
        while (true) {
            int start = i;
            if (i < n && uri.charAt(i) == '[') {
                int close = uri.indexOf(']', i);
                if (close < 0) {
                    throw invalid("end of string reached when looking for matching \"]\" in IPv6 host address in URI: \""
                            + uri + "\"");
                }
                if (close == i + 1) {
                    throw invalid("IPv6 host address may not be empty in URI: \"" + uri + "\"");
                }
                hosts.append(uri, i + 1, close);
                i = close + 1;
                if (i < n && ":/?,".indexOf(uri.charAt(i)) < 0) {
                    throw invalid("unexpected character \"" + uri.charAt(i) + "\" at position " + (i + 1)
                            + " in URI (expected \":\" or \"/\"): \"" + uri + "\"");
                }
            } else {
                hosts.append(uri, start, i = scan(uri, i, ":/?,"));
            }
            terminator = i < n ? uri.charAt(i) : 0;
            if (terminator == ':') {
                start = ++i;
                i = scan(uri, i, "/?,");
                String port = decode(uri.substring(start, i));
                if (!port.isEmpty()) {
                    parsePort(port);
                }
                ports.append(port);
                terminator = i < n ? uri.charAt(i) : 0;
            }
            if (terminator != ',') {
                break;
            }
            i++;
            hosts.append(',');
            ports.append(',');
        }
        if (!hosts.isEmpty()) {
            out.put("host", decode(hosts.toString()));
        }
        if (!ports.isEmpty()) {
            out.put("port", ports.toString());
        }
        if (terminator == '/') {
            int start = ++i;
            i = scan(uri, i, "?");
            if (i > start) {
                out.put("dbname", decode(uri.substring(start, i)));
            }
            terminator = i < n ? '?' : 0;
        }
        if (terminator == '?') {
            parseQuery(uri.substring(i + 1), out);
        }
        return out;
    }

    /** The index of the first character at or after {@code i} that is one of {@code stops}, else the length. */
    private static int scan(String s, int i, String stops) {
        while (i < s.length() && stops.indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private static void parseQuery(String query, Map<String, String> out) {
        int pos = 0;
        while (pos < query.length()) {
            int amp = query.indexOf('&', pos);
            String item = query.substring(pos, amp < 0 ? query.length() : amp);
            pos = amp < 0 ? query.length() : amp + 1;
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw invalid("missing key/value separator \"=\" in URI query parameter: \"" + item + "\"");
            }
            if (item.indexOf('=', eq + 1) >= 0) {
                throw invalid("extra key/value separator \"=\" in URI query parameter: \"" + item.substring(0, eq) + "\"");
            }
            String key = decode(item.substring(0, eq));
            String value = decode(item.substring(eq + 1));
            if (key.equals("ssl") && value.equals("true")) {
                key = "sslmode";
                value = "require";
            }
            checkKeyword(key, true);
            out.put(key, value);
        }
    }

    /** Percent-decodes a URI component (as UTF-8), rejecting malformed escapes and %00 as libpq does. */
    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] != '%') {
                out.write(in[i]);
                continue;
            }
            int hi = i + 1 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int lo = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
            if (hi < 0 || lo < 0) {
                throw invalid("invalid percent-encoded token: \"" + s + "\"");
            }
            if (hi == 0 && lo == 0) {
                throw invalid("forbidden value %00 in percent-encoded value: \"" + s + "\"");
            }
            out.write(hi * 16 + lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
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
        return v == null || v.isBlank() ? null : parseInt(v, key);
    }

    private static int parseInt(String value, String key) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid("invalid integer value \"" + value + "\" for connection option \"" + key + "\"");
        }
    }

    private static int parsePort(String value) {
        int port = parseInt(value, "port");
        if (port < 1 || port > 65535) {
            throw invalid("invalid port number: \"" + value + "\"");
        }
        return port;
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
        Map<String, String> p = parse(dsn);
        if (extraParams != null) {
            extraParams.forEach((k, v) -> {
                if (v != null) {
                    checkKeyword(k, false);
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
            int t = parseInt(p.get("connect_timeout"), "connect_timeout");
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
        return new ConnInfo(Collections.unmodifiableMap(ordered), List.copyOf(hosts), timeout);
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
            int port = portText.isEmpty() ? DEFAULT_PORT : parsePort(portText);
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
        if (!v.isEmpty() && v.chars().noneMatch(c -> isSpace((char) c) || c == '\'' || c == '\\')) {
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
