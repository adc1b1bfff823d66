package dev.greenwire.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * JDBC SQL to PostgreSQL SQL, with PostgreSQL's lexical rules: {@code ?} placeholders become
 * {@code $1}, {@code $2}… (numbered per statement), {@code ??} is a literal {@code ?} (the
 * jsonb {@code ?}, {@code ?|} and {@code ?&} operators), and nothing changes inside quoted
 * strings ({@code '…'} with {@code ''}, {@code E'…'} with backslash escapes, and every string
 * when {@code standard_conforming_strings} is off), quoted identifiers ({@code "…"}), dollar
 * quotes ({@code $tag$…$tag$}) and comments ({@code --…} and nested {@code /* … *}{@code /}).
 * Statements are split at top-level semicolons (not inside parentheses or a
 * {@code BEGIN ATOMIC … END} body). JDBC escapes ({@code {fn …}}, {@code {d …}},
 * {@code {t …}}, {@code {ts …}}, {@code {oj …}}, {@code {escape …}}, {@code {limit …}},
 * {@code {call …}} and {@code {? = call …}}) are translated first.
 */
final class SqlLexer {
    private SqlLexer() {
    }

    /** One statement of a parsed text. */
    static final class Stmt {
        /** The statement with {@code $n} placeholders. */
        final String sql;
        /** For each {@code $n} (index n-1), the JDBC parameter index it stands for (1-based). */
        final int[] params;
        /** The statement's verb, upper case ({@code SELECT}, {@code INSERT}…; the main one after WITH), or "". */
        final String verb;
        /** Whether it has a top-level RETURNING clause. */
        final boolean returning;
        /** For a one-row {@code INSERT … VALUES (…)} whose placeholders are all in the row: the row's bounds in {@link #sql}, else -1. */
        final int valuesStart;
        final int valuesEnd;
        /** {@link #sql} encoded, and the charset it was encoded in (a statement run again reuses them). */
        private volatile Object[] encoded;

        /** @return {@link #sql} in {@code cs}, encoded once per charset */
        byte[] bytes(java.nio.charset.Charset cs) {
            Object[] e = encoded;
            if (e != null && e[0] == cs) {
                return (byte[]) e[1];
            }
            byte[] b = sql.getBytes(cs);
            encoded = new Object[] {cs, b};
            return b;
        }

        Stmt(String sql, int[] params, String verb, boolean returning, int valuesStart, int valuesEnd) {
            this.sql = sql;
            this.params = params;
            this.verb = verb;
            this.returning = returning;
            this.valuesStart = valuesStart;
            this.valuesEnd = valuesEnd;
        }

        /** @return whether generated keys can be asked for with an added RETURNING clause */
        boolean canReturn() {
            return !returning && dml();
        }

        /** @return whether the rows of this statement are generated keys when keys are asked for */
        boolean keysFrom() {
            return dml();
        }

        private boolean dml() {
            return verb.equals("INSERT") || verb.equals("UPDATE") || verb.equals("DELETE") || verb.equals("MERGE");
        }

        @Override
        public String toString() {
            return sql;
        }
    }

    /** A {@code {call …}} or {@code {? = call …}} escape: the function and its arguments as written. */
    record Call(boolean returnsValue, String function, List<String> args) {
    }

    /** A parsed text: its statements, how many {@code ?} it had, and its call escape if any. */
    record Parsed(List<Stmt> statements, int parameterCount, Call call) {
    }

    /**
     * Parses JDBC SQL.
     *
     * @param sql the text
     * @param withParameters whether {@code ?} are placeholders (PreparedStatement) or not (Statement)
     * @param escapes whether JDBC escapes are processed
     * @param standardStrings the server's {@code standard_conforming_strings}
     * @return the statements
     * @throws SQLException for a malformed escape
     */
    static Parsed parse(String sql, boolean withParameters, boolean escapes, boolean standardStrings)
            throws SQLException {
        Call call = null;
        String text = sql;
        if (escapes) {
            String trimmed = sql.strip();
            call = callEscape(trimmed, standardStrings);
            if (call != null) {
                StringBuilder sb = new StringBuilder("SELECT * FROM ").append(call.function()).append('(');
                for (int i = 0; i < call.args().size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(call.args().get(i));
                }
                text = sb.append(") AS result").toString();
            }
            text = escapes(text, standardStrings);
        }
        Parsed p = split(text, withParameters, standardStrings, call);
        if (call != null && call.returnsValue()) {
            // the leading "? =" is parameter 1: the arguments' placeholders come after it
            List<Stmt> shifted = new ArrayList<>();
            for (Stmt st : p.statements()) {
                int[] params = st.params.clone();
                for (int k = 0; k < params.length; k++) {
                    params[k]++;
                }
                shifted.add(new Stmt(st.sql, params, st.verb, st.returning, -1, -1));
            }
            return new Parsed(List.copyOf(shifted), p.parameterCount() + 1, call);
        }
        return p;
    }

    /**
     * Splits text that is already PostgreSQL SQL except for its {@code ?} placeholders (a call
     * rebuilt by a CallableStatement).
     */
    static Parsed splitPlain(String text, boolean standardStrings) {
        return split(text, true, standardStrings, null);
    }

    // ---- lexical rules --------------------------------------------------------------------

    static boolean identChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }

    private static boolean identStart(char c) {
        return Character.isLetter(c) || c == '_' || c >= 0x80;
    }

    /**
     * The end of the quoted string, identifier, dollar quote or comment starting at {@code i},
     * or {@code i} when none starts there.
     */
    static int skip(String s, int i, boolean standardStrings) {
        int n = s.length();
        char c = s.charAt(i);
        switch (c) {
            case '\'' -> {
                boolean backslash = !standardStrings
                        || (i > 0 && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E') && (i < 2 || !identChar(s.charAt(i - 2))));
                int j = i + 1;
                while (j < n) {
                    char d = s.charAt(j);
                    if (backslash && d == '\\') {
                        j += 2;
                        continue;
                    }
                    if (d == '\'') {
                        if (j + 1 < n && s.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        return j + 1;
                    }
                    j++;
                }
                return n;
            }
            case '"' -> {
                int j = i + 1;
                while (j < n) {
                    if (s.charAt(j) == '"') {
                        if (j + 1 < n && s.charAt(j + 1) == '"') {
                            j += 2;
                            continue;
                        }
                        return j + 1;
                    }
                    j++;
                }
                return n;
            }
            case '$' -> {
                if (i > 0 && identChar(s.charAt(i - 1))) {
                    return i; // inside an identifier such as a$b
                }
                int j = i + 1;
                if (j < n && identStart(s.charAt(j))) {
                    j++;
                    while (j < n && identChar(s.charAt(j)) && s.charAt(j) != '$') {
                        j++;
                    }
                }
                if (j >= n || s.charAt(j) != '$') {
                    return i; // $1 or a lone $
                }
                String tag = s.substring(i, j + 1);
                int end = s.indexOf(tag, j + 1);
                return end < 0 ? n : end + tag.length();
            }
            case '-' -> {
                if (i + 1 < n && s.charAt(i + 1) == '-') {
                    int nl = s.indexOf('\n', i);
                    int cr = s.indexOf('\r', i);
                    int e = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
                    return e < 0 ? n : e + 1;
                }
                return i;
            }
            case '/' -> {
                if (i + 1 < n && s.charAt(i + 1) == '*') {
                    int depth = 1;
                    int j = i + 2;
                    while (j < n && depth > 0) {
                        if (s.startsWith("/*", j)) {
                            depth++;
                            j += 2;
                        } else if (s.startsWith("*/", j)) {
                            depth--;
                            j += 2;
                        } else {
                            j++;
                        }
                    }
                    return j;
                }
                return i;
            }
            default -> {
                return i;
            }
        }
    }

    // ---- statements and placeholders -----------------------------------------------------------

    private static Parsed split(String s, boolean withParameters, boolean standardStrings, Call call) {
        List<Stmt> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder(s.length() + 16);
        List<Integer> params = new ArrayList<>();
        int total = 0;
        int depth = 0;
        int atomic = 0;
        String verb = "";
        boolean with = false;
        boolean returning = false;
        String prevWord = "";
        int valuesAt = -1;
        int valuesStart = -1;
        int valuesEnd = -1;
        boolean valuesOk = true;
        boolean meaningful = false;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int e = skip(s, i, standardStrings);
            if (e != i) {
                boolean comment = c == '-' || c == '/';
                cur.append(s, i, e);
                meaningful |= !comment;
                i = e;
                continue;
            }
            if (withParameters && c == '?') {
                if (i + 1 < n && s.charAt(i + 1) == '?') {
                    cur.append('?');
                    i += 2;
                    meaningful = true;
                    continue;
                }
                total++;
                params.add(total);
                cur.append('$').append(params.size());
                if (valuesStart < 0 || valuesEnd >= 0) {
                    valuesOk = false; // a placeholder outside the VALUES row
                }
                i++;
                meaningful = true;
                continue;
            }
            if (c == ';' && depth == 0 && atomic == 0) {
                if (meaningful) {
                    out.add(stmt(cur, params, verb, returning, valuesOk ? valuesStart : -1, valuesOk ? valuesEnd : -1));
                }
                cur.setLength(0);
                params.clear();
                verb = "";
                with = false;
                returning = false;
                prevWord = "";
                valuesAt = -1;
                valuesStart = -1;
                valuesEnd = -1;
                valuesOk = true;
                meaningful = false;
                i++;
                continue;
            }
            if (c == '(') {
                if (depth == 0 && valuesAt >= 0 && valuesStart < 0) {
                    valuesStart = cur.length();
                }
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
                if (depth == 0 && valuesStart >= 0 && valuesEnd < 0) {
                    valuesEnd = cur.length() + 1;
                }
            } else if (c == ',' && depth == 0 && valuesEnd >= 0 && valuesAt >= 0) {
                valuesOk = false; // more than one row already
            }
            if (identStart(c) && (i == 0 || !identChar(s.charAt(i - 1)))) {
                int j = i + 1;
                while (j < n && identChar(s.charAt(j))) {
                    j++;
                }
                String word = s.substring(i, j).toUpperCase(Locale.ROOT);
                if (depth == 0) {
                    if (verb.isEmpty()) {
                        verb = word;
                        with = word.equals("WITH");
                    } else if (with && (word.equals("INSERT") || word.equals("UPDATE") || word.equals("DELETE")
                            || word.equals("MERGE") || word.equals("SELECT"))) {
                        verb = word;
                        with = false;
                    }
                    if (word.equals("RETURNING")) {
                        returning = true;
                    }
                    if (word.equals("VALUES")) {
                        if (valuesAt >= 0) {
                            valuesOk = false;
                        }
                        valuesAt = cur.length();
                    }
                }
                if (word.equals("ATOMIC") && prevWord.equals("BEGIN")) {
                    atomic++;
                } else if (atomic > 0 && word.equals("CASE")) {
                    atomic++;
                } else if (atomic > 0 && word.equals("END")) {
                    atomic--;
                }
                prevWord = word;
                cur.append(s, i, j);
                meaningful = true;
                i = j;
                continue;
            }
            if (!Character.isWhitespace(c)) {
                meaningful = true;
            }
            cur.append(c);
            i++;
        }
        if (meaningful || out.isEmpty()) {
            out.add(stmt(cur, params, verb, returning, valuesOk ? valuesStart : -1, valuesOk ? valuesEnd : -1));
        }
        return new Parsed(List.copyOf(out), total, call);
    }

    private static Stmt stmt(StringBuilder sql, List<Integer> params, String verb, boolean returning, int vs, int ve) {
        int[] p = new int[params.size()];
        for (int k = 0; k < p.length; k++) {
            p[k] = params.get(k);
        }
        boolean rewritable = verb.equals("INSERT") && !returning && vs >= 0 && ve > vs && p.length > 0;
        return new Stmt(sql.toString(), p, verb, returning, rewritable ? vs : -1, rewritable ? ve : -1);
    }

    // ---- JDBC escapes ---------------------------------------------------------------------------

    /** The {@code {call …}} / {@code {? = call …}} escape that makes up the whole text, or null. */
    private static Call callEscape(String s, boolean standardStrings) throws SQLException {
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
            int e = skip(target, i, standardStrings);
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
        return new Call(returns, escapes(fn, standardStrings), args);
    }

    /** Splits a list at its top-level commas, each part stripped. */
    static List<String> splitArgs(String s, boolean standardStrings) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            int e = skip(s, i, standardStrings);
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
            int e = skip(s, i, standardStrings);
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
            int e = skip(s, i, standardStrings);
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
            boolean before = i == 0 || !identChar(l.charAt(i - 1));
            boolean after = i + word.length() >= l.length() || !identChar(l.charAt(i + word.length()));
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
