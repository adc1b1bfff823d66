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
 * {@code {call …}} and {@code {? = call …}}) are translated first, by {@link JdbcEscapes}.
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
            call = JdbcEscapes.callEscape(trimmed, standardStrings);
            if (call != null) {
                StringBuilder sb = new StringBuilder("SELECT * FROM ").append(call.function()).append('(');
                for (int i = 0; i < call.args().size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(call.args().get(i));
                }
                text = sb.append(") AS result").toString();
            }
            text = JdbcEscapes.escapes(text, standardStrings);
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

    static boolean identStart(char c) {
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
}
