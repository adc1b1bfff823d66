package dev.greenwire.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import static java.sql.DatabaseMetaData.*;

/**
 * The catalogue queries behind {@link GwDatabaseMetaData}: each method is one query on
 * {@code pg_catalog}, its user values bound as {@code ?} parameters, run on the connection and
 * answered with that connection's own result set (whose statement closes with it).
 */
final class MetaCatalogue {
    private final Connection connection;

    MetaCatalogue(Connection connection) {
        this.connection = connection;
    }

    // ---- running the queries ---------------------------------------------------------------------

    /**
     * Prepares {@code sql} on the connection, binds {@code args} (String, Integer or Boolean, in
     * order), runs it and hands its result set over; the statement closes with the result set.
     */
    private ResultSet query(String sql, List<?> args) throws SQLException {
        PreparedStatement ps;
        try {
            ps = connection.prepareStatement(sql, ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
        } catch (SQLFeatureNotSupportedException e) {
            ps = connection.prepareStatement(sql);
        }
        try {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof String s) {
                    ps.setString(i + 1, s);
                } else if (a instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else if (a instanceof Boolean b) {
                    ps.setBoolean(i + 1, b);
                } else {
                    throw new IllegalStateException("metadata parameter of unexpected type: " + a);
                }
            }
            ResultSet rs = ps.executeQuery();
            ps.closeOnCompletion();
            return rs;
        } catch (SQLException | RuntimeException e) {
            try {
                ps.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    ResultSet query(String sql) throws SQLException {
        return query(sql, List.of());
    }

    /** Runs a one-row, one-column query and returns its value as a String. */
    String scalar(String sql, List<?> args) throws SQLException {
        try (ResultSet rs = query(sql, args)) {
            if (!rs.next()) {
                throw new SQLException("metadata query returned no row: " + sql, "XX000");
            }
            return rs.getString(1);
        }
    }

    // ---- the catalogue: building the queries -----------------------------------------------------------

    private static final String CURRENT_DB = "pg_catalog.current_database()";

    /** A query under construction: its text and its parameters, in order. */
    private static final class Q {
        final StringBuilder sql = new StringBuilder();
        final List<Object> args = new ArrayList<>();

        Q add(String text) {
            sql.append(text);
            return this;
        }

        /** Restricts to the current database when a catalog is named (no other database is reachable). */
        Q catalog(String catalog) {
            if (catalog != null) {
                sql.append(" AND ").append(CURRENT_DB).append(" = ?");
                args.add(catalog);
            }
            return this;
        }

        /** {@code AND column LIKE pattern}, unless the pattern is null. */
        Q like(String column, String pattern) {
            if (pattern != null) {
                sql.append(" AND ").append(column).append(" LIKE ?");
                args.add(pattern);
            }
            return this;
        }

        /** {@code AND column = value}, unless the value is null. */
        Q equal(String column, String value) {
            if (value != null) {
                sql.append(" AND ").append(column).append(" = ?");
                args.add(value);
            }
            return this;
        }

        /** {@code AND column IN (values…)}; an empty array matches nothing. */
        Q in(String column, List<?> values) {
            if (values.isEmpty()) {
                sql.append(" AND false");
                return this;
            }
            sql.append(" AND ").append(column).append(" IN (");
            for (int i = 0; i < values.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
                args.add(values.get(i));
            }
            sql.append(')');
            return this;
        }
    }

    private ResultSet run(Q q) throws SQLException {
        return query(q.sql.toString(), q.args);
    }

    /**
     * A qualified name for getUDTs/getSuperTables/getSuperTypes: JDBC lets the name pattern be
     * fully qualified ({@code schema.name} or {@code catalog.schema.name}), and then the schema
     * argument is ignored. Returns {schemaPattern, namePattern}.
     */
    private static String[] splitQualified(String schemaPattern, String namePattern) {
        if (namePattern == null) {
            return new String[] {schemaPattern, null};
        }
        int last = namePattern.lastIndexOf('.');
        if (last < 0) {
            return new String[] {schemaPattern, namePattern};
        }
        String qualifier = namePattern.substring(0, last);
        int first = qualifier.lastIndexOf('.');
        return new String[] {first < 0 ? qualifier : qualifier.substring(first + 1), namePattern.substring(last + 1)};
    }

    // ---- schemas, catalogs, tables -----------------------------------------------------------------------

    ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        Q q = new Q().add("SELECT n.nspname AS \"TABLE_SCHEM\", " + CURRENT_DB + " AS \"TABLE_CATALOG\""
                + " FROM pg_catalog.pg_namespace n"
                + " WHERE n.nspname <> 'pg_toast' AND n.nspname !~ '^pg_toast_temp_'"
                + " AND (n.nspname !~ '^pg_temp_' OR n.oid = pg_catalog.pg_my_temp_schema())");
        q.catalog(catalog).like("n.nspname", schemaPattern);
        q.add(" ORDER BY \"TABLE_CATALOG\", \"TABLE_SCHEM\"");
        return run(q);
    }

    ResultSet getCatalogs() throws SQLException {
        return query("SELECT d.datname AS \"TABLE_CAT\" FROM pg_catalog.pg_database d WHERE d.datallowconn"
                + " ORDER BY d.datname");
    }

    ResultSet getTableTypes() throws SQLException {
        StringBuilder values = new StringBuilder();
        for (String name : MetaSql.tableTypeNames()) {
            values.append(values.isEmpty() ? "('" : ", ('").append(name).append("')");
        }
        return query("SELECT v.t AS \"TABLE_TYPE\" FROM (VALUES " + values + ") v(t) ORDER BY v.t COLLATE \"C\"");
    }

    ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        Q q = new Q().add("SELECT * FROM (SELECT " + CURRENT_DB + " AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
                + " c.relname AS \"TABLE_NAME\", " + MetaSql.tableType("c", "n") + " AS \"TABLE_TYPE\","
                + " pg_catalog.obj_description(c.oid, 'pg_class') AS \"REMARKS\","
                + " NULL::text AS \"TYPE_CAT\", NULL::text AS \"TYPE_SCHEM\", NULL::text AS \"TYPE_NAME\","
                + " NULL::text AS \"SELF_REFERENCING_COL_NAME\", NULL::text AS \"REF_GENERATION\""
                + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE true");
        q.catalog(catalog).like("n.nspname", schemaPattern).like("c.relname", tableNamePattern);
        q.add(") q WHERE q.\"TABLE_TYPE\" IS NOT NULL");
        if (types != null) {
            q.in("q.\"TABLE_TYPE\"", List.of(types));
        }
        q.add(" ORDER BY q.\"TABLE_TYPE\" COLLATE \"C\", q.\"TABLE_CAT\", q.\"TABLE_SCHEM\", q.\"TABLE_NAME\"");
        return run(q);
    }

    ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
                                String columnNamePattern) throws SQLException {
        Q q = new Q().add("SELECT * FROM (SELECT " + CURRENT_DB + " AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
                + " c.relname AS \"TABLE_NAME\", a.attname AS \"COLUMN_NAME\", z.jt AS \"DATA_TYPE\","
                + " CASE WHEN ad.def LIKE '%nextval(%' AND t.oid IN (20, 21, 23)"
                + " THEN CASE t.oid WHEN 23 THEN 'serial' WHEN 20 THEN 'bigserial' ELSE 'smallserial' END"
                + " ELSE " + MetaSql.typeName("t", "tn") + " END AS \"TYPE_NAME\","
                + " s.size AS \"COLUMN_SIZE\", NULL::pg_catalog.int4 AS \"BUFFER_LENGTH\","
                + " s.digits AS \"DECIMAL_DIGITS\", s.radix AS \"NUM_PREC_RADIX\","
                + " (CASE WHEN a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) THEN " + columnNoNulls
                + " ELSE " + columnNullable + " END)::pg_catalog.int4 AS \"NULLABLE\","
                + " pg_catalog.col_description(c.oid, a.attnum) AS \"REMARKS\","
                + " CASE WHEN a.attgenerated = '' THEN ad.def END AS \"COLUMN_DEF\","
                + " NULL::pg_catalog.int4 AS \"SQL_DATA_TYPE\", NULL::pg_catalog.int4 AS \"SQL_DATETIME_SUB\","
                + " s.octets AS \"CHAR_OCTET_LENGTH\","
                + " (pg_catalog.row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum))::pg_catalog.int4"
                + " AS \"ORDINAL_POSITION\","
                + " CASE WHEN a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) THEN 'NO' ELSE 'YES' END"
                + " AS \"IS_NULLABLE\","
                + " NULL::text AS \"SCOPE_CATALOG\", NULL::text AS \"SCOPE_SCHEMA\", NULL::text AS \"SCOPE_TABLE\","
                + " (CASE WHEN t.typtype = 'd' THEN z.sjt END)::pg_catalog.int2"
                + " AS \"SOURCE_DATA_TYPE\","
                + " CASE WHEN a.attidentity <> '' OR ad.def LIKE '%nextval(%' THEN 'YES' ELSE 'NO' END"
                + " AS \"IS_AUTOINCREMENT\","
                + " CASE WHEN a.attgenerated <> '' THEN 'YES' ELSE 'NO' END AS \"IS_GENERATEDCOLUMN\""
                + " FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + MetaSql.typeJoins("", "a.atttypid", "a.atttypmod")
                + " LEFT JOIN LATERAL (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def"
                + " FROM pg_catalog.pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum) ad ON true"
                + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')");
        q.catalog(catalog).like("n.nspname", schemaPattern).like("c.relname", tableNamePattern);
        q.add(") q WHERE true").like("q.\"COLUMN_NAME\"", columnNamePattern);
        q.add(" ORDER BY q.\"TABLE_CAT\", q.\"TABLE_SCHEM\", q.\"TABLE_NAME\", q.\"ORDINAL_POSITION\"");
        return run(q);
    }

    ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
                                      String columnNamePattern) throws SQLException {
        // PostgreSQL's system columns (ctid, xmin, cmin, xmax, cmax, tableoid): hidden from SELECT *,
        // usable anywhere a column is
        Q q = new Q().add("SELECT " + CURRENT_DB + " AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
                + " c.relname AS \"TABLE_NAME\", a.attname AS \"COLUMN_NAME\", z.jt AS \"DATA_TYPE\","
                + " s.size AS \"COLUMN_SIZE\", s.digits AS \"DECIMAL_DIGITS\", s.radix AS \"NUM_PREC_RADIX\","
                + " 'NO_USAGE_RESTRICTIONS'::text AS \"COLUMN_USAGE\", NULL::text AS \"REMARKS\","
                + " s.octets AS \"CHAR_OCTET_LENGTH\","
                + " 'NO'::text AS \"IS_NULLABLE\""
                + " FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum < 0 AND NOT a.attisdropped"
                + MetaSql.typeJoins("", "a.atttypid", "a.atttypmod")
                + " WHERE c.relkind IN ('r', 'p', 'm', 'f')");
        q.catalog(catalog).like("n.nspname", schemaPattern).like("c.relname", tableNamePattern)
                .like("a.attname", columnNamePattern);
        q.add(" ORDER BY \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"COLUMN_NAME\"");
        return run(q);
    }

    ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        String[] sn = splitQualified(schemaPattern, tableNamePattern);
        // table inheritance and declarative partitioning: pg_inherits holds each immediate parent
        Q q = new Q().add("SELECT " + CURRENT_DB + " AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
                + " c.relname AS \"TABLE_NAME\", pc.relname AS \"SUPERTABLE_NAME\""
                + " FROM pg_catalog.pg_inherits i"
                + " JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent"
                + " WHERE c.relkind IN ('r', 'p', 'f')");
        q.catalog(catalog).like("n.nspname", sn[0]).like("c.relname", sn[1]);
        q.add(" ORDER BY \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", i.inhseqno");
        return run(q);
    }

    ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern)
            throws SQLException {
        // PostgreSQL has no structured-type hierarchy (no CREATE TYPE … UNDER): never a row
        return query("SELECT NULL::text AS \"TYPE_CAT\", NULL::text AS \"TYPE_SCHEM\", NULL::text AS \"TYPE_NAME\","
                + " NULL::text AS \"SUPERTYPE_CAT\", NULL::text AS \"SUPERTYPE_SCHEM\", NULL::text AS \"SUPERTYPE_NAME\""
                + " WHERE false");
    }

