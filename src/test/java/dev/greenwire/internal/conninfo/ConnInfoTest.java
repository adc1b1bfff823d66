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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnInfoTest {
    private static final Map<String, String> NO_ENV = Map.of("HOME", "/nonexistent-home");

    private static String error(String dsn) {
        return assertThrows(ProgrammingException.class, () -> ConnInfo.parse(dsn)).getMessage();
    }

    @Test
    void keyValueQuotingAndEscapes() {
        Map<String, String> p = ConnInfo.parse("  host=db.example  port = 5433 user='it''s'"
                .replace("''", "\\'") + " password='a b\\\\c' dbname=x\\ y application_name=''");
        assertEquals(List.of("host", "port", "user", "password", "dbname", "application_name"), List.copyOf(p.keySet()));
        assertEquals("db.example", p.get("host"));
        assertEquals("5433", p.get("port"));
        assertEquals("it's", p.get("user"));
        assertEquals("a b\\c", p.get("password"));
        assertEquals("x y", p.get("dbname"));
        assertEquals("", p.get("application_name"));
        assertEquals(Map.of(), ConnInfo.parse("   "));
    }

    @Test
    void keyValueErrors() {
        assertEquals("invalid dsn: missing \"=\" after \"foo\" in connection info string", error("foo"));
        assertEquals("invalid dsn: missing \"=\" after \"host\" in connection info string", error("host x=1"));
        assertEquals("invalid dsn: unterminated quoted string in connection info string", error("password='abc"));
        assertEquals("invalid dsn: invalid connection option \"bogus\"", error("bogus=1"));
        assertTrue(error("service=x").contains("not supported"));
    }

    @Test
    void uris() {
        Map<String, String> p = ConnInfo.parse(
                "postgresql://us%40er:p%3Ass@h1:5432,[::1]:5433,h3/my%20db?application_name=a%26b&connect_timeout=5");
        assertEquals("us@er", p.get("user"));
        assertEquals("p:ss", p.get("password"));
        assertEquals("h1,::1,h3", p.get("host"));
        assertEquals("5432,5433,", p.get("port"));
        assertEquals("my db", p.get("dbname"));
        assertEquals("a&b", p.get("application_name"));
        assertEquals("5", p.get("connect_timeout"));
        assertEquals("/var/run/postgresql", ConnInfo.parse("postgres://%2Fvar%2Frun%2Fpostgresql/db").get("host"));
        assertEquals(Map.of(), ConnInfo.parse("postgresql://"));
        assertEquals("require", ConnInfo.parse("postgresql://h/d?ssl=true").get("sslmode"));
        assertEquals("invalid dsn: invalid URI query parameter: \"bogus\"", error("postgresql://h/d?bogus=1"));
        assertTrue(error("postgresql://h/d%zz").contains("invalid percent-encoded token"));
        assertTrue(error("postgresql://h:99999/d").contains("invalid port number"));
        assertTrue(error("postgresql://[::1/d").contains("IPv6"));
    }

    @Test
    void environmentFillsWhatTheDsnLacksAndDefaultsFollow() {
        Map<String, String> env = Map.of("PGHOST", "envhost", "PGPORT", "6000", "PGUSER", "envuser",
                "PGAPPNAME", "envapp", "PGCONNECT_TIMEOUT", "1", "HOME", "/nonexistent-home");
        ConnInfo ci = ConnInfo.resolve("host=dsnhost", Map.of("application_name", "opt"), env);
        assertEquals(List.of(new HostSpec("dsnhost", null, 6000, null)), ci.hosts());
        assertEquals("envuser", ci.user());
        assertEquals("envuser", ci.dbname(), "dbname defaults to the user");
        assertEquals("opt", ci.applicationName());
        assertEquals(2, ci.connectTimeoutSeconds(), "libpq raises a 1 s timeout to 2");
        assertEquals("prefer", ci.sslmode());
        ConnInfo bare = ConnInfo.resolve("", Map.of(), NO_ENV);
        assertEquals(System.getProperty("user.name"), bare.user());
        assertEquals(5432, bare.hosts().get(0).port());
        assertNull(ConnInfo.resolve("connect_timeout=0", Map.of(), NO_ENV).connectTimeoutSeconds());
        assertThrows(ProgrammingException.class,
                () -> ConnInfo.resolve("connect_timeout=soon", Map.of(), NO_ENV).connectTimeoutSeconds());
        assertThrows(ProgrammingException.class, () -> ConnInfo.resolve("", Map.of("nope", "1"), NO_ENV));
        assertThrows(ProgrammingException.class, () -> ConnInfo.resolve("target_session_attrs=maybe", Map.of(), NO_ENV));
    }

    @Test
    void multipleHostsAndPorts() {
        ConnInfo ci = ConnInfo.resolve("host=a,b,/sock port=1,2,3 hostaddr=,10.0.0.2,", Map.of(), NO_ENV);
        assertEquals(List.of(new HostSpec("a", null, 1, null), new HostSpec("b", "10.0.0.2", 2, null),
                new HostSpec("/sock", null, 3, null)), ci.hosts());
        assertTrue(ci.hosts().get(2).isUnixSocket());
        assertEquals("/sock/.s.PGSQL.3", ci.hosts().get(2).socketPath());
        assertEquals(5, ConnInfo.resolve("host=a,b port=5", Map.of(), NO_ENV).hosts().get(1).port());
        ProgrammingException e = assertThrows(ProgrammingException.class,
                () -> ConnInfo.resolve("host=a,b port=1,2,3", Map.of(), NO_ENV));
        assertEquals("invalid dsn: could not match 3 port numbers to 2 hosts", e.getMessage());
    }

    @Test
    void passwordFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("pgpass");
        Files.writeString(f, String.join("\n",
                "# a comment",
                "other:*:*:*:wrong",
                "db\\:host:5432:app:bob:pa\\:ss\\\\word",
                "localhost:5432:*:sock:via-socket",
                "*:*:*:alice:star:with:colons",
                ""));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = Map.of("PGPASSFILE", f.toString());
        assertEquals("pa:ss\\word", ConnInfo.resolve("host=db:host dbname=app user=bob", Map.of(), env)
                .hosts().get(0).password());
        assertEquals("star:with:colons", ConnInfo.resolve("host=x user=alice", Map.of(), env).hosts().get(0).password());
        assertEquals("via-socket", ConnInfo.resolve("host=/run/pg user=sock", Map.of(), env).hosts().get(0).password());
        assertNull(ConnInfo.resolve("host=x user=nobody", Map.of(), env).hosts().get(0).password());
        assertEquals("explicit", ConnInfo.resolve("host=x user=alice password=explicit", Map.of(), env)
                .hosts().get(0).password());
        assertEquals("star:with:colons", ConnInfo.resolve("host=x user=alice passfile=" + f, Map.of(), NO_ENV)
                .hosts().get(0).password());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertNull(ConnInfo.resolve("host=x user=alice", Map.of(), env).hosts().get(0).password(),
                "a world-readable password file is ignored, as libpq does");
    }

    @Test
    void safeDsnHidesThePassword() {
        ConnInfo ci = ConnInfo.resolve("host=h user=u password=s3cr3t application_name='my app'", Map.of(), NO_ENV);
        String safe = ci.safeDsn();
        assertFalse(safe.contains("s3cr3t"), safe);
        assertTrue(safe.contains("password=xxx"), safe);
        assertTrue(safe.contains("application_name='my app'"), safe);
        assertFalse(ci.toString().contains("s3cr3t"));
        assertEquals(ConnInfo.parse(safe).get("application_name"), "my app");
    }
}
