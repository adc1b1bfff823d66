package dev.greenwire.cast;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A PostgreSQL {@code interval}: months, days and microseconds kept apart as the server keeps
 * them (a month is not a fixed number of days, nor a day a fixed number of hours across a DST
 * change). Equality is field by field: {@code 1 mon} is not equal to {@code 30 days} here,
 * although the server compares them equal.
 *
 * @param months the months (years × 12 + months)
 * @param days the days
 * @param micros the time part, in microseconds
 */
public record PgInterval(int months, int days, long micros) {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;

    /** The zero interval, {@code 00:00:00}. */
    public static final PgInterval ZERO = new PgInterval(0, 0, 0);

    /**
     * The interval of a duration: all of it in the time part (no days), to the microsecond
     * (a fraction of a microsecond is dropped, rounding toward negative infinity).
     *
     * @param d the duration
     * @return the interval
     * @throws ArithmeticException when the duration does not fit in 64-bit microseconds
     */
    public static PgInterval of(Duration d) {
        long micros = Math.addExact(Math.multiplyExact(d.getSeconds(), MICROS_PER_SECOND), d.getNano() / 1000);
        return new PgInterval(0, 0, micros);
    }

    /**
     * Parses the server's output in any of its four {@code IntervalStyle}s:
     * <ul>
     * <li>{@code postgres} (the default): {@code 1 year 2 mons 3 days 04:05:06.789},
     * {@code -1 days +02:03:00}, {@code -00:00:01.5};</li>
     * <li>{@code postgres_verbose}: {@code @ 1 year 2 mons 3 hours 1.5 secs ago};</li>
     * <li>{@code sql_standard}: {@code 1-2}, {@code -3 4:05:06.789} (one leading sign for the
     * whole value), {@code +1-2 -3 +4:05:06} (a sign per field when their signs differ),
     * {@code 0};</li>
     * <li>{@code iso_8601} (ISO 8601's format with designators):
     * {@code P1Y2M3DT4H5M6.789S}, {@code P-1DT-2H}, {@code PT0S}.</li>
     * </ul>
     *
     * @param text the interval text
     * @return the interval
     * @throws IllegalArgumentException when the text is not an interval in those styles
     */
    public static PgInterval parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("invalid interval: '" + text + "'");
        }
        try {
            if (s.charAt(0) == 'P') {
                return iso8601(s);
            }
            for (int i = 0; i < s.length(); i++) {
                if (Character.isLetter(s.charAt(i)) || s.charAt(i) == '@') {
                    return postgres(s);
                }
            }
            return sqlStandard(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid interval: '" + text + "'" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
    }

    /** The {@code postgres} and {@code postgres_verbose} styles: numbers with unit words, a time, {@code ago}. */
    private static PgInterval postgres(String s) {
        String[] tokens = s.split("\\s+");
        long months = 0;
        long days = 0;
        long micros = 0;
        boolean ago = false;
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.equals("@")) {
                continue;
            }
            if (t.equalsIgnoreCase("ago")) {
                ago = true;
            } else if (t.indexOf(':') >= 0) {
                micros = Math.addExact(micros, parseTime(t));
            } else {
                if (i + 1 >= tokens.length) {
                    if (Long.parseLong(t) == 0) {
                        continue; // postgres_verbose writes a zero interval as "@ 0"
                    }
                    throw new IllegalArgumentException("number without unit");
                }
                String unit = tokens[++i].toLowerCase(Locale.ROOT);
                if (unit.startsWith("year")) {
                    months = Math.addExact(months, Math.multiplyExact(Long.parseLong(t), 12));
                } else if (unit.startsWith("mon")) {
                    months = Math.addExact(months, Long.parseLong(t));
                } else if (unit.startsWith("day")) {
                    days = Math.addExact(days, Long.parseLong(t));
                } else if (unit.startsWith("hour")) {
                    micros = Math.addExact(micros, Math.multiplyExact(Long.parseLong(t), MICROS_PER_HOUR));
                } else if (unit.startsWith("min")) {
                    micros = Math.addExact(micros, Math.multiplyExact(Long.parseLong(t), MICROS_PER_MINUTE));
                } else if (unit.startsWith("sec")) {
                    micros = Math.addExact(micros, parseSeconds(t));
                } else {
                    throw new IllegalArgumentException("unknown unit '" + unit + "'");
                }
            }
        }
        return ago ? of(-months, -days, Math.negateExact(micros)) : of(months, days, micros);
    }

    /**
     * The {@code sql_standard} style: {@code [Y-M] [D] [H:MM:SS[.f]]} in that order. A value whose
     * fields share a sign has at most one, leading, for the whole value ({@code -1 2:00:00} is
     * minus one day and two hours); otherwise the server signs all three fields. A bare zero is
     * the zero interval.
     */
    private static PgInterval sqlStandard(String s) {
        String[] tokens = s.split("\\s+");
        if (tokens.length > 3) {
            throw new IllegalArgumentException("too many fields");
        }
        boolean whole = tokens[0].startsWith("-");
        for (int i = 1; i < tokens.length; i++) {
            whole &= !(tokens[i].startsWith("-") || tokens[i].startsWith("+"));
        }
        if (whole) {
            for (int i = 1; i < tokens.length; i++) {
                tokens[i] = "-" + tokens[i]; // the leading sign is every field's
            }
        }
        long months = 0;
        long days = 0;
        long micros = 0;
        int field = 0; // 0: year-month next, 1: days next, 2: time next, 3: done
        for (String t : tokens) {
            if (t.indexOf(':') >= 0) {
                if (field > 2) {
                    throw new IllegalArgumentException("fields out of order");
                }
                micros = parseTime(t);
                field = 3;
            } else if (t.indexOf('-', 1) > 0) {
                if (field > 0) {
                    throw new IllegalArgumentException("fields out of order");
                }
                boolean neg = t.startsWith("-");
                String abs = neg || t.startsWith("+") ? t.substring(1) : t;
                int dash = abs.indexOf('-');
                long y = unsigned(abs.substring(0, dash));
                long m = unsigned(abs.substring(dash + 1));
                months = Math.addExact(Math.multiplyExact(y, 12), m);
                months = neg ? -months : months;
                field = 1;
            } else {
                if (field > 1) {
                    throw new IllegalArgumentException("fields out of order");
                }
                days = Long.parseLong(t);
                field = 2;
            }
        }
        return of(months, days, micros);
    }

    /** ISO 8601's format with designators, as the {@code iso_8601} style writes it: {@code P1Y2M3DT4H5M6.5S}. */
    private static PgInterval iso8601(String s) {
        long months = 0;
        long days = 0;
        long micros = 0;
        boolean time = false;
        int i = 1;
        if (i == s.length()) {
            throw new IllegalArgumentException("no fields after P");
        }
        while (i < s.length()) {
            if (s.charAt(i) == 'T') {
                if (time) {
                    throw new IllegalArgumentException("a second T");
                }
                time = true;
                i++;
                continue;
            }
            int start = i;
            if (s.charAt(i) == '-' || s.charAt(i) == '+') {
                i++;
            }
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (i == start || i == s.length()) {
                throw new IllegalArgumentException("a number without its designator");
            }
            String n = s.substring(start, i);
            char unit = s.charAt(i++);
            if (unit == 'S' && time) {
                micros = Math.addExact(micros, parseSeconds(n));
                continue;
            }
            long v = Long.parseLong(n.startsWith("+") ? n.substring(1) : n); // only seconds take a fraction
            switch (time ? Character.toLowerCase(unit) : unit) {
                case 'Y' -> months = Math.addExact(months, Math.multiplyExact(v, 12));
                case 'M' -> months = Math.addExact(months, v);
                case 'W' -> days = Math.addExact(days, Math.multiplyExact(v, 7));
                case 'D' -> days = Math.addExact(days, v);
                case 'h' -> micros = Math.addExact(micros, Math.multiplyExact(v, MICROS_PER_HOUR));
                case 'm' -> micros = Math.addExact(micros, Math.multiplyExact(v, MICROS_PER_MINUTE));
                default -> throw new IllegalArgumentException("unknown designator '" + unit + "'");
            }
        }
        return of(months, days, micros);
    }

    private static long unsigned(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad number '" + digits + "'");
        }
        return Long.parseLong(digits);
    }

    private static PgInterval of(long months, long days, long micros) {
        return new PgInterval(Math.toIntExact(months), Math.toIntExact(days), micros);
    }

    /** {@code [+-]H:MM[:SS[.ffffff]]}, hours unbounded. */
    private static long parseTime(String t) {
        boolean neg = t.startsWith("-");
        String s = neg || t.startsWith("+") ? t.substring(1) : t;
        String[] p = s.split(":", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].length() != 2) {
            throw new IllegalArgumentException("bad time '" + t + "'");
        }
        if (!p[0].chars().allMatch(c -> c >= '0' && c <= '9') || !p[1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad time '" + t + "'");
        }
        long sign = neg ? -1 : 1; // accumulate with the sign so that the most negative value fits
        long v = Math.multiplyExact(Long.parseLong(p[0]), sign * MICROS_PER_HOUR);
        v = Math.addExact(v, sign * Integer.parseInt(p[1]) * MICROS_PER_MINUTE);
        if (p.length == 3) {
            if (p[2].startsWith("-") || p[2].startsWith("+")) {
                throw new IllegalArgumentException("bad seconds '" + t + "'");
            }
            v = Math.addExact(v, sign * parseSeconds(p[2]));
        }
        return v;
    }

    /** {@code [-]S[.ffffff]} to microseconds, rounding beyond six decimals half up. */
    private static long parseSeconds(String s) {
        boolean neg = s.startsWith("-");
        String abs = neg || s.startsWith("+") ? s.substring(1) : s;
        int dot = abs.indexOf('.');
        String whole = dot < 0 ? abs : abs.substring(0, dot);
        long v = Math.multiplyExact(whole.isEmpty() ? 0 : Long.parseLong(whole), MICROS_PER_SECOND);
        if (dot >= 0) {
            String frac = abs.substring(dot + 1);
            if (!frac.chars().allMatch(c -> c >= '0' && c <= '9') || (whole.isEmpty() && frac.isEmpty())) {
                throw new IllegalArgumentException("bad seconds '" + s + "'");
            }
            long f = 0;
            for (int k = 0; k < 6; k++) {
                f = f * 10 + (k < frac.length() ? frac.charAt(k) - '0' : 0);
            }
            if (frac.length() > 6 && frac.charAt(6) >= '5') {
                f++;
            }
            v = Math.addExact(v, f);
        }
        return neg ? -v : v;
    }

    /**
     * This interval as an exact duration: days count as 24 hours.
     *
     * @return the duration
     * @throws ArithmeticException when the interval has months, which have no fixed length
     */
    public Duration toDuration() {
        if (months != 0) {
            throw new ArithmeticException("the interval '" + this + "' has a month part (" + months
                    + " months); a month has no fixed length, so it cannot be converted to a Duration");
        }
        return Duration.ofDays(days).plus(micros, ChronoUnit.MICROS);
    }

    /**
     * The interval as the server writes it with {@code IntervalStyle = postgres}, which the server
     * also accepts as input: {@code 1 year 2 mons 3 days 04:05:06.789}, {@code -1 days +02:03:00},
     * {@code 00:00:00}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(40);
        boolean[] state = {true, false}; // is_zero, is_before
        part(sb, months / 12, "year", state);
        part(sb, months % 12, "mon", state);
        part(sb, days, "day", state);
        if (state[0] || micros != 0) {
            long t = micros;
            long hour = t / MICROS_PER_HOUR;
            t -= hour * MICROS_PER_HOUR;
            long min = t / MICROS_PER_MINUTE;
            t -= min * MICROS_PER_MINUTE;
            long sec = t / MICROS_PER_SECOND;
            long fsec = t - sec * MICROS_PER_SECOND;
            boolean minus = micros < 0;
            sb.append(state[0] ? "" : " ").append(minus ? "-" : (state[1] ? "+" : ""));
            two(sb, Math.abs(hour)).append(':');
            two(sb, Math.abs(min)).append(':');
            two(sb, Math.abs(sec));
            if (fsec != 0) {
                String f = String.format("%06d", Math.abs(fsec));
                int end = f.length();
                while (f.charAt(end - 1) == '0') {
                    end--;
                }
                sb.append('.').append(f, 0, end);
            }
        }
        return sb.toString();
    }

    private static void part(StringBuilder sb, long value, String unit, boolean[] state) {
        if (value == 0) {
            return;
        }
        sb.append(state[0] ? "" : " ").append(state[1] && value > 0 ? "+" : "")
                .append(value).append(' ').append(unit).append(value != 1 ? "s" : "");
        state[1] = value < 0;
        state[0] = false;
    }

    private static StringBuilder two(StringBuilder sb, long v) {
        return (v < 10 ? sb.append('0') : sb).append(v);
    }
}
