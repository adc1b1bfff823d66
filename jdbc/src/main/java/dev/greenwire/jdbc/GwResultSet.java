package dev.greenwire.jdbc;

import dev.greenwire.internal.engine.Result;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A read-only result set over the rows of one statement result, in the server's text format.
 * Forward-only or scroll-insensitive: all rows in memory, or — forward-only with a fetch size
 * inside a transaction — a batch at a time from a portal ({@link More}), so memory stays
 * bounded whatever the size of the result. The position lives in {@link ResultCursor}, the
 * decoding of values in {@link ResultValues}, the refused updates in {@link ReadOnlyResultSet}.
 */
final class GwResultSet extends ReadOnlyResultSet {
    /** The rest of a streamed result. */
    interface More {
        /** @return the next batch of rows, empty when the result is exhausted */
        List<byte[]> next(int fetchSize) throws SQLException;

        /** @return whether rows may remain */
        boolean hasMore();

        /** Releases the portal. */
        void close() throws SQLException;
    }

    private final GwStatement stmt;
    private final GwConnection conn;
    final Result.Field[] fields;
    private final int type;
    private int fetchDirection = FETCH_FORWARD;
    private final ResultCursor cursor;
    private final ResultValues values;
    private boolean closed;
    private Map<String, Integer> labels;
    private SQLWarning warnings;
    private GwResultSetMetaData meta;

    GwResultSet(GwStatement stmt, GwConnection conn, Result.Field[] fields, List<byte[]> rows, int type, int fetchSize) {
        this.stmt = stmt;
        this.conn = conn;
        this.fields = fields;
        this.type = type;
        this.cursor = new ResultCursor(rows, fields.length, fetchSize);
        this.values = new ResultValues(this, stmt, conn, fields, cursor);
    }

    /** Makes this a streamed result: {@code more} gives the rows after the first batch. */
    GwResultSet streaming(More more) {
        cursor.streaming(more);
        return this;
    }

    // ---- moving ---------------------------------------------------------------------------------

    void checkOpen() throws SQLException {
        if (closed) {
            throw JdbcErrors.closed("ResultSet");
        }
    }

