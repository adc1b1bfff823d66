package dev.greenwire.opentelemetry;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the semantic conventions want from a statement's text: its operation (first keyword) and,
 * for a simple statement on one table, the table; kept for the most recent statements.
 */
final class Statements {
    /** The operation, the collection (either may be null) and the span name they make. */
    record Shape(String operation, String collection, String spanName) {
    }

    private static final int CACHE_MAX = 2048;
    private static final Map<String, Shape> CACHE = new ConcurrentHashMap<>();
    private static final String IDENT = "((?:\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)(?:\\.(?:\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*))?)";
    private static final Pattern INSERT = Pattern.compile("(?is)^INSERT\\s+INTO\\s+" + IDENT + "[\\s(].*|^INSERT\\s+INTO\\s+" + IDENT + "$");
    private static final Pattern UPDATE = Pattern.compile("(?is)^UPDATE\\s+(?:ONLY\\s+)?" + IDENT + "\\s+SET\\s.*");
    private static final Pattern DELETE = Pattern.compile("(?is)^DELETE\\s+FROM\\s+(?:ONLY\\s+)?" + IDENT + "(?:\\s+(?:WHERE|RETURNING)\\s.*|\\s*)$");
    private static final Pattern SELECT = Pattern.compile(
            "(?is)^SELECT\\s(?:(?!\\bFROM\\b).)*\\bFROM\\s+" + IDENT + "(?:\\s+(?:WHERE|GROUP|ORDER|LIMIT|OFFSET|FOR)\\b.*|\\s*)$");
    private static final Pattern COPY = Pattern.compile("(?is)^COPY\\s+" + IDENT + "[\\s(].*");

    private Statements() {
    }

    static Shape shape(String sql) {
        Shape s = CACHE.get(sql);
        if (s == null) {
            s = parse(sql);
            if (CACHE.size() < CACHE_MAX) {
                CACHE.put(sql, s);
            }
        }
        return s;
    }

    static Shape parse(String sql) {
        String t = stripLeadingComments(sql).strip();
        if (t.endsWith(";")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        if (t.isEmpty() || t.indexOf(';') >= 0) { // empty, or several statements: no single operation
            return new Shape(null, null, "postgresql");
        }
        int end = 0;
        while (end < t.length() && Character.isLetter(t.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return new Shape(null, null, "postgresql");
        }
        String op = t.substring(0, end).toUpperCase(Locale.ROOT);
        Pattern p = switch (op) {
            case "SELECT" -> SELECT;
            case "INSERT" -> INSERT;
            case "UPDATE" -> UPDATE;
            case "DELETE" -> DELETE;
            case "COPY" -> COPY;
            default -> null;
        };
        String table = null;
        if (p != null) {
            Matcher m = p.matcher(t);
            if (m.matches()) {
                table = m.group(1) != null ? m.group(1) : m.groupCount() > 1 ? m.group(2) : null;
                if (table != null && table.contains(",")) {
                    table = null;
                }
            }
        }
        if (table != null && op.equals("SELECT") && Pattern.compile("(?i)\\bJOIN\\b|,").matcher(t.substring(t.toUpperCase(Locale.ROOT).indexOf("FROM"))).find()) {
            table = null;
        }
        return new Shape(op, table, table == null ? op : op + " " + table);
    }

    private static String stripLeadingComments(String sql) {
        String t = sql.stripLeading();
        for (;;) {
            if (t.startsWith("--")) {
                int nl = t.indexOf('\n');
                t = nl < 0 ? "" : t.substring(nl + 1).stripLeading();
            } else if (t.startsWith("/*")) {
                int close = t.indexOf("*/");
                t = close < 0 ? "" : t.substring(close + 2).stripLeading();
            } else {
                return t;
            }
        }
    }
}
