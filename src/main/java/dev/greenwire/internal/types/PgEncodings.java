package dev.greenwire.internal.types;

import dev.greenwire.NotSupportedException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PostgreSQL client encoding names and the Java charsets that encode them.
 *
 * <p>Names are matched as PostgreSQL does: case-insensitive and ignoring every character that
 * is not a letter or a digit, so {@code utf-8}, {@code Unicode} and {@code UTF8} are the same
 * encoding. {@code SQL_ASCII} is mapped to ISO-8859-1 so that every byte round-trips unchanged.
 */
public final class PgEncodings {
    /** Canonical PostgreSQL name → Java charset name (null: PostgreSQL knows it, Java does not). */
    private static final Map<String, String> JAVA = new HashMap<>();
    /** Cleaned name or alias → canonical PostgreSQL name. */
    private static final Map<String, String> CANONICAL = new HashMap<>();
    private static final Map<String, Charset> CHARSETS = new ConcurrentHashMap<>();

    static {
        String[][] names = {
            {"UTF8", "UTF-8"}, {"SQL_ASCII", "ISO-8859-1"},
            {"LATIN1", "ISO-8859-1"}, {"LATIN2", "ISO-8859-2"}, {"LATIN3", "ISO-8859-3"},
            {"LATIN4", "ISO-8859-4"}, {"LATIN5", "ISO-8859-9"}, {"LATIN6", "ISO-8859-10"},
            {"LATIN7", "ISO-8859-13"}, {"LATIN8", "ISO-8859-14"}, {"LATIN9", "ISO-8859-15"},
            {"LATIN10", "ISO-8859-16"}, {"ISO_8859_5", "ISO-8859-5"}, {"ISO_8859_6", "ISO-8859-6"},
            {"ISO_8859_7", "ISO-8859-7"}, {"ISO_8859_8", "ISO-8859-8"},
            {"WIN1250", "windows-1250"}, {"WIN1251", "windows-1251"}, {"WIN1252", "windows-1252"},
            {"WIN1253", "windows-1253"}, {"WIN1254", "windows-1254"}, {"WIN1255", "windows-1255"},
            {"WIN1256", "windows-1256"}, {"WIN1257", "windows-1257"}, {"WIN1258", "windows-1258"},
            {"WIN866", "IBM866"}, {"WIN874", "x-windows-874"}, {"KOI8R", "KOI8-R"}, {"KOI8U", "KOI8-U"},
            {"EUC_JP", "EUC-JP"}, {"EUC_CN", "GB2312"}, {"EUC_KR", "EUC-KR"}, {"EUC_TW", "x-EUC-TW"},
            {"EUC_JIS_2004", null}, {"SJIS", "windows-31j"}, {"SHIFT_JIS_2004", "x-SJIS_0213"},
            {"BIG5", "Big5"}, {"GBK", "GBK"}, {"UHC", "x-windows-949"}, {"GB18030", "GB18030"},
            {"JOHAB", "x-Johab"}, {"MULE_INTERNAL", null},
        };
        for (String[] n : names) {
            JAVA.put(n[0], n[1]);
            CANONICAL.put(clean(n[0]), n[0]);
        }
        String[][] aliases = {
            {"abc", "WIN1258"}, {"alt", "WIN866"}, {"iso88591", "LATIN1"}, {"iso88592", "LATIN2"},
            {"iso88593", "LATIN3"}, {"iso88594", "LATIN4"}, {"iso88599", "LATIN5"},
            {"iso885910", "LATIN6"}, {"iso885913", "LATIN7"}, {"iso885914", "LATIN8"},
            {"iso885915", "LATIN9"}, {"iso885916", "LATIN10"}, {"koi8", "KOI8R"},
            {"mskanji", "SJIS"}, {"shiftjis", "SJIS"}, {"tcvn", "WIN1258"}, {"tcvn5712", "WIN1258"},
            {"unicode", "UTF8"}, {"vscii", "WIN1258"}, {"win", "WIN1251"}, {"windows866", "WIN866"},
            {"windows874", "WIN874"}, {"windows932", "SJIS"}, {"windows936", "GBK"},
            {"windows949", "UHC"}, {"windows950", "BIG5"},
        };
        for (String[] a : aliases) {
            CANONICAL.put(a[0], a[1]);
        }
        for (int i = 1250; i <= 1258; i++) {
            CANONICAL.put("windows" + i, "WIN" + i);
        }
    }

    private PgEncodings() {
    }

    /**
     * Returns PostgreSQL's canonical name for an encoding name or alias.
     *
     * @param name any spelling PostgreSQL accepts, e.g. {@code "utf-8"}, {@code "Latin1"}, {@code "unicode"}
     * @return the canonical name, e.g. {@code "UTF8"}, {@code "LATIN1"}
     * @throws NotSupportedException when PostgreSQL has no such encoding
     */
    public static String normalize(String name) {
        String canonical = name == null ? null : CANONICAL.get(clean(name));
        if (canonical == null) {
            throw new NotSupportedException("unknown PostgreSQL encoding: " + name);
        }
        return canonical;
    }

    /**
     * The one error for a character an encoding cannot hold, e.g. {@code character '€' (U+20AC)
     * has no equivalent in encoding "LATIN1"}.
     *
     * @param codePoint the character
     * @param pgEncoding the PostgreSQL name of the encoding
     * @return the exception to throw
     */
    public static dev.greenwire.DataException unencodable(int codePoint, String pgEncoding) {
        return new dev.greenwire.DataException(String.format("character '%s' (U+%04X) has no equivalent in encoding \"%s\"",
                new String(Character.toChars(codePoint)), codePoint, pgEncoding));
    }

    /**
     * The one strict encoder: {@code s} in the encoding, or {@link #unencodable} naming the first
     * character it cannot hold (an unpaired surrogate included).
     *
     * @param s the text
     * @param pgEncoding the PostgreSQL name of the encoding
     * @return the bytes
     */
    public static byte[] encode(CharSequence s, String pgEncoding) {
        java.nio.charset.CharsetEncoder enc = charset(pgEncoding).newEncoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.CharBuffer in = java.nio.CharBuffer.wrap(s);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate((int) Math.ceil(s.length() * (double) enc.maxBytesPerChar()) + 4);
        java.nio.charset.CoderResult r = enc.encode(in, out, true);
        if (!r.isError()) {
            r = enc.flush(out);
        }
        if (r.isError()) {
            throw unencodable(Character.codePointAt(s, in.position()), pgEncoding);
        }
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    /**
     * Returns the Java charset that encodes a PostgreSQL encoding.
     *
     * @param pgEncodingName the encoding's name or alias (see {@link #normalize})
     * @return the charset
     * @throws NotSupportedException when the encoding is unknown or Java has no charset for it
     *     (e.g. LATIN6, LATIN8, EUC_JIS_2004, MULE_INTERNAL)
     */
    public static Charset charset(String pgEncodingName) {
        Charset cs = pgEncodingName == null ? null : CHARSETS.get(pgEncodingName);
        if (cs != null) {
            return cs;
        }
        String canonical = normalize(pgEncodingName);
        String javaName = JAVA.get(canonical);
        if (javaName == null || !Charset.isSupported(javaName)) {
            throw new NotSupportedException("the encoding " + canonical + " is not supported by this Java runtime");
        }
        cs = "UTF-8".equals(javaName) ? StandardCharsets.UTF_8 : Charset.forName(javaName);
        CHARSETS.put(pgEncodingName, cs);
        return cs;
    }

    private static String clean(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
