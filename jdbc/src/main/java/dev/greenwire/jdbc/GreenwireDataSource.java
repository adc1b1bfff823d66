package dev.greenwire.jdbc;

import dev.greenwire.WaitCallback;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for Greenwire, configured as a JavaBean (what HikariCP's
 * {@code dataSourceClassName} and Spring's bean definitions set): either a whole URL with
 * {@link #setUrl}, or {@link #setServerNames}, {@link #setPortNumbers} and
 * {@link #setDatabaseName}; {@link #setUser}/{@link #setPassword}; any driver property with
 * {@link #setProperty}; and a wait callback object with {@link #setWaitCallback} (instead of
 * the {@code waitStrategy} property). Each {@link #getConnection()} opens a new connection:
 * pool it (HikariCP).
 */
public class GreenwireDataSource implements DataSource {
    private String url;
    private String[] serverNames;
    private int[] portNumbers;
    private String databaseName;
    private String user;
    private String password;
    private WaitCallback waitCallback;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private int loginTimeout;
    private PrintWriter logWriter;

    /** Creates an unconfigured data source (the defaults: localhost, 5432, libpq's environment). */
    public GreenwireDataSource() {
    }

    /** @param url a {@code jdbc:greenwire:postgresql://…} URL; it wins over the server names, ports and database */
    public void setUrl(String url) {
        this.url = url;
    }

    /** @return the URL set, or the one built from the server names, ports and database */
    public String getUrl() {
        if (url != null) {
            return url;
        }
        StringBuilder sb = new StringBuilder(JdbcConfig.PREFIX + "postgresql://");
        String[] hosts = serverNames == null || serverNames.length == 0 ? new String[] {"localhost"} : serverNames;
        for (int i = 0; i < hosts.length; i++) {
            String h = hosts[i];
            sb.append(i == 0 ? "" : ",").append(h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h);
            if (portNumbers != null && portNumbers.length > 0) {
                int p = portNumbers.length > i ? portNumbers[i] : portNumbers[portNumbers.length - 1];
                if (p > 0) {
                    sb.append(':').append(p);
                }
            }
        }
        sb.append('/');
        if (databaseName != null) {
            sb.append(java.net.URLEncoder.encode(databaseName, java.nio.charset.StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** @param names the server host names, tried in order */
    public void setServerNames(String[] names) {
        this.serverNames = names == null ? null : names.clone();
    }

    /** @return the server host names */
    public String[] getServerNames() {
        return serverNames == null ? null : serverNames.clone();
    }

    /** @param name one server host name (pgjdbc's {@code serverName}) */
    public void setServerName(String name) {
        setServerNames(name == null ? null : new String[] {name});
    }

    /** @param ports the server ports, one per server name (0: the default 5432) */
    public void setPortNumbers(int[] ports) {
        this.portNumbers = ports == null ? null : ports.clone();
    }

    /** @return the server ports */
    public int[] getPortNumbers() {
        return portNumbers == null ? null : portNumbers.clone();
    }

    /** @param port one server port (pgjdbc's {@code portNumber}) */
    public void setPortNumber(int port) {
        setPortNumbers(new int[] {port});
    }

    /** @param name the database */
    public void setDatabaseName(String name) {
        this.databaseName = name;
    }

    /** @return the database */
    public String getDatabaseName() {
        return databaseName;
    }

    /** @param user the user name */
    public void setUser(String user) {
        this.user = user;
    }

    /** @return the user name */
    public String getUser() {
        return user;
    }

    /** @param password the password */
    public void setPassword(String password) {
        this.password = password;
    }

    /** @param callback the wait callback of every connection made (wins over the {@code waitStrategy} property) */
    public void setWaitCallback(WaitCallback callback) {
        this.waitCallback = callback;
    }

    /** @return the wait callback set, or null */
    public WaitCallback getWaitCallback() {
        return waitCallback;
    }

    /**
     * Sets any driver property (a libpq keyword, a pgjdbc name or {@code waitStrategy}).
     *
     * @param name the property
     * @param value its value, or null to remove it
     */
    public void setProperty(String name, String value) {
        if (value == null) {
            properties.remove(name);
        } else {
            properties.put(name, value);
        }
    }

    /** @param name a property @return its value, or null */
    public String getProperty(String name) {
        return properties.get(name);
    }

    /** @param strategy the {@code waitStrategy} property: parking, selector, busyPoll, backoff, auto or a class name */
    public void setWaitStrategy(String strategy) {
        setProperty("waitStrategy", strategy);
    }

    /** @param name the {@code application_name} reported to the server */
    public void setApplicationName(String name) {
        setProperty("application_name", name);
    }

    private Properties props(String u, String p) {
        Properties info = new Properties();
        info.putAll(properties);
        if (u != null) {
            info.setProperty("user", u);
        }
        if (p != null) {
            info.setProperty("password", p);
        }
        if (loginTimeout > 0 && !properties.containsKey("loginTimeout")) {
            info.setProperty("loginTimeout", Integer.toString(loginTimeout));
        }
        return info;
    }

    /**
     * Opens a connection with the user and password set.
     *
     * @return the connection
     * @throws SQLException when the configuration is invalid or the server cannot be reached
     */
    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    /**
     * Opens a connection as another user.
     *
     * @param username the user
     * @param password the password
     * @return the connection
     * @throws SQLException when the configuration is invalid or the server cannot be reached
     */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        JdbcConfig cfg = JdbcConfig.parse(getUrl(), props(username, password));
        if (waitCallback != null) {
            cfg.waitCallback = waitCallback;
        }
        return GwConnection.open(cfg);
    }

    /** @return the log writer set (the driver logs through SLF4J) */
    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** @param out kept for {@link #getLogWriter()}; the driver logs through SLF4J */
    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** @param seconds the connect timeout per host, 0 for the default */
    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = Math.max(0, seconds);
    }

    /** @return the connect timeout per host, 0 for the default */
    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    /**
     * The driver logs through SLF4J, not java.util.logging.
     *
     * @return never
     * @throws SQLFeatureNotSupportedException always
     */
    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw JdbcErrors.notSupported("java.util.logging (the driver logs through SLF4J)");
    }

    /**
     * @param iface an interface
     * @param <T> its type
     * @return this data source, when it implements {@code iface}
     * @throws SQLException otherwise
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return JdbcErrors.unwrap(this, iface);
    }

    /** @param iface an interface @return whether this data source implements it */
    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "GreenwireDataSource[" + JdbcConfig.safe(getUrl()) + "]";
    }
}
