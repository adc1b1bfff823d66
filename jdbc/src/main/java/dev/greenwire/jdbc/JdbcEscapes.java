package dev.greenwire.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JDBC escapes of {@link SqlLexer}: {@code {fn …}}, {@code {d …}}, {@code {t …}}, {@code {ts …}},
 * {@code {oj …}}, {@code {escape …}}, {@code {limit …}}, {@code {call …}} and {@code {? = call …}}.
 */
final class JdbcEscapes {
    private JdbcEscapes() {
    }

    /** The {@code {call …}} / {@code {? = call …}} escape that makes up the whole text, or null. */
    static SqlLexer.Call callEscape(String s, boolean standardStrings) throws SQLException {
        if (!s.startsWith("{") || !s.endsWith("}")) {
            return null;
        }
        if (matchingBrace(s, 0, standardStrings) != s.length() - 1) {
            return null;
        }
        String body = s.substring(1, s.length() - 1).strip();
        boolean returns = false;
        if (body.startsWith("?")) {
            String rest = body.substring(1).stripLeading();
            if (!rest.startsWith("=")) {
                return null;
            }
            body = rest.substring(1).stripLeading();
            returns = true;
        }
        if (!body.regionMatches(true, 0, "call", 0, 4) || body.length() < 5 || !Character.isWhitespace(body.charAt(4))) {
            if (returns) {
                throw new SQLException("malformed function call escape: " + s + " (expected {? = call f(…)})", "42601");
            }
            return null;
        }
        String target = body.substring(5).strip();
        int open = -1;
        for (int i = 0; i < target.length(); i++) {
            int e = SqlLexer.skip(target, i, standardStrings);
            if (e != i) {
                i = e - 1;
                continue;
            }
            if (target.charAt(i) == '(') {
                open = i;
                break;
            }
        }
        List<String> args = new ArrayList<>();
        String fn;
        if (open < 0) {
            fn = target;
        } else {
            if (!target.endsWith(")")) {
                throw new SQLException("malformed call escape: " + s + " (the argument list must end the call)", "42601");
            }
            fn = target.substring(0, open).strip();
            String inside = target.substring(open + 1, target.length() - 1);
            if (!inside.isBlank()) {
                args.addAll(splitArgs(inside, standardStrings));
            }
        }
        if (fn.isEmpty()) {
            throw new SQLException("malformed call escape: " + s + " (no function name)", "42601");
        }
        return new SqlLexer.Call(returns, escapes(fn, standardStrings), args);
    }

