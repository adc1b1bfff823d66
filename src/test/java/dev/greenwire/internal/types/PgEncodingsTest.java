package dev.greenwire.internal.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.DataException;
import dev.greenwire.NotSupportedException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PgEncodingsTest {
    @Test
    void normalizesAliasesLikePostgres() {
        assertEquals("UTF8", PgEncodings.normalize("utf-8"));
        assertEquals("UTF8", PgEncodings.normalize("Unicode"));
        assertEquals("UTF8", PgEncodings.normalize("UTF8"));
        assertEquals("LATIN1", PgEncodings.normalize("iso-8859-1"));
        assertEquals("LATIN1", PgEncodings.normalize("latin_1"));
        assertEquals("LATIN9", PgEncodings.normalize("ISO885915"));
        assertEquals("SQL_ASCII", PgEncodings.normalize("sql-ascii"));
        assertEquals("WIN1252", PgEncodings.normalize("windows-1252"));
        assertEquals("WIN1251", PgEncodings.normalize("win"));
        assertEquals("SJIS", PgEncodings.normalize("ShiftJIS"));
        assertEquals("SJIS", PgEncodings.normalize("mskanji"));
        assertEquals("EUC_JP", PgEncodings.normalize("eucjp"));
        assertEquals("ISO_8859_5", PgEncodings.normalize("iso_8859_5"));
        assertEquals("UHC", PgEncodings.normalize("windows949"));
        assertEquals("KOI8R", PgEncodings.normalize("koi8"));
    }

    @Test
    void charsets() {
        assertSame(StandardCharsets.UTF_8, PgEncodings.charset("UTF8"));
        assertSame(StandardCharsets.UTF_8, PgEncodings.charset("unicode"));
        assertEquals(StandardCharsets.ISO_8859_1, PgEncodings.charset("SQL_ASCII"));
        assertEquals(StandardCharsets.ISO_8859_1, PgEncodings.charset("LATIN1"));
        assertEquals(Charset.forName("ISO-8859-15"), PgEncodings.charset("LATIN9"));
        assertEquals(Charset.forName("ISO-8859-16"), PgEncodings.charset("LATIN10"));
        assertEquals(Charset.forName("ISO-8859-9"), PgEncodings.charset("LATIN5"));
        for (int i = 1250; i <= 1258; i++) {
            assertEquals(Charset.forName("windows-" + i), PgEncodings.charset("WIN" + i));
        }
        for (String e : new String[] {"KOI8R", "KOI8U", "EUC_JP", "EUC_KR", "SJIS", "BIG5", "GBK", "UHC", "GB18030",
            "LATIN2", "LATIN3", "LATIN4", "LATIN7", "WIN866", "WIN874", "EUC_CN", "EUC_TW", "JOHAB"}) {
            PgEncodings.charset(e);
        }
    }

    @Test
    void unknownAndUnsupportedEncodings() {
        NotSupportedException e = assertThrows(NotSupportedException.class, () -> PgEncodings.normalize("klingon"));
        assertTrue(e.getMessage().contains("klingon"), e.getMessage());
        e = assertThrows(NotSupportedException.class, () -> PgEncodings.charset("klingon-8"));
        assertTrue(e.getMessage().contains("klingon-8"), e.getMessage());
        e = assertThrows(NotSupportedException.class, () -> PgEncodings.charset("MULE_INTERNAL"));
        assertTrue(e.getMessage().contains("MULE_INTERNAL"), e.getMessage());
        assertEquals("LATIN6", PgEncodings.normalize("iso885910")); // PostgreSQL knows it
    }

    @Test
    void sqlAsciiRoundTripsEveryByte() {
        Charset cs = PgEncodings.charset("SQL_ASCII");
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertEquals(new String(all, cs), new String(new String(all, cs).getBytes(cs), cs));
    }

    @Test
    void byteBufEncodesPerContext() {
        ByteBuf b = new ByteBuf(1);
        b.writeText("aé€😀", 0, 5, QuoteContext.DEFAULT);
        assertEquals("aé€😀", new String(b.toByteArray(), StandardCharsets.UTF_8));
        ByteBuf l = new ByteBuf(1);
        l.writeText("xé", 0, 2, QuoteContext.of("LATIN1", true));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {'x', (byte) 0xE9}, l.toByteArray());
        DataException ex = assertThrows(DataException.class,
                () -> new ByteBuf(4).writeText("a€", 0, 2, QuoteContext.of("LATIN1", true)));
        assertEquals("character '€' (U+20AC) has no equivalent in encoding \"LATIN1\"", ex.getMessage());
        ex = assertThrows(DataException.class, () -> new ByteBuf(4).writeText("a\uD800b", 0, 3, QuoteContext.DEFAULT));
        assertTrue(ex.getMessage().contains("U+D800"), ex.getMessage());
        ex = assertThrows(DataException.class,
                () -> new ByteBuf(4).writeText("a\uDC00", 0, 2, QuoteContext.of("WIN1252", true)));
        assertTrue(ex.getMessage().contains("U+DC00"), ex.getMessage());
        ByteBuf big = new ByteBuf(1);
        String s = "é".repeat(10_000);
        big.writeText(s, 0, s.length(), QuoteContext.of("LATIN1", true));
        assertEquals(10_000, big.length());
    }

    @Test
    void quoteContexts() {
        QuoteContext a = QuoteContext.of("latin-1", false);
        assertEquals("LATIN1", a.encoding());
        assertEquals(false, a.standardConformingStrings());
        assertSame(a, QuoteContext.of("latin-1", false));
        assertSame(QuoteContext.DEFAULT, QuoteContext.of((dev.greenwire.Connection) null));
        assertEquals("UTF8", QuoteContext.of((String) null, true).encoding());
    }
}
