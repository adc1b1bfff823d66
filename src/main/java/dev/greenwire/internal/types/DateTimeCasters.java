package dev.greenwire.internal.types;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;

/**
 * The default conversions of date and time types, from the server's ISO output
 * ({@code DateStyle = ISO}): {@code 2024-01-02}, {@code 03:04:05.123456},
 * {@code 2024-01-02 03:04:05.123456+05:30:15}, {@code 0044-03-15 BC}. {@code infinity} and
 * {@code -infinity} become the MAX and MIN constants of LocalDate, LocalDateTime and
 * OffsetDateTime; the time {@code 24:00:00} becomes {@link LocalTime#MAX}. Each returns null for null.
 */
final class DateTimeCasters {
    private DateTimeCasters() {
    }

    static Object date(String s) {
        if (s == null) {
            return null;
        }
        if (s.equals("infinity")) {
            return LocalDate.MAX;
        }
        if (s.equals("-infinity")) {
            return LocalDate.MIN;
        }
        boolean bc = s.endsWith(" BC");
        int end = bc ? s.length() - 3 : s.length();
        int[] pos = {0};
        LocalDate d = parseDate(s, pos, bc);
        if (pos[0] != end) {
            throw new IllegalArgumentException("invalid date");
        }
        return d;
    }

    static Object time(String s) {
        if (s == null) {
            return null;
        }
        int[] pos = {0};
        LocalTime t = parseTime(s, pos, true);
        if (pos[0] != s.length()) {
            throw new IllegalArgumentException("invalid time");
        }
        return t;
    }

    static Object timetz(String s) {
        if (s == null) {
            return null;
        }
        int[] pos = {0};
        LocalTime t = parseTime(s, pos, true);
        return OffsetTime.of(t, ZoneOffset.of(s.substring(pos[0])));
    }

    static Object timestamp(String s) {
        if (s == null) {
            return null;
        }
        if (s.equals("infinity")) {
            return LocalDateTime.MAX;
        }
        if (s.equals("-infinity")) {
            return LocalDateTime.MIN;
        }
        boolean bc = s.endsWith(" BC");
        int end = bc ? s.length() - 3 : s.length();
        int[] pos = {0};
        LocalDate d = parseDate(s, pos, bc);
        expect(s, pos, ' ');
        LocalTime t = parseTime(s, pos, false);
        if (pos[0] != end) {
            throw new IllegalArgumentException("invalid timestamp");
        }
        return LocalDateTime.of(d, t);
    }

    static Object timestamptz(String s) {
        if (s == null) {
            return null;
        }
        if (s.equals("infinity")) {
            return OffsetDateTime.MAX;
        }
        if (s.equals("-infinity")) {
            return OffsetDateTime.MIN;
        }
        boolean bc = s.endsWith(" BC");
        int end = bc ? s.length() - 3 : s.length();
        int[] pos = {0};
        LocalDate d = parseDate(s, pos, bc);
        expect(s, pos, ' ');
        LocalTime t = parseTime(s, pos, false);
        if (pos[0] >= end) {
            throw new IllegalArgumentException("timestamptz without offset");
        }
        return OffsetDateTime.of(d, t, ZoneOffset.of(s.substring(pos[0], end)));
    }

    /** {@code Y+-MM-DD}, the year a BC year when {@code bc}. */
    private static LocalDate parseDate(String s, int[] pos, boolean bc) {
        int y = digits(s, pos, 4, 9);
        expect(s, pos, '-');
        int m = digits(s, pos, 2, 2);
        expect(s, pos, '-');
        int d = digits(s, pos, 2, 2);
        return LocalDate.of(bc ? 1 - y : y, m, d);
    }

    /** {@code HH:MM:SS[.f]}; {@code 24:00:00} is {@link LocalTime#MAX} when allowed. */
    private static LocalTime parseTime(String s, int[] pos, boolean allow24) {
        int h = digits(s, pos, 2, 2);
        expect(s, pos, ':');
        int m = digits(s, pos, 2, 2);
        expect(s, pos, ':');
        int sec = digits(s, pos, 2, 2);
        int nanos = 0;
        if (pos[0] < s.length() && s.charAt(pos[0]) == '.') {
            pos[0]++;
            int start = pos[0];
            int scale = 100_000_000;
            while (pos[0] < s.length() && Character.isDigit(s.charAt(pos[0]))) {
                nanos += (s.charAt(pos[0]++) - '0') * scale;
                scale /= 10;
                if (scale == 0 && pos[0] < s.length() && Character.isDigit(s.charAt(pos[0]))) {
                    throw new IllegalArgumentException("too many fractional digits");
                }
            }
            if (pos[0] == start) {
                throw new IllegalArgumentException("empty fraction");
            }
        }
        if (h == 24 && allow24 && m == 0 && sec == 0 && nanos == 0) {
            return LocalTime.MAX;
        }
        return LocalTime.of(h, m, sec, nanos);
    }

    private static int digits(String s, int[] pos, int min, int max) {
        int start = pos[0];
        int v = 0;
        while (pos[0] < s.length() && pos[0] - start < max && s.charAt(pos[0]) >= '0' && s.charAt(pos[0]) <= '9') {
            v = v * 10 + (s.charAt(pos[0]++) - '0');
        }
        if (pos[0] - start < min) {
            throw new IllegalArgumentException("digits expected at index " + start);
        }
        return v;
    }

    private static void expect(String s, int[] pos, char c) {
        if (pos[0] >= s.length() || s.charAt(pos[0]) != c) {
            throw new IllegalArgumentException("'" + c + "' expected at index " + pos[0]);
        }
        pos[0]++;
    }
}
