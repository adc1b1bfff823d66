package dev.greenwire.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A running PostgreSQL for tests and samples, one per JVM, started on first use:
 * <ol>
 *   <li>the server named by {@code GREENWIRE_TEST_DSN}, when set (kind "external");</li>
 *   <li>else a Testcontainers {@code postgres} container when a Docker engine answers (kind "container");</li>
 *   <li>else a throwaway cluster made with the local binaries: {@code initdb} and {@code pg_ctl}
 *       in a temp dir, a free port, run as the {@code postgres} OS user when we are root, stopped
 *       and deleted at JVM exit (kind "local").</li>
 * </ol>
 * The container and the local cluster get {@code wal_level=logical}, replication slots and
 * walsenders, a Unix socket directory (local only), and a role per authentication method
 * with matching pg_hba lines. When none of the three is possible, {@link #get()} throws: a
 * test that cannot reach its server fails loudly.
 */
public final class TestServer {
    /** A role that logs in without a password (trust). */
    public static final String TRUST_USER = "gw_trust";
    /** A role that authenticates with a cleartext password. */
    public static final String PASSWORD_USER = "gw_password";
    /** {@link #PASSWORD_USER}'s password. */
    public static final String PASSWORD_PASSWORD = "pw_cleartext";
    /** A role that authenticates with MD5. */
    public static final String MD5_USER = "gw_md5";
    /** {@link #MD5_USER}'s password. */
    public static final String MD5_PASSWORD = "pw_md5";
    /** A role that authenticates with SCRAM-SHA-256. */
    public static final String SCRAM_USER = "gw_scram";
    /** {@link #SCRAM_USER}'s password. */
    public static final String SCRAM_PASSWORD = "pw_scram";
    /** A role with the REPLICATION attribute (trust). */
    public static final String REPLICATION_USER = "gw_repl";
    /** A role that logs in with its client certificate over TLS (cert auth; local kind). */
    public static final String CERT_USER = "gw_cert";
    /** A role refused without TLS and authenticated with SCRAM over TLS. */
    public static final String SSLONLY_USER = "gw_sslonly";
    /** {@link #SSLONLY_USER}'s password. */
    public static final String SSLONLY_PASSWORD = "pw_sslonly";
    /** A role refused over TLS and trusted without it. */
    public static final String NOSSL_USER = "gw_nossl";
    /** A role that logs in over the Unix socket with peer authentication (any OS user maps to it). */
    public static final String PEER_USER = "gw_peer";
    /** The database the local cluster and the container create. */
    public static final String DATABASE = "greenwire_test";

    private static final String SETUP_SQL = String.join("\n",
            "CREATE ROLE " + TRUST_USER + " LOGIN;",
            "SET password_encryption = 'scram-sha-256';",
            "CREATE ROLE " + PASSWORD_USER + " LOGIN PASSWORD '" + PASSWORD_PASSWORD + "';",
            "CREATE ROLE " + SCRAM_USER + " LOGIN PASSWORD '" + SCRAM_PASSWORD + "';",
            "SET password_encryption = 'md5';",
            "CREATE ROLE " + MD5_USER + " LOGIN PASSWORD '" + MD5_PASSWORD + "';",
            "CREATE ROLE " + REPLICATION_USER + " LOGIN REPLICATION;",
            "CREATE ROLE " + CERT_USER + " LOGIN;",
            "CREATE ROLE " + NOSSL_USER + " LOGIN;",
            "CREATE ROLE " + PEER_USER + " LOGIN;",
            "SET password_encryption = 'scram-sha-256';",
            "CREATE ROLE " + SSLONLY_USER + " LOGIN PASSWORD '" + SSLONLY_PASSWORD + "';",
            "CREATE DATABASE " + DATABASE + ";",
            "\\c " + DATABASE,
            "GRANT ALL ON SCHEMA public TO PUBLIC;",
            "");

    private static final String HBA = String.join("\n",
            "local all " + PEER_USER + " peer map=gwmap",
            "hostssl all " + CERT_USER + " 127.0.0.1/32 cert",
            "hostnossl all " + SSLONLY_USER + " 127.0.0.1/32 reject",
            "hostssl all " + SSLONLY_USER + " 127.0.0.1/32 scram-sha-256",
            "hostssl all " + NOSSL_USER + " 127.0.0.1/32 reject",
            "local all all trust",
            "local replication all trust",
            "host all " + PASSWORD_USER + " 127.0.0.1/32 password",
            "host all " + PASSWORD_USER + " ::1/128 password",
            "host all " + MD5_USER + " 127.0.0.1/32 md5",
            "host all " + MD5_USER + " ::1/128 md5",
            "host all " + SCRAM_USER + " 127.0.0.1/32 scram-sha-256",
            "host all " + SCRAM_USER + " ::1/128 scram-sha-256",
            "host all all 127.0.0.1/32 trust",
            "host all all ::1/128 trust",
            "host replication all 127.0.0.1/32 trust",
            "host replication all ::1/128 trust",
            "");

    private static volatile TestServer instance;
    private static final java.util.concurrent.locks.ReentrantLock START = new java.util.concurrent.locks.ReentrantLock();

    private final String kind;
    private final String host;
    private final int port;
    private final String socketDir;
    private final String database;
    private final String superuser;
    private final String superPassword;
    private final boolean authRoles;
    private final Path bin;
    private final Path logFile;
    private TestCerts certs;

    private TestServer(String kind, String host, int port, String socketDir, String database, String superuser,
                       String superPassword, boolean authRoles, Path bin, Path logFile) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.socketDir = socketDir;
        this.database = database;
        this.superuser = superuser;
        this.superPassword = superPassword;
        this.authRoles = authRoles;
        this.bin = bin;
        this.logFile = logFile;
    }

    /**
     * The server of this JVM, started on the first call.
     *
     * @return the server
     * @throws IllegalStateException when no server can be had (the message says what to do)
     */
    public static TestServer get() {
        TestServer s = instance;
        if (s == null) {
            START.lock();
            try {
                s = instance;
                if (s == null) {
                    s = launch();
                    instance = s;
                }
            } finally {
                START.unlock();
            }
        }
        return s;
    }

    private static TestServer launch() {
        String external = System.getenv("GREENWIRE_TEST_DSN");
        if (external != null && !external.isBlank()) {
            return external(external);
        }
        if (dockerLikely()) {
            try {
                return Containers.start(SETUP_SQL, HBA);
            } catch (RuntimeException | LinkageError e) {
                System.err.println("greenwire-testing: Docker was found but no container could be started ("
                        + e + "); trying the local PostgreSQL binaries");
            }
        }
        Path bin = findBinaries();
        if (bin == null) {
            throw new IllegalStateException("greenwire-testing: no PostgreSQL to test against. Set GREENWIRE_TEST_DSN"
                    + " to a server, install the PostgreSQL server binaries (Debian: apt-get install postgresql;"
                    + " or set GREENWIRE_PG_BIN to their directory), or start a Docker engine.");
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return local(bin);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    // ---- external ------------------------------------------------------------------------

    private static TestServer external(String dsn) {
        Map<String, String> p = parseDsn(dsn);
        String host = p.getOrDefault("host", "localhost");
        int port = Integer.parseInt(p.getOrDefault("port", "5432"));
        String user = p.getOrDefault("user", System.getProperty("user.name"));
        return new TestServer("external", host, port, null, p.getOrDefault("dbname", user), user,
                p.get("password"), false, null, null);
    }

    /** Enough libpq DSN parsing (key=value or URI) to report where the external server is. */
    static Map<String, String> parseDsn(String dsn) {
        Map<String, String> p = new LinkedHashMap<>();
        String d = dsn.trim();
        if (d.startsWith("postgresql://") || d.startsWith("postgres://")) {
            URI u = URI.create(d);
            if (u.getHost() != null) {
                p.put("host", u.getHost());
            }
            if (u.getPort() > 0) {
                p.put("port", String.valueOf(u.getPort()));
            }
            if (u.getRawUserInfo() != null) {
                String[] ui = u.getRawUserInfo().split(":", 2);
                p.put("user", URLDecoder.decode(ui[0], StandardCharsets.UTF_8));
                if (ui.length > 1) {
                    p.put("password", URLDecoder.decode(ui[1], StandardCharsets.UTF_8));
                }
            }
            if (u.getPath() != null && u.getPath().length() > 1) {
                p.put("dbname", u.getPath().substring(1));
            }
            if (u.getRawQuery() != null) {
                for (String kv : u.getRawQuery().split("&")) {
                    String[] x = kv.split("=", 2);
                    p.put(x[0], x.length > 1 ? URLDecoder.decode(x[1], StandardCharsets.UTF_8) : "");
                }
            }
            return p;
        }
        for (String tok : d.split("\\s+")) {
            int eq = tok.indexOf('=');
            if (eq > 0) {
                p.put(tok.substring(0, eq), tok.substring(eq + 1).replaceAll("^'|'$", ""));
            }
        }
        return p;
    }

    // ---- Docker ----------------------------------------------------------------------------

    private static boolean dockerLikely() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        return Files.exists(Path.of("/var/run/docker.sock")) && Containers.available();
    }

    static TestServer container(String host, int port, String user, String password) {
        return new TestServer("container", host, port, null, DATABASE, user, password, true, null, null);
    }

    // ---- local cluster ---------------------------------------------------------------------

    private static Path findBinaries() {
        String env = System.getenv("GREENWIRE_PG_BIN");
        if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
            return Path.of(env);
        }
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
            Path best = dirs.map(d -> d.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())))
                    .orElse(null);
            if (best != null) {
                return best;
            }
        } catch (IOException ignored) {
            // not Debian's layout
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))) {
                return Path.of(dir);
            }
        }
        return null;
    }

    private static int versionOf(String s) {
        try {
            return Integer.parseInt(s.replaceAll("[^0-9].*$", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static TestServer local(Path bin) {
        Path base;
        try {
            base = Files.createTempDirectory(Path.of("/tmp"), "greenwire-pg-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new IllegalStateException("greenwire-testing: cannot create a temp dir", e);
        }
        Path data = base.resolve("data");
        Path sock = base.resolve("sock");
        Path log = base.resolve("server.log");
        boolean root = isRoot();
        try {
            Files.createDirectories(sock);
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", base.toString()), false);
            }
            run(asServerUser(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"), true);
            int port = freePort();
            String conf = String.join("\n",
                    "listen_addresses = '127.0.0.1'",
                    "port = " + port,
                    "unix_socket_directories = '" + sock + "'",
                    "wal_level = logical",
                    "max_replication_slots = 20",
                    "max_wal_senders = 20",
                    "max_connections = 300",
                    "fsync = off",
                    "synchronous_commit = off",
                    "full_page_writes = off",
                    "shared_buffers = 128MB",
                    "");
            TestCerts certs = TestCerts.make(base.resolve("tls"), CERT_USER);
            conf += String.join("\n",
                    "ssl = on",
                    "log_connections = on",
                    "ssl_cert_file = '" + certs.serverCert() + "'",
                    "ssl_key_file = '" + certs.serverKey() + "'",
                    "ssl_ca_file = '" + certs.caCert() + "'",
                    "");
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", certs.dir().toString()), false);
            }
            Files.writeString(data.resolve("postgresql.conf"), conf, java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(data.resolve("pg_hba.conf"), HBA);
            Files.writeString(data.resolve("pg_ident.conf"), "gwmap /^.*$ " + PEER_USER + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(bin, data, base, root), "greenwire-pg-stop"));
            String out = run(asServerUser(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                    log.toString(), "-w", "-t", "60", "-o", "-p " + port, "start"), false);
            if (!out.contains("server started")) {
                String tail = Files.exists(log) ? Files.readString(log) : "(no log)";
                throw new IllegalStateException("greenwire-testing: PostgreSQL did not start:\n" + out + "\n" + tail);
            }
            TestServer s = new TestServer("local", "127.0.0.1", port, sock.toString(), DATABASE, "postgres", null,
                    true, bin, log);
            s.certs = certs;
            s.psqlAs("postgres", SETUP_SQL);
            System.err.println("greenwire-testing: started PostgreSQL (" + bin + ") at 127.0.0.1:" + port
                    + ", socket " + sock + ", data " + data);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("greenwire-testing: cannot set up the cluster in " + base + ": " + e, e);
        }
    }

    private static List<String> asServerUser(boolean root, String... cmd) {
        List<String> l = new ArrayList<>();
        if (root) {
            l.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        l.addAll(Arrays.asList(cmd));
        return l;
    }

    private static void stop(Path bin, Path data, Path base, boolean root) {
        try {
            run(asServerUser(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                    "-w", "stop"), false);
        } catch (RuntimeException ignored) {
            // the JVM is going away: nothing more to do
        }
        try (Stream<Path> walk = Files.walk(base)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs a command; returns its output; throws on a non-zero exit when {@code check}. */
    private static String run(List<String> cmd, boolean check) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("greenwire-testing: timed out: " + String.join(" ", cmd));
            }
            if (check && p.exitValue() != 0) {
                throw new IllegalStateException("greenwire-testing: " + String.join(" ", cmd) + " failed ("
                        + p.exitValue() + "):\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("greenwire-testing: cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("greenwire-testing: interrupted", e);
        }
    }

    // ---- accessors ---------------------------------------------------------------------------

    /** @return "external", "container" or "local" */
    public String kind() { return kind; }
    /** @return the TCP host */
    public String host() { return host; }
    /** @return the TCP port */
    public int port() { return port; }
    /** @return the Unix socket directory, null when not local */
    public String socketDir() { return socketDir; }
    /** @return the database tests use */
    public String database() { return database; }
    /** @return the superuser's name */
    public String superuser() { return superuser; }
    /** @return true when the gw_* roles and their pg_hba lines exist */
    public boolean hasAuthRoles() { return authRoles; }
    /** @return the server log (local), or null */
    public Path logFile() { return logFile; }

    /**
     * Restarts the local cluster ({@code pg_ctl restart -m fast}): every session is terminated,
     * and the server accepts connections again when this returns.
     *
     * @throws IllegalStateException for other kinds, or when the server does not come back
     */
    public void restart() {
        if (bin == null) {
            throw new IllegalStateException("restart() needs the local kind; this server is " + kind);
        }
        Path data = logFile.getParent().resolve("data");
        String out = run(asServerUser(isRoot(), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                logFile.toString(), "-m", "fast", "-w", "-t", "60", "-o", "-p " + port, "restart"), false);
        if (!out.contains("server started")) {
            throw new IllegalStateException("greenwire-testing: PostgreSQL did not restart:\n" + out);
        }
    }

    /**
     * Stops the local cluster ({@code pg_ctl stop -m fast}: every backend gets the FATAL of an
     * administrator shutdown), for tests of what clients do while it is down; {@link #start()}
     * brings it back on the same port.
     *
     * @throws IllegalStateException for a server not started here
     */
    public void stop() {
        if (bin == null) {
            throw new IllegalStateException("stop() needs the local kind; this server is " + kind);
        }
        Path data = logFile.getParent().resolve("data");
        String out = run(asServerUser(isRoot(), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast",
                "-w", "-t", "60", "stop"), false);
        if (!out.contains("server stopped")) {
            throw new IllegalStateException("greenwire-testing: PostgreSQL did not stop:\n" + out);
        }
    }

    /**
     * Starts the local cluster again after {@link #stop()}; returns once it accepts connections.
     *
     * @throws IllegalStateException for a server not started here
     */
    public void start() {
        if (bin == null) {
            throw new IllegalStateException("start() needs the local kind; this server is " + kind);
        }
        Path data = logFile.getParent().resolve("data");
        String out = run(asServerUser(isRoot(), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                logFile.toString(), "-w", "-t", "60", "-o", "-p " + port, "start"), false);
        if (!out.contains("server started")) {
            throw new IllegalStateException("greenwire-testing: PostgreSQL did not start:\n" + out);
        }
    }

    /**
     * The TLS files of the server (local kind: the cluster runs with {@code ssl=on}, the CA's
     * certificate as {@code ssl_cert_file}'s issuer and {@code ssl_ca_file}).
     *
     * @return the certificates and keys
     * @throws IllegalStateException when this server was not started here with TLS
     */
    public TestCerts tls() {
        if (certs == null) {
            throw new IllegalStateException("TLS tests need the local test cluster (its throwaway CA);"
                    + " this server is " + kind + ": unset GREENWIRE_TEST_DSN to use the local binaries");
        }
        return certs;
    }

    /** @return a key=value DSN for the superuser over TCP */
    public String dsn() {
        return dsn(superuser, superPassword);
    }

    /**
     * A DSN for another role on the same server and database.
     *
     * @param user the role
     * @param password its password, or null to leave it out
     * @return the DSN
     */
    public String dsn(String user, String password) {
        String s = "host=" + host + " port=" + port + " dbname=" + database + " user=" + user;
        return password == null ? s : s + " password=" + password;
    }

    /** @return a DSN for the superuser over the Unix socket (local kind only) */
    public String unixDsn() {
        if (socketDir == null) {
            throw new IllegalStateException("no Unix socket: the server is " + kind);
        }
        return "host=" + socketDir + " port=" + port + " dbname=" + database + " user=" + superuser;
    }

    /**
     * Runs SQL as the superuser with the server's own psql (local kind only).
     *
     * @param sql statements
     * @return psql's output
     */
    public String psql(String sql) {
        return psqlAs(superuser, sql);
    }

    private String psqlAs(String user, String sql) {
        if (bin == null) {
            throw new IllegalStateException("psql() needs the local kind; this server is " + kind);
        }
        try {
            Path f = Files.createTempFile("greenwire-psql-", ".sql");
            try {
                Files.writeString(f, sql);
                return run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", socketDir,
                        "-p", String.valueOf(port), "-U", user, "-d", "postgres", "-f", f.toString()), true);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "TestServer[" + kind + " " + host + ":" + port + "/" + database + "]";
    }
}
