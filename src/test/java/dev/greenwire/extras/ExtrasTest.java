package dev.greenwire.extras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.DataException;
import dev.greenwire.Extensions;
import dev.greenwire.PgTest;
import dev.greenwire.ProgrammingException;
import dev.greenwire.Row;
import dev.greenwire.TransactionStatus;
import dev.greenwire.cast.TypeCaster;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExtrasTest extends PgTest {

    @BeforeAll
    static void schema() {
        exec("CREATE EXTENSION IF NOT EXISTS hstore",
                "DROP TYPE IF EXISTS gw_hand, gw_card, gw_floatrange, gw_empty CASCADE",
                "CREATE TYPE gw_card AS (value int, suit text, tags text[], at timestamptz)",
                "CREATE TYPE gw_hand AS (owner text, cards gw_card[])",
                "CREATE TYPE gw_floatrange AS RANGE (subtype = float8)",
                "CREATE TYPE gw_empty AS ()");
    }

    @AfterEach
    void unregisterMapAdapter() {
        Extensions.unregisterAdapter(Map.class);
        Extensions.unregisterAdapter(Card.class);
        Extensions.unregisterAdapter(Bean.class);
    }

    private static Object one(Cursor cur, String sql, Object... args) {
        Row r = cur.execute(sql, args).fetchOne();
        return r.get(0);
    }

    // ---- hstore -------------------------------------------------------------------------------

    @Test
    void hstoreBothWays() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            assertInstanceOf(String.class, one(cur, "SELECT 'a=>1'::hstore"), "unregistered: the text");
            c.rollback();
            Extras.registerHstore(c);
            assertEquals(TransactionStatus.IDLE, c.transactionStatus(), "the lookup left no transaction open");
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("a", "1");
            expected.put("b c", null);
            expected.put("q\"\\", "x=>y, z");
            assertEquals(expected, one(cur, "SELECT %s::hstore", "a=>1, \"b c\"=>NULL, \"q\\\"\\\\\"=>\"x=>y, z\""));

            Map<String, String> m = new LinkedHashMap<>();
            m.put("", "empty key");
            m.put("nul", null);
            m.put("ünï\uD83D\uDE00", "'; DROP TABLE x; --");
            m.put("back\\slash", "\"quoted\"");
            assertEquals(m, one(cur, "SELECT %s", m));
            assertEquals(Map.of(), one(cur, "SELECT %s", Map.of()));
            assertEquals(List.of(Map.of("k", "v"), Map.of()), one(cur, "SELECT ARRAY[%s, %s]", Map.of("k", "v"), Map.of()));
            DataException e = assertThrows(DataException.class, () -> cur.execute("SELECT %s", (Object) Map.of("k", 1)));
            assertEquals("hstore values must be strings or null, got Integer for key 'k'", e.getMessage());
            assertEquals(1, one(cur, "SELECT 1"), "the connection is still usable");
            try (Connection other = connect()) {
                assertInstanceOf(String.class, one(other.cursor(), "SELECT 'a=>1'::hstore"), "connection scope only");
            }
        }
    }

    @Test
    void hstoreInCursorScopeAndMissingType() {
        try (Connection c = connect()) {
            Cursor scoped = c.cursor();
            Extras.registerHstore(scoped);
            assertEquals(Map.of("a", "1"), one(scoped, "SELECT 'a=>1'::hstore"));
            assertInstanceOf(String.class, one(c.cursor(), "SELECT 'a=>1'::hstore"));
            c.cursor().execute("SET search_path = pg_catalog");
            ProgrammingException e = assertThrows(ProgrammingException.class, () -> Extras.registerHstore(c));
            assertEquals("hstore type not found: run CREATE EXTENSION hstore in this database", e.getMessage());
        }
    }

    // ---- composites ---------------------------------------------------------------------------

    record Card(long value, String suit, List<String> tags, OffsetDateTime at) {
    }

    @Test
    void compositeAsCompositeValue() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            CompositeType card = Extras.registerComposite("gw_card", c);
            assertEquals(List.of("value", "suit", "tags", "at"), card.attributeNames());
            assertEquals("gw_card", card.sqlName());
            Composite v = (Composite) one(cur, "SELECT ROW(8, 'hearts', ARRAY['a', 'b c', NULL], NULL)::gw_card");
            assertEquals(8, v.get("value"));
            assertEquals("hearts", v.get(1));
            assertEquals(Arrays.asList("a", "b c", null), v.get("tags"));
            assertNull(v.get("at"));
            assertThrows(IllegalArgumentException.class, () -> v.get("colour"));

            OffsetDateTime at = OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 123456000, ZoneOffset.UTC);
            for (String text : List.of("", "\"", "\\", "(", ")", ",", "a b", "NULL", "ü\uD83D\uDE00", "'); --")) {
                Composite sent = card.of(-3, text, List.of(text, ""), at);
                Composite back = (Composite) one(cur, "SELECT %s", sent);
                assertEquals(sent.values().subList(0, 3), back.values().subList(0, 3), text);
                assertTrue(at.isEqual((OffsetDateTime) back.get("at")));
            }
            Composite nulls = card.of(null, null, null, null);
            assertEquals(nulls, one(cur, "SELECT %s", nulls));
            assertThrows(IllegalArgumentException.class, () -> card.of(1, 2));

            CompositeType hand = Extras.registerComposite("gw_hand", c);
            Composite h = (Composite) one(cur, "SELECT ROW('ann', ARRAY[ROW(1, 'x,y', '{}', NULL)::gw_card, NULL])::gw_hand");
            List<?> cards = (List<?>) h.get("cards");
            assertEquals(card.of(1, "x,y", List.of(), null), cards.get(0));
            assertNull(cards.get(1));
            assertEquals(h, one(cur, "SELECT %s", hand.of("ann", cards)));

            CompositeType empty = Extras.registerComposite("gw_empty", c);
            assertEquals(empty.of(), one(cur, "SELECT ROW()::gw_empty"));
        }
    }

    @Test
    void compositeAsRecordBothWays() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            Extras.registerComposite("gw_card", c, Card.class, false);
            Card k = (Card) one(cur, "SELECT ROW(12, 'spades', '{x}', '2024-01-01 00:00:00+00')::gw_card");
            assertEquals(new Card(12, "spades", List.of("x"), OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)),
                    new Card(k.value(), k.suit(), k.tags(), k.at().withOffsetSameInstant(ZoneOffset.UTC)));
            Card sent = new Card(Integer.MAX_VALUE, "it's", List.of("\"q\""), null);
            assertEquals(sent, one(cur, "SELECT %s", sent));
            assertEquals(List.of(sent, sent), one(cur, "SELECT ARRAY[%s, %s]", sent, sent));

            DataException e = assertThrows(DataException.class,
                    () -> one(cur, "SELECT ROW(NULL, 'x', NULL, NULL)::gw_card AS c"));
            assertTrue(e.getMessage().contains("attribute 'value' of gw_card is NULL but the record component is a long"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("of column 'c'"), e.getMessage());
            assertEquals(1, one(cur, "SELECT 1"));
        }
    }

    record TwoFields(int a, int b) {
    }

    @Test
    void compositeRegistrationErrors() {
        try (Connection c = connect()) {
            ProgrammingException e = assertThrows(ProgrammingException.class,
                    () -> Extras.registerComposite("gw_card", c, TwoFields.class, false));
            assertTrue(e.getMessage().contains("has 2 components, the composite type gw_card has 4 attributes"),
                    e.getMessage());
            e = assertThrows(ProgrammingException.class, () -> Extras.registerComposite("int4", c));
            assertEquals("PostgreSQL type 'int4' is not a composite type", e.getMessage());
            e = assertThrows(ProgrammingException.class, () -> Extras.registerComposite("no_such_type", c));
            assertEquals("PostgreSQL type 'no_such_type' not found", e.getMessage());
            c.autocommit(false);
            assertEquals(TransactionStatus.IDLE, c.transactionStatus());
            Extras.registerComposite("gw_card", c);
            assertEquals(TransactionStatus.IDLE, c.transactionStatus());
        }
    }

    // ---- ranges -------------------------------------------------------------------------------

    @Test
    void builtInRangesNeedNoRegistration() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("SELECT int4range(1, 10), '[1,3]'::int4range, 'empty'::int4range, '(,5)'::int8range,"
                    + " numrange(1.50, NULL, '(]'), '[2024-01-01,infinity)'::daterange,"
                    + " '[\"2024-01-01 10:00\",\"2024-01-02 00:00\"]'::tsrange, '(,)'::tstzrange");
            Row r = cur.fetchOne();
            assertEquals(Range.of(1, 10), r.get(0));
            assertEquals(Range.of(1, 4), r.get(1), "the server canonicalizes discrete ranges");
            Range<?> empty = (Range<?>) r.get(2);
            assertTrue(empty.isEmpty());
            assertEquals("int4range", empty.sqlType());
            assertEquals(Range.of(null, 5L, "()"), r.get(3));
            assertTrue(((Range<?>) r.get(3)).lowerInfinite());
            assertEquals(Range.of(new BigDecimal("1.50"), null, "(]"), r.get(4));
            assertEquals(Range.of(LocalDate.of(2024, 1, 1), LocalDate.MAX), r.get(5));
            assertEquals(Range.of(LocalDateTime.of(2024, 1, 1, 10, 0), LocalDateTime.of(2024, 1, 2, 0, 0), "[]"), r.get(6));
            assertEquals(Range.of(null, null, "()"), r.get(7));

            assertEquals(List.of(Range.of(1, 2), Range.empty()), one(cur, "SELECT ARRAY[int4range(1,2), 'empty']"));
            for (Range<?> sent : List.of(Range.of(-5, 7), Range.of(null, 3L, "()"), Range.of(new BigDecimal("-1.25"),
                    new BigDecimal("1000.0"), "(]"), Range.of(LocalDate.MIN, LocalDate.of(1, 1, 1)),
                    Range.of(LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1000), null, "[)"), Range.empty().withType("int4range"))) {
                assertEquals(sent, one(cur, "SELECT %s", sent), sent.toString());
            }
            OffsetDateTime t = OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 0, ZoneOffset.ofHours(3));
            Range<?> tz = (Range<?>) one(cur, "SELECT %s", Range.of(t, null, "[)"));
            assertTrue(t.isEqual((OffsetDateTime) tz.lower()));
            assertEquals("tstzrange", tz.sqlType());
            assertEquals("'empty'", new String(Extensions.adapt(Range.empty()).getQuoted(), StandardCharsets.UTF_8));
            assertEquals("int4range( -1, 2, '[]')",
                    new String(Extensions.adapt(Range.of(-1, 2, "[]")).getQuoted(), StandardCharsets.UTF_8));
            ProgrammingException e = assertThrows(ProgrammingException.class, () -> cur.execute("SELECT %s", Range.of("a", "b")));
            assertTrue(e.getMessage().startsWith("can't adapt a Range of String without a range type"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Range.of(1, 2, "[["));
            assertThrows(IllegalArgumentException.class, () -> Range.of(1, 2).withType("int4range(1,2); --"));
        }
    }

    @Test
    void builtInMultirangesReadAsListsOfRanges() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            Row r = cur.execute("SELECT '{[1,3), [5,7)}'::int4multirange, '{}'::int8multirange,"
                    + " '{[1.5,2.5], (3,)}'::nummultirange, '{[\"2024-01-01 10:00\",\"2024-01-02 00:00\")}'::tsmultirange,"
                    + " ARRAY['{[1,2)}'::int4multirange, NULL]").fetchOne();
            assertEquals(List.of(Range.of(1, 3), Range.of(5, 7)), r.get(0));
            assertEquals(List.of(), r.get(1));
            assertEquals(List.of(Range.of(new BigDecimal("1.5"), new BigDecimal("2.5"), "[]"),
                    Range.of(new BigDecimal("3"), null, "()")), r.get(2));
            assertEquals(List.of(Range.of(LocalDateTime.of(2024, 1, 1, 10, 0), LocalDateTime.of(2024, 1, 2, 0, 0))), r.get(3));
            assertEquals(Arrays.asList(List.of(Range.of(1, 2)), null), r.get(4));
            List<Range<Integer>> sent = List.of(Range.of(1, 3), Range.of(10, 20, "[]"));
            assertEquals(List.of(Range.of(1, 3), Range.of(10, 21)), cur.execute("SELECT int4multirange(VARIADIC %s)",
                    sent).fetchOne().get(0), "written through the multirange constructor, canonicalized by the server");
        }
    }

    @Test
    void rangeContains() {
        Range<Integer> r = Range.of(1, 10);
        assertTrue(r.contains(1));
        assertFalse(r.contains(10));
        assertTrue(Range.of(1, 10, "(]").contains(10));
        assertFalse(Range.of(1, 10, "(]").contains(1));
        assertTrue(Range.<Integer>of(null, null).contains(Integer.MIN_VALUE));
        assertFalse(Range.<Integer>empty().contains(0));
        assertEquals("[1,10)", r.toString());
    }

    @Test
    void userRangeRegistered() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            assertInstanceOf(String.class, one(cur, "SELECT '[1.5,2.5)'::gw_floatrange"));
            TypeCaster tc = Extras.registerRange("gw_floatrange", c);
            Range<?> r = (Range<?>) one(cur, "SELECT '[1.5,2.5)'::gw_floatrange");
            assertEquals(Range.of(1.5, 2.5), r);
            assertEquals("gw_floatrange", r.sqlType());
            assertEquals(r, one(cur, "SELECT %s", r), "adapted back as its own type");
            assertEquals(Range.of(-1e300, Double.POSITIVE_INFINITY, "[]"),
                    one(cur, "SELECT %s", Range.of(-1e300, Double.POSITIVE_INFINITY, "[]").withType("gw_floatrange")));
            assertEquals(List.of(r), one(cur, "SELECT ARRAY[%s]", r));
            assertEquals("GW_FLOATRANGE", tc.name());
            ProgrammingException e = assertThrows(ProgrammingException.class, () -> Extras.registerRange("gw_card", c));
            assertEquals("PostgreSQL type 'gw_card' is not a range type", e.getMessage());
        }
    }

    // ---- json ---------------------------------------------------------------------------------

    record Parsed(String text) {
    }

    static final class Bean {
        final int n;

        Bean(int n) {
            this.n = n;
        }
    }

    @Test
    void jsonLoaderAndDumper() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            assertEquals("{\"a\": 1}", one(cur, "SELECT '{\"a\": 1}'::json"));
            Extras.registerJson(Parsed::new, c);
            assertEquals(new Parsed("{\"a\": 1}"), one(cur, "SELECT '{\"a\": 1}'::json"));
            assertEquals(new Parsed("{\"a\": 1, \"b\": [true, null]}"),
                    one(cur, "SELECT '{\"b\":[true,null],\"a\":1}'::jsonb"), "jsonb's own text form");
            assertEquals(Arrays.asList(new Parsed("1"), null), one(cur, "SELECT ARRAY['1'::jsonb, NULL]"));
            assertNull(one(cur, "SELECT NULL::json"));

            Extras.registerJsonDumper(Bean.class, b -> "{\"n\": " + b.n + "}");
            assertEquals(new Parsed("{\"n\": 42}"), one(cur, "SELECT %s::jsonb", new Bean(42)));

            List<TypeCaster> global = Extras.registerJson(s -> s.length());
            try (Connection other = connect()) {
                assertEquals(4, one(other.cursor(), "SELECT '[1 ]'::json"));
                assertEquals(new Parsed("[1 ]"), one(cur, "SELECT '[1 ]'::json"), "the connection's own beats global");
            } finally {
                global.forEach(Extensions::unregisterType);
            }
            try (Connection other = connect()) {
                assertEquals("[1 ]", one(other.cursor(), "SELECT '[1 ]'::json"));
            }
        }
    }
}
