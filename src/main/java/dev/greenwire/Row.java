package dev.greenwire;

import dev.greenwire.internal.types.Casters;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a result. Values are decoded lazily, column by column, with the typecaster in
 * force for the column's type when the query ran. A value {@link #get(int)} decoded is kept
 * (the same object every time); the typed getters ({@code getInt}, {@code getString},
 * {@code get(i, Class)}…) return a kept value when there is one and otherwise decode without
 * keeping, so that a large result read once through them holds only its bytes.
 * Two rows are equal when their values are.
 */
public final class Row {
    private static final Object UNSET = new Object();

    private final RowShape shape;
    private final byte[] data;
    /** Every column's offset, made once a column before the furthest one read is asked for. */
    private int[] offsets;
    /** Until then: the furthest column whose offset is known (-1: none), found walking forward, and that offset. */
    private int walked = -1;
    private int walkPos;
    private Object[] values;

    Row(RowShape shape, byte[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** @return the number of columns */
    public int size() {
        return shape.names.length;
    }

    /**
     * The value of a column, by 0-based index.
     *
     * @param index the column's position
     * @return the value as its typecaster made it, null for SQL NULL
     */
    public Object get(int index) {
        Object v = read(index);
        if (values == null) {
            Object[] all = new Object[shape.names.length];
            Arrays.fill(all, UNSET);
            values = all;
        }
        if (values[index] == UNSET) {
            values[index] = v;
        }
        return v;
    }

    /**
     * A column's value: the one {@link #get(int)} kept, else decoded now and not kept (the
     * typed getters use it, so that values read once die young, as with JDBC's getters).
     */
    private Object read(int index) {
        if (index < 0 || index >= shape.names.length) {
            throw new IndexOutOfBoundsException("column index " + index + " out of range for a row of "
                    + shape.names.length + " columns");
        }
        Object[] kept = values;
        if (kept != null && kept[index] != UNSET) {
            return kept[index];
        }
        return decode(index);
    }

    /**
     * A column as an {@code int} without boxing (read straight from a binary int2/int4 value;
     * other values through {@link #get(int, Class)}).
     *
     * @param index the column's position
     * @return the value
     * @throws DataException when the value is NULL or does not fit an int
     */
    public int getInt(int index) {
        int off = binaryOffset(index, 4);
        if (off >= 0) {
            return i32(off);
        }
        long t = textInteger(index, false);
        if (t != Long.MIN_VALUE) {
            return (int) t;
        }
        return notNull(get(index, Integer.class), index);
    }

    /**
     * A column as a {@code long} without boxing (binary int8 and int4 read directly).
     *
     * @param index the column's position
     * @return the value
     * @throws DataException when the value is NULL or does not fit a long
     */
    public long getLong(int index) {
        int off = binaryOffset(index, 8);
        if (off >= 0) {
            return ((long) i32(off) << 32) | (i32(off + 4) & 0xffffffffL);
        }
        off = binaryOffset(index, 4);
        if (off >= 0) {
            return i32(off);
        }
        long t = textInteger(index, true);
        if (t != Long.MIN_VALUE) {
            return t;
        }
        return notNull(get(index, Long.class), index);
    }

    /**
     * A column as a {@code double} without boxing (binary float8 read directly).
     *
     * @param index the column's position
     * @return the value
     * @throws DataException when the value is NULL or not a number
     */
    public double getDouble(int index) {
        int off = binaryOffset(index, 8);
        if (off >= 0 && shape.oids[index] == dev.greenwire.cast.Oid.FLOAT8) {
            return Double.longBitsToDouble(((long) i32(off) << 32) | (i32(off + 4) & 0xffffffffL));
        }
        off = textOffset(index, dev.greenwire.internal.types.TextValues.FLOAT8);
        if (off >= 0) {
            double d = dev.greenwire.internal.types.TextValues.float8(data, off + 4, i32(off));
            if (!Double.isNaN(d)) {
                return d;
            }
        }
        Object v = read(index);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new DataException(v == null ? "column \"" + shape.names[index] + "\" is NULL"
                : "column \"" + shape.names[index] + "\" holds a " + v.getClass().getSimpleName() + ", not a number");
    }

    /**
     * The offset of a binary fixed-size integer/float value of {@code size} bytes in the row, or
     * -1 when the column is not such a value (text, NULL, another size, a non-numeric type).
     */
    private int binaryOffset(int index, int size) {
        if (shape.binary == null || index < 0 || index >= shape.names.length || !shape.binary[index]) {
            return -1;
        }
        int oid = shape.oids[index];
        boolean numeric = oid == dev.greenwire.cast.Oid.INT4 || oid == dev.greenwire.cast.Oid.INT8
                || oid == dev.greenwire.cast.Oid.FLOAT8;
        if (!numeric) {
            return -1;
        }
        int p = offset(index);
        int len = i32(p);
        if (len != size || (size == 4 && oid != dev.greenwire.cast.Oid.INT4)) {
            return -1;
        }
        return p + 4;
    }

    /**
     * An int4 (or, for {@code getLong}, int8) text value read without boxing, when the built-in
     * typecaster is in force and nothing was kept; Long.MIN_VALUE when this path declines.
     */
    private long textInteger(int index, boolean int8) {
        int off = textOffset(index, dev.greenwire.internal.types.TextValues.INT4);
        if (off < 0 && int8) {
            off = textOffset(index, dev.greenwire.internal.types.TextValues.INT8);
        }
        if (off < 0) {
            return Long.MIN_VALUE;
        }
        long v = dev.greenwire.internal.types.TextValues.integer(data, off + 4, i32(off));
        return int8 || (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) ? v : Long.MIN_VALUE;
    }

    /**
     * The offset of a non-NULL text value of the given fast-path kind whose typecaster is the
     * built-in one and which {@link #get(int)} has not kept, or -1.
     */
    private int textOffset(int index, byte kind) {
        if (shape.text == null || index < 0 || index >= shape.names.length || shape.text[index] != kind
                || (values != null && values[index] != UNSET)) {
            return -1;
        }
        int p = offset(index);
        return i32(p) < 0 ? -1 : p;
    }

    private int i32(int p) {
        return ((data[p] & 0xff) << 24) | ((data[p + 1] & 0xff) << 16) | ((data[p + 2] & 0xff) << 8) | (data[p + 3] & 0xff);
    }

    private <T> T notNull(T v, int index) {
        if (v == null) {
            throw new DataException("column \"" + shape.names[index] + "\" is NULL");
        }
        return v;
    }

    /**
     * The value of a column, by name (the first column of that name).
     *
     * @param name the column name
     * @return the value
     */
    public Object get(String name) {
        return get(shape.indexOf(name));
    }

    /**
     * The value of a column as {@code type}: numbers convert between the boxed numeric types
     * when no precision is lost, anything converts to String.
     *
     * @param index the column's position
     * @param type the class wanted
     * @param <T> the class wanted
     * @return the value, null for SQL NULL
     */
    public <T> T get(int index, Class<T> type) {
        return convert(read(index), type, index);
    }

    /**
     * The value of a named column as {@code type}.
     *
     * @param name the column name
     * @param type the class wanted
     * @param <T> the class wanted
     * @return the value, null for SQL NULL
     */
    public <T> T get(String name, Class<T> type) {
        int i = shape.indexOf(name);
        return convert(read(i), type, i);
    }

    // ---- typed getters: a clear DataException names the column when the value has another type

    /** @param index the column's position @return the value as text (any value converts), null for NULL */
    public String getString(int index) {
        return get(index, String.class);
    }

    /** @param name the column name @return the value as text (any value converts), null for NULL */
    public String getString(String name) {
        return getString(shape.indexOf(name));
    }

    /**
     * @param index the column's position
     * @return a boolean column's value
     * @throws DataException when it is NULL or not a boolean
     */
    public boolean getBoolean(int index) {
        return notNull(get(index, Boolean.class), index);
    }

    /** @param name the column name @return a boolean column's value @throws DataException when NULL or not a boolean */
    public boolean getBoolean(String name) {
        return getBoolean(shape.indexOf(name));
    }

    /** @param name the column name @return the value as an int @throws DataException when NULL or not an int */
    public int getInt(String name) {
        return getInt(shape.indexOf(name));
    }

    /** @param name the column name @return the value as a long @throws DataException when NULL or not a long */
    public long getLong(String name) {
        return getLong(shape.indexOf(name));
    }

    /** @param name the column name @return the value as a double @throws DataException when NULL or not a number */
    public double getDouble(String name) {
        return getDouble(shape.indexOf(name));
    }

    /** @param index the column's position @return a number as a BigDecimal (exactly), null for NULL */
    public BigDecimal getBigDecimal(int index) {
        return get(index, BigDecimal.class);
    }

    /** @param name the column name @return a number as a BigDecimal (exactly), null for NULL */
    public BigDecimal getBigDecimal(String name) {
        return getBigDecimal(shape.indexOf(name));
    }

    /** @param index the column's position @return a bytea value, null for NULL */
    public byte[] getBytes(int index) {
        return get(index, byte[].class);
    }

    /** @param name the column name @return a bytea value, null for NULL */
    public byte[] getBytes(String name) {
        return getBytes(shape.indexOf(name));
    }

    /** @param index the column's position @return a date value, null for NULL */
    public java.time.LocalDate getLocalDate(int index) {
        return get(index, java.time.LocalDate.class);
    }

    /** @param name the column name @return a date value, null for NULL */
    public java.time.LocalDate getLocalDate(String name) {
        return getLocalDate(shape.indexOf(name));
    }

    /** @param index the column's position @return a timestamp (without time zone) value, null for NULL */
    public java.time.LocalDateTime getLocalDateTime(int index) {
        return get(index, java.time.LocalDateTime.class);
    }

    /** @param name the column name @return a timestamp (without time zone) value, null for NULL */
    public java.time.LocalDateTime getLocalDateTime(String name) {
        return getLocalDateTime(shape.indexOf(name));
    }

    /** @param index the column's position @return a timestamptz value, null for NULL */
    public java.time.OffsetDateTime getOffsetDateTime(int index) {
        return get(index, java.time.OffsetDateTime.class);
    }

    /** @param name the column name @return a timestamptz value, null for NULL */
    public java.time.OffsetDateTime getOffsetDateTime(String name) {
        return getOffsetDateTime(shape.indexOf(name));
    }

    /** @param index the column's position @return a uuid value, null for NULL */
    public java.util.UUID getUuid(int index) {
        return get(index, java.util.UUID.class);
    }

    /** @param name the column name @return a uuid value, null for NULL */
    public java.util.UUID getUuid(String name) {
        return getUuid(shape.indexOf(name));
    }

    /** @param index the column's position @return an array value as a (nested) list, null for NULL */
    public List<?> getList(int index) {
        return get(index, List.class);
    }

    /** @param name the column name @return an array value as a (nested) list, null for NULL */
    public List<?> getList(String name) {
        return getList(shape.indexOf(name));
    }

    /** @return the column values in order */
    public List<Object> toList() {
        List<Object> l = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            l.add(get(i));
        }
        return Collections.unmodifiableList(l);
    }

    /** @return the values by column name, in column order (a later duplicate name wins) */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < size(); i++) {
            m.put(shape.names[i], get(i));
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * The offset of column {@code i}'s length word (i in range). Columns read in order, as
     * getters mostly are, are found by walking forward from the last one, with no array per row;
     * going back makes the full offset array. Every value walked over is checked to lie inside
     * the row.
     */
    private int offset(int i) {
        if (offsets != null) {
            return offsets[i];
        }
        if (walked < 0) {
            int n = data.length < 2 ? -1 : ((data[0] & 0xff) << 8) | (data[1] & 0xff);
            if (n != shape.names.length) {
                throw new OperationalException("protocol error: a row has " + n + " values for "
                        + shape.names.length + " columns");
            }
            walked = 0;
            walkPos = 2;
            checkHeader(walkPos);
        }
        if (i < walked) {
            int[] off = new int[shape.names.length];
            int p = 2;
            for (int k = 0; k < off.length; k++) {
                checkHeader(p);
                off[k] = p;
                p = skipValue(p);
            }
            offsets = off;
            return off[i];
        }
        int p = walkPos;
        for (int k = walked; k < i; k++) {
            p = skipValue(p);
            checkHeader(p);
        }
        skipValue(p); // the value itself lies inside the row
        walked = i;
        walkPos = p;
        return p;
    }

    private void checkHeader(int p) {
        if (p + 4 > data.length) {
            throw new OperationalException("protocol error: malformed row");
        }
    }

    /** @return the offset after the value whose length word is at {@code p} */
    private int skipValue(int p) {
        int len = i32(p);
        p += 4;
        if (len > 0) {
            if (len > data.length - p) {
                throw new OperationalException("protocol error: malformed row");
            }
            p += len;
        }
        return p;
    }

    private Object decode(int i) {
        int p = offset(i);
        int len = i32(p);
        if (shape.binary != null && shape.binary[i] && len >= 0) {
            try {
                return dev.greenwire.internal.types.BinaryCodec.decode(shape.oids[i], data, p + 4, len, shape.zone,
                        shape.charset);
            } catch (RuntimeException e) {
                throw new DataException("can't decode the binary value of column '" + shape.names[i] + "' (type "
                        + shape.oids[i] + "): " + e.getMessage(), e);
            }
        }
        if (len >= 0 && shape.text != null && shape.text[i] != 0) {
            Object v = dev.greenwire.internal.types.TextValues.read(shape.text[i], data, p + 4, len);
            if (v != null) {
                return v; // what the built-in typecaster gives, without a String first
            }
        }
        String text = len < 0 ? null : new String(data, p + 4, len, shape.charset);
        return Casters.castOrThrow(shape.casters[i], text, shape.cursor, shape.names[i]);
    }

    private <T> T convert(Object v, Class<T> type, int index) {
        if (v == null || type.isInstance(v)) {
            return type.cast(v);
        }
        if (type == String.class) {
            return type.cast(String.valueOf(v));
        }
        if (v instanceof Number num) {
            Object r = convertNumber(num, type);
            if (r != null) {
                return type.cast(r);
            }
        }
        throw new DataException("column \"" + shape.names[index] + "\" holds a " + v.getClass().getSimpleName()
                + ", which cannot be read as " + type.getSimpleName());
    }

    private static Object convertNumber(Number n, Class<?> type) {
        try {
            BigDecimal d = n instanceof BigDecimal bd ? bd : n instanceof BigInteger bi ? new BigDecimal(bi)
                    : (n instanceof Double || n instanceof Float) ? null : BigDecimal.valueOf(n.longValue());
            if (type == Long.class) {
                return d == null ? null : d.longValueExact();
            }
            if (type == Integer.class) {
                return d == null ? null : d.intValueExact();
            }
            if (type == Short.class) {
                return d == null ? null : d.shortValueExact();
            }
            if (type == BigDecimal.class) {
                return d != null ? d : BigDecimal.valueOf(n.doubleValue());
            }
            if (type == BigInteger.class) {
                return d == null ? null : d.toBigIntegerExact();
            }
            if (type == Double.class) {
                return n.doubleValue();
            }
        } catch (ArithmeticException e) {
            return null;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && toList().equals(r.toList());
    }

    @Override
    public int hashCode() {
        return toList().hashCode();
    }

    @Override
    public String toString() {
        return toList().toString();
    }
}
