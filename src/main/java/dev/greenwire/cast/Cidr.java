package dev.greenwire.cast;

import dev.greenwire.internal.types.Inets;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP network, {@code address/prefix}: what a {@code cidr} value (and an {@code inet} value
 * with a netmask narrower than a single host) is read as.
 *
 * @param address the address (for {@code cidr}, the network address; for {@code inet}, the host)
 * @param prefix the netmask length, 0–32 for IPv4, 0–128 for IPv6
 */
public record Cidr(InetAddress address, int prefix) {
    /**
     * @param address the address
     * @param prefix the netmask length
     * @throws IllegalArgumentException when the prefix is out of range for the address family
     */
    public Cidr {
        Objects.requireNonNull(address, "address");
        int max = maxPrefix(address);
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("invalid prefix /" + prefix + " for " + Inets.format(address));
        }
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code 2001:db8::/32}; without {@code /n} the prefix is the full
     * address length. No name resolution is done.
     *
     * @param text the network
     * @return the parsed value
     * @throws IllegalArgumentException for anything else
     */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        InetAddress a = Inets.parse(slash < 0 ? s : s.substring(0, slash));
        if (slash < 0) {
            return new Cidr(a, maxPrefix(a));
        }
        String p = s.substring(slash + 1);
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid network: '" + text + "'");
        }
        return new Cidr(a, Integer.parseInt(p));
    }

    private static int maxPrefix(InetAddress a) {
        return a instanceof Inet4Address ? 32 : 128;
    }

    /** @return {@code address/prefix} as PostgreSQL writes it, e.g. {@code 10.0.0.0/8} */
    @Override
    public String toString() {
        return Inets.format(address) + "/" + prefix;
    }
}
