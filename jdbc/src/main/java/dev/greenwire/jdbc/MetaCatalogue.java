package dev.greenwire.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;

import static java.sql.DatabaseMetaData.*;

/**
 * The catalogue queries behind {@link GwDatabaseMetaData}: each method is one query on
 * {@code pg_catalog}, its user values bound as {@code ?} parameters, run on the connection and
 * answered with that connection's own result set (whose statement closes with it). Here the
 * schemas, tables and columns; keys and privileges in {@link MetaKeys}, types and routines in
 * {@link MetaRoutines}.
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

    static final String CURRENT_DB = "pg_catalog.current_database()";

    /** A query under construction: its text and its parameters, in order. */
    static final class Q {
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

    ResultSet run(Q q) throws SQLException {
        return query(q.sql.toString(), q.args);
    }

    /**
     * A qualified name for getUDTs/getSuperTables/getSuperTypes: JDBC lets the name pattern be
     * fully qualified ({@code schema.name} or {@code catalog.schema.name}), and then the schema
     * argument is ignored. Returns {schemaPattern, namePattern}.
     */
    static String[] splitQualified(String schemaPattern, String namePattern) {
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