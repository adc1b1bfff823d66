package dev.greenwire.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.DataException;
import dev.greenwire.Extensions;
import dev.greenwire.PgTest;
import dev.greenwire.ProgrammingException;
import dev.greenwire.Row;
import dev.greenwire.adapt.AsIs;
import dev.greenwire.adapt.Conformable;
import dev.greenwire.adapt.QuotedString;
import dev.greenwire.adapt.SqlIn;
import dev.greenwire.adapt.SqlQuote;
import dev.greenwire.cast.Oid;
import dev.greenwire.cast.TypeCaster;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** psycopg2's documented adaptation and typecasting behaviours, through the real server. */
class Psycopg2BehavioursTest extends PgTest {
    static class Animal {
        final String name;

        Animal(String name) {
            this.name = name;
        }
    }

    static class Dog extends Animal {
        Dog(String name) {
            super(name);
        }
    }

    /** Registered through its class, but its own conform() wins. */
    static final class Cat extends Animal implements Conformable {
        Cat(String name) {
            super(name);
        }

        @Override
        public SqlQuote conform(Class<?> protocol) {
            return protocol == SqlQuote.class ? new QuotedString("cat:" + name) : null;
        }
    }

    @AfterEach
    void unregister() {
        Extensions.unregisterAdapter(Animal.class);
    }

