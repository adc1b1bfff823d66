package dev.greenwire.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Facts and SQL fragments {@link GwDatabaseMetaData} builds its catalogue queries from. Nothing
 * here ever holds a user's value: those go to the server as {@code ?} parameters.
 */
final class MetaSql {
    private MetaSql() {
    }

    /**
     * The keywords of SQL:2003 (ISO/IEC 9075-2:2003, 5.2: reserved and non-reserved words), lower
     * case and comma-separated: {@code getSQLKeywords()} is PostgreSQL's keywords minus these.
     */
    static final String SQL2003_KEYWORDS = words("""
            abs all allocate alter and any are array as asensitive asymmetric at atomic authorization avg
            begin between bigint binary blob boolean both by call called cardinality cascaded case cast ceil
            ceiling char char_length character character_length check clob close coalesce collate collect
            column commit condition connect constraint convert corr corresponding count covar_pop covar_samp
            create cross cube cume_dist current current_date current_default_transform_group current_path
            current_role current_time current_timestamp current_transform_group_for_type current_user cursor
            cycle date day deallocate dec decimal declare default delete dense_rank deref describe
            deterministic disconnect distinct double drop dynamic each element else end end-exec escape every
            except exec execute exists exp external extract false fetch filter float floor for foreign free
            from full function fusion get global grant group grouping having hold hour identity in indicator
            inner inout insensitive insert int integer intersect intersection interval into is join language
            large lateral leading left like ln local localtime localtimestamp lower match max member merge
            method min minute mod modifies module month multiset national natural nchar nclob new no none
            normalize not null nullif numeric octet_length of old on only open or order out outer over
            overlaps overlay parameter partition percent_rank percentile_cont percentile_disc position power
            precision prepare primary procedure range rank reads real recursive ref references referencing
            regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy
            release result return returns revoke right rollback rollup row row_number rows savepoint scope
            scroll search second select sensitive session_user set similar smallint some specific
            specifictype sql sqlexception sqlstate sqlwarning sqrt start static stddev_pop stddev_samp
            submultiset substring sum symmetric system system_user table tablesample then time timestamp
            timezone_hour timezone_minute to trailing translate translation treat trigger trim true uescape
            union unique unknown unnest update upper user using value values var_pop var_samp varchar varying
            when whenever where width_bucket window with within without year
            a absolute action ada add admin after always asc assertion assignment attribute attributes before
            bernoulli breadth c cascade catalog catalog_name chain character_set_catalog character_set_name
            character_set_schema characteristics characters class_origin cobol collation collation_catalog
            collation_name collation_schema column_name command_function command_function_code committed
            condition_number connection_name constraint_catalog constraint_name constraint_schema constraints
            constructor contains continue cursor_name data datetime_interval_code datetime_interval_precision
            defaults deferrable deferred defined definer degree depth derived desc descriptor diagnostics
            dispatch domain dynamic_function dynamic_function_code equals exception exclude excluding final
            first following fortran found g general generated go goto granted hierarchy immediate
            implementation including increment initially input instance instantiable invoker isolation k key
            key_member key_type last length level locator m map matched maxvalue message_length
            message_octet_length message_text minvalue more mumps name names nesting next normalized nullable
            nulls number object octets option options ordering ordinality others output overriding pad
            parameter_mode parameter_name parameter_ordinal_position parameter_specific_catalog
            parameter_specific_name parameter_specific_schema partial pascal path placing pli preceding
            preserve prior privileges public read relative repeatable restart restrict returned_cardinality
            returned_length returned_octet_length returned_sqlstate role routine routine_catalog routine_name
            routine_schema row_count scale schema schema_name scope_catalog scope_name scope_schema section
            security self sequence serializable server_name session sets simple size source space
            specific_name state statement structure style subclass_origin table_name temporary ties
            top_level_count transaction transaction_active transactions_committed transactions_rolled_back
            transform transforms trigger_catalog trigger_name trigger_schema type unbounded uncommitted under
            unnamed usage user_defined_type_catalog user_defined_type_code user_defined_type_name
            user_defined_type_schema view work write zone
            """);

