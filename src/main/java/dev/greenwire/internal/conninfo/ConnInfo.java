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
 * Connection parameters resolved as libpq resolves them: the DSN (key=value or URI), then
 * explicit options, then the {@code PG*} environment variables, then the defaults; passwords
 * come from the parameters, {@code PGPASSWORD} or the password file, per host.
 */
public final class ConnInfo {
    /** libpq's connection keywords. */
    static final Set<String> KEYWORDS = Set.of("host", "hostaddr", "port", "dbname", "user", "password",
            "passfile", "channel_binding", "connect_timeout", "client_encoding", "options", "application_name",
            "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
            "keepalives_count", "tcp_user_timeout", "replication", "gssencmode", "sslmode", "sslnegotiation",
            "sslcompression", "sslcert", "sslkey", "sslpassword", "sslcertmode", "sslrootcert", "sslcrl",
            "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version", "ssl_max_protocol_version",
            "krbsrvname", "gsslib", "gssdelegation", "service", "target_session_attrs", "load_balance_hosts",
            "require_auth");

    /** Environment variables and the keywords they set. */
    private static final String[][] ENV = {
        {"PGHOST", "host"}, {"PGHOSTADDR", "hostaddr"}, {"PGPORT", "port"}, {"PGDATABASE", "dbname"},
        {"PGUSER", "user"}, {"PGPASSWORD", "password"}, {"PGPASSFILE", "passfile"}, {"PGAPPNAME", "application_name"},
        {"PGOPTIONS", "options"}, {"PGCONNECT_TIMEOUT", "connect_timeout"}, {"PGCLIENTENCODING", "client_encoding"},
        {"PGSSLMODE", "sslmode"}, {"PGSSLROOTCERT", "sslrootcert"}, {"PGSSLCERT", "sslcert"}, {"PGSSLKEY", "sslkey"},
        {"PGSSLCRL", "sslcrl"}, {"PGREQUIREAUTH", "require_auth"}, {"PGCHANNELBINDING", "channel_binding"},
        {"PGTARGETSESSIONATTRS", "target_session_attrs"}, {"PGLOADBALANCEHOSTS", "load_balance_hosts"},
        {"PGSSLNEGOTIATION", "sslnegotiation"}, {"PGKRBSRVNAME", "krbsrvname"}, {"PGGSSENCMODE", "gssencmode"},
    };

    private static final Set<String> SESSION_ATTRS = Set.of("any", "read-write", "read-only", "primary", "standby",
            "prefer-standby");

    private final Map<String, String> params;
    private final List<HostSpec> hosts;

    private ConnInfo(Map<String, String> params, List<HostSpec> hosts) {
        this.params = Collections.unmodifiableMap(params);
        this.hosts = List.copyOf(hosts);
    }

    // ---- parsing -------------------------------------------------------------------------

    /**
     * Parses a libpq connection string: key=value pairs or a {@code postgresql://} URI.
     *
     * @param dsn the string
     * @return its parameters in order
     * @throws ProgrammingException "invalid dsn: …" naming what is wrong
     */
    public static Map<String, String> parse(String dsn) {
        String s = dsn.strip();
        if (s.startsWith("postgresql://") || s.startsWith("postgres://")) {
            return parseUri(s);
        }
        return parseKeyValue(s);
    }

    private static ProgrammingException invalid(String msg) {
        return new ProgrammingException("invalid dsn: " + msg);
    }

