package dev.greenwire.internal.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.DataException;
import dev.greenwire.InterfaceException;
import dev.greenwire.cast.Cidr;
import dev.greenwire.cast.Oid;
import dev.greenwire.cast.PgInterval;
import dev.greenwire.cast.TypeCaster;
import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CastersTest {
    static Object cast(int oid, String value) {
        return Casters.castOrThrow(Casters.lookup(oid, null, null), value, null, "col");
    }

    @Test
    void scalars() {
        assertEquals(Boolean.TRUE, cast(Oid.BOOL, "t"));
        assertEquals(Boolean.FALSE, cast(Oid.BOOL, "f"));
        assertEquals((short) -32768, cast(Oid.INT2, "-32768"));
        assertEquals(2147483647, cast(Oid.INT4, "2147483647"));
        assertEquals(-9223372036854775808L, cast(Oid.INT8, "-9223372036854775808"));
        assertEquals(4294967295L, cast(Oid.OID, "4294967295"));
        assertEquals(1.5f, cast(Oid.FLOAT4, "1.5"));
        assertEquals(Float.NaN, cast(Oid.FLOAT4, "NaN"));
        assertEquals(-Float.MAX_VALUE, cast(Oid.FLOAT4, "-3.4028235e+38"));
        assertEquals(0.1, cast(Oid.FLOAT8, "0.1"));
        assertEquals(Double.NaN, cast(Oid.FLOAT8, "NaN"));
        assertEquals(Double.POSITIVE_INFINITY, cast(Oid.FLOAT8, "Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, cast(Oid.FLOAT8, "-Infinity"));
        assertEquals(1e-320, cast(Oid.FLOAT8, "1e-320"));
        assertEquals(new BigDecimal("1.50"), cast(Oid.NUMERIC, "1.50"));
        assertEquals(2, ((BigDecimal) cast(Oid.NUMERIC, "1.50")).scale());
        assertEquals(new BigDecimal("-12345678901234567890.000000000001"), cast(Oid.NUMERIC, "-12345678901234567890.000000000001"));
        assertEquals(Double.NaN, cast(Oid.NUMERIC, "NaN"));
        assertEquals(Double.POSITIVE_INFINITY, cast(Oid.NUMERIC, "Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, cast(Oid.NUMERIC, "-Infinity"));
        for (int oid : new int[] {Oid.TEXT, Oid.VARCHAR, Oid.BPCHAR, Oid.NAME, Oid.CHAR, Oid.UNKNOWN, Oid.XML, Oid.JSON,
            Oid.JSONB, Oid.MONEY, Oid.REGPROC, Oid.REGCLASS, Oid.REGTYPE, Oid.BIT, Oid.VARBIT, Oid.MACADDR, 999_999}) {
            assertEquals("some text ", cast(oid, "some text "));
        }
        assertEquals("$1,000.00", cast(Oid.MONEY, "$1,000.00"));
        assertEquals(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), cast(Oid.UUID, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        assertEquals(new PgInterval(14, 3, 14_706_789_000L), cast(Oid.INTERVAL, "1 year 2 mons 3 days 04:05:06.789"));
        for (int oid : new int[] {Oid.BOOL, Oid.INT4, Oid.NUMERIC, Oid.BYTEA, Oid.DATE, Oid.TIMESTAMPTZ, Oid.TEXT, Oid._INT4, 1}) {
            assertNull(cast(oid, null));
        }
    }

    @Test
    void bytea() {
        assertArrayEquals(new byte[] {1, 2, (byte) 0xFF}, (byte[]) cast(Oid.BYTEA, "\\x0102ff"));
        assertArrayEquals(new byte[] {(byte) 0xAB}, (byte[]) cast(Oid.BYTEA, "\\xAB"));
        assertArrayEquals(new byte[0], (byte[]) cast(Oid.BYTEA, "\\x"));
        assertArrayEquals(new byte[] {'a', '\\', 0, (byte) 0377, 'z'}, (byte[]) cast(Oid.BYTEA, "a\\\\\\000\\377z"));
        assertArrayEquals(new byte[0], (byte[]) cast(Oid.BYTEA, ""));
        assertThrows(DataException.class, () -> cast(Oid.BYTEA, "\\x012"));
        assertThrows(DataException.class, () -> cast(Oid.BYTEA, "\\xzz"));
        assertThrows(DataException.class, () -> cast(Oid.BYTEA, "a\\9"));
    }

    @Test
    void networks() throws Exception {
        assertEquals(InetAddress.getByAddress(new byte[] {1, 2, 3, 4}), cast(Oid.INET, "1.2.3.4"));
        assertEquals(InetAddress.getByAddress(new byte[] {1, 2, 3, 4}), cast(Oid.INET, "1.2.3.4/32"));
        assertEquals(new Cidr(InetAddress.getByAddress(new byte[] {1, 2, 3, 4}), 24), cast(Oid.INET, "1.2.3.4/24"));
        assertEquals(InetAddress.getByName("::1"), cast(Oid.INET, "::1"));
        assertEquals(InetAddress.getByName("::1"), cast(Oid.INET, "::1/128"));
        assertEquals(new Cidr(InetAddress.getByName("2001:db8::"), 32), cast(Oid.INET, "2001:db8::/32"));
        Object mapped = cast(Oid.INET, "::ffff:1.2.3.4");
        assertInstanceOf(Inet6Address.class, mapped);
        assertEquals(new Cidr(InetAddress.getByAddress(new byte[] {10, 0, 0, 0}), 8), cast(Oid.CIDR, "10.0.0.0/8"));
        assertThrows(DataException.class, () -> cast(Oid.INET, "example.com"));
        assertThrows(DataException.class, () -> cast(Oid.INET, "1.2.3.4/33"));
    }

    @Test
    void dates() {
        assertEquals(LocalDate.of(2024, 1, 2), cast(Oid.DATE, "2024-01-02"));
        assertEquals(LocalDate.of(-43, 3, 15), cast(Oid.DATE, "0044-03-15 BC"));
        assertEquals(LocalDate.of(0, 12, 31), cast(Oid.DATE, "0001-12-31 BC"));
        assertEquals(LocalDate.of(12345, 6, 7), cast(Oid.DATE, "12345-06-07"));
        assertEquals(LocalDate.MAX, cast(Oid.DATE, "infinity"));
        assertEquals(LocalDate.MIN, cast(Oid.DATE, "-infinity"));
        assertThrows(DataException.class, () -> cast(Oid.DATE, "01/02/2024"));
        assertThrows(DataException.class, () -> cast(Oid.DATE, "2024-02-30"));
    }

    @Test
    void times() {
        assertEquals(LocalTime.of(3, 4, 5), cast(Oid.TIME, "03:04:05"));
        assertEquals(LocalTime.of(3, 4, 5, 123_456_000), cast(Oid.TIME, "03:04:05.123456"));
        assertEquals(LocalTime.of(3, 4, 5, 500_000_000), cast(Oid.TIME, "03:04:05.5"));
        assertEquals(LocalTime.MAX, cast(Oid.TIME, "24:00:00"));
        assertEquals(OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHours(1)), cast(Oid.TIMETZ, "03:04:05+01"));
        assertEquals(OffsetTime.of(3, 4, 5, 500_000_000, ZoneOffset.ofHoursMinutes(-5, -30)), cast(Oid.TIMETZ, "03:04:05.5-05:30"));
        assertEquals(OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHoursMinutesSeconds(5, 30, 15)), cast(Oid.TIMETZ, "03:04:05+05:30:15"));
        assertThrows(DataException.class, () -> cast(Oid.TIME, "3:04"));
    }

    @Test
    void timestamps() {
        assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000), cast(Oid.TIMESTAMP, "2024-01-02 03:04:05.123456"));
        assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5), cast(Oid.TIMESTAMP, "2024-01-02 03:04:05"));
        assertEquals(LocalDateTime.of(-43, 3, 15, 12, 0), cast(Oid.TIMESTAMP, "0044-03-15 12:00:00 BC"));
        assertEquals(LocalDateTime.MAX, cast(Oid.TIMESTAMP, "infinity"));
        assertEquals(LocalDateTime.MIN, cast(Oid.TIMESTAMP, "-infinity"));
        assertEquals(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.ofHours(1)),
                cast(Oid.TIMESTAMPTZ, "2024-01-02 03:04:05.123456+01"));
        assertEquals(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutes(5, 30)),
                cast(Oid.TIMESTAMPTZ, "2024-01-02 03:04:05+05:30"));
        assertEquals(OffsetDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(0, -9, -21)),
                cast(Oid.TIMESTAMPTZ, "1900-01-01 00:00:00-00:09:21"));
        assertEquals(OffsetDateTime.of(-43, 3, 15, 11, 53, 28, 0, ZoneOffset.ofHoursMinutesSeconds(0, 53, 28)),
                cast(Oid.TIMESTAMPTZ, "0044-03-15 11:53:28+00:53:28 BC"));
        assertEquals(OffsetDateTime.MAX, cast(Oid.TIMESTAMPTZ, "infinity"));
        assertEquals(OffsetDateTime.MIN, cast(Oid.TIMESTAMPTZ, "-infinity"));
        assertThrows(DataException.class, () -> cast(Oid.TIMESTAMPTZ, "2024-01-02 03:04:05"));
        assertThrows(DataException.class, () -> cast(Oid.TIMESTAMP, "2024-01-02T03:04:05x"));
    }

    @Test
    void arrays() {
        assertEquals(List.of(1, 2, 3), cast(Oid._INT4, "{1,2,3}"));
        assertEquals(Arrays.asList(1L, null), cast(Oid._INT8, "{1,NULL}"));
        assertEquals(List.of(List.of(true, false), List.of(false, true)), cast(Oid._BOOL, "{{t,f},{f,t}}"));
        assertEquals(Arrays.asList("a b", "NULL", null, "x\"y"), cast(Oid._TEXT, "{\"a b\",\"NULL\",NULL,\"x\\\"y\"}"));
        assertEquals(List.of(new BigDecimal("1.10")), cast(Oid._NUMERIC, "{1.10}"));
        assertEquals(List.of(LocalDate.of(2024, 1, 2)), cast(Oid._DATE, "{2024-01-02}"));
        assertEquals(List.of(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC)),
                cast(Oid._TIMESTAMPTZ, "{\"2024-01-02 03:04:05+00\"}"));
        List<?> bytes = (List<?>) cast(Oid._BYTEA, "{\"\\\\x0102\",NULL}");
        assertArrayEquals(new byte[] {1, 2}, (byte[]) bytes.get(0));
        assertNull(bytes.get(1));
        assertEquals(List.of("(2,2),(1,1)", "(1,1),(0,0)"), cast(Oid._BOX, "{(2,2),(1,1);(1,1),(0,0)}"));
        assertEquals(List.of(new PgInterval(0, 1, 0)), cast(Oid._INTERVAL, "{\"1 day\"}"));
        assertEquals(List.of(), cast(Oid._UUID, "{}"));
        for (int oid : new int[] {Oid._INT2, Oid._FLOAT4, Oid._FLOAT8, Oid._OID, Oid._TIME, Oid._TIMETZ, Oid._TIMESTAMP,
            Oid._INET, Oid._CIDR, Oid._VARCHAR, Oid._JSON, Oid._JSONB, Oid._MONEY, Oid._CHAR, Oid._NAME, Oid._BPCHAR}) {
            assertEquals(Arrays.asList((Object) null), cast(oid, "{NULL}"), Oid.name(oid));
        }
    }

    @Test
    void registryLookupOrder() {
        TypeCaster global = Casters.newType(new int[] {Oid.INT4, 777_777}, "GLOBAL", (v, c) -> "g" + v);
        TypeCaster conn = Casters.newType(new int[] {Oid.INT4}, "CONN", (v, c) -> "c" + v);
        TypeCaster cur = Casters.newType(new int[] {Oid.INT4}, "CUR", (v, c) -> "k" + v);
        try {
            assertEquals("INTEGER", Casters.lookup(Oid.INT4, null, null).name());
            assertSame(Casters.STRING, Casters.lookup(777_777, null, null));
            Casters.registerGlobal(global);
            assertSame(global, Casters.lookup(Oid.INT4, null, null));
            assertSame(global, Casters.lookup(777_777, Map.of(), Map.of()));
            assertSame(conn, Casters.lookup(Oid.INT4, null, Map.of(Oid.INT4, conn)));
            assertSame(cur, Casters.lookup(Oid.INT4, Map.of(Oid.INT4, cur), Map.of(Oid.INT4, conn)));
            assertSame(conn, Casters.lookup(Oid.INT4, Map.of(Oid.TEXT, cur), Map.of(Oid.INT4, conn)));
            TypeCaster other = Casters.newType(new int[] {777_777}, "OTHER", (v, c) -> v);
            Casters.registerGlobal(other);
            Casters.unregisterGlobal(global); // 777777 now belongs to OTHER: left alone
            assertSame(other, Casters.lookup(777_777, null, null));
            assertEquals("INTEGER", Casters.lookup(Oid.INT4, null, null).name());
            Casters.unregisterGlobal(other);
            assertSame(Casters.STRING, Casters.lookup(777_777, null, null));
        } finally {
            Casters.unregisterGlobal(global);
        }
    }

    @Test
    void defaults() {
        assertNull(Casters.defaultFor(600_000));
        assertSame(Casters.STRING, Casters.defaultFor(Oid.TEXT));
        assertEquals("INTEGERARRAY", Casters.defaultFor(Oid._INT4).name());
        assertEquals("LONG", Casters.defaultFor(Oid.OID).name());
        assertEquals("DATETIMETZ", Casters.defaultFor(Oid.TIMESTAMPTZ).name());
    }

    @Test
    void newArrayTypeWithUserBase() {
        TypeCaster point = Casters.newType(new int[] {600}, "POINT", (v, c) -> v == null ? "none" : "P" + v);
        TypeCaster points = Casters.newArrayType(new int[] {1017}, "POINTARRAY", point);
        assertEquals(List.of("P(1,2)", "none", List.of("P(3,4)")),
                Casters.castOrThrow(points, "{\"(1,2)\",NULL,{\"(3,4)\"}}", null, null));
        assertNull(points.cast(null, null));
    }

    @Test
    void castOrThrowWrapsFailures() {
        DataException e = assertThrows(DataException.class, () -> cast(Oid.INT4, "12x"));
        assertEquals("can't cast value '12x' of column 'col' with typecaster INTEGER: For input string: \"12x\"", e.getMessage());
        assertInstanceOf(NumberFormatException.class, e.getCause());
        TypeCaster bad = Casters.newType(new int[] {1}, "BAD", (v, c) -> {
            throw new IllegalStateException();
        });
        e = assertThrows(DataException.class, () -> Casters.castOrThrow(bad, "v", null, null));
        assertEquals("can't cast value 'v' with typecaster BAD: IllegalStateException", e.getMessage());
        String longValue = "x".repeat(300);
        e = assertThrows(DataException.class, () -> Casters.castOrThrow(bad, longValue, null, "c"));
        assertTrue(e.getMessage().startsWith("can't cast value '" + "x".repeat(100) + "...' of column 'c'"), e.getMessage());
        InterfaceException pg = new InterfaceException("mine");
        TypeCaster raising = Casters.newType(new int[] {1}, "RAISING", (v, c) -> {
            throw pg;
        });
        assertSame(pg, assertThrows(InterfaceException.class, () -> Casters.castOrThrow(raising, "v", null, null)));
        assertEquals("abc", Casters.castOrThrow(null, "abc", null, null));
        e = assertThrows(DataException.class, () -> cast(Oid._INT4, "{1,x}"));
        assertTrue(e.getMessage().contains("typecaster INTEGERARRAY"), e.getMessage());
    }
}
