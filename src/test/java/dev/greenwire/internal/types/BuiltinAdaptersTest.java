package dev.greenwire.internal.types;

import static dev.greenwire.internal.types.AdaptationTest.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.greenwire.DataException;
import dev.greenwire.cast.Cidr;
import dev.greenwire.cast.PgInterval;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BuiltinAdaptersTest {
    enum Color { RED, GREEN { } }

    @Test
    void booleansAndIntegers() {
        assertEquals("true", q(true));
        assertEquals("false", q(Boolean.FALSE));
        assertEquals("42", q(42));
        assertEquals(" -5", q(-5));
        assertEquals("0", q(0));
        assertEquals(" -128", q((byte) -128));
        assertEquals("32767", q((short) 32767));
        assertEquals("(-9223372036854775808)", q(Long.MIN_VALUE));
        assertEquals("(-2147483648)", q(Integer.MIN_VALUE));
        assertEquals("(-32768)", q(Short.MIN_VALUE));
        assertEquals(" -32767", q((short) -32767));
        assertEquals("123456789012345678901234567890", q(new BigInteger("123456789012345678901234567890")));
        assertEquals(" -1", q(BigInteger.ONE.negate()));
    }

    @Test
    void floatingPoint() {
        assertEquals("1.5", q(1.5));
        assertEquals(" -1.5", q(-1.5));
        assertEquals("0.1", q(0.1));
        assertEquals("1.0E-5", q(1e-5));
        assertEquals("1.7976931348623157E308", q(Double.MAX_VALUE));
        assertEquals("4.9E-324", q(Double.MIN_VALUE));
        assertEquals("'NaN'::float", q(Double.NaN));
        assertEquals("'Infinity'::float", q(Double.POSITIVE_INFINITY));
        assertEquals("'-Infinity'::float", q(Double.NEGATIVE_INFINITY));
        assertEquals("0.1", q(0.1f));
        assertEquals(" -3.4028235E38", q(-Float.MAX_VALUE));
        assertEquals("'NaN'::float", q(Float.NaN));
        assertEquals("'-Infinity'::float", q(Float.NEGATIVE_INFINITY));
        for (double d : new double[] {Math.PI, 1e300, 2.2250738585072014E-308, 123456.789e10}) {
            assertEquals(d, Double.parseDouble(q(d).trim()));
        }
    }

    @Test
    void decimals() {
        assertEquals("1.50", q(new BigDecimal("1.50")));
        assertEquals("1000", q(new BigDecimal("1E+3")));
        assertEquals("0.000001", q(new BigDecimal("1E-6")));
        assertEquals(" -2.5", q(new BigDecimal("-2.5")));
    }

    @Test
    void textAndEnums() {
        assertEquals("'abc'", q("abc"));
        assertEquals("'sb'", q(new StringBuilder("sb")));
        assertEquals("'c'", q('c'));
        assertEquals("''''", q('\''));
        assertEquals("'RED'", q(Color.RED));
        assertEquals("'GREEN'", q(Color.GREEN)); // constant with a body: an anonymous subclass
        assertThrows(DataException.class, () -> q('\0'));
    }

    @Test
    void bytes() {
        assertEquals("'\\x00ff10'::bytea", q(new byte[] {0, (byte) 255, 16}));
        ByteBuffer bb = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        bb.position(1).limit(3);
        assertEquals("'\\x0203'::bytea", q(bb));
        assertEquals(1, bb.position());
        ByteBuffer direct = ByteBuffer.allocateDirect(2).put((byte) 9).put((byte) 10).flip();
        assertEquals("'\\x090a'::bytea", q(direct));
    }

    @Test
    void uuidsAndNetworks() throws Exception {
        UUID u = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertEquals("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", q(u));
        assertEquals("'192.168.0.1'::inet", q(InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 0, 1})));
        assertEquals("'::1'::inet", q(InetAddress.getByName("::1")));
        assertEquals("'2001:db8::1:0:0:1'::inet", q(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
        assertEquals("'10.0.0.0/8'::cidr", q(Cidr.parse("10.0.0.0/8")));
        assertEquals("'1 year 2 mons'::interval", q(new PgInterval(14, 0, 0)));
    }

    @Test
    void dates() {
        assertEquals("'2024-01-02'::date", q(LocalDate.of(2024, 1, 2)));
        assertEquals("'0001-01-01'::date", q(LocalDate.of(1, 1, 1)));
        assertEquals("'0001-12-31 BC'::date", q(LocalDate.of(0, 12, 31)));
        assertEquals("'0044-03-15 BC'::date", q(LocalDate.of(-43, 3, 15)));
        assertEquals("'4714-11-24 BC'::date", q(LocalDate.of(-4713, 11, 24)));
        assertEquals("'12345-06-07'::date", q(LocalDate.of(12345, 6, 7)));
        assertEquals("'infinity'::date", q(LocalDate.MAX));
        assertEquals("'-infinity'::date", q(LocalDate.MIN));
    }

    @Test
    void times() {
        assertEquals("'03:04:05'::time", q(LocalTime.of(3, 4, 5)));
        assertEquals("'03:04:00'::time", q(LocalTime.of(3, 4)));
        assertEquals("'03:04:05.123456'::time", q(LocalTime.of(3, 4, 5, 123_456_000)));
        assertEquals("'03:04:05.5'::time", q(LocalTime.of(3, 4, 5, 500_000_000)));
        assertEquals("'23:59:59.999999999'::time", q(LocalTime.MAX));
        assertEquals("'03:04:05+01:00'::timetz", q(OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHours(1))));
        assertEquals("'03:04:05.25+00:00'::timetz", q(OffsetTime.of(3, 4, 5, 250_000_000, ZoneOffset.UTC)));
        assertEquals("'03:04:05+05:30:15'::timetz",
                q(OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHoursMinutesSeconds(5, 30, 15))));
    }

    @Test
    void timestamps() {
        assertEquals("'2024-01-02T03:04:05.123456'::timestamp", q(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000)));
        assertEquals("'2024-01-02T00:00:00'::timestamp", q(LocalDateTime.of(2024, 1, 2, 0, 0)));
        assertEquals("'0044-03-15 12:00:00 BC'::timestamp", q(LocalDateTime.of(-43, 3, 15, 12, 0)));
        assertEquals("'infinity'::timestamp", q(LocalDateTime.MAX));
        assertEquals("'-infinity'::timestamp", q(LocalDateTime.MIN));
        OffsetDateTime odt = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(-5));
        assertEquals("'2024-01-02T03:04:05-05:00'::timestamptz", q(odt));
        assertEquals("'2024-01-02T03:04:05+00:00'::timestamptz", q(odt.withOffsetSameLocal(ZoneOffset.UTC)));
        assertEquals("'0044-03-15 12:00:00+00:00 BC'::timestamptz",
                q(OffsetDateTime.of(-43, 3, 15, 12, 0, 0, 0, ZoneOffset.UTC)));
        assertEquals("'infinity'::timestamptz", q(OffsetDateTime.MAX));
        assertEquals("'-infinity'::timestamptz", q(OffsetDateTime.MIN));
        ZonedDateTime z = ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris"));
        assertEquals("'2024-07-01T12:00:00+02:00'::timestamptz", q(z));
        assertEquals("'2024-01-02T03:04:05.000001+00:00'::timestamptz", q(Instant.parse("2024-01-02T03:04:05.000001Z")));
        assertEquals("'infinity'::timestamptz", q(Instant.MAX));
        assertEquals("'-infinity'::timestamptz", q(Instant.MIN));
        assertThrows(DataException.class, () -> q(Instant.MAX.minusSeconds(1)));
    }

    @Test
    void durations() {
        assertEquals("'0:00:00'::interval", q(Duration.ZERO));
        assertEquals("'1:02:03'::interval", q(Duration.ofSeconds(3723)));
        assertEquals("'-1:02:03.5'::interval", q(Duration.ofSeconds(-3723, -500_000_000)));
        assertEquals("'-0:00:00.5'::interval", q(Duration.ofMillis(-500)));
        assertEquals("'48:00:00.000001'::interval", q(Duration.ofDays(2).plusNanos(1000)));
        assertEquals("'0:00:00.000000001'::interval", q(Duration.ofNanos(1)));
        assertThrows(DataException.class, () -> q(Duration.ofSeconds(Long.MIN_VALUE)));
    }

    @Test
    void arrays() {
        assertEquals("ARRAY[1,2,3]", q(List.of(1, 2, 3)));
        assertEquals("ARRAY[ -1, -2]", q(List.of(-1, -2)));
        assertEquals("ARRAY['a',NULL,'b''c']", q(Arrays.asList("a", null, "b'c")));
        assertEquals("'{}'", q(List.of()));
        assertEquals("'{}'", q(new int[0]));
        assertEquals("'{NULL,NULL}'", q(Arrays.asList(null, null)));
        assertEquals("ARRAY[ARRAY[1,2],ARRAY[3,4]]", q(List.of(List.of(1, 2), List.of(3, 4))));
        assertEquals("ARRAY[ARRAY[1,NULL],'{NULL,NULL}']", q(List.of(Arrays.asList(1, null), Arrays.asList(null, null))));
        assertEquals("'{{NULL},{NULL}}'", q(List.of(Arrays.asList((Object) null), Arrays.asList((Object) null))));
        assertEquals("ARRAY[1,2]", q(new int[] {1, 2}));
        assertEquals("ARRAY[1,2]", q(new long[] {1, 2}));
        assertEquals("ARRAY[1,2]", q(new short[] {1, 2}));
        assertEquals("ARRAY[1.5, -2.0]", q(new double[] {1.5, -2.0}));
        assertEquals("ARRAY[0.5]", q(new float[] {0.5f}));
        assertEquals("ARRAY[true,false]", q(new boolean[] {true, false}));
        assertEquals("ARRAY['a','b']", q(new char[] {'a', 'b'}));
        assertEquals("ARRAY['x',NULL]", q(new String[] {"x", null}));
        assertEquals("ARRAY[ARRAY[1,2],ARRAY[3,4]]", q(new int[][] {{1, 2}, {3, 4}}));
        assertEquals("ARRAY['\\x01'::bytea,'\\x02'::bytea]", q(List.of(new byte[] {1}, new byte[] {2})));
        assertEquals("ARRAY['2024-01-02'::date]", q(List.of(LocalDate.of(2024, 1, 2))));
        assertEquals("ARRAY[E'a\\\\b']",
                new String(Adaptation.quote(List.of("a\\b"), null, QuoteContext.of("UTF8", false)), StandardCharsets.UTF_8));
    }
}
