package dev.greenwire.integration;

import dev.greenwire.testing.TestServer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Greenwire DataSource the tools get, on the test server. */
final class IntegrationSupport {
    private IntegrationSupport() {
    }

    /** @return key=value pairs of the test server's superuser DSN */
    static Map<String, String> dsn() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : TestServer.get().dsn().trim().split("\\s+")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    /** @return the jdbc:greenwire: URL of the test database */
    static String url() {
        TestServer s = TestServer.get();
        return "jdbc:greenwire:postgresql://" + s.host() + ":" + s.port() + "/" + s.database();
    }

    /** @return a GreenwireDataSource on the test database, waiting with the parking strategy */
    static DataSource dataSource() {
        Map<String, String> d = dsn();
        dev.greenwire.jdbc.GreenwireDataSource ds = new dev.greenwire.jdbc.GreenwireDataSource();
        ds.setUrl(url());
        ds.setUser(d.get("user"));
        if (d.containsKey("password")) {
            ds.setPassword(d.get("password"));
        }
        ds.setProperty("waitStrategy", "parking");
        return ds;
    }

    /** Drops the schemas (and all in them) if they exist. */
    static void dropSchemas(DataSource ds, String... schemas) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String s : schemas) {
                st.execute("DROP SCHEMA IF EXISTS " + s + " CASCADE");
            }
        }
    }
}
