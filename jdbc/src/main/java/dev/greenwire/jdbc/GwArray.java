package dev.greenwire.jdbc;

import dev.greenwire.cast.Oid;
import dev.greenwire.internal.engine.Result;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL array: one made by {@code createArrayOf} (sent as a parameter in the array
 * literal form with its array type), or one read from a column (its literal parsed on demand).
 * {@link #getArray()} gives a Java array of the element's class ({@code Integer[]} for
 * {@code int4[]}, {@code String[]} for {@code text[]}, {@code java.sql.Timestamp[]}…), nested
 * for several dimensions.
 */
final class GwArray implements Array {
    private final GwConnection conn;
    private final int elementOid;
    private final int arrayOid;
    /** The elements as given to createArrayOf, or null. */
    private Object[] objects;
    /** The elements' texts: Strings, nulls and nested Lists; parsed from the literal, or read in binary. */
    private List<Object> texts;
    /** The array's text (null for one made by createArrayOf; read in binary, made when first asked for). */
    private String literal;
    /** Read in binary: the elements' texts and bounds the literal is made of, else null. */
    private final BinaryArrays.Texts binary;
    private boolean freed;

    GwArray(GwConnection conn, int elementOid, int arrayOid, Object[] elements) {
        this.conn = conn;
        this.elementOid = elementOid;
        this.arrayOid = arrayOid;
        this.objects = elements == null ? new Object[0] : elements.clone();
        this.literal = null;
        this.binary = null;
    }

    GwArray(GwConnection conn, int elementOid, int arrayOid, String literal) {
        this.conn = conn;
        this.elementOid = elementOid;
        this.arrayOid = arrayOid;
        this.literal = literal;
        this.binary = null;
    }

    /** An array column read in binary. */
    GwArray(GwConnection conn, int elementOid, int arrayOid, BinaryArrays.Texts read) {
        this.conn = conn;
        this.elementOid = elementOid;
        this.arrayOid = arrayOid;
        this.binary = read;
        this.texts = read.texts();
    }

    /** @return the array's text: from a column, or made of createArrayOf's elements */
    private String literalText() throws SQLException {
        if (literal == null && binary != null) {
            literal = binary.literal();
        }
        return literal != null ? literal : literal(conn, elementOid, objects);
    }

    // ---- as a parameter ------------------------------------------------------------------------

    /** The parameter for a {@link java.sql.Array} or a Java array ({@code int[]}, {@code String[]}, {@code Integer[][]}…). */
    static Binding.Value parameter(GwConnection c, Object x) throws SQLException {
        if (x instanceof GwArray a) {
            return Binding.Value.text(a.arrayOid, a.literalText());
        }
        if (x instanceof Array a) {
            int element = c.types.oidOf(a.getBaseTypeName());
            return Binding.Value.text(c.types.arrayOf(element), literal(c, element, boxed(a.getArray())));
        }
        Object[] elements = boxed(x);
        int element = elementOid(x.getClass().getComponentType(), elements);
        if (element == 0) {
            throw new SQLException("can't infer the array type of a " + x.getClass().getSimpleName()
                    + ": use Connection.createArrayOf(typeName, elements)", "42P18");
        }
        return Binding.Value.text(c.types.arrayOf(element), literal(c, element, elements));
    }

