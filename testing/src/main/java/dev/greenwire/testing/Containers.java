package dev.greenwire.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The Testcontainers path, kept apart so that it loads only when Docker is there. */
final class Containers {
    private static PostgreSQLContainer container;

    private Containers() {
    }

    static boolean available() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static TestServer start(String setupSql, String hba) {
        PostgreSQLContainer c = new PostgreSQLContainer("postgres:15")
                .withDatabaseName("postgres")
                .withUsername("postgres")
                .withPassword("postgres")
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=20",
                        "-c", "max_wal_senders=20", "-c", "max_connections=300", "-c", "fsync=off");
        c.start();
        container = c;
        try {
            exec(c, "psql", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-c",
                    setupSql.replace("\\c " + TestServer.DATABASE, "").trim());
            exec(c, "sh", "-c", "printf '%s' \"$0\" > \"$PGDATA/pg_hba.conf\"",
                    hba.replace("127.0.0.1/32", "all").replace("::1/128", "all"));
            exec(c, "psql", "-U", "postgres", "-c", "SELECT pg_reload_conf()");
        } catch (Exception e) {
            c.stop();
            throw new IllegalStateException("greenwire-testing: cannot set up the container: " + e, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "greenwire-container-stop"));
        return TestServer.container(c.getHost(), c.getMappedPort(5432), "postgres", "postgres");
    }

    private static void exec(PostgreSQLContainer c, String... cmd) throws Exception {
        Container.ExecResult r = c.execInContainer(cmd);
        if (r.getExitCode() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + r.getStderr());
        }
    }
}
