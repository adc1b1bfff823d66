package dev.greenwire.internal.types;

import dev.greenwire.cast.Oid;
import dev.greenwire.cast.PgInterval;
import dev.greenwire.cast.TypeCaster;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Binary decoding of result columns, used for the types where it is faster than text and only
 * while the column's typecaster is the built-in one (so a registered typecaster always sees
 * text). Each decoder gives exactly the value the text typecaster gives: Boolean, Short,
 * Integer, Long (int8 and oid), Float, Double, byte[], UUID, LocalDate, LocalTime, OffsetTime,
 * LocalDateTime, OffsetDateTime (in the session's time zone), PgInterval, BigDecimal with the
 * server's scale (numeric NaN and infinities as Double), infinities as the MAX/MIN constants.
 * An interval read in binary does not depend on the session's {@code IntervalStyle}.
 */
public final class BinaryCodec {
    private static final LocalDate PG_EPOCH = LocalDate.of(2000, 1, 1);
    private static final long PG_EPOCH_SECOND = PG_EPOCH.toEpochDay() * 86_400L;

    private BinaryCodec() {
    }

    /**
     * Whether a column of this type is better read in binary, given its effective typecaster.
     *
     * @param oid the column type
     * @param caster the typecaster the cursor would use
     * @param zone the session's time zone, or null when Java does not know it
     * @return true to ask for binary
     */
    public static boolean wantsBinary(int oid, TypeCaster caster, ZoneId zone) {
        if (caster != Casters.defaultFor(oid)) {
            return false;
        }
        return switch (oid) {
            case Oid.BOOL, Oid.INT2, Oid.INT4, Oid.INT8, Oid.OID, Oid.FLOAT4, Oid.FLOAT8, Oid.BYTEA, Oid.UUID, Oid.DATE,
                 Oid.TIME, Oid.TIMETZ, Oid.TIMESTAMP, Oid.INTERVAL, Oid.NUMERIC -> true;
            case Oid.TIMESTAMPTZ -> zone != null;
            default -> {
                int elem = CopyBinary.elementOf(oid);
                yield elem != 0 && elem != oid && (textElement(elem) || wantsBinary(elem, Casters.defaultFor(elem), zone));
            }
        };
    }

    /**
     * The session's time zone as Java knows it.
     *
     * @param timeZone the server's {@code TimeZone} parameter
     * @return the zone, or null when Java cannot resolve the name
     */
    public static ZoneId zone(String timeZone) {
        if (timeZone == null) {
            return null;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Decodes one binary value.
     *
     * @param oid the column type (one {@link #wantsBinary} accepted)
     * @param b the row bytes
     * @param off the value's first byte
     * @param len its length
     * @param zone the session time zone (timestamptz)
     * @return the Java value
     */
    public static Object decode(int oid, byte[] b, int off, int len, ZoneId zone) {
        return decode(oid, b, off, len, zone, null);
    }

    /**
     * The text types whose arrays are read in binary: an element's binary value is its text in
     * the client encoding, which spares the server {@code array_out}'s quoting and the client the
     * literal's parsing. Their own columns stay text, which binary would not make cheaper.
     *
     * @param oid a type
     * @return whether it is text, varchar, bpchar or name
     */
    public static boolean textElement(int oid) {
        return oid == Oid.TEXT || oid == Oid.VARCHAR || oid == Oid.BPCHAR || oid == Oid.NAME;
    }

    /**
     * Decodes one binary value, an array of a {@linkplain #textElement text type} too.
     *
     * @param oid the column type (one {@link #wantsBinary} accepted)
     * @param b the row bytes
     * @param off the value's first byte
     * @param len its length
     * @param zone the session time zone (timestamptz)
     * @param cs the client encoding (arrays of text types), may be null for the other types
     * @return the Java value
     */
    public static Object decode(int oid, byte[] b, int off, int len, ZoneId zone, java.nio.charset.Charset cs) {
        switch (oid) {
            case Oid.BOOL:
                need(len, 1);
                return b[off] != 0;
            case Oid.INT2:
                need(len, 2);
                return (short) i16(b, off);
            case Oid.INT4:
                need(len, 4);
                return i32(b, off);
            case Oid.INT8:
                need(len, 8);
                return i64(b, off);
            case Oid.OID:
                need(len, 4);
                return i32(b, off) & 0xffffffffL;
            case Oid.FLOAT4:
                need(len, 4);
                return Float.intBitsToFloat(i32(b, off));
            case Oid.FLOAT8:
                need(len, 8);
                return Double.longBitsToDouble(i64(b, off));
            case Oid.BYTEA:
                return java.util.Arrays.copyOfRange(b, off, off + len);
            case Oid.UUID:
                need(len, 16);
                return new UUID(i64(b, off), i64(b, off + 8));
            case Oid.DATE: {
                need(len, 4);
                int days = i32(b, off);
                if (days == Integer.MAX_VALUE) {
                    return LocalDate.MAX;
                }
                if (days == Integer.MIN_VALUE) {
                    return LocalDate.MIN;
                }
                return day(PG_EPOCH.toEpochDay() + days);
            }
            case Oid.TIME:
                need(len, 8);
                return timeOfDay(i64(b, off));
            case Oid.TIMETZ:
                need(len, 12);
                return OffsetTime.of(timeOfDay(i64(b, off)), ZoneOffset.ofTotalSeconds(-i32(b, off + 8))); // seconds west
            case Oid.INTERVAL:
                need(len, 16);
                return new PgInterval(i32(b, off + 12), i32(b, off + 8), i64(b, off));
            case Oid.TIMESTAMP: {
                need(len, 8);
                long micros = i64(b, off);
                if (micros == Long.MAX_VALUE) {
                    return LocalDateTime.MAX;
                }
                if (micros == Long.MIN_VALUE) {
                    return LocalDateTime.MIN;
                }
                long local = PG_EPOCH_SECOND + Math.floorDiv(micros, 1_000_000L);
                long nano = Math.floorMod(micros, 1_000_000L) * 1000;
                return LocalDateTime.of(day(Math.floorDiv(local, 86_400L)),
                        LocalTime.ofNanoOfDay(Math.floorMod(local, 86_400L) * 1_000_000_000L + nano));
            }
            case Oid.TIMESTAMPTZ: {
                need(len, 8);
                long micros = i64(b, off);
                if (micros == Long.MAX_VALUE) {
                    return OffsetDateTime.MAX;
                }
                if (micros == Long.MIN_VALUE) {
                    return OffsetDateTime.MIN;
                }
                long epochSecond = PG_EPOCH_SECOND + Math.floorDiv(micros, 1_000_000L);
                int nano = (int) Math.floorMod(micros, 1_000_000L) * 1000;
                java.time.zone.ZoneRules rules = zone.getRules();
                ZoneOffset offset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH)
                        : rules.getOffset(Instant.ofEpochSecond(epochSecond));
                long local = epochSecond + offset.getTotalSeconds();
                long day = Math.floorDiv(local, 86_400L);
                int secOfDay = (int) Math.floorMod(local, 86_400L);
                return OffsetDateTime.of(LocalDateTime.of(day(day), LocalTime.ofNanoOfDay(secOfDay * 1_000_000_000L + nano)),
                        offset);
            }
            case Oid.NUMERIC:
                return numeric(b, off, len);
            default:
                int elem = CopyBinary.elementOf(oid);
                if (elem != 0 && textElement(elem)) {
                    if (cs == null) {
                        throw new IllegalArgumentException("an array of " + Oid.name(elem) + " needs the client encoding");
                    }
                    return array(b, off, len, elem, (x, o, l) -> new String(x, o, l, cs));
                }
                if (elem != 0) {
                    return array(b, off, len, elem, (x, o, l) -> decode(elem, x, o, l, zone, cs));
                }
                throw new IllegalArgumentException("no binary decoder for type " + oid);
        }
    }

    /**
     * An array in the binary format (dimensions, element type, elements with their lengths) as
     * nested lists, its bounds dropped as the text typecasters drop them; an empty array is an
     * empty list.
     *
     * @param elem the element type the array must have
     * @param er decodes one element
     * @throws IllegalArgumentException for a malformed array or one of another element type
     */
    static java.util.List<Object> array(byte[] b, int off, int len, int elem, CopyBinary.FieldReader er) {
        if (len < 12) {
            throw new IllegalArgumentException("malformed binary array");
        }
        int ndim = i32(b, off);
        int got = i32(b, off + 8);
        if (got != elem) {
            throw new IllegalArgumentException("binary array of element type " + got + ", expected " + elem);
        }
        if (ndim == 0) {
            return new java.util.ArrayList<>();
        }
        if (ndim < 0 || len < 12 + 8L * ndim) {
            throw new IllegalArgumentException("malformed binary array");
        }
        int[] dims = new int[ndim];
        int p = off + 12;
        for (int i = 0; i < ndim; i++) {
            dims[i] = i32(b, p);
            p += 8;
        }
        int[] pos = {p};
        return level(b, pos, off + len, dims, 0, er);
    }

    private static java.util.List<Object> level(byte[] b, int[] pos, int end, int[] dims, int depth, CopyBinary.FieldReader er) {
        java.util.List<Object> out = new java.util.ArrayList<>(dims[depth]);
        for (int i = 0; i < dims[depth]; i++) {
            if (depth < dims.length - 1) {
                out.add(level(b, pos, end, dims, depth + 1, er));
                continue;
            }
            if (pos[0] + 4 > end) {
                throw new IllegalArgumentException("malformed binary array");
            }
            int n = i32(b, pos[0]);
            pos[0] += 4;
            if (n < 0) {
                out.add(null);
            } else {
                if (pos[0] + n > end) {
                    throw new IllegalArgumentException("malformed binary array");
                }
                out.add(er.read(b, pos[0], n));
                pos[0] += n;
            }
        }
        return out;
    }

    /** {@code 24:00:00} is {@link LocalTime#MAX}, as its text reads. */
    private static LocalTime timeOfDay(long micros) {
        return micros >= 86_400_000_000L ? LocalTime.MAX : LocalTime.ofNanoOfDay(micros * 1000);
    }

    /** The last date made (rows of a result often share a day): a racy but safe one-entry cache. */
    private static final class Day {
        final long epochDay;
        final LocalDate date;

        Day(long epochDay, LocalDate date) {
            this.epochDay = epochDay;
            this.date = date;
        }
    }

    private static Day lastDay = new Day(0, LocalDate.ofEpochDay(0));

    private static LocalDate day(long epochDay) {
        Day d = lastDay;
        if (d.epochDay == epochDay) {
            return d.date;
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        lastDay = new Day(epochDay, date);
        return date;
    }

    private static Object numeric(byte[] b, int off, int len) {
        if (len < 8) {
            throw new IllegalArgumentException("malformed binary numeric");
        }
        int ndigits = i16(b, off) & 0xffff;
        int weight = (short) i16(b, off + 2);
        int sign = i16(b, off + 4) & 0xffff;
        int dscale = i16(b, off + 6) & 0xffff;
        if (sign == 0xC000) {
            return Double.NaN;
        }
        if (sign == 0xD000) {
            return Double.POSITIVE_INFINITY;
        }
        if (sign == 0xF000) {
            return Double.NEGATIVE_INFINITY;
        }
        if (len != 8 + 2 * ndigits) {
            throw new IllegalArgumentException("malformed binary numeric");
        }
        if (ndigits <= 4 && dscale <= 16) {
            // fast path: the value as an unscaled long (at most 16 decimal digits of digits, 16 of scale)
            long unscaled = 0;
            int lastPower = weight - ndigits + 1; // power of 10000 of the last digit
            for (int i = 0; i < ndigits; i++) {
                unscaled = unscaled * 10000 + i16(b, off + 8 + 2 * i);
            }
            // value = unscaled * 10000^lastPower; as unscaledValue * 10^-dscale
            int exp10 = 4 * lastPower + dscale; // multiply unscaled by 10^exp10 to get the scaled integer
            if (exp10 >= 0 && exp10 <= 18) {
                long scaled = unscaled;
                boolean fits = true;
                for (int k = 0; k < exp10; k++) {
                    if (Math.abs(scaled) > Long.MAX_VALUE / 10) {
                        fits = false;
                        break;
                    }
                    scaled *= 10;
                }
                if (fits) {
                    return BigDecimal.valueOf(sign == 0x4000 ? -scaled : scaled, dscale);
                }
            } else if (exp10 < 0 && exp10 >= -4 * ndigits) {
                long div = 1;
                for (int k = 0; k < -exp10; k++) {
                    div *= 10;
                }
                if (unscaled % div == 0) { // the dropped digits are zeros beyond the display scale
                    long scaled = unscaled / div;
                    return BigDecimal.valueOf(sign == 0x4000 ? -scaled : scaled, dscale);
                }
            }
        }
        StringBuilder sb = new StringBuilder(8 + 4 * (ndigits + Math.max(0, weight)) + dscale);
        if (sign == 0x4000) {
            sb.append('-');
        }
        if (weight < 0) {
            sb.append('0');
        } else {
            for (int i = 0; i <= weight; i++) {
                int d = i < ndigits ? i16(b, off + 8 + 2 * i) : 0;
                if (i == 0) {
                    sb.append(d);
                } else {
                    pad4(sb, d);
                }
            }
        }
        if (dscale > 0) {
            sb.append('.');
            int start = sb.length();
            for (int i = weight + 1; sb.length() - start < dscale; i++) {
                int d = i >= 0 && i < ndigits ? i16(b, off + 8 + 2 * i) : 0;
                pad4(sb, d);
            }
            sb.setLength(start + dscale);
        }
        return new BigDecimal(sb.toString());
    }

    private static void pad4(StringBuilder sb, int d) {
        if (d < 1000) {
            sb.append('0');
        }
        if (d < 100) {
            sb.append('0');
        }
        if (d < 10) {
            sb.append('0');
        }
        sb.append(d);
    }

    private static void need(int len, int n) {
        if (len != n) {
            throw new IllegalArgumentException("a binary value of " + len + " bytes where " + n + " were expected");
        }
    }

    private static int i16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static int i32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }

    private static long i64(byte[] b, int p) {
        return ((long) i32(b, p) << 32) | (i32(b, p + 4) & 0xffffffffL);
    }
}
