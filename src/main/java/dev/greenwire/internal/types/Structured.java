package dev.greenwire.internal.types;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.DataException;
import dev.greenwire.ProgrammingException;
import dev.greenwire.adapt.SqlQuote;
import dev.greenwire.cast.TypeCaster;
import dev.greenwire.extras.Composite;
import dev.greenwire.extras.CompositeType;
import dev.greenwire.extras.Range;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Adapters and typecasters of structured types: ranges, composites (as {@link Composite} or a
 * Java record) and hstore.
 */
public final class Structured {
    private Structured() {
    }

    // ---- quoting ----------------------------------------------------------------------------

    /** Writes a literal for a context. */
    @FunctionalInterface
    interface Writer {
        void write(ByteBuf out, QuoteContext ctx, Connection conn);
    }

    /** A quoter whose text depends on the context (nested values are adapted in it). */
    static final class Built implements SqlQuote, QuoteContext.Aware {
        private final Writer writer;
        private QuoteContext ctx = QuoteContext.DEFAULT;
        private Connection conn;

        Built(Writer writer) {
            this.writer = writer;
        }

        @Override
        public void prepare(Connection connection) {
            prepare(QuoteContext.of(connection), connection);
        }

        @Override
        public void prepare(QuoteContext context, Connection connection) {
            this.ctx = context;
            this.conn = connection;
        }

        @Override
        public byte[] getQuoted() {
            ByteBuf out = new ByteBuf(32);
            writer.write(out, ctx, conn);
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return new String(getQuoted(), ctx.charset());
        }
    }

    private static void value(ByteBuf out, Object v, QuoteContext ctx, Connection conn) {
        out.write(Adaptation.quote(v, conn, ctx));
    }

    private static void name(ByteBuf out, String sqlName, QuoteContext ctx) {
        out.writeText(sqlName, 0, sqlName.length(), ctx);
    }

    /**
     * A range as {@code type(lower, upper, '[)')}, or {@code 'empty'::type}.
     *
     * @param r the range
     * @return its quoter
     */
    public static SqlQuote range(Range<?> r) {
        return new Built((out, ctx, conn) -> {
            String type = r.sqlType() != null ? r.sqlType() : inferRangeType(r);
            if (r.isEmpty()) {
                out.writeAscii("'empty'");
                if (type != null) {
                    out.writeAscii("::");
                    name(out, type, ctx);
                }
                return;
            }
            if (type == null) {
                if (r.lower() == null && r.upper() == null) {
                    out.writeAscii("'(,)'");
                    return;
                }
                Object b = r.lower() != null ? r.lower() : r.upper();
                throw new ProgrammingException("can't adapt a Range of " + b.getClass().getSimpleName()
                        + " without a range type: give it one with Range.withType(\"mytype\")");
            }
            name(out, type, ctx);
            out.write('(');
            value(out, r.lower(), ctx, conn);
            out.writeAscii(", ");
            value(out, r.upper(), ctx, conn);
            out.writeAscii(", '");
            out.writeAscii(r.bounds());
            out.writeAscii("')");
        });
    }

    private static String inferRangeType(Range<?> r) {
        Object b = r.lower() != null ? r.lower() : r.upper();
        if (b == null) {
            return null;
        }
        if (b instanceof Integer || b instanceof Short || b instanceof Byte) {
            return "int4range";
        }
        if (b instanceof Long) {
            return "int8range";
        }
        if (b instanceof BigDecimal || b instanceof BigInteger) {
            return "numrange";
        }
        if (b instanceof LocalDate) {
            return "daterange";
        }
        if (b instanceof LocalDateTime) {
            return "tsrange";
        }
        if (b instanceof OffsetDateTime || b instanceof Instant || b instanceof ZonedDateTime) {
            return "tstzrange";
        }
        return null;
    }

