package dev.greenwire.jdbc;

import dev.greenwire.cast.Oid;
import dev.greenwire.cast.PgInterval;
import dev.greenwire.internal.engine.Result;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;
import java.util.UUID;

/**
 * The decoding of the current row's column values into what the result set's getters return:
 * text, or binary for the columns a prepared statement reads so ({@link BinaryValues}).
 */
final class ResultValues {
    private final GwResultSet rs;
    private final GwStatement stmt;
    private final GwConnection conn;
    /** How each column is read: shared by the result sets of the same row description. */
    private final Columns cols;
    /** The session time zone, for a timestamptz read in binary. */
    private final java.time.ZoneId zone;
    private final Charset cs;
    private final ResultCursor cursor;
    private boolean wasNull;

    ResultValues(GwResultSet rs, GwStatement stmt, GwConnection conn, Result.Field[] fields, ResultCursor cursor) {
        this.rs = rs;
        this.stmt = stmt;
        this.conn = conn;
        this.cursor = cursor;
        this.cs = conn.engine.charset();
        this.cols = conn.columns.of(fields);
        this.zone = cols.anyCoded ? conn.in.sessionZone(conn.caster()) : null;
    }

    // ---- raw values -----------------------------------------------------------------------------

    private int col(int i) throws SQLException {
        rs.checkOpen();
        if (i < 1 || i > cols.fields.length) {
            throw new SQLException("the column index is out of range: " + i + ", number of columns: " + cols.fields.length,
                    "22023");
        }
        if (cursor.cur == null) {
            throw new SQLException("the ResultSet is not positioned on a row: call next()", "24000");
        }
        return i - 1;
    }

    /** @return the column's text, null for NULL (sets wasNull) */
    String text(int i) throws SQLException {
        int c = col(i);
        int l = cursor.len[c];
        if (l < 0) {
            wasNull = true;
            return null;
        }
        wasNull = false;
        if (cols.binary[c]) {
            return BinaryValues.text(cursor.cur, cursor.off[c], l, cols.oids[c]);
        }
        if (cols.coded[c]) {
            return BinaryValues.codecText(decoded(c));
        }
        if (cols.arrayElements[c] != 0) {
            return arrayTexts(c).literal();
        }
        return new String(cursor.cur, cursor.off[c], l, cs);
    }

    /** @return array column {@code c} (read in binary, not NULL) as its elements' texts */
    private BinaryArrays.Texts arrayTexts(int c) throws SQLException {
        int elem = cols.arrayElements[c];
        BinaryArrays.ElementText et;
        if (BinaryValues.byCodec(elem)) {
            et = (b, off, len) -> {
                try {
                    return BinaryValues.codecText(dev.greenwire.internal.types.BinaryCodec.decode(elem, b, off, len, zone));
                } catch (RuntimeException e) {
                    throw new SQLException("bad binary value for type " + conn.types.name(elem) + " in column "
                            + cols.fields[c].name(), "22P03", e);
                }
            };
        } else if (dev.greenwire.internal.types.BinaryCodec.textElement(elem)) {
            et = (b, off, len) -> new String(b, off, len, cs);
        } else {
            et = (b, off, len) -> BinaryValues.text(b, off, len, elem);
        }
        return BinaryArrays.read(cursor.cur, cursor.off[c], cursor.len[c], elem, et);
    }

    /** @return column {@code c} (read in binary, not NULL) decoded by the core's codec */
    private Object decoded(int c) throws SQLException {
        try {
            return dev.greenwire.internal.types.BinaryCodec.decode(cols.oids[c], cursor.cur, cursor.off[c], cursor.len[c], zone);
        } catch (RuntimeException e) {
            throw new SQLException("bad binary value for type " + conn.types.name(cols.oids[c]) + " in column "
                    + cols.fields[c].name(), "22P03", e);
        }
    }

    /**
     * @return the column's value for the conversions that take a decoded value too: its text, or,
     *         read in binary, the numeric, date or timestamp decoded (null for NULL; sets wasNull)
     */
    private Object decodedOrText(int i) throws SQLException {
        int c = col(i);
        if (!cols.coded[c]) {
            return text(i);
        }
        wasNull = cursor.len[c] < 0;
        return wasNull ? null : decoded(c);
    }

