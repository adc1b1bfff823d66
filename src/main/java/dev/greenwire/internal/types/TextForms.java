package dev.greenwire.internal.types;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsers and writers of the server's text forms of composite values ({@code record_out}),
 * ranges ({@code range_out}) and hstore ({@code hstore_out}).
 *
 * <p>Composite: {@code (a,"b c",,"")}: fields separated by commas, an empty unquoted field is
 * NULL, a quoted field may hold {@code ""} or {@code \"} for a quote and {@code \\} for a
 * backslash. Range: {@code empty}, or a bracket, the lower bound (absent when unbounded), a
 * comma, the upper bound and a bracket; bounds quoted as composite fields. Hstore:
 * {@code "k"=>"v", "k2"=>NULL}, keys and values quoted with backslash escapes.
 */
public final class TextForms {
    private TextForms() {
    }

    /**
     * Splits a composite value's text into its fields.
     *
     * @param s the text, e.g. {@code (1,"a b",)}
     * @return the fields' texts, null for NULL
     * @throws IllegalArgumentException when the text is malformed
     */
    public static List<String> parseComposite(String s) {
        if (s.length() < 2 || s.charAt(0) != '(' || s.charAt(s.length() - 1) != ')') {
            throw new IllegalArgumentException("a composite value must be enclosed in parentheses");
        }
        List<String> out = new ArrayList<>();
        int end = s.length() - 1;
        int[] pos = {1};
        while (true) {
            out.add(field(s, pos, end, ','));
            if (pos[0] >= end) {
                break;
            }
            pos[0]++; // the comma
        }
        return out;
    }

    /**
     * One field of a composite or range: quoted, bare, or absent (null), ending before
     * {@code sep} or at {@code end}.
     */
    private static String field(String s, int[] pos, int end, char sep) {
        int i = pos[0];
        if (i >= end || s.charAt(i) == sep) {
            pos[0] = i;
            return null;
        }
        StringBuilder sb = new StringBuilder();
        while (i < end) {
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                while (true) {
                    if (i >= end) {
                        throw new IllegalArgumentException("unterminated quoted field");
                    }
                    char q = s.charAt(i);
                    if (q == '\\') {
                        if (i + 1 >= end) {
                            throw new IllegalArgumentException("unterminated escape in a quoted field");
                        }
                        sb.append(s.charAt(i + 1));
                        i += 2;
                    } else if (q == '"') {
                        if (i + 1 < end && s.charAt(i + 1) == '"') {
                            sb.append('"');
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        sb.append(q);
                        i++;
                    }
                }
            } else if (c == '\\') {
                if (i + 1 >= end) {
                    throw new IllegalArgumentException("unterminated escape");
                }
                sb.append(s.charAt(i + 1));
                i += 2;
            } else if (c == sep) {
                break;
            } else {
                sb.append(c);
                i++;
            }
        }
        pos[0] = i;
        return sb.toString();
    }

    /** A parsed range: null when empty. */
    public record RangeText(String lower, String upper, boolean lowerInclusive, boolean upperInclusive) {
    }

    /**
     * Parses a range's text.
     *
     * @param s e.g. {@code [1,10)}, {@code (,"2024-01-01 00:00:00"]}, {@code empty}
     * @return the bounds' texts (null when unbounded), or null for an empty range
     * @throws IllegalArgumentException when the text is malformed
     */
    public static RangeText parseRange(String s) {
        String t = s.strip();
        if (t.equalsIgnoreCase("empty")) {
            return null;
        }
        if (t.length() < 3) {
            throw new IllegalArgumentException("malformed range literal");
        }
        char open = t.charAt(0);
        char close = t.charAt(t.length() - 1);
        if ((open != '[' && open != '(') || (close != ']' && close != ')')) {
            throw new IllegalArgumentException("a range must start with [ or ( and end with ] or )");
        }
        int end = t.length() - 1;
        int[] pos = {1};
        String lower = field(t, pos, end, ',');
        if (pos[0] >= end || t.charAt(pos[0]) != ',') {
            throw new IllegalArgumentException("a range needs a comma between its bounds");
        }
        pos[0]++;
        String upper = field(t, pos, end, ',');
        if (pos[0] != end) {
            throw new IllegalArgumentException("junk after the upper bound of a range");
        }
        return new RangeText(lower, upper, lower != null && open == '[', upper != null && close == ']');
    }

    /**
     * Parses an hstore's text.
     *
     * @param s e.g. {@code "a"=>"1", "b"=>NULL}
     * @return the pairs in their order, null values for NULL
     * @throws IllegalArgumentException when the text is malformed
     */
    public static Map<String, String> parseHstore(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = s.length();
        int i = skipSpaces(s, 0);
        while (i < n) {
            int[] pos = {i};
            String key = hstoreItem(s, pos);
            if (key == null) {
                throw new IllegalArgumentException("an hstore key cannot be NULL");
            }
            i = skipSpaces(s, pos[0]);
            if (!s.startsWith("=>", i)) {
                throw new IllegalArgumentException("expected => after an hstore key");
            }
            i = skipSpaces(s, i + 2);
            pos[0] = i;
            String value = hstoreItem(s, pos);
            out.put(key, value);
            i = skipSpaces(s, pos[0]);
            if (i < n) {
                if (s.charAt(i) != ',') {
                    throw new IllegalArgumentException("expected , between hstore pairs");
                }
                i = skipSpaces(s, i + 1);
            }
        }
        return out;
    }

    private static String hstoreItem(String s, int[] pos) {
        int i = pos[0];
        int n = s.length();
        if (i < n && s.charAt(i) == '"') {
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                if (i >= n) {
                    throw new IllegalArgumentException("unterminated quoted hstore item");
                }
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    sb.append(s.charAt(i + 1));
                    i += 2;
                } else if (c == '"') {
                    pos[0] = i + 1;
                    return sb.toString();
                } else {
                    sb.append(c);
                    i++;
                }
            }
        }
        int start = i;
        while (i < n && s.charAt(i) != ',' && s.charAt(i) != '=' && !ArrayParser.isSpace(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw new IllegalArgumentException("empty hstore item");
        }
        pos[0] = i;
        String bare = s.substring(start, i);
        return bare.equalsIgnoreCase("NULL") ? null : bare;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && ArrayParser.isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Writes an hstore's text form: every key and value quoted, {@code "} and {@code \}
     * escaped, NULL values bare.
     *
     * @param map the pairs; keys must not be null
     * @return e.g. {@code "a"=>"1", "b"=>NULL}
     */
    public static String formatHstore(Map<String, String> map) {
        StringBuilder sb = new StringBuilder(16 * map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            hstoreQuoted(sb, e.getKey()).append("=>");
            if (e.getValue() == null) {
                sb.append("NULL");
            } else {
                hstoreQuoted(sb, e.getValue());
            }
        }
        return sb.toString();
    }

    private static StringBuilder hstoreQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"');
    }

    /**
     * Splits a multirange's text into its ranges' texts.
     *
     * @param s e.g. {@code {[1,3),[5,7)}} or {@code {}}
     * @return each range's text
     * @throws IllegalArgumentException when the text is malformed
     */
    public static java.util.List<String> splitMultirange(String s) {
        String t = s.strip();
        if (t.length() < 2 || t.charAt(0) != '{' || t.charAt(t.length() - 1) != '}') {
            throw new IllegalArgumentException("a multirange must be enclosed in braces");
        }
        java.util.List<String> out = new ArrayList<>();
        int i = 1;
        int end = t.length() - 1;
        while (i < end) {
            char c = t.charAt(i);
            if (c == ',' || ArrayParser.isSpace(c)) {
                i++;
                continue;
            }
            if (t.startsWith("empty", i)) {
                out.add("empty");
                i += 5;
                continue;
            }
            if (c != '[' && c != '(') {
                throw new IllegalArgumentException("a range in a multirange must start with [ or (");
            }
            int start = i;
            boolean quoted = false;
            i++;
            while (i < end) {
                char d = t.charAt(i);
                if (d == '\\' && quoted) {
                    i += 2;
                    continue;
                }
                if (d == '"') {
                    quoted = !quoted;
                } else if (!quoted && (d == ']' || d == ')')) {
                    break;
                }
                i++;
            }
            if (i >= end) {
                throw new IllegalArgumentException("unterminated range in a multirange");
            }
            out.add(t.substring(start, i + 1));
            i++;
        }
        return out;
    }
}