    /**
     * A composite value as {@code ROW(a, b)::type}.
     *
     * @param type the composite type
     * @param values its attributes' values
     * @return the quoter
     */
    public static SqlQuote row(CompositeType type, List<?> values) {
        return new Built((out, ctx, conn) -> {
            out.writeAscii("ROW(");
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.writeAscii(", ");
                }
                value(out, values.get(i), ctx, conn);
            }
            out.writeAscii(")::");
            name(out, type.sqlName(), ctx);
        });
    }

    /**
     * A {@link Composite} as {@code ROW(a, b)::type}.
     *
     * @param c the value
     * @return its quoter
     */
    public static SqlQuote composite(Composite c) {
        return row(c.type(), c.values());
    }

    /**
     * A record of a registered composite type as {@code ROW(a, b)::type}.
     *
     * @param type the composite type
     * @param rec the record
     * @return its quoter
     */
    public static SqlQuote record(CompositeType type, Record rec) {
        RecordComponent[] comps = rec.getClass().getRecordComponents();
        List<Object> values = new ArrayList<>(comps.length);
        for (RecordComponent rc : comps) {
            Method m = rc.getAccessor();
            try {
                m.setAccessible(true);
            } catch (RuntimeException e) {
                // public accessors of an exported package work without it
            }
            try {
                values.add(m.invoke(rec));
            } catch (IllegalAccessException e) {
                throw new ProgrammingException("can't read component '" + rc.getName() + "' of "
                        + rec.getClass().getName() + ": make the record public or open its package", e);
            } catch (InvocationTargetException e) {
                throw new DataException("the accessor of '" + rc.getName() + "' of " + rec.getClass().getName()
                        + " failed: " + e.getCause(), e.getCause());
            }
        }
        return row(type, values);
    }

    /**
     * A Map as an hstore literal, {@code '"k"=>"v"'::hstore}.
     *
     * @param map keys and values CharSequences (values may be null)
     * @return its quoter
     * @throws DataException when a key or a value is not a string, or a key is null
     */
    public static SqlQuote hstore(Map<?, ?> map) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof CharSequence k)) {
                throw new DataException("hstore keys must be strings, got "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getSimpleName()));
            }
            Object v = e.getValue();
            if (v != null && !(v instanceof CharSequence)) {
                throw new DataException("hstore values must be strings or null, got " + v.getClass().getSimpleName()
                        + " for key '" + k + "'");
            }
            m.put(k.toString(), v == null ? null : v.toString());
        }
        String text = TextForms.formatHstore(m);
        return new Built((out, ctx, conn) -> {
            value(out, text, ctx, conn);
            out.writeAscii("::hstore");
        });
    }

    // ---- typecasting ------------------------------------------------------------------------

    private static Object castSub(int oid, String text, Cursor cur) {
        if (cur != null) {
            return cur.cast(oid, text);
        }
        return Casters.castOrThrow(Casters.lookup(oid, null, null), text, null, null);
    }

    /**
     * A typecaster of a range type to {@link Range}.
     *
     * @param oids the range type's OIDs
     * @param name the typecaster's name
     * @param subtype the OID of the bounds' type (cast with the cursor's typecaster for it)
     * @param sqlType the type's SQL name, carried by the values read
     * @return the typecaster
     */
    public static TypeCaster rangeCaster(int[] oids, String name, int subtype, String sqlType) {
        return new TypeCaster(oids, name, (v, cur) -> {
            if (v == null) {
                return null;
            }
            TextForms.RangeText t = TextForms.parseRange(v);
            if (t == null) {
                return Range.empty().withType(sqlType);
            }
            Object lo = t.lower() == null ? null : castSub(subtype, t.lower(), cur);
            Object hi = t.upper() == null ? null : castSub(subtype, t.upper(), cur);
            return Range.of(lo, hi, (t.lowerInclusive() ? "[" : "(") + (t.upperInclusive() ? "]" : ")")).withType(sqlType);
        });
    }

    /**
     * A typecaster of a multirange type to an unmodifiable {@code List<Range>}, each range read
     * as {@link #rangeCaster} reads it.
     *
     * @param oids the multirange type's OIDs
     * @param name the typecaster's name
     * @param subtype the OID of the bounds' type
     * @param rangeSqlType the SQL name of the multirange's range type, carried by the ranges
     * @return the typecaster
     */
    public static TypeCaster multirangeCaster(int[] oids, String name, int subtype, String rangeSqlType) {
        TypeCaster range = rangeCaster(oids, name, subtype, rangeSqlType); // used for its conversion only
        return new TypeCaster(oids, name, (v, cur) -> {
            if (v == null) {
                return null;
            }
            List<Object> out = new ArrayList<>();
            for (String r : TextForms.splitMultirange(v)) {
                out.add(range.cast(r, cur));
            }
            return Collections.unmodifiableList(out);
        });
    }

    /**
     * A typecaster of a composite type to {@link Composite} or to its record class.
     *
     * @param type the composite type
     * @return the typecaster
     */
    public static TypeCaster compositeCaster(CompositeType type) {
        Constructor<? extends Record> ctor = type.recordClass() == null ? null : canonical(type.recordClass());
        int n = type.attributeNames().size();
        return new TypeCaster(new int[] {type.oid()}, type.name().toUpperCase(java.util.Locale.ROOT), (v, cur) -> {
            if (v == null) {
                return null;
            }
            List<String> fields = n == 0 && v.equals("()") ? List.of() : TextForms.parseComposite(v);
            if (fields.size() != n) {
                throw new IllegalArgumentException("the composite type " + type.sqlName() + " has " + n
                        + " attributes, the value has " + fields.size());
            }
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                String f = fields.get(i);
                values[i] = f == null ? null : castSub(type.attributeTypes().get(i), f, cur);
            }
            return ctor == null ? type.of(values) : construct(ctor, type, values);
        });
    }

    private static Constructor<? extends Record> canonical(Class<? extends Record> c) {
        RecordComponent[] comps = c.getRecordComponents();
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
        }
        try {
            Constructor<? extends Record> k = c.getDeclaredConstructor(types);
            try {
                k.setAccessible(true);
            } catch (RuntimeException e) {
                // a public record in an exported package needs no access override
            }
            return k;
        } catch (NoSuchMethodException e) {
            throw new ProgrammingException("the record " + c.getName() + " has no canonical constructor", e);
        }
    }

    private static Record construct(Constructor<? extends Record> k, CompositeType type, Object[] values) {
        Class<?>[] types = k.getParameterTypes();
        Object[] args = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            args[i] = coerce(values[i], types[i], type, i);
        }
        try {
            return k.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("the constructor of " + k.getDeclaringClass().getName() + " failed: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ProgrammingException("can't construct " + k.getDeclaringClass().getName()
                    + ": make the record public or open its package", e);
        }
    }

    private static Object coerce(Object v, Class<?> target, CompositeType type, int i) {
        Class<?> boxed = box(target);
        if (v == null) {
            if (target.isPrimitive()) {
                throw new IllegalArgumentException("attribute '" + type.attributeNames().get(i) + "' of " + type.sqlName()
                        + " is NULL but the record component is a " + target.getName());
            }
            return null;
        }
        if (boxed.isInstance(v)) {
            return v;
        }
        if (v instanceof Number num) {
            try {
                BigDecimal d = num instanceof BigDecimal b ? b : new BigDecimal(num.toString());
                if (boxed == Long.class) {
                    return d.longValueExact();
                }
                if (boxed == Integer.class) {
                    return d.intValueExact();
                }
                if (boxed == Short.class) {
                    return d.shortValueExact();
                }
                if (boxed == Double.class) {
                    return num.doubleValue();
                }
                if (boxed == Float.class) {
                    return num.floatValue();
                }
                if (boxed == BigDecimal.class) {
                    return d;
                }
                if (boxed == BigInteger.class) {
                    return d.toBigIntegerExact();
                }
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("attribute '" + type.attributeNames().get(i) + "' of " + type.sqlName()
                        + " = " + v + " does not fit the record component's " + target.getName(), e);
            }
        }
        if (boxed == String.class) {
            return v.toString();
        }
        throw new IllegalArgumentException("attribute '" + type.attributeNames().get(i) + "' of " + type.sqlName() + " is a "
                + v.getClass().getSimpleName() + ", the record component is a " + target.getName());
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return c == int.class ? Integer.class : c == long.class ? Long.class : c == short.class ? Short.class
                : c == double.class ? Double.class : c == float.class ? Float.class : c == boolean.class ? Boolean.class
                : c == byte.class ? Byte.class : Character.class;
    }

    /**
     * A typecaster of hstore to an unmodifiable insertion-ordered {@code Map<String, String>}.
     *
     * @param oids the hstore OIDs
     * @return the typecaster
     */
    public static TypeCaster hstoreCaster(int[] oids) {
        return new TypeCaster(oids, "HSTORE", (v, cur) -> v == null ? null
                : Collections.unmodifiableMap(TextForms.parseHstore(v)));
    }
}
