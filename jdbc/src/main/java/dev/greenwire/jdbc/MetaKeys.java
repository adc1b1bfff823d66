package dev.greenwire.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

import static java.sql.DatabaseMetaData.*;

/** The catalogue queries on keys, indexes, row identifiers and privileges, for {@link GwDatabaseMetaData}. */
final class MetaKeys {
    private final MetaCatalogue cat;

    MetaKeys(MetaCatalogue cat) {
        this.cat = cat;
    }

    // ---- keys and indexes ---------------------------------------------------------------------------------

    ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        MetaCatalogue.Q q = new MetaCatalogue.Q().add("SELECT " + MetaCatalogue.CURRENT_DB + " AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
                + " c.relname AS \"TABLE_NAME\", a.attname AS \"COLUMN_NAME\","
                + " k.seq::pg_catalog.int2 AS \"KEY_SEQ\", con.conname AS \"PK_NAME\""
                + " FROM pg_catalog.pg_constraint con"
                + " JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " CROSS JOIN LATERAL pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, seq)"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
                + " WHERE con.contype = 'p'");
        q.catalog(catalog).equal("n.nspname", schema).equal("c.relname", table);
        q.add(" ORDER BY \"COLUMN_NAME\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"KEY_SEQ\"");
        return cat.run(q);
    }

    /** The foreign keys from (fk side) to (pk side); null narrows nothing. */
    private ResultSet keys(String pkCatalog, String pkSchema, String pkTable, String fkCatalog, String fkSchema,
                           String fkTable, String orderBy) throws SQLException {
        MetaCatalogue.Q q = new MetaCatalogue.Q().add("SELECT " + MetaCatalogue.CURRENT_DB + " AS \"PKTABLE_CAT\", pn.nspname AS \"PKTABLE_SCHEM\","
                + " pc.relname AS \"PKTABLE_NAME\", pa.attname AS \"PKCOLUMN_NAME\","
                + " " + MetaCatalogue.CURRENT_DB + " AS \"FKTABLE_CAT\", fn.nspname AS \"FKTABLE_SCHEM\","
                + " fc.relname AS \"FKTABLE_NAME\", fa.attname AS \"FKCOLUMN_NAME\","
                + " k.seq::pg_catalog.int2 AS \"KEY_SEQ\","
                + " " + MetaSql.fkRule("con.confupdtype") + " AS \"UPDATE_RULE\","
                + " " + MetaSql.fkRule("con.confdeltype") + " AS \"DELETE_RULE\","
                + " con.conname AS \"FK_NAME\","
                + " COALESCE((SELECT uc.conname FROM pg_catalog.pg_constraint uc WHERE uc.conindid = con.conindid"
                + " AND uc.conrelid = con.confrelid AND uc.contype IN ('p', 'u') LIMIT 1), ic.relname) AS \"PK_NAME\","
                + " (CASE WHEN con.condeferrable AND con.condeferred THEN " + importedKeyInitiallyDeferred
                + " WHEN con.condeferrable THEN " + importedKeyInitiallyImmediate
                + " ELSE " + importedKeyNotDeferrable + " END)::pg_catalog.int2 AS \"DEFERRABILITY\""
                + " FROM pg_catalog.pg_constraint con"
                + " JOIN pg_catalog.pg_class fc ON fc.oid = con.conrelid"
                + " JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace"
                + " JOIN pg_catalog.pg_class pc ON pc.oid = con.confrelid"
                + " JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace"
                + " CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(con.conkey), pg_catalog.unnest(con.confkey))"
                + " WITH ORDINALITY AS k(fkatt, pkatt, seq)"
                + " JOIN pg_catalog.pg_attribute fa ON fa.attrelid = fc.oid AND fa.attnum = k.fkatt"
                + " JOIN pg_catalog.pg_attribute pa ON pa.attrelid = pc.oid AND pa.attnum = k.pkatt"
                + " LEFT JOIN pg_catalog.pg_class ic ON ic.oid = con.conindid"
                + " WHERE con.contype = 'f'"
                // a key referencing a partitioned table has internal copies, one per partition of the
                // referenced side, on the same referencing table: the key is listed once, as declared
                + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint parent WHERE parent.oid = con.conparentid"
                + " AND parent.conrelid = con.conrelid)");
        q.catalog(pkCatalog).equal("pn.nspname", pkSchema).equal("pc.relname", pkTable);
        q.catalog(fkCatalog).equal("fn.nspname", fkSchema).equal("fc.relname", fkTable);
        q.add(" ORDER BY ").add(orderBy);
        return cat.run(q);
    }

    ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        return keys(null, null, null, catalog, schema, table,
                "\"PKTABLE_CAT\", \"PKTABLE_SCHEM\", \"PKTABLE_NAME\", \"KEY_SEQ\", \"FK_NAME\"");
    }

    ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        return keys(catalog, schema, table, null, null, null,
                "\"FKTABLE_CAT\", \"FKTABLE_SCHEM\", \"FKTABLE_NAME\", \"KEY_SEQ\", \"FK_NAME\"");
    }

    ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
                                       String foreignCatalog, String foreignSchema, String foreignTable)
            throws SQLException {
        return keys(parentCatalog, parentSchema, parentTable, foreignCatalog, foreignSchema, foreignTable,
                "\"FKTABLE_CAT\", \"FKTABLE_SCHEM\", \"FKTABLE_NAME\", \"KEY_SEQ\", \"FK_NAME\"");
    }

    /**
     * CARDINALITY and PAGES are the planner's statistics of the index ({@code pg_class.reltuples},
     * {@code relpages}): estimates as of the last VACUUM or ANALYZE whatever {@code approximate}
     * says (an exact count would scan the table); CARDINALITY is null before the first one.
     */
    ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        MetaCatalogue.Q q = new MetaCatalogue.Q().add("SELECT " + MetaCatalogue.CURRENT_DB + " AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
                + " c.relname AS \"TABLE_NAME\", NOT i.indisunique AS \"NON_UNIQUE\","
                + " NULL::text AS \"INDEX_QUALIFIER\", ic.relname AS \"INDEX_NAME\","
                + " (CASE WHEN i.indisclustered THEN " + tableIndexClustered
                + " WHEN am.amname = 'hash' THEN " + tableIndexHashed
                + " ELSE " + tableIndexOther + " END)::pg_catalog.int2 AS \"TYPE\","
                + " k.n::pg_catalog.int2 AS \"ORDINAL_POSITION\","
                + " CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.n::pg_catalog.int4, false)"
                + " ELSE a.attname::text END AS \"COLUMN_NAME\","
                + " CASE WHEN pg_catalog.pg_index_column_has_property(i.indexrelid, k.n::pg_catalog.int4, 'desc')"
                + " THEN 'D' WHEN pg_catalog.pg_index_column_has_property(i.indexrelid, k.n::pg_catalog.int4, 'asc')"
                + " THEN 'A' END AS \"ASC_OR_DESC\","
                + " CASE WHEN ic.reltuples >= 0 THEN ic.reltuples::pg_catalog.int8 END AS \"CARDINALITY\","
                + " ic.relpages::pg_catalog.int8 AS \"PAGES\","
                + " pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS \"FILTER_CONDITION\""
                + " FROM pg_catalog.pg_index i"
                + " JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
                + " JOIN pg_catalog.pg_am am ON am.oid = ic.relam"
                + " CROSS JOIN LATERAL pg_catalog.unnest(i.indkey::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, n)"
                + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum AND k.attnum > 0"
                + " WHERE true");
        q.catalog(catalog).equal("n.nspname", schema).equal("c.relname", table);
        if (unique) {
            q.add(" AND i.indisunique");
        }
        q.add(" ORDER BY \"NON_UNIQUE\", \"TYPE\", \"INDEX_NAME\", \"ORDINAL_POSITION\"");
        return cat.run(q);
    }

    /**
     * The primary key when there is one; else the unique, valid, immediate, non-partial index
     * on plain columns with the fewest columns (with {@code nullable} false, only one whose columns
     * are all NOT NULL); each with scope {@link #bestRowSession}. With none of those and a scope of
     * {@link #bestRowTemporary}, the {@code ctid} pseudo column, which stays put while the row
     * is not updated.
     */
    ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
            throws SQLException {
        MetaCatalogue.Q q = new MetaCatalogue.Q().add("WITH tbl AS (SELECT c.oid FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p', 'm', 'f')");
        q.catalog(catalog).equal("n.nspname", schema).equal("c.relname", table);
        q.add("), best AS (SELECT DISTINCT ON (i.indrelid) i.indrelid, i.indexrelid, i.indkey"
                + " FROM pg_catalog.pg_index i JOIN tbl ON tbl.oid = i.indrelid"
                + " WHERE i.indisunique AND i.indisvalid AND i.indimmediate AND i.indpred IS NULL AND i.indexprs IS NULL");
        if (!nullable) {
            q.add(" AND (i.indisprimary OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute na"
                    + " WHERE na.attrelid = i.indrelid AND na.attnum = ANY (i.indkey::pg_catalog.int2[])"
                    + " AND NOT na.attnotnull))");
        }
        q.add(" ORDER BY i.indrelid, i.indisprimary DESC, i.indnkeyatts, i.indexrelid)"
                + " SELECT r.\"SCOPE\", r.\"COLUMN_NAME\", r.\"DATA_TYPE\", r.\"TYPE_NAME\", r.\"COLUMN_SIZE\","
                + " r.\"BUFFER_LENGTH\", r.\"DECIMAL_DIGITS\", r.\"PSEUDO_COLUMN\" FROM ("
                + "SELECT " + bestRowSession + "::pg_catalog.int2 AS \"SCOPE\", a.attname AS \"COLUMN_NAME\","
                + " z.jt AS \"DATA_TYPE\", " + MetaSql.typeName("t", "tn") + " AS \"TYPE_NAME\","
                + " s.size AS \"COLUMN_SIZE\", NULL::pg_catalog.int4 AS \"BUFFER_LENGTH\","
                + " s.digits::pg_catalog.int2 AS \"DECIMAL_DIGITS\","
                + " " + bestRowNotPseudo + "::pg_catalog.int2 AS \"PSEUDO_COLUMN\", k.seq, a.attrelid"
                + " FROM best CROSS JOIN LATERAL pg_catalog.unnest(best.indkey::pg_catalog.int2[])"
                + " WITH ORDINALITY AS k(attnum, seq)"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = best.indrelid AND a.attnum = k.attnum"
                + MetaSql.typeJoins("", "a.atttypid", "a.atttypmod"));
        if (scope <= bestRowTemporary) {
            q.add(" UNION ALL SELECT " + bestRowTemporary + "::pg_catalog.int2, a.attname, z.jt, "
                    + MetaSql.typeName("t", "tn") + ", s.size, NULL::pg_catalog.int4, s.digits::pg_catalog.int2, "
                    + bestRowPseudo + "::pg_catalog.int2, 1, a.attrelid"
                    + " FROM tbl JOIN pg_catalog.pg_attribute a ON a.attrelid = tbl.oid AND a.attname = 'ctid'"
                    + " AND a.attnum < 0"
                    + MetaSql.typeJoins("", "a.atttypid", "a.atttypmod")
                    + " WHERE NOT EXISTS (SELECT 1 FROM best WHERE best.indrelid = tbl.oid)");
        }
        q.add(") r ORDER BY r.\"SCOPE\", r.attrelid, r.seq");
        return cat.run(q);
    }

    /**
     * PostgreSQL changes two system columns of a row on every update: {@code xmin} (the
     * transaction that wrote this version) and {@code ctid} (where the version lives).
     */
    ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        MetaCatalogue.Q q = new MetaCatalogue.Q().add("SELECT NULL::pg_catalog.int2 AS \"SCOPE\", a.attname AS \"COLUMN_NAME\", z.jt AS \"DATA_TYPE\","
                + " " + MetaSql.typeName("t", "tn") + " AS \"TYPE_NAME\", s.size AS \"COLUMN_SIZE\","
                + " (CASE WHEN t.typlen > 0 THEN t.typlen END)::pg_catalog.int4 AS \"BUFFER_LENGTH\","
                + " s.digits::pg_catalog.int2 AS \"DECIMAL_DIGITS\","
                + " " + versionColumnPseudo + "::pg_catalog.int2 AS \"PSEUDO_COLUMN\""
                + " FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum < 0"
                + " AND a.attname IN ('xmin', 'ctid')"
                + MetaSql.typeJoins("", "a.atttypid", "a.atttypmod")
                + " WHERE c.relkind IN ('r', 'p', 'm', 'f')");
        q.catalog(catalog).equal("n.nspname", schema).equal("c.relname", table);
        q.add(" ORDER BY n.nspname, c.relname, a.attnum");
        return cat.run(q);
    }

    // ---- privileges --------------------------------------------------------------------------------------------

    private static final String GRANTEE = "CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(x.grantee)::text END";

    ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        MetaCatalogue.Q q = new MetaCatalogue.Q().add("SELECT " + MetaCatalogue.CURRENT_DB + " AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
                + " c.relname AS \"TABLE_NAME\", pg_catalog.pg_get_userbyid(x.grantor)::text AS \"GRANTOR\","
                + " " + GRANTEE + " AS \"GRANTEE\", x.privilege_type AS \"PRIVILEGE\","
                + " CASE WHEN x.is_grantable OR x.grantee = c.relowner THEN 'YES' ELSE 'NO' END AS \"IS_GRANTABLE\""
                + " FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " CROSS JOIN LATERAL pg_catalog.aclexplode(COALESCE(c.relacl, pg_catalog.acldefault('r', c.relowner))) x"
                + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')");
        q.catalog(catalog).like("n.nspname", schemaPattern).like("c.relname", tableNamePattern);
        q.add(" ORDER BY \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"PRIVILEGE\", \"GRANTEE\"");
        return cat.run(q);
    }

    ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
            throws SQLException {
        // a column's privileges: those granted on its table that apply to columns, and its own
        MetaCatalogue.Q q = new MetaCatalogue.Q().add("SELECT DISTINCT " + MetaCatalogue.CURRENT_DB + " AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
                + " c.relname AS \"TABLE_NAME\", a.attname AS \"COLUMN_NAME\","
                + " pg_catalog.pg_get_userbyid(x.grantor)::text AS \"GRANTOR\","
                + " " + GRANTEE + " AS \"GRANTEE\", x.privilege_type AS \"PRIVILEGE\","
                + " CASE WHEN x.is_grantable OR x.grantee = c.relowner THEN 'YES' ELSE 'NO' END AS \"IS_GRANTABLE\""
                + " FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + " CROSS JOIN LATERAL (SELECT * FROM pg_catalog.aclexplode("
                + "COALESCE(c.relacl, pg_catalog.acldefault('r', c.relowner))) tx"
                + " WHERE tx.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')"
                + " UNION ALL SELECT * FROM pg_catalog.aclexplode(a.attacl)) x"
                + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')");
        q.catalog(catalog).equal("n.nspname", schema).equal("c.relname", table).like("a.attname", columnNamePattern);
        q.add(" ORDER BY \"COLUMN_NAME\", \"PRIVILEGE\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"GRANTEE\", \"GRANTOR\"");
        return cat.run(q);
    }
}
