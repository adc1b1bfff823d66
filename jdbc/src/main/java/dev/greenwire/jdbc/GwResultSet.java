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
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A read-only result set over the rows of one statement result, in the server's text format.
 * Forward-only or scroll-insensitive: all rows in memory, or — forward-only with a fetch size
 * inside a transaction — a batch at a time from a portal ({@link More}), so memory stays
 * bounded whatever the size of the result.
 */
final class GwResultSet implements ResultSet {
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
    private final int[] oids;
    private final Charset cs;
    private List<byte[]> rows;
    private More more;
    private final int type;
    private int fetchSize;
    private int fetchDirection = FETCH_FORWARD;
    /** Index in {@link #rows} of the current row; -1 before the first; rows.size() after the last. */
    private int pos = -1;
    /** 1-based number of the current row in the whole result (0 before the first). */
    private long rowNumber;
    private boolean afterLast;
    private byte[] cur;
    private final int[] off;
    private final int[] len;
    private boolean wasNull;
    private boolean closed;
    private Map<String, Integer> labels;
    private SQLWarning warnings;
    private GwResultSetMetaData meta;

    GwResultSet(GwStatement stmt, GwConnection conn, Result.Field[] fields, List<byte[]> rows, int type, int fetchSize) {
        this.stmt = stmt;
        this.conn = conn;
        this.fields = fields;
        this.rows = rows;
        this.type = type;
        this.fetchSize = fetchSize;
        this.cs = conn.engine.charset();
        this.oids = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            oids[i] = fields[i].typeOid();
        }
        this.off = new int[fields.length];
        this.len = new int[fields.length];
    }

    /** Makes this a streamed result: {@code more} gives the rows after the first batch. */
    GwResultSet streaming(More more) {
        this.more = more;
        return this;
    }

    // ---- moving ---------------------------------------------------------------------------------

    private void checkOpen() throws SQLException {
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

    private void load() {
        cur = rows.get(pos);
        RowData.offsets(cur, off, len);
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (afterLast) {
            return false;
        }
        if (pos + 1 >= rows.size() && more != null) {
            fetchMore();
        }
        if (pos + 1 < rows.size()) {
            pos++;
            rowNumber++;
            load();
            return true;
        }
        pos = rows.size();
        afterLast = true;
        cur = null;
        closeMore();
        if (stmt != null) {
            stmt.resultDone(this);
        }
        return false;
    }

    /** Replaces the batch in memory by the next one (forward-only streaming). */
    private void fetchMore() throws SQLException {
        if (!more.hasMore()) {
            closeMore();
            return;
        }
        List<byte[]> next = more.next(fetchSize);
        rows = next;
        pos = -1;
        if (!more.hasMore()) {
            closeMore();
        }
    }

    private void closeMore() throws SQLException {
        More m = more;
        more = null;
        if (m != null) {
            m.close();
        }
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        cur = null;
        rows = List.of();
        try {
            closeMore();
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
        return rowNumber == 0 && !afterLast && (!rows.isEmpty() || (more != null && more.hasMore()));
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return afterLast && rowNumber > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return rowNumber == 1 && !afterLast;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        if (cur == null || afterLast) {
            return false;
        }
        if (pos + 1 < rows.size()) {
            return false;
        }
        if (more == null) {
            return true;
        }
        // streaming: look at the next batch, keeping the current row
        byte[] keep = cur;
        fetchMore();
        cur = keep;
        RowData.offsets(cur, off, len);
        return rows.isEmpty() && more == null;
    }

    @Override
    public void beforeFirst() throws SQLException {
        checkScrollable();
        pos = -1;
        rowNumber = 0;
        afterLast = false;
        cur = null;
    }

    @Override
    public void afterLast() throws SQLException {
        checkScrollable();
        pos = rows.size();
        rowNumber = rows.size() + 1L;
        afterLast = true;
        cur = null;
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
        return cur == null ? 0 : (int) rowNumber;
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        checkScrollable();
        int n = rows.size();
        int target = row > 0 ? row - 1 : n + row;
        if (row == 0 || target < 0) {
            beforeFirst();
            return false;
        }
        if (target >= n) {
            afterLast();
            return false;
        }
        pos = target;
        rowNumber = target + 1L;
        afterLast = false;
        load();
        return true;
    }

    @Override
    public boolean relative(int delta) throws SQLException {
        checkScrollable();
        long target = (cur == null ? (afterLast ? rows.size() + 1L : 0L) : rowNumber) + delta;
        if (target <= 0) {
            beforeFirst();
            return false;
        }
        if (target > rows.size()) {
            afterLast();
            return false;
        }
        return absolute((int) target);
    }

    @Override
    public boolean previous() throws SQLException {
        checkScrollable();
        if (cur == null && !afterLast) {
            return false;
        }
        return relative(-1);
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
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
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

    // ---- raw values -----------------------------------------------------------------------------

    private int col(int i) throws SQLException {
        checkOpen();
        if (i < 1 || i > fields.length) {
            throw new SQLException("the column index is out of range: " + i + ", number of columns: " + fields.length,
                    "22023");
        }
        if (cur == null) {
            throw new SQLException("the ResultSet is not positioned on a row: call next()", "24000");
        }
        return i - 1;
    }

    /** @return the column's text, null for NULL (sets wasNull) */
    String text(int i) throws SQLException {
        int c = col(i);
        int l = len[c];
        if (l < 0) {
            wasNull = true;
            return null;
        }
        wasNull = false;
        return new String(cur, off[c], l, cs);
    }

    private int oid(int i) {
        return oids[i - 1];
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
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

    @Override
    public String getString(int i) throws SQLException {
        String s = text(i);
        int max = maxFieldSize();
        if (s != null && max > 0 && s.length() > max && limited(oid(i)) && oid(i) != Oid.BYTEA) {
            return s.substring(0, max);
        }
        return s;
    }

    @Override
    public boolean getBoolean(int i) throws SQLException {
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
            return Binding.toBoolean(s);
        } catch (SQLException e) {
            throw bad("boolean", s);
        }
    }

    private static SQLException bad(String type, String value) {
        return new SQLException("bad value for type " + type + ": " + value, "22003");
    }

    private long integer(int i, long min, long max, String type) throws SQLException {
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
            try {
                BigInteger v = new BigDecimal(s.strip()).toBigInteger();
                if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
                    throw bad(type, s);
                }
                return v.longValue();
            } catch (NumberFormatException e2) {
                throw bad(type, s);
            }
        }
    }

    @Override
    public byte getByte(int i) throws SQLException {
        return (byte) integer(i, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
    }

    @Override
    public short getShort(int i) throws SQLException {
        return (short) integer(i, Short.MIN_VALUE, Short.MAX_VALUE, "short");
    }

    @Override
    public int getInt(int i) throws SQLException {
        return (int) integer(i, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
    }

    @Override
    public long getLong(int i) throws SQLException {
        return integer(i, Long.MIN_VALUE, Long.MAX_VALUE, "long");
    }

    private double floating(int i, String type) throws SQLException {
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

    @Override
    public float getFloat(int i) throws SQLException {
        return (float) floating(i, "float");
    }

    @Override
    public double getDouble(int i) throws SQLException {
        return floating(i, "double");
    }

    @Override
    public BigDecimal getBigDecimal(int i) throws SQLException {
        String s = text(i);
        if (s == null) {
            return null;
        }
        if (oid(i) == Oid.BOOL) {
            return s.equals("t") ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (oid(i) == Oid.MONEY) {
            return BigDecimal.valueOf(Decoding.money(s));
        }
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            throw bad("BigDecimal", s);
        }
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int i, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(i);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int i) throws SQLException {
        int c = col(i);
        if (len[c] < 0) {
            wasNull = true;
            return null;
        }
        wasNull = false;
        byte[] b = oids[c] == Oid.BYTEA ? Decoding.bytea(new String(cur, off[c], len[c], StandardCharsets.US_ASCII))
                : java.util.Arrays.copyOfRange(cur, off[c], off[c] + len[c]);
        int max = maxFieldSize();
        return max > 0 && b.length > max && limited(oids[c]) ? java.util.Arrays.copyOf(b, max) : b;
    }

    @Override
    public Date getDate(int i) throws SQLException {
        return getDate(i, null);
    }

    @Override
    public Date getDate(int i, Calendar cal) throws SQLException {
        String s = text(i);
        if (s == null) {
            return null;
        }
        LocalDate d = switch (oid(i)) {
            case Oid.TIMESTAMP -> {
                LocalDateTime t = Decoding.localDateTime(conn, s);
                yield t.equals(LocalDateTime.MAX) ? LocalDate.MAX : t.equals(LocalDateTime.MIN) ? LocalDate.MIN
                        : t.toLocalDate();
            }
            case Oid.TIMESTAMPTZ -> {
                OffsetDateTime t = Decoding.offsetDateTime(conn, s);
                yield t.equals(OffsetDateTime.MAX) ? LocalDate.MAX : t.equals(OffsetDateTime.MIN) ? LocalDate.MIN
                        : t.atZoneSameInstant(zone(cal)).toLocalDate();
            }
            default -> Decoding.localDate(conn, s);
        };
        return Decoding.sqlDate(d, cal);
    }

    private static ZoneId zone(Calendar cal) {
        return cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
    }

    @Override
    public Time getTime(int i) throws SQLException {
        return getTime(i, null);
    }

    @Override
    public Time getTime(int i, Calendar cal) throws SQLException {
        String s = text(i);
        if (s == null) {
            return null;
        }
        return switch (oid(i)) {
            case Oid.TIMETZ -> Decoding.sqlTime(Decoding.offsetTime(conn, s), cal);
            case Oid.TIMESTAMP -> Decoding.sqlTime(Decoding.localDateTime(conn, s).toLocalTime(), cal);
            case Oid.TIMESTAMPTZ -> Decoding.sqlTime(Decoding.offsetDateTime(conn, s).atZoneSameInstant(zone(cal))
                    .toLocalTime(), cal);
            default -> Decoding.sqlTime(Decoding.localTime(conn, s), cal);
        };
    }

    @Override
    public Timestamp getTimestamp(int i) throws SQLException {
        return getTimestamp(i, null);
    }

    @Override
    public Timestamp getTimestamp(int i, Calendar cal) throws SQLException {
        String s = text(i);
        if (s == null) {
            return null;
        }
        return switch (oid(i)) {
            case Oid.TIMESTAMPTZ -> Decoding.sqlTimestamp(Decoding.offsetDateTime(conn, s));
            case Oid.DATE -> {
                LocalDate d = Decoding.localDate(conn, s);
                yield d.equals(LocalDate.MAX) ? new Timestamp(Decoding.POSITIVE_INFINITY)
                        : d.equals(LocalDate.MIN) ? new Timestamp(Decoding.NEGATIVE_INFINITY)
                        : Decoding.sqlTimestamp(d.atStartOfDay(), cal);
            }
            case Oid.TIME -> Decoding.sqlTimestamp(LocalDate.of(1970, 1, 1).atTime(Decoding.localTime(conn, s)), cal);
            default -> Decoding.sqlTimestamp(Decoding.localDateTime(conn, s), cal);
        };
    }

    @Override
    public InputStream getAsciiStream(int i) throws SQLException {
        String s = text(i);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int i) throws SQLException {
        String s = text(i);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public InputStream getBinaryStream(int i) throws SQLException {
        byte[] b = getBytes(i);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    @Override
    public Reader getCharacterStream(int i) throws SQLException {
        String s = text(i);
        return s == null ? null : new StringReader(s);
    }

    @Override
    public Reader getNCharacterStream(int i) throws SQLException {
        return getCharacterStream(i);
    }

    @Override
    public String getNString(int i) throws SQLException {
        return text(i);
    }

    @Override
    public Object getObject(int i) throws SQLException {
        String s = text(i);
        return s == null ? null : Decoding.object(conn, oid(i), s);
    }

    @Override
    public Object getObject(int i, Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw JdbcErrors.notSupported("custom type maps (getObject with a Map)");
        }
        return getObject(i);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> T getObject(int i, Class<T> type) throws SQLException {
        if (type == null) {
            throw new SQLException("getObject needs a class", "22023");
        }
        String s = text(i);
        if (s == null) {
            return null;
        }
        int oid = conn.types.baseOf(oid(i));
        Object v;
        if (type == String.class) {
            v = s;
        } else if (type == Integer.class || type == int.class) {
            v = getInt(i);
        } else if (type == Long.class || type == long.class) {
            v = getLong(i);
        } else if (type == Short.class || type == short.class) {
            v = getShort(i);
        } else if (type == Byte.class || type == byte.class) {
            v = getByte(i);
        } else if (type == Boolean.class || type == boolean.class) {
            v = getBoolean(i);
        } else if (type == Double.class || type == double.class) {
            v = getDouble(i);
        } else if (type == Float.class || type == float.class) {
            v = getFloat(i);
        } else if (type == BigDecimal.class) {
            v = getBigDecimal(i);
        } else if (type == BigInteger.class) {
            v = getBigDecimal(i).toBigIntegerExact();
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
        } else if (type == LocalDate.class) {
            v = switch (oid) {
                case Oid.DATE -> Decoding.localDate(conn, s);
                case Oid.TIMESTAMP -> Decoding.localDateTime(conn, s).toLocalDate();
                case Oid.TIMESTAMPTZ -> Decoding.offsetDateTime(conn, s).atZoneSameInstant(ZoneId.systemDefault())
                        .toLocalDate();
                default -> throw conversion(i, type);
            };
        } else if (type == LocalTime.class) {
            v = switch (oid) {
                case Oid.TIME -> Decoding.localTime(conn, s);
                case Oid.TIMETZ -> Decoding.offsetTime(conn, s).toLocalTime();
                case Oid.TIMESTAMP -> Decoding.localDateTime(conn, s).toLocalTime();
                default -> throw conversion(i, type);
            };
        } else if (type == LocalDateTime.class) {
            v = switch (oid) {
                case Oid.TIMESTAMP -> Decoding.localDateTime(conn, s);
                case Oid.DATE -> {
                    LocalDate d = Decoding.localDate(conn, s);
                    yield d.equals(LocalDate.MAX) ? LocalDateTime.MAX : d.equals(LocalDate.MIN) ? LocalDateTime.MIN
                            : d.atStartOfDay();
                }
                case Oid.TIMESTAMPTZ -> {
                    OffsetDateTime t = Decoding.offsetDateTime(conn, s);
                    yield t.equals(OffsetDateTime.MAX) ? LocalDateTime.MAX : t.equals(OffsetDateTime.MIN)
                            ? LocalDateTime.MIN : t.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
                }
                default -> throw conversion(i, type);
            };
        } else if (type == OffsetDateTime.class) {
            v = switch (oid) {
                case Oid.TIMESTAMPTZ -> {
                    OffsetDateTime t = Decoding.offsetDateTime(conn, s);
                    yield t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN) ? t
                            : t.withOffsetSameInstant(ZoneOffset.UTC);
                }
                case Oid.TIMESTAMP -> {
                    LocalDateTime t = Decoding.localDateTime(conn, s);
                    yield t.equals(LocalDateTime.MAX) ? OffsetDateTime.MAX : t.equals(LocalDateTime.MIN)
                            ? OffsetDateTime.MIN : t.atOffset(ZoneOffset.UTC);
                }
                default -> throw conversion(i, type);
            };
        } else if (type == ZonedDateTime.class) {
            if (oid != Oid.TIMESTAMPTZ) {
                throw conversion(i, type);
            }
            v = Decoding.offsetDateTime(conn, s).atZoneSameInstant(ZoneId.systemDefault());
        } else if (type == Instant.class) {
            v = switch (oid) {
                case Oid.TIMESTAMPTZ -> Decoding.offsetDateTime(conn, s).toInstant();
                case Oid.TIMESTAMP -> Decoding.localDateTime(conn, s).toInstant(ZoneOffset.UTC);
                default -> throw conversion(i, type);
            };
        } else if (type == OffsetTime.class) {
            v = switch (oid) {
                case Oid.TIMETZ -> Decoding.offsetTime(conn, s);
                case Oid.TIME -> Decoding.localTime(conn, s).atOffset(ZoneOffset.UTC);
                default -> throw conversion(i, type);
            };
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
            v = PgInterval.parse(s);
        } else if (type == java.time.Duration.class) {
            v = PgInterval.parse(s).toDuration();
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

    private SQLException conversion(int i, Class<?> type) {
        return new SQLException("conversion to " + type.getName() + " from " + conn.types.name(oid(i))
                + " is not supported", "22023");
    }

    @Override
    public Array getArray(int i) throws SQLException {
        String s = text(i);
        if (s == null) {
            return null;
        }
        int element = conn.types.elementOf(oid(i));
        if (element == 0) {
            throw new SQLException("the column " + fields[i - 1].name() + " is of type " + conn.types.name(oid(i))
                    + ", not an array", "42804");
        }
        return new GwArray(conn, element, oid(i), s);
    }

    @Override
    public Blob getBlob(int i) throws SQLException {
        byte[] b = getBytes(i);
        return b == null ? null : new javax.sql.rowset.serial.SerialBlob(b);
    }

    @Override
    public Clob getClob(int i) throws SQLException {
        String s = text(i);
        return s == null ? null : new javax.sql.rowset.serial.SerialClob(s.toCharArray());
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

    @Override
    public URL getURL(int i) throws SQLException {
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

    private static SQLException readOnly() {
        return JdbcErrors.notSupported("updating a ResultSet (the driver's result sets are CONCUR_READ_ONLY)");
    }

    @Override
    public void insertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void deleteRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void refreshRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName(), "22023");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public void updateNull(int a0) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBoolean(int a0, boolean a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateByte(int a0, byte a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateShort(int a0, short a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateInt(int a0, int a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateLong(int a0, long a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateFloat(int a0, float a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDouble(int a0, double a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateString(int a0, String a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBytes(int a0, byte[] a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDate(int a0, Date a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTime(int a0, Time a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTimestamp(int a0, Timestamp a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int a0, Object a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int a0, Object a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNull(String a0) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBoolean(String a0, boolean a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateByte(String a0, byte a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateShort(String a0, short a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateInt(String a0, int a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateLong(String a0, long a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateFloat(String a0, float a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDouble(String a0, double a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBigDecimal(String a0, java.math.BigDecimal a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateString(String a0, String a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBytes(String a0, byte[] a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDate(String a0, Date a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTime(String a0, Time a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTimestamp(String a0, Timestamp a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String a0, java.io.InputStream a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String a0, java.io.InputStream a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String a0, java.io.Reader a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String a0, Object a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String a0, Object a1) throws SQLException {
        throw readOnly();
    }


    @Override
    public void updateRef(int a0, Ref a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRef(String a0, Ref a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int a0, Blob a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String a0, Blob a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int a0, Clob a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String a0, Clob a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateArray(int a0, Array a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateArray(String a0, Array a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRowId(int a0, RowId a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRowId(String a0, RowId a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNString(int a0, String a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNString(String a0, String a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int a0, NClob a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String a0, NClob a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateSQLXML(int a0, SQLXML a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateSQLXML(String a0, SQLXML a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String a0, java.io.InputStream a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String a0, java.io.InputStream a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int a0, java.io.InputStream a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String a0, java.io.InputStream a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(int a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(String a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int a0, java.io.InputStream a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int a0, java.io.InputStream a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String a0, java.io.InputStream a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String a0, java.io.InputStream a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int a0, java.io.InputStream a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String a0, java.io.InputStream a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

}
