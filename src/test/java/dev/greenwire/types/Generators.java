package dev.greenwire.types;

import dev.greenwire.cast.Cidr;
import dev.greenwire.cast.PgInterval;
import dev.greenwire.extras.Range;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/** Seeded random values of each type, edge values first. */
final class Generators {
    /** Strings the generator mixes in: SQL and quoting metacharacters, encodings' edges. */
    static final List<String> STRING_EDGES = List.of("", " ", "'", "''", "\"", "\\", "\\\\", "\\'", "'\\", "$$", "$tag$",
            "--", "/*", "*/", "/* unterminated", "-- comment\nSELECT 2", "';--", "'; DROP TABLE x; --", "%s", "%%",
            "%(name)s", "?", "$1", "E'\\x41'", "\\x41", "U&'\\0041'", "\t\r\n", "\u0001\u001f\u007f",
            "NULL", "null", "{}", "{\"a\",NULL}", "()", ",", "é", "ÿ", "\u00a0", "€", "日本語", "\uD83D\uDE00",
            "\uD834\uDD1E", "a\uD83D\uDE00b'c\\d", "\uFFFD", "\u2028", "x".repeat(5000));

    private static final String ALPHABET_ASCII = "abcXYZ019 '\"\\$-/*;%(){},=>[]\t\n";
    private static final int[] WIDE = {0xe9, 0xff, 0xa0, 0x20ac, 0x65e5, 0x1f600, 0x1d11e, 0x10ffff, 0x80, 0x7ff, 0xffff - 2};

    private Generators() {
    }

    static String string(Random r) {
        if (r.nextInt(8) == 0) {
            return STRING_EDGES.get(r.nextInt(STRING_EDGES.size()));
        }
        int n = r.nextInt(4) == 0 ? r.nextInt(300) : r.nextInt(20);
        StringBuilder sb = new StringBuilder(n + 4);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(10);
            if (k < 6) {
                sb.append(ALPHABET_ASCII.charAt(r.nextInt(ALPHABET_ASCII.length())));
            } else if (k < 7) {
                sb.appendCodePoint(0x20 + r.nextInt(0x5f));
            } else if (k < 8) {
                sb.appendCodePoint(0xa0 + r.nextInt(0x60)); // LATIN1's upper half
            } else if (k < 9) {
                sb.appendCodePoint(WIDE[r.nextInt(WIDE.length)]);
            } else {
                int cp;
                do {
                    cp = 1 + r.nextInt(0x10fffe);
                } while (cp >= 0xd800 && cp <= 0xdfff);
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    static Boolean bool(Random r) {
        return r.nextBoolean();
    }

    static Short int2(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Short.MIN_VALUE;
            case 1 -> Short.MAX_VALUE;
            case 2 -> (short) 0;
            case 3 -> (short) -1;
            default -> (short) r.nextInt();
        };
    }

    static Integer int4(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Integer.MIN_VALUE;
            case 1 -> Integer.MAX_VALUE;
            case 2 -> 0;
            case 3 -> -r.nextInt(100);
            default -> r.nextInt();
        };
    }