    /**
     * @return the 0-based index of column {@code i} when it is read in binary and is not NULL;
     *         -1 when it is text, -2 when it is NULL (wasNull set)
     */
    private int binaryValue(int i) throws SQLException {
        int c = col(i);
        if (!cols.binary[c]) {
            return -1;
        }
        wasNull = cursor.len[c] < 0;
        return wasNull ? -2 : c;
    }

    private int oid(int i) {
        return cols.oids[i - 1];
    }

    boolean wasNull() {
        return wasNull;
    }

    // ---- getters ---------------------------------------------------------------------------------

    /** Statement.setMaxFieldSize: character and binary values are cut to that many characters or bytes. */
    private int maxFieldSize() {
        return stmt == null ? 0 : stmt.maxFieldSizeLimit();
    }

    private static boolean limited(int oid) {
        return oid == Oid.TEXT || oid == Oid.VARCHAR || oid == Oid.BPCHAR || oid == Oid.CHAR || oid == Oid.NAME
                || oid == Oid.BYTEA;
    }

    String getString(int i) throws SQLException {
        String s = text(i);
        int max = maxFieldSize();
        if (s != null && max > 0 && s.length() > max && limited(oid(i)) && oid(i) != Oid.BYTEA) {
            return s.substring(0, max);
        }
        return s;
    }

    boolean getBoolean(int i) throws SQLException {
        String s = text(i);
        if (s == null) {
            return false;
        }
        if (oid(i) == Oid.BOOL) {
            return s.equals("t");
        }
        if (TypeCache.numeric(oid(i))) {
            try {
                BigDecimal d = new BigDecimal(s);
                if (d.compareTo(BigDecimal.ONE) == 0) {
                    return true;
                }
                if (d.signum() == 0) {
                    return false;
                }
            } catch (NumberFormatException e) {
                // fall through to the error
            }
            throw bad("boolean", s);
        }
        try {
            return TargetConversions.toBoolean(s);
        } catch (SQLException e) {
            throw bad("boolean", s);
        }
    }

    private static SQLException bad(String type, String value) {
        return new SQLException("bad value for type " + type + ": " + value, "22003");
    }

