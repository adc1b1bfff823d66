package dev.greenwire.internal.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.greenwire.DataException;
import dev.greenwire.ProgrammingException;
import dev.greenwire.adapt.AsIs;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueryFormatterTest {
    private static final QuoteContext SCS_OFF = QuoteContext.of("UTF8", false);
    private static final QuoteContext LATIN1 = QuoteContext.of("LATIN1", true);

    private static String f(String sql, Object... args) {
        return new String(QueryFormatter.format(sql, args, null), StandardCharsets.UTF_8);
    }

    private static String f(String sql, Map<String, ?> args) {
        return new String(QueryFormatter.format(sql, args, null), StandardCharsets.UTF_8);
    }

    private static void fails(String message, Runnable r) {
        ProgrammingException e = assertThrows(ProgrammingException.class, r::run);
        assertEquals(message, e.getMessage());
    }

    @Test
    void positional() {
        assertEquals("SELECT 1, 'a', NULL", f("SELECT %s, %s, %s", 1, "a", null));
        assertEquals("SELECT  -1- -2", f("SELECT %s-%s", -1, -2));
        assertEquals("a % b %s", f("a %% b %%s"));
        assertEquals("SELECT 'x' LIKE 'a%'", f("SELECT %s LIKE 'a%%'", "x"));
        assertEquals("no placeholders", f("no placeholders"));
        assertEquals("%s", f("%%s"));
        assertEquals("'é€😀' é", f("%s é", "é€😀"));
        assertEquals("ARRAY[1,2]", f("%s", (Object) new int[] {1, 2}));
        assertEquals("ARRAY[1,2]", f("%s", List.of(1, 2)));
    }

    @Test
    void nullArgumentsMeanNoFormatting() {
        assertEquals("100% %s", new String(QueryFormatter.format("100% %s", (Object[]) null, null), StandardCharsets.UTF_8));
        assertEquals("100% %(x)s", new String(QueryFormatter.format("100% %(x)s", (Map<String, ?>) null, null),
                StandardCharsets.UTF_8));
    }

    @Test
    void named() {
        Map<String, Object> m = new HashMap<>();
        m.put("a", 1);
        m.put("b", "x'y");
        m.put("n", null);
        m.put("unused", new Object());
        assertEquals("1 'x''y' 1 NULL %", f("%(a)s %(b)s %(a)s %(n)s %%", m));
        assertEquals("SELECT 'v'", f("SELECT %(weird key!)s", Map.of("weird key!", "v")));
        assertEquals("SELECT 'v'", f("SELECT %()s", Map.of("", "v")));
    }

    @Test
    void namedValueAdaptedOnce() {
        AtomicInteger calls = new AtomicInteger();
        Object counted = new dev.greenwire.adapt.Conformable() {
            @Override
            public dev.greenwire.adapt.SqlQuote conform(Class<?> protocol) {
                return new AsIs("c" + calls.incrementAndGet());
            }
        };
        assertEquals("c1, c1, c1", f("%(x)s, %(x)s, %(x)s", Map.of("x", counted)));
        assertEquals(1, calls.get());
    }

    @Test
    void errors() {
        fails("not enough arguments for format string", () -> f("%s %s", 1));
        fails("not enough arguments for format string", () -> f("%s"));
        fails("not all arguments converted during string formatting", () -> f("%s", 1, 2));
        fails("not all arguments converted during string formatting", () -> f("SELECT 1", 1));
        fails("incomplete placeholder: '%(' without ')'", () -> f("%(abc", Map.of()));
        fails("incomplete placeholder: '%(' without ')'", () -> f("%(a%s)s", Map.of("a", 1)));
        fails("incomplete format", () -> f("SELECT %s, 100%", 1));
        fails("incomplete format", () -> f("%(a)", Map.of("a", 1)));
        fails("unsupported format character 'd' (0x64) at index 8", () -> f("SELECT %d", 1));
        fails("unsupported format character 'x' (0x78) at index 11", () -> f("SELECT %(a)x", Map.of("a", 1)));
        fails("unsupported format character ' ' (0x20) at index 6", () -> f("LIKE % ", 1));
        fails("argument formats can't be mixed", () -> f("%s %(a)s", 1));
        fails("argument formats can't be mixed", () -> f("%(a)s %s", Map.of("a", 1)));
        fails("query parameter missing: b", () -> f("%(a)s %(b)s", Map.of("a", 1)));
        fails("%(name)s placeholders need a Map of arguments", () -> f("%(a)s", 1));
        fails("%s placeholders need positional arguments, not a Map", () -> f("%s", Map.of("a", 1)));
        fails("can't adapt type 'Object'", () -> f("%s", new Object()));
    }

    @Test
    void encodesTheQueryInTheClientEncoding() {
        assertArrayEquals(new byte[] {'\'', (byte) 0xE9, '\'', ' ', (byte) 0xE8},
                QueryFormatter.format("%s è", new Object[] {"é"}, null, LATIN1));
        assertArrayEquals(new byte[] {(byte) 0xE8},
                QueryFormatter.format("è", (Object[]) null, null, LATIN1));
        DataException e = assertThrows(DataException.class,
                () -> QueryFormatter.format("SELECT '€'", new Object[0], null, LATIN1));
        assertEquals("character '€' (U+20AC) has no equivalent in encoding \"LATIN1\"", e.getMessage());
        e = assertThrows(DataException.class, () -> QueryFormatter.format("SELECT %s", new Object[] {"日"}, null, LATIN1));
        assertEquals("character '日' (U+65E5) has no equivalent in encoding \"LATIN1\"", e.getMessage());
        Charset sjis = PgEncodings.charset("SJIS");
        assertArrayEquals("SELECT '日本'".getBytes(sjis),
                QueryFormatter.format("SELECT %s", new Object[] {"日本"}, null, QuoteContext.of("SJIS", true)));
    }

    @Test
    void standardConformingStringsOff() {
        assertEquals("SELECT E'a\\\\b', 'c', ARRAY[E'\\\\'], E'\\\\x01'::bytea",
                new String(QueryFormatter.format("SELECT %s, %s, %s, %s",
                        new Object[] {"a\\b", "c", List.of("\\"), new byte[] {1}}, null, SCS_OFF), StandardCharsets.UTF_8));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p", "x\\'y");
        assertEquals("E'x\\\\''y'", new String(QueryFormatter.format("%(p)s", m, null, SCS_OFF), StandardCharsets.UTF_8));
    }

    /** Reads back one SQL string literal (plain or E'') as the server would; returns it and where it ends. */
    static String unquote(String sql, int[] pos) {
        int i = pos[0];
        boolean e = sql.charAt(i) == 'E';
        if (e) {
            i++;
        }
        if (sql.charAt(i++) != '\'') {
            throw new AssertionError("not a literal at " + pos[0] + ": " + sql);
        }
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = sql.charAt(i++);
            if (c == '\'') {
                if (i < sql.length() && sql.charAt(i) == '\'') {
                    sb.append('\'');
                    i++;
                    continue;
                }
                pos[0] = i;
                return sb.toString();
            }
            if (e && c == '\\') {
                char n = sql.charAt(i++);
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'r' -> sb.append('\r');
                    case 'f' -> sb.append('\f');
                    default -> {
                        if (n >= '0' && n <= '7' || n == 'x' || n == 'u' || n == 'U') {
                            throw new AssertionError("escape the quoter should not produce: \\" + n);
                        }
                        sb.append(n);
                    }
                }
                continue;
            }
            sb.append(c);
        }
    }

    private static String randomString(Random rnd) {
        String alphabet = "ab '\\\"%()s\n\t;-é€日😀\u0080\u00ff";
        int[] cps = alphabet.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(12);
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(10) == 0) {
                int cp;
                do {
                    cp = 1 + rnd.nextInt(0x10FFFF);
                } while (cp >= 0xD800 && cp <= 0xDFFF);
                sb.appendCodePoint(cp);
            } else {
                sb.appendCodePoint(cps[rnd.nextInt(cps.length)]);
            }
        }
        return sb.toString();
    }

    @Test
    void randomStringsRoundTrip() {
        Random rnd = new Random(20240102L);
        for (int iter = 0; iter < 3000; iter++) {
            QuoteContext ctx = iter % 2 == 0 ? QuoteContext.DEFAULT : SCS_OFF;
            String a = randomString(rnd);
            String b = randomString(rnd);
            byte[] bytes = QueryFormatter.format("SELECT %s, %s -- %%", new Object[] {a, b}, null, ctx);
            String sql = new String(bytes, StandardCharsets.UTF_8);
            assertArrayEquals(bytes, sql.getBytes(StandardCharsets.UTF_8));
            int[] pos = {"SELECT ".length()};
            assertEquals(a, unquote(sql, pos), sql);
            assertEquals(", ", sql.substring(pos[0], pos[0] + 2));
            pos[0] += 2;
            assertEquals(b, unquote(sql, pos), sql);
            assertEquals(" -- %", sql.substring(pos[0]));
            if (ctx.standardConformingStrings()) {
                assertEquals(false, sql.startsWith("SELECT E"), sql);
            }
        }
    }

    @Test
    void randomLatin1StringsRoundTrip() {
        Random rnd = new Random(7L);
        for (int iter = 0; iter < 1000; iter++) {
            char[] cs = new char[rnd.nextInt(10)];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = (char) (1 + rnd.nextInt(255));
            }
            String s = new String(cs);
            QuoteContext ctx = QuoteContext.of("LATIN1", iter % 3 != 0);
            byte[] bytes = QueryFormatter.format("%s", new Object[] {s}, null, ctx);
            assertEquals(s, unquote(new String(bytes, StandardCharsets.ISO_8859_1), new int[] {0}));
        }
    }

    @Test
    void arraysOfRandomStringsRoundTrip() {
        Random rnd = new Random(99L);
        for (int iter = 0; iter < 300; iter++) {
            String[] items = new String[1 + rnd.nextInt(4)];
            Arrays.setAll(items, i -> randomString(rnd));
            String sql = new String(QueryFormatter.format("%s", new Object[] {items}, null, SCS_OFF), StandardCharsets.UTF_8);
            assertEquals("ARRAY[", sql.substring(0, 6));
            int[] pos = {6};
            for (int i = 0; i < items.length; i++) {
                if (i > 0) {
                    assertEquals(',', sql.charAt(pos[0]++));
                }
                assertEquals(items[i], unquote(sql, pos));
            }
            assertEquals("]", sql.substring(pos[0]));
        }
    }
}