    /*
     * The Open Group CLI function names that work in a JDBC {fn …} escape on Greenwire: those its
     * SQL lexer translates (LOG to ln, LCASE to lower, LOCATE to position…) and those PostgreSQL
     * has under the same name with the same meaning. Left out: DIFFERENCE and SOUNDEX (an
     * extension's), TIMESTAMPADD and TIMESTAMPDIFF (not translated), CONVERT (supportsConvert).
     */
    static final String NUMERIC_FUNCTIONS = "ABS,ACOS,ASIN,ATAN,ATAN2,CEILING,COS,COT,DEGREES,EXP,FLOOR,LOG,LOG10,"
            + "MOD,PI,POWER,RADIANS,RAND,ROUND,SIGN,SIN,SQRT,TAN,TRUNCATE";
    static final String STRING_FUNCTIONS = "ASCII,CHAR,CHAR_LENGTH,CHARACTER_LENGTH,CONCAT,INSERT,LCASE,LEFT,LENGTH,"
            + "LOCATE,LTRIM,OCTET_LENGTH,POSITION,REPEAT,REPLACE,RIGHT,RTRIM,SPACE,SUBSTRING,UCASE";
    static final String SYSTEM_FUNCTIONS = "DATABASE,IFNULL,USER";
    static final String TIME_DATE_FUNCTIONS = "CURDATE,CURRENT_DATE,CURRENT_TIME,CURRENT_TIMESTAMP,CURTIME,DAYNAME,"
            + "DAYOFMONTH,DAYOFWEEK,DAYOFYEAR,EXTRACT,HOUR,MINUTE,MONTH,MONTHNAME,NOW,QUARTER,SECOND,WEEK,YEAR";

    // ---- types ----------------------------------------------------------------------------------------

    /** The built-in types by OID (fixed in every PostgreSQL release) and the java.sql.Types each maps to. */
    static final int[][] BUILTIN_TYPES = {
        {21, Types.SMALLINT},       // int2
        {23, Types.INTEGER},        // int4
        {20, Types.BIGINT},         // int8
        {26, Types.BIGINT},         // oid (unsigned 32 bits)
        {790, Types.DOUBLE},        // money
        {1700, Types.NUMERIC},      // numeric
        {700, Types.REAL},          // float4
        {701, Types.DOUBLE},        // float8
        {18, Types.CHAR},           // "char"
        {1042, Types.CHAR},         // bpchar
        {1043, Types.VARCHAR},      // varchar
        {25, Types.VARCHAR},        // text
        {19, Types.VARCHAR},        // name
        {17, Types.BINARY},         // bytea
        {16, Types.BIT},            // bool
        {1560, Types.BIT},          // bit
        {1082, Types.DATE},         // date
        {1083, Types.TIME},         // time
        {1266, Types.TIME},         // timetz
        {1114, Types.TIMESTAMP},    // timestamp
        {1184, Types.TIMESTAMP},    // timestamptz
        {1790, Types.REF_CURSOR},   // refcursor
        {142, Types.SQLXML},        // xml
    };

    /**
     * The java.sql.Types code of the pg_type row aliased {@code t}, as an SQL expression: arrays
     * ARRAY, composite types STRUCT, domains DISTINCT, enums VARCHAR, the built-ins of
     * {@link #BUILTIN_TYPES} their code, everything else OTHER.
     */
    static String jdbcType(String t) {
        StringBuilder b = new StringBuilder("(CASE WHEN ").append(t)
                .append(".typinput = 'pg_catalog.array_in'::pg_catalog.regproc THEN ").append(Types.ARRAY)
                .append(" WHEN ").append(t).append(".typtype = 'c' THEN ").append(Types.STRUCT)
                .append(" WHEN ").append(t).append(".typtype = 'd' THEN ").append(Types.DISTINCT)
                .append(" WHEN ").append(t).append(".typtype = 'e' THEN ").append(Types.VARCHAR)
                .append(" ELSE CASE ").append(t).append(".oid::pg_catalog.int8");
        for (int[] m : BUILTIN_TYPES) {
            b.append(" WHEN ").append(m[0]).append(" THEN ").append(m[1]);
        }
        return b.append(" ELSE ").append(Types.OTHER).append(" END END)").toString();
    }

