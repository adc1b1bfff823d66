package dev.greenwire;

/**
 * One column of a result, as {@link Cursor#description()} lists it (psycopg2's {@code Column}).
 *
 * @param name the column name
 * @param typeCode the type OID
 * @param displaySize the display size, null (as in psycopg2, not computed)
 * @param internalSize the type's internal size in bytes, negative for variable-length types
 * @param precision the precision of numeric columns with a declared precision, else null
 * @param scale the scale of numeric columns with a declared precision, else null
 * @param nullOk whether the column can be NULL: always null (the protocol does not say)
 * @param tableOid the OID of the table the column comes from, null when it is not a table column
 * @param tableColumn the column's number in that table, null when it is not a table column
 */
public record Column(String name, int typeCode, Integer displaySize, Integer internalSize, Integer precision,
                     Integer scale, Boolean nullOk, Long tableOid, Integer tableColumn) {
}
