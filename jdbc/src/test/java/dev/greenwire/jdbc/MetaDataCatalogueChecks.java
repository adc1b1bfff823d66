package dev.greenwire.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The catalogue side of {@link GwDatabaseMetaData} over a schema built for the purpose, each
 * method's rows compared with what pg_catalog/information_schema say (queried here on their own,
 * through the reference pgjdbc connection) and, where both should agree, with pgjdbc's own
 * DatabaseMetaData. Subclasses choose the connection the metadata runs over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class MetaDataCatalogueChecks {
    static final String L = "Meta Left";   // a quoted, mixed-case schema name with a space
    static final String R = "meta_right";

    private static final String SCHEMA_SQL = """
            DROP SCHEMA IF EXISTS "Meta Left" CASCADE;
            DROP SCHEMA IF EXISTS meta_right CASCADE;
            DO $$ BEGIN CREATE ROLE meta_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            DROP SERVER IF EXISTS meta_server CASCADE;
            DROP FOREIGN DATA WRAPPER IF EXISTS meta_fdw CASCADE;
            CREATE SCHEMA "Meta Left";
            CREATE SCHEMA meta_right;
            CREATE DOMAIN "Meta Left"."Positive" AS numeric(10,2) NOT NULL CHECK (VALUE > 0);
            COMMENT ON DOMAIN "Meta Left"."Positive" IS 'a positive amount';
            CREATE DOMAIN meta_right.short_text AS varchar(20);
            CREATE TYPE "Meta Left"."Point3" AS (x float8, y float8, "Z" numeric(8,3));
            COMMENT ON TYPE "Meta Left"."Point3" IS 'a point in space';
            CREATE TYPE meta_right.mood AS ENUM ('sad', 'happy');
            CREATE TABLE "Meta Left"."Orders" (
                "Region" varchar(8) NOT NULL,
                "OrderNo" int NOT NULL,
                id bigint GENERATED ALWAYS AS IDENTITY,
                amount "Meta Left"."Positive",
                qty int2 DEFAULT 1,
                gone int,
                price numeric(12,4),
                total numeric GENERATED ALWAYS AS (price * qty) STORED,
                placed timestamptz(3) DEFAULT now(),
                at_time time,
                note text,
                tags text[],
                flag boolean,
                payload bytea,
                mood meta_right.mood,
                label meta_right.short_text,
                serial_col serial,
                code char(3),
                ratio float4,
                uid uuid,
                doc jsonb,
                PRIMARY KEY ("Region", "OrderNo"),
                UNIQUE (id)
            );
            ALTER TABLE "Meta Left"."Orders" DROP COLUMN gone;
            COMMENT ON TABLE "Meta Left"."Orders" IS 'orders, keyed by region';
            COMMENT ON COLUMN "Meta Left"."Orders"."OrderNo" IS 'number within the region';
            CREATE INDEX orders_note_lower ON "Meta Left"."Orders" (lower(note)) WHERE flag;
            CREATE INDEX "Orders_Placed_Desc" ON "Meta Left"."Orders" (placed DESC, "OrderNo");
            CREATE INDEX orders_hash ON "Meta Left"."Orders" USING hash (note);
            CREATE TABLE meta_right.lines (
                line_id int PRIMARY KEY,
                "Region" varchar(8),
                order_no int,
                order_id bigint REFERENCES "Meta Left"."Orders" (id) ON DELETE SET NULL,
                CONSTRAINT "Lines_Order_FK" FOREIGN KEY ("Region", order_no)
                    REFERENCES "Meta Left"."Orders" ("Region", "OrderNo")
                    ON DELETE CASCADE ON UPDATE RESTRICT DEFERRABLE INITIALLY DEFERRED
            );
            CREATE TABLE meta_right.events (id int, at date NOT NULL, kind text) PARTITION BY RANGE (at);
            CREATE TABLE meta_right.events_2024 PARTITION OF meta_right.events
                FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            ALTER TABLE meta_right.events ADD PRIMARY KEY (id, at);
            CREATE TABLE meta_right.event_notes (
                note_id int PRIMARY KEY, event_id int, event_at date,
                FOREIGN KEY (event_id, event_at) REFERENCES meta_right.events (id, at) ON UPDATE CASCADE
            );
            CREATE VIEW "Meta Left"."Big Orders" AS
                SELECT "Region", "OrderNo", amount FROM "Meta Left"."Orders" WHERE amount > 100;
            CREATE MATERIALIZED VIEW meta_right.order_counts AS
                SELECT "Region", count(*) AS n FROM "Meta Left"."Orders" GROUP BY 1;
            CREATE SEQUENCE meta_right.ticket_seq;
            CREATE FOREIGN DATA WRAPPER meta_fdw;
            CREATE SERVER meta_server FOREIGN DATA WRAPPER meta_fdw;
            CREATE FOREIGN TABLE meta_right.remote_things (id int, name text) SERVER meta_server;
            CREATE TABLE meta_right.base_t (a int);
            CREATE TABLE meta_right.derived_t (b int) INHERITS (meta_right.base_t);
            CREATE TABLE meta_right.uniq_only (u int NOT NULL UNIQUE, v int UNIQUE, w int);
            CREATE TABLE meta_right.nullable_uniq (v int UNIQUE, w int);
            CREATE TABLE "Meta Left".a_b (x int);
            CREATE TABLE "Meta Left"."aXb" (x int);
            CREATE FUNCTION "Meta Left"."Add Tax"(amount numeric, rate numeric DEFAULT 0.2,
                    OUT gross numeric, OUT tax numeric)
                LANGUAGE sql AS $f$ SELECT amount * (1 + rate), amount * rate $f$;
            CREATE FUNCTION meta_right.order_lines(p_region varchar, p_no int)
                RETURNS TABLE (line_id int, note text)
                LANGUAGE sql AS $f$ SELECT l.line_id, 'x'::text FROM meta_right.lines l
                                   WHERE l."Region" = p_region AND l.order_no = p_no $f$;
            CREATE FUNCTION meta_right.twice(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2';
            COMMENT ON FUNCTION meta_right.twice(int) IS 'doubles';
            CREATE FUNCTION meta_right.point_of(x float8) RETURNS "Meta Left"."Point3"
                LANGUAGE sql AS $f$ SELECT ROW(x, x, 1)::"Meta Left"."Point3" $f$;
            CREATE PROCEDURE meta_right.bump(IN p_region varchar, INOUT p_count int, OUT p_done boolean)
                LANGUAGE plpgsql AS $p$ BEGIN p_count := p_count + 1; p_done := true; END $p$;
            COMMENT ON PROCEDURE meta_right.bump(varchar, int, boolean) IS 'counts up';
            GRANT SELECT ON "Meta Left"."Orders" TO meta_reader WITH GRANT OPTION;
            GRANT UPDATE (note) ON "Meta Left"."Orders" TO meta_reader;
            GRANT INSERT ON "Meta Left"."Orders" TO PUBLIC;
            ANALYZE "Meta Left"."Orders";
            """;

    /** The connection the metadata under test runs over. */
    private Connection conn;
    /** pgjdbc: the reference driver, and the connection the expected values are queried on. */
    private Connection ref;
    private DatabaseMetaData meta;
    private DatabaseMetaData pgjdbc;

    /** @return a new connection to the test database for the metadata under test */
    abstract Connection open() throws SQLException;

    /** @return the metadata under test over {@code c} */
    abstract DatabaseMetaData metaOf(Connection c) throws SQLException;

    @BeforeAll
    void setUp() throws SQLException {
        ref = MetaDataTestSupport.pgjdbc();
        try (Statement st = ref.createStatement()) {
            st.execute(SCHEMA_SQL);
        }
        conn = open();
        meta = metaOf(conn);
        pgjdbc = ref.getMetaData();
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TEMP TABLE meta_tmp (t int)");
        }
    }

    @AfterAll
    void tearDown() throws SQLException {
        try {
            if (conn != null) {
                conn.close();
            }
        } finally {
            if (ref != null) {
                try (Statement st = ref.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS \"Meta Left\" CASCADE; DROP SCHEMA IF EXISTS meta_right CASCADE;"
                            + " DROP SERVER IF EXISTS meta_server CASCADE;"
                            + " DROP FOREIGN DATA WRAPPER IF EXISTS meta_fdw CASCADE");
                }
                ref.close();
            }
        }
    }

    // ---- reading result sets ---------------------------------------------------------------------

    /** A value as compared here: numbers as Long, booleans as Boolean, the rest as String. */
    private static Object norm(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        if (o instanceof Boolean || o == null) {
            return o;
        }
        return o.toString();
    }

    /** Every row of {@code rs} (closed after), each a map from column label to normalised value. */
    static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), norm(rs.getObject(i)));
                }
                out.add(row);
            }
            return out;
        }
    }

    /** The rows of {@code sql} run on the reference connection with string parameters. */
    private List<Map<String, Object>> expected(String sql, String... params) throws SQLException {
        PreparedStatement ps = ref.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setString(i + 1, params[i]);
        }
        try (ps) {
            return rows(ps.executeQuery());
        }
    }

    /** Projects rows to the given columns, as lists. */
    private static List<List<Object>> project(List<Map<String, Object>> rows, String... cols) {
        List<List<Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            List<Object> p = new ArrayList<>();
            for (String c : cols) {
                assertTrue(r.containsKey(c), "no column " + c + " in " + r.keySet());
                p.add(r.get(c));
            }
            out.add(p);
        }
        return out;
    }

    private static Set<List<Object>> projectSet(List<Map<String, Object>> rows, String... cols) {
        return new HashSet<>(project(rows, cols));
    }

    private static List<Object> column(List<Map<String, Object>> rows, String col) {
        return rows.stream().map(r -> r.get(col)).collect(Collectors.toList());
    }

    private static Map<String, Object> only(List<Map<String, Object>> rows) {
        assertEquals(1, rows.size(), "expected one row: " + rows);
        return rows.get(0);
    }

    /** Asserts that {@code rows} are sorted by {@code cols} (strings byte-wise, numbers, booleans false first). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void assertSorted(List<Map<String, Object>> rows, String... cols) {
        Comparator<Object> values = (a, b) -> {
            if (a == null || b == null) {
                return a == b ? 0 : a == null ? 1 : -1;
            }
            return ((Comparable) a).compareTo(b);
        };
        for (int i = 1; i < rows.size(); i++) {
            for (String c : cols) {
                int cmp = values.compare(rows.get(i - 1).get(c), rows.get(i).get(c));
                if (cmp < 0) {
                    break;
                }
                if (cmp > 0) {
                    fail("rows not ordered by " + Arrays.toString(cols) + " at " + i + ": " + rows.get(i - 1) + " then "
                            + rows.get(i));
                }
            }
        }
    }

    // ---- the column sets JDBC specifies ------------------------------------------------------------------

    /** s String, i int, h short, l long, b boolean. */
    private static void assertColumns(ResultSet rs, String spec) throws SQLException {
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            String[] cols = spec.trim().split("\\s+");
            List<String> got = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                got.add(md.getColumnLabel(i));
            }
            List<String> want = Arrays.stream(cols).map(c -> c.substring(0, c.indexOf(':'))).toList();
            assertEquals(want, got, "column labels");
            for (int i = 0; i < cols.length; i++) {
                char kind = cols[i].charAt(cols[i].length() - 1);
                int type = md.getColumnType(i + 1);
                boolean ok = switch (kind) {
                    case 's' -> type == Types.VARCHAR || type == Types.CHAR || type == Types.LONGVARCHAR
                            || type == Types.NVARCHAR;
                    case 'i' -> type == Types.INTEGER;
                    case 'h' -> type == Types.SMALLINT;
                    case 'l' -> type == Types.BIGINT;
                    case 'b' -> type == Types.BIT || type == Types.BOOLEAN;
                    default -> throw new IllegalArgumentException(cols[i]);
                };
                assertTrue(ok, want.get(i) + " has JDBC type " + type + " (" + md.getColumnTypeName(i + 1) + "), wants " + kind);
            }
        }
    }

    @Test
    void everyResultHasTheJdbcColumns() throws SQLException {
        assertColumns(meta.getSchemas(), "TABLE_SCHEM:s TABLE_CATALOG:s");
        assertColumns(meta.getSchemas(null, "x"), "TABLE_SCHEM:s TABLE_CATALOG:s");
        assertColumns(meta.getCatalogs(), "TABLE_CAT:s");
        assertColumns(meta.getTableTypes(), "TABLE_TYPE:s");
        assertColumns(meta.getTables(null, R, "%", null), "TABLE_CAT:s TABLE_SCHEM:s TABLE_NAME:s TABLE_TYPE:s REMARKS:s"
                + " TYPE_CAT:s TYPE_SCHEM:s TYPE_NAME:s SELF_REFERENCING_COL_NAME:s REF_GENERATION:s");
        assertColumns(meta.getColumns(null, L, "Orders", null), "TABLE_CAT:s TABLE_SCHEM:s TABLE_NAME:s COLUMN_NAME:s"
                + " DATA_TYPE:i TYPE_NAME:s COLUMN_SIZE:i BUFFER_LENGTH:i DECIMAL_DIGITS:i NUM_PREC_RADIX:i NULLABLE:i"
                + " REMARKS:s COLUMN_DEF:s SQL_DATA_TYPE:i SQL_DATETIME_SUB:i CHAR_OCTET_LENGTH:i ORDINAL_POSITION:i"
                + " IS_NULLABLE:s SCOPE_CATALOG:s SCOPE_SCHEMA:s SCOPE_TABLE:s SOURCE_DATA_TYPE:h IS_AUTOINCREMENT:s"
                + " IS_GENERATEDCOLUMN:s");
        assertColumns(meta.getColumnPrivileges(null, L, "Orders", "%"), "TABLE_CAT:s TABLE_SCHEM:s TABLE_NAME:s"
                + " COLUMN_NAME:s GRANTOR:s GRANTEE:s PRIVILEGE:s IS_GRANTABLE:s");
        assertColumns(meta.getTablePrivileges(null, L, "Orders"), "TABLE_CAT:s TABLE_SCHEM:s TABLE_NAME:s GRANTOR:s"
                + " GRANTEE:s PRIVILEGE:s IS_GRANTABLE:s");
        String rowId = "SCOPE:h COLUMN_NAME:s DATA_TYPE:i TYPE_NAME:s COLUMN_SIZE:i BUFFER_LENGTH:i DECIMAL_DIGITS:h"
                + " PSEUDO_COLUMN:h";
        assertColumns(meta.getBestRowIdentifier(null, L, "Orders", DatabaseMetaData.bestRowSession, false), rowId);
        assertColumns(meta.getVersionColumns(null, L, "Orders"), rowId);
        assertColumns(meta.getPrimaryKeys(null, L, "Orders"), "TABLE_CAT:s TABLE_SCHEM:s TABLE_NAME:s COLUMN_NAME:s"
                + " KEY_SEQ:h PK_NAME:s");
        String keys = "PKTABLE_CAT:s PKTABLE_SCHEM:s PKTABLE_NAME:s PKCOLUMN_NAME:s FKTABLE_CAT:s FKTABLE_SCHEM:s"
                + " FKTABLE_NAME:s FKCOLUMN_NAME:s KEY_SEQ:h UPDATE_RULE:h DELETE_RULE:h FK_NAME:s PK_NAME:s"
                + " DEFERRABILITY:h";
        assertColumns(meta.getImportedKeys(null, R, "lines"), keys);
        assertColumns(meta.getExportedKeys(null, L, "Orders"), keys);
        assertColumns(meta.getCrossReference(null, L, "Orders", null, R, "lines"), keys);
        assertColumns(meta.getTypeInfo(), "TYPE_NAME:s DATA_TYPE:i PRECISION:i LITERAL_PREFIX:s LITERAL_SUFFIX:s"
                + " CREATE_PARAMS:s NULLABLE:h CASE_SENSITIVE:b SEARCHABLE:h UNSIGNED_ATTRIBUTE:b FIXED_PREC_SCALE:b"
                + " AUTO_INCREMENT:b LOCAL_TYPE_NAME:s MINIMUM_SCALE:h MAXIMUM_SCALE:h SQL_DATA_TYPE:i SQL_DATETIME_SUB:i"
                + " NUM_PREC_RADIX:i");
        assertColumns(meta.getIndexInfo(null, L, "Orders", false, true), "TABLE_CAT:s TABLE_SCHEM:s TABLE_NAME:s"
                + " NON_UNIQUE:b INDEX_QUALIFIER:s INDEX_NAME:s TYPE:h ORDINAL_POSITION:h COLUMN_NAME:s ASC_OR_DESC:s"
                + " CARDINALITY:l PAGES:l FILTER_CONDITION:s");
        assertColumns(meta.getProcedures(null, R, "%"), "PROCEDURE_CAT:s PROCEDURE_SCHEM:s PROCEDURE_NAME:s RESERVED1:s"
                + " RESERVED2:s RESERVED3:s REMARKS:s PROCEDURE_TYPE:h SPECIFIC_NAME:s");
        assertColumns(meta.getProcedureColumns(null, R, "%", "%"), "PROCEDURE_CAT:s PROCEDURE_SCHEM:s PROCEDURE_NAME:s"
                + " COLUMN_NAME:s COLUMN_TYPE:h DATA_TYPE:i TYPE_NAME:s PRECISION:i LENGTH:i SCALE:h RADIX:h NULLABLE:h"
                + " REMARKS:s COLUMN_DEF:s SQL_DATA_TYPE:i SQL_DATETIME_SUB:i CHAR_OCTET_LENGTH:i ORDINAL_POSITION:i"
                + " IS_NULLABLE:s SPECIFIC_NAME:s");
        assertColumns(meta.getFunctions(null, R, "%"), "FUNCTION_CAT:s FUNCTION_SCHEM:s FUNCTION_NAME:s REMARKS:s"
                + " FUNCTION_TYPE:h SPECIFIC_NAME:s");
        assertColumns(meta.getFunctionColumns(null, R, "%", "%"), "FUNCTION_CAT:s FUNCTION_SCHEM:s FUNCTION_NAME:s"
                + " COLUMN_NAME:s COLUMN_TYPE:h DATA_TYPE:i TYPE_NAME:s PRECISION:i LENGTH:i SCALE:h RADIX:h NULLABLE:h"
                + " REMARKS:s CHAR_OCTET_LENGTH:i ORDINAL_POSITION:i IS_NULLABLE:s SPECIFIC_NAME:s");
        assertColumns(meta.getUDTs(null, L, "%", null), "TYPE_CAT:s TYPE_SCHEM:s TYPE_NAME:s CLASS_NAME:s DATA_TYPE:i"
                + " REMARKS:s BASE_TYPE:h");
        assertColumns(meta.getSuperTypes(null, L, "%"), "TYPE_CAT:s TYPE_SCHEM:s TYPE_NAME:s SUPERTYPE_CAT:s"
                + " SUPERTYPE_SCHEM:s SUPERTYPE_NAME:s");
        assertColumns(meta.getSuperTables(null, R, "%"), "TABLE_CAT:s TABLE_SCHEM:s TABLE_NAME:s SUPERTABLE_NAME:s");
        assertColumns(meta.getAttributes(null, L, "%", "%"), "TYPE_CAT:s TYPE_SCHEM:s TYPE_NAME:s ATTR_NAME:s"
                + " DATA_TYPE:i ATTR_TYPE_NAME:s ATTR_SIZE:i DECIMAL_DIGITS:i NUM_PREC_RADIX:i NULLABLE:i REMARKS:s"
                + " ATTR_DEF:s SQL_DATA_TYPE:i SQL_DATETIME_SUB:i CHAR_OCTET_LENGTH:i ORDINAL_POSITION:i IS_NULLABLE:s"
                + " SCOPE_CATALOG:s SCOPE_SCHEMA:s SCOPE_TABLE:s SOURCE_DATA_TYPE:h");
        assertColumns(meta.getClientInfoProperties(), "NAME:s MAX_LEN:i DEFAULT_VALUE:s DESCRIPTION:s");
        assertColumns(meta.getPseudoColumns(null, L, "Orders", "%"), "TABLE_CAT:s TABLE_SCHEM:s TABLE_NAME:s"
                + " COLUMN_NAME:s DATA_TYPE:i COLUMN_SIZE:i DECIMAL_DIGITS:i NUM_PREC_RADIX:i COLUMN_USAGE:s REMARKS:s"
                + " CHAR_OCTET_LENGTH:i IS_NULLABLE:s");
    }

    @Test
    void anotherCatalogHasNothingAndThisOneEverything() throws SQLException {
        String db = conn.getCatalog();
        assertEquals(MetaDataTestSupport.dsn().get("dbname"), db);
        assertTrue(rows(meta.getTables("nope", null, null, null)).isEmpty());
        assertTrue(rows(meta.getSchemas("nope", null)).isEmpty());
        assertTrue(rows(meta.getColumns("nope", L, "Orders", null)).isEmpty());
        assertTrue(rows(meta.getPrimaryKeys("nope", L, "Orders")).isEmpty());
        assertTrue(rows(meta.getImportedKeys("nope", R, "lines")).isEmpty());
        assertTrue(rows(meta.getCrossReference(null, L, "Orders", "nope", R, "lines")).isEmpty());
        assertTrue(rows(meta.getIndexInfo("nope", L, "Orders", false, true)).isEmpty());
        assertTrue(rows(meta.getFunctions("nope", R, null)).isEmpty());
        assertTrue(rows(meta.getProcedureColumns("nope", R, null, null)).isEmpty());
        assertTrue(rows(meta.getUDTs("nope", L, null, null)).isEmpty());
        assertTrue(rows(meta.getTablePrivileges("", L, null)).isEmpty(), "the empty catalog: objects without one");
        assertEquals(rows(meta.getColumns(null, L, "Orders", null)), rows(meta.getColumns(db, L, "Orders", null)));
        assertEquals(rows(meta.getImportedKeys(null, R, "lines")), rows(meta.getImportedKeys(db, R, "lines")));
        for (Map<String, Object> r : rows(meta.getTables(null, R, null, null))) {
            assertEquals(db, r.get("TABLE_CAT"));
        }
    }

    // ---- schemas, catalogs, table types ------------------------------------------------------------------

    @Test
    void schemas() throws SQLException {
        List<Map<String, Object>> all = rows(meta.getSchemas());
        List<Object> names = column(all, "TABLE_SCHEM");
        for (String s : new String[] {L, R, "public", "pg_catalog", "information_schema"}) {
            assertTrue(names.contains(s), s + " in " + names);
        }
        assertFalse(names.contains("pg_toast"));
        assertSorted(all, "TABLE_CATALOG", "TABLE_SCHEM");
        // the session's own temporary schema is listed, other sessions' are not
        Object mine = tempSchema();
        assertTrue(names.contains(mine));
        Set<Object> expected = new TreeSet<>();
        for (Map<String, Object> r : expected("SELECT nspname::text AS n FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_t%'"
                + " OR nspname = ?", tempSchema())) {
            expected.add(r.get("n"));
        }
        assertEquals(expected, new TreeSet<>(names));
        assertEquals(List.of(List.of(L)), project(rows(meta.getSchemas(null, "Meta%")), "TABLE_SCHEM"));
        assertEquals(List.of(List.of(R)), project(rows(meta.getSchemas(null, "meta%")), "TABLE_SCHEM"));
        assertEquals(List.of(List.of(R)), project(rows(meta.getSchemas(null, "meta\\_right")), "TABLE_SCHEM"));
        assertTrue(rows(meta.getSchemas(null, "meta\\_rightX")).isEmpty());
        assertEquals(projectSet(rows(pgjdbc.getSchemas(null, "%eta%")), "TABLE_SCHEM", "TABLE_CATALOG"),
                projectSet(rows(meta.getSchemas(null, "%eta%")), "TABLE_SCHEM", "TABLE_CATALOG"));
        assertEquals(projectSet(rows(pgjdbc.getSchemas(null, "Meta%")), "TABLE_SCHEM", "TABLE_CATALOG"),
                projectSet(rows(meta.getSchemas(null, "Meta%")), "TABLE_SCHEM", "TABLE_CATALOG"));
    }

    private String tempSchema() throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    @Test
    void catalogs() throws SQLException {
        List<Map<String, Object>> got = rows(meta.getCatalogs());
        assertEquals(project(expected("SELECT datname::text AS d FROM pg_database WHERE datallowconn ORDER BY datname"), "d"),
                project(got, "TABLE_CAT"));
        assertTrue(column(got, "TABLE_CAT").contains(conn.getCatalog()));
        assertEquals(project(rows(pgjdbc.getCatalogs()), "TABLE_CAT"), project(got, "TABLE_CAT"));
    }

    @Test
    void tableTypes() throws SQLException {
        List<Map<String, Object>> types = rows(meta.getTableTypes());
        List<Object> names = column(types, "TABLE_TYPE");
        assertEquals(new ArrayList<>(new TreeSet<>(names)), names, "sorted, each once");
        for (String t : new String[] {"TABLE", "VIEW", "MATERIALIZED VIEW", "PARTITIONED TABLE", "FOREIGN TABLE",
                "SEQUENCE", "INDEX", "TYPE", "SYSTEM TABLE", "SYSTEM VIEW", "TEMPORARY TABLE"}) {
            assertTrue(names.contains(t), t);
        }
        // every type getTables answers is one of them
        for (Map<String, Object> r : rows(meta.getTables(null, null, null, null))) {
            assertTrue(names.contains(r.get("TABLE_TYPE")), r.toString());
        }
    }

    // ---- tables ----------------------------------------------------------------------------------------------

    /** The type each relation of our schemas must have, from pg_class.relkind, mapped here independently. */
    private Map<String, String> expectedTypes() throws SQLException {
        Map<String, String> byKind = Map.of("r", "TABLE", "p", "PARTITIONED TABLE", "v", "VIEW", "m",
                "MATERIALIZED VIEW", "f", "FOREIGN TABLE", "S", "SEQUENCE", "i", "INDEX", "I", "PARTITIONED INDEX",
                "c", "TYPE");
        Map<String, String> out = new HashMap<>();
        for (Map<String, Object> r : expected("SELECT n.nspname::text AS s, c.relname::text AS t, c.relkind::text AS k"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN (?, ?)", L, R)) {
            out.put(r.get("s") + "." + r.get("t"), byKind.get((String) r.get("k")));
        }
        return out;
    }

    @Test
    void tablesOfEveryKind() throws SQLException {
        Map<String, String> want = expectedTypes();
        List<Map<String, Object>> got = rows(meta.getTables(null, "%eta%", null, null));
        got.removeIf(r -> !r.get("TABLE_SCHEM").equals(L) && !r.get("TABLE_SCHEM").equals(R));
        Map<String, String> gotTypes = new HashMap<>();
        for (Map<String, Object> r : got) {
            gotTypes.put(r.get("TABLE_SCHEM") + "." + r.get("TABLE_NAME"), (String) r.get("TABLE_TYPE"));
        }
        assertEquals(want, gotTypes);
        assertSorted(got, "TABLE_TYPE", "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME");
        assertEquals("TABLE", gotTypes.get(R + ".events_2024"));
        assertEquals("PARTITIONED TABLE", gotTypes.get(R + ".events"));
        assertEquals("VIEW", gotTypes.get(L + ".Big Orders"));
        assertEquals("MATERIALIZED VIEW", gotTypes.get(R + ".order_counts"));
        assertEquals("FOREIGN TABLE", gotTypes.get(R + ".remote_things"));
        assertEquals("SEQUENCE", gotTypes.get(R + ".ticket_seq"));
        assertEquals("SEQUENCE", gotTypes.get(L + ".Orders_id_seq"));
        assertEquals("INDEX", gotTypes.get(L + ".Orders_Placed_Desc"));
        assertEquals("PARTITIONED INDEX", gotTypes.get(R + ".events_pkey"));
        assertEquals("TYPE", gotTypes.get(L + ".Point3"));
        // remarks are the comments
        Map<String, Object> orders = only(rows(meta.getTables(null, L, "Orders", null)));
        assertEquals("orders, keyed by region", orders.get("REMARKS"));
        // pgjdbc classifies user relations the same way
        Map<String, Object> pgTypes = new HashMap<>();
        for (Map<String, Object> r : rows(pgjdbc.getTables(null, "%eta%", null, null))) {
            if (r.get("TABLE_SCHEM").equals(L) || r.get("TABLE_SCHEM").equals(R)) {
                pgTypes.put(r.get("TABLE_SCHEM") + "." + r.get("TABLE_NAME"), r.get("TABLE_TYPE"));
            }
        }
        // (pgjdbc 42.7 leaves a partitioned index's TABLE_TYPE null: it tests relkind 'P', not 'I')
        Map<String, Object> ours = new HashMap<>(gotTypes);
        pgTypes.forEach((k, v) -> {
            if (v == null) {
                assertEquals("PARTITIONED INDEX", ours.remove(k), k);
            }
        });
        pgTypes.values().removeIf(v -> v == null);
        assertEquals(pgTypes, ours);
    }

    @Test
    void tableTypesFilter() throws SQLException {
        assertEquals(List.of(List.of("MATERIALIZED VIEW", R, "order_counts"), List.of("VIEW", L, "Big Orders")),
                project(rows(meta.getTables(null, "%eta%", null, new String[] {"VIEW", "MATERIALIZED VIEW"})),
                        "TABLE_TYPE", "TABLE_SCHEM", "TABLE_NAME"));
        assertEquals(List.of(List.of(R, "events")),
                project(rows(meta.getTables(null, R, null, new String[] {"PARTITIONED TABLE"})), "TABLE_SCHEM", "TABLE_NAME"));
        assertEquals(List.of(List.of(R, "remote_things")),
                project(rows(meta.getTables(null, null, null, new String[] {"FOREIGN TABLE"})), "TABLE_SCHEM", "TABLE_NAME"));
        assertTrue(rows(meta.getTables(null, R, null, new String[0])).isEmpty());
        assertTrue(rows(meta.getTables(null, R, null, new String[] {"NO SUCH TYPE"})).isEmpty());
        Map<String, Object> pgClass = only(rows(meta.getTables(null, "pg_catalog", "pg_class", null)));
        assertEquals("SYSTEM TABLE", pgClass.get("TABLE_TYPE"));
        assertEquals("SYSTEM VIEW", only(rows(meta.getTables(null, "information_schema", "tables", null))).get("TABLE_TYPE"));
        Map<String, Object> tmp = only(rows(meta.getTables(null, null, "meta_tmp", new String[] {"TEMPORARY TABLE"})));
        assertEquals(tempSchema(), tmp.get("TABLE_SCHEM"));
        assertTrue(rows(meta.getTables(null, null, "meta_tmp", new String[] {"TABLE"})).isEmpty());
        List<Map<String, Object>> tables = rows(meta.getTables(null, null, null, new String[] {"TABLE"}));
        for (Map<String, Object> r : tables) {
            assertEquals("TABLE", r.get("TABLE_TYPE"));
        }
        assertTrue(column(tables, "TABLE_NAME").contains("lines"));
    }

    @Test
    void patternsAndQuotedNames() throws SQLException {
        // LIKE with the backslash escape: a\_b is the name a_b only, a_b also matches aXb
        assertEquals(List.of(List.of("a_b")), project(rows(meta.getTables(null, L, "a\\_b", null)), "TABLE_NAME"));
        assertEquals(Set.of(List.of("a_b"), List.of("aXb")), projectSet(rows(meta.getTables(null, L, "a_b", null)),
                "TABLE_NAME"));
        assertEquals(Set.of(List.of("a_b"), List.of("aXb")), projectSet(rows(meta.getTables(null, "Meta_Left", "a%", null)),
                "TABLE_NAME"));
        assertTrue(rows(meta.getTables(null, "Meta\\_Left", "a%", null)).isEmpty());
        // names are matched as stored: mixed case exactly
        assertEquals(1, rows(meta.getTables(null, L, "Orders", null)).size());
        assertTrue(rows(meta.getTables(null, L, "orders", null)).isEmpty());
        assertTrue(rows(meta.getTables(null, "meta left", "Orders", null)).isEmpty());
        assertTrue(rows(meta.getTables(null, L, "ORDERS", null)).isEmpty());
        assertEquals(List.of(List.of("Big Orders")), project(rows(meta.getTables(null, L, "Big%", null)), "TABLE_NAME"));
        assertEquals(List.of(List.of("OrderNo")), project(rows(meta.getColumns(null, L, "Orders", "Order%")), "COLUMN_NAME"));
        assertTrue(rows(meta.getColumns(null, L, "Orders", "order%")).isEmpty());
        // names (not patterns) are exact: _ is no wildcard there
        assertTrue(rows(meta.getPrimaryKeys(null, L, "Order_")).isEmpty());
        assertEquals(2, rows(meta.getPrimaryKeys(null, L, "Orders")).size());
        // null means no filter; "" matches nothing
        assertTrue(rows(meta.getTables(null, "", null, null)).isEmpty());
        assertTrue(rows(meta.getColumns(null, L, "Orders", "")).isEmpty());
        assertEquals(rows(meta.getTables(null, L, "%", null)), rows(meta.getTables(null, L, null, null)));
    }

    // ---- columns ----------------------------------------------------------------------------------------------

    @Test
    void columnsAgreeWithInformationSchema() throws SQLException {
        List<Map<String, Object>> got = rows(meta.getColumns(null, L, "Orders", null));
        List<Map<String, Object>> is = expected("SELECT column_name::text AS c,"
                + " row_number() OVER (ORDER BY ordinal_position) AS pos, is_nullable::text AS nullable,"
                + " column_default::text AS def, is_generated::text AS gen, is_identity::text AS ident,"
                + " character_maximum_length::int AS chars, character_octet_length::int AS octets, numeric_precision::int AS prec, numeric_scale::int AS scale,"
                + " datetime_precision::int AS dtp, data_type::text AS dt, udt_name::text AS udt, domain_name::text AS dom,"
                + " col_description(?::regclass, ordinal_position::int) AS remarks"
                + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                "\"Meta Left\".\"Orders\"", L, "Orders");
        assertEquals(column(is, "c"), column(got, "COLUMN_NAME"));
        assertSorted(got, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "ORDINAL_POSITION");
        for (int i = 0; i < got.size(); i++) {
            Map<String, Object> g = got.get(i);
            Map<String, Object> e = is.get(i);
            String c = (String) g.get("COLUMN_NAME");
            assertEquals(e.get("pos"), g.get("ORDINAL_POSITION"), c + ": renumbered past the dropped column");
            assertEquals(e.get("nullable"), g.get("IS_NULLABLE"), c);
            assertEquals("YES".equals(e.get("nullable")) ? (long) DatabaseMetaData.columnNullable
                    : (long) DatabaseMetaData.columnNoNulls, g.get("NULLABLE"), c);
            assertEquals(e.get("def"), g.get("COLUMN_DEF"), c);
            assertEquals("ALWAYS".equals(e.get("gen")) ? "YES" : "NO", g.get("IS_GENERATEDCOLUMN"), c);
            boolean auto = "YES".equals(e.get("ident")) || (e.get("def") != null && ((String) e.get("def")).startsWith("nextval("));
            assertEquals(auto ? "YES" : "NO", g.get("IS_AUTOINCREMENT"), c);
            assertEquals(e.get("remarks"), g.get("REMARKS"), c);
            if (e.get("chars") != null) {
                assertEquals(e.get("chars"), g.get("COLUMN_SIZE"), c);
            }
            if (e.get("octets") != null) {
                assertEquals(e.get("octets"), g.get("CHAR_OCTET_LENGTH"), c);
            }
            if (e.get("prec") != null && "numeric".equals(e.get("dt"))) {
                assertEquals(e.get("prec"), g.get("COLUMN_SIZE"), c);
                assertEquals(e.get("scale"), g.get("DECIMAL_DIGITS"), c);
            }
            if (e.get("dtp") != null && ((String) e.get("dt")).startsWith("time")) {
                assertEquals(e.get("dtp"), g.get("DECIMAL_DIGITS"), c);
            }
            if (e.get("dom") != null) {
                assertEquals((long) Types.DISTINCT, g.get("DATA_TYPE"), c);
                assertNotNull(g.get("SOURCE_DATA_TYPE"), c);
            } else {
                assertNull(g.get("SOURCE_DATA_TYPE"), c);
            }
        }
        Map<String, Map<String, Object>> byName = new HashMap<>();
        for (Map<String, Object> g : got) {
            byName.put((String) g.get("COLUMN_NAME"), g);
        }
        assertEquals(8L, byName.get("Region").get("COLUMN_SIZE"));
        assertEquals((long) Types.VARCHAR, byName.get("Region").get("DATA_TYPE"));
        assertEquals("varchar", byName.get("Region").get("TYPE_NAME"));
        assertEquals((long) Types.INTEGER, byName.get("OrderNo").get("DATA_TYPE"));
        assertEquals("number within the region", byName.get("OrderNo").get("REMARKS"));
        assertEquals("int4", byName.get("OrderNo").get("TYPE_NAME"));
        assertEquals(10L, byName.get("OrderNo").get("COLUMN_SIZE"));
        assertEquals("YES", byName.get("id").get("IS_AUTOINCREMENT"));
        assertNull(byName.get("id").get("COLUMN_DEF"), "identity columns have no default expression");
        assertEquals("NO", byName.get("id").get("IS_NULLABLE"));
        assertEquals("YES", byName.get("total").get("IS_GENERATEDCOLUMN"));
        assertNull(byName.get("total").get("COLUMN_DEF"));
        assertEquals("serial", byName.get("serial_col").get("TYPE_NAME"));
        assertEquals("1", byName.get("qty").get("COLUMN_DEF"));
        assertEquals((long) Types.SMALLINT, byName.get("qty").get("DATA_TYPE"));
        assertEquals((long) Types.NUMERIC, byName.get("price").get("DATA_TYPE"));
        assertEquals(12L, byName.get("price").get("COLUMN_SIZE"));
        assertEquals(4L, byName.get("price").get("DECIMAL_DIGITS"));
        assertNull(byName.get("total").get("DECIMAL_DIGITS"), "numeric without a scale");
        assertEquals((long) Types.TIMESTAMP, byName.get("placed").get("DATA_TYPE"));
        assertEquals(3L, byName.get("placed").get("DECIMAL_DIGITS"));
        assertEquals((long) Types.ARRAY, byName.get("tags").get("DATA_TYPE"));
        assertEquals("_text", byName.get("tags").get("TYPE_NAME"));
        assertEquals((long) Types.BIT, byName.get("flag").get("DATA_TYPE"));
        assertEquals((long) Types.BINARY, byName.get("payload").get("DATA_TYPE"));
        assertEquals((long) Types.VARCHAR, byName.get("mood").get("DATA_TYPE"), "enums read as strings");
        assertEquals("meta_right.mood", byName.get("mood").get("TYPE_NAME"), "not on the search path: qualified");
        assertEquals((long) Types.CHAR, byName.get("code").get("DATA_TYPE"));
        assertEquals(3L, byName.get("code").get("COLUMN_SIZE"));
        assertEquals((long) Types.REAL, byName.get("ratio").get("DATA_TYPE"));
        assertEquals((long) Types.OTHER, byName.get("uid").get("DATA_TYPE"));
        assertEquals((long) Types.OTHER, byName.get("doc").get("DATA_TYPE"));
        // the domain over numeric(10,2) NOT NULL: DISTINCT, its base type's size, and not nullable
        Map<String, Object> amount = byName.get("amount");
        assertEquals((long) Types.DISTINCT, amount.get("DATA_TYPE"));
        assertEquals((long) Types.NUMERIC, amount.get("SOURCE_DATA_TYPE"));
        assertEquals("\"Meta Left\".\"Positive\"", amount.get("TYPE_NAME"));
        assertEquals(10L, amount.get("COLUMN_SIZE"));
        assertEquals(2L, amount.get("DECIMAL_DIGITS"));
        assertEquals("NO", amount.get("IS_NULLABLE"));
        Map<String, Object> label = byName.get("label");
        assertEquals((long) Types.VARCHAR, label.get("SOURCE_DATA_TYPE"));
        assertEquals(20L, label.get("COLUMN_SIZE"));
    }

    @Test
    void columnsAgreeWithPgjdbc() throws SQLException {
        for (String[] t : new String[][] {{L, "Orders"}, {R, "lines"}, {R, "events"}, {R, "events_2024"},
                {L, "Big Orders"}, {R, "order_counts"}, {R, "remote_things"}}) {
            List<Map<String, Object>> got = rows(meta.getColumns(null, t[0], t[1], null));
            List<Map<String, Object>> pg = rows(pgjdbc.getColumns(null, t[0], t[1], null));
            assertFalse(got.isEmpty(), Arrays.toString(t));
            assertEquals(project(pg, "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "NULLABLE", "IS_NULLABLE",
                    "ORDINAL_POSITION", "REMARKS", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN", "NUM_PREC_RADIX"),
                    project(got, "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "NULLABLE", "IS_NULLABLE",
                    "ORDINAL_POSITION", "REMARKS", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN", "NUM_PREC_RADIX"),
                    Arrays.toString(t));
            for (int i = 0; i < got.size(); i++) {
                Map<String, Object> g = got.get(i);
                Map<String, Object> p = pg.get(i);
                if (!g.get("DATA_TYPE").equals((long) Types.DISTINCT)) {
                    // pgjdbc reads a domain's size from its raw modifier; elsewhere sizes agree
                    assertEquals(p.get("COLUMN_SIZE"), g.get("COLUMN_SIZE"), g.toString());
                    assertEquals(p.get("DECIMAL_DIGITS"), g.get("DECIMAL_DIGITS"), g.toString());
                    if (!((String) p.get("TYPE_NAME")).contains("\"")) {
                        // off the search path pgjdbc quotes both parts always, Greenwire only as needed
                        assertEquals(p.get("TYPE_NAME"), g.get("TYPE_NAME"), g.toString());
                    }
                }
                if ("NO".equals(g.get("IS_GENERATEDCOLUMN"))) {
                    assertEquals(p.get("COLUMN_DEF"), g.get("COLUMN_DEF"), g.toString());
                }
            }
        }
    }

    @Test
    void pseudoColumnsAreTheSystemColumns() throws SQLException {
        List<Map<String, Object>> got = rows(meta.getPseudoColumns(null, L, "Orders", null));
        assertEquals(project(expected("SELECT attname::text AS a FROM pg_attribute WHERE attrelid = ?::regclass"
                + " AND attnum < 0 ORDER BY attname", "\"Meta Left\".\"Orders\""), "a"), project(got, "COLUMN_NAME"));
        assertTrue(column(got, "COLUMN_NAME").containsAll(List.of("ctid", "xmin", "xmax", "tableoid")));
        for (Map<String, Object> r : got) {
            assertEquals("NO_USAGE_RESTRICTIONS", r.get("COLUMN_USAGE"));
        }
        assertEquals((long) Types.BIGINT, only(rows(meta.getPseudoColumns(null, L, "Orders", "tableoid"))).get("DATA_TYPE"));
        assertTrue(rows(meta.getPseudoColumns(null, L, "Big Orders", null)).isEmpty(), "a view has none");
    }

    // ---- keys --------------------------------------------------------------------------------------------------

    @Test
    void primaryKeys() throws SQLException {
        List<Map<String, Object>> got = rows(meta.getPrimaryKeys(null, L, "Orders"));
        assertEquals(List.of(List.of("OrderNo", 2L, "Orders_pkey"), List.of("Region", 1L, "Orders_pkey")),
                project(got, "COLUMN_NAME", "KEY_SEQ", "PK_NAME"), "ordered by COLUMN_NAME");
        List<Map<String, Object>> is = expected("SELECT k.column_name::text AS c, k.ordinal_position::bigint AS seq,"
                + " k.constraint_name::text AS pk FROM information_schema.table_constraints tc"
                + " JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)"
                + " WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = ? AND tc.table_name = ?", L, "Orders");
        assertEquals(projectSet(is, "c", "seq", "pk"), projectSet(got, "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
        for (String[] t : new String[][] {{L, "Orders"}, {R, "lines"}, {R, "events"}, {R, "events_2024"}, {R, "base_t"}}) {
            assertEquals(projectSet(rows(pgjdbc.getPrimaryKeys(null, t[0], t[1])), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
                            "COLUMN_NAME", "KEY_SEQ", "PK_NAME"),
                    projectSet(rows(meta.getPrimaryKeys(null, t[0], t[1])), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
                            "COLUMN_NAME", "KEY_SEQ", "PK_NAME"), Arrays.toString(t));
        }
        assertEquals(Set.of(List.of("id", 1L), List.of("at", 2L)),
                projectSet(rows(meta.getPrimaryKeys(null, R, "events")), "COLUMN_NAME", "KEY_SEQ"));
        assertTrue(rows(meta.getPrimaryKeys(null, R, "base_t")).isEmpty());
    }

    /** The foreign keys of our schemas, from information_schema: one row per column pair. */
    private Set<List<Object>> expectedKeys() throws SQLException {
        Map<String, Long> rules = Map.of("CASCADE", (long) DatabaseMetaData.importedKeyCascade,
                "RESTRICT", (long) DatabaseMetaData.importedKeyRestrict, "SET NULL", (long) DatabaseMetaData.importedKeySetNull,
                "NO ACTION", (long) DatabaseMetaData.importedKeyNoAction,
                "SET DEFAULT", (long) DatabaseMetaData.importedKeySetDefault);
        Set<List<Object>> out = new HashSet<>();
        for (Map<String, Object> r : expected("SELECT pk.table_schema::text AS ps, pk.table_name::text AS pt,"
                + " pk.column_name::text AS pc, fk.table_schema::text AS fs, fk.table_name::text AS ft,"
                + " fk.column_name::text AS fc, fk.ordinal_position::bigint AS seq, rc.update_rule::text AS upd,"
                + " rc.delete_rule::text AS del, rc.constraint_name::text AS fkn, rc.unique_constraint_name::text AS pkn,"
                + " tc.is_deferrable::text AS dfr, tc.initially_deferred::text AS idf"
                + " FROM information_schema.referential_constraints rc"
                + " JOIN information_schema.table_constraints tc ON tc.constraint_schema = rc.constraint_schema"
                + "  AND tc.constraint_name = rc.constraint_name"
                + " JOIN information_schema.key_column_usage fk ON fk.constraint_schema = rc.constraint_schema"
                + "  AND fk.constraint_name = rc.constraint_name"
                + " JOIN information_schema.key_column_usage pk ON pk.constraint_schema = rc.unique_constraint_schema"
                + "  AND pk.constraint_name = rc.unique_constraint_name AND pk.table_name = ("
                + "   SELECT table_name FROM information_schema.table_constraints u"
                + "   WHERE u.constraint_schema = rc.unique_constraint_schema AND u.constraint_name = rc.unique_constraint_name)"
                + "  AND pk.ordinal_position = fk.position_in_unique_constraint"
                + " WHERE rc.constraint_schema IN (?, ?) AND fk.table_name = tc.table_name", L, R)) {
            long deferrability = "NO".equals(r.get("dfr")) ? DatabaseMetaData.importedKeyNotDeferrable
                    : "YES".equals(r.get("idf")) ? DatabaseMetaData.importedKeyInitiallyDeferred
                    : DatabaseMetaData.importedKeyInitiallyImmediate;
            out.add(List.of(r.get("ps"), r.get("pt"), r.get("pc"), r.get("fs"), r.get("ft"), r.get("fc"), r.get("seq"),
                    rules.get(r.get("upd")), rules.get(r.get("del")), r.get("fkn"), r.get("pkn"), deferrability));
        }
        return out;
    }

    private static final String[] KEY_COLS = {"PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_SCHEM",
        "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME", "DEFERRABILITY"};

    @Test
    void foreignKeysAcrossSchemas() throws SQLException {
        Set<List<Object>> all = expectedKeys();
        Set<List<Object>> fromLines = all.stream().filter(k -> k.get(4).equals("lines")).collect(Collectors.toSet());
        assertEquals(3, fromLines.size(), fromLines.toString());
        List<Map<String, Object>> imported = rows(meta.getImportedKeys(null, R, "lines"));
        assertEquals(fromLines, projectSet(imported, KEY_COLS));
        assertSorted(imported, "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "KEY_SEQ");
        Map<String, Object> cascade = imported.stream().filter(r -> r.get("FK_NAME").equals("Lines_Order_FK")
                && r.get("KEY_SEQ").equals(1L)).findFirst().orElseThrow();
        assertEquals(L, cascade.get("PKTABLE_SCHEM"));
        assertEquals("Region", cascade.get("PKCOLUMN_NAME"));
        assertEquals((long) DatabaseMetaData.importedKeyCascade, cascade.get("DELETE_RULE"));
        assertEquals((long) DatabaseMetaData.importedKeyRestrict, cascade.get("UPDATE_RULE"));
        assertEquals((long) DatabaseMetaData.importedKeyInitiallyDeferred, cascade.get("DEFERRABILITY"));
        assertEquals("Orders_pkey", cascade.get("PK_NAME"));

        List<Map<String, Object>> exported = rows(meta.getExportedKeys(null, L, "Orders"));
        assertEquals(fromLines, projectSet(exported, KEY_COLS));
        assertSorted(exported, "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME", "KEY_SEQ");
        assertEquals(fromLines, projectSet(rows(meta.getCrossReference(null, L, "Orders", null, R, "lines")), KEY_COLS));
        assertTrue(rows(meta.getCrossReference(null, R, "lines", null, L, "Orders")).isEmpty());
        assertTrue(rows(meta.getImportedKeys(null, L, "Orders")).isEmpty());

        // a key to a partitioned table is listed once, as declared, not once per partition
        Set<List<Object>> toEvents = all.stream().filter(k -> k.get(1).equals("events")).collect(Collectors.toSet());
        assertEquals(2, toEvents.size());
        assertEquals(toEvents, projectSet(rows(meta.getExportedKeys(null, R, "events")), KEY_COLS));
        assertEquals(toEvents, projectSet(rows(meta.getImportedKeys(null, R, "event_notes")), KEY_COLS));
        assertTrue(rows(meta.getExportedKeys(null, R, "events_2024")).isEmpty());

        // pgjdbc agrees on the keys between ordinary tables
        for (String[] t : new String[][] {{R, "lines"}, {L, "Orders"}}) {
            assertEquals(projectSet(rows(pgjdbc.getImportedKeys(null, t[0], t[1])), KEY_COLS),
                    projectSet(rows(meta.getImportedKeys(null, t[0], t[1])), KEY_COLS));
            assertEquals(projectSet(rows(pgjdbc.getExportedKeys(null, t[0], t[1])), KEY_COLS),
                    projectSet(rows(meta.getExportedKeys(null, t[0], t[1])), KEY_COLS));
        }
        // pgjdbc also lists the copies PostgreSQL keeps for each partition of the referenced table
        Set<Object> copies = new HashSet<>(column(expected("SELECT c.conname::text AS n FROM pg_constraint c"
                + " JOIN pg_constraint p ON p.oid = c.conparentid AND p.conrelid = c.conrelid"
                + " WHERE c.conrelid = ?::regclass", "meta_right.event_notes"), "n"));
        assertEquals(1, copies.size(), copies.toString());
        Set<List<Object>> pgNotes = projectSet(rows(pgjdbc.getImportedKeys(null, R, "event_notes")), KEY_COLS);
        pgNotes.removeIf(k -> copies.contains(k.get(9)));
        assertEquals(pgNotes, projectSet(rows(meta.getImportedKeys(null, R, "event_notes")), KEY_COLS));
    }

    // ---- indexes and row identifiers ----------------------------------------------------------------------

    @Test
    void indexInfo() throws SQLException {
        List<Map<String, Object>> got = rows(meta.getIndexInfo(null, L, "Orders", false, true));
        assertSorted(got, "NON_UNIQUE", "TYPE", "INDEX_NAME", "ORDINAL_POSITION");
        // every index of pg_index, each column at its position
        List<Map<String, Object>> idx = expected("SELECT ic.relname::text AS name, NOT i.indisunique AS nonunique,"
                + " i.indnatts::bigint AS natts, pg_get_expr(i.indpred, i.indrelid) AS pred, am.amname::text AS am"
                + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam"
                + " WHERE i.indrelid = ?::regclass", "\"Meta Left\".\"Orders\"");
        Map<Object, List<Map<String, Object>>> byIndex = got.stream().collect(Collectors.groupingBy(r -> r.get("INDEX_NAME")));
        assertEquals(idx.stream().map(r -> r.get("name")).collect(Collectors.toSet()), byIndex.keySet());
        for (Map<String, Object> e : idx) {
            List<Map<String, Object>> cols = byIndex.get(e.get("name"));
            assertEquals(e.get("natts"), (long) cols.size(), e.toString());
            for (Map<String, Object> c : cols) {
                assertEquals(e.get("nonunique"), c.get("NON_UNIQUE"));
                assertEquals(e.get("pred"), c.get("FILTER_CONDITION"));
                assertEquals("hash".equals(e.get("am")) ? (long) DatabaseMetaData.tableIndexHashed
                        : (long) DatabaseMetaData.tableIndexOther, c.get("TYPE"));
            }
        }
        assertEquals(List.of(List.of("placed", "D", 1L), List.of("OrderNo", "A", 2L)),
                project(byIndex.get("Orders_Placed_Desc"), "COLUMN_NAME", "ASC_OR_DESC", "ORDINAL_POSITION"));
        Map<String, Object> expr = only(byIndex.get("orders_note_lower"));
        assertEquals("lower(note)", expr.get("COLUMN_NAME"));
        assertEquals("flag", expr.get("FILTER_CONDITION"));
        assertNull(only(byIndex.get("orders_hash")).get("ASC_OR_DESC"), "a hash index has no order");
        assertEquals(List.of(List.of("Region", 1L), List.of("OrderNo", 2L)),
                project(byIndex.get("Orders_pkey"), "COLUMN_NAME", "ORDINAL_POSITION"));
        assertEquals(false, byIndex.get("Orders_pkey").get(0).get("NON_UNIQUE"));
        // unique=true: the unique ones only
        assertEquals(Set.of("Orders_pkey", "Orders_id_key"),
                rows(meta.getIndexInfo(null, L, "Orders", true, true)).stream().map(r -> r.get("INDEX_NAME"))
                        .collect(Collectors.toSet()));
        // statistics after ANALYZE (an empty table: zero tuples)
        assertEquals(0L, byIndex.get("Orders_pkey").get(0).get("CARDINALITY"));
        // pgjdbc agrees
        assertEquals(projectSet(rows(pgjdbc.getIndexInfo(null, L, "Orders", false, true)), "INDEX_NAME", "NON_UNIQUE",
                        "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "FILTER_CONDITION"),
                projectSet(got, "INDEX_NAME", "NON_UNIQUE", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC",
                        "FILTER_CONDITION"));
    }

    @Test
    void bestRowIdentifier() throws SQLException {
        int session = DatabaseMetaData.bestRowSession;
        assertEquals(List.of(List.of((long) session, "Region", (long) Types.VARCHAR, (long) DatabaseMetaData.bestRowNotPseudo),
                        List.of((long) session, "OrderNo", (long) Types.INTEGER, (long) DatabaseMetaData.bestRowNotPseudo)),
                project(rows(meta.getBestRowIdentifier(null, L, "Orders", session, false)), "SCOPE", "COLUMN_NAME",
                        "DATA_TYPE", "PSEUDO_COLUMN"));
        // no primary key: the NOT NULL unique column; a nullable unique one only when nullable is allowed
        assertEquals(List.of(List.of("u")), project(rows(meta.getBestRowIdentifier(null, R, "uniq_only", session, false)),
                "COLUMN_NAME"));
        assertTrue(rows(meta.getBestRowIdentifier(null, R, "nullable_uniq", session, false)).isEmpty());
        assertEquals(List.of(List.of("v")), project(rows(meta.getBestRowIdentifier(null, R, "nullable_uniq", session, true)),
                "COLUMN_NAME"));
        // nothing lasting: ctid, for the temporary scope only
        Map<String, Object> ctid = only(rows(meta.getBestRowIdentifier(null, R, "base_t",
                DatabaseMetaData.bestRowTemporary, false)));
        assertEquals("ctid", ctid.get("COLUMN_NAME"));
        assertEquals((long) DatabaseMetaData.bestRowPseudo, ctid.get("PSEUDO_COLUMN"));
        assertEquals((long) DatabaseMetaData.bestRowTemporary, ctid.get("SCOPE"));
        assertTrue(rows(meta.getBestRowIdentifier(null, R, "base_t", DatabaseMetaData.bestRowTransaction, false)).isEmpty());
        assertTrue(rows(meta.getBestRowIdentifier(null, L, "Big Orders", DatabaseMetaData.bestRowTemporary, true)).isEmpty());
        // pgjdbc answers the primary key too
        assertEquals(projectSet(rows(pgjdbc.getBestRowIdentifier(null, L, "Orders", session, false)), "COLUMN_NAME",
                "DATA_TYPE"), projectSet(rows(meta.getBestRowIdentifier(null, L, "Orders", session, false)),
                "COLUMN_NAME", "DATA_TYPE"));
    }

    @Test
    void versionColumns() throws SQLException {
        List<Map<String, Object>> got = rows(meta.getVersionColumns(null, L, "Orders"));
        assertEquals(Set.of(List.of("ctid", "tid"), List.of("xmin", "xid")), projectSet(got, "COLUMN_NAME", "TYPE_NAME"));
        for (Map<String, Object> r : got) {
            assertEquals((long) DatabaseMetaData.versionColumnPseudo, r.get("PSEUDO_COLUMN"));
        }
        assertTrue(rows(meta.getVersionColumns(null, L, "Big Orders")).isEmpty());
        // they do change on an update
        try (Statement st = ref.createStatement()) {
            st.execute("INSERT INTO meta_right.base_t VALUES (1)");
            List<Map<String, Object>> before = expected("SELECT ctid::text AS c, xmin::text AS x FROM meta_right.base_t");
            st.execute("UPDATE meta_right.base_t SET a = 2");
            List<Map<String, Object>> after = expected("SELECT ctid::text AS c, xmin::text AS x FROM meta_right.base_t");
            assertFalse(before.get(0).get("c").equals(after.get(0).get("c")));
            assertFalse(before.get(0).get("x").equals(after.get(0).get("x")));
            st.execute("DELETE FROM meta_right.base_t");
        }
    }

    // ---- privileges ------------------------------------------------------------------------------------------

    @Test
    void tablePrivileges() throws SQLException {
        List<Map<String, Object>> got = rows(meta.getTablePrivileges(null, L, "Orders"));
        assertSorted(got, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "PRIVILEGE");
        Set<List<Object>> is = projectSet(expected("SELECT grantor::text AS g, grantee::text AS e,"
                + " privilege_type::text AS p, is_grantable::text AS ig FROM information_schema.table_privileges"
                + " WHERE table_schema = ? AND table_name = ?", L, "Orders"), "g", "e", "p", "ig");
        assertEquals(is, projectSet(got, "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE"));
        assertTrue(projectSet(got, "GRANTEE", "PRIVILEGE", "IS_GRANTABLE").contains(List.of("meta_reader", "SELECT", "YES")));
        assertTrue(projectSet(got, "GRANTEE", "PRIVILEGE", "IS_GRANTABLE").contains(List.of("PUBLIC", "INSERT", "NO")));
        // a table with no grants: its owner's default privileges
        Set<Object> ownerPrivileges = projectSet(rows(meta.getTablePrivileges(null, R, "base_t")), "PRIVILEGE").stream()
                .map(l -> l.get(0)).collect(Collectors.toSet());
        assertTrue(ownerPrivileges.containsAll(Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
                "TRIGGER")), ownerPrivileges.toString());
        assertEquals(projectSet(expected("SELECT grantee::text AS e, privilege_type::text AS p"
                + " FROM information_schema.table_privileges WHERE table_schema = ? AND table_name = ?", R, "base_t"), "e", "p"),
                projectSet(rows(meta.getTablePrivileges(null, R, "base_t")), "GRANTEE", "PRIVILEGE"));
    }

    @Test
    void columnPrivileges() throws SQLException {
        List<Map<String, Object>> got = rows(meta.getColumnPrivileges(null, L, "Orders", null));
        assertSorted(got, "COLUMN_NAME", "PRIVILEGE");
        Set<List<Object>> is = projectSet(expected("SELECT column_name::text AS c, grantor::text AS g, grantee::text AS e,"
                + " privilege_type::text AS p, is_grantable::text AS ig FROM information_schema.column_privileges"
                + " WHERE table_schema = ? AND table_name = ?", L, "Orders"), "c", "g", "e", "p", "ig");
        assertEquals(is, projectSet(got, "COLUMN_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE"));
        Set<List<Object>> note = projectSet(rows(meta.getColumnPrivileges(null, L, "Orders", "note")), "GRANTEE", "PRIVILEGE");
        assertTrue(note.contains(List.of("meta_reader", "UPDATE")), note.toString());
        assertTrue(note.contains(List.of("meta_reader", "SELECT")), note.toString());
        Set<List<Object>> region = projectSet(rows(meta.getColumnPrivileges(null, L, "Orders", "Region")), "GRANTEE",
                "PRIVILEGE");
        assertFalse(region.contains(List.of("meta_reader", "UPDATE")), "the column grant is on note only");
    }

    // ---- types ---------------------------------------------------------------------------------------------

    @Test
    void typeInfo() throws SQLException {
        List<Map<String, Object>> got = rows(meta.getTypeInfo());
        assertSorted(got, "DATA_TYPE");
        Map<Object, Map<String, Object>> byName = new HashMap<>();
        for (Map<String, Object> r : got) {
            byName.putIfAbsent(r.get("TYPE_NAME"), r);
        }
        Map<Object, Object> pgTypes = new HashMap<>();
        for (Map<String, Object> r : rows(pgjdbc.getTypeInfo())) {
            pgTypes.putIfAbsent(r.get("TYPE_NAME"), r.get("DATA_TYPE"));
        }
        for (String t : new String[] {"int2", "int4", "int8", "numeric", "float4", "float8", "varchar", "bpchar", "text",
                "bool", "bytea", "date", "time", "timetz", "timestamp", "timestamptz", "uuid", "json", "jsonb", "_int4",
                "_text", "serial", "bigserial", "oid", "name", "xml", "interval", "money"}) {
            assertNotNull(byName.get(t), t);
            assertEquals(pgTypes.get(t), byName.get(t).get("DATA_TYPE"), t);
        }
        // each JDBC type's closest PostgreSQL type first
        Map<Object, Object> first = new HashMap<>();
        for (Map<String, Object> r : got) {
            first.putIfAbsent(r.get("DATA_TYPE"), r.get("TYPE_NAME"));
        }
        assertEquals("varchar", first.get((long) Types.VARCHAR));
        assertEquals("int4", first.get((long) Types.INTEGER));
        assertEquals("int8", first.get((long) Types.BIGINT));
        assertEquals("bool", first.get((long) Types.BIT));
        assertEquals("timestamp", first.get((long) Types.TIMESTAMP));
        assertEquals(true, byName.get("serial").get("AUTO_INCREMENT"));
        assertEquals(false, byName.get("int4").get("AUTO_INCREMENT"));
        assertEquals("integer", byName.get("int4").get("LOCAL_TYPE_NAME"));
        assertEquals("length", byName.get("varchar").get("CREATE_PARAMS"));
        assertEquals("precision,scale", byName.get("numeric").get("CREATE_PARAMS"));
        assertEquals("'", byName.get("text").get("LITERAL_PREFIX"));
        assertNull(byName.get("int4").get("LITERAL_PREFIX"));
        assertEquals(10L, byName.get("int4").get("PRECISION"));
        assertEquals(1000L, byName.get("numeric").get("MAXIMUM_SCALE"));
        assertEquals((long) DatabaseMetaData.typeSearchable, byName.get("text").get("SEARCHABLE"));
        assertEquals((long) Types.DISTINCT, byName.get("\"Meta Left\".\"Positive\"").get("DATA_TYPE"));
        assertEquals((long) Types.STRUCT, byName.get("\"Meta Left\".\"Point3\"").get("DATA_TYPE"));
        assertEquals((long) Types.VARCHAR, byName.get("meta_right.mood").get("DATA_TYPE"));
        assertFalse(byName.containsKey("\"Meta Left\".\"Orders\""), "a table's row type is no data type of its own");
        assertFalse(byName.containsKey("void"), "pseudo types are not listed");
        // every type of pg_type that is one is listed
        long count = (long) only(expected("SELECT count(*) AS n FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE t.typtype <> 'p' AND n.nspname <> 'pg_toast' AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class"
                + " WHERE oid = t.typrelid) = 'c')")).get("n");
        assertEquals(count + 3, got.size(), "each type once, and serial, bigserial, smallserial");
    }

    @Test
    void udtsAndAttributes() throws SQLException {
        List<Map<String, Object>> got = rows(meta.getUDTs(null, "%eta%", null, null));
        got.removeIf(r -> !r.get("TYPE_SCHEM").equals(L) && !r.get("TYPE_SCHEM").equals(R));
        assertSorted(got, "DATA_TYPE", "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME");
        assertEquals(List.of(List.of(L, "Positive", (long) Types.DISTINCT, (long) Types.NUMERIC, "java.math.BigDecimal"),
                        List.of(R, "short_text", (long) Types.DISTINCT, (long) Types.VARCHAR, "java.lang.String"),
                        Arrays.asList(L, "Point3", (long) Types.STRUCT, null, "java.sql.Struct")),
                project(got, "TYPE_SCHEM", "TYPE_NAME", "DATA_TYPE", "BASE_TYPE", "CLASS_NAME"));
        assertEquals("a point in space", got.get(2).get("REMARKS"));
        assertEquals("a positive amount", got.get(0).get("REMARKS"));
        assertEquals(List.of(List.of("Point3")),
                project(rows(meta.getUDTs(null, L, null, new int[] {Types.STRUCT})), "TYPE_NAME"));
        assertEquals(List.of(List.of(R, "short_text")),
                project(rows(meta.getUDTs(null, "ignored", "meta_right.short%", null)), "TYPE_SCHEM", "TYPE_NAME"));
        assertTrue(rows(meta.getUDTs(null, L, null, new int[] {Types.JAVA_OBJECT})).isEmpty());
        // the domains information_schema knows
        Set<List<Object>> domains = projectSet(expected("SELECT domain_schema::text AS s, domain_name::text AS n"
                + " FROM information_schema.domains WHERE domain_schema IN (?, ?)", L, R), "s", "n");
        assertEquals(domains, got.stream().filter(r -> r.get("DATA_TYPE").equals((long) Types.DISTINCT))
                .map(r -> List.of(r.get("TYPE_SCHEM"), r.get("TYPE_NAME"))).collect(Collectors.toSet()));

        List<Map<String, Object>> attrs = rows(meta.getAttributes(null, L, "Point3", null));
        List<Map<String, Object>> is = expected("SELECT attribute_name::text AS a, ordinal_position::bigint AS pos,"
                + " numeric_precision::bigint AS prec, numeric_scale::bigint AS scale FROM information_schema.attributes"
                + " WHERE udt_schema = ? AND udt_name = ? ORDER BY ordinal_position", L, "Point3");
        assertEquals(project(is, "a", "pos"), project(attrs, "ATTR_NAME", "ORDINAL_POSITION"));
        assertEquals(List.of((long) Types.DOUBLE, (long) Types.DOUBLE, (long) Types.NUMERIC), column(attrs, "DATA_TYPE"));
        assertEquals(is.get(2).get("prec"), attrs.get(2).get("ATTR_SIZE"));
        assertEquals(is.get(2).get("scale"), attrs.get(2).get("DECIMAL_DIGITS"));
        assertEquals(List.of(List.of("Z")), project(rows(meta.getAttributes(null, L, "Point3", "Z")), "ATTR_NAME"));
        assertTrue(rows(meta.getAttributes(null, L, "Positive", null)).isEmpty(), "a domain has no attributes");
    }

    @Test
    void superTablesAndTypes() throws SQLException {
        assertEquals(Set.of(List.of("derived_t", "base_t"), List.of("events_2024", "events")),
                projectSet(rows(meta.getSuperTables(null, R, "%")), "TABLE_NAME", "SUPERTABLE_NAME"));
        assertEquals(projectSet(expected("SELECT c.relname::text AS t, p.relname::text AS s FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p')", R),
                        "t", "s"),
                projectSet(rows(meta.getSuperTables(null, R, null)), "TABLE_NAME", "SUPERTABLE_NAME"));
        assertEquals(List.of(List.of("derived_t", "base_t")),
                project(rows(meta.getSuperTables(null, "ignored", "meta_right.derived%")), "TABLE_NAME", "SUPERTABLE_NAME"));
        assertTrue(rows(meta.getSuperTables(null, R, "base_t")).isEmpty());
        // PostgreSQL has no type hierarchy
        assertTrue(rows(meta.getSuperTypes(null, null, null)).isEmpty());
    }

    // ---- routines ----------------------------------------------------------------------------------------------

    @Test
    void proceduresAndTheirColumns() throws SQLException {
        List<Map<String, Object>> procs = rows(meta.getProcedures(null, R, null));
        Map<String, Object> bump = only(procs);
        assertEquals("bump", bump.get("PROCEDURE_NAME"));
        assertEquals("counts up", bump.get("REMARKS"));
        assertEquals((long) DatabaseMetaData.procedureNoResult, bump.get("PROCEDURE_TYPE"));
        assertEquals(only(expected("SELECT specific_name::text AS s FROM information_schema.routines"
                + " WHERE routine_schema = ? AND routine_name = 'bump'", R)).get("s"), bump.get("SPECIFIC_NAME"));
        assertEquals(projectSet(rows(pgjdbc.getProcedures(null, R, null)), "PROCEDURE_SCHEM", "PROCEDURE_NAME", "REMARKS",
                "SPECIFIC_NAME"), projectSet(procs, "PROCEDURE_SCHEM", "PROCEDURE_NAME", "REMARKS", "SPECIFIC_NAME"));

        List<Map<String, Object>> cols = rows(meta.getProcedureColumns(null, R, "bump", null));
        assertEquals(List.of(List.of("p_region", (long) DatabaseMetaData.procedureColumnIn, (long) Types.VARCHAR, 1L),
                        List.of("p_count", (long) DatabaseMetaData.procedureColumnInOut, (long) Types.INTEGER, 2L),
                        List.of("p_done", (long) DatabaseMetaData.procedureColumnOut, (long) Types.BIT, 3L)),
                project(cols, "COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE", "ORDINAL_POSITION"));
        Map<String, String> modes = Map.of("IN", "1", "INOUT", "2", "OUT", "4");
        assertEquals(project(expected("SELECT p.parameter_name::text AS n, p.ordinal_position::bigint AS pos,"
                        + " p.parameter_mode::text AS m FROM information_schema.parameters p"
                        + " JOIN information_schema.routines r USING (specific_schema, specific_name)"
                        + " WHERE r.routine_schema = ? AND r.routine_name = 'bump' ORDER BY p.ordinal_position", R), "n", "pos", "m")
                        .stream().map(l -> List.of(l.get(0), l.get(1), Long.valueOf(modes.get((String) l.get(2))))).toList(),
                project(cols, "COLUMN_NAME", "ORDINAL_POSITION", "COLUMN_TYPE"));
        for (Map<String, Object> c : cols) {
            assertEquals(bump.get("SPECIFIC_NAME"), c.get("SPECIFIC_NAME"));
            assertEquals((long) DatabaseMetaData.procedureNullableUnknown, c.get("NULLABLE"));
            assertEquals("", c.get("IS_NULLABLE"));
        }
        assertEquals(List.of(List.of("p_count")), project(rows(meta.getProcedureColumns(null, R, "bump", "p\\_c%")),
                "COLUMN_NAME"));
        assertTrue(rows(meta.getProcedureColumns(null, R, "twice", null)).isEmpty(), "functions are not procedures");
    }

    @Test
    void functionsAndTheirColumns() throws SQLException {
        List<Map<String, Object>> fns = rows(meta.getFunctions(null, "%eta%", null));
        fns.removeIf(r -> !r.get("FUNCTION_SCHEM").equals(L) && !r.get("FUNCTION_SCHEM").equals(R));
        assertEquals(List.of(List.of(L, "Add Tax", (long) DatabaseMetaData.functionNoTable),
                        List.of(R, "order_lines", (long) DatabaseMetaData.functionReturnsTable),
                        List.of(R, "point_of", (long) DatabaseMetaData.functionNoTable),
                        List.of(R, "twice", (long) DatabaseMetaData.functionNoTable)),
                project(fns, "FUNCTION_SCHEM", "FUNCTION_NAME", "FUNCTION_TYPE"));
        assertEquals("doubles", fns.get(3).get("REMARKS"));
        Set<List<Object>> specific = projectSet(expected("SELECT routine_schema::text AS s, routine_name::text AS n,"
                + " specific_name::text AS sp FROM information_schema.routines WHERE routine_schema IN (?, ?)"
                + " AND routine_type = 'FUNCTION'", L, R), "s", "n", "sp");
        assertEquals(specific, projectSet(fns, "FUNCTION_SCHEM", "FUNCTION_NAME", "SPECIFIC_NAME"));
        assertEquals(projectSet(rows(pgjdbc.getFunctions(null, R, null)), "FUNCTION_NAME", "FUNCTION_TYPE", "REMARKS",
                "SPECIFIC_NAME"), projectSet(rows(meta.getFunctions(null, R, null)), "FUNCTION_NAME", "FUNCTION_TYPE",
                "REMARKS", "SPECIFIC_NAME"));
        assertTrue(rows(meta.getFunctions(null, R, "bump")).isEmpty(), "procedures are not functions");

        int in = DatabaseMetaData.functionColumnIn;
        int out = DatabaseMetaData.functionColumnOut;
        int result = DatabaseMetaData.functionColumnResult;
        int ret = DatabaseMetaData.functionReturn;
        assertEquals(List.of(List.of("amount", (long) in, 1L, (long) Types.NUMERIC), List.of("rate", (long) in, 2L,
                        (long) Types.NUMERIC), List.of("gross", (long) out, 3L, (long) Types.NUMERIC),
                        List.of("tax", (long) out, 4L, (long) Types.NUMERIC)),
                project(rows(meta.getFunctionColumns(null, L, "Add Tax", null)), "COLUMN_NAME", "COLUMN_TYPE",
                        "ORDINAL_POSITION", "DATA_TYPE"));
        assertEquals(List.of(List.of("p_region", (long) in, 1L, (long) Types.VARCHAR), List.of("p_no", (long) in, 2L,
                        (long) Types.INTEGER), List.of("line_id", (long) result, 1L, (long) Types.INTEGER),
                        List.of("note", (long) result, 2L, (long) Types.VARCHAR)),
                project(rows(meta.getFunctionColumns(null, R, "order_lines", null)), "COLUMN_NAME", "COLUMN_TYPE",
                        "ORDINAL_POSITION", "DATA_TYPE"));
        assertEquals(List.of(List.of("returnValue", (long) ret, 0L, (long) Types.INTEGER), List.of("$1", (long) in, 1L,
                        (long) Types.INTEGER)),
                project(rows(meta.getFunctionColumns(null, R, "twice", null)), "COLUMN_NAME", "COLUMN_TYPE",
                        "ORDINAL_POSITION", "DATA_TYPE"));
        assertEquals(List.of(List.of("x", (long) in, 1L, (long) Types.DOUBLE), List.of("x", (long) result, 1L,
                        (long) Types.DOUBLE), List.of("y", (long) result, 2L, (long) Types.DOUBLE),
                        List.of("Z", (long) result, 3L, (long) Types.NUMERIC)),
                project(rows(meta.getFunctionColumns(null, R, "point_of", null)), "COLUMN_NAME", "COLUMN_TYPE",
                        "ORDINAL_POSITION", "DATA_TYPE"));
        // the parameters agree with information_schema.parameters
        for (String[] f : new String[][] {{L, "Add Tax"}, {R, "order_lines"}, {R, "twice"}}) {
            List<List<Object>> params = project(expected("SELECT COALESCE(p.parameter_name, '$' || p.ordinal_position)::text AS n"
                    + " FROM information_schema.parameters p JOIN information_schema.routines r"
                    + " USING (specific_schema, specific_name) WHERE r.routine_schema = ? AND r.routine_name = ?"
                    + " ORDER BY p.ordinal_position", f[0], f[1]), "n");
            List<List<Object>> gotParams = project(rows(meta.getFunctionColumns(null, f[0], f[1], null)).stream()
                    .filter(r -> !r.get("COLUMN_TYPE").equals((long) ret)).toList(), "COLUMN_NAME");
            assertEquals(params, gotParams, Arrays.toString(f));
        }
        assertEquals(List.of(List.of("rate")), project(rows(meta.getFunctionColumns(null, L, "Add%", "r%")), "COLUMN_NAME"));
        // system functions are there too
        assertFalse(rows(meta.getFunctions(null, "pg_catalog", "lower")).isEmpty());
    }

    // ---- client info ------------------------------------------------------------------------------------------

    @Test
    void clientInfoProperties() throws SQLException {
        Map<String, Object> app = only(rows(meta.getClientInfoProperties()));
        assertEquals("ApplicationName", app.get("NAME"));
        assertEquals(63L, app.get("MAX_LEN"));
        assertEquals(only(expected("SELECT boot_val AS b FROM pg_settings WHERE name = 'application_name'")).get("b"),
                app.get("DEFAULT_VALUE"));
        assertNotNull(app.get("DESCRIPTION"));
    }

    @Test
    void resultsBelongToTheConnectionAndCloseTheirStatement() throws SQLException {
        ResultSet rs = meta.getTables(null, L, null, null);
        Statement st = rs.getStatement();
        assertNotNull(st);
        assertEquals(conn, st.getConnection());
        rs.close();
        assertTrue(st.isClosed(), "the statement closes with its result set");
        // a failed catalogue query leaves the connection usable
        boolean auto = conn.getAutoCommit();
        try {
            meta.getTables(null, "%\\", null, null).close();
            fail("a pattern ending in the escape is refused by the server");
        } catch (SQLException e) {
            assertNotNull(e.getSQLState());
        }
        if (!auto) {
            conn.rollback();
        }
        assertEquals(1, rows(meta.getTables(null, L, "Orders", null)).size());
    }
}