    private void checkScrollable() throws SQLException {
        checkOpen();
        if (type == TYPE_FORWARD_ONLY) {
            throw new SQLException("this operation needs a scrollable ResultSet, but this one is TYPE_FORWARD_ONLY", "24000");
        }
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        return cursor.next();
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cursor.close();
        } finally {
            if (stmt != null) {
                stmt.resultClosed(this);
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return cursor.isBeforeFirst();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return cursor.isAfterLast();
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return cursor.isFirst();
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return cursor.isLast();
    }

    @Override
    public void beforeFirst() throws SQLException {
        checkScrollable();
        cursor.beforeFirst();
    }

    @Override
    public void afterLast() throws SQLException {
        checkScrollable();
        cursor.afterLast();
    }

    @Override
    public boolean first() throws SQLException {
        return absolute(1);
    }

    @Override
    public boolean last() throws SQLException {
        return absolute(-1);
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return cursor.getRow();
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        checkScrollable();
        return cursor.absolute(row);
    }

    @Override
    public boolean relative(int delta) throws SQLException {
        checkScrollable();
        return cursor.relative(delta);
    }

    @Override
    public boolean previous() throws SQLException {
        checkScrollable();
        return cursor.previous();
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD && direction != FETCH_REVERSE && direction != FETCH_UNKNOWN) {
            throw new SQLException("unknown fetch direction " + direction, "22023");
        }
        if (type == TYPE_FORWARD_ONLY && direction != FETCH_FORWARD) {
            throw new SQLException("a TYPE_FORWARD_ONLY ResultSet only fetches forward", "24000");
        }
        fetchDirection = direction;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return fetchDirection;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("the fetch size must not be negative, not " + rows, "22023");
        }
        cursor.fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return cursor.fetchSize;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return type;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return stmt == null ? HOLD_CURSORS_OVER_COMMIT : stmt.getResultSetHoldability();
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return stmt == null ? null : stmt.facade();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (meta == null) {
            meta = new GwResultSetMetaData(conn, fields);
        }
        return meta;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warnings = null;
    }

    @Override
    public String getCursorName() throws SQLException {
        throw JdbcErrors.notSupported("positioned updates (getCursorName)");
    }

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        if (label == null) {
            throw new SQLException("a column label is needed", "42703");
        }
        Map<String, Integer> m = labels;
        if (m == null) {
            m = new HashMap<>();
            for (int i = fields.length - 1; i >= 0; i--) {
                m.put(fields[i].name(), i + 1);
            }
            for (int i = fields.length - 1; i >= 0; i--) {
                m.putIfAbsent(fields[i].name().toLowerCase(Locale.ROOT), i + 1);
            }
            labels = m;
        }
        Integer i = m.get(label);
        if (i == null) {
            i = m.get(label.toLowerCase(Locale.ROOT));
        }
        if (i == null) {
            throw new SQLException("the column name " + label + " was not found in this ResultSet", "42703");
        }
        return i;
    }

    // ---- raw values and getters (decoded by ResultValues) ------------------------------------------

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return values.wasNull();
    }

    @Override
    public String getString(int i) throws SQLException {
        return values.getString(i);
    }

    @Override
    public boolean getBoolean(int i) throws SQLException {
        return values.getBoolean(i);
    }

    @Override
    public byte getByte(int i) throws SQLException {
        return values.getByte(i);
    }

    @Override
    public short getShort(int i) throws SQLException {
        return values.getShort(i);
    }

    @Override
    public int getInt(int i) throws SQLException {
        return values.getInt(i);
    }

    @Override
    public long getLong(int i) throws SQLException {
        return values.getLong(i);
    }

    @Override
    public float getFloat(int i) throws SQLException {
        return values.getFloat(i);
    }

    @Override
    public double getDouble(int i) throws SQLException {
        return values.getDouble(i);
    }

    @Override
    public BigDecimal getBigDecimal(int i) throws SQLException {
        return values.getBigDecimal(i);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int i, int scale) throws SQLException {
        return values.getBigDecimal(i, scale);
    }

    @Override
    public byte[] getBytes(int i) throws SQLException {
        return values.getBytes(i);
    }

    @Override
    public Date getDate(int i) throws SQLException {
        return values.getDate(i);
    }

    @Override
    public Date getDate(int i, Calendar cal) throws SQLException {
        return values.getDate(i, cal);
    }

    @Override
    public Time getTime(int i) throws SQLException {
        return values.getTime(i);
    }

    @Override
    public Time getTime(int i, Calendar cal) throws SQLException {
        return values.getTime(i, cal);
    }

    @Override
    public Timestamp getTimestamp(int i) throws SQLException {
        return values.getTimestamp(i);
    }

    @Override
    public Timestamp getTimestamp(int i, Calendar cal) throws SQLException {
        return values.getTimestamp(i, cal);
    }

    @Override
    public InputStream getAsciiStream(int i) throws SQLException {
        return values.getAsciiStream(i);
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int i) throws SQLException {
        return values.getUnicodeStream(i);
    }

    @Override
    public InputStream getBinaryStream(int i) throws SQLException {
        return values.getBinaryStream(i);
    }

    @Override
    public Reader getCharacterStream(int i) throws SQLException {
        return values.getCharacterStream(i);
    }

    @Override
    public Reader getNCharacterStream(int i) throws SQLException {
        return values.getNCharacterStream(i);
    }

    @Override
    public String getNString(int i) throws SQLException {
        return values.getNString(i);
    }

    @Override
    public Object getObject(int i) throws SQLException {
        return values.getObject(i);
    }

    @Override
    public Object getObject(int i, Map<String, Class<?>> map) throws SQLException {
        return values.getObject(i, map);
    }

    @Override
    public <T> T getObject(int i, Class<T> type) throws SQLException {
        return values.getObject(i, type);
    }

    @Override
    public Array getArray(int i) throws SQLException {
        return values.getArray(i);
    }

    @Override
    public Blob getBlob(int i) throws SQLException {
        return values.getBlob(i);
    }

    @Override
    public Clob getClob(int i) throws SQLException {
        return values.getClob(i);
    }

    @Override
    public URL getURL(int i) throws SQLException {
        return values.getURL(i);
    }

    @Override
    public NClob getNClob(int i) throws SQLException {
        throw JdbcErrors.notSupported("getNClob (use getString)");
    }

    @Override
    public SQLXML getSQLXML(int i) throws SQLException {
        throw JdbcErrors.notSupported("getSQLXML (use getString)");
    }

    @Override
    public Ref getRef(int i) throws SQLException {
        throw JdbcErrors.notSupported("getRef");
    }

    @Override
    public RowId getRowId(int i) throws SQLException {
        throw JdbcErrors.notSupported("getRowId");
    }

    // ---- getters by label ------------------------------------------------------------------------

    @Override public String getString(String l) throws SQLException { return getString(findColumn(l)); }
    @Override public boolean getBoolean(String l) throws SQLException { return getBoolean(findColumn(l)); }
    @Override public byte getByte(String l) throws SQLException { return getByte(findColumn(l)); }
    @Override public short getShort(String l) throws SQLException { return getShort(findColumn(l)); }
    @Override public int getInt(String l) throws SQLException { return getInt(findColumn(l)); }
    @Override public long getLong(String l) throws SQLException { return getLong(findColumn(l)); }
    @Override public float getFloat(String l) throws SQLException { return getFloat(findColumn(l)); }
    @Override public double getDouble(String l) throws SQLException { return getDouble(findColumn(l)); }
    @Override @Deprecated public BigDecimal getBigDecimal(String l, int scale) throws SQLException { return getBigDecimal(findColumn(l), scale); }
    @Override public byte[] getBytes(String l) throws SQLException { return getBytes(findColumn(l)); }
    @Override public Date getDate(String l) throws SQLException { return getDate(findColumn(l)); }
    @Override public Time getTime(String l) throws SQLException { return getTime(findColumn(l)); }
    @Override public Timestamp getTimestamp(String l) throws SQLException { return getTimestamp(findColumn(l)); }
    @Override public InputStream getAsciiStream(String l) throws SQLException { return getAsciiStream(findColumn(l)); }
    @Override @Deprecated public InputStream getUnicodeStream(String l) throws SQLException { return getUnicodeStream(findColumn(l)); }
    @Override public InputStream getBinaryStream(String l) throws SQLException { return getBinaryStream(findColumn(l)); }
    @Override public Object getObject(String l) throws SQLException { return getObject(findColumn(l)); }
    @Override public Reader getCharacterStream(String l) throws SQLException { return getCharacterStream(findColumn(l)); }
    @Override public BigDecimal getBigDecimal(String l) throws SQLException { return getBigDecimal(findColumn(l)); }
    @Override public Object getObject(String l, Map<String, Class<?>> map) throws SQLException { return getObject(findColumn(l), map); }
    @Override public Ref getRef(String l) throws SQLException { return getRef(findColumn(l)); }
    @Override public Blob getBlob(String l) throws SQLException { return getBlob(findColumn(l)); }
    @Override public Clob getClob(String l) throws SQLException { return getClob(findColumn(l)); }
    @Override public Array getArray(String l) throws SQLException { return getArray(findColumn(l)); }
    @Override public Date getDate(String l, Calendar cal) throws SQLException { return getDate(findColumn(l), cal); }
    @Override public Time getTime(String l, Calendar cal) throws SQLException { return getTime(findColumn(l), cal); }
    @Override public Timestamp getTimestamp(String l, Calendar cal) throws SQLException { return getTimestamp(findColumn(l), cal); }
    @Override public URL getURL(String l) throws SQLException { return getURL(findColumn(l)); }
    @Override public RowId getRowId(String l) throws SQLException { return getRowId(findColumn(l)); }
    @Override public NClob getNClob(String l) throws SQLException { return getNClob(findColumn(l)); }
    @Override public SQLXML getSQLXML(String l) throws SQLException { return getSQLXML(findColumn(l)); }
    @Override public String getNString(String l) throws SQLException { return getNString(findColumn(l)); }
    @Override public Reader getNCharacterStream(String l) throws SQLException { return getNCharacterStream(findColumn(l)); }
    @Override public <T> T getObject(String l, Class<T> type) throws SQLException { return getObject(findColumn(l), type); }

    // ---- read-only ---------------------------------------------------------------------------------

    @Override
    public boolean rowUpdated() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowInserted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return JdbcErrors.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

}
