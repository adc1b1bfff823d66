package dev.greenwire.jdbc;

import dev.greenwire.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Connections through the Greenwire driver to the test server. */
final class JdbcTestSupport {
    private JdbcTestSupport() {
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

    /** @return the Greenwire URL of the test database (no credentials in it) */
    static String url() {
        TestServer s = TestServer.get();
        return "jdbc:greenwire:postgresql://" + s.host() + ":" + s.port() + "/" + s.database();
    }

    /** @return the superuser's user and password */
    static Properties credentials() {
        Map<String, String> d = dsn();
        Properties p = new Properties();
        p.setProperty("user", d.get("user"));
        if (d.containsKey("password")) {
            p.setProperty("password", d.get("password"));
        }
        return p;
    }

    /** @return a new connection through DriverManager */
    static Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), credentials());
    }

    /** @param query extra URL parameters ({@code a=b&c=d}) @return a new connection */
    static Connection connect(String query) throws SQLException {
        return DriverManager.getConnection(url() + "?" + query, credentials());
    }

    /** @return a data source on the test server */
    static GreenwireDataSource dataSource() {
        GreenwireDataSource ds = new GreenwireDataSource();
        TestServer s = TestServer.get();
        ds.setServerNames(new String[] {s.host()});
        ds.setPortNumbers(new int[] {s.port()});
        ds.setDatabaseName(s.database());
        Properties c = credentials();
        ds.setUser(c.getProperty("user"));
        ds.setPassword(c.getProperty("password"));
        return ds;
    }

    /** Runs statements on a fresh connection (setup of a test's tables). */
    static void exec(String... sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}
