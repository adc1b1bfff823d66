package dev.greenwire.internal.types;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals without name resolution: parsing the server's {@code inet}/{@code cidr}
 * text and writing addresses the way PostgreSQL does (IPv6 compressed as in RFC 5952).
 */
public final class Inets {
    private Inets() {
    }

    /**
     * Parses an IPv4 ({@code 1.2.3.4}) or IPv6 ({@code ::1}, {@code ::ffff:1.2.3.4}) literal.
     * IPv6 literals always give an {@link Inet6Address}, IPv4-mapped ones included.
     *
     * @param s the literal, no mask
     * @return the address
     * @throws IllegalArgumentException when {@code s} is not an IP literal
     */
    public static InetAddress parse(String s) {
        byte[] b = s.indexOf(':') >= 0 ? parse6(s) : parse4(s, 0, s.length());
        if (b == null) {
            throw new IllegalArgumentException("invalid IP address: '" + s + "'");
        }
        try {
            return b.length == 4 ? InetAddress.getByAddress(b) : Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IP address: '" + s + "'", e);
        }
    }

    private static byte[] parse4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int v = 0;
            while (i < to && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = v * 10 + (s.charAt(i++) - '0');
            }
            if (i == start || v > 255) {
                return null;
            }
            out[part++] = (byte) v;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    private static byte[] parse6(String s) {
        int[] groups = new int[8];
        int n = 0;
        int gap = -1;
        int i = 0;
        int len = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
        }
        while (i < len) {
            int start = i;
            int v = 0;
            while (i < len && i - start < 4 && Character.digit(s.charAt(i), 16) >= 0) {
                v = v * 16 + Character.digit(s.charAt(i++), 16);
            }
            if (i < len && s.charAt(i) == '.') {
                byte[] v4 = n <= 6 ? parse4(s, start, len) : null;
                if (v4 == null) {
                    return null;
                }
                groups[n++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                groups[n++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                i = len;
                break;
            }
            if (i == start || n == 8) {
                return null;
            }
            groups[n++] = v;
            if (i < len) {
                if (s.charAt(i) != ':') {
                    return null;
                }
                i++;
                if (i < len && s.charAt(i) == ':') {
                    if (gap >= 0) {
                        return null;
                    }
                    gap = n;
                    i++;
                } else if (i == len) {
                    return null;
                }
            }
        }
        if (gap >= 0) {
            if (n == 8) {
                return null;
            }
            int move = n - gap;
            System.arraycopy(groups, gap, groups, 8 - move, move);
            for (int k = gap; k < 8 - move; k++) {
                groups[k] = 0;
            }
        } else if (n != 8) {
            return null;
        }
        byte[] out = new byte[16];
        for (int k = 0; k < 8; k++) {
            out[2 * k] = (byte) (groups[k] >> 8);
            out[2 * k + 1] = (byte) groups[k];
        }
        return out;
    }

    /**
     * Writes an address as PostgreSQL does: dotted IPv4, or compressed IPv6 (the longest run of
     * two or more zero groups as {@code ::}, lower case, IPv4-mapped as {@code ::ffff:1.2.3.4});
     * never a scope id.
     *
     * @param a the address
     * @return the literal
     */
    public static String format(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address || b.length == 4) {
            return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
        }
        int[] g = new int[8];
        for (int k = 0; k < 8; k++) {
            g[k] = ((b[2 * k] & 0xFF) << 8) | (b[2 * k + 1] & 0xFF);
        }
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xFFFF) {
            return "::ffff:" + (b[12] & 0xFF) + "." + (b[13] & 0xFF) + "." + (b[14] & 0xFF) + "." + (b[15] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8;) {
            if (g[k] != 0) {
                k++;
                continue;
            }
            int start = k;
            while (k < 8 && g[k] == 0) {
                k++;
            }
            if (k - start > bestLen) {
                bestStart = start;
                bestLen = k - start;
            }
        }
        StringBuilder sb = new StringBuilder(40);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }
}
