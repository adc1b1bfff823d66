package dev.greenwire.extras;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A value of a PostgreSQL range type (psycopg2's {@code Range}): two bounds, each inclusive or
 * exclusive or absent (unbounded), or the empty range.
 *
 * <p>The built-in ranges are read as {@code Range<Integer>} ({@code int4range}),
 * {@code Range<Long>} ({@code int8range}), {@code Range<BigDecimal>} ({@code numrange}),
 * {@code Range<LocalDate>} ({@code daterange}), {@code Range<LocalDateTime>} ({@code tsrange}) and
 * {@code Range<OffsetDateTime>} ({@code tstzrange}); other range types after
 * {@link Extras#registerRange}. The server canonicalizes discrete ranges: {@code int4range}
 * {@code [1,3]} is read back as {@code [1,4)}.
 *
 * <p>Adapted as {@code int4range(1, 10, '[)')}: the constructor function of {@link #sqlType()},
 * or, when the range carries no type, of the built-in range its bounds' class implies
 * (Integer, Long, BigDecimal, LocalDate, LocalDateTime, OffsetDateTime/Instant/ZonedDateTime).
 * An empty range is {@code 'empty'::type} ({@code 'empty'} when it has no type: the server
 * takes the column's type). Equality ignores the SQL type.
 *
 * @param <T> the bounds' type
 */
public final class Range<T> {
    private static final Pattern TYPE_NAME = Pattern.compile(
            "(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"]|\"\")+\")(?:\\.(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"]|\"\")+\"))?");
    private static final Range<?> EMPTY = new Range<>(null, null, false, false, true, null);

    private final T lower;
    private final T upper;
    private final boolean lowerInclusive;
    private final boolean upperInclusive;
    private final boolean empty;
    private final String sqlType;

    private Range(T lower, T upper, boolean lowerInclusive, boolean upperInclusive, boolean empty, String sqlType) {
        this.lower = lower;
        this.upper = upper;
        this.lowerInclusive = lower != null && lowerInclusive;
        this.upperInclusive = upper != null && upperInclusive;
        this.empty = empty;
        this.sqlType = sqlType;
    }

    /**
     * The empty range.
     *
     * @param <T> the bounds' type
     * @return the empty range, with no SQL type
     */
    @SuppressWarnings("unchecked")
    public static <T> Range<T> empty() {
        return (Range<T>) EMPTY;
    }

    /**
     * A range including its lower bound and excluding its upper one ({@code [lower,upper)}).
     *
     * @param lower the lower bound, null for unbounded
     * @param upper the upper bound, null for unbounded
     * @param <T> the bounds' type
     * @return the range
     */
    public static <T> Range<T> of(T lower, T upper) {
        return of(lower, upper, "[)");
    }

    /**
     * A range with the given bounds.
     *
     * @param lower the lower bound, null for unbounded
     * @param upper the upper bound, null for unbounded
     * @param bounds {@code "[)"}, {@code "[]"}, {@code "()"} or {@code "(]"}
     * @param <T> the bounds' type
     * @return the range
     * @throws IllegalArgumentException for other bounds strings
     */
    public static <T> Range<T> of(T lower, T upper, String bounds) {
        if (bounds == null || bounds.length() != 2 || "[(".indexOf(bounds.charAt(0)) < 0
                || "])".indexOf(bounds.charAt(1)) < 0) {
            throw new IllegalArgumentException("range bounds must be one of [), [], (), (]; got " + bounds);
        }
        return new Range<>(lower, upper, bounds.charAt(0) == '[', bounds.charAt(1) == ']', false, null);
    }

    /**
     * The same range, to be adapted as the given SQL range type.
     *
     * @param type a range type name, optionally schema-qualified and double-quoted
     *             ({@code int4range}, {@code public.floatrange}); null removes it
     * @return a copy carrying the type
     * @throws IllegalArgumentException when {@code type} is not a type name
     */
    public Range<T> withType(String type) {
        if (type != null && !TYPE_NAME.matcher(type).matches()) {
            throw new IllegalArgumentException("not a range type name: " + type);
        }
        return new Range<>(lower, upper, lowerInclusive, upperInclusive, empty, type);
    }

    /** @return the lower bound, null when unbounded or empty */
    public T lower() {
        return lower;
    }

    /** @return the upper bound, null when unbounded or empty */
    public T upper() {
        return upper;
    }

    /** @return whether the lower bound belongs to the range (false when unbounded) */
    public boolean lowerInclusive() {
        return lowerInclusive;
    }

    /** @return whether the upper bound belongs to the range (false when unbounded) */
    public boolean upperInclusive() {
        return upperInclusive;
    }

    /** @return whether the range has no lower bound (false when empty) */
    public boolean lowerInfinite() {
        return !empty && lower == null;
    }

    /** @return whether the range has no upper bound (false when empty) */
    public boolean upperInfinite() {
        return !empty && upper == null;
    }

    /** @return whether this is the empty range */
    public boolean isEmpty() {
        return empty;
    }

    /** @return the SQL range type it adapts as, or null to infer it from the bounds */
    public String sqlType() {
        return sqlType;
    }

    /** @return the bounds as {@code "[)"} and the like, null when empty */
    public String bounds() {
        return empty ? null : (lowerInclusive ? "[" : "(") + (upperInclusive ? "]" : ")");
    }

    /**
     * Whether a value lies in the range, by the bounds' natural order.
     *
     * @param value the value, not null
     * @return whether it is in the range
     * @throws ClassCastException when the bounds are not Comparable to the value
     */
    @SuppressWarnings("unchecked")
    public boolean contains(T value) {
        Objects.requireNonNull(value, "value");
        if (empty) {
            return false;
        }
        if (lower != null) {
            int c = ((Comparable<Object>) lower).compareTo(value);
            if (c > 0 || (c == 0 && !lowerInclusive)) {
                return false;
            }
        }
        if (upper != null) {
            int c = ((Comparable<Object>) upper).compareTo(value);
            return c > 0 || (c == 0 && upperInclusive);
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Range<?> r && empty == r.empty && lowerInclusive == r.lowerInclusive
                && upperInclusive == r.upperInclusive && Objects.equals(lower, r.lower) && Objects.equals(upper, r.upper);
    }

    @Override
    public int hashCode() {
        return Objects.hash(empty, lower, upper, lowerInclusive, upperInclusive);
    }

    /** @return PostgreSQL's text form with the bounds' {@code toString()}: {@code [1,10)}, {@code empty} */
    @Override
    public String toString() {
        if (empty) {
            return "empty";
        }
        return (lowerInclusive ? "[" : "(") + (lower == null ? "" : lower) + ","
                + (upper == null ? "" : upper) + (upperInclusive ? "]" : ")");
    }
}
