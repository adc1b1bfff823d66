package dev.greenwire.internal.types;

import dev.greenwire.adapt.Conformable;
import dev.greenwire.adapt.SqlQuote;
import dev.greenwire.cast.Oid;
import dev.greenwire.cast.PgInterval;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Server-side binding of a List, Object[] or primitive array as one array parameter, so that a
 * statement with one keeps the same text whatever the elements (and is prepared like any other):
 * in binary with the element type of its values (int2, int4 or int8 for integers, the widest
 * present; float4 or float8; bool, uuid, bytea, date, time, timetz, timestamp, timestamptz,
 * interval, and text for strings, characters and enums), numerics as a typed text array, and an
 * array without a non-null element as untyped text ({@code {}}, {@code {NULL}}) that takes its
 * type from the context, as its literal does. Arrays the literal path writes differently stay
 * literals: ragged nesting, element classes that mix kinds (integers with floats, float with
 * double), and elements with a registered adapter, a {@code conform()} or no binary form.
 */
final class ArrayParams {
    private ArrayParams() {
    }

    /** @return whether {@code v} is a List or a (non-byte) array, which this class binds */
    static boolean handles(Object v) {
        return v instanceof List || (v.getClass().isArray() && !(v instanceof byte[]));
    }

    /** The kinds of element, by the array they make. */
    private enum Kind {
        INT2(Oid.INT2, Oid._INT2), INT4(Oid.INT4, Oid._INT4), INT8(Oid.INT8, Oid._INT8), FLOAT4(Oid.FLOAT4, Oid._FLOAT4),
        FLOAT8(Oid.FLOAT8, Oid._FLOAT8), BOOL(Oid.BOOL, Oid._BOOL), UUID(Oid.UUID, Oid._UUID), BYTEA(Oid.BYTEA, Oid._BYTEA),
        DATE(Oid.DATE, Oid._DATE), TIME(Oid.TIME, Oid._TIME), TIMETZ(Oid.TIMETZ, Oid._TIMETZ),
        TIMESTAMP(Oid.TIMESTAMP, Oid._TIMESTAMP), TIMESTAMPTZ(Oid.TIMESTAMPTZ, Oid._TIMESTAMPTZ),
        INTERVAL(Oid.INTERVAL, Oid._INTERVAL), TEXT(Oid.TEXT, Oid._TEXT), NUMERIC(Oid.NUMERIC, Oid._NUMERIC);

        final int element;
        final int array;

        Kind(int element, int array) {
            this.element = element;
            this.array = array;
        }

        boolean integer() {
            return this == INT2 || this == INT4 || this == INT8;
        }
    }

    /** The shape of a nested array: its dimensions and its leaves (nulls included), in order. */
    private static final class Shape {
        final List<Integer> dims = new ArrayList<>();
        final List<Object> leaves = new ArrayList<>();
        int leafDepth = -1;

        /** @return false when the nesting is ragged (sub-arrays of unequal length or depth) */
        boolean walk(Object o, int depth) {
            List<?> elems = CopyTextForms.elements(o);
            if (depth == dims.size()) {
                dims.add(elems.size());
            } else if (dims.get(depth) != elems.size()) {
                return false;
            }
            for (Object e : elems) {
                boolean sub = e != null && handles(e);
                if (sub ? leafDepth >= 0 && leafDepth <= depth : leafDepth >= 0 && leafDepth != depth) {
                    return false;
                }
                if (sub) {
                    if (!walk(e, depth + 1)) {
                        return false;
                    }
                } else {
                    leafDepth = depth;
                    leaves.add(e);
                }
            }
            return leafDepth < 0 || leafDepth == dims.size() - 1;
        }
    }

