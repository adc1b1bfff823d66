package dev.greenwire.jdbc;

import dev.greenwire.ConnectOptions;
import dev.greenwire.WaitCallback;
import dev.greenwire.wait.WaitStrategies;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A {@code jdbc:greenwire:postgresql://host[:port][,host2[:port]…]/db?key=value&…} URL and
 * its properties, turned into the core's libpq parameters and the driver's own settings.
 * libpq keywords pass through as they are; pgjdbc's property names are mapped to them; the
 * driver's own settings (waitStrategy, reWriteBatchedInserts…) are taken out; an unknown
 * property is refused with an error naming it.
 */
final class JdbcConfig {
    static final String PREFIX = "jdbc:greenwire:";

    /** libpq's connection keywords, passed on to the core as they are. */
    static final Set<String> LIBPQ = Set.of("host", "hostaddr", "port", "dbname", "user", "password", "passfile",
            "channel_binding", "connect_timeout", "client_encoding", "options", "application_name",
            "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
            "tcp_user_timeout", "gssencmode", "sslmode", "sslnegotiation", "sslcompression", "sslcert", "sslkey",
            "sslpassword", "sslcertmode", "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer",
            "ssl_min_protocol_version", "ssl_max_protocol_version", "krbsrvname", "gsslib", "gssdelegation",
            "service", "target_session_attrs", "load_balance_hosts", "require_auth");

    /** pgjdbc's properties that have the same meaning as a libpq keyword. */
    static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("PGHOST", "host"), Map.entry("PGPORT", "port"), Map.entry("PGDBNAME", "dbname"),
            Map.entry("ApplicationName", "application_name"), Map.entry("connectTimeout", "connect_timeout"),
            Map.entry("gssEncMode", "gssencmode"), Map.entry("channelBinding", "channel_binding"),
            Map.entry("sslMode", "sslmode"), Map.entry("sslRootCert", "sslrootcert"), Map.entry("sslCert", "sslcert"),
            Map.entry("sslKey", "sslkey"), Map.entry("sslPassword", "sslpassword"));

    /** pgjdbc's properties accepted with no effect here (their concern is handled otherwise or not at all). */
    static final Set<String> IGNORED = Set.of("assumeMinServerVersion", "hostRecheckSeconds",
            "logUnclosedConnections", "preparedStatementCacheSizeMiB", "databaseMetadataCacheFields",
            "databaseMetadataCacheFieldsMiB", "disableColumnSanitiser", "receiveBufferSize", "sendBufferSize",
            "cancelSignalTimeout", "readOnlyMode", "logServerErrorDetail", "quoteReturningIdentifiers",
            "adaptiveFetch", "maxResultBuffer", "unknownLength", "groupStartupParameters", "jaasLogin");

    /** The driver's own settings. */
    static final Set<String> DRIVER = Set.of("waitStrategy", "reWriteBatchedInserts", "stringtype",
            "escapeSyntaxCallMode", "defaultRowFetchSize", "readOnly", "socketTimeout", "loginTimeout",
            "prepareThreshold", "preparedStatementCacheQueries", "ssl", "tcpKeepAlive", "targetServerType",
            "loadBalanceHosts", "currentSchema", "autosave", "binaryTransfer", "binaryTransferEnable",
            "binaryTransferDisable");

    final String url;
    final Map<String, String> params = new LinkedHashMap<>();
    WaitCallback waitCallback;
    String waitStrategyName = "auto";
    Duration socketTimeout;
    int prepareThreshold = 5;
    int preparedMax = 100;
    boolean rewriteBatchedInserts;
    /** Whether prepared statements read some columns in binary (pgjdbc's binaryTransfer; see BinaryValues). */
    boolean binaryTransfer = true;
    /** The session TimeZone sent when connecting (the JVM's zone, as pgjdbc), or null (options sets one). */
    String timeZone;
    /** The types binaryTransferDisable names: read in text even when binaryTransfer is on. */
    Set<Integer> binaryDisabled = Set.of();
    boolean varcharStrings = true;
    String callMode = "select";
    int defaultFetchSize;
    boolean readOnly;

    private JdbcConfig(String url) {
        this.url = url;
    }

    /** @return whether {@code url} is one of this driver's */
    static boolean accepts(String url) {
        return url != null && (url.startsWith(PREFIX + "postgresql:") || url.startsWith(PREFIX + "postgres:"));
    }

    /**
     * Parses a URL and its properties (the URL's query wins over {@code info}).
     *
     * @param url the JDBC URL
     * @param info the properties, may be null
     * @return the configuration
     * @throws SQLException naming what was wrong
     */
    static JdbcConfig parse(String url, Properties info) throws SQLException {
        if (!accepts(url)) {
            throw bad("not a Greenwire URL: " + url + " (expected jdbc:greenwire:postgresql://host[:port]/database)");
        }
        JdbcConfig c = new JdbcConfig(url);
        Map<String, String> props = new LinkedHashMap<>();
        if (info != null) {
            for (String k : info.stringPropertyNames()) {
                String v = info.getProperty(k);
                if (v != null) {
                    props.put(k, v);
                }
            }
        }
        String rest = url.substring(url.indexOf(':', PREFIX.length()) + 1);
        Map<String, String> fromUrl = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        String query = q < 0 ? null : rest.substring(q + 1);
        String main = q < 0 ? rest : rest.substring(0, q);
        if (main.startsWith("//")) {
            String auth = main.substring(2);
            int slash = auth.indexOf('/');
            String path = slash < 0 ? "" : auth.substring(slash + 1);
            auth = slash < 0 ? auth : auth.substring(0, slash);
            int at = auth.lastIndexOf('@');
            if (at >= 0) {
                String userinfo = auth.substring(0, at);
                auth = auth.substring(at + 1);
                int colon = userinfo.indexOf(':');
                fromUrl.put("user", decode(colon < 0 ? userinfo : userinfo.substring(0, colon)));
                if (colon >= 0) {
                    fromUrl.put("password", decode(userinfo.substring(colon + 1)));
                }
            }
            hosts(auth, fromUrl);
            if (!path.isEmpty()) {
                fromUrl.put("dbname", decode(path));
            }
        } else if (!main.isEmpty()) {
            if (main.startsWith("/")) {
                main = main.substring(1);
            }
            if (!main.isEmpty()) {
                fromUrl.put("dbname", decode(main));
            }
        }
        if (query != null && !query.isEmpty()) {
            for (String kv : query.split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw bad("malformed URL parameter \"" + kv + "\" in " + safe(url) + " (expected key=value)");
                }
                fromUrl.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
            }
        }
        props.putAll(fromUrl);
        c.apply(props);
        return c;
    }

    private static void hosts(String list, Map<String, String> out) throws SQLException {
        if (list.isEmpty()) {
            return;
        }
        List<String> hosts = new java.util.ArrayList<>();
        List<String> ports = new java.util.ArrayList<>();
        boolean anyPort = false;
        for (String h : list.split(",")) {
            String host;
            String port = "";
            if (h.startsWith("[")) {
                int close = h.indexOf(']');
                if (close < 0) {
                    throw bad("malformed IPv6 host \"" + h + "\" (expected [address]:port)");
                }
                host = h.substring(1, close);
                if (close + 1 < h.length()) {
                    if (h.charAt(close + 1) != ':') {
                        throw bad("malformed host \"" + h + "\"");
                    }
                    port = h.substring(close + 2);
                }
            } else {
                int colon = h.lastIndexOf(':');
                host = colon < 0 ? h : h.substring(0, colon);
                port = colon < 0 ? "" : h.substring(colon + 1);
            }
            if (!port.isEmpty()) {
                anyPort = true;
                try {
                    int p = Integer.parseInt(port);
                    if (p < 1 || p > 65535) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw bad("invalid port \"" + port + "\" for host \"" + host + "\"");
                }
            }
            hosts.add(decode(host));
            ports.add(port.isEmpty() ? "5432" : port);
        }
        out.put("host", String.join(",", hosts));
        if (anyPort) {
            out.put("port", String.join(",", ports));
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with its password hidden, for messages. */
    static String safe(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
    }

    private void apply(Map<String, String> props) throws SQLException {
        String ssl = null;
        String schema = null;
        for (Map.Entry<String, String> e : props.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (LIBPQ.contains(k)) {
                params.put(k, v);
            } else if (RENAMED.containsKey(k)) {
                params.putIfAbsent(RENAMED.get(k), v);
            } else if (IGNORED.contains(k)) {
                continue;
            } else if (DRIVER.contains(k)) {
                switch (k) {
                    case "waitStrategy" -> {
                        waitCallback = waitStrategy(v);
                        waitStrategyName = v;
                    }
                    case "reWriteBatchedInserts" -> rewriteBatchedInserts = bool(k, v);
                    case "binaryTransfer" -> binaryTransfer = bool(k, v);
                    case "binaryTransferEnable" -> binaryTypes(k, v); // checked; these are on already
                    case "binaryTransferDisable" -> binaryDisabled = binaryTypes(k, v);
                    case "stringtype" -> {
                        if (!v.equalsIgnoreCase("varchar") && !v.equalsIgnoreCase("unspecified")) {
                            throw bad("stringtype must be varchar or unspecified, not \"" + v + "\"");
                        }
                        varcharStrings = v.equalsIgnoreCase("varchar");
                    }
                    case "escapeSyntaxCallMode" -> {
                        if (!List.of("select", "callIfNoReturn", "call").contains(v)) {
                            throw bad("escapeSyntaxCallMode must be select, callIfNoReturn or call, not \"" + v + "\"");
                        }
                        callMode = v;
                    }
                    case "defaultRowFetchSize" -> defaultFetchSize = nonNegative(k, v);
                    case "readOnly" -> readOnly = bool(k, v);
                    case "socketTimeout" -> {
                        int s = nonNegative(k, v);
                        socketTimeout = s == 0 ? null : Duration.ofSeconds(s);
                    }
                    case "loginTimeout" -> {
                        int s = nonNegative(k, v);
                        if (s > 0 && !props.containsKey("connectTimeout") && !props.containsKey("connect_timeout")) {
                            params.put("connect_timeout", String.valueOf(s));
                        }
                    }
                    case "prepareThreshold" -> {
                        int p = integer(k, v);
                        prepareThreshold = p == 0 ? -1 : p < 0 ? 0 : p;
                    }
                    case "preparedStatementCacheQueries" -> preparedMax = Math.max(1, nonNegative(k, v));
                    case "ssl" -> ssl = v;
                    case "tcpKeepAlive" -> params.putIfAbsent("keepalives", bool(k, v) ? "1" : "0");
                    case "targetServerType" -> params.putIfAbsent("target_session_attrs", switch (v) {
                        case "any" -> "any";
                        case "primary", "master" -> "primary";
                        case "secondary", "slave", "standby" -> "standby";
                        case "preferSecondary", "preferSlave", "preferStandby" -> "prefer-standby";
                        case "read-write", "read-only" -> v;
                        default -> throw bad("targetServerType \"" + v + "\" is not supported"
                                + " (any, primary, secondary, preferSecondary, read-write, read-only)");
                    });
                    case "loadBalanceHosts" -> params.putIfAbsent("load_balance_hosts", bool(k, v) ? "random" : "disable");
                    case "currentSchema" -> schema = v;
                    case "autosave" -> {
                        if (!v.equalsIgnoreCase("never")) {
                            throw bad("autosave=" + v + " is not supported (only never): roll back to your own savepoints");
                        }
                    }
                    default -> throw new IllegalStateException(k);
                }
            } else {
                throw bad("unknown connection property \"" + k + "\" (libpq keywords, pgjdbc's common properties"
                        + " and waitStrategy are accepted; see the driver's README)");
            }
        }
        if (ssl != null && !params.containsKey("sslmode")) {
            params.put("sslmode", ssl.isEmpty() || bool("ssl", ssl) ? "verify-full" : "disable");
        }
        if (schema != null && !schema.isBlank()) {
            String opt = "-c search_path=" + schema.replace("\\", "\\\\").replace(" ", "\\ ");
            params.merge("options", opt, (a, b) -> a + " " + b);
        }
        if (!params.getOrDefault("options", "").toLowerCase(Locale.ROOT).contains("timezone=")) {
            timeZone = sessionTimeZone(java.time.ZoneId.systemDefault());
        }
        if (params.containsKey("replication")) {
            throw bad("replication connections are not available through JDBC: use the core's replication classes");
        }
        if (waitCallback == null) {
            waitCallback = WaitStrategies.auto();
        }
    }

    /**
     * The session's {@code TimeZone} for the JVM's default zone, as pgjdbc sets it in the startup
     * packet (so that the server's casts between dates, timestamps and timestamptz,
     * {@code now()::date} and a timestamptz's text agree with the JVM's zone): a region's name as
     * it is; a fixed offset
     * ({@code GMT+05:30}, {@code +02:00}) as {@code Etc/GMT-2} for whole hours, else as a POSIX
     * zone ({@code <+0530>-5:30}: POSIX counts offsets west of Greenwich as positive, so the
     * server would read {@code GMT+05:30} as five and a half hours <em>behind</em> UTC); null
     * for an offset with seconds, which the server refuses (the session keeps the server's zone).
     */
    static String sessionTimeZone(java.time.ZoneId zone) {
        if (!(zone instanceof java.time.ZoneOffset) && !zone.getId().matches("(GMT|UTC|UT)[+-].*")) {
            return zone.getId();
        }
        java.time.ZoneOffset o = (java.time.ZoneOffset) zone.normalized();
        int seconds = o.getTotalSeconds();
        if (seconds == 0) {
            return "UTC";
        }
        if (seconds % 3600 == 0 && seconds >= -12 * 3600 && seconds <= 14 * 3600) { // the Etc/GMT zones tzdata has
            return "Etc/GMT" + (seconds > 0 ? "-" : "+") + Math.abs(seconds) / 3600;
        }
        if (seconds % 60 != 0) {
            return null;
        }
        int a = Math.abs(seconds);
        return "<" + o.getId().replace(":", "") + ">" + (seconds > 0 ? "-" : "") + a / 3600 + ":"
                + String.format(Locale.ROOT, "%02d", a / 60 % 60);
    }

    /**
     * @return the OIDs of a comma-separated list of type names ({@code timestamptz},
     *         {@code TIMESTAMPTZ}) or OIDs ({@code 1184}) of the types read in binary
     */
    private static Set<Integer> binaryTypes(String k, String v) throws SQLException {
        Set<Integer> oids = new java.util.HashSet<>();
        for (String t : v.split(",")) {
            String name = t.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            Integer oid = BinaryValues.TYPES.get(name);
            if (oid == null) {
                oid = BinaryValues.TEXT_ELEMENTS.get(name);
            }
            if (oid == null && name.length() < 10 && name.chars().allMatch(Character::isDigit)) {
                int n = Integer.parseInt(name);
                oid = BinaryValues.readInBinary(n) || dev.greenwire.internal.types.BinaryCodec.textElement(n) ? n : null;
            }
            if (oid == null) {
                java.util.Set<String> names = new java.util.TreeSet<>(BinaryValues.TYPES.keySet());
                names.addAll(BinaryValues.TEXT_ELEMENTS.keySet());
                throw bad(k + ": \"" + t.strip() + "\" is not a type read in binary (" + String.join(", ", names)
                        + ", or their OIDs; text, varchar, bpchar and name: their arrays)");
            }
            oids.add(oid);
        }
        return Set.copyOf(oids);
    }

    /** The wait strategy a {@code waitStrategy} value names. */
    static WaitCallback waitStrategy(String v) throws SQLException {
        switch (v) {
            case "parking":
                return WaitStrategies.parking();
            case "selector":
                return WaitStrategies.selector();
            case "busyPoll":
                return WaitStrategies.busyPoll();
            case "backoff":
                return WaitStrategies.backoff(100, 10, Duration.ofMillis(1));
            case "auto":
                return WaitStrategies.auto();
            default:
                break;
        }
        try {
            Class<?> cls = Class.forName(v, true, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : JdbcConfig.class.getClassLoader());
            if (!WaitCallback.class.isAssignableFrom(cls)) {
                throw bad("waitStrategy class " + v + " does not implement dev.greenwire.WaitCallback");
            }
            return (WaitCallback) cls.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw bad("unknown waitStrategy \"" + v + "\" (parking, selector, busyPoll, backoff, auto,"
                    + " or the name of a WaitCallback class with a public no-argument constructor)");
        } catch (ReflectiveOperationException e) {
            throw bad("cannot create the waitStrategy " + v + ": " + e);
        }
    }

    /** @return the core's options for this configuration */
    ConnectOptions options() {
        ConnectOptions.Builder b = ConnectOptions.builder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.param(e.getKey(), e.getValue());
        }
        b.waitCallback(waitCallback);
        b.timeZone(timeZone);
        if (socketTimeout != null) {
            b.socketTimeout(socketTimeout);
        }
        b.prepareThreshold(prepareThreshold);
        b.preparedMax(preparedMax);
        return b.build();
    }

    private static boolean bool(String k, String v) throws SQLException {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw bad(k + " must be true or false, not \"" + v + "\"");
        };
    }

    private static int integer(String k, String v) throws SQLException {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw bad(k + " must be an integer, not \"" + v + "\"");
        }
    }

    private static int nonNegative(String k, String v) throws SQLException {
        int i = integer(k, v);
        if (i < 0) {
            throw bad(k + " must not be negative, not " + i);
        }
        return i;
    }

    static SQLException bad(String message) {
        return new SQLNonTransientConnectionException(message, "08001");
    }
}