    /** A Java array (of objects or primitives) as Object[]; nested arrays stay arrays. */
    private static Object[] boxed(Object x) throws SQLException {
        if (x instanceof Object[] o) {
            return o;
        }
        if (x == null || !x.getClass().isArray()) {
            throw new SQLException("not an array: " + x, "22023");
        }
        int n = java.lang.reflect.Array.getLength(x);
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = java.lang.reflect.Array.get(x, i);
        }
        return out;
    }

    private static int elementOid(Class<?> component, Object[] elements) {
        Class<?> c = component;
        while (c != null && c.isArray() && c != byte[].class) {
            c = c.getComponentType();
        }
        if (c == Object.class || c == null) {
            Object first = firstNonNull(elements);
            c = first == null ? null : first.getClass();
        }
        if (c == null) {
            return Oid.TEXT;
        }
        if (c == int.class || c == Integer.class) {
            return Oid.INT4;
        }
        if (c == long.class || c == Long.class) {
            return Oid.INT8;
        }
        if (c == short.class || c == Short.class || c == Byte.class) {
            return Oid.INT2;
        }
        if (c == boolean.class || c == Boolean.class) {
            return Oid.BOOL;
        }
        if (c == double.class || c == Double.class) {
            return Oid.FLOAT8;
        }
        if (c == float.class || c == Float.class) {
            return Oid.FLOAT4;
        }
        if (c == BigDecimal.class || c == java.math.BigInteger.class) {
            return Oid.NUMERIC;
        }
        if (c == String.class || c == char.class || c == Character.class) {
            return Oid.TEXT;
        }
        if (c == byte[].class) {
            return Oid.BYTEA;
        }
        if (c == java.util.UUID.class) {
            return Oid.UUID;
        }
        if (c == java.time.LocalDate.class || c == java.sql.Date.class) {
            return Oid.DATE;
        }
        if (c == java.time.LocalTime.class || c == java.sql.Time.class) {
            return Oid.TIME;
        }
        if (c == java.time.LocalDateTime.class) {
            return Oid.TIMESTAMP;
        }
        if (c == java.sql.Timestamp.class || c == java.time.OffsetDateTime.class || c == java.time.Instant.class
                || c == java.time.ZonedDateTime.class) {
            return Oid.TIMESTAMPTZ;
        }
        return 0;
    }

    private static Object firstNonNull(Object[] elements) {
        for (Object e : elements) {
            if (e instanceof Object[] nested) {
                Object f = firstNonNull(nested);
                if (f != null) {
                    return f;
                }
            } else if (e != null) {
                return e;
            }
        }
        return null;
    }

    /** The array literal of {@code elements} ({@code {"1","2",NULL}}), nested arrays as nested braces. */
    static String literal(GwConnection c, int elementOid, Object[] elements) throws SQLException {
        StringBuilder sb = new StringBuilder(16 + elements.length * 8);
        append(c, elementOid, elements, sb);
        return sb.toString();
    }

    private static void append(GwConnection c, int elementOid, Object[] elements, StringBuilder sb) throws SQLException {
        sb.append('{');
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object e = elements[i];
            if (e == null) {
                sb.append("NULL");
            } else if (e.getClass().isArray() && !(e instanceof byte[])) {
                append(c, elementOid, boxed(e), sb);
            } else {
                String t = elementText(c, elementOid, e);
                sb.append('"');
                for (int k = 0; k < t.length(); k++) {
                    char ch = t.charAt(k);
                    if (ch == '"' || ch == '\\') {
                        sb.append('\\');
                    }
                    sb.append(ch);
                }
                sb.append('"');
            }
        }
        sb.append('}');
    }

    private static String elementText(GwConnection c, int elementOid, Object e) throws SQLException {
        Binding.Value v;
        if (e instanceof java.sql.Timestamp t && elementOid == Oid.TIMESTAMP) {
            return Binding.timestamp(t.toLocalDateTime());
        }
        v = Binding.infer(c, e);
        if (v.binary() != null) {
            StringBuilder hex = new StringBuilder(2 + v.binary().length * 2).append("\\x");
            for (byte b : v.binary()) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        }
        return v.text();
    }

    // ---- parsing a literal ------------------------------------------------------------------------

    private List<Object> texts() throws SQLException {
        if (texts == null) {
            String s = literal;
            int eq = s.startsWith("[") ? s.indexOf('=') : -1;
            int[] pos = {eq < 0 ? 0 : eq + 1};
            char delim = elementOid == Oid.BOX ? ';' : ',';
            texts = parse(s, pos, delim);
        }
        return texts;
    }

    private static List<Object> parse(String s, int[] pos, char delim) throws SQLException {
        int i = pos[0];
        if (i >= s.length() || s.charAt(i) != '{') {
            throw new SQLException("malformed array literal: " + s, "22P02");
        }
        i++;
        List<Object> out = new ArrayList<>();
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == '}') {
                pos[0] = i + 1;
                return out;
            }
            if (ch == delim || Character.isWhitespace(ch)) {
                i++;
                continue;
            }
            if (ch == '{') {
                pos[0] = i;
                out.add(parse(s, pos, delim));
                i = pos[0];
                continue;
            }
            if (ch == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    sb.append(s.charAt(i));
                    i++;
                }
                i++;
                out.add(sb.toString());
                continue;
            }
            int start = i;
            while (i < s.length() && s.charAt(i) != delim && s.charAt(i) != '}') {
                i++;
            }
            String t = s.substring(start, i).strip();
            out.add(t.equalsIgnoreCase("NULL") ? null : t);
        }
        throw new SQLException("malformed array literal (no closing brace): " + s, "22P02");
    }

    // ---- java.sql.Array --------------------------------------------------------------------------------

    private void checkFree() throws SQLException {
        if (freed) {
            throw new SQLException("this Array has been freed", "55000");
        }
    }

    @Override
    public String getBaseTypeName() throws SQLException {
        checkFree();
        return conn.types.name(elementOid);
    }

    @Override
    public int getBaseType() throws SQLException {
        checkFree();
        return conn.types.sqlType(elementOid);
    }

    @Override
    public Object getArray() throws SQLException {
        checkFree();
        if (objects != null) {
            return objects.clone();
        }
        return toJava(texts(), 0, Integer.MAX_VALUE);
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) throws SQLException {
        checkMap(map);
        return getArray();
    }

    @Override
    public Object getArray(long index, int count) throws SQLException {
        checkFree();
        checkRange(index, count);
        if (objects != null) {
            return java.util.Arrays.copyOfRange(objects, (int) index - 1, (int) index - 1 + count);
        }
        return toJava(texts(), (int) index - 1, count);
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        checkMap(map);
        return getArray(index, count);
    }

    private void checkRange(long index, int count) throws SQLException {
        int size = objects != null ? objects.length : texts().size();
        if (index < 1 || count < 0 || index - 1 + count > size) {
            throw new SQLException("array index " + index + " and count " + count + " are out of range (the array has "
                    + size + " elements)", "2202E");
        }
    }

    private static void checkMap(Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw JdbcErrors.notSupported("custom type maps on arrays");
        }
    }

    private Object toJava(List<Object> list, int from, int count) throws SQLException {
        int base = conn.types.baseOf(elementOid);
        return toJava(list, from, count, base, elementClass(base));
    }

    private Object toJava(List<Object> list, int from, int count, int base, Class<?> cls) throws SQLException {
        int n = Math.min(count, list.size() - from);
        boolean nested = false;
        for (Object o : list) {
            nested |= o instanceof List;
        }
        // arrays of reference types only: filled as Object[] (the array store check stays), not by reflection
        Object[] out = (Object[]) java.lang.reflect.Array.newInstance(
                nested ? java.lang.reflect.Array.newInstance(cls, 0).getClass() : cls, n);
        for (int i = 0; i < n; i++) {
            Object t = list.get(from + i);
            if (t instanceof List<?> l) {
                @SuppressWarnings("unchecked")
                List<Object> sub = (List<Object>) l;
                out[i] = toJava(sub, 0, Integer.MAX_VALUE, base, cls);
            } else {
                out[i] = t == null ? null : element((String) t, base);
            }
        }
        return out;
    }

    private static Class<?> elementClass(int base) {
        return switch (base) {
            case Oid.INT4 -> Integer.class;
            case Oid.INT2 -> Short.class;
            case Oid.INT8, Oid.OID -> Long.class;
            case Oid.BOOL -> Boolean.class;
            case Oid.FLOAT4 -> Float.class;
            case Oid.FLOAT8 -> Double.class;
            case Oid.NUMERIC -> BigDecimal.class;
            case Oid.BYTEA -> byte[].class;
            case Oid.UUID -> java.util.UUID.class;
            case Oid.DATE -> java.sql.Date.class;
            case Oid.TIME, Oid.TIMETZ -> java.sql.Time.class;
            case Oid.TIMESTAMP, Oid.TIMESTAMPTZ -> java.sql.Timestamp.class;
            default -> String.class;
        };
    }

    private Object element(String t, int base) throws SQLException {
        return switch (base) {
            case Oid.INT2 -> Short.valueOf(t);
            case Oid.NUMERIC -> {
                Object n = Decoding.numeric(t);
                yield n instanceof BigDecimal ? n : null;
            }
            case Oid.INT4, Oid.INT8, Oid.OID, Oid.BOOL, Oid.FLOAT4, Oid.FLOAT8, Oid.BYTEA, Oid.UUID, Oid.DATE,
                 Oid.TIME, Oid.TIMETZ, Oid.TIMESTAMP, Oid.TIMESTAMPTZ -> Decoding.object(conn, base, t);
            default -> t;
        };
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkFree();
        int size = objects != null ? objects.length : texts().size();
        return resultSet(1, size);
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        checkMap(map);
        return getResultSet();
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        checkFree();
        checkRange(index, count);
        return resultSet((int) index, count);
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        checkMap(map);
        return getResultSet(index, count);
    }

    /** Rows (INDEX, VALUE) as JDBC describes them, for elements {@code index…index+count-1}. */
    private ResultSet resultSet(int index, int count) throws SQLException {
        Charset cs = conn.engine.charset();
        List<byte[]> rows = new ArrayList<>(count);
        boolean nested = false;
        for (int i = 0; i < count; i++) {
            Object t;
            if (objects != null) {
                Object o = objects[index - 1 + i];
                nested |= o != null && o.getClass().isArray() && !(o instanceof byte[]);
                t = o == null ? null : nested ? literal(conn, elementOid, boxed(o)) : elementText(conn, elementOid, o);
            } else {
                Object o = texts().get(index - 1 + i);
                nested |= o instanceof List;
                t = o instanceof List<?> l ? listLiteral(l) : o;
            }
            rows.add(dataRow(cs, Integer.toString(index + i), (String) t));
        }
        Result.Field[] fields = {
            new Result.Field("index", 0, 0, Oid.INT4, 4, -1, 0),
            new Result.Field("value", 0, 0, nested ? arrayOid : elementOid, -1, -1, 0)
        };
        return new GwResultSet(null, conn, fields, rows, ResultSet.TYPE_SCROLL_INSENSITIVE, 0);
    }

    private static String listLiteral(List<?> l) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < l.size(); i++) {
            Object o = l.get(i);
            sb.append(i == 0 ? "" : ",");
            if (o == null) {
                sb.append("NULL");
            } else if (o instanceof List<?> sub) {
                sb.append(listLiteral(sub));
            } else {
                sb.append('"').append(o.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append('}').toString();
    }

    static byte[] dataRow(Charset cs, String... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(values.length >> 8);
        out.write(values.length);
        for (String v : values) {
            if (v == null) {
                out.writeBytes(new byte[] {-1, -1, -1, -1});
            } else {
                byte[] b = v.getBytes(cs);
                out.write(b.length >>> 24);
                out.write(b.length >>> 16);
                out.write(b.length >>> 8);
                out.write(b.length);
                out.writeBytes(b);
            }
        }
        return out.toByteArray();
    }

    @Override
    public void free() {
        freed = true;
        objects = null;
        texts = null;
    }

    @Override
    public String toString() {
        try {
            return literalText();
        } catch (SQLException e) {
            return "GwArray[" + e.getMessage() + "]";
        }
    }
}
