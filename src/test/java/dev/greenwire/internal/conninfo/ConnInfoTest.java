package dev.greenwire.internal.conninfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.ProgrammingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnInfoTest {
    /** An environment with no PG* variables and a home without a password file. */
    private static final Map<String, String> NO_ENV = Map.of("HOME", "/nonexistent-greenwire-home");

    private static String parseError(String dsn) {
        return assertThrows(ProgrammingException.class, () -> ConnInfo.parse(dsn)).getMessage();
    }

    private static String resolveError(String dsn, Map<String, String> extra, Map<String, String> env) {
        return assertThrows(ProgrammingException.class, () -> ConnInfo.resolve(dsn, extra, env)).getMessage();
    }

    private static ConnInfo resolve(String dsn) {
        return ConnInfo.resolve(dsn, Map.of(), NO_ENV);
    }

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>(NO_ENV);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** What libpq would pick for the default host on this machine (a socket directory or localhost). */
    private static String expectedDefaultHost(int port) {
        for (String dir : List.of("/var/run/postgresql", "/tmp")) {
            if (Files.exists(Path.of(dir, ".s.PGSQL." + port))) {
                return dir;
            }
        }
        return "localhost";
    }

    // ---- key=value form ---------------------------------------------------------------------------

    @Test
    void keyValueQuotingEscapesAndSpacing() {
        Map<String, String> p = ConnInfo.parse(
                "  host=db.example \t port = 5433\nuser='it\\'s' password='a b\\\\c' dbname=x\\ y"
                        + " application_name='' options=a'b sslmode=disable  ");
        assertEquals(List.of("host", "port", "user", "password", "dbname", "application_name", "options", "sslmode"),
                List.copyOf(p.keySet()));
        assertEquals("db.example", p.get("host"));
        assertEquals("5433", p.get("port"));
        assertEquals("it's", p.get("user"));
        assertEquals("a b\\c", p.get("password"));
        assertEquals("x y", p.get("dbname"), "a backslash escapes a space in an unquoted value");
        assertEquals("", p.get("application_name"));
        assertEquals("a'b", p.get("options"), "a quote inside an unquoted value is literal");
        assertEquals("disable", p.get("sslmode"));
    }

    @Test
    void keyValueEdgeCases() {
        assertEquals(Map.of(), ConnInfo.parse(""));
        assertEquals(Map.of(), ConnInfo.parse(" \t\n "));
        assertEquals(Map.of(), ConnInfo.parse(null));
        assertEquals(Map.of("host", "b"), ConnInfo.parse("host=a host=b"), "a later duplicate wins");
        assertEquals(Map.of("host", ""), ConnInfo.parse("host="));
        assertEquals(Map.of("host", "a=b"), ConnInfo.parse("host=a=b"));
        // after a closing quote the next pair may start at once, as in libpq
        assertEquals(Map.of("user", "x", "port", "1"), ConnInfo.parse("user='x'port=1"));
        // as in libpq, blanks after '=' are skipped, so the value is the next word
        assertEquals(Map.of("host", "port=5"), ConnInfo.parse("host= port=5"));
        assertTrue(ConnInfo.parse("host=a") instanceof LinkedHashMap);
    }

    @Test
    void keyValueErrors() {
        assertEquals("invalid dsn: missing \"=\" after \"foo\" in connection info string", parseError("foo"));
        assertEquals("invalid dsn: missing \"=\" after \"host\" in connection info string", parseError("host x=1"));
        assertEquals("invalid dsn: missing \"=\" after \"port\" in connection info string", parseError("host=a port"));
        assertEquals("invalid dsn: unterminated quoted string in connection info string", parseError("password='abc"));
        assertEquals("invalid dsn: unterminated quoted string in connection info string", parseError("user='a\\'"));
        assertEquals("invalid dsn: invalid connection option \"bogus\"", parseError("host=a bogus=1"));
        assertEquals("invalid dsn: invalid connection option \"\"", parseError("=x"));
        assertEquals("invalid dsn: invalid connection option \"HOST\"", parseError("HOST=x"));
        String service = parseError("service=mydb");
        assertTrue(service.startsWith("invalid dsn: ") && service.contains("\"service\" is not supported"), service);
    }

    // ---- URI form ---------------------------------------------------------------------------------

    @Test
    void uriWithEverything() {
        Map<String, String> p = ConnInfo.parse("postgresql://us%40er:p%3As%2Fs@h1:5432,[::1]:5433,h3/my%20db"
                + "?application_name=a%26b%3Dc&connect_timeout=5&options=-c%20x%3D1");
        assertEquals(List.of("user", "password", "host", "port", "dbname", "application_name", "connect_timeout",
                "options"), List.copyOf(p.keySet()));
        assertEquals("us@er", p.get("user"));
        assertEquals("p:s/s", p.get("password"));
        assertEquals("h1,::1,h3", p.get("host"));
        assertEquals("5432,5433,", p.get("port"));
        assertEquals("my db", p.get("dbname"));
        assertEquals("a&b=c", p.get("application_name"));
        assertEquals("5", p.get("connect_timeout"));
        assertEquals("-c x=1", p.get("options"));
    }

    @Test
    void uriVariants() {
        assertEquals(Map.of(), ConnInfo.parse("postgresql://"));
        assertEquals(Map.of(), ConnInfo.parse("postgres://"));
        assertEquals(Map.of("host", "h"), ConnInfo.parse("postgres://h"));
        assertEquals(Map.of("host", "h"), ConnInfo.parse("postgres://h/"), "an empty path sets no dbname");
        assertEquals(Map.of("dbname", "db"), ConnInfo.parse("postgresql:///db"));
        assertEquals(Map.of("user", "u"), ConnInfo.parse("postgresql://u@"));
        assertEquals(Map.of("user", "u", "password", "", "host", "h"), ConnInfo.parse("postgresql://u:@h/"));
        assertEquals(Map.of("password", "pw", "host", "h"), ConnInfo.parse("postgresql://:pw@h"));
        assertEquals(Map.of("host", "h", "sslmode", "disable"), ConnInfo.parse("postgresql://h?sslmode=disable"));
        assertEquals(Map.of("host", "::1", "port", "6543", "dbname", "d"), ConnInfo.parse("postgresql://[::1]:6543/d"));
        assertEquals(Map.of("host", "fe80::1%eth0"), ConnInfo.parse("postgresql://[fe80::1%25eth0]"));
        assertEquals(Map.of("host", "/var/run/postgresql", "dbname", "db"),
                ConnInfo.parse("postgres://%2Fvar%2Frun%2Fpostgresql/db"));
        assertEquals(Map.of("host", "a,b", "port", ",7"), ConnInfo.parse("postgresql://a,b:7"));
        assertEquals("require", ConnInfo.parse("postgresql://h/d?ssl=true").get("sslmode"));
        assertEquals(Map.of("host", "h", "dbname", "a/b"), ConnInfo.parse("postgresql://h/a/b?"));
        assertEquals(Map.of("host", "h", "port", "5"), ConnInfo.parse("postgresql://h?port=5&"));
        assertEquals("é x", ConnInfo.parse("postgresql:///%C3%A9%20x").get("dbname"), "percent-decoding is UTF-8");
        assertEquals("h", ConnInfo.parse("  postgresql://h  ").get("host"));
    }

    @Test
    void uriErrors() {
        assertEquals("invalid dsn: invalid URI query parameter: \"bogus\"", parseError("postgresql://h/d?bogus=1"));
        assertEquals("invalid dsn: missing key/value separator \"=\" in URI query parameter: \"sslmode\"",
                parseError("postgresql://h/d?sslmode"));
        assertEquals("invalid dsn: missing key/value separator \"=\" in URI query parameter: \"\"",
                parseError("postgresql://h/d?port=1&&user=x"));
        assertEquals("invalid dsn: extra key/value separator \"=\" in URI query parameter: \"options\"",
                parseError("postgresql://h/d?options=a=b"));
        assertEquals("invalid dsn: invalid percent-encoded token: \"d%zz\"", parseError("postgresql://h/d%zz"));
        assertEquals("invalid dsn: invalid percent-encoded token: \"d%2\"", parseError("postgresql://h/d%2"));
        assertEquals("invalid dsn: invalid percent-encoded token: \"a%\"", parseError("postgresql://a%@h"));
        assertEquals("invalid dsn: forbidden value %00 in percent-encoded value: \"x%00y\"",
                parseError("postgresql://h/x%00y"));
        assertEquals("invalid dsn: invalid port number: \"99999\"", parseError("postgresql://h:99999/d"));
        assertEquals("invalid dsn: invalid port number: \"0\"", parseError("postgresql://h:0"));
        assertEquals("invalid dsn: invalid integer value \"5x\" for connection option \"port\"",
                parseError("postgresql://a:1,b:5x/d"));
        assertEquals("invalid dsn: end of string reached when looking for matching \"]\" in IPv6 host address"
                + " in URI: \"postgresql://[::1/d\"", parseError("postgresql://[::1/d"));
        assertEquals("invalid dsn: IPv6 host address may not be empty in URI: \"postgresql://[]/d\"",
                parseError("postgresql://[]/d"));
        assertEquals("invalid dsn: unexpected character \"x\" at position 19 in URI (expected \":\" or \"/\"):"
                + " \"postgresql://[::1]x\"", parseError("postgresql://[::1]x"));
        assertTrue(parseError("postgresql://h?service=x").contains("\"service\" is not supported"));
    }

    // ---- environment, precedence, defaults ------------------------------------------------------

    @Test
    void precedenceIsDsnThenExtraParamsThenEnvironment() {
        Map<String, String> env = env("PGHOST", "envhost", "PGPORT", "6000", "PGUSER", "envuser",
                "PGDATABASE", "envdb", "PGAPPNAME", "envapp", "PGOPTIONS", "-c a=b", "PGCLIENTENCODING", "UTF8",
                "PGSSLMODE", "disable", "PGTARGETSESSIONATTRS", "read-write", "PGTZ", "UTC", "PGREQUIRESSL", "1",
                "PGSERVICE", "ignored", "PGCHANNELBINDING", "disable", "PGLOADBALANCEHOSTS", "random");
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("application_name", "opt");
        extra.put("user", "optuser");
        extra.put("options", null);
        ConnInfo ci = ConnInfo.resolve("host=dsnhost user=dsnuser", extra, env);
        assertEquals(List.of(new HostSpec("dsnhost", null, 6000, null)), ci.hosts());
        assertEquals("optuser", ci.user(), "extra params override the DSN");
        assertEquals("envdb", ci.dbname());
        assertEquals("opt", ci.applicationName());
        assertEquals("-c a=b", ci.get("options"), "a null extra param is ignored, so the environment fills it");
        assertEquals("UTF8", ci.get("client_encoding"));
        assertEquals("disable", ci.sslmode());
        assertEquals("read-write", ci.targetSessionAttrs());
        assertEquals("disable", ci.get("channel_binding"));
        assertEquals("random", ci.get("load_balance_hosts"));
        assertNull(ci.get("timezone"), "PGTZ is no keyword");
        assertEquals("UTC", ci.timeZone(), "PGTZ is the session's time zone, as in libpq");
        assertEquals("Europe/Paris", ConnInfo.resolve("", Map.of(), env, "Europe/Paris").timeZone(), "an explicit zone wins");
        assertNull(ConnInfo.resolve("", Map.of(), NO_ENV).timeZone());
        assertEquals("UTC", ci.with("replication", "true").timeZone(), "with() keeps it");
        assertNull(ci.get("service"), "PGSERVICE is not read");
        assertEquals(List.of("host", "port", "dbname", "user", "channel_binding", "client_encoding", "options",
                "application_name", "sslmode", "target_session_attrs", "load_balance_hosts"),
                List.copyOf(ci.params().keySet()), "params are listed in libpq keyword order");
        assertThrows(UnsupportedOperationException.class, () -> ci.params().put("host", "x"));
        assertEquals("envhost", ConnInfo.resolve("", Map.of(), env).hosts().get(0).host());
        assertEquals("invalid dsn: invalid connection option \"nope\"", resolveError("", Map.of("nope", "1"), NO_ENV));
    }

    @Test
    void emptyValueBlocksTheEnvironmentButTakesTheDefault() {
        ConnInfo ci = ConnInfo.resolve("host='' user='' port=''", Map.of(),
                env("PGHOST", "envhost", "PGUSER", "envuser", "PGPORT", "7777"));
        assertEquals(expectedDefaultHost(5432), ci.hosts().get(0).host());
        assertEquals(5432, ci.hosts().get(0).port());
        assertEquals(System.getProperty("user.name"), ci.user());
    }

    @Test
    void defaults() {
        ConnInfo ci = ConnInfo.resolve(null, null, null);
        String user = System.getProperty("user.name");
        assertEquals(user, ci.user());
        assertEquals(user, ci.dbname());
        assertEquals("5432", ci.get("port"));
        HostSpec h = ci.hosts().get(0);
        assertEquals(1, ci.hosts().size());
        assertEquals(expectedDefaultHost(5432), h.host());
        assertEquals(h.host(), ci.get("host"));
        assertEquals(5432, h.port());
        assertEquals(!h.host().equals("localhost"), h.isUnixSocket());
        assertEquals("prefer", ci.sslmode());
        assertEquals("any", ci.targetSessionAttrs());
        assertNull(ci.connectTimeoutSeconds());
        assertNull(ci.applicationName());
        assertNull(ci.get("sslmode"), "libpq defaults other than host/port/user/dbname are not put in params");
        assertEquals("localhost", resolve("port=1").hosts().get(0).host(), "no server socket for port 1");
        assertEquals("u", resolve("user=u").dbname(), "dbname defaults to the user");
    }

    @Test
    void applicationNameFallsBack() {
        assertEquals("fb", resolve("fallback_application_name=fb").applicationName());
        assertEquals("app", resolve("fallback_application_name=fb application_name=app").applicationName());
        assertEquals("fb", ConnInfo.resolve("fallback_application_name=fb", Map.of(), env("PGAPPNAME", ""))
                .applicationName());
    }

    @Test
    void enumeratedValuesAreChecked() {
        assertEquals("invalid dsn: invalid target_session_attrs value: \"maybe\"",
                resolveError("target_session_attrs=maybe", Map.of(), NO_ENV));
        assertEquals("invalid dsn: invalid sslmode value: \"sometimes\"",
                resolveError("", Map.of(), env("PGSSLMODE", "sometimes")));
        assertEquals("invalid dsn: invalid load_balance_hosts value: \"yes\"",
                resolveError("load_balance_hosts=yes", Map.of(), NO_ENV));
        for (String v : List.of("any", "read-write", "read-only", "primary", "standby", "prefer-standby")) {
            assertEquals(v, resolve("target_session_attrs=" + v).targetSessionAttrs());
        }
        assertEquals("verify-full", resolve("sslmode=verify-full").sslmode());
    }

    @Test
    void connectTimeoutFollowsLibpq() {
        assertNull(resolve("connect_timeout=0").connectTimeoutSeconds());
        assertNull(resolve("connect_timeout=-5").connectTimeoutSeconds(), "negative means no timeout");
        assertNull(resolve("connect_timeout=''").connectTimeoutSeconds());
        assertEquals(2, resolve("connect_timeout=1").connectTimeoutSeconds(), "1 s is raised to 2");
        assertEquals(2, resolve("connect_timeout=2").connectTimeoutSeconds());
        assertEquals(30, resolve("connect_timeout=30").connectTimeoutSeconds());
        assertEquals(7, resolve("connect_timeout=' 7 '").connectTimeoutSeconds());
        assertEquals(2, ConnInfo.resolve("", Map.of(), env("PGCONNECT_TIMEOUT", "1")).connectTimeoutSeconds());
        assertEquals("invalid dsn: invalid integer value \"soon\" for connection option \"connect_timeout\"",
                resolveError("connect_timeout=soon", Map.of(), NO_ENV));
        assertEquals("invalid dsn: invalid integer value \"1.5\" for connection option \"connect_timeout\"",
                resolveError("", Map.of("connect_timeout", "1.5"), NO_ENV));
    }

    // ---- hosts ----------------------------------------------------------------------------------

    @Test
    void multipleHostsPortsAndAddresses() {
        ConnInfo ci = resolve("host=a,b,/sock port=1,2,3 hostaddr=,10.0.0.2,");
        assertEquals(List.of(new HostSpec("a", null, 1, null), new HostSpec("b", "10.0.0.2", 2, null),
                new HostSpec("/sock", null, 3, null)), ci.hosts());
        assertFalse(ci.hosts().get(0).isUnixSocket());
        assertFalse(ci.hosts().get(1).isUnixSocket());
        assertTrue(ci.hosts().get(2).isUnixSocket());
        assertEquals("/sock/.s.PGSQL.3", ci.hosts().get(2).socketPath());
        assertEquals(List.of(5, 5), resolve("host=a,b port=5").hosts().stream().map(HostSpec::port).toList());
        assertEquals(List.of(5432, 9), resolve("host=a,b port=,9").hosts().stream().map(HostSpec::port).toList());
        assertEquals(List.of("a", expectedDefaultHost(5432)),
                resolve("host=a,").hosts().stream().map(HostSpec::host).toList(), "an empty entry takes the default");
        // hostaddr alone: one host per address, connected over TCP even without a name
        ConnInfo addrOnly = resolve("hostaddr=10.0.0.1,10.0.0.2 port=6000");
        assertEquals(List.of(new HostSpec("10.0.0.1", "10.0.0.1", 6000, null),
                new HostSpec("10.0.0.2", "10.0.0.2", 6000, null)), addrOnly.hosts());
        assertNull(addrOnly.get("host"));
        // a hostaddr wins over a socket directory: TCP
        assertFalse(resolve("host=/tmp hostaddr=127.0.0.1").hosts().get(0).isUnixSocket());
        ConnInfo uri = resolve("postgresql://h1:5433,[::1],%2Ftmp:5434/db");
        assertEquals(List.of(new HostSpec("h1", null, 5433, null), new HostSpec("::1", null, 5432, null),
                new HostSpec("/tmp", null, 5434, null)), uri.hosts());
        assertEquals("/tmp/.s.PGSQL.5434", uri.hosts().get(2).socketPath());
    }

    @Test
    void hostAndPortCountErrors() {
        assertEquals("invalid dsn: could not match 3 port numbers to 2 hosts",
                resolveError("host=a,b port=1,2,3", Map.of(), NO_ENV));
        assertEquals("invalid dsn: could not match 2 port numbers to 1 hosts",
                resolveError("port=1,2", Map.of(), NO_ENV));
        assertEquals("invalid dsn: could not match 3 port numbers to 2 hosts",
                resolveError("hostaddr=1.1.1.1,2.2.2.2 port=1,2,3", Map.of(), NO_ENV));
        assertEquals("invalid dsn: could not match 2 host names to 3 hostaddr values",
                resolveError("host=a,b hostaddr=1.1.1.1,2.2.2.2,3.3.3.3", Map.of(), NO_ENV));
        assertEquals("invalid dsn: could not match 2 port numbers to 3 hosts",
                resolveError("", Map.of(), env("PGHOST", "a,b,c", "PGPORT", "1,2")));
        assertEquals("invalid dsn: invalid port number: \"70000\"", resolveError("port=70000", Map.of(), NO_ENV));
        assertEquals("invalid dsn: invalid integer value \"x\" for connection option \"port\"",
                resolveError("host=a,b port=1,x", Map.of(), NO_ENV));
    }

    // ---- password file --------------------------------------------------------------------------

    private static Path passfile(Path f, String perms, String... lines) throws IOException {
        Files.writeString(f, String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    private static String pw(String dsn, Map<String, String> env) {
        return ConnInfo.resolve(dsn, Map.of(), env).hosts().get(0).password();
    }

    @Test
    void passwordFileMatching(@TempDir Path dir) throws IOException {
        Path f = passfile(dir.resolve("pgpass"), "rw-------",
                "# hostname:port:database:username:password",
                "other:*:*:*:wrong",
                "db\\:host:5432:app:bob:pa\\:ss\\\\word",
                "localhost:5432:*:sock:via-socket",
                "/custom/sock:5432:*:sock:custom-dir",
                "10.1.1.1:*:*:*:by-address",
                "h:6000:*:carol:port-6000\r",
                "h:*:\\*:dave:literal-star",
                "h:*:*:erin:",
                "*:*:*:alice:first:rest-ignored",
                "*:*:*:alice:second");
        Map<String, String> env = env("PGPASSFILE", f.toString());
        assertEquals("pa:ss\\word", pw("host=db:host dbname=app user=bob", env), "escapes in fields and password");
        assertNull(pw("host=db:host dbname=other user=bob", env));
        assertEquals("first", pw("host=x user=alice", env), "first match wins; the password ends at a colon");
        assertEquals("via-socket", pw("host=/tmp user=sock", env), "a default socket dir looks up localhost");
        assertEquals("via-socket", pw("host=/var/run/postgresql user=sock", env));
        assertEquals("via-socket", pw("host=localhost user=sock", env));
        assertEquals("custom-dir", pw("host=/custom/sock user=sock", env), "other socket dirs match literally");
        assertNull(pw("host=/elsewhere user=sock", env));
        assertEquals("by-address", pw("hostaddr=10.1.1.1 user=zed", env), "hostaddr alone is the lookup key");
        assertEquals("port-6000", pw("host=h port=6000 user=carol", env), "a CRLF line ending is stripped");
        assertNull(pw("host=h port=6001 user=carol", env));
        assertEquals("literal-star", pw("host=h dbname=* user=dave", env));
        assertNull(pw("host=h dbname=db user=dave", env), "an escaped * is not a wildcard");
        assertNull(pw("host=h user=erin", env), "an empty password is no password");
        assertNull(pw("host=x user=nobody", env));
        // explicit parameters and PGPASSWORD win over the file
        assertEquals("explicit", pw("host=x user=alice password=explicit", env));
        Map<String, String> withPgPassword = new HashMap<>(env);
        withPgPassword.put("PGPASSWORD", "from-env");
        assertEquals("from-env", pw("host=x user=alice", withPgPassword));
        assertEquals("first", pw("host=x user=alice password=''", env), "an empty password consults the file");
    }

    @Test
    void passwordFileLocationAndPerHostPasswords(@TempDir Path dir) throws IOException {
        Path home = Files.createDirectory(dir.resolve("home"));
        passfile(home.resolve(".pgpass"), "rw-------", "a:*:*:u:pw-a", "b:*:*:u:pw-b");
        Map<String, String> env = env("HOME", home.toString());
        ConnInfo ci = ConnInfo.resolve("host=a,b,c user=u", Map.of(), env);
        assertEquals(java.util.Arrays.asList("pw-a", "pw-b", null),
                ci.hosts().stream().map(HostSpec::password).toList(), "~/.pgpass, looked up per host");
        Path other = passfile(dir.resolve("other"), "rw-------", "*:*:*:u:other");
        assertEquals("other", pw("host=a user=u passfile=" + other, env), "passfile beats ~/.pgpass");
        Map<String, String> both = new HashMap<>(env);
        both.put("PGPASSFILE", home.resolve(".pgpass").toString());
        assertEquals("other", pw("host=a user=u passfile=" + other, both), "passfile beats PGPASSFILE");
        assertEquals("pw-a", pw("host=a user=u", both));
        assertEquals("all", ConnInfo.resolve("host=a,b user=u password=all", Map.of(), env).hosts().stream()
                .map(HostSpec::password).distinct().reduce("", String::concat));
    }

    @Test
    void insecureOrOddPasswordFilesAreIgnored(@TempDir Path dir) throws IOException {
        for (String perms : List.of("rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-----wx")) {
            Path f = passfile(dir.resolve("pgpass-" + perms), perms, "*:*:*:*:secret");
            assertNull(pw("host=h user=u passfile=" + f, NO_ENV), "ignored with permissions " + perms);
        }
        Path ok = passfile(dir.resolve("readonly"), "r--------", "*:*:*:*:secret");
        assertEquals("secret", pw("host=h user=u passfile=" + ok, NO_ENV));
        assertNull(pw("host=h user=u passfile=" + dir, NO_ENV), "a directory is ignored");
        assertNull(pw("host=h user=u passfile=" + dir.resolve("missing"), NO_ENV), "a missing file is ignored");
    }

    // ---- safe output ------------------------------------------------------------------------------

    @Test
    void safeDsnHidesThePasswordAndQuotes() {
        ConnInfo ci = resolve("user=u password=s3cr3t application_name='my app' options='-c x=\\'y\\''"
                + " sslpassword=keypw host=h fallback_application_name='' sslcert=C:\\\\certs");
        String safe = ci.safeDsn();
        assertEquals("host=h port=5432 dbname=u user=u password=xxx options='-c x=\\'y\\'' application_name='my app'"
                + " fallback_application_name='' sslcert='C:\\\\certs' sslpassword=xxx", safe);
        assertFalse(safe.contains("s3cr3t") || safe.contains("keypw"), safe);
        assertFalse(ci.toString().contains("s3cr3t"), ci.toString());
        assertFalse(ci.hosts().toString().contains("s3cr3t"), ci.hosts().toString());
        Map<String, String> back = ConnInfo.parse(safe);
        assertEquals("-c x='y'", back.get("options"));
        assertEquals("my app", back.get("application_name"));
        assertEquals("C:\\certs", back.get("sslcert"));
        assertEquals("", back.get("fallback_application_name"));
        assertEquals(resolve("dbname=u port=5432 host=h user=u").safeDsn(), resolve("user=u host=h").safeDsn(),
                "the order does not depend on how the parameters were given");
    }
}
