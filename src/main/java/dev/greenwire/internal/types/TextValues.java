package dev.greenwire.internal.types;

import dev.greenwire.cast.Oid;
import dev.greenwire.cast.TypeCaster;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The text forms of the commonest result types read straight from the received bytes, without
 * making a String first: int4, int8, numeric, float8 and timestamptz in the forms PostgreSQL prints
 * (ISO DateStyle). Each parser returns null for anything outside its plain form (a long
 * number, NaN, a BC date, a year past 9999, a byte it does not expect…), and the caller then
 * takes the built-in typecaster's String path, which gives the same value or the same error:
 * the result is always what that typecaster returns.
 *
 * <p>Used only for a column whose typecaster in force is the built-in one (a user's typecaster
 * sees the String, as psycopg2 promises), and only with a client encoding in which ASCII bytes
 * are ASCII characters (every encoding PostgreSQL offers a client).
 */
public final class TextValues {
    /** No fast path for the column. */
    public static final byte NONE = 0;
    /** int4 text. */
    public static final byte INT4 = 1;
    /** int8 text. */
    public static final byte INT8 = 2;
    /** numeric text. */
    public static final byte NUMERIC = 3;
    /** timestamptz text (ISO DateStyle). */
    public static final byte TIMESTAMPTZ = 4;
    /** float8 text. */
    public static final byte FLOAT8 = 5;

    private static final java.util.concurrent.ConcurrentHashMap<java.nio.charset.Charset, Boolean> ASCII =
            new java.util.concurrent.ConcurrentHashMap<>();

    private TextValues() {
    }

