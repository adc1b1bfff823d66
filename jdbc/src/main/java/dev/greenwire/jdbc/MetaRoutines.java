package dev.greenwire.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import static java.sql.DatabaseMetaData.*;

/** The catalogue queries on types (getTypeInfo, UDTs, attributes) and routines with their columns, for {@link GwDatabaseMetaData}. */
final class MetaRoutines {
    private final MetaCatalogue cat;

    MetaRoutines(MetaCatalogue cat) {
        this.cat = cat;
    }

    // ---- types -------------------------------------------------------------------------------------------------

    ResultSet getTypeInfo() throws SQLException {
        String base = "(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END)";
        String jt = MetaSql.jdbcType("t");
        String numeric = Types.SMALLINT + ", " + Types.INTEGER + ", " + Types.BIGINT + ", " + Types.REAL + ", "
                + Types.DOUBLE + ", " + Types.NUMERIC + ", " + Types.DECIMAL + ", " + Types.FLOAT + ", " + Types.TINYINT;
        // per JDBC type, the PostgreSQL type that maps it most closely comes first
        String preferred = "21, 23, 20, 1700, 700, 701, 1042, 1043, 17, 16, 1082, 1083, 1114, 1790";
        return cat.query("SELECT q.\"TYPE_NAME\", q.\"DATA_TYPE\", q.\"PRECISION\", q.\"LITERAL_PREFIX\","
                + " q.\"LITERAL_SUFFIX\", q.\"CREATE_PARAMS\", q.\"NULLABLE\", q.\"CASE_SENSITIVE\", q.\"SEARCHABLE\","
                + " q.\"UNSIGNED_ATTRIBUTE\", q.\"FIXED_PREC_SCALE\", q.\"AUTO_INCREMENT\", q.\"LOCAL_TYPE_NAME\","
                + " q.\"MINIMUM_SCALE\", q.\"MAXIMUM_SCALE\", q.\"SQL_DATA_TYPE\", q.\"SQL_DATETIME_SUB\","
                + " q.\"NUM_PREC_RADIX\" FROM ("
                + "SELECT COALESCE(sa.alias, " + MetaSql.typeName("t", "n") + ") AS \"TYPE_NAME\","
                + " " + jt + "::pg_catalog.int4 AS \"DATA_TYPE\","
                + " (CASE " + base + " WHEN 21 THEN 5 WHEN 23 THEN 10 WHEN 20 THEN 19 WHEN 26 THEN 10"
                + " WHEN 700 THEN 8 WHEN 701 THEN 17 WHEN 1700 THEN 1000 WHEN 1042 THEN 10485760 WHEN 1043 THEN 10485760"
                + " WHEN 1560 THEN 83886080 WHEN 1562 THEN 83886080 WHEN 18 THEN 1 WHEN 16 THEN 1 WHEN 1082 THEN 13"
                + " WHEN 1083 THEN 15 WHEN 1266 THEN 21 WHEN 1114 THEN 29 WHEN 1184 THEN 35 WHEN 1186 THEN 49"
                + " WHEN 2950 THEN 36 END)::pg_catalog.int4 AS \"PRECISION\","
                + " CASE WHEN " + jt + " NOT IN (" + numeric + ") THEN '''' END AS \"LITERAL_PREFIX\","
                + " CASE WHEN " + jt + " NOT IN (" + numeric + ") THEN '''' END AS \"LITERAL_SUFFIX\","
                + " CASE WHEN t.oid IN (1042, 1043, 1560, 1562) THEN 'length' WHEN t.oid = 1700 THEN 'precision,scale'"
                + " WHEN t.oid IN (1083, 1266, 1114, 1184, 1186) THEN 'precision' END AS \"CREATE_PARAMS\","
                + " " + typeNullable + "::pg_catalog.int2 AS \"NULLABLE\","
                + " " + base + " NOT IN (21, 23, 20, 26, 700, 701, 1700, 790, 16, 1560, 1562, 1082, 1083, 1266, 1114,"
                + " 1184, 1186) AS \"CASE_SENSITIVE\","
                + " (CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_operator o WHERE o.oprname = '~~'"
                + " AND o.oprleft = " + base + ") THEN " + typeSearchable + " ELSE " + typePredBasic
                + " END)::pg_catalog.int2 AS \"SEARCHABLE\","
                + " " + base + " = 26 AS \"UNSIGNED_ATTRIBUTE\","
                + " " + base + " = 790 AS \"FIXED_PREC_SCALE\","
                + " sa.alias IS NOT NULL AS \"AUTO_INCREMENT\","
                + " pg_catalog.format_type(t.oid, NULL) AS \"LOCAL_TYPE_NAME\","
                + " 0::pg_catalog.int2 AS \"MINIMUM_SCALE\","
                + " (CASE " + base + " WHEN 1700 THEN 1000 WHEN 1083 THEN 6 WHEN 1266 THEN 6 WHEN 1114 THEN 6"
                + " WHEN 1184 THEN 6 WHEN 1186 THEN 6 ELSE 0 END)::pg_catalog.int2 AS \"MAXIMUM_SCALE\","
                + " NULL::pg_catalog.int4 AS \"SQL_DATA_TYPE\", NULL::pg_catalog.int4 AS \"SQL_DATETIME_SUB\","
                + " (CASE WHEN " + base + " IN (1560, 1562) THEN 2 ELSE 10 END)::pg_catalog.int4 AS \"NUM_PREC_RADIX\","
                + " CASE WHEN t.oid IN (" + preferred + ") AND sa.alias IS NULL THEN 0"
                + " WHEN n.nspname = 'pg_catalog' THEN 1 ELSE 2 END AS closeness"
                + " FROM pg_catalog.pg_type t"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                + " CROSS JOIN LATERAL (SELECT NULL::text AS alias UNION ALL"
                + " SELECT CASE t.oid WHEN 23 THEN 'serial' WHEN 20 THEN 'bigserial' ELSE 'smallserial' END"
                + " WHERE t.oid IN (20, 21, 23)) sa"
                + " WHERE t.typisdefined AND t.typtype <> 'p' AND n.nspname <> 'pg_toast'"
                + " AND (t.typrelid = 0 OR EXISTS (SELECT 1 FROM pg_catalog.pg_class r WHERE r.oid = t.typrelid"
                + " AND r.relkind = 'c'))"
                + ") q ORDER BY q.\"DATA_TYPE\", q.closeness, q.\"TYPE_NAME\" COLLATE \"C\"");
    }

    ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
            throws SQLException {
        String[] sn = MetaCatalogue.splitQualified(schemaPattern, typeNamePattern);
        // composite types (CREATE TYPE … AS (…)) are STRUCTs, domains DISTINCT types
        MetaCatalogue.Q q = new MetaCatalogue.Q().add("SELECT * FROM (SELECT " + MetaCatalogue.CURRENT_DB + " AS \"TYPE_CAT\", n.nspname AS \"TYPE_SCHEM\","
                + " t.typname AS \"TYPE_NAME\","
                + " CASE WHEN t.typtype = 'c' THEN 'java.sql.Struct' ELSE " + MetaSql.javaClass(MetaSql.jdbcType("bt"))
                + " END AS \"CLASS_NAME\","
                + " (CASE WHEN t.typtype = 'c' THEN " + Types.STRUCT + " ELSE " + Types.DISTINCT + " END)::pg_catalog.int4"
                + " AS \"DATA_TYPE\", pg_catalog.obj_description(t.oid, 'pg_type') AS \"REMARKS\","
                + " (CASE WHEN t.typtype = 'd' THEN " + MetaSql.jdbcType("bt") + " END)::pg_catalog.int2 AS \"BASE_TYPE\""
                + " FROM pg_catalog.pg_type t"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                + " LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype"
                + " WHERE n.nspname NOT IN ('pg_catalog', 'pg_toast')"
                + " AND (t.typtype = 'd' OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_catalog.pg_class r"
                + " WHERE r.oid = t.typrelid AND r.relkind = 'c')))");
        q.catalog(catalog).like("n.nspname", sn[0]).like("t.typname", sn[1]);
        q.add(") q WHERE true");
        if (types != null) {
            List<Object> codes = new ArrayList<>();
            for (int type : types) {
                codes.add(type);
            }
            q.in("q.\"DATA_TYPE\"", codes);
        }
        q.add(" ORDER BY q.\"DATA_TYPE\", q.\"TYPE_CAT\", q.\"TYPE_SCHEM\", q.\"TYPE_NAME\"");
        return cat.run(q);
    }

    ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
                                   String attributeNamePattern) throws SQLException {
        String[] sn = MetaCatalogue.splitQualified(schemaPattern, typeNamePattern);
        MetaCatalogue.Q q = new MetaCatalogue.Q().add("SELECT " + MetaCatalogue.CURRENT_DB + " AS \"TYPE_CAT\", un.nspname AS \"TYPE_SCHEM\","
                + " u.typname AS \"TYPE_NAME\", a.attname AS \"ATTR_NAME\", z.jt AS \"DATA_TYPE\","
                + " " + MetaSql.typeName("t", "tn") + " AS \"ATTR_TYPE_NAME\", s.size AS \"ATTR_SIZE\","
                + " s.digits AS \"DECIMAL_DIGITS\", s.radix AS \"NUM_PREC_RADIX\","
                + " (CASE WHEN a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) THEN " + attributeNoNulls
                + " ELSE " + attributeNullable + " END)::pg_catalog.int4 AS \"NULLABLE\","
                + " pg_catalog.col_description(r.oid, a.attnum) AS \"REMARKS\", NULL::text AS \"ATTR_DEF\","
                + " NULL::pg_catalog.int4 AS \"SQL_DATA_TYPE\", NULL::pg_catalog.int4 AS \"SQL_DATETIME_SUB\","
                + " s.octets AS \"CHAR_OCTET_LENGTH\","
                + " (pg_catalog.row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum))::pg_catalog.int4"
                + " AS \"ORDINAL_POSITION\","
                + " CASE WHEN a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) THEN 'NO' ELSE 'YES' END"
                + " AS \"IS_NULLABLE\","
                + " NULL::text AS \"SCOPE_CATALOG\", NULL::text AS \"SCOPE_SCHEMA\", NULL::text AS \"SCOPE_TABLE\","
                + " (CASE WHEN t.typtype = 'd' THEN z.sjt END)::pg_catalog.int2"
                + " AS \"SOURCE_DATA_TYPE\""
                + " FROM pg_catalog.pg_type u"
                + " JOIN pg_catalog.pg_namespace un ON un.oid = u.typnamespace"
                + " JOIN pg_catalog.pg_class r ON r.oid = u.typrelid AND r.relkind = 'c'"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + MetaSql.typeJoins("", "a.atttypid", "a.atttypmod")
                + " WHERE u.typtype = 'c'");
        q.catalog(catalog).like("un.nspname", sn[0]).like("u.typname", sn[1]);
        String inner = q.sql.toString();
        MetaCatalogue.Q outer = new MetaCatalogue.Q().add("SELECT * FROM (" + inner + ") q WHERE true");
        outer.args.addAll(q.args);
        outer.like("q.\"ATTR_NAME\"", attributeNamePattern);
        outer.add(" ORDER BY q.\"TYPE_CAT\", q.\"TYPE_SCHEM\", q.\"TYPE_NAME\", q.\"ORDINAL_POSITION\"");
        return cat.run(outer);
    }

    // ---- routines ----------------------------------------------------------------------------------------------

    private static final String SPECIFIC_NAME = "(p.proname || '_' || p.oid::text)";

    ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
            throws SQLException {
        MetaCatalogue.Q q = new MetaCatalogue.Q().add("SELECT " + MetaCatalogue.CURRENT_DB + " AS \"PROCEDURE_CAT\", n.nspname AS \"PROCEDURE_SCHEM\","
                + " p.proname AS \"PROCEDURE_NAME\", NULL::text AS \"RESERVED1\", NULL::text AS \"RESERVED2\","
                + " NULL::text AS \"RESERVED3\", pg_catalog.obj_description(p.oid, 'pg_proc') AS \"REMARKS\","
                + " " + procedureNoResult + "::pg_catalog.int2 AS \"PROCEDURE_TYPE\","
                + " " + SPECIFIC_NAME + " AS \"SPECIFIC_NAME\""
                + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE p.prokind = 'p'");
        q.catalog(catalog).like("n.nspname", schemaPattern).like("p.proname", procedureNamePattern);
        q.add(" ORDER BY \"PROCEDURE_CAT\", \"PROCEDURE_SCHEM\", \"PROCEDURE_NAME\", \"SPECIFIC_NAME\"");
        return cat.run(q);
    }

    ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
            throws SQLException {
        MetaCatalogue.Q q = new MetaCatalogue.Q().add("SELECT " + MetaCatalogue.CURRENT_DB + " AS \"FUNCTION_CAT\", n.nspname AS \"FUNCTION_SCHEM\","
                + " p.proname AS \"FUNCTION_NAME\", pg_catalog.obj_description(p.oid, 'pg_proc') AS \"REMARKS\","
                + " (CASE WHEN p.proretset THEN " + functionReturnsTable + " ELSE " + functionNoTable
                + " END)::pg_catalog.int2 AS \"FUNCTION_TYPE\", " + SPECIFIC_NAME + " AS \"SPECIFIC_NAME\""
                + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE p.prokind IN ('f', 'a', 'w')");
        q.catalog(catalog).like("n.nspname", schemaPattern).like("p.proname", functionNamePattern);
        q.add(" ORDER BY \"FUNCTION_CAT\", \"FUNCTION_SCHEM\", \"FUNCTION_NAME\", \"SPECIFIC_NAME\"");
        return cat.run(q);
    }

    /**
     * The parameter and result rows of routines: a return value first (a routine without OUT
     * parameters returning neither void nor a composite type), then the parameters in call
     * order, then the result columns (RETURNS TABLE columns, or a returned composite's
     * attributes). {@code procedures} picks CALLable procedures (getProcedureColumns) or
     * functions (getFunctionColumns), which number the column kinds differently.
     */
    private ResultSet routineColumns(boolean procedures, String catalog, String schemaPattern, String namePattern,
                                     String columnNamePattern) throws SQLException {
        int in = procedures ? procedureColumnIn : functionColumnIn;
        int inOut = procedures ? procedureColumnInOut : functionColumnInOut;
        int out = procedures ? procedureColumnOut : functionColumnOut;
        int ret = procedures ? procedureColumnReturn : functionReturn;
        int result = procedures ? procedureColumnResult : functionColumnResult;
        int nullableUnknown = procedures ? procedureNullableUnknown : functionNullableUnknown;
        String prefix = procedures ? "PROCEDURE" : "FUNCTION";

        // r: the routines; cols: one row per column, kind 0 return value, 1 parameter, 2 result column
        MetaCatalogue.Q q = new MetaCatalogue.Q().add("WITH r AS (SELECT p.oid, p.proname, n.nspname, p.prorettype, " + SPECIFIC_NAME + " AS spec,"
                + " COALESCE(p.proallargtypes, p.proargtypes::pg_catalog.oid[]) AS types, p.proargmodes AS modes,"
                + " p.proargnames AS names, p.proargmodes IS NOT NULL AND p.proargmodes && ARRAY['o', 'b', 't']::\"char\"[]"
                + " AS has_out"
                + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                + (procedures ? " WHERE p.prokind = 'p'" : " WHERE p.prokind IN ('f', 'a', 'w')"));
        q.catalog(catalog).like("n.nspname", schemaPattern).like("p.proname", namePattern);
        q.add("), cols AS ("
                // the return value
                + "SELECT r.oid, r.nspname, r.proname, r.spec, 0 AS kind, 0::pg_catalog.int8 AS ord, 'returnValue'::text AS name,"
                + " " + ret + " AS coltype, r.prorettype AS typ, -1 AS typmod, false AS notnull"
                + " FROM r JOIN pg_catalog.pg_type rt ON rt.oid = r.prorettype"
                + " WHERE NOT r.has_out AND r.prorettype <> 'pg_catalog.void'::pg_catalog.regtype AND rt.typtype <> 'c'"
                // the parameters (TABLE columns are result columns)
                + " UNION ALL SELECT r.oid, r.nspname, r.proname, r.spec, CASE WHEN g.mode = 't' THEN 2 ELSE 1 END,"
                + " pg_catalog.row_number() OVER (PARTITION BY r.oid, g.mode = 't' ORDER BY g.pos),"
                + " COALESCE(NULLIF(g.name, ''), '$' || g.pos::text),"
                + " CASE COALESCE(g.mode, 'i') WHEN 'o' THEN " + out + " WHEN 'b' THEN " + inOut
                + " WHEN 't' THEN " + result + " ELSE " + in + " END, g.typ, -1, false"
                + " FROM r CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(r.types), pg_catalog.unnest(r.modes),"
                + " pg_catalog.unnest(r.names))"
                + " WITH ORDINALITY AS g(typ, mode, name, pos)"
                // the attributes of a returned composite type
                + " UNION ALL SELECT r.oid, r.nspname, r.proname, r.spec, 2, pg_catalog.row_number() OVER (PARTITION BY r.oid ORDER BY a.attnum),"
                + " a.attname::text, " + result + ", a.atttypid, a.atttypmod, a.attnotnull"
                + " FROM r JOIN pg_catalog.pg_type rt ON rt.oid = r.prorettype AND rt.typtype = 'c'"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = rt.typrelid AND a.attnum > 0 AND NOT a.attisdropped"
                + " WHERE NOT r.has_out)"
                + " SELECT " + outerColumns(procedures) + " FROM (SELECT " + MetaCatalogue.CURRENT_DB + " AS \"" + prefix + "_CAT\", cols.nspname AS \"" + prefix
                + "_SCHEM\", cols.proname AS \"" + prefix + "_NAME\", cols.name AS \"COLUMN_NAME\","
                + " cols.coltype::pg_catalog.int2 AS \"COLUMN_TYPE\", z.jt AS \"DATA_TYPE\","
                + " " + MetaSql.typeName("t", "tn") + " AS \"TYPE_NAME\", s.size AS \"PRECISION\","
                + " (CASE WHEN t.typlen > 0 THEN t.typlen END)::pg_catalog.int4 AS \"LENGTH\","
                + " s.digits::pg_catalog.int2 AS \"SCALE\", s.radix::pg_catalog.int2 AS \"RADIX\","
                + " (CASE WHEN cols.notnull THEN 0 ELSE " + nullableUnknown + " END)::pg_catalog.int2 AS \"NULLABLE\","
                + " NULL::text AS \"REMARKS\","
                + (procedures ? " NULL::text AS \"COLUMN_DEF\", NULL::pg_catalog.int4 AS \"SQL_DATA_TYPE\","
                        + " NULL::pg_catalog.int4 AS \"SQL_DATETIME_SUB\"," : "")
                + " CASE WHEN cols.typmod <> -1 THEN s.octets END"
                + " AS \"CHAR_OCTET_LENGTH\","
                + " (CASE WHEN cols.kind = 0 THEN 0 ELSE cols.ord END)::pg_catalog.int4 AS \"ORDINAL_POSITION\","
                + " CASE WHEN cols.notnull THEN 'NO' ELSE '' END AS \"IS_NULLABLE\","
                + " cols.spec AS \"SPECIFIC_NAME\", cols.kind AS k"
                + " FROM cols"
                + MetaSql.typeJoins("", "cols.typ", "cols.typmod")
                + ") q WHERE true");
        q.like("q.\"COLUMN_NAME\"", columnNamePattern);
        q.add(" ORDER BY q.\"" + prefix + "_CAT\", q.\"" + prefix + "_SCHEM\", q.\"" + prefix + "_NAME\","
                + " q.\"SPECIFIC_NAME\", q.k, q.\"ORDINAL_POSITION\"");
        return cat.run(q);
    }

    /** The JDBC columns of getProcedureColumns/getFunctionColumns, from the subquery q (whose helper column k only orders). */
    private static String outerColumns(boolean procedures) {
        String[] names = procedures
                ? new String[] {"PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME", "COLUMN_TYPE",
                    "DATA_TYPE", "TYPE_NAME", "PRECISION", "LENGTH", "SCALE", "RADIX", "NULLABLE", "REMARKS",
                    "COLUMN_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION",
                    "IS_NULLABLE", "SPECIFIC_NAME"}
                : new String[] {"FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME", "COLUMN_TYPE",
                    "DATA_TYPE", "TYPE_NAME", "PRECISION", "LENGTH", "SCALE", "RADIX", "NULLABLE", "REMARKS",
                    "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE", "SPECIFIC_NAME"};
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            b.append(b.isEmpty() ? "" : ", ").append("q.\"").append(n).append('"');
        }
        return b.toString();
    }

    ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
                                         String columnNamePattern) throws SQLException {
        return routineColumns(true, catalog, schemaPattern, procedureNamePattern, columnNamePattern);
    }

    ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
                                        String columnNamePattern) throws SQLException {
        return routineColumns(false, catalog, schemaPattern, functionNamePattern, columnNamePattern);
    }
}
