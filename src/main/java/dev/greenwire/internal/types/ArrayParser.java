package dev.greenwire.internal.types;

import dev.greenwire.Cursor;
import dev.greenwire.cast.Caster;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses PostgreSQL's array text output into nested {@link List}s: {@code {1,2,NULL}},
 * {@code {"a b","with \"quote\"","back\\slash",NULL,"NULL"}} (a quoted {@code "NULL"} is the
 * string), {@code {{1,2},{3,4}}}, and arrays with non-default bounds ({@code [0:1]={1,2}},
 * {@code [1:1][1:2]={{1,2}}}, the bounds dropped). Each element's text (null for NULL) goes
 * through the base caster.
 */
final class ArrayParser {
    private final String s;
    private final char delim;
    private final Caster base;
    private final Cursor cursor;
    private int i;

    private ArrayParser(String s, char delim, Caster base, Cursor cursor) {
        this.s = s;
        this.delim = delim;
        this.base = base;
        this.cursor = cursor;
    }

    /**
     * @param text the array text
     * @param delim the element delimiter ({@code ,}; {@code ;} for {@code box})
     * @param base the element caster
     * @param cursor passed to the element caster
     * @return the elements, nested lists for the inner dimensions
     * @throws IllegalArgumentException for malformed text
     */
    static List<Object> parse(String text, char delim, Caster base, Cursor cursor) {
        ArrayParser p = new ArrayParser(text, delim, base, cursor);
        p.skipWs();
        if (p.i < text.length() && text.charAt(p.i) == '[') {
            int eq = text.indexOf('=', p.i);
            if (eq < 0) {
                throw p.malformed("dimensions without '='");
            }
            p.i = eq + 1;
            p.skipWs();
        }
        if (p.i >= text.length() || text.charAt(p.i) != '{') {
            throw p.malformed("'{' expected");
        }
        List<Object> out = p.list();
        p.skipWs();
        if (p.i != text.length()) {
            throw p.malformed("junk after the closing '}'");
        }
        return out;
    }

    private List<Object> list() {
        i++; // '{'
        List<Object> out = new ArrayList<>();
        skipWs();
        if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return out;
        }
        while (true) {
            skipWs();
            if (i >= s.length()) {
                throw malformed("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                out.add(list());
            } else if (c == '"') {
                out.add(base.cast(quoted(), cursor));
            } else {
                out.add(unquoted());
            }
            skipWs();
            if (i >= s.length()) {
                throw malformed("unexpected end");
            }
            c = s.charAt(i++);
            if (c == '}') {
                return out;
            }
            if (c != delim) {
                throw malformed("'" + delim + "' or '}' expected at index " + (i - 1));
            }
        }
    }

    private String quoted() {
        i++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw malformed("unterminated quoted element");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (i >= s.length()) {
                    throw malformed("unterminated quoted element");
                }
                c = s.charAt(i++);
            }
            sb.append(c);
        }
    }

    private Object unquoted() {
        StringBuilder sb = new StringBuilder();
        boolean escaped = false;
        int keep = 0; // length without trailing unescaped whitespace
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == delim || c == '}') {
                break;
            }
            if (c == '{' || c == '"') {
                throw malformed("unexpected '" + c + "' at index " + i);
            }
            i++;
            if (c == '\\') {
                if (i >= s.length()) {
                    throw malformed("unexpected end");
                }
                sb.append(s.charAt(i++));
                escaped = true;
                keep = sb.length();
            } else {
                sb.append(c);
                if (!isSpace(c)) {
                    keep = sb.length();
                }
            }
        }
        sb.setLength(keep);
        if (sb.length() == 0) {
            throw malformed("empty element");
        }
        String v = sb.toString();
        if (!escaped && v.equalsIgnoreCase("NULL")) {
            return base.cast(null, cursor);
        }
        return base.cast(v, cursor);
    }

    private void skipWs() {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
    }

    private IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed array literal: " + why);
    }

    /** PostgreSQL's notion of white space in array and record text (scanner_isspace), not Java's. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f';
    }
}
