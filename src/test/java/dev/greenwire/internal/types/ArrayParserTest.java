package dev.greenwire.internal.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.greenwire.cast.Caster;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayParserTest {
    private static final Caster ID = (v, c) -> v;

    private static List<Object> p(String s) {
        return ArrayParser.parse(s, ',', ID, null);
    }

    @Test
    void flat() {
        assertEquals(List.of(), p("{}"));
        assertEquals(List.of("1", "2", "3"), p("{1,2,3}"));
        assertEquals(Arrays.asList("1", null, "3"), p("{1,NULL,3}"));
        assertEquals(Arrays.asList((Object) null), p("{null}"));
        assertEquals(List.of("NULL"), p("{\"NULL\"}"));
        assertEquals(List.of("NULL"), p("{N\\ULL}"));
        assertEquals(List.of(""), p("{\"\"}"));
        assertEquals(List.of("a b", "with \"quote\"", "back\\slash", "{x,y}"),
                p("{\"a b\",\"with \\\"quote\\\"\",\"back\\\\slash\",\"{x,y}\"}"));
        assertEquals(List.of("é€😀", "日本"), p("{é€😀,\"日本\"}"));
    }

    @Test
    void whitespace() {
        assertEquals(List.of("1", "2"), p(" { 1 , 2 } "));
        assertEquals(List.of("a b"), p("{ a b }"));
        assertEquals(List.of(" a "), p("{\" a \"}"));
        assertEquals(List.of("a "), p("{a\\ }"));
    }

    @Test
    void nested() {
        assertEquals(List.of(List.of("1", "2"), List.of("3", "4")), p("{{1,2},{3,4}}"));
        assertEquals(List.of(List.of(List.of("a")), List.of(List.of("b"))), p("{{{a}},{{b}}}"));
        assertEquals(List.of(Arrays.asList(null, "x")), p("{{NULL,\"x\"}}"));
        assertEquals(List.of(List.of(), List.of()), p("{{},{}}"));
    }

    @Test
    void bounds() {
        assertEquals(List.of("1", "2"), p("[0:1]={1,2}"));
        assertEquals(List.of(List.of("1", "2")), p("[1:1][1:2]={{1,2}}"));
        assertEquals(List.of("7"), p("[-3:-3]={7}"));
    }

    @Test
    void boxDelimiter() {
        assertEquals(List.of("(2,2),(1,1)", "(1,1),(0,0)"), ArrayParser.parse("{(2,2),(1,1);(1,1),(0,0)}", ';', ID, null));
        assertEquals(List.of("a,b"), ArrayParser.parse("{a,b}", ';', ID, null));
    }

    @Test
    void elementsGoThroughTheBase() {
        Caster upper = (v, c) -> v == null ? "<null>" : v.toUpperCase();
        assertEquals(List.of("A", "<null>", List.of("B")), ArrayParser.parse("{a,NULL,{b}}", ',', upper, null));
    }

    @Test
    void malformed() {
        for (String bad : new String[] {"", "1,2", "{1,2", "{1,2}x", "{\"a}", "{a\"b\"}", "{,}", "{1,,2}", "[1:2]{1,2}",
            "{{1},2}x", "{1}}", "{a\\", "{{1}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p(bad), bad);
            assertEquals(true, e.getMessage().startsWith("malformed array literal"), bad);
        }
    }
}
