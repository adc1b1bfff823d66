package dev.greenwire.internal.types;

import dev.greenwire.Connection;
import dev.greenwire.DataException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Server-side binding: a query's {@code %s} / {@code %(name)s} placeholders become {@code $n}
 * parameters sent with Bind. Values of the common built-in types travel as parameters: binary
 * for Boolean, Short, Byte, Integer, Long, Float, Double, byte[], ByteBuffer, UUID, LocalDate,
 * LocalTime, OffsetTime, LocalDateTime, OffsetDateTime, ZonedDateTime, Instant (the MAX/MIN
 * constants as infinities), PgInterval and Duration (an interval); text for BigDecimal,
 * BigInteger (numeric) and strings, characters and enums (type unknown, so the server infers it
 * from the context as it does for a quoted literal); Lists and arrays of those as one array
 * parameter ({@link ArrayParams}).
 * NULL is an untyped NULL parameter. Every other value (network types,
 * JSON, ranges, composites, hstore, values with a registered adapter or their own
 * {@code conform()}) is written in the SQL text as its client-side literal, which is as safe.
 */
public final class Binder {
    private Binder() {
    }

    /**
     * A bound query.
     *
     * @param sql the statement text with {@code $n} placeholders
     * @param types the parameter type OIDs (0: let the server infer)
     * @param formats the parameter formats (0 text, 1 binary)
     * @param values the parameter values (null for NULL)
     */
    public record Bound(byte[] sql, int[] types, short[] formats, byte[][] values) {
    }

    /**
     * Binds a query's arguments.
     *
     * @param sql the query
     * @param positional the {@code %s} arguments, or null
     * @param named the {@code %(name)s} arguments, or null
     * @param conn the connection (encoding; user adapters of inlined values)
     * @return the statement and its parameters
     */
    public static Bound bind(String sql, Object[] positional, Map<String, ?> named, Connection conn) {
        return bind(sql, positional, named, conn, false);
    }

    /**
     * Binds positional arguments as the types their client-side literals have, for statements
     * whose every placeholder stands alone as a value (executeMany's multi-row INSERTs with
     * client-side binding): a Double or Float is a numeric parameter with the literal's digits
     * (NaN, the infinities and -0 a float8 one, as {@code 'NaN'::float}), an integer an int4 one
     * when it fits (int8 or numeric otherwise, as the server reads a literal's digits); every
     * other value as {@link #bind(String, Object[], Map, Connection)} sends it, whose types already
     * are those of the literals. The server thus reads the same value it would read from the
     * text {@code mogrify} shows.
     *
     * @param sql the query
     * @param positional the {@code %s} arguments
     * @param conn the connection
     * @return the statement and its parameters
     */
    public static Bound bindAsLiterals(String sql, Object[] positional, Connection conn) {
        return bind(sql, positional, null, conn, true);
    }

    private static Bound bind(String sql, Object[] positional, Map<String, ?> named, Connection conn, boolean asLiterals) {
        QuoteContext ctx = QuoteContext.of(conn);
        List<Object[]> params = new ArrayList<>();
        Map<String, byte[]> byName = named == null ? null : new HashMap<>();
        byte[] text = QueryFormatter.scan(sql, positional, named, ctx, (out, v, key) -> {
            byte[] ref = key == null ? null : byName.get(key);
            if (ref == null) {
                Object[] p = asLiterals ? asLiteral(v, ctx) : encode(v, ctx);
                if (p == null) {
                    ref = Adaptation.quote(v, conn, ctx);
                } else {
                    params.add(p);
                    ref = ("$" + params.size()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                }
                if (key != null) {
                    byName.put(key, ref);
                }
            }
            out.write(ref);
        });
        int n = params.size();
        int[] types = new int[n];
        short[] formats = new short[n];
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) {
            Object[] p = params.get(i);
            types[i] = (Integer) p[0];
            formats[i] = (Short) p[1];
            values[i] = (byte[]) p[2];
        }
        return new Bound(text, types, formats, values);
    }

