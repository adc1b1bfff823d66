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
        if (tag == null) {
            return -1;
        }
        int sp = tag.lastIndexOf(' ');
        if (sp < 0) {
            return -1;
        }
        String verb = tag.substring(0, tag.indexOf(' '));
        switch (verb) {
            case "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "MOVE", "FETCH", "COPY":
                try {
                    return Long.parseLong(tag.substring(sp + 1));
                } catch (NumberFormatException e) {
                    return -1;
                }
            default:
                return -1;
        }
    }
}
