package dev.greenwire.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.DataException;
import dev.greenwire.PgTest;
import dev.greenwire.Row;
import dev.greenwire.adapt.Json;
import dev.greenwire.extras.Composite;
import dev.greenwire.extras.CompositeType;
import dev.greenwire.extras.Extras;
import dev.greenwire.extras.Range;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every type through the real server: a seeded generator makes {@value #PER_TYPE} values per
 * type (edge values included), each is sent with {@code %s}, read back and compared, with
 * {@code standard_conforming_strings} on and off and in the UTF8, LATIN1 and SQL_ASCII client
 * encodings (values that do not fit an encoding are skipped and others drawn in their place). Strings go
 * one per statement as {@code SELECT %s}: each must come back exactly, as one column of one row.
 * Run with {@code -Dgreenwire.seed=N} to try other values; the seed is printed.
 */
class TypeRoundTripTest extends PgTest {
    static final int PER_TYPE = 2000;
    static final long SEED = Long.getLong("greenwire.seed", 20261130L);
    private static final Map<String, Integer> COUNTS = new ConcurrentHashMap<>();
    /** Values sent, read back and compared, by "type [mode]". */
    private static final Map<String, Integer> COMPARED = new ConcurrentHashMap<>();
    private static CompositeType rt;

    enum Suit { HEARTS, SPADES, CLUBS, DIAMONDS }

    /** A value to send and the value expected back. */
    record Case(Object sent, Object expected) {
    }

    /** A type: its name, the SQL after each placeholder, values per statement, the generator. */
    record Type(String name, String cast, int batch, Function<Random, Case> gen) {
        static Type of(String name, String cast, Function<Random, ?> gen) {
            return new Type(name, cast, 100, r -> {
                Object v = gen.apply(r);
                return new Case(v, v);
            });
        }
    }

    /** A session's quoting context, and how arguments are bound. */
    record Mode(String encoding, boolean scs, boolean server) {
        @Override
        public String toString() {
            return (server ? "server-side binding, " : "client-side binding, ") + encoding
                    + ", standard_conforming_strings=" + (scs ? "on" : "off");
        }

        boolean fits(String s) {
            int limit = switch (encoding) {
                case "LATIN1" -> 0xff;
                case "SQL_ASCII" -> 0x7f;
                default -> Character.MAX_CODE_POINT;
            };
            return s.codePoints().allMatch(cp -> cp <= limit);
        }
    }

    @BeforeAll
    static void schema() {
        exec("CREATE EXTENSION IF NOT EXISTS hstore",
                "DROP TYPE IF EXISTS gw_rt, gw_suit CASCADE",
                "DROP DOMAIN IF EXISTS gw_posint",
                "CREATE TYPE gw_rt AS (a int4, b text, c float8, d int4[], e timestamptz)",
                "CREATE TYPE gw_suit AS ENUM ('HEARTS', 'SPADES', 'CLUBS', 'DIAMONDS')",
                "CREATE DOMAIN gw_posint AS int4 CHECK (VALUE > 0)");
        try (Connection c = connect()) {
            rt = Extras.registerComposite("gw_rt", c);
        }
        System.out.println("type round trips: seed " + SEED + " (-Dgreenwire.seed=N to change)");
    }

    @AfterAll
    static void report() {
        StringBuilder sb = new StringBuilder("round-trip cases run per type (all modes):\n");
        new TreeMap<>(COUNTS).forEach((k, v) -> sb.append(String.format("  %-24s %7d%n", k, v)));
        sb.append(String.format("  %-24s %7d%n", "total", COUNTS.entrySet().stream().filter(e -> !e.getKey().startsWith("("))
                .mapToInt(Map.Entry::getValue).sum()));
        System.out.print(sb);
    }

    static List<Type> types() {
        return List.of(
                Type.of("bool", "::bool", Generators::bool),
                Type.of("int2", "::int2", Generators::int2),
                Type.of("int4", "::int4", Generators::int4),
                Type.of("int8", "::int8", Generators::int8),
                Type.of("float4", "::float4", Generators::float4),
                Type.of("float8", "::float8", Generators::float8),
                Type.of("numeric", "::numeric", Generators::numeric),
                new Type("text", "", 1, r -> {
                    String s = Generators.string(r);
                    return new Case(s, s);
                }),
                new Type("char", "::text", 100, r -> {
                    int k = r.nextInt(4);
                    char ch = (char) (k < 2 ? 1 + r.nextInt(0x7f) : k < 3 ? 0xa0 + r.nextInt(0x60) : 1 + r.nextInt(0xd7ff));
                    return new Case(ch, String.valueOf(ch));
                }),
                new Type("enum", "::gw_suit", 100, r -> {
                    Suit s = Suit.values()[r.nextInt(4)];
                    return new Case(s, s.name());
                }),
                new Type("domain", "::gw_posint", 100, r -> {
                    int v = 1 + r.nextInt(Integer.MAX_VALUE);
                    return new Case(v, v);
                }),
                Type.of("bytea", "::bytea", Generators::bytea),
                Type.of("date", "::date", Generators::date),
                Type.of("time", "::time", Generators::time),
                Type.of("timetz", "::timetz", Generators::timetz),
                Type.of("timestamp", "::timestamp", Generators::timestamp),
                Type.of("timestamptz", "::timestamptz", Generators::timestamptz),
                Type.of("interval", "::interval", Generators::interval),
                new Type("duration", "::interval", 100, r -> {
                    java.time.Duration d = java.time.Duration.ofSeconds(r.nextLong() >> 24, r.nextInt(1_000_000) * 1000L);
                    return new Case(d, dev.greenwire.cast.PgInterval.of(d));
                }),
                new Type("biginteger", "::numeric", 100, r -> {
                    java.math.BigInteger b = new java.math.BigInteger(1 + r.nextInt(400), r);
                    b = r.nextBoolean() ? b : b.negate();
                    return new Case(b, new BigDecimal(b));
                }),
                new Type("instant", "::timestamptz", 100, r -> {
                    OffsetDateTime t = Generators.timestamptz(r);
                    java.time.Instant i = t.equals(OffsetDateTime.MAX) ? java.time.Instant.MAX
                            : t.equals(OffsetDateTime.MIN) ? java.time.Instant.MIN : t.toInstant();
                    return new Case(i, t);
                }),
                Type.of("uuid", "::uuid", Generators::uuid),
                Type.of("inet", "::inet", Generators::inet),
                Type.of("cidr", "::cidr", Generators::cidr),
                new Type("json", "::json", 100, r -> {
                    String s = Generators.json(r);
                    return new Case(new Json(s), s);
                }),
                Type.of("int4[]", "::int4[]", r -> Generators.array(r, Generators::int4)),
                Type.of("int8[]", "::int8[]", r -> Generators.array(r, Generators::int8)),
                Type.of("float8[]", "::float8[]", r -> Generators.array(r, Generators::float8)),
                Type.of("numeric[]", "::numeric[]", r -> Generators.array(r, Generators::numeric)),
                Type.of("text[]", "::text[]", r -> Generators.array(r, Generators::string)),
                Type.of("bytea[]", "::bytea[]", r -> Generators.array(r, Generators::bytea)),
                Type.of("date[]", "::date[]", r -> Generators.array(r, Generators::date)),
                Type.of("timestamptz[]", "::timestamptz[]", r -> Generators.array(r, Generators::timestamptz)),
                Type.of("interval[]", "::interval[]", r -> Generators.array(r, Generators::interval)),
                Type.of("uuid[]", "::uuid[]", r -> Generators.array(r, Generators::uuid)),
                Type.of("hstore", "::hstore", Generators::hstore),
                Type.of("int4range", "::int4range", r -> Generators.range(r, Generators::int4, true)),
                Type.of("int8range", "::int8range", r -> Generators.range(r, Generators::int8, true)),
                Type.of("numrange", "::numrange", r -> Generators.range(r, Generators::numeric, false)),
                Type.of("daterange", "::daterange", r -> Generators.range(r, Generators::date, true)),
                Type.of("tsrange", "::tsrange", r -> Generators.range(r, Generators::timestamp, false)),
                Type.of("tstzrange", "::tstzrange", r -> Generators.range(r, Generators::timestamptz, false)),
                Type.of("composite", "", r -> rt.of(r.nextInt(5) == 0 ? null : Generators.int4(r), Generators.string(r),
                        Generators.float8(r), Generators.array(r, Generators::int4), Generators.timestamptz(r))));
    }

    @TestFactory
    Stream<DynamicNode> roundTrips() {
        List<Mode> modes = new ArrayList<>();
        for (boolean server : new boolean[] {false, true}) {
            for (String enc : List.of("UTF8", "LATIN1", "SQL_ASCII")) {
                modes.add(new Mode(enc, true, server));
                modes.add(new Mode(enc, false, server));
            }
        }
        List<Type> types = types();
        Stream<DynamicNode> perMode = modes.stream().map(m -> DynamicContainer.dynamicContainer(m.toString(), types.stream()
                .map(t -> {
                    List<Case> cases = cases(t, m);
                    return DynamicTest.dynamicTest(t.name() + " × " + cases.size() + " cases", () -> run(t, m, cases));
                })));
        // runs after every container above: each type compared PER_TYPE values in each mode
        DynamicTest all = DynamicTest.dynamicTest("every type × " + PER_TYPE + " cases in all " + modes.size() + " modes",
                () -> {
                    Map<String, Integer> wrong = new TreeMap<>();
                    for (Mode m : modes) {
                        for (Type t : types) {
                            String key = t.name() + " [" + m + "]";
                            Integer n = COMPARED.get(key);
                            if (n == null || n != PER_TYPE) {
                                wrong.put(key, n == null ? 0 : n);
                            }
                        }
                    }
                    assertEquals(Map.of(), wrong, "values compared, where not " + PER_TYPE);
                    assertEquals(types.size() * modes.size(), COMPARED.size(), "type × mode runs");
                });
        return Stream.concat(perMode, Stream.of(all));
    }

    private static List<Case> cases(Type t, Mode m) {
        Random r = new Random(SEED ^ t.name().hashCode());
        List<Case> out = new ArrayList<>(PER_TYPE);
        for (int tries = 0; out.size() < PER_TYPE && tries < 100 * PER_TYPE; tries++) {
            Case c = t.gen().apply(r);
            if (fits(c.expected(), m)) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean fits(Object v, Mode m) {
        if (v instanceof String s) {
            return m.fits(s);
        }
        if (v instanceof List<?> l) {
            return l.stream().allMatch(e -> fits(e, m));
        }
        if (v instanceof Map<?, ?> map) {
            return map.entrySet().stream().allMatch(e -> fits(e.getKey(), m) && fits(e.getValue(), m));
        }
        if (v instanceof Composite c) {
            return fits(c.values(), m);
        }
        return true;
    }

    private static void run(Type t, Mode m, List<Case> cases) {
        assertEquals(PER_TYPE, cases.size(), t.name() + " [" + m + "]: the generator did not give "
                + PER_TYPE + " values that fit the encoding");
        int compared = 0;
        if (m.server()) {
            COUNTS.merge("(server-side binding)", cases.size(), Integer::sum);
        }
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = m.server() ? c.cursor(dev.greenwire.ServerCursor::new) : c.cursor();
            cur.execute("SET standard_conforming_strings = " + (m.scs() ? "on" : "off"));
            c.setClientEncoding(m.encoding());
            assertEquals(m.encoding(), c.encoding());
            String quoted = new String(c.cursor().mogrify("%s", "a\\b"), StandardCharsets.ISO_8859_1);
            assertEquals(m.scs() ? "'a\\b'" : "E'a\\\\b'", quoted, "the session's quoting rules are in force");
            Extras.registerHstore(c);
            Extras.registerComposite("gw_rt", c);
            for (int from = 0; from < cases.size(); from += t.batch()) {
                List<Case> batch = cases.subList(from, Math.min(cases.size(), from + t.batch()));
                StringBuilder sql = new StringBuilder("SELECT ");
                Object[] args = new Object[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    sql.append(i > 0 ? ", " : "").append("%s").append(t.cast());
                    args[i] = batch.get(i).sent();
                }
                List<Row> rows;
                try {
                    rows = cur.execute(sql.toString(), args).fetchAll();
                } catch (RuntimeException e) {
                    throw new AssertionError(t.name() + " [" + m + "]: the server refused "
                            + new String(cur.mogrify(sql.toString(), args), c.encoding().equals("UTF8")
                            ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), e);
                }
                assertEquals(1, rows.size(), "one row");
                assertEquals(batch.size(), cur.description().size(), "one column per value: the statement's shape held");
                for (int i = 0; i < batch.size(); i++) {
                    Object back = rows.get(0).get(i);
                    if (!same(batch.get(i).expected(), back)) {
                        fail(t.name() + " [" + m + "]: sent " + show(batch.get(i).sent()) + ", expected "
                                + show(batch.get(i).expected()) + ", read " + show(back));
                    }
                    compared++;
                }
            }
            if (!m.encoding().equals("UTF8") && t.name().equals("text")) {
                DataException e = assertThrows(DataException.class, () -> cur.execute("SELECT %s", "日本語"));
                assertTrue(e.getMessage().contains(m.encoding()), e.getMessage());
                assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0), "nothing lost: the connection is usable");
            }
        }
        assertEquals(PER_TYPE, compared, t.name() + " [" + m + "]: values sent, read back and compared");
        COMPARED.merge(t.name() + " [" + m + "]", compared, Integer::sum);
        COUNTS.merge(t.name(), compared, Integer::sum);
        System.out.printf("round-trip %-16s [%s]: %d cases%n", t.name(), m, compared);
    }

    private static String show(Object v) {
        if (v instanceof byte[] b) {
            return "bytes" + Arrays.toString(b);
        }
        String s = String.valueOf(v);
        return (v == null ? "null" : v.getClass().getSimpleName()) + " " + (s.length() > 300 ? s.substring(0, 300) + "…" : s);
    }

    /** Equality as the type means it: bytes by content, instants by instant, numeric scale when the sent one has it. */
    static boolean same(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof byte[] a) {
            return actual instanceof byte[] b && Arrays.equals(a, b);
        }
        if (expected instanceof OffsetDateTime a) {
            return actual instanceof OffsetDateTime b && a.isEqual(b);
        }
        if (expected instanceof BigDecimal a) {
            return actual instanceof BigDecimal b && (a.scale() >= 0 ? a.equals(b) : a.compareTo(b) == 0);
        }
        if (expected instanceof List<?> a) {
            if (!(actual instanceof List<?> b) || a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof Range<?> a) {
            return actual instanceof Range<?> b && a.isEmpty() == b.isEmpty() && Objects.equals(a.bounds(), b.bounds())
                    && same(a.lower(), b.lower()) && same(a.upper(), b.upper());
        }
        if (expected instanceof Composite a) {
            return actual instanceof Composite b && same(a.values(), b.values());
        }
        if (expected instanceof LocalDate && actual instanceof LocalDate) {
            return expected.equals(actual);
        }
        return expected.equals(actual);
    }
}
