package dev.greenwire.internal.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.cast.Cidr;
import dev.greenwire.cast.Oid;
import dev.greenwire.cast.PgInterval;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PgInterval, Cidr, Oid and the IP literal helpers. */
class CastValuesTest {
    private static final long S = 1_000_000L;

    @Test
    void intervalParsesPostgresStyle() {
        assertEquals(new PgInterval(14, 3, (4 * 3600 + 5 * 60 + 6) * S + 789_000), PgInterval.parse("1 year 2 mons 3 days 04:05:06.789"));
        assertEquals(new PgInterval(0, -1, (2 * 3600 + 3 * 60) * S), PgInterval.parse("-1 days +02:03:00"));
        assertEquals(PgInterval.ZERO, PgInterval.parse("00:00:00"));
        assertEquals(new PgInterval(0, 0, -1_500_000), PgInterval.parse("-00:00:01.5"));
        assertEquals(new PgInterval(-14, 0, 0), PgInterval.parse("-1 years -2 mons"));
        assertEquals(new PgInterval(1, 1, 0), PgInterval.parse("1 mon 1 day"));
        assertEquals(new PgInterval(0, 0, 100L * 3600 * S), PgInterval.parse("100:00:00"));
        assertEquals(new PgInterval(0, 0, Long.MAX_VALUE), PgInterval.parse("2562047788:00:54.775807"));
        assertEquals(new PgInterval(0, 0, Long.MIN_VALUE), PgInterval.parse("-2562047788:00:54.775808"));
        assertEquals(new PgInterval(0, 0, 1), PgInterval.parse("00:00:00.000001"));
        assertEquals(new PgInterval(0, 0, 2), PgInterval.parse("00:00:00.0000015"));
    }

    @Test
    void intervalParsesVerboseStyle() {
        assertEquals(new PgInterval(-14, -3, -((4 * 3600 + 5 * 60) * S + 6_500_000)),
                PgInterval.parse("@ 1 year 2 mons 3 days 4 hours 5 mins 6.5 secs ago"));
        assertEquals(PgInterval.ZERO, PgInterval.parse("@ 0"));
        assertEquals(new PgInterval(0, 0, -S / 2), PgInterval.parse("@ -0.5 secs"));
    }

    @Test
    void intervalRejectsGarbage() {
        for (String bad : new String[] {"", "1 2 3 4", "1 fortnight", "P1X", "1:2:3", "01:02:x", "1 year 2", "99999999999 days"}) {
            assertThrows(IllegalArgumentException.class, () -> PgInterval.parse(bad), bad);
        }
    }

    @Test
    void intervalToStringIsTheServersOutput() {
        for (String s : new String[] {"1 year 2 mons 3 days 04:05:06.789", "-1 days +02:03:00", "00:00:00", "-00:00:01.5",
            "-1 years -2 mons", "1 mon 1 day", "1 day -00:00:01", "3 days", "-1 mons +1 day -01:00:00", "1 year",
            "2 years 1 mon", "+1 day", "100:00:00.000001", "2562047788:00:54.775807", "-2562047788:00:54.775808"}) {
            String expected = s.equals("+1 day") ? "1 day" : s;
            assertEquals(expected, PgInterval.parse(s).toString());
        }
        assertEquals("-1 years -2 mons -3 days", new PgInterval(-14, -3, 0).toString());
        assertEquals("1 mon -1 days", new PgInterval(1, -1, 0).toString());
        assertEquals("-1 mons +1 day", new PgInterval(-1, 1, 0).toString());
    }

    @Test
    void intervalRandomRoundTrip() {
        Random rnd = new Random(5L);
        for (int i = 0; i < 5000; i++) {
            PgInterval iv = new PgInterval(rnd.nextInt(2001) - 1000, rnd.nextInt(2001) - 1000,
                    rnd.nextBoolean() ? rnd.nextLong() : rnd.nextLong() % 100_000_000_000L);
            assertEquals(iv, PgInterval.parse(iv.toString()), iv.toString());
        }
    }

