package dev.greenwire.internal.types;

import dev.greenwire.Connection;
import dev.greenwire.DataException;
import dev.greenwire.ProgrammingException;
import dev.greenwire.adapt.Conformable;
import dev.greenwire.adapt.Json;
import dev.greenwire.adapt.SqlQuote;
import dev.greenwire.cast.Oid;
import dev.greenwire.cast.PgInterval;
import dev.greenwire.internal.types.CopyBinary.FieldWriter;
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

/** The encoders of {@link CopyBinary}: each column's field writer, Java values to the server's binary receive formats. */
final class CopyBinaryWriters {
    private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400L;

    private CopyBinaryWriters() {
    }

    /** Writes a non-null value's bytes (without the length). */
    @FunctionalInterface
    private interface ValueWriter {
        void write(ByteBuf out, Object v);
    }

    /** {@link CopyBinary#writer}. */
    static FieldWriter writer(String column, int oid, QuoteContext ctx, Connection conn) {
        Col col = new Col(column, CopyBinary.typeName(oid));
        ValueWriter found = valueWriter(col, oid, ctx, conn);
        ValueWriter vw = found != null ? found : (out, v) -> {
            throw new ProgrammingException("column \"" + col.name() + "\" (" + col.type() + "): writeRow() cannot send"
                    + " this type in binary format; use the text format (COPY … FROM STDIN without FORMAT BINARY)");
        };
        return (out, v) -> {
            if (v == null) {
                out.writeInt32(-1);
                return;
            }
            int at = out.length();
            out.writeInt32(0);
            vw.write(out, v);
            out.setInt32(at, out.length() - at - 4);
        };
    }

    /** A column, named in errors. */
    private record Col(String name, String type) {
        ProgrammingException mismatch(Object v, String takes) {
            return new ProgrammingException("column \"" + name + "\" (" + type + "): can't write a "
                    + v.getClass().getSimpleName() + " in binary format (it takes " + takes + ")");
        }

        DataException range(Object v) {
            return new DataException("column \"" + name + "\" (" + type + "): " + v + " is out of range");
        }
    }

    private static final String INTEGERS = "Integer, Long, Short, Byte, BigInteger";
    private static final String NUMBERS = "Double, Float, BigDecimal, Integer, Long, Short, Byte, BigInteger";