    /**
     * @param v a List or array ({@link #handles})
     * @return {type OID, format, bytes} of the parameter, or null to write the array as a literal
     */
    static Object[] encode(Object v, QuoteContext ctx) {
        Shape shape = new Shape();
        if (!shape.walk(v, 0)) {
            return null;
        }
        Kind kind = null;
        boolean nulls = false;
        for (Object e : shape.leaves) {
            if (e == null) {
                nulls = true;
                continue;
            }
            Kind k = kindOf(e);
            if (k == null) {
                return null;
            }
            if (kind == null || kind == k) {
                kind = k;
            } else if (kind.integer() && k.integer()) {
                kind = k.ordinal() > kind.ordinal() ? k : kind; // the widest integer
            } else {
                return null;
            }
        }
        if (kind == null) { // no element at all, or only NULLs: untyped, as the literal '{}' is
            return new Object[] {0, (short) 0, untyped(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
        }
        if (kind == Kind.NUMERIC) {
            return new Object[] {Oid._NUMERIC, (short) 0, numericText(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
        }
        byte[][] values = new byte[shape.leaves.size()][];
        int size = 12 + 8 * shape.dims.size();
        for (int i = 0; i < values.length; i++) {
            Object e = shape.leaves.get(i);
            if (e != null) {
                Object[] p = Binder.encode(widen(e, kind), ctx);
                if (p == null || (p[0] instanceof Integer oid && oid != kind.element && oid != 0)) {
                    return null;
                }
                values[i] = (byte[]) p[2];
                size += values[i].length;
            }
            size += 4;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(shape.dims.size()).putInt(nulls ? 1 : 0).putInt(kind.element);
        for (int d : shape.dims) {
            b.putInt(d).putInt(1);
        }
        for (byte[] value : values) {
            if (value == null) {
                b.putInt(-1);
            } else {
                b.putInt(value.length).put(value);
            }
        }
        return new Object[] {kind.array, (short) 1, b.array()};
    }

    private static Kind kindOf(Object e) {
        if (e instanceof Conformable || e instanceof SqlQuote || Adaptation.hasRegisteredAdapter(e.getClass())) {
            return null;
        }
        if (e instanceof Integer) {
            return Kind.INT4;
        }
        if (e instanceof Long) {
            return Kind.INT8;
        }
        if (e instanceof Short || e instanceof Byte) {
            return Kind.INT2;
        }
        if (e instanceof String || e instanceof Character || e instanceof CharSequence || e instanceof Enum<?>) {
            return Kind.TEXT;
        }
        if (e instanceof Double) {
            return Kind.FLOAT8;
        }
        if (e instanceof Float) {
            return Kind.FLOAT4;
        }
        if (e instanceof BigDecimal || e instanceof BigInteger) {
            return Kind.NUMERIC;
        }
        if (e instanceof Boolean) {
            return Kind.BOOL;
        }
        if (e instanceof UUID) {
            return Kind.UUID;
        }
        if (e instanceof byte[] || e instanceof ByteBuffer) {
            return Kind.BYTEA;
        }
        if (e instanceof LocalDate) {
            return Kind.DATE;
        }
        if (e instanceof LocalTime) {
            return Kind.TIME;
        }
        if (e instanceof OffsetTime) {
            return Kind.TIMETZ;
        }
        if (e instanceof LocalDateTime) {
            return Kind.TIMESTAMP;
        }
        if (e instanceof OffsetDateTime || e instanceof Instant || e instanceof ZonedDateTime) {
            return Kind.TIMESTAMPTZ;
        }
        if (e instanceof PgInterval || e instanceof Duration) {
            return Kind.INTERVAL;
        }
        return null;
    }

    /** An integer as the array's integer type (the others are bound as they are). */
    private static Object widen(Object e, Kind kind) {
        return switch (kind) {
            case INT8 -> ((Number) e).longValue();
            case INT4 -> ((Number) e).intValue();
            case INT2 -> ((Number) e).shortValue();
            case TEXT -> e instanceof Enum<?> en ? en.name() : e;
            default -> e;
        };
    }

    /** {@code {1.5,NULL,{2}}}: numerics need no quoting. */
    private static String numericText(Object v) {
        StringBuilder sb = new StringBuilder("{");
        List<?> elems = CopyTextForms.elements(v);
        for (int i = 0; i < elems.size(); i++) {
            Object e = elems.get(i);
            sb.append(i > 0 ? "," : "");
            if (e == null) {
                sb.append("NULL");
            } else if (handles(e)) {
                sb.append(numericText(e));
            } else {
                sb.append(e instanceof BigDecimal d ? d.toPlainString() : e.toString());
            }
        }
        return sb.append('}').toString();
    }

    /** {@code {}}, {@code {NULL,NULL}}, {@code {{},{}}}: an array with no non-null element. */
    private static String untyped(Object v) {
        StringBuilder sb = new StringBuilder("{");
        List<?> elems = CopyTextForms.elements(v);
        for (int i = 0; i < elems.size(); i++) {
            Object e = elems.get(i);
            sb.append(i > 0 ? "," : "").append(e == null ? "NULL" : untyped(e));
        }
        return sb.append('}').toString();
    }
}