    private static final short TEXT = 0;
    private static final short BINARY = 1;
    private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400L;

    /** As {@link #encode}, with the types the server gives the values' client-side literals. */
    static Object[] asLiteral(Object v, QuoteContext ctx) {
        if (v != null && ArrayParams.handles(v) && !Adaptation.hasRegisteredAdapter(v.getClass())) {
            return null; // ARRAY[…] as written: its elements' literal types (1.5 is numeric there, not float8)
        }
        if (v == null || !(v instanceof Number) || Adaptation.hasRegisteredAdapter(v.getClass())) {
            return encode(v, ctx);
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!BuiltinAdapters.numericLiteral(d)) {
                return p(Oid.FLOAT8, ByteBuffer.allocate(8).putDouble(d).array());
            }
            String digits = v instanceof Double ? Double.toString(d) : Float.toString((Float) v);
            return new Object[] {Oid.NUMERIC, TEXT, digits.getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return p(Oid.INT4, ByteBuffer.allocate(4).putInt(((Number) v).intValue()).array());
        }
        if (v instanceof Long l) {
            return l == l.intValue() ? p(Oid.INT4, ByteBuffer.allocate(4).putInt(l.intValue()).array()) : encode(v, ctx);
        }
        if (v.getClass() == BigInteger.class && ((BigInteger) v).bitLength() < 64) {
            return asLiteral(((BigInteger) v).longValue(), ctx); // fits a long
        }
        return encode(v, ctx);
    }