    @Test
    void intervalToDuration() {
        assertEquals(Duration.ofDays(3).plusSeconds(1).plusNanos(500_000_000), new PgInterval(0, 3, 1_500_000).toDuration());
        assertEquals(Duration.ofDays(-1).plusHours(2), PgInterval.parse("-1 days +02:00:00").toDuration());
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> new PgInterval(1, 0, 0).toDuration());
        assertTrue(e.getMessage().contains("month"), e.getMessage());
        assertEquals(new PgInterval(0, 0, 90 * S + 1), PgInterval.of(Duration.ofSeconds(90, 1999)));
        assertEquals(new PgInterval(0, 0, -2), PgInterval.of(Duration.ofNanos(-1500)));
        assertThrows(ArithmeticException.class, () -> PgInterval.of(Duration.ofSeconds(Long.MAX_VALUE)));
    }

    @Test
    void cidr() throws Exception {
        Cidr c = Cidr.parse("10.0.0.0/8");
        assertEquals(InetAddress.getByAddress(new byte[] {10, 0, 0, 0}), c.address());
        assertEquals(8, c.prefix());
        assertEquals("10.0.0.0/8", c.toString());
        assertEquals(32, Cidr.parse("1.2.3.4").prefix());
        assertEquals(128, Cidr.parse("::").prefix());
        assertEquals("2001:db8::/32", Cidr.parse("2001:DB8::/32").toString());
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse(" 10.0.0.0/8 "));
        assertNotEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.0.0.0/9"));
        for (String bad : new String[] {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "10.0.0/8", "host.example/8", "1.2.3.4/-1"}) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
        }
    }

    @Test
    void ipLiterals() throws Exception {
        assertInstanceOf(Inet4Address.class, Inets.parse("127.0.0.1"));
        assertInstanceOf(Inet6Address.class, Inets.parse("::ffff:127.0.0.1"));
        String[][] cases = {
            {"::", "::"}, {"::1", "::1"}, {"1::", "1::"}, {"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"},
            {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"}, {"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
            {"fe80::1:2", "fe80::1:2"}, {"1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"}, {"::ffff:1.2.3.4", "::ffff:1.2.3.4"},
            {"::1.2.3.4", "::102:304"}, {"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"}, {"0.0.0.0", "0.0.0.0"},
            {"255.255.255.255", "255.255.255.255"},
        };
        for (String[] c : cases) {
            InetAddress a = Inets.parse(c[0]);
            assertEquals(c[0].indexOf(':') >= 0 ? 16 : 4, a.getAddress().length, c[0]);
            if (!c[0].startsWith("::ffff:")) { // Java turns IPv4-mapped literals into Inet4Address
                assertTrue(java.util.Arrays.equals(InetAddress.getByName(c[0]).getAddress(), a.getAddress()), c[0]);
            }
            assertEquals(c[1], Inets.format(a), c[0]);
        }
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", ":1", "1:", "1:::2", "1::2::3",
            "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "12345::", "g::", "::1.2.3", "localhost", "1.2.3.4 "}) {
            assertThrows(IllegalArgumentException.class, () -> Inets.parse(bad), bad);
        }
        Inet6Address scoped = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);
        assertEquals("fe80::1", Inets.format(scoped));
    }

    @Test
    void oids() {
        assertEquals(16, Oid.BOOL);
        assertEquals(1700, Oid.NUMERIC);
        assertEquals(3807, Oid._JSONB);
        assertEquals(651, Oid._CIDR);
        assertEquals("int4", Oid.name(Oid.INT4));
        assertEquals("_int4", Oid.name(1007));
        assertEquals("timestamptz", Oid.name(1184));
        assertEquals("_money", Oid.name(791));
        assertNull(Oid.name(123_456));
    }
}