    /** The Java class a value of java.sql.Types {@code jt} (an SQL expression) is read as, for getUDTs. */
    static String javaClass(String jt) {
        return "(CASE " + jt
                + " WHEN " + Types.CHAR + " THEN 'java.lang.String' WHEN " + Types.VARCHAR + " THEN 'java.lang.String'"
                + " WHEN " + Types.NUMERIC + " THEN 'java.math.BigDecimal' WHEN " + Types.BIT + " THEN 'java.lang.Boolean'"
                + " WHEN " + Types.SMALLINT + " THEN 'java.lang.Integer' WHEN " + Types.INTEGER + " THEN 'java.lang.Integer'"
                + " WHEN " + Types.BIGINT + " THEN 'java.lang.Long' WHEN " + Types.REAL + " THEN 'java.lang.Float'"
                + " WHEN " + Types.DOUBLE + " THEN 'java.lang.Double' WHEN " + Types.BINARY + " THEN 'byte[]'"
                + " WHEN " + Types.DATE + " THEN 'java.sql.Date' WHEN " + Types.TIME + " THEN 'java.sql.Time'"
                + " WHEN " + Types.TIMESTAMP + " THEN 'java.sql.Timestamp' WHEN " + Types.ARRAY + " THEN 'java.sql.Array'"
                + " WHEN " + Types.STRUCT + " THEN 'java.sql.Struct' ELSE 'java.lang.Object' END)";
    }

    /**
     * The name a type is written with: its pg_type name when its schema is on the search path (or
     * pg_catalog), else schema-qualified and quoted as needed. {@code t} is the pg_type alias,
     * {@code tn} its pg_namespace.
     */
    static String typeName(String t, String tn) {
        return "(CASE WHEN " + tn + ".nspname = ANY (pg_catalog.current_schemas(true)) THEN " + t + ".typname::text"
                + " ELSE pg_catalog.quote_ident(" + tn + ".nspname) || '.' || pg_catalog.quote_ident(" + t + ".typname) END)";
    }

    /**
     * Joins, for a value of type {@code typeOid} with modifier {@code typmod} (SQL expressions),
     * the aliases {p}t (its pg_type), {p}tn (the type's schema), {p}bt (a domain's base type),
     * {p}z (jt: its java.sql.Types code; sjt: that of a domain's base type; soid, smod: the type
     * and modifier its size is read from: an array's element, a domain's base) and {p}s (size,
     * digits, radix, octets: COLUMN_SIZE, DECIMAL_DIGITS, NUM_PREC_RADIX and CHAR_OCTET_LENGTH as
     * JDBC defines them; octets is the most bytes a character value can take in the database's
     * encoding, capped at PostgreSQL's 1 GB per value).
     */
    static String typeJoins(String p, String typeOid, String typmod) {
        String t = p + "t";
        String z = p + "z";
        return " JOIN pg_catalog.pg_type " + t + " ON " + t + ".oid = " + typeOid
                + " JOIN pg_catalog.pg_namespace " + p + "tn ON " + p + "tn.oid = " + t + ".typnamespace"
                + " LEFT JOIN pg_catalog.pg_type " + p + "bt ON " + p + "bt.oid = " + t + ".typbasetype"
                + " CROSS JOIN LATERAL (SELECT " + jdbcType(t) + "::pg_catalog.int4 AS jt,"
                + " CASE WHEN " + t + ".typinput = 'pg_catalog.array_in'::pg_catalog.regproc THEN " + t + ".typelem"
                + " WHEN " + t + ".typtype = 'd' THEN " + t + ".typbasetype ELSE " + t + ".oid END::pg_catalog.int8 AS soid,"
                + " CASE WHEN " + t + ".typtype = 'd' AND " + t + ".typtypmod <> -1 THEN " + t + ".typtypmod"
                + " ELSE " + typmod + " END AS smod,"
                + " (CASE WHEN " + t + ".typtype = 'd' THEN " + jdbcType(p + "bt") + " ELSE " + jdbcType(t)
                + " END)::pg_catalog.int4 AS sjt) " + z
                + " CROSS JOIN LATERAL (SELECT " + columnSize(z + ".soid", z + ".smod") + " AS size, "
                + decimalDigits(z + ".soid", z + ".smod") + " AS digits, "
                + "(CASE WHEN " + z + ".soid IN (1560, 1562) THEN 2 ELSE 10 END)::pg_catalog.int4 AS radix) " + p + "s0"
                + " CROSS JOIN LATERAL (SELECT " + p + "s0.size, " + p + "s0.digits, " + p + "s0.radix,"
                + " (CASE WHEN " + z + ".sjt IN (" + CHAR_TYPES + ") THEN CASE WHEN " + p + "s0.size = 2147483647"
                + " THEN 1073741824 ELSE LEAST(" + p + "s0.size::pg_catalog.int8 * (SELECT"
                + " pg_catalog.pg_encoding_max_length(d.encoding) FROM pg_catalog.pg_database d"
                + " WHERE d.datname = pg_catalog.current_database()), 1073741824) END"
                + " WHEN " + z + ".sjt IN (" + BINARY_TYPES + ") THEN " + p + "s0.size END)::pg_catalog.int4 AS octets) "
                + p + "s";
    }

