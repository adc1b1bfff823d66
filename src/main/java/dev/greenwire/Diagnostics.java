package dev.greenwire;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fields of a server error or notice (psycopg2's {@code Diagnostics}). Every getter returns
 * the server's text, or null when the server did not send that field.
 */
public final class Diagnostics {
    /** Diagnostics with no field set, for errors raised by the driver itself. */
    public static final Diagnostics EMPTY = new Diagnostics(Map.of());

    private final Map<Character, String> fields;

    /**
     * Creates diagnostics from the fields of an ErrorResponse or NoticeResponse, keyed by the
     * protocol's one-letter field codes ({@code 'S'}, {@code 'C'}, {@code 'M'}…).
     *
     * @param fields the fields; copied
     */
    public Diagnostics(Map<Character, String> fields) {
        this.fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /** @return the fields keyed by protocol field code, unmodifiable */
    public Map<Character, String> fields() {
        return fields;
    }

    /** @return the localized severity, e.g. {@code ERROR} (field S) */
    public String severity() { return fields.get('S'); }
    /** @return the severity never localized (field V) */
    public String severityNonlocalized() { return fields.get('V'); }
    /** @return the SQLSTATE code (field C) */
    public String sqlstate() { return fields.get('C'); }
    /** @return the primary message (field M) */
    public String messagePrimary() { return fields.get('M'); }
    /** @return the detail message (field D) */
    public String messageDetail() { return fields.get('D'); }
    /** @return the hint (field H) */
    public String messageHint() { return fields.get('H'); }
    /** @return the 1-based character position in the statement (field P) */
    public String statementPosition() { return fields.get('P'); }
    /** @return the position in an internal query (field p) */
    public String internalPosition() { return fields.get('p'); }
    /** @return the internal query (field q) */
    public String internalQuery() { return fields.get('q'); }
    /** @return the context, a call stack of sorts (field W) */
    public String context() { return fields.get('W'); }
    /** @return the schema name (field s) */
    public String schemaName() { return fields.get('s'); }
    /** @return the table name (field t) */
    public String tableName() { return fields.get('t'); }
    /** @return the column name (field c) */
    public String columnName() { return fields.get('c'); }
    /** @return the data type name (field d) */
    public String datatypeName() { return fields.get('d'); }
    /** @return the constraint name (field n) */
    public String constraintName() { return fields.get('n'); }
    /** @return the server source file (field F) */
    public String sourceFile() { return fields.get('F'); }
    /** @return the server source line (field L) */
    public String sourceLine() { return fields.get('L'); }
    /** @return the server source function (field R) */
    public String sourceFunction() { return fields.get('R'); }

    /**
     * The message as libpq prints it: {@code "ERROR:  msg"} followed by DETAIL, HINT and
     * CONTEXT lines when present.
     *
     * @return the formatted text, or null when there is no message
     */
    public String formatted() {
        String msg = messagePrimary();
        if (msg == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(severity() == null ? "ERROR" : severity()).append(":  ").append(msg);
        if (messageDetail() != null) {
            sb.append("\nDETAIL:  ").append(messageDetail());
        }
        if (messageHint() != null) {
            sb.append("\nHINT:  ").append(messageHint());
        }
        if (context() != null) {
            sb.append("\nCONTEXT:  ").append(context());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Diagnostics" + fields;
    }
}
