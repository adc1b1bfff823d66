package dev.greenwire.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Protocol strings: what {@code cstring} writes is the string encoded and a NUL, whichever path it takes. */
class OutBufStringTest {

    private static byte[] written(String s, Charset cs) {
        OutBuf out = new OutBuf(4); // smaller than the strings: the buffer grows on the way
        out.cstring(s, cs);
        ByteBuffer b = out.pending();
        byte[] got = new byte[b.remaining()];
        b.get(got);
        return got;
    }

    private static byte[] expected(String s, Charset cs) {
        byte[] e = s.getBytes(cs);
        byte[] withNul = new byte[e.length + 1];
        System.arraycopy(e, 0, withNul, 0, e.length);
        return withNul;
    }

    @Test
    void writesTheEncodedStringAndANul() {
        Charset[] charsets = {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, StandardCharsets.US_ASCII,
            Charset.forName("windows-1252"), Charset.forName("EUC-JP")};
        String[] strings = {"", "S_12", "SELECT id FROM t WHERE x = $1", "ascii then é", "é first", "~\u007f",
            "日本語", "😀 and more text after it"};
        for (Charset cs : charsets) {
            for (String s : strings) {
                assertArrayEquals(expected(s, cs), written(s, cs), s + " in " + cs);
            }
        }
    }

    @Test
    void refusesANulInside() {
        for (Charset cs : new Charset[] {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, Charset.forName("EUC-JP")}) {
            for (String s : new String[] {"a\0b", "\0", "é\0", "a\0é"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new OutBuf(16).cstring(s, cs), s + " in " + cs);
                assertTrue(e.getMessage().contains("NUL"), e.getMessage());
            }
        }
    }

    @Test
    void appendsAfterWhatIsAlreadyThere() {
        OutBuf out = new OutBuf(8);
        out.cstring("portal", StandardCharsets.UTF_8).cstring("S_1", StandardCharsets.UTF_8).cstring("é", StandardCharsets.UTF_8);
        ByteBuffer b = out.pending();
        byte[] got = new byte[b.remaining()];
        b.get(got);
        assertEquals("portal\0S_1\0é\0", new String(got, StandardCharsets.UTF_8));
    }
}