    /** COLUMN_SIZE of type {@code s} with modifier {@code m}: digits, characters, or the length of the text form. */
    static String columnSize(String s, String m) {
        String sec = "(CASE " + m + " WHEN -1 THEN 7 WHEN 0 THEN 0 WHEN 1 THEN 3 ELSE " + m + " + 1 END)";
        return "(CASE " + s
                + " WHEN 21 THEN 5 WHEN 23 THEN 10 WHEN 26 THEN 10 WHEN 20 THEN 19"
                + " WHEN 700 THEN 8 WHEN 701 THEN 17"
                + " WHEN 1700 THEN CASE WHEN " + m + " = -1 THEN 0 ELSE ((" + m + " - 4) >> 16) & 65535 END"
                + " WHEN 18 THEN 1 WHEN 16 THEN 1"
                + " WHEN 1042 THEN CASE WHEN " + m + " = -1 THEN 2147483647 ELSE " + m + " - 4 END"
                + " WHEN 1043 THEN CASE WHEN " + m + " = -1 THEN 2147483647 ELSE " + m + " - 4 END"
                + " WHEN 1082 THEN 13"
                + " WHEN 1083 THEN 8 + " + sec + " WHEN 1266 THEN 14 + " + sec
                + " WHEN 1114 THEN 22 + " + sec + " WHEN 1184 THEN 28 + " + sec
                + " WHEN 1186 THEN 49"
                + " WHEN 1560 THEN CASE WHEN " + m + " = -1 THEN 1 ELSE " + m + " END"
                + " WHEN 1562 THEN CASE WHEN " + m + " = -1 THEN 2147483647 ELSE " + m + " END"
                + " ELSE 2147483647 END)::pg_catalog.int4";
    }

    /** DECIMAL_DIGITS of type {@code s} with modifier {@code m}: scale, or fractional-second digits. */
    static String decimalDigits(String s, String m) {
        return "(CASE " + s
                + " WHEN 1700 THEN CASE WHEN " + m + " = -1 THEN NULL ELSE (" + m + " - 4) & 65535 END"
                + " WHEN 700 THEN 8 WHEN 701 THEN 17"
                + " WHEN 1083 THEN CASE WHEN " + m + " = -1 THEN 6 ELSE " + m + " END"
                + " WHEN 1266 THEN CASE WHEN " + m + " = -1 THEN 6 ELSE " + m + " END"
                + " WHEN 1114 THEN CASE WHEN " + m + " = -1 THEN 6 ELSE " + m + " END"
                + " WHEN 1184 THEN CASE WHEN " + m + " = -1 THEN 6 ELSE " + m + " END"
                + " WHEN 1186 THEN CASE WHEN " + m + " = -1 OR (" + m + " & 65535) = 65535 THEN 6 ELSE " + m
                + " & 65535 END"
                + " ELSE 0 END)::pg_catalog.int4";
    }

    /** The character java.sql.Types codes (CHAR_OCTET_LENGTH: characters times the encoding's widest). */
    static final String CHAR_TYPES = Types.CHAR + ", " + Types.VARCHAR + ", " + Types.LONGVARCHAR + ", "
            + Types.NCHAR + ", " + Types.NVARCHAR + ", " + Types.LONGNVARCHAR + ", " + Types.CLOB + ", " + Types.NCLOB;
    /** The binary java.sql.Types codes (CHAR_OCTET_LENGTH: their COLUMN_SIZE). */
    static final String BINARY_TYPES = Types.BINARY + ", " + Types.VARBINARY + ", " + Types.LONGVARBINARY + ", "
            + Types.BLOB;

