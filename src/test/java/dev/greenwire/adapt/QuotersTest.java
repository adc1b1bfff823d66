package dev.greenwire.adapt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.DataException;
import dev.greenwire.ProgrammingException;
import dev.greenwire.internal.types.QuoteContext;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotersTest {
    private static final QuoteContext SCS_OFF = QuoteContext.of("UTF8", false);
    private static final QuoteContext LATIN1 = QuoteContext.of("LATIN1", true);

    private static String text(SqlQuote q) {
        return new String(q.getQuoted(), StandardCharsets.UTF_8);
    }

    private static <T extends SqlQuote> T prepared(T q, QuoteContext ctx) {
        ctx.prepare(q, null);
        return q;
    }

    @Test
    void asIs() {
        assertEquals("42", text(new AsIs(42)));
        assertEquals("'(1, 2)'::point", text(new AsIs("'(1, 2)'::point")));
        assertEquals("NULL", text(new AsIs(null)));
        assertArrayEquals(new byte[] {1, 2}, new AsIs(new byte[] {1, 2}).getQuoted());
        assertArrayEquals(new byte[] {(byte) 0xE9}, prepared(new AsIs("é"), LATIN1).getQuoted());
        assertEquals(42, new AsIs(42).adapted());
        assertEquals("'x'", new AsIs("'x'").toString());
    }

    @Test
    void quotedStringDefault() {
        assertEquals("'hello'", text(new QuotedString("hello")));
        assertEquals("''", text(new QuotedString("")));
        assertEquals("'it''s'", text(new QuotedString("it's")));
        assertEquals("''''''", text(new QuotedString("''")));
        assertEquals("'back\\slash'", text(new QuotedString("back\\slash")));
        assertEquals("'héllo €😀'", text(new QuotedString("héllo €😀")));
        assertEquals("UTF8", new QuotedString("x").encoding());
        assertEquals("x", new QuotedString("x").adapted());
    }

    @Test
    void quotedStringWithoutStandardConformingStrings() {
        assertEquals("E'back\\\\slash'", text(prepared(new QuotedString("back\\slash"), SCS_OFF)));
        assertEquals("E'a''b\\\\'", text(prepared(new QuotedString("a'b\\"), SCS_OFF)));
        assertEquals("'no backslash'", text(prepared(new QuotedString("no backslash"), SCS_OFF)));
        assertEquals("'it''s'", text(prepared(new QuotedString("it's"), SCS_OFF)));
    }

    @Test
    void quotedStringEncodings() {
        QuotedString q = prepared(new QuotedString("café"), LATIN1);
        assertArrayEquals(new byte[] {'\'', 'c', 'a', 'f', (byte) 0xE9, '\''}, q.getQuoted());
        assertEquals("LATIN1", q.encoding());
        assertEquals("'café'", q.toString());
        QuotedString euro = prepared(new QuotedString("5 €"), QuoteContext.of("WIN1252", true));
        assertArrayEquals(new byte[] {'\'', '5', ' ', (byte) 0x80, '\''}, euro.getQuoted());
        DataException e = assertThrows(DataException.class, () -> prepared(new QuotedString("5 €"), LATIN1).getQuoted());
        assertEquals("character '€' (U+20AC) has no equivalent in encoding \"LATIN1\"", e.getMessage());
        e = assertThrows(DataException.class, () -> prepared(new QuotedString("日本"), QuoteContext.of("SQL_ASCII", true)).getQuoted());
        assertTrue(e.getMessage().contains("'日'") && e.getMessage().contains("SQL_ASCII"), e.getMessage());
        assertArrayEquals("'日本'".getBytes(java.nio.charset.Charset.forName("EUC-JP")),
                prepared(new QuotedString("日本"), QuoteContext.of("EUC_JP", true)).getQuoted());
    }

    @Test
    void quotedStringRefusesNul() {
        DataException e = assertThrows(DataException.class, () -> new QuotedString("a\0b").getQuoted());
        assertEquals("A string literal cannot contain NUL (0x00) characters.", e.getMessage());
        assertTrue(new QuotedString("a\0b").toString().startsWith("QuotedString(unquotable"));
    }

    @Test
    void binary() {
        assertEquals("'\\x0102ff'::bytea", text(new Binary(new byte[] {1, 2, (byte) 0xFF})));
        assertEquals("'\\x'::bytea", text(new Binary(new byte[0])));
        assertEquals("E'\\\\x00ab'::bytea", text(prepared(new Binary(new byte[] {0, (byte) 0xAB}), SCS_OFF)));
        byte[] data = {7};
        assertSame(data, new Binary(data).adapted());
    }

    @Test
    void sqlNull() {
        assertEquals("NULL", text(SqlNull.INSTANCE));
        assertEquals("NULL", SqlNull.INSTANCE.toString());
    }

    @Test
    void sqlIn() {
        assertEquals("(1, 2, 3)", text(new SqlIn(List.of(1, 2, 3))));
        assertEquals("('a', NULL, ' -1')", text(new SqlIn(Arrays.asList("a", null, " -1"))));
        assertEquals("( -1, '2024-01-02'::date)", text(new SqlIn(List.of(-1, LocalDate.of(2024, 1, 2)))));
        assertEquals("(E'a\\\\b')", text(prepared(new SqlIn(List.of("a\\b")), SCS_OFF)));
        assertArrayEquals(new byte[] {'(', '\'', (byte) 0xE9, '\'', ')'}, prepared(new SqlIn(List.of("é")), LATIN1).getQuoted());
        ProgrammingException e = assertThrows(ProgrammingException.class, () -> new SqlIn(List.of()));
        assertEquals("SqlIn needs at least one element", e.getMessage());
    }

    @Test
    void json() {
        assertEquals("'{\"a\": 1}'", text(new Json("{\"a\": 1}")));
        assertEquals("'{\"q\": \"it''s\"}'", text(new Json("{\"q\": \"it's\"}")));
        assertEquals("E'\"a\\\\\\\\b\"'", text(prepared(new Json("\"a\\\\b\""), SCS_OFF)));
        assertEquals("'{a=1}'", text(Json.of(Map.of("a", 1), Object::toString)));
        assertEquals("'null'", text(Json.of(null, v -> String.valueOf(v))));
        assertEquals("[1]", new Json("[1]").text());
    }
}
