package dev.greenwire.jdbc;

import dev.greenwire.internal.engine.Result;
import java.sql.ClientInfoStatus;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** A connection's session settings: catalog, schema, type map and client info (ApplicationName). */
final class SessionSettings {
    private final GwConnection conn;
    private String catalog;
    private final Properties clientInfo = new Properties();

    SessionSettings(GwConnection conn) {
        this.conn = conn;
    }

    void setCatalog(String catalog) throws SQLException {
        conn.checkOpen(); // PostgreSQL has one catalog per connection: ignored, as the JDBC contract allows
    }

    String getCatalog() throws SQLException {
        conn.checkOpen();
        if (catalog == null) {
            Result r = conn.internal("SELECT current_database()");
            catalog = RowData.texts(r.rows().get(0), conn.engine.charset())[0];
        }
        return catalog;
    }

    void setSchema(String schema) throws SQLException {
        conn.checkOpen();
        if (schema == null) {
            throw new SQLException("setSchema needs a schema name", "22023");
        }
        conn.internal("SET search_path TO " + dev.greenwire.Extensions.quoteIdent(schema, conn.green));
    }

    String getSchema() throws SQLException {
        conn.checkOpen();
        Result r = conn.internal("SELECT current_schema()");
        return RowData.texts(r.rows().get(0), conn.engine.charset())[0];
    }
    Map<String, Class<?>> getTypeMap() throws SQLException {
        conn.checkOpen();
        return new HashMap<>();
    }

    void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        conn.checkOpen();
        if (map != null && !map.isEmpty()) {
            throw JdbcErrors.notSupported("custom type maps (setTypeMap)");
        }
    }

    void setClientInfo(String name, String value) throws SQLClientInfoException {
        try {
            conn.checkOpen();
            if (!"ApplicationName".equals(name)) {
                throw new SQLClientInfoException("unknown client info property \"" + name
                        + "\" (only ApplicationName is supported)", "22023", Map.of(name == null ? "" : name,
                        ClientInfoStatus.REASON_UNKNOWN_PROPERTY));
            }
            String v = value == null ? "" : value;
            // the core quotes as the server reads it (standard_conforming_strings, client encoding)
            conn.internal("SET application_name TO " + new String(conn.green.cursor().mogrify("%s", v), conn.engine.charset()));
            clientInfo.setProperty(name, v);
        } catch (SQLClientInfoException e) {
            throw e;
        } catch (SQLException e) {
            throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), Map.of(name, ClientInfoStatus.REASON_UNKNOWN),
                    e);
        }
    }

    void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (properties == null) {
            return;
        }
        for (String n : properties.stringPropertyNames()) {
            setClientInfo(n, properties.getProperty(n));
        }
    }

    String getClientInfo(String name) throws SQLException {
        conn.checkOpen();
        if ("ApplicationName".equals(name)) {
            String v = conn.green.parameterStatus("application_name");
            return v != null ? v : clientInfo.getProperty(name);
        }
        return null;
    }

    Properties getClientInfo() throws SQLException {
        conn.checkOpen();
        Properties p = new Properties();
        String v = getClientInfo("ApplicationName");
        if (v != null) {
            p.setProperty("ApplicationName", v);
        }
        return p;
    }
}
