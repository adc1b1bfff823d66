package dev.greenwire.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Greenwire's JDBC driver: {@code jdbc:greenwire:postgresql://host[:port][,host2[:port]…]/database?key=value&…}
 * (the libpq URI after the {@code jdbc:greenwire:} prefix). Found by {@link DriverManager}
 * through {@code META-INF/services/java.sql.Driver} (and the module's {@code provides}).
 *
 * <p>Properties (in the URL's query or the {@code Properties} given): every libpq keyword
 * ({@code sslmode}, {@code application_name}, {@code connect_timeout}, {@code options},
 * {@code target_session_attrs}…); pgjdbc's common names, mapped to them ({@code user},
 * {@code password}, {@code ssl}, {@code ApplicationName}, {@code connectTimeout},
 * {@code socketTimeout}, {@code loginTimeout}, {@code prepareThreshold},
 * {@code targetServerType}, {@code loadBalanceHosts}, {@code currentSchema},
 * {@code reWriteBatchedInserts}, {@code tcpKeepAlive}, {@code stringtype},
 * {@code defaultRowFetchSize}, {@code readOnly}); and {@code waitStrategy}: {@code parking},
 * {@code selector}, {@code busyPoll}, {@code backoff}, {@code auto} (the default: parks
 * virtual threads, selects on platform threads) or the name of a
 * {@link dev.greenwire.WaitCallback} class with a public no-argument constructor. An
 * unknown property is refused with an error naming it.
 */
public final class GreenwireDriver implements Driver {
    private static final GreenwireDriver INSTANCE = new GreenwireDriver();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Creates the driver (DriverManager and ServiceLoader make one; there is no state). */
    public GreenwireDriver() {
    }

    /**
     * Connects, or returns null when the URL is not one of this driver's (as JDBC asks).
     *
     * @param url a {@code jdbc:greenwire:postgresql://…} URL
     * @param info properties; those in the URL win
     * @return the connection, or null
     * @throws SQLException when the URL or a property is invalid, or the server cannot be reached
     */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Properties props = info;
        int login = DriverManager.getLoginTimeout();
        if (login > 0 && (info == null || info.getProperty("loginTimeout") == null)) {
            props = new Properties();
            if (info != null) {
                props.putAll(info);
            }
            props.setProperty("loginTimeout", Integer.toString(login)); // DriverManager.setLoginTimeout, as pgjdbc
        }
        return GwConnection.open(JdbcConfig.parse(url, props));
    }

    /**
     * @param url a JDBC URL
     * @return whether it starts with {@code jdbc:greenwire:postgresql:}
     */
    @Override
    public boolean acceptsURL(String url) {
        return JdbcConfig.accepts(url);
    }

    /**
     * The main properties, with the values the URL and {@code info} give them.
     *
     * @param url the URL
     * @param info properties
     * @return one entry per property
     * @throws SQLException when the URL is invalid
     */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        Properties merged = new Properties();
        if (info != null) {
            merged.putAll(info);
        }
        JdbcConfig cfg = acceptsURL(url) ? JdbcConfig.parse(url, info) : null;
        List<DriverPropertyInfo> out = new ArrayList<>();
        String[][] props = {
            {"host", "server host name(s), comma-separated"},
            {"port", "server port(s)"},
            {"dbname", "database name"},
            {"user", "user name"},
            {"password", "password"},
            {"sslmode", "disable, allow, prefer, require, verify-ca, verify-full"},
            {"application_name", "application name (pgjdbc: ApplicationName)"},
            {"connect_timeout", "seconds per host to connect (pgjdbc: connectTimeout, loginTimeout)"},
            {"waitStrategy", "parking, selector, busyPoll, backoff, auto, or a WaitCallback class name"},
            {"socketTimeout", "seconds a statement may hear nothing from the server before the connection closes"},
            {"prepareThreshold", "executions before a statement is prepared on the server (0: never)"},
            {"reWriteBatchedInserts", "send batched one-row INSERTs as multi-row INSERTs"},
            {"binaryTransfer", "true (default): prepared statements read numbers, dates, timestamps, uuid, bool and bytea in binary"},
            {"stringtype", "varchar (default) or unspecified: the type strings are sent as"},
            {"defaultRowFetchSize", "default fetch size of statements"},
        };
        for (String[] p : props) {
            String value = cfg == null ? merged.getProperty(p[0]) : cfg.params.getOrDefault(p[0], merged.getProperty(p[0]));
            DriverPropertyInfo d = new DriverPropertyInfo(p[0], value);
            d.description = p[1];
            d.required = false;
            out.add(d);
        }
        return out.toArray(new DriverPropertyInfo[0]);
    }

    /** @return the major version, 0 */
    @Override
    public int getMajorVersion() {
        return GwDatabaseMetaData.DRIVER_MAJOR;
    }

    /** @return the minor version, 1 */
    @Override
    public int getMinorVersion() {
        return GwDatabaseMetaData.DRIVER_MINOR;
    }

    /**
     * @return false: the driver does not claim full JDBC compliance (updatable result sets,
     *         named parameters of callable statements and a few others are not supported)
     */
    @Override
    public boolean jdbcCompliant() {
        return false;
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
}