    /** Splits a list at its top-level commas, each part stripped. */
    static List<String> splitArgs(String s, boolean standardStrings) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            int e = SqlLexer.skip(s, i, standardStrings);
            if (e != i) {
                i = e - 1;
                continue;
            }
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(s.substring(start).strip());
        return out;
    }

    /** The index of the brace closing the one at {@code open}, or -1. */
    private static int matchingBrace(String s, int open, boolean standardStrings) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            int e = SqlLexer.skip(s, i, standardStrings);
            if (e != i) {
                i = e - 1;
                continue;
            }
            char c = s.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Translates the JDBC escapes of {@code s} (outside quotes and comments), innermost first. */
    static String escapes(String s, boolean standardStrings) throws SQLException {
        if (s.indexOf('{') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            int e = SqlLexer.skip(s, i, standardStrings);
            if (e != i) {
                out.append(s, i, e);
                i = e;
                continue;
            }
            char c = s.charAt(i);
            if (c == '{') {
                int close = matchingBrace(s, i, standardStrings);
                if (close < 0) {
                    throw new SQLException("unterminated JDBC escape starting at character " + (i + 1) + ": "
                            + s.substring(i, Math.min(n, i + 40)), "42601");
                }
                String inner = escapes(s.substring(i + 1, close), standardStrings);
                String t = translate(inner, standardStrings);
                out.append(t == null ? "{" + inner + "}" : t);
                i = close + 1;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** One escape's body, translated; null when it is not a JDBC escape (left as written). */
    private static String translate(String body, boolean standardStrings) throws SQLException {
        String b = body.strip();
        int sp = 0;
        while (sp < b.length() && Character.isLetter(b.charAt(sp))) {
            sp++;
        }
        String kw = b.substring(0, sp).toLowerCase(Locale.ROOT);
        String rest = b.substring(sp).strip();
        switch (kw) {
            case "d":
                return "DATE " + rest;
            case "t":
                return "TIME " + rest;
            case "ts":
                return "TIMESTAMP " + rest;
            case "oj":
                return rest;
            case "escape":
                return "ESCAPE " + rest;
            case "limit": {
                String r = rest;
                int off = indexOfWord(r, "offset");
                if (off >= 0) {
                    return "LIMIT " + r.substring(0, off).strip() + " OFFSET " + r.substring(off + 6).strip();
                }
                return "LIMIT " + r;
            }
            case "fn":
                return function(rest, standardStrings);
            case "call":
                return "SELECT * FROM " + rest + " AS result";
            default:
                return null;
        }
    }

    private static int indexOfWord(String s, String word) {
        String l = s.toLowerCase(Locale.ROOT);
        int i = l.indexOf(word);
        while (i >= 0) {
            boolean before = i == 0 || !SqlLexer.identChar(l.charAt(i - 1));
            boolean after = i + word.length() >= l.length() || !SqlLexer.identChar(l.charAt(i + word.length()));
            if (before && after) {
                return i;
            }
            i = l.indexOf(word, i + 1);
        }
        return -1;
    }

    /** A {@code {fn name(args)}} escape: the JDBC scalar functions with a PostgreSQL spelling; others as written. */
    private static String function(String call, boolean standardStrings) throws SQLException {
        int open = call.indexOf('(');
        if (open < 0 || !call.endsWith(")")) {
            throw new SQLException("malformed {fn …} escape: " + call + " (expected name(arguments))", "42601");
        }
        String name = call.substring(0, open).strip().toLowerCase(Locale.ROOT);
        String inside = call.substring(open + 1, call.length() - 1);
        List<String> a = inside.isBlank() ? List.of() : splitArgs(inside, standardStrings);
        switch (name) {
            case "ucase": return "upper(" + join(a) + ")";
            case "lcase": return "lower(" + join(a) + ")";
            case "concat": return "(" + String.join(" || ", a) + ")";
            case "ifnull": return "coalesce(" + join(a) + ")";
            case "curdate", "current_date": return "current_date";
            case "curtime", "current_time": return "current_time";
            case "now", "current_timestamp": return "now()";
            case "database": return "current_database()";
            case "user": return "current_user";
            case "ceiling": return "ceil(" + join(a) + ")";
            case "log": return "ln(" + join(a) + ")";
            case "log10": return "log(" + join(a) + ")";
            case "truncate": return "trunc(" + join(a) + ")";
            case "char": return "chr(" + join(a) + ")";
            case "length": return "length(trim(trailing from " + join(a) + "))";
            case "locate":
                if (a.size() == 2) {
                    return "position(" + a.get(0) + " in " + a.get(1) + ")";
                }
                if (a.size() == 3) {
                    return "(position(" + a.get(0) + " in substring(" + a.get(1) + " from " + a.get(2) + "))"
                            + " + (" + a.get(2) + ") - 1)";
                }
                throw new SQLException("{fn locate} takes 2 or 3 arguments, not " + a.size(), "42601");
            case "substring": return "substr(" + join(a) + ")";
            case "insert":
                if (a.size() != 4) {
                    throw new SQLException("{fn insert} takes 4 arguments, not " + a.size(), "42601");
                }
                return "overlay(" + a.get(0) + " placing " + a.get(3) + " from " + a.get(1) + " for " + a.get(2) + ")";
            case "space": return "repeat(' ', " + join(a) + ")";
            case "dayofmonth": return "extract(day from " + join(a) + ")";
            case "dayofweek": return "(extract(dow from " + join(a) + ") + 1)";
            case "dayofyear": return "extract(doy from " + join(a) + ")";
            case "hour": return "extract(hour from " + join(a) + ")";
            case "minute": return "extract(minute from " + join(a) + ")";
            case "second": return "extract(second from " + join(a) + ")";
            case "month": return "extract(month from " + join(a) + ")";
            case "quarter": return "extract(quarter from " + join(a) + ")";
            case "week": return "extract(week from " + join(a) + ")";
            case "year": return "extract(year from " + join(a) + ")";
            case "dayname": return "to_char(" + join(a) + ", 'Day')";
            case "monthname": return "to_char(" + join(a) + ", 'Month')";
            case "rand": return "random()";
            default: return call.substring(0, open).strip() + "(" + join(a) + ")";
        }
    }

    private static String join(List<String> a) {
        return String.join(", ", a);
    }
}