    // ---- keys and indexes ---------------------------------------------------------------------------------

    ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        Q q = new Q().add("SELECT " + CURRENT_DB + " AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
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
        return run(q);
    }

    /** The foreign keys from (fk side) to (pk side); null narrows nothing. */
    private ResultSet keys(String pkCatalog, String pkSchema, String pkTable, String fkCatalog, String fkSchema,
                           String fkTable, String orderBy) throws SQLException {
        Q q = new Q().add("SELECT " + CURRENT_DB + " AS \"PKTABLE_CAT\", pn.nspname AS \"PKTABLE_SCHEM\","
                + " pc.relname AS \"PKTABLE_NAME\", pa.attname AS \"PKCOLUMN_NAME\","
                + " " + CURRENT_DB + " AS \"FKTABLE_CAT\", fn.nspname AS \"FKTABLE_SCHEM\","
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
        return run(q);
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
        Q q = new Q().add("SELECT " + CURRENT_DB + " AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
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
        return run(q);
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
        Q q = new Q().add("WITH tbl AS (SELECT c.oid FROM pg_catalog.pg_class c"
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
        return run(q);
    }

    /**
     * PostgreSQL changes two system columns of a row on every update: {@code xmin} (the
     * transaction that wrote this version) and {@code ctid} (where the version lives).
     */
    ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        Q q = new Q().add("SELECT NULL::pg_catalog.int2 AS \"SCOPE\", a.attname AS \"COLUMN_NAME\", z.jt AS \"DATA_TYPE\","
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
        return run(q);
    }

    // ---- privileges --------------------------------------------------------------------------------------------

    private static final String GRANTEE = "CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(x.grantee)::text END";

    ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        Q q = new Q().add("SELECT " + CURRENT_DB + " AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
                + " c.relname AS \"TABLE_NAME\", pg_catalog.pg_get_userbyid(x.grantor)::text AS \"GRANTOR\","
                + " " + GRANTEE + " AS \"GRANTEE\", x.privilege_type AS \"PRIVILEGE\","
                + " CASE WHEN x.is_grantable OR x.grantee = c.relowner THEN 'YES' ELSE 'NO' END AS \"IS_GRANTABLE\""
                + " FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " CROSS JOIN LATERAL pg_catalog.aclexplode(COALESCE(c.relacl, pg_catalog.acldefault('r', c.relowner))) x"
                + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')");
        q.catalog(catalog).like("n.nspname", schemaPattern).like("c.relname", tableNamePattern);
        q.add(" ORDER BY \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"PRIVILEGE\", \"GRANTEE\"");
        return run(q);
    }

    ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
            throws SQLException {
        // a column's privileges: those granted on its table that apply to columns, and its own
        Q q = new Q().add("SELECT DISTINCT " + CURRENT_DB + " AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
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
        return run(q);
    }

    // ---- types -------------------------------------------------------------------------------------------------

    ResultSet getTypeInfo() throws SQLException {
        String base = "(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END)";
        String jt = MetaSql.jdbcType("t");
        String numeric = Types.SMALLINT + ", " + Types.INTEGER + ", " + Types.BIGINT + ", " + Types.REAL + ", "
                + Types.DOUBLE + ", " + Types.NUMERIC + ", " + Types.DECIMAL + ", " + Types.FLOAT + ", " + Types.TINYINT;
        // per JDBC type, the PostgreSQL type that maps it most closely comes first
        String preferred = "21, 23, 20, 1700, 700, 701, 1042, 1043, 17, 16, 1082, 1083, 1114, 1790";
        return query("SELECT q.\"TYPE_NAME\", q.\"DATA_TYPE\", q.\"PRECISION\", q.\"LITERAL_PREFIX\","
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
        String[] sn = splitQualified(schemaPattern, typeNamePattern);
        // composite types (CREATE TYPE … AS (…)) are STRUCTs, domains DISTINCT types
        Q q = new Q().add("SELECT * FROM (SELECT " + CURRENT_DB + " AS \"TYPE_CAT\", n.nspname AS \"TYPE_SCHEM\","
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
        return run(q);
    }

    ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
                                   String attributeNamePattern) throws SQLException {
        String[] sn = splitQualified(schemaPattern, typeNamePattern);
        Q q = new Q().add("SELECT " + CURRENT_DB + " AS \"TYPE_CAT\", un.nspname AS \"TYPE_SCHEM\","
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
        Q outer = new Q().add("SELECT * FROM (" + inner + ") q WHERE true");
        outer.args.addAll(q.args);
        outer.like("q.\"ATTR_NAME\"", attributeNamePattern);
        outer.add(" ORDER BY q.\"TYPE_CAT\", q.\"TYPE_SCHEM\", q.\"TYPE_NAME\", q.\"ORDINAL_POSITION\"");
        return run(outer);
    }

    // ---- routines ----------------------------------------------------------------------------------------------

    private static final String SPECIFIC_NAME = "(p.proname || '_' || p.oid::text)";

    ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
            throws SQLException {
        Q q = new Q().add("SELECT " + CURRENT_DB + " AS \"PROCEDURE_CAT\", n.nspname AS \"PROCEDURE_SCHEM\","
                + " p.proname AS \"PROCEDURE_NAME\", NULL::text AS \"RESERVED1\", NULL::text AS \"RESERVED2\","
                + " NULL::text AS \"RESERVED3\", pg_catalog.obj_description(p.oid, 'pg_proc') AS \"REMARKS\","
                + " " + procedureNoResult + "::pg_catalog.int2 AS \"PROCEDURE_TYPE\","
                + " " + SPECIFIC_NAME + " AS \"SPECIFIC_NAME\""
                + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE p.prokind = 'p'");
        q.catalog(catalog).like("n.nspname", schemaPattern).like("p.proname", procedureNamePattern);
        q.add(" ORDER BY \"PROCEDURE_CAT\", \"PROCEDURE_SCHEM\", \"PROCEDURE_NAME\", \"SPECIFIC_NAME\"");
        return run(q);
    }

    ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
            throws SQLException {
        Q q = new Q().add("SELECT " + CURRENT_DB + " AS \"FUNCTION_CAT\", n.nspname AS \"FUNCTION_SCHEM\","
                + " p.proname AS \"FUNCTION_NAME\", pg_catalog.obj_description(p.oid, 'pg_proc') AS \"REMARKS\","
                + " (CASE WHEN p.proretset THEN " + functionReturnsTable + " ELSE " + functionNoTable
                + " END)::pg_catalog.int2 AS \"FUNCTION_TYPE\", " + SPECIFIC_NAME + " AS \"SPECIFIC_NAME\""
                + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE p.prokind IN ('f', 'a', 'w')");
        q.catalog(catalog).like("n.nspname", schemaPattern).like("p.proname", functionNamePattern);
        q.add(" ORDER BY \"FUNCTION_CAT\", \"FUNCTION_SCHEM\", \"FUNCTION_NAME\", \"SPECIFIC_NAME\"");
        return run(q);
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
        Q q = new Q().add("WITH r AS (SELECT p.oid, p.proname, n.nspname, p.prorettype, " + SPECIFIC_NAME + " AS spec,"
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
                + " SELECT " + outerColumns(procedures) + " FROM (SELECT " + CURRENT_DB + " AS \"" + prefix + "_CAT\", cols.nspname AS \"" + prefix
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
        return run(q);
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

    // ---- client info -------------------------------------------------------------------------------------------

    /**
     * {@code ApplicationName}: the server's {@code application_name}, which it truncates to
     * {@code max_identifier_length} bytes.
     */
    ResultSet getClientInfoProperties() throws SQLException {
        return query("SELECT 'ApplicationName'::text AS \"NAME\","
                + " pg_catalog.current_setting('max_identifier_length')::pg_catalog.int4 AS \"MAX_LEN\","
                + " s.boot_val AS \"DEFAULT_VALUE\", s.short_desc AS \"DESCRIPTION\""
                + " FROM pg_catalog.pg_settings s WHERE s.name = 'application_name' ORDER BY 1");
    }
}
