package dev.greenwire.internal.conninfo;

import dev.greenwire.ProgrammingException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * libpq connection strings, parsed: {@code key=value} pairs and {@code postgresql://} URIs,
 * libpq's error messages, integer and port values. Pure functions of the text: the environment,
 * the password file and the socket directories are {@link ConnInfo#resolve}'s business.
 */
final class DsnParser {
    private DsnParser() {
    }

    /**
     * Parses a libpq connection string: whitespace-separated {@code key=value} pairs (values optionally in
     * single quotes; {@code \'} and {@code \\} escape) or a {@code postgresql://} / {@code postgres://} URI.
     * A later duplicate key wins. Keys are checked against libpq's keywords.
     *
     * @param dsn the connection string; null or empty gives an empty map
     * @return the parameters in the order given
     * @throws ProgrammingException "invalid dsn: …" with libpq's description of the problem
     */
    static Map<String, String> parse(String dsn) {
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

    static boolean isSpace(char c) {
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
                throw ConnInfo.invalid("missing \"=\" after \"" + key + "\" in connection info string");
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
                        throw ConnInfo.invalid("unterminated quoted string in connection info string");
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

    static void checkKeyword(String key, boolean uri) {
        if (!ConnInfo.KEYWORDS.contains(key)) {
            throw ConnInfo.invalid(uri ? "invalid URI query parameter: \"" + key + "\""
                    : "invalid connection option \"" + key + "\"");
        }
        if (key.equals("service")) {
            throw ConnInfo.invalid("connection option \"service\" is not supported (no pg_service.conf support);"
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
                    throw ConnInfo.invalid("end of string reached when looking for matching \"]\" in IPv6 host address in URI: \""
                            + uri + "\"");
                }
                if (close == i + 1) {
                    throw ConnInfo.invalid("IPv6 host address may not be empty in URI: \"" + uri + "\"");
                }
                hosts.append(uri, i + 1, close);
                i = close + 1;
                if (i < n && ":/?,".indexOf(uri.charAt(i)) < 0) {
                    throw ConnInfo.invalid("unexpected character \"" + uri.charAt(i) + "\" at position " + (i + 1)
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
                throw ConnInfo.invalid("missing key/value separator \"=\" in URI query parameter: \"" + item + "\"");
            }
            if (item.indexOf('=', eq + 1) >= 0) {
                throw ConnInfo.invalid("extra key/value separator \"=\" in URI query parameter: \"" + item.substring(0, eq) + "\"");
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
                throw ConnInfo.invalid("invalid percent-encoded token: \"" + s + "\"");
            }
            if (hi == 0 && lo == 0) {
                throw ConnInfo.invalid("forbidden value %00 in percent-encoded value: \"" + s + "\"");
            }
            out.write(hi * 16 + lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static int parseInt(String value, String key) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ConnInfo.invalid("invalid integer value \"" + value + "\" for connection option \"" + key + "\"");
        }
    }

    static int parsePort(String value) {
        int port = parseInt(value, "port");
        if (port < 1 || port > 65535) {
            throw ConnInfo.invalid("invalid port number: \"" + value + "\"");
        }
        return port;
    }
}
