package dev.greenwire.internal.types;

import dev.greenwire.cast.Cidr;
import java.math.BigDecimal;
import java.net.Inet4Address;
import java.util.UUID;

/** The default conversions of non-temporal built-in types; each returns null for null. */
final class BasicCasters {
    private BasicCasters() {
    }

    static Object bool(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "t", "true" -> Boolean.TRUE;
            case "f", "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("invalid boolean");
        };
    }

    static Object int2(String s) {
        return s == null ? null : Short.valueOf(s);
    }

    static Object int4(String s) {
        return s == null ? null : Integer.valueOf(s);
    }

    static Object int8(String s) {
        return s == null ? null : Long.valueOf(s);
    }

    static Object float4(String s) {
        return s == null ? null : Float.valueOf(s);
    }

    static Object float8(String s) {
        return s == null ? null : Double.valueOf(s);
    }

    /** BigDecimal with the server's scale; NaN and the infinities as Double (BigDecimal has none). */
    static Object numeric(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> new BigDecimal(s);
        };
    }

    /** Both {@code bytea_output} formats: {@code \x0102} (hex) and the older escape format. */
    static Object bytea(String s) {
        if (s == null) {
            return null;
        }
        if (s.startsWith("\\x")) {
            int n = s.length() - 2;
            if (n % 2 != 0) {
                throw new IllegalArgumentException("odd number of hex digits");
            }
            byte[] out = new byte[n / 2];
            for (int k = 0; k < out.length; k++) {
                int hi = Character.digit(s.charAt(2 + 2 * k), 16);
                int lo = Character.digit(s.charAt(3 + 2 * k), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid hex digit");
                }
                out[k] = (byte) (hi << 4 | lo);
            }
            return out;
        }
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int k = 0; k < s.length();) {
            char c = s.charAt(k);
            if (c != '\\') {
                if (c > 0xFF) {
                    throw new IllegalArgumentException("invalid character in escaped bytea");
                }
                out[n++] = (byte) c;
                k++;
            } else if (k + 1 < s.length() && s.charAt(k + 1) == '\\') {
                out[n++] = '\\';
                k += 2;
            } else if (k + 3 < s.length() && octal(s.charAt(k + 1)) <= 3 && octal(s.charAt(k + 2)) < 8
                    && octal(s.charAt(k + 3)) < 8) {
                out[n++] = (byte) (octal(s.charAt(k + 1)) << 6 | octal(s.charAt(k + 2)) << 3 | octal(s.charAt(k + 3)));
                k += 4;
            } else {
                throw new IllegalArgumentException("invalid escape in bytea");
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static int octal(char c) {
        return c >= '0' && c <= '7' ? c - '0' : 99;
    }

    static Object uuid(String s) {
        return s == null ? null : UUID.fromString(s);
    }

    /** A host address (no mask, or /32, /128) as InetAddress; an address with a netmask as Cidr. */
    static Object inet(String s) {
        if (s == null) {
            return null;
        }
        Cidr c = Cidr.parse(s);
        int full = c.address() instanceof Inet4Address ? 32 : 128;
        return c.prefix() == full ? c.address() : c;
    }

    static Object cidr(String s) {
        return s == null ? null : Cidr.parse(s);
    }
}
