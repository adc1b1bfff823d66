package dev.greenwire.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;

/** The refusals of CallableStatement's parameters by name, which the driver does not support. */
interface CallableByName extends CallableStatement {
    private static SQLException named() {
        return JdbcErrors.notSupported("CallableStatement parameters by name");
    }

    @Override
    default void registerOutParameter(String a0, int a1) throws SQLException {
        throw named();
    }

    @Override
    default void registerOutParameter(String a0, int a1, int a2) throws SQLException {
        throw named();
    }

    @Override
    default void registerOutParameter(String a0, int a1, String a2) throws SQLException {
        throw named();
    }

    @Override
    default void setURL(String a0, java.net.URL a1) throws SQLException {
        throw named();
    }

    @Override
    default void setNull(String a0, int a1) throws SQLException {
        throw named();
    }

    @Override
    default void setBoolean(String a0, boolean a1) throws SQLException {
        throw named();
    }

    @Override
    default void setByte(String a0, byte a1) throws SQLException {
        throw named();
    }

    @Override
    default void setShort(String a0, short a1) throws SQLException {
        throw named();
    }

    @Override
    default void setInt(String a0, int a1) throws SQLException {
        throw named();
    }

    @Override
    default void setLong(String a0, long a1) throws SQLException {
        throw named();
    }

    @Override
    default void setFloat(String a0, float a1) throws SQLException {
        throw named();
    }

    @Override
    default void setDouble(String a0, double a1) throws SQLException {
        throw named();
    }

    @Override
    default void setBigDecimal(String a0, java.math.BigDecimal a1) throws SQLException {
        throw named();
    }

    @Override
    default void setString(String a0, String a1) throws SQLException {
        throw named();
    }

    @Override
    default void setBytes(String a0, byte[] a1) throws SQLException {
        throw named();
    }

    @Override
    default void setDate(String a0, Date a1) throws SQLException {
        throw named();
    }

    @Override
    default void setTime(String a0, Time a1) throws SQLException {
        throw named();
    }

    @Override
    default void setTimestamp(String a0, Timestamp a1) throws SQLException {
        throw named();
    }

    @Override
    default void setAsciiStream(String a0, java.io.InputStream a1, int a2) throws SQLException {
        throw named();
    }

    @Override
    default void setBinaryStream(String a0, java.io.InputStream a1, int a2) throws SQLException {
        throw named();
    }

    @Override
    default void setObject(String a0, Object a1, int a2, int a3) throws SQLException {
        throw named();
    }

    @Override
    default void setObject(String a0, Object a1, int a2) throws SQLException {
        throw named();
    }

    @Override
    default void setObject(String a0, Object a1) throws SQLException {
        throw named();
    }

    @Override
    default void setCharacterStream(String a0, java.io.Reader a1, int a2) throws SQLException {
        throw named();
    }

    @Override
    default void setDate(String a0, Date a1, java.util.Calendar a2) throws SQLException {
        throw named();
    }

    @Override
    default void setTime(String a0, Time a1, java.util.Calendar a2) throws SQLException {
        throw named();
    }

    @Override
    default void setTimestamp(String a0, Timestamp a1, java.util.Calendar a2) throws SQLException {
        throw named();
    }

    @Override
    default void setNull(String a0, int a1, String a2) throws SQLException {
        throw named();
    }

    @Override
    default String getString(String a0) throws SQLException {
        throw named();
    }

    @Override
    default boolean getBoolean(String a0) throws SQLException {
        throw named();
    }

    @Override
    default byte getByte(String a0) throws SQLException {
        throw named();
    }

    @Override
    default short getShort(String a0) throws SQLException {
        throw named();
    }

    @Override
    default int getInt(String a0) throws SQLException {
        throw named();
    }

    @Override
    default long getLong(String a0) throws SQLException {
        throw named();
    }

    @Override
    default float getFloat(String a0) throws SQLException {
        throw named();
    }

    @Override
    default double getDouble(String a0) throws SQLException {
        throw named();
    }

    @Override
    default byte[] getBytes(String a0) throws SQLException {
        throw named();
    }

    @Override
    default Date getDate(String a0) throws SQLException {
        throw named();
    }