    private long integer(int i, long min, long max, String type) throws SQLException {
        int b = binaryValue(i);
        if (b == -2) {
            return 0;
        }
        if (b >= 0 && !BinaryValues.isFloat(cols.oids[b])) {
            long v = BinaryValues.integer(cursor.cur, cursor.off[b], cursor.len[b], cols.oids[b]);
            if (v < min || v > max) {
                throw bad(type, Long.toString(v));
            }
            return v;
        }
        String s = text(i);
        if (s == null) {
            return 0;
        }
        try {
            long v = Long.parseLong(s);
            if (v < min || v > max) {
                throw bad(type, s);
            }
            return v;
        } catch (NumberFormatException e) {
            if (oid(i) == Oid.BOOL) {
                return s.equals("t") ? 1 : 0;
            }
            BigInteger v;
            try {
                v = (oid(i) == Oid.MONEY ? Decoding.moneyDecimal(s) : new BigDecimal(s.strip())).toBigInteger();
            } catch (NumberFormatException e2) {
                throw bad(type, s);
            }
            if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
                throw bad(type, s);
            }
            return v.longValue();
        }
    }

    byte getByte(int i) throws SQLException {
        return (byte) integer(i, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
    }

    short getShort(int i) throws SQLException {
        return (short) integer(i, Short.MIN_VALUE, Short.MAX_VALUE, "short");
    }

    int getInt(int i) throws SQLException {
        return (int) integer(i, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
    }

    long getLong(int i) throws SQLException {
        return integer(i, Long.MIN_VALUE, Long.MAX_VALUE, "long");
    }

    private double floating(int i, String type) throws SQLException {
        int b = binaryValue(i);
        if (b == -2) {
            return 0;
        }
        if (b >= 0) {
            return BinaryValues.asDouble(cursor.cur, cursor.off[b], cursor.len[b], cols.oids[b]);
        }
        String s = text(i);
        if (s == null) {
            return 0;
        }
        if (oid(i) == Oid.BOOL) {
            return s.equals("t") ? 1 : 0;
        }
        if (oid(i) == Oid.MONEY) {
            return Decoding.money(s);
        }
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw bad(type, s);
        }
    }

    float getFloat(int i) throws SQLException {
        return (float) floating(i, "float");
    }

    double getDouble(int i) throws SQLException {
        return floating(i, "double");
    }

    BigDecimal getBigDecimal(int i) throws SQLException {
        int c = col(i);
        if (cols.coded[c] && cols.oids[c] == Oid.NUMERIC && decodedOrText(i) instanceof BigDecimal d) {
            return d; // a numeric read in binary (NaN and the infinities fail below, as their text does)
        }
        int b = binaryValue(i);
        if (b == -2) {
            return null;
        }
        if (b >= 0 && !BinaryValues.isFloat(cols.oids[b])) {
            return BigDecimal.valueOf(BinaryValues.integer(cursor.cur, cursor.off[b], cursor.len[b], cols.oids[b]));
        }
        String s = text(i); // a float read in binary: its shortest text, scale and all, as read in text
        if (s == null) {
            return null;
        }
        if (oid(i) == Oid.BOOL) {
            return s.equals("t") ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (oid(i) == Oid.MONEY) {
            return Decoding.moneyDecimal(s);
        }
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            throw bad("BigDecimal", s);
        }
    }

    BigDecimal getBigDecimal(int i, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(i);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    byte[] getBytes(int i) throws SQLException {
        int c = col(i);
        byte[] cur = cursor.cur;
        int[] off = cursor.off;
        int[] len = cursor.len;
        if (len[c] < 0) {
            wasNull = true;
            return null;
        }
        wasNull = false;
        byte[] b;
        if (cols.oids[c] == Oid.BYTEA) {
            b = cols.coded[c] ? (byte[]) decoded(c) : Decoding.bytea(cur, off[c], len[c]);
        } else if (cols.fields[c].format() == 1) {
            // any value read in binary gives the bytes of its text form, as a text-format read does
            return text(i).getBytes(cs);
        } else {
            b = java.util.Arrays.copyOfRange(cur, off[c], off[c] + len[c]);
        }
        int max = maxFieldSize();
        return max > 0 && b.length > max && limited(cols.oids[c]) ? java.util.Arrays.copyOf(b, max) : b;
    }

    Date getDate(int i) throws SQLException {
        return getDate(i, null);
    }

    Date getDate(int i, Calendar cal) throws SQLException {
        Object s = decodedOrText(i);
        if (s == null) {
            return null;
        }
        return TemporalConversions.date(conn, oid(i), s, cal);
    }

    Time getTime(int i) throws SQLException {
        return getTime(i, null);
    }

    Time getTime(int i, Calendar cal) throws SQLException {
        Object s = decodedOrText(i);
        if (s == null) {
            return null;
        }
        return TemporalConversions.time(conn, oid(i), s, cal);
    }

    Timestamp getTimestamp(int i) throws SQLException {
        return getTimestamp(i, null);
    }

    Timestamp getTimestamp(int i, Calendar cal) throws SQLException {
        Object s = decodedOrText(i);
        if (s == null) {
            return null;
        }
        return TemporalConversions.timestamp(conn, oid(i), s, cal);
    }

    InputStream getAsciiStream(int i) throws SQLException {
        String s = text(i);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    InputStream getUnicodeStream(int i) throws SQLException {
        String s = text(i);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    InputStream getBinaryStream(int i) throws SQLException {
        byte[] b = getBytes(i);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    Reader getCharacterStream(int i) throws SQLException {
        String s = text(i);
        return s == null ? null : new StringReader(s);
    }

    Reader getNCharacterStream(int i) throws SQLException {
        return getCharacterStream(i);
    }

    String getNString(int i) throws SQLException {
        return text(i);
    }

    Object getObject(int i) throws SQLException {
        int b = binaryValue(i);
        if (b == -2) {
            return null;
        }
        if (b >= 0) {
            return BinaryValues.object(cursor.cur, cursor.off[b], cursor.len[b], cols.oids[b]);
        }
        if (cols.arrayElements[i - 1] != 0) {
            return getArray(i);
        }
        Object s = decodedOrText(i);
        return s == null ? null : Decoding.object(conn, oid(i), s);
    }

    Object getObject(int i, Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw JdbcErrors.notSupported("custom type maps (getObject with a Map)");
        }
        return getObject(i);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    <T> T getObject(int i, Class<T> type) throws SQLException {
        if (type == null) {
            throw new SQLException("getObject needs a class", "22023");
        }
        if (cursor.len[col(i)] < 0) {
            wasNull = true;
            return null;
        }
        Object n = number(i, type);
        if (n != null) {
            return (T) n;
        }
        int oid = conn.types.baseOf(oid(i));
        if (TemporalConversions.handles(type)) {
            return (T) TemporalConversions.object(conn, oid, decodedOrText(i), type, () -> conversion(i, type));
        }
        if (type == UUID.class && decodedOrText(i) instanceof UUID u) {
            return (T) u; // read in binary: no text to make and parse again
        }
        String s = text(i);
        Object v;
        if (type == String.class) {
            v = s;
        } else if (type == byte[].class) {
            v = getBytes(i);
        } else if (type == Date.class) {
            v = getDate(i);
        } else if (type == Time.class) {
            v = getTime(i);
        } else if (type == Timestamp.class || type == java.util.Date.class) {
            v = getTimestamp(i);
        } else if (type == Calendar.class) {
            Calendar cal = Calendar.getInstance();
            cal.setTimeInMillis(getTimestamp(i).getTime());
            v = cal;
        } else if (type == UUID.class) {
            try {
                v = UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                throw conversion(i, type);
            }
        } else if (type == Array.class) {
            v = getArray(i);
        } else if (type == Blob.class) {
            v = getBlob(i);
        } else if (type == Clob.class) {
            v = getClob(i);
        } else if (type == PgInterval.class) {
            v = Decoding.interval(decodedOrText(i));
        } else if (type == java.time.Duration.class) {
            try {
                v = Decoding.interval(decodedOrText(i)).toDuration();
            } catch (ArithmeticException e) {
                throw new SQLException(e.getMessage(), "22015", e);
            }
        } else if (type == URL.class) {
            v = getURL(i);
        } else if (type.isEnum()) {
            try {
                v = Enum.valueOf((Class) type, s);
            } catch (IllegalArgumentException e) {
                throw conversion(i, type);
            }
        } else {
            v = Decoding.object(conn, oid(i), s);
            if (!type.isInstance(v)) {
                throw conversion(i, type);
            }
        }
        return (T) v;
    }

    /** @return column {@code i} (not NULL) as a number or boolean of class {@code type}, null for any other class */
    private Object number(int i, Class<?> type) throws SQLException {
        if (type == Integer.class || type == int.class) {
            return getInt(i);
        } else if (type == Long.class || type == long.class) {
            return getLong(i);
        } else if (type == Short.class || type == short.class) {
            return getShort(i);
        } else if (type == Byte.class || type == byte.class) {
            return getByte(i);
        } else if (type == Boolean.class || type == boolean.class) {
            return getBoolean(i);
        } else if (type == Double.class || type == double.class) {
            return getDouble(i);
        } else if (type == Float.class || type == float.class) {
            return getFloat(i);
        } else if (type == BigDecimal.class) {
            return getBigDecimal(i);
        } else if (type == BigInteger.class) {
            return getBigDecimal(i).toBigIntegerExact();
        }
        return null;
    }

    private SQLException conversion(int i, Class<?> type) {
        return new SQLException("conversion to " + type.getName() + " from " + conn.types.name(oid(i))
                + " is not supported", "22023");
    }

    Array getArray(int i) throws SQLException {
        int c = col(i);
        if (cols.arrayElements[c] != 0) {
            wasNull = cursor.len[c] < 0;
            return wasNull ? null : new GwArray(conn, cols.arrayElements[c], cols.oids[c], arrayTexts(c));
        }
        String s = text(i);
        if (s == null) {
            return null;
        }
        int element = conn.types.elementOf(oid(i));
        if (element == 0) {
            throw new SQLException("the column " + cols.fields[i - 1].name() + " is of type " + conn.types.name(oid(i))
                    + ", not an array", "42804");
        }
        return new GwArray(conn, element, oid(i), s);
    }

    Blob getBlob(int i) throws SQLException {
        byte[] b = getBytes(i);
        return b == null ? null : new javax.sql.rowset.serial.SerialBlob(b);
    }

    Clob getClob(int i) throws SQLException {
        String s = text(i);
        return s == null ? null : new javax.sql.rowset.serial.SerialClob(s.toCharArray());
    }

    URL getURL(int i) throws SQLException {
        String s = text(i);
        if (s == null) {
            return null;
        }
        try {
            return java.net.URI.create(s).toURL();
        } catch (IllegalArgumentException | java.net.MalformedURLException e) {
            throw new SQLException("bad value for type URL: " + s, "22023", e);
        }
    }
}