    /**
     * @param cs a client encoding's charset
     * @return whether the bytes these parsers read (digits, signs, '.', ':', '-', ' ') are ASCII in it
     */
    public static boolean asciiCompatible(java.nio.charset.Charset cs) {
        return ASCII.computeIfAbsent(cs, c -> java.util.Arrays.equals("0123456789+-.: ".getBytes(c),
                "0123456789+-.: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    /**
     * The fast path for a column.
     *
     * @param oid the column's type
     * @param caster the typecaster in force for it
     * @return one of the constants of this class
     */
    public static byte kind(int oid, TypeCaster caster) {
        if (caster == null || caster != Casters.defaultFor(oid)) {
            return NONE;
        }
        return switch (oid) {
            case Oid.INT4 -> INT4;
            case Oid.INT8 -> INT8;
            case Oid.NUMERIC -> NUMERIC;
            case Oid.TIMESTAMPTZ -> TIMESTAMPTZ;
            case Oid.FLOAT8 -> FLOAT8;
            default -> NONE;
        };
    }

    /**
     * Reads a value of the given kind.
     *
     * @param kind one of the constants of this class
     * @param b the bytes
     * @param off where the value starts
     * @param len its length
     * @return the value as the built-in typecaster makes it, or null to take that typecaster's path
     */
    public static Object read(byte kind, byte[] b, int off, int len) {
        return switch (kind) {
            case INT4 -> {
                long v = integer(b, off, len, 10);
                yield v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : Integer.valueOf((int) v);
            }
            case INT8 -> {
                long v = integer(b, off, len, 17);
                yield v == Long.MIN_VALUE ? null : Long.valueOf(v);
            }
            case NUMERIC -> numeric(b, off, len);
            case TIMESTAMPTZ -> timestamptz(b, off, len);
            case FLOAT8 -> float8Boxed(b, off, len);
            default -> null;
        };
    }

    /**
     * An int4 or int8 text value as a long, for typed getters that do not box.
     *
     * @param b the bytes
     * @param off where the value starts
     * @param len its length
     * @return the value, or Long.MIN_VALUE when it is not a plain run of up to 17 digits
     */
    public static long integer(byte[] b, int off, int len) {
        return integer(b, off, len, 17);
    }

    /** @return an optionally negative run of 1..maxDigits (≤ 17) digits, or Long.MIN_VALUE when it is anything else */
    static long integer(byte[] b, int off, int len, int maxDigits) {
        long d = decimal(b, off, len, maxDigits);
        if (d < 0 || (d >>> SCALE_SHIFT & 31) != 0) {
            return Long.MIN_VALUE;
        }
        long v = d & MAGNITUDE;
        return (d & NEGATIVE) != 0 ? -v : v;
    }

    /** {@code [-]digits[.digits]} with at most 17 digits in all, as {@code new BigDecimal(text)} makes it. */
    static BigDecimal numeric(byte[] b, int off, int len) {
        long d = decimal(b, off, len, 17);
        if (d < 0) {
            return null;
        }
        long unscaled = d & MAGNITUDE;
        return BigDecimal.valueOf((d & NEGATIVE) != 0 ? -unscaled : unscaled, (int) (d >>> SCALE_SHIFT) & 31);
    }

    /**
     * {@code [-]digits[.digits]} with at most 17 significant digits (PostgreSQL's shortest
     * form, no exponent): up to 15 digits and places, the quotient of two doubles that hold
     * their values exactly, which IEEE division rounds correctly; longer ones (up to 18 places)
     * through {@link DecimalDoubles}, exact as well. Either is the double
     * {@code Double.valueOf(text)} gives; other forms go the typecaster's way.
     */
    static Double float8Boxed(byte[] b, int off, int len) {
        double v = float8(b, off, len);
        return Double.isNaN(v) ? null : v;
    }

    /**
     * A float8 text value as {@link #float8Boxed} reads it, for typed getters that do not box.
     *
     * @param b the bytes
     * @param off where the value starts
     * @param len its length
     * @return the value, or NaN when it is another form (NaN itself among them)
     */
    public static double float8(byte[] b, int off, int len) {
        long d = decimal(b, off, len, 17);
        if (d < 0) {
            return Double.NaN;
        }
        long digits = d & MAGNITUDE;
        int scale = (int) (d >>> SCALE_SHIFT) & 31;
        double v;
        if (scale <= 15 && digits < (1L << 53)) {
            v = digits / (double) DecimalDoubles.pow10(scale); // both exact: one correctly rounded division
        } else if (scale <= 18) {
            v = DecimalDoubles.nearest(digits, scale);
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
        } else {
            return Double.NaN;
        }
        return (d & NEGATIVE) != 0 ? -v : v;
    }

    private static final long MAGNITUDE = (1L << 57) - 1;
    private static final int SCALE_SHIFT = 57;
    private static final long NEGATIVE = 1L << 62;

    /**
     * {@code [-]digits[.digits]} with at most {@code maxDigits} (≤ 17) significant digits and 31 places.
     *
     * @return the magnitude of the digits as an integer (bits 0-56), the number of digits after
     *         the point (bits 57-61) and the sign (bit 62); -1 for any other form
     */
    private static long decimal(byte[] b, int off, int len, int maxDigits) {
        int i = off;
        int end = off + len;
        boolean negative = i < end && b[i] == '-';
        if (negative) {
            i++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = 0;
        boolean point = false;
        boolean intDigit = false;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '.' && !point && intDigit) {
                point = true;
                continue;
            }
            int d = c - '0';
            if (d < 0 || d > 9 || (unscaled != 0 || d != 0) && ++digits > maxDigits) {
                return -1; // leading zeros are not significant digits
            }
            unscaled = unscaled * 10 + d;
            if (point) {
                scale++;
            } else {
                intDigit = true;
            }
        }
        if (!intDigit || (point && scale == 0) || scale > 31) {
            return -1;
        }
        return unscaled | ((long) scale << SCALE_SHIFT) | (negative ? NEGATIVE : 0);
    }

    /**
     * {@code YYYY-MM-DD HH:MM:SS[.f…]±HH[:MM[:SS]]} with a four-digit year, as the built-in
     * timestamptz typecaster makes it.
     */
    static OffsetDateTime timestamptz(byte[] b, int off, int len) {
        int end = off + len;
        // the shortest form: 2024-02-29 12:34:56+00 (22 bytes)
        if (len < 22 || b[off + 4] != '-' || b[off + 7] != '-' || b[off + 10] != ' ' || b[off + 13] != ':'
                || b[off + 16] != ':') {
            return null;
        }
        int year = fixed(b, off, 4);
        int month = fixed(b, off + 5, 2);
        int day = fixed(b, off + 8, 2);
        int hour = fixed(b, off + 11, 2);
        int minute = fixed(b, off + 14, 2);
        int second = fixed(b, off + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23) {
            return null;
        }
        int i = off + 19;
        int nanos = 0;
        if (b[i] == '.') {
            i++;
            int scale = 100_000_000;
            int start = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                if (i - start >= 9) {
                    return null;
                }
                nanos += (b[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) {
                return null;
            }
        }
        if (i >= end || (b[i] != '+' && b[i] != '-')) {
            return null;
        }
        int sign = b[i] == '-' ? -1 : 1;
        i++;
        int left = end - i;
        if (left != 2 && left != 5 && left != 8) {
            return null;
        }
        int oh = fixed(b, i, 2);
        int om = left >= 5 && b[i + 2] == ':' ? fixed(b, i + 3, 2) : left >= 5 ? -1 : 0;
        int os = left == 8 && b[i + 5] == ':' ? fixed(b, i + 6, 2) : left == 8 ? -1 : 0;
        if ((oh | om | os) < 0) {
            return null;
        }
        try {
            ZoneOffset offset = ZoneOffset.ofHoursMinutesSeconds(sign * oh, sign * om, sign * os);
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
        } catch (DateTimeException e) {
            return null; // out of range: the typecaster's path reports it
        }
    }

    /** @return the value of {@code n} digits at {@code p}, or -1 when one is not a digit */
    private static int fixed(byte[] b, int p, int n) {
        int v = 0;
        for (int k = 0; k < n; k++) {
            int d = b[p + k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