    @Override
    default Time getTime(String a0) throws SQLException {
        throw named();
    }

    @Override
    default Timestamp getTimestamp(String a0) throws SQLException {
        throw named();
    }

    @Override
    default Object getObject(String a0) throws SQLException {
        throw named();
    }

    @Override
    default java.math.BigDecimal getBigDecimal(String a0) throws SQLException {
        throw named();
    }

    @Override
    default Object getObject(String a0, java.util.Map<String, Class<?>> a1) throws SQLException {
        throw named();
    }

    @Override
    default Ref getRef(String a0) throws SQLException {
        throw named();
    }

    @Override
    default Blob getBlob(String a0) throws SQLException {
        throw named();
    }

    @Override
    default Clob getClob(String a0) throws SQLException {
        throw named();
    }

    @Override
    default Array getArray(String a0) throws SQLException {
        throw named();
    }

    @Override
    default Date getDate(String a0, java.util.Calendar a1) throws SQLException {
        throw named();
    }

    @Override
    default Time getTime(String a0, java.util.Calendar a1) throws SQLException {
        throw named();
    }

    @Override
    default Timestamp getTimestamp(String a0, java.util.Calendar a1) throws SQLException {
        throw named();
    }

    @Override
    default java.net.URL getURL(String a0) throws SQLException {
        throw named();
    }

    @Override
    default RowId getRowId(String a0) throws SQLException {
        throw named();
    }

    @Override
    default void setRowId(String a0, RowId a1) throws SQLException {
        throw named();
    }

    @Override
    default void setNString(String a0, String a1) throws SQLException {
        throw named();
    }

    @Override
    default void setNCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException {
        throw named();
    }

    @Override
    default void setNClob(String a0, NClob a1) throws SQLException {
        throw named();
    }

    @Override
    default void setClob(String a0, java.io.Reader a1, long a2) throws SQLException {
        throw named();
    }

    @Override
    default void setBlob(String a0, java.io.InputStream a1, long a2) throws SQLException {
        throw named();
    }

    @Override
    default void setNClob(String a0, java.io.Reader a1, long a2) throws SQLException {
        throw named();
    }

    @Override
    default NClob getNClob(String a0) throws SQLException {
        throw named();
    }

    @Override
    default void setSQLXML(String a0, SQLXML a1) throws SQLException {
        throw named();
    }

    @Override
    default SQLXML getSQLXML(String a0) throws SQLException {
        throw named();
    }

    @Override
    default String getNString(String a0) throws SQLException {
        throw named();
    }

    @Override
    default java.io.Reader getNCharacterStream(String a0) throws SQLException {
        throw named();
    }

    @Override
    default java.io.Reader getCharacterStream(String a0) throws SQLException {
        throw named();
    }

    @Override
    default void setBlob(String a0, Blob a1) throws SQLException {
        throw named();
    }

    @Override
    default void setClob(String a0, Clob a1) throws SQLException {
        throw named();
    }

    @Override
    default void setAsciiStream(String a0, java.io.InputStream a1, long a2) throws SQLException {
        throw named();
    }

    @Override
    default void setBinaryStream(String a0, java.io.InputStream a1, long a2) throws SQLException {
        throw named();
    }

    @Override
    default void setCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException {
        throw named();
    }

    @Override
    default void setAsciiStream(String a0, java.io.InputStream a1) throws SQLException {
        throw named();
    }

    @Override
    default void setBinaryStream(String a0, java.io.InputStream a1) throws SQLException {
        throw named();
    }

    @Override
    default void setCharacterStream(String a0, java.io.Reader a1) throws SQLException {
        throw named();
    }

    @Override
    default void setNCharacterStream(String a0, java.io.Reader a1) throws SQLException {
        throw named();
    }

    @Override
    default void setClob(String a0, java.io.Reader a1) throws SQLException {
        throw named();
    }

    @Override
    default void setBlob(String a0, java.io.InputStream a1) throws SQLException {
        throw named();
    }

    @Override
    default void setNClob(String a0, java.io.Reader a1) throws SQLException {
        throw named();
    }

    @Override
    default <T> T getObject(String a0, Class<T> a1) throws SQLException {
        throw named();
    }
}
