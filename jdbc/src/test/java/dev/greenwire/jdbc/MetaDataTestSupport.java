package dev.greenwire.jdbc;

import dev.greenwire.testing.TestServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Connections for the metadata tests: pgjdbc (the reference driver) and Greenwire's driver on the test server. */
final class MetaDataTestSupport {
    private MetaDataTestSupport() {
    }

    /** @return the key=value pairs of the superuser's DSN */
    static Map<String, String> dsn() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : TestServer.get().dsn().trim().split("\\s+")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    /** @return the pgjdbc URL of the test database (no credentials in it) */
    static String pgjdbcUrl() {
        TestServer s = TestServer.get();
        return "jdbc:postgresql://" + s.host() + ":" + s.port() + "/" + s.database();
    }

    /** @return a new pgjdbc connection as the superuser */
    static Connection pgjdbc() throws SQLException {
        Map<String, String> d = dsn();
        Properties p = new Properties();
        p.setProperty("user", d.get("user"));
        if (d.containsKey("password")) {
            p.setProperty("password", d.get("password"));
        }
        return new org.postgresql.Driver().connect(pgjdbcUrl(), p);
    }

    /** @return the Greenwire URL of the test database (no credentials in it) */
    static String greenwireUrl() {
        TestServer s = TestServer.get();
        return "jdbc:greenwire:postgresql://" + s.host() + ":" + s.port() + "/" + s.database();
    }

    /** @return a new Greenwire JDBC connection as the superuser */
    static Connection greenwire() throws SQLException {
        Map<String, String> d = dsn();
        Properties p = new Properties();
        p.setProperty("user", d.get("user"));
        if (d.containsKey("password")) {
            p.setProperty("password", d.get("password"));
        }
        return new GreenwireDriver().connect(greenwireUrl(), p);
    }

    /** @return Greenwire's metadata over {@code c} */
    static GwDatabaseMetaData meta(Connection c) {
        return new GwDatabaseMetaData(c, pgjdbcUrl(), dsn().get("user"));
    }
}
