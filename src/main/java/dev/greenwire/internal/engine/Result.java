package dev.greenwire.internal.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * One statement's result: its columns (null for a statement that returns no rows), its rows as
 * raw DataRow payloads (decoded lazily by {@code Row}), and the command tag.
 */
public final class Result {
    /** A RowDescription field. */
    public record Field(String name, int tableOid, int tableColumn, int typeOid, int typeLen, int typeMod, int format) {
    }

    private final Field[] fields;
    private final List<byte[]> rows;
    private String tag;
    private boolean empty;

    Result(Field[] fields) {
        this.fields = fields;
        this.rows = fields == null ? List.of() : new ArrayList<>();
    }

    static Result emptyQuery() {
        Result r = new Result(null);
        r.empty = true;
        return r;
    }

    void add(byte[] row) {
        rows.add(row);
    }

    void tag(String t) {
        this.tag = t;
    }

    /** @return the columns, or null when the statement returns no rows */
    public Field[] fields() {
        return fields;
    }

    /** @return each row's DataRow payload (column count, then length-prefixed values) */
    public List<byte[]> rows() {
        return rows;
    }

    /** @return the command tag, e.g. {@code "INSERT 0 1"}, or null for an empty query */
    public String tag() {
        return tag;
    }

    /** @return true for an empty query string */
    public boolean isEmptyQuery() {
        return empty;
    }

    /**
     * The number of rows the command tag reports: SELECT, INSERT, UPDATE, DELETE, MERGE, MOVE,
     * FETCH and COPY carry one; -1 for the others.
     *
     * @return the row count or -1
     */
    public long rowCount() {
        String t = tag;
        if (t == null) {
            return -1;
        }
        int sp = t.lastIndexOf(' ');
        int verbEnd = t.indexOf(' ');
        if (sp < 0 || sp == t.length() - 1 || !counted(t, verbEnd)) {
            return -1;
        }
        long n = 0;
        for (int i = sp + 1; i < t.length(); i++) { // read in place: this runs once per statement
            char ch = t.charAt(i);
            if (ch < '0' || ch > '9' || n > (Long.MAX_VALUE - (ch - '0')) / 10) {
                return -1;
            }
            n = n * 10 + (ch - '0');
        }
        return n;
    }

    /** Whether the tag's first word, {@code verbEnd} characters long, is one of the commands with a row count. */
    private static boolean counted(String tag, int verbEnd) {
        for (String verb : COUNTED) {
            if (verb.length() == verbEnd && tag.startsWith(verb)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] COUNTED = {"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "MOVE", "FETCH", "COPY"};
}