    private static Map<String, String> parseKeyValue(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            int ks = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String key = s.substring(ks, i);
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n || s.charAt(i) != '=') {
                throw invalid("missing \"=\" after \"" + key + "\" in connection info string");
            }
            i++;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder v = new StringBuilder();
            if (i < n && s.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        v.append(s.charAt(i++));
                    } else if (c == '\'') {
                        closed = true;
                        break;
                    } else {
                        v.append(c);
                    }
                }
                if (!closed) {
                    throw invalid("unterminated quoted string in connection info string");
                }
            } else {
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        v.append(s.charAt(i++));
                    } else {
                        v.append(c);
                    }
                }
            }
            checkKeyword(key, false);
            out.put(key, v.toString());
        }
    }

    private static void checkKeyword(String key, boolean uri) {
        if (!KEYWORDS.contains(key)) {
            throw uri ? invalid("invalid URI query parameter: \"" + key + "\"")
                    : invalid("invalid connection option \"" + key + "\"");
        }
        if (key.equals("service")) {
            throw invalid("connection services (pg_service.conf) are not supported");
        }
    }

    private static Map<String, String> parseUri(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        String rest = s.substring(s.indexOf("://") + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userinfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userinfo.indexOf(':');
            String user = colon >= 0 ? userinfo.substring(0, colon) : userinfo;
            if (!user.isEmpty()) {
                out.put("user", decode(user));
            }
            if (colon >= 0) {
                out.put("password", decode(userinfo.substring(colon + 1)));
            }
        }
        if (!rest.isEmpty()) {
            List<String> hs = new ArrayList<>();
            List<String> ps = new ArrayList<>();
            boolean anyPort = false;
            for (String hp : rest.split(",", -1)) {
                String h;
                String p = "";
                if (hp.startsWith("[")) {
                    int close = hp.indexOf(']');
                    if (close < 0) {
                        throw invalid("missing \"]\" in IPv6 host address in URI: \"" + s + "\"");
                    }
                    h = hp.substring(1, close);
                    String after = hp.substring(close + 1);
                    if (after.startsWith(":")) {
                        p = after.substring(1);
                    } else if (!after.isEmpty()) {
                        throw invalid("unexpected character \"" + after.charAt(0) + "\" after IPv6 host address in URI");
                    }
                } else {
                    int colon = hp.lastIndexOf(':');
                    h = colon >= 0 ? hp.substring(0, colon) : hp;
                    p = colon >= 0 ? hp.substring(colon + 1) : "";
                    h = decode(h);
                }
                if (!p.isEmpty()) {
                    anyPort = true;
                    parsePort(p);
                }
                hs.add(h);
                ps.add(p);
            }
            if (hs.stream().anyMatch(h -> !h.isEmpty())) {
                out.put("host", String.join(",", hs));
            }
            if (anyPort) {
                out.put("port", String.join(",", ps));
            }
        }
        if (path != null && !path.isEmpty()) {
            out.put("dbname", decode(path));
        }
        if (query != null && !query.isEmpty()) {
            for (String kv : query.split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    throw invalid("missing key/value separator \"=\" in URI query parameter: \"" + kv + "\"");
                }
                String k = decode(kv.substring(0, eq));
                String v = decode(kv.substring(eq + 1));
                if (k.equals("ssl") && v.equals("true")) {
                    k = "sslmode";
                    v = "require";
                }
                checkKeyword(k, true);
                out.put(k, v);
            }
        }
        return out;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw invalid("invalid percent-encoded token: \"" + s.substring(i, Math.min(s.length(), i + 3)) + "\"");
                }
                int v = Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16);
                if (v == 0) {
                    throw invalid("forbidden value %00 in percent-encoded value: \"" + s + "\"");
                }
                b.write(v);
                i += 2;
            } else {
                b.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static int parsePort(String p) {
        try {
            int v = Integer.parseInt(p.strip());
            if (v < 1 || v > 65535) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid("invalid port number: \"" + p + "\"");
        }
    }

    // ---- resolving ---------------------------------------------------------------------------

    /**
     * Parses {@code dsn}, overlays {@code extra}, then fills in from {@code env} and the defaults.
     *
     * @param dsn the connection string
     * @param extra parameters that override the DSN's
     * @param env the environment (System.getenv() in production)
     * @return the resolved parameters
     */
    public static ConnInfo resolve(String dsn, Map<String, String> extra, Map<String, String> env) {
        Map<String, String> p = parse(dsn);
        for (Map.Entry<String, String> e : extra.entrySet()) {
            checkKeyword(e.getKey(), false);
            p.put(e.getKey(), e.getValue());
        }
        for (String[] ev : ENV) {
            String v = env.get(ev[0]);
            if (v != null && !p.containsKey(ev[1])) {
                p.put(ev[1], v);
            }
        }
        p.putIfAbsent("user", System.getProperty("user.name"));
        p.putIfAbsent("dbname", p.get("user"));
        p.putIfAbsent("sslmode", "prefer");
        String tsa = p.getOrDefault("target_session_attrs", "any");
        if (!SESSION_ATTRS.contains(tsa)) {
            throw invalid("invalid target_session_attrs value: \"" + tsa + "\"");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        Path passfile = p.containsKey("passfile") ? Path.of(p.get("passfile"))
                : home == null ? null : Path.of(home, ".pgpass");
        return new ConnInfo(p, hosts(p, passfile));
    }

    private static List<HostSpec> hosts(Map<String, String> p, Path passfile) {
        List<String> hs = split(p.get("host"));
        List<String> addrs = split(p.get("hostaddr"));
        int count = Math.max(hs.size(), addrs.size());
        if (!hs.isEmpty() && !addrs.isEmpty() && hs.size() != addrs.size()) {
            throw invalid("could not match " + hs.size() + " host names to " + addrs.size() + " hostaddr values");
        }
        List<String> ports = split(p.get("port"));
        if (count == 0) {
            int port = ports.isEmpty() || ports.get(0).isEmpty() ? 5432 : parsePort(ports.get(0));
            hs = List.of(defaultHost(port));
            count = 1;
        }
        if (ports.size() > 1 && ports.size() != count) {
            throw invalid("could not match " + ports.size() + " port numbers to " + count + " hosts");
        }
        List<HostSpec> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String h = i < hs.size() ? hs.get(i) : "";
            String a = i < addrs.size() && !addrs.get(i).isEmpty() ? addrs.get(i) : null;
            if (h.isEmpty()) {
                h = a != null ? a : "localhost";
            }
            String ps = ports.isEmpty() ? "" : ports.size() == 1 ? ports.get(0) : ports.get(i);
            int port = ps.isEmpty() ? 5432 : parsePort(ps);
            String pw = p.get("password");
            if (pw == null || pw.isEmpty()) {
                pw = PgPass.lookup(passfile, h, port, p.get("dbname"), p.get("user"));
            }
            out.add(new HostSpec(h, a, port, pw));
        }
        return out;
    }

    private static String defaultHost(int port) {
        for (String dir : new String[] {"/var/run/postgresql", "/tmp"}) {
            if (Files.exists(Path.of(dir, ".s.PGSQL." + port))) {
                return dir;
            }
        }
        return "localhost";
    }

    private static List<String> split(String v) {
        if (v == null || v.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : v.split(",", -1)) {
            out.add(s.strip());
        }
        return out;
    }

    // ---- accessors -------------------------------------------------------------------------------

    /** @return the hosts to try, in order */
    public List<HostSpec> hosts() {
        return hosts;
    }

    /** @return the user name */
    public String user() {
        return params.get("user");
    }

    /** @return the database name */
    public String dbname() {
        return params.get("dbname");
    }

    /** @return a parameter's merged value, or null */
    public String get(String key) {
        return params.get(key);
    }

    /** @return every merged parameter (the password included: never print it) */
    public Map<String, String> params() {
        return params;
    }

    /** @return application_name, else fallback_application_name, else null */
    public String applicationName() {
        String a = params.get("application_name");
        return a != null ? a : params.get("fallback_application_name");
    }

    /** @return connect_timeout in seconds (libpq: 0 or absent = none, 1 counts as 2), or null */
    public Integer connectTimeoutSeconds() {
        String v = params.get("connect_timeout");
        if (v == null || v.isBlank()) {
            return null;
        }
        int t;
        try {
            t = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw invalid("invalid integer value \"" + v + "\" for connection option \"connect_timeout\"");
        }
        if (t <= 0) {
            return null;
        }
        return Math.max(2, t);
    }

    /** @return the sslmode ("prefer" by default) */
    public String sslmode() {
        return params.get("sslmode");
    }

    /** @return target_session_attrs ("any" by default) */
    public String targetSessionAttrs() {
        return params.getOrDefault("target_session_attrs", "any");
    }

    /** @return the parameters in key=value form with the password shown as {@code xxx} */
    public String safeDsn() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String v = e.getKey().equals("password") || e.getKey().equals("sslpassword") ? "xxx" : e.getValue();
            sb.append(e.getKey()).append('=').append(quote(v));
        }
        return sb.toString();
    }

    private static String quote(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '\\')) {
            return v;
        }
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public String toString() {
        return "ConnInfo[" + safeDsn() + "]";
    }
}
