package dev.greenwire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link Cursor#copy} needs to know of a COPY statement before sending it: its target (a
 * table, its column list, or a query), its direction, whether it uses STDIN/STDOUT, and the
 * options that shape the rows (FORMAT, DELIMITER, NULL, HEADER, ENCODING), in the current
 * syntax ({@code WITH (FORMAT binary, …)}) and the old one ({@code WITH BINARY}, {@code CSV},
 * {@code DELIMITER AS ','}). The statement is sent as written; the server has the last word
 * on the format (its CopyInResponse/CopyOutResponse). What cannot be read here only keeps
 * {@code writeRow()}/{@code rows()} from being used ({@link #problem}); {@code write()} and
 * {@code read()} work with any COPY.
 */
final class CopyStatement {
    enum Direction { FROM, TO, UNKNOWN }

    Direction direction = Direction.UNKNOWN;
    /** True for STDIN/STDOUT, false for a file or a program. */
    boolean stdio = true;
    /** The table name as written, or null. */
    String table;
    /** The table name with every part quoted (as the server folds it), for the description, or null. */
    String quotedTable;
    /** The column list, names as the server folds them, or null when there is none. */
    List<String> columns;
    /** The query of {@code COPY (query) TO}, or null. */
    String query;
    String format = "text";
    /** The delimiter, or 0 for the default. */
    char delimiter;
    /** The NULL string, or null for the default. */
    String nullString;
    String encoding;
    boolean header;
    /** Why the rows' shape is unknown (an option not understood), or null. */
    String problem;
    /** False when the statement does not start with COPY. */
    boolean isCopy = true;
    /** True when another statement follows the COPY. */
    boolean multiple;

    private CopyStatement() {
    }

    /**
     * Reads a COPY statement; never fails (what it cannot read goes to {@link #problem}).
     *
     * @param sql the statement
     * @param standardConformingStrings whether backslashes in plain string literals are literal
     * @return what was found
     */
    static CopyStatement parse(String sql, boolean standardConformingStrings) {
        CopyStatement st = new CopyStatement();
        try {
            new Parser(sql, standardConformingStrings, st).statement();
        } catch (IllegalArgumentException e) {
            if (st.problem == null) {
                st.problem = e.getMessage();
            }
        }
        return st;
    }

    boolean binary() {
        return format.equals("binary");
    }

    /** Token kinds. */
    private enum Kind { WORD, QUOTED, STRING, NUMBER, PUNCT, EOF }

    private record Token(Kind kind, String text, int start, int end) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equals(word);
        }

        boolean punct(char c) {
            return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
        }
    }

    /** A small SQL lexer (comments, quoted identifiers, string and dollar-quoted literals) and the COPY grammar. */
    private static final class Parser {
        private final String s;
        private final boolean scs;
        private final CopyStatement st;
        private int pos;
        private Token peeked;

        Parser(String s, boolean scs, CopyStatement st) {
            this.s = s;
            this.scs = scs;
            this.st = st;
        }

        void statement() {
            if (!peek().is("copy")) {
                st.isCopy = false;
            }
            expect("copy");
            Token t = next();
            if (t.is("binary")) {
                st.format = "binary";
                t = next();
            }
            if (t.punct('(')) {
                int start = t.end();
                int end = skipParenthesized();
                st.query = s.substring(start, end);
            } else {
                if (t.is("only")) {
                    t = next();
                }
                int start = t.start();
                int end = identifier(t);
                StringBuilder quoted = new StringBuilder();
                quote(quoted, t);
                while (peek().punct('.')) {
                    next();
                    Token part = next();
                    end = identifier(part);
                    quote(quoted.append('.'), part);
                }
                st.table = s.substring(start, end);
                st.quotedTable = quoted.toString();
                if (peek().punct('(')) {
                    next();
                    st.columns = new ArrayList<>();
                    for (;;) {
                        Token c = next();
                        if (c.kind() != Kind.WORD && c.kind() != Kind.QUOTED) {
                            throw new IllegalArgumentException("a column name was expected in the column list");
                        }
                        st.columns.add(c.text());
                        Token sep = next();
                        if (sep.punct(')')) {
                            break;
                        }
                        if (!sep.punct(',')) {
                            throw new IllegalArgumentException("',' or ')' was expected in the column list");
                        }
                    }
                }
            }
            Token dir = next();
            if (dir.is("from")) {
                st.direction = Direction.FROM;
            } else if (dir.is("to")) {
                st.direction = Direction.TO;
            } else {
                throw new IllegalArgumentException("FROM or TO was expected");
            }
            Token target = next();
            if (!(target.is("stdin") && st.direction == Direction.FROM) && !(target.is("stdout") && st.direction == Direction.TO)) {
                st.stdio = false;
                throw new IllegalArgumentException("not a COPY with STDIN or STDOUT");
            }
            options();
        }

        private void options() {
            Token t = next();
            if (t.is("with")) {
                t = next();
            }
            if (t.punct('(')) {
                for (;;) {
                    Token name = next();
                    if (name.kind() != Kind.WORD) {
                        throw new IllegalArgumentException("an option name was expected");
                    }
                    Token v = peek();
                    String value = null;
                    if (v.punct('(')) {
                        next();
                        skipParenthesized();
                    } else if (!v.punct(',') && !v.punct(')')) {
                        next();
                        value = v.text();
                    }
                    option(name.text(), value, v);
                    Token sep = next();
                    if (sep.punct(')')) {
                        break;
                    }
                    if (!sep.punct(',')) {
                        throw new IllegalArgumentException("',' or ')' was expected between options");
                    }
                }
                t = next();
            } else {
                while (t.kind() == Kind.WORD && !t.is("where")) {
                    switch (t.text()) {
                        case "binary" -> st.format = "binary";
                        case "csv" -> st.format = "csv";
                        case "header" -> st.header = true;
                        case "delimiter" -> st.delimiter = delimiter(string(afterAs()));
                        case "null" -> st.nullString = string(afterAs());
                        case "quote", "escape" -> string(afterAs());
                        case "encoding" -> st.encoding = string(next());
                        case "force" -> {
                            Token what = next();
                            if (what.is("not")) {
                                expect("null");
                            } else if (!what.is("quote") && !what.is("null")) {
                                throw new IllegalArgumentException("FORCE QUOTE or FORCE NOT NULL was expected");
                            }
                            if (peek().punct('*')) {
                                next();
                            } else {
                                do {
                                    identifier(next());
                                } while (peek().punct(',') && next() != null);
                            }
                        }
                        case "oids" -> throw new IllegalArgumentException("the OIDS option is not supported");
                        default -> throw new IllegalArgumentException("unknown COPY option " + t.text());
                    }
                    t = next();
                }
            }
            if (t.is("where")) {
                return; // a COPY FROM's filter: the rest is an expression
            }
            if (t.punct(';')) {
                t = next();
                if (t.kind() != Kind.EOF) {
                    st.multiple = true;
                }
            }
            if (t.kind() != Kind.EOF) {
                throw new IllegalArgumentException("unexpected text after the COPY statement: " + t.text());
            }
        }

        private void option(String name, String value, Token v) {
            switch (name) {
                case "format" -> {
                    if (value == null) {
                        throw new IllegalArgumentException("FORMAT needs a value");
                    }
                    st.format = value.toLowerCase(Locale.ROOT);
                }
                case "delimiter" -> st.delimiter = delimiter(stringValue(value, v));
                case "null" -> st.nullString = stringValue(value, v);
                case "encoding" -> st.encoding = stringValue(value, v);
                case "header" -> st.header = value == null || !(value.equalsIgnoreCase("false") || value.equalsIgnoreCase("off")
                        || value.equals("0"));
                case "default" -> throw new IllegalArgumentException("the DEFAULT option is not supported by writeRow()/rows()");
                default -> { } // freeze, quote, escape, force_*, on_error…: no effect on the rows' text
            }
        }

        private String stringValue(String value, Token v) {
            if (value == null || v.kind() != Kind.STRING) {
                throw new IllegalArgumentException("a string literal was expected");
            }
            return value;
        }

        private static char delimiter(String d) {
            if (d.length() != 1 || d.charAt(0) >= 0x80) {
                throw new IllegalArgumentException("the delimiter must be a single one-byte character");
            }
            return d.charAt(0);
        }

        private Token afterAs() {
            Token t = next();
            return t.is("as") ? next() : t;
        }

        private static String string(Token t) {
            if (t.kind() != Kind.STRING) {
                throw new IllegalArgumentException("a string literal was expected");
            }
            return t.text();
        }

        private static void quote(StringBuilder sb, Token t) {
            sb.append('"').append(t.text().replace("\"", "\"\"")).append('"');
        }

        private int identifier(Token t) {
            if (t.kind() != Kind.WORD && t.kind() != Kind.QUOTED) {
                throw new IllegalArgumentException("a name was expected");
            }
            return t.end();
        }

        private void expect(String word) {
            Token t = next();
            if (!t.is(word)) {
                throw new IllegalArgumentException(word.toUpperCase(Locale.ROOT) + " was expected");
            }
        }

        /** After an opening parenthesis: skips to the matching one. @return where the closing one starts */
        private int skipParenthesized() {
            int depth = 1;
            for (;;) {
                Token t = next();
                if (t.kind() == Kind.EOF) {
                    throw new IllegalArgumentException("unbalanced parentheses");
                }
                if (t.punct('(')) {
                    depth++;
                } else if (t.punct(')') && --depth == 0) {
                    return t.start();
                }
            }
        }

        private Token peek() {
            if (peeked == null) {
                peeked = lex();
            }
            return peeked;
        }

        private Token next() {
            Token t = peek();
            peeked = null;
            return t;
        }

        private Token lex() {
            skipSpace();
            int n = s.length();
            if (pos >= n) {
                return new Token(Kind.EOF, "", n, n);
            }
            int start = pos;
            char c = s.charAt(pos);
            if ((c == 'E' || c == 'e') && pos + 1 < n && s.charAt(pos + 1) == '\'') {
                pos++;
                return new Token(Kind.STRING, quotedString(true), start, pos);
            }
            if (c == '\'') {
                return new Token(Kind.STRING, quotedString(!scs), start, pos);
            }
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                pos++;
                for (;;) {
                    if (pos >= n) {
                        throw new IllegalArgumentException("unterminated quoted identifier");
                    }
                    char d = s.charAt(pos++);
                    if (d == '"') {
                        if (pos < n && s.charAt(pos) == '"') {
                            sb.append('"');
                            pos++;
                            continue;
                        }
                        break;
                    }
                    sb.append(d);
                }
                return new Token(Kind.QUOTED, sb.toString(), start, pos);
            }
            if (c == '$') {
                int close = s.indexOf('$', pos + 1);
                String tag = close < 0 ? null : s.substring(pos, close + 1);
                if (tag != null && tag.substring(1, tag.length() - 1).chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                    int end = s.indexOf(tag, close + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated dollar-quoted string");
                    }
                    pos = end + tag.length();
                    return new Token(Kind.STRING, s.substring(close + 1, end), start, pos);
                }
            }
            if (Character.isLetter(c) || c == '_' || c >= 0x80) {
                while (pos < n) {
                    char d = s.charAt(pos);
                    if (Character.isLetterOrDigit(d) || d == '_' || d == '$' || d >= 0x80) {
                        pos++;
                    } else {
                        break;
                    }
                }
                return new Token(Kind.WORD, fold(s.substring(start, pos)), start, pos);
            }
            if (Character.isDigit(c) || (c == '.' && pos + 1 < n && Character.isDigit(s.charAt(pos + 1)))) {
                while (pos < n && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                    pos++;
                }
                return new Token(Kind.NUMBER, s.substring(start, pos), start, pos);
            }
            pos++;
            return new Token(Kind.PUNCT, String.valueOf(c), start, pos);
        }

        /** Unquoted identifiers fold to lower case (ASCII letters only, as the server does with UTF-8). */
        private static String fold(String w) {
            StringBuilder sb = new StringBuilder(w.length());
            for (int i = 0; i < w.length(); i++) {
                char c = w.charAt(i);
                sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            }
            return sb.toString();
        }

        private String quotedString(boolean backslashes) {
            int n = s.length();
            StringBuilder sb = new StringBuilder();
            pos++; // the quote
            for (;;) {
                if (pos >= n) {
                    throw new IllegalArgumentException("unterminated string literal");
                }
                char c = s.charAt(pos++);
                if (c == '\'') {
                    if (pos < n && s.charAt(pos) == '\'') {
                        sb.append('\'');
                        pos++;
                        continue;
                    }
                    return sb.toString();
                }
                if (c == '\\' && backslashes && pos < n) {
                    char d = s.charAt(pos++);
                    switch (d) {
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'x' -> {
                            int v = 0;
                            int k = 0;
                            while (k < 2 && pos < n && Character.digit(s.charAt(pos), 16) >= 0) {
                                v = v * 16 + Character.digit(s.charAt(pos++), 16);
                                k++;
                            }
                            sb.append(k == 0 ? 'x' : (char) v);
                        }
                        case 'u', 'U' -> {
                            int len = d == 'u' ? 4 : 8;
                            if (pos + len > n) {
                                throw new IllegalArgumentException("invalid Unicode escape");
                            }
                            sb.appendCodePoint(Integer.parseInt(s.substring(pos, pos + len), 16));
                            pos += len;
                        }
                        default -> {
                            if (d >= '0' && d <= '7') {
                                int v = d - '0';
                                for (int k = 0; k < 2 && pos < n && s.charAt(pos) >= '0' && s.charAt(pos) <= '7'; k++) {
                                    v = v * 8 + (s.charAt(pos++) - '0');
                                }
                                sb.append((char) v);
                            } else {
                                sb.append(d);
                            }
                        }
                    }
                    continue;
                }
                sb.append(c);
            }
        }

        private void skipSpace() {
            int n = s.length();
            while (pos < n) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '-' && pos + 1 < n && s.charAt(pos + 1) == '-') {
                    int eol = s.indexOf('\n', pos);
                    pos = eol < 0 ? n : eol + 1;
                } else if (c == '/' && pos + 1 < n && s.charAt(pos + 1) == '*') {
                    int depth = 0;
                    while (pos < n) {
                        if (s.startsWith("/*", pos)) {
                            depth++;
                            pos += 2;
                        } else if (s.startsWith("*/", pos)) {
                            pos += 2;
                            if (--depth == 0) {
                                break;
                            }
                        } else {
                            pos++;
                        }
                    }
                    if (depth != 0) {
                        throw new IllegalArgumentException("unterminated comment");
                    }
                } else {
                    break;
                }
            }
        }
    }
}