    static Long int8(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> 0L;
            case 3 -> -1L;
            default -> r.nextLong() >> r.nextInt(64);
        };
    }

    static Float float4(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> Float.NaN;
            case 1 -> r.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            case 2 -> r.nextBoolean() ? Float.MAX_VALUE : -Float.MIN_VALUE;
            case 3 -> r.nextBoolean() ? -0.0f : Float.MIN_NORMAL;
            case 4 -> (float) r.nextInt(1000) / 8;
            default -> {
                float f;
                do {
                    f = Float.intBitsToFloat(r.nextInt());
                } while (Float.isNaN(f));
                yield f;
            }
        };
    }

    static Double float8(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> r.nextBoolean() ? Double.MAX_VALUE : -Double.MIN_VALUE;
            case 3 -> r.nextBoolean() ? -0.0 : 0.1 + 0.2;
            case 4 -> r.nextGaussian();
            default -> {
                double d;
                do {
                    d = Double.longBitsToDouble(r.nextLong());
                } while (Double.isNaN(d));
                yield d;
            }
        };
    }

    static BigDecimal numeric(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> BigDecimal.ZERO;
            case 1 -> new BigDecimal("0.000");
            case 2 -> new BigDecimal("-1E-300");
            case 3 -> new BigDecimal(BigInteger.TEN.pow(1000)).negate();
            default -> new BigDecimal(new BigInteger(1 + r.nextInt(130), r), r.nextInt(40) - 8)
                    .multiply(r.nextBoolean() ? BigDecimal.ONE : BigDecimal.ONE.negate());
        };
    }

    static byte[] bytea(Random r) {
        byte[] b = new byte[r.nextInt(5) == 0 ? r.nextInt(2000) : r.nextInt(12)];
        r.nextBytes(b);
        return b;
    }

    private static final long MIN_DATE_DAY = LocalDate.of(-4712, 1, 1).toEpochDay();
    private static final long MAX_DATE_DAY = LocalDate.of(5874897, 12, 31).toEpochDay();
    private static final long MAX_TS_DAY = LocalDate.of(294276, 12, 30).toEpochDay();

    static LocalDate date(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> LocalDate.MAX;
            case 1 -> LocalDate.MIN;
            case 2 -> LocalDate.of(0, 2, 29); // 1 BC, a leap year
            case 3 -> LocalDate.of(5874897, 12, 31);
            case 4 -> LocalDate.of(1, 1, 1);
            default -> LocalDate.ofEpochDay(MIN_DATE_DAY + (long) (r.nextDouble() * (r.nextBoolean()
                    ? MAX_DATE_DAY - MIN_DATE_DAY : 800_000)));
        };
    }

    static LocalTime time(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> LocalTime.MIDNIGHT;
            case 1 -> LocalTime.MAX; // rounds to 24:00:00, which reads back as MAX
            case 2 -> LocalTime.of(23, 59, 59, 999_999_000);
            default -> LocalTime.ofNanoOfDay(r.nextLong(86_400_000_000L) * 1000);
        };
    }

    static ZoneOffset offset(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> ZoneOffset.UTC;
            case 1 -> ZoneOffset.ofHoursMinutes(5, 30);
            case 2 -> ZoneOffset.ofHoursMinutesSeconds(-15, -59, -59);
            default -> ZoneOffset.ofTotalSeconds(r.nextInt(2 * 57599 + 1) - 57599);
        };
    }

    static OffsetTime timetz(Random r) {
        return OffsetTime.of(time(r).equals(LocalTime.MAX) ? LocalTime.NOON : time(r), offset(r));
    }

    static LocalDateTime timestamp(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> LocalDateTime.MAX;
            case 1 -> LocalDateTime.MIN;
            case 2 -> LocalDateTime.of(-4712, 1, 1, 0, 0);
            case 3 -> LocalDateTime.of(294276, 12, 30, 23, 59, 59, 999_999_000);
            case 4 -> LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000);
            default -> LocalDateTime.of(LocalDate.ofEpochDay(MIN_DATE_DAY + (long) (r.nextDouble()
                    * (r.nextBoolean() ? MAX_TS_DAY - MIN_DATE_DAY : 800_000))), time(r).truncatedTo(ChronoUnit.MICROS))
                    .withNano(r.nextInt(1_000_000) * 1000);
        };
    }

    static OffsetDateTime timestamptz(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> OffsetDateTime.MAX;
            case 1 -> OffsetDateTime.MIN;
            default -> {
                LocalDateTime t = timestamp(r);
                if (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN) || t.getYear() > 294275
                        || t.getYear() < -4711) {
                    t = LocalDateTime.of(2024, 2, 29, 12, 0);
                }
                yield OffsetDateTime.of(t, offset(r));
            }
        };
    }

    static PgInterval interval(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> PgInterval.ZERO;
            case 1 -> new PgInterval(-1, 2, -3_000_001);
            case 2 -> new PgInterval(0, 0, 1);
            case 3 -> new PgInterval(12 * 178_000_000, 0, 0);
            default -> new PgInterval(r.nextInt(200_001) - 100_000, r.nextInt(200_001) - 100_000,
                    (r.nextLong() >> 14) / (r.nextBoolean() ? 1 : 1_000_000));
        };
    }

    static UUID uuid(Random r) {
        return new UUID(r.nextLong(), r.nextLong());
    }

    static InetAddress inet(Random r) {
        byte[] b = new byte[r.nextBoolean() ? 4 : 16];
        r.nextBytes(b);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Cidr cidr(Random r) {
        InetAddress a = inet(r);
        byte[] b = a.getAddress();
        int prefix = r.nextInt(b.length * 8 + 1);
        for (int bit = prefix; bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return new Cidr(InetAddress.getByAddress(b), prefix);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** JSON text with its own spacing, which {@code json} keeps. */
    static String json(Random r) {
        StringBuilder sb = new StringBuilder();
        json(r, sb, 0);
        return sb.toString();
    }

    private static void json(Random r, StringBuilder sb, int depth) {
        int k = r.nextInt(depth > 2 ? 4 : 6);
        switch (k) {
            case 0 -> sb.append(r.nextInt(3) == 0 ? "null" : r.nextBoolean() ? "true" : "false");
            case 1 -> sb.append(r.nextInt()).append(r.nextBoolean() ? ".5e-3" : "");
            case 2, 3 -> {
                sb.append('"');
                String s = string(r);
                s.codePoints().forEach(cp -> {
                    if (cp == '"' || cp == '\\') {
                        sb.append('\\').appendCodePoint(cp);
                    } else if (cp < 0x20) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                });
                sb.append('"');
            }
            case 4 -> {
                sb.append('[');
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? ", " : "");
                    json(r, sb, depth + 1);
                }
                sb.append(']');
            }
            default -> {
                sb.append("{ ");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? ",\n" : "").append("\"k").append(i).append("\" :");
                    json(r, sb, depth + 1);
                }
                sb.append('}');
            }
        }
    }

    /** A rectangular array of 1 to 3 dimensions, NULL elements mixed in. */
    static <T> List<Object> array(Random r, Function<Random, T> element) {
        int dims = 1 + (r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0);
        int[] sizes = new int[dims];
        for (int d = 0; d < dims; d++) {
            sizes[d] = (dims == 1 && r.nextInt(10) == 0) ? 0 : 1 + r.nextInt(4);
        }
        return array(r, element, sizes, 0);
    }

    private static <T> List<Object> array(Random r, Function<Random, T> element, int[] sizes, int d) {
        List<Object> l = new ArrayList<>(sizes[d]);
        for (int i = 0; i < sizes[d]; i++) {
            if (d + 1 < sizes.length) {
                l.add(array(r, element, sizes, d + 1));
            } else {
                l.add(r.nextInt(6) == 0 ? null : element.apply(r));
            }
        }
        return l;
    }

    static Map<String, String> hstore(Random r) {
        Map<String, String> m = new LinkedHashMap<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            m.put(string(r), r.nextInt(5) == 0 ? null : string(r));
        }
        return m;
    }

    /** A range over {@code bound}; discrete ranges in the canonical {@code [)} form the server returns. */
    static <T extends Comparable<T>> Range<T> range(Random r, Function<Random, T> bound, boolean discrete) {
        if (r.nextInt(12) == 0) {
            return Range.empty();
        }
        T a = r.nextInt(8) == 0 ? null : bound.apply(r);
        T b = r.nextInt(8) == 0 ? null : bound.apply(r);
        if (a != null && b != null) {
            int c = a.compareTo(b);
            if (c > 0) {
                T t = a;
                a = b;
                b = t;
            } else if (c == 0) {
                return discrete ? Range.empty() : Range.of(a, b, "[]");
            }
        }
        if (discrete) {
            return Range.of(a, b, "[)");
        }
        String bounds = (r.nextBoolean() ? "[" : "(") + (r.nextBoolean() ? "]" : ")");
        return Range.of(a, b, bounds);
    }
}