    @Test
    void tuplesThroughSqlIn() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            SqlIn tuple = new SqlIn(Arrays.asList(42, null));
            assertEquals("SELECT (42, NULL);", new String(cur.mogrify("SELECT %s;", tuple), StandardCharsets.UTF_8));
            assertEquals("(42,)", cur.execute("SELECT %s;", tuple).fetchOne().get(0));
            assertEquals(true, cur.execute("SELECT 10 IN %s", new SqlIn(List.of(10, 20, -30))).fetchOne().get(0));
            assertEquals(false, cur.execute("SELECT 'x' IN %s", new SqlIn(List.of("y", "x'"))).fetchOne().get(0));
            assertEquals(List.of(2L), cur.execute("SELECT count(*) FROM (VALUES (1), (2), (3)) v(x) WHERE x IN %(xs)s",
                    java.util.Map.of("xs", new SqlIn(List.of(1, 3)))).fetchAll().stream().map(r -> r.get(0)).toList());
        }
    }

    @Test
    void adaptersFollowTheClassHierarchyAndConformableWins() {
        Extensions.registerAdapter(Animal.class, a -> new AsIs("'animal:' || " + new QuotedString(a.name)));
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            Row r = cur.execute("SELECT %s, %s, %s", new Animal("x"), new Dog("rex"), new Cat("tom")).fetchOne();
            assertEquals(List.of("animal:x", "animal:rex", "cat:tom"), r.toList());
            Extensions.unregisterAdapter(Animal.class);
            ProgrammingException e = assertThrows(ProgrammingException.class, () -> cur.execute("SELECT %s", new Dog("a")));
            assertEquals("can't adapt type 'Dog'", e.getMessage());
            assertEquals("cat:tom", cur.execute("SELECT %s", new Cat("tom")).fetchOne().get(0), "conform() needs no registration");
        }
    }

    @Test
    void newTypeAndNewArrayTypeSeeNullForNullElements() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        TypeCaster money = Extensions.newType(new int[] {Oid.INT4}, "TRACKED", (v, cur) -> {
            seen.add(v);
            return v == null ? null : "n" + v;
        });
        TypeCaster array = Extensions.newArrayType(new int[] {Oid._INT4}, "TRACKEDARRAY", money);
        try (Connection c = connect()) {
            Extensions.registerType(money, c);
            Extensions.registerType(array, c);
            Row r = c.cursor().execute("SELECT NULL::int4, 7, ARRAY[[1, NULL], [NULL, 4]], '[2:3]={5,6}'::int4[]").fetchOne();
            assertEquals(Arrays.asList(null, "n7", List.of(Arrays.asList("n1", null), Arrays.asList(null, "n4")),
                    List.of("n5", "n6")), r.toList());
            assertEquals(Arrays.asList(null, "7", "1", null, null, "4", "5", "6"), seen);
        }
        try (Connection other = connect()) {
            assertEquals(3, other.cursor().execute("SELECT 3").fetchOne().get(0), "connection scope: others keep the default");
        }
    }

    @Test
    void aFailingCasterIsADataExceptionNamingColumnAndType() {
        TypeCaster bad = Extensions.newType(new int[] {Oid.INT4}, "PICKY", (v, cur) -> {
            throw new IllegalStateException("no " + v);
        });
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            Extensions.registerType(bad, cur);
            cur.execute("SELECT 5 AS five");
            DataException e = assertThrows(DataException.class, () -> cur.fetchOne().get(0));
            assertEquals("can't cast value '5' of column 'five' with typecaster PICKY: no 5", e.getMessage());
            assertEquals(6, c.cursor().execute("SELECT 6").fetchOne().get(0), "cursor scope only; the connection is usable");
            assertEquals("x", cur.cast(Oid.TEXT, "x"));
            assertThrows(DataException.class, () -> cur.cast(Oid.INT4, "1"));
        }
    }

    @Test
    void nestedAllNullSubArraysAndMinimumIntegers() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            List<List<Integer>> grid = List.of(Arrays.asList(1, null), Arrays.asList(null, null));
            assertEquals(grid, cur.execute("SELECT %s", grid).fetchOne().get(0));
            Row r = cur.execute("SELECT %s::int2, %s::int4, %s::int8, %s-%s", Short.MIN_VALUE, Integer.MIN_VALUE,
                    Long.MIN_VALUE, 1, -1).fetchOne();
            assertEquals(List.of(Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE, 2), r.toList());
        }
    }

    @Test
    void sessionSettingsTheCastersFollow() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            byte[] bytes = new byte[256];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) i;
            }
            for (String format : List.of("hex", "escape")) {
                cur.execute("SET bytea_output = " + format);
                assertArrayEquals(bytes, (byte[]) cur.execute("SELECT %s", (Object) bytes).fetchOne().get(0), format);
                assertEquals(Arrays.asList(null, List.of((byte) 92, (byte) 34)), Arrays.asList(null, toList(
                        (byte[]) ((List<?>) cur.execute("SELECT ARRAY[NULL, '\\\\\"'::bytea]").fetchOne().get(0)).get(1))));
            }
            cur.execute("SET TimeZone = 'Asia/Kolkata'");
            OffsetDateTime t = (OffsetDateTime) cur.execute("SELECT '2024-06-01 00:00:00+00'::timestamptz").fetchOne().get(0);
            assertEquals(OffsetDateTime.of(2024, 6, 1, 5, 30, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)), t);
            cur.execute("SET TimeZone = 'America/St_Johns'");
            t = (OffsetDateTime) cur.execute("SELECT '2024-01-01 00:00:00+00'::timestamptz").fetchOne().get(0);
            assertEquals(ZoneOffset.ofHoursMinutes(-3, -30), t.getOffset());
            cur.execute("SET lc_monetary = 'C'");
            assertEquals("$1,234.50", cur.execute("SELECT 1234.5::money").fetchOne().get(0), "money as the server formats it");
            cur.execute("DROP DOMAIN IF EXISTS gw_short_text; CREATE DOMAIN gw_short_text AS varchar(5)");
            assertEquals("abc", cur.execute("SELECT %s::gw_short_text", "abc").fetchOne().get(0));
            assertEquals(List.of(Oid.VARCHAR), cur.description().stream().map(d -> d.typeCode()).toList(),
                    "a domain is described by its base type");
        }
    }

    private static List<Byte> toList(byte[] b) {
        List<Byte> l = new ArrayList<>();
        for (byte x : b) {
            l.add(x);
        }
        return l;
    }

    @Test
    void nulCharactersAreRefused() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            DataException e = assertThrows(DataException.class, () -> cur.execute("SELECT %s", "a\0b"));
            assertEquals("A string literal cannot contain NUL (0x00) characters.", e.getMessage());
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0));
        }
    }
}