    /** {type OID, format, bytes}, or null when the value goes into the text as a literal. */
    static Object[] encode(Object v, QuoteContext ctx) {
        if (v == null) {
            return new Object[] {0, TEXT, null};
        }
        if (v instanceof Conformable || v instanceof SqlQuote || Adaptation.hasRegisteredAdapter(v.getClass())) {
            return null;
        }
        if (v instanceof Integer i) {
            return p(Oid.INT4, ByteBuffer.allocate(4).putInt(i).array());
        }
        if (v instanceof Long l) {
            return p(Oid.INT8, ByteBuffer.allocate(8).putLong(l).array());
        }
        if (v instanceof String s) {
            return new Object[] {0, TEXT, text(s, ctx)};
        }
        if (v instanceof Short s) {
            return p(Oid.INT2, ByteBuffer.allocate(2).putShort(s).array());
        }
        if (v instanceof Byte b) {
            return p(Oid.INT2, ByteBuffer.allocate(2).putShort(b).array());
        }
        if (v instanceof Boolean b) {
            return p(Oid.BOOL, new byte[] {(byte) (b ? 1 : 0)});
        }
        if (v instanceof Double d) {
            return p(Oid.FLOAT8, ByteBuffer.allocate(8).putDouble(d).array());
        }
        if (v instanceof Float f) {
            return p(Oid.FLOAT4, ByteBuffer.allocate(4).putFloat(f).array());
        }
        if (v instanceof BigDecimal d) {
            return new Object[] {Oid.NUMERIC, TEXT, d.toPlainString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
        }
        if (v instanceof BigInteger d) {
            return new Object[] {Oid.NUMERIC, TEXT, d.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
        }
        if (v instanceof byte[] b) {
            return p(Oid.BYTEA, b);
        }
        if (v instanceof ByteBuffer b) {
            ByteBuffer d = b.duplicate();
            byte[] bytes = new byte[d.remaining()];
            d.get(bytes);
            return p(Oid.BYTEA, bytes);
        }
        if (v instanceof UUID u) {
            return p(Oid.UUID, ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits()).array());
        }
        if (v instanceof LocalDate d) {
            int days = d.equals(LocalDate.MAX) ? Integer.MAX_VALUE : d.equals(LocalDate.MIN) ? Integer.MIN_VALUE
                    : (int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE - 1L, d.toEpochDay() - PG_EPOCH_DAY));
            return p(Oid.DATE, ByteBuffer.allocate(4).putInt(days).array());
        }
        if (v instanceof LocalDateTime t) {
            long micros = t.equals(LocalDateTime.MAX) ? Long.MAX_VALUE : t.equals(LocalDateTime.MIN) ? Long.MIN_VALUE
                    : micros(t.toLocalDate().toEpochDay() * 86_400L + t.toLocalTime().toSecondOfDay() - PG_EPOCH_SECOND,
                    t.getNano());
            return p(Oid.TIMESTAMP, ByteBuffer.allocate(8).putLong(micros).array());
        }
        if (v instanceof OffsetDateTime t) {
            long micros = t.equals(OffsetDateTime.MAX) ? Long.MAX_VALUE : t.equals(OffsetDateTime.MIN) ? Long.MIN_VALUE
                    : micros(t.toEpochSecond() - PG_EPOCH_SECOND, t.getNano());
            return p(Oid.TIMESTAMPTZ, ByteBuffer.allocate(8).putLong(micros).array());
        }
        if (v instanceof Instant t) {
            long micros = t.equals(Instant.MAX) ? Long.MAX_VALUE : t.equals(Instant.MIN) ? Long.MIN_VALUE
                    : micros(t.getEpochSecond() - PG_EPOCH_SECOND, t.getNano());
            return p(Oid.TIMESTAMPTZ, ByteBuffer.allocate(8).putLong(micros).array());
        }
        if (v instanceof ZonedDateTime t) {
            return p(Oid.TIMESTAMPTZ, ByteBuffer.allocate(8).putLong(micros(t.toEpochSecond() - PG_EPOCH_SECOND,
                    t.getNano())).array());
        }
        if (v instanceof LocalTime t) {
            return p(Oid.TIME, ByteBuffer.allocate(8).putLong(micros(t.toSecondOfDay(), t.getNano())).array());
        }
        if (v instanceof OffsetTime t) {
            return p(Oid.TIMETZ, ByteBuffer.allocate(12).putLong(micros(t.toLocalTime().toSecondOfDay(), t.getNano()))
                    .putInt(-t.getOffset().getTotalSeconds()).array()); // the zone in seconds west of UTC
        }
        if (v instanceof PgInterval i) {
            return p(Oid.INTERVAL, ByteBuffer.allocate(16).putLong(i.micros()).putInt(i.days()).putInt(i.months()).array());
        }
        if (v instanceof Duration d) {
            return p(Oid.INTERVAL, ByteBuffer.allocate(16).putLong(intervalMicros(d)).putInt(0).putInt(0).array());
        }
        if (v instanceof CharSequence || v instanceof Character) {
            return new Object[] {0, TEXT, text(v.toString(), ctx)};
        }
        if (v instanceof Enum<?> e) {
            return new Object[] {0, TEXT, text(e.name(), ctx)};
        }
        if (ArrayParams.handles(v)) {
            return ArrayParams.encode(v, ctx);
        }
        return null;
    }

    private static Object[] p(int oid, byte[] bytes) {
        return new Object[] {oid, BINARY, bytes};
    }

    /** Seconds and nanoseconds as microseconds, the nanoseconds rounded half to even as the server rounds text. */
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

    /** A duration as an interval's time part, in microseconds rounded as {@link #micros} rounds. */
    private static long intervalMicros(Duration d) {
        try {
            Duration abs = d.abs();
            long us = micros(abs.getSeconds(), abs.getNano());
            return d.isNegative() ? -us : us;
        } catch (ArithmeticException | DataException e) {
            throw new DataException("the duration " + d + " is out of the range of interval", e);
        }
    }

    private static byte[] text(String s, QuoteContext ctx) {
        if (s.indexOf('\0') >= 0) {
            throw new DataException("A string literal cannot contain NUL (0x00) characters.");
        }
        ByteBuf b = new ByteBuf(s.length() + 4);
        b.writeText(s, 0, s.length(), ctx);
        return b.toByteArray();
    }
}