    // ---- table types ----------------------------------------------------------------------------------

    /** What getTables calls each relation: by the kind of schema it is in and its relkind. */
    record TableType(char schemaKind, String relkinds, String name) {
    }

    /** Schema kinds: u(ser), s(ystem: pg_catalog, information_schema), t(oast), p (temporary). */
    static final List<TableType> TABLE_TYPES = List.of(
            new TableType('u', "r", "TABLE"),
            new TableType('u', "p", "PARTITIONED TABLE"),
            new TableType('u', "v", "VIEW"),
            new TableType('u', "m", "MATERIALIZED VIEW"),
            new TableType('u', "f", "FOREIGN TABLE"),
            new TableType('u', "S", "SEQUENCE"),
            new TableType('u', "i", "INDEX"),
            new TableType('u', "I", "PARTITIONED INDEX"),
            new TableType('u', "c", "TYPE"),
            new TableType('s', "r", "SYSTEM TABLE"),
            new TableType('s', "v", "SYSTEM VIEW"),
            new TableType('s', "i", "SYSTEM INDEX"),
            new TableType('t', "t", "SYSTEM TOAST TABLE"),
            new TableType('t', "i", "SYSTEM TOAST INDEX"),
            new TableType('p', "rp", "TEMPORARY TABLE"),
            new TableType('p', "v", "TEMPORARY VIEW"),
            new TableType('p', "S", "TEMPORARY SEQUENCE"),
            new TableType('p', "iI", "TEMPORARY INDEX"));

    /** The schema kind of namespace alias {@code n}, as an SQL expression. */
    static String schemaKind(String n) {
        return "(CASE WHEN " + n + ".nspname IN ('pg_catalog', 'information_schema') THEN 's'"
                + " WHEN " + n + ".nspname = 'pg_toast' OR " + n + ".nspname ~ '^pg_toast_temp_' THEN 't'"
                + " WHEN " + n + ".nspname ~ '^pg_temp_' THEN 'p' ELSE 'u' END)";
    }

    /** TABLE_TYPE of relation alias {@code c} in namespace alias {@code n}, NULL for kinds getTables does not list. */
    static String tableType(String c, String n) {
        StringBuilder b = new StringBuilder("(CASE ").append(schemaKind(n));
        for (char kind : new char[] {'u', 's', 't', 'p'}) {
            b.append(" WHEN '").append(kind).append("' THEN CASE ").append(c).append(".relkind");
            for (TableType tt : TABLE_TYPES) {
                if (tt.schemaKind() == kind) {
                    for (char rk : tt.relkinds().toCharArray()) {
                        b.append(" WHEN '").append(rk).append("' THEN '").append(tt.name()).append('\'');
                    }
                }
            }
            b.append(" END");
        }
        return b.append(" END)").toString();
    }

    /** @return every TABLE_TYPE getTables may answer, each once */
    static Set<String> tableTypeNames() {
        Set<String> names = new LinkedHashSet<>();
        for (TableType tt : TABLE_TYPES) {
            names.add(tt.name());
        }
        return names;
    }

    /** The rule codes of pg_constraint's confupdtype/confdeltype column {@code col}. */
    static String fkRule(String col) {
        return "(CASE " + col + " WHEN 'c' THEN " + DatabaseMetaData.importedKeyCascade
                + " WHEN 'n' THEN " + DatabaseMetaData.importedKeySetNull
                + " WHEN 'd' THEN " + DatabaseMetaData.importedKeySetDefault
                + " WHEN 'r' THEN " + DatabaseMetaData.importedKeyRestrict
                + " ELSE " + DatabaseMetaData.importedKeyNoAction + " END)::pg_catalog.int2";
    }

    private static String words(String block) {
        return Arrays.stream(block.trim().split("\\s+"))
                .map(w -> w.toLowerCase(Locale.ROOT))
                .distinct()
                .collect(Collectors.joining(","));
    }
}