    private static ValueWriter valueWriter(Col col, int oid, QuoteContext ctx, Connection conn) {
        if (CopyBinary.textLike(oid)) {
            return (out, v) -> text(out, col, v, ctx, conn, "CharSequence, Character, Enum");
        }
        switch (oid) {
            case Oid.BOOL:
                return (out, v) -> {
                    if (!(v instanceof Boolean b)) {
                        throw col.mismatch(v, "Boolean");
                    }
                    out.write(b ? 1 : 0);
                };
            case Oid.INT2:
                return (out, v) -> out.writeInt16((int) integral(col, v, Short.MIN_VALUE, Short.MAX_VALUE));
            case Oid.INT4:
                return (out, v) -> out.writeInt32(v instanceof Integer i ? i : (int) integral(col, v, Integer.MIN_VALUE,
                        Integer.MAX_VALUE));
            case Oid.INT8:
                return (out, v) -> out.writeInt64(v instanceof Long l ? l : integral(col, v, Long.MIN_VALUE, Long.MAX_VALUE));
            case Oid.OID:
                return (out, v) -> out.writeInt32((int) integral(col, v, 0, 0xffffffffL));
            case Oid.FLOAT4:
                return (out, v) -> out.writeInt32(Float.floatToIntBits(v instanceof Float f ? f : (float) floating(col, v)));
            case Oid.FLOAT8:
                return (out, v) -> out.writeInt64(Double.doubleToLongBits(floating(col, v)));
            case Oid.NUMERIC:
                return (out, v) -> numeric(out, col, v);
            case Oid.JSON:
                return (out, v) -> text(out, col, v, ctx, conn, "CharSequence, Json");
            case Oid.JSONB:
                return (out, v) -> {
                    out.write(1);
                    text(out, col, v, ctx, conn, "CharSequence, Json");
                };
            case Oid.BYTEA:
                return (out, v) -> {
                    if (v instanceof byte[] b) {
                        out.write(b);
                    } else if (v instanceof ByteBuffer bb) {
                        ByteBuffer d = bb.duplicate();
                        byte[] b = new byte[d.remaining()];
                        d.get(b);
                        out.write(b);
                    } else {
                        throw col.mismatch(v, "byte[], ByteBuffer");
                    }
                };
            case Oid.UUID:
                return (out, v) -> {
                    if (!(v instanceof UUID u)) {
                        throw col.mismatch(v, "UUID");
                    }
                    out.writeInt64(u.getMostSignificantBits());
                    out.writeInt64(u.getLeastSignificantBits());
                };
            case Oid.DATE:
                return (out, v) -> {
                    if (!(v instanceof LocalDate d)) {
                        throw col.mismatch(v, "LocalDate");
                    }
                    out.writeInt32(d.equals(LocalDate.MAX) ? Integer.MAX_VALUE : d.equals(LocalDate.MIN) ? Integer.MIN_VALUE
                            : (int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE - 1L, d.toEpochDay() - PG_EPOCH_DAY)));
                };
            case Oid.TIME:
                return (out, v) -> {
                    if (!(v instanceof LocalTime t)) {
                        throw col.mismatch(v, "LocalTime");
                    }
                    out.writeInt64(micros(t.toSecondOfDay(), t.getNano()));
                };
            case Oid.TIMETZ:
                return (out, v) -> {
                    if (!(v instanceof OffsetTime t)) {
                        throw col.mismatch(v, "OffsetTime");
                    }
                    out.writeInt64(micros(t.toLocalTime().toSecondOfDay(), t.getNano()));
                    out.writeInt32(-t.getOffset().getTotalSeconds());
                };
            case Oid.TIMESTAMP:
                return (out, v) -> {
                    if (!(v instanceof LocalDateTime t)) {
                        throw col.mismatch(v, "LocalDateTime");
                    }
                    out.writeInt64(t.equals(LocalDateTime.MAX) ? Long.MAX_VALUE : t.equals(LocalDateTime.MIN) ? Long.MIN_VALUE
                            : micros(t.toLocalDate().toEpochDay() * 86_400L + t.toLocalTime().toSecondOfDay() - PG_EPOCH_SECOND,
                            t.getNano()));
                };
            case Oid.TIMESTAMPTZ:
                return (out, v) -> out.writeInt64(timestamptz(col, v));
            case Oid.INTERVAL:
                return (out, v) -> {
                    if (v instanceof PgInterval i) {
                        out.writeInt64(i.micros());
                        out.writeInt32(i.days());
                        out.writeInt32(i.months());
                    } else if (v instanceof Duration d) {
                        long m;
                        try {
                            m = Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000);
                        } catch (ArithmeticException e) {
                            throw col.range(v);
                        }
                        out.writeInt64(m);
                        out.writeInt32(0);
                        out.writeInt32(0);
                    } else {
                        throw col.mismatch(v, "Duration, PgInterval");
                    }
                };
            default:
                break;
        }
        int elem = CopyBinary.elementOf(oid);
        if (elem != 0) {
            ValueWriter ew = valueWriter(col, elem, ctx, conn);
            if (ew != null) {
                return (out, v) -> array(out, col, v, elem, ew);
            }
        }
        return null;
    }

    private static void text(ByteBuf out, Col col, Object v, QuoteContext ctx, Connection conn, String takes) {
        String s;
        if (v instanceof String str) {
            s = str;
        } else if (v instanceof CharSequence || v instanceof Character) {
            s = v.toString();
        } else if (v instanceof Enum<?> e) {
            s = e.name();
        } else if (v instanceof Json j) {
            s = j.text();
        } else if (v instanceof Conformable || v instanceof SqlQuote || Adaptation.hasRegisteredAdapter(v.getClass())) {
            s = CopyTextForms.textForm(v, ctx, conn);
            if (s == null) {
                throw new ProgrammingException("column \"" + col.name() + "\" (" + col.type() + "): the adapter of "
                        + v.getClass().getSimpleName() + " writes NULL: pass null instead");
            }
        } else {
            throw col.mismatch(v, takes);
        }
        if (s.indexOf('\0') >= 0) {
            throw new DataException("column \"" + col.name() + "\" (" + col.type()
                    + "): a text value cannot contain NUL (0x00) characters");
        }
        out.writeText(s, 0, s.length(), ctx);
    }

    private static long integral(Col col, Object v, long min, long max) {
        long l;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            l = ((Number) v).longValue();
        } else if (v instanceof BigInteger b) {
            if (b.bitLength() > 63) {
                throw col.range(v);
            }
            l = b.longValue();
        } else {
            throw col.mismatch(v, INTEGERS);
        }
        if (l < min || l > max) {
            throw col.range(v);
        }
        return l;
    }

    private static double floating(Col col, Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Float f) {
            // the decimal value the float prints as, as the text form would give the server
            return Float.isFinite(f) ? Double.parseDouble(Float.toString(f)) : f;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof BigInteger
                || v instanceof BigDecimal) {
            return ((Number) v).doubleValue();
        }
        throw col.mismatch(v, NUMBERS);
    }

    private static long timestamptz(Col col, Object v) {
        if (v instanceof OffsetDateTime t) {
            return t.equals(OffsetDateTime.MAX) ? Long.MAX_VALUE : t.equals(OffsetDateTime.MIN) ? Long.MIN_VALUE
                    : micros(t.toEpochSecond() - PG_EPOCH_SECOND, t.getNano());
        }
        if (v instanceof Instant t) {
            return t.equals(Instant.MAX) ? Long.MAX_VALUE : t.equals(Instant.MIN) ? Long.MIN_VALUE
                    : micros(t.getEpochSecond() - PG_EPOCH_SECOND, t.getNano());
        }
        if (v instanceof ZonedDateTime t) {
            return micros(t.toEpochSecond() - PG_EPOCH_SECOND, t.getNano());
        }
        throw col.mismatch(v, "OffsetDateTime, ZonedDateTime, Instant");
    }

    /** Seconds and nanoseconds as microseconds, rounded half to even as the server rounds text. */
    private static long micros(long seconds, int nanos) {
        long q = nanos / 1000;
        int r = nanos % 1000;
        if (r > 500 || (r == 500 && (q & 1) == 1)) {
            q++;
        }
        try {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), q);
        } catch (ArithmeticException e) {
            throw new DataException("the date/time value is out of the range of PostgreSQL's timestamps", e);
        }
    }

    private static void numeric(ByteBuf out, Col col, Object v) {
        BigDecimal d;
        if (v instanceof BigDecimal b) {
            d = b;
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            d = BigDecimal.valueOf(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            d = new BigDecimal(b);
        } else if (v instanceof Double || v instanceof Float) {
            double x = ((Number) v).doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                out.writeInt16(0);
                out.writeInt16(0);
                out.writeInt16(Double.isNaN(x) ? 0xC000 : x > 0 ? 0xD000 : 0xF000);
                out.writeInt16(0);
                return;
            }
            d = new BigDecimal(v.toString());
        } else {
            throw col.mismatch(v, NUMBERS);
        }
        numeric(out, d);
    }

    /** numeric_send: ndigits, weight (in base-10000 digits), sign, display scale, then the base-10000 digits. */
    static void numeric(ByteBuf out, BigDecimal d) {
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        int dscale = d.scale();
        String digits = d.unscaledValue().abs().toString();
        int intLen = digits.length() - dscale; // digits before the point (may be <= 0)
        // pad the integer part on the left and the fraction on the right to whole groups of four
        int leftPad = intLen > 0 ? (4 - intLen % 4) % 4 : 0;
        int intGroups = intLen > 0 ? (intLen + leftPad) / 4 : 0;
        int fracLeadingZeros = intLen < 0 ? -intLen : 0;
        int fracGroups = (dscale + 3) / 4;
        int total = intGroups + fracGroups;
        short[] groups = new short[total];
        // digit k of the padded representation: integer part then fraction
        StringBuilder all = new StringBuilder(total * 4);
        for (int i = 0; i < leftPad; i++) {
            all.append('0');
        }
        if (intLen > 0) {
            all.append(digits, 0, intLen);
        }
        for (int i = 0; i < fracLeadingZeros; i++) {
            all.append('0');
        }
        all.append(digits, Math.max(0, intLen), digits.length());
        while (all.length() < total * 4) {
            all.append('0');
        }
        for (int g = 0; g < total; g++) {
            int x = 0;
            for (int k = 0; k < 4; k++) {
                x = x * 10 + (all.charAt(g * 4 + k) - '0');
            }
            groups[g] = (short) x;
        }
        int first = 0;
        while (first < total && groups[first] == 0) {
            first++;
        }
        int last = total - 1;
        while (last >= first && groups[last] == 0) {
            last--;
        }
        int ndigits = last >= first ? last - first + 1 : 0;
        int weight = ndigits == 0 ? 0 : intGroups - 1 - first;
        out.writeInt16(ndigits);
        out.writeInt16(weight);
        out.writeInt16(ndigits == 0 || d.signum() >= 0 ? 0x0000 : 0x4000);
        out.writeInt16(dscale);
        for (int g = first; g <= last; g++) {
            out.writeInt16(groups[g]);
        }
    }

    private static void array(ByteBuf out, Col col, Object v, int elem, ValueWriter ew) {
        if (!(v instanceof List) && !(v.getClass().isArray() && !(v instanceof byte[]))) {
            throw col.mismatch(v, "List, an array");
        }
        List<Integer> dims = new ArrayList<>();
        Object cur = v;
        while (cur != null && (cur instanceof List || (cur.getClass().isArray() && !(cur instanceof byte[])))) {
            List<?> l = CopyTextForms.elements(cur);
            dims.add(l.size());
            if (l.isEmpty()) {
                break;
            }
            cur = l.get(0);
        }
        boolean empty = dims.contains(0);
        int ndim = empty ? 0 : dims.size();
        out.writeInt32(ndim);
        int flagsAt = out.length();
        out.writeInt32(0);
        out.writeInt32(elem);
        if (empty) {
            if (dims.size() > 1 || !CopyTextForms.elements(v).isEmpty()) {
                checkEmpty(col, v);
            }
            return;
        }
        for (int n : dims) {
            out.writeInt32(n);
            out.writeInt32(1);
        }
        boolean[] hasNull = {false};
        elements(out, col, v, dims, 0, ew, hasNull);
        if (hasNull[0]) {
            out.setInt32(flagsAt, 1);
        }
    }

    private static void checkEmpty(Col col, Object v) {
        for (Object e : CopyTextForms.elements(v)) {
            if (e == null || !(e instanceof List || e.getClass().isArray()) || !CopyTextForms.elements(e).isEmpty()) {
                throw new DataException("column \"" + col.name() + "\" (" + col.type()
                        + "): multidimensional arrays must have sub-arrays with matching dimensions");
            }
        }
    }

    private static void elements(ByteBuf out, Col col, Object level, List<Integer> dims, int depth, ValueWriter ew,
                                 boolean[] hasNull) {
        List<?> l = CopyTextForms.elements(level);
        if (l.size() != dims.get(depth)) {
            throw new DataException("column \"" + col.name() + "\" (" + col.type()
                    + "): multidimensional arrays must have sub-arrays with matching dimensions");
        }
        boolean leaf = depth == dims.size() - 1;
        for (Object e : l) {
            boolean nested = e != null && (e instanceof List || (e.getClass().isArray() && !(e instanceof byte[])));
            if (leaf) {
                if (nested) {
                    throw new DataException("column \"" + col.name() + "\" (" + col.type()
                            + "): multidimensional arrays must have sub-arrays with matching dimensions");
                }
                if (e == null) {
                    hasNull[0] = true;
                    out.writeInt32(-1);
                } else {
                    int at = out.length();
                    out.writeInt32(0);
                    ew.write(out, e);
                    out.setInt32(at, out.length() - at - 4);
                }
            } else {
                if (!nested) {
                    throw new DataException("column \"" + col.name() + "\" (" + col.type()
                            + "): multidimensional arrays must have sub-arrays with matching dimensions");
                }
                elements(out, col, e, dims, depth + 1, ew, hasNull);
            }
        }
    }
}
