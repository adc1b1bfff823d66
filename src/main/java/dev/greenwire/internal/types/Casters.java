package dev.greenwire.internal.types;

import dev.greenwire.Cursor;
import dev.greenwire.DataException;
import dev.greenwire.PgException;
import dev.greenwire.cast.Caster;
import dev.greenwire.cast.Oid;
import dev.greenwire.cast.PgInterval;
import dev.greenwire.cast.TypeCaster;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The typecaster registry (psycopg2's {@code string_types}) and the built-in typecasters.
 *
 * <p>Defaults: bool → Boolean; int2 → Short; int4 → Integer; int8, oid → Long; float4 → Float;
 * float8 → Double (NaN and infinities included); numeric → BigDecimal with the server's scale,
 * except {@code NaN}/{@code Infinity}/{@code -Infinity}, which BigDecimal cannot hold and come
 * back as the Double NaN/POSITIVE_INFINITY/NEGATIVE_INFINITY; text, varchar, bpchar, name, char,
 * unknown, xml, json, jsonb, money, regproc, regclass, regtype, bit, varbit, macaddr, point,
 * box, record, void → String; bytea → byte[] (hex and escape output); date → LocalDate; time →
 * LocalTime; timetz → OffsetTime; timestamp → LocalDateTime; timestamptz → OffsetDateTime (in
 * the offset the server wrote); interval → PgInterval; uuid → UUID; inet → InetAddress for a host
 * address (no mask, /32, /128) and {@link dev.greenwire.cast.Cidr} when the value has a narrower
 * netmask; cidr → Cidr; the arrays of all these → nested List with null for NULL elements; any
 * other OID → String; int4range, int8range, numrange, daterange, tsrange, tstzrange →
 * {@link dev.greenwire.extras.Range} of the subtype's Java type, the six built-in multiranges →
 * an unmodifiable List of those Ranges (and their arrays). See {@link DateTimeCasters} for infinity and BC dates.
 */
public final class Casters {
    /** The fallback for OIDs without a typecaster: the text as is. */
    public static final TypeCaster STRING = new TypeCaster(
            new int[] {Oid.TEXT, Oid.VARCHAR, Oid.BPCHAR, Oid.NAME, Oid.CHAR, Oid.UNKNOWN}, "STRING", (v, c) -> v);

    private static final Map<Integer, TypeCaster> DEFAULTS = new HashMap<>();
    private static final Map<Integer, TypeCaster> GLOBAL = new ConcurrentHashMap<>();
    /** Bumped by every registration in any scope, so that cached per-result decisions can be checked. */
    private static final java.util.concurrent.atomic.AtomicLong VERSION = new java.util.concurrent.atomic.AtomicLong();

    /** @return the registries' version: it changes whenever a typecaster is registered or removed, in any scope */
    public static long version() {
        return VERSION.get();
    }

    /** Records that a registry changed (connection and cursor scopes live outside this class). */
    public static void changed() {
        VERSION.incrementAndGet();
    }

    static {
        int[] strings = {Oid.TEXT, Oid.VARCHAR, Oid.BPCHAR, Oid.NAME, Oid.CHAR, Oid.UNKNOWN, Oid.XML, Oid.JSON,
            Oid.JSONB, Oid.MONEY, Oid.REGPROC, Oid.REGCLASS, Oid.REGTYPE, Oid.BIT, Oid.VARBIT, Oid.MACADDR,
            Oid.POINT, Oid.RECORD, Oid.VOID};
        int[] stringArrays = {Oid._TEXT, Oid._VARCHAR, Oid._BPCHAR, Oid._NAME, Oid._CHAR, Oid._XML, Oid._JSON,
            Oid._JSONB, Oid._MONEY, Oid._REGPROC, Oid._REGCLASS, Oid._REGTYPE, Oid._BIT, Oid._VARBIT,
            Oid._MACADDR, Oid._POINT};
        builtin(STRING, strings, stringArrays);
        builtin(new int[] {Oid.BOX}, "BOX", v -> v, new int[] {Oid._BOX});
        builtin(new int[] {Oid.BOOL}, "BOOLEAN", BasicCasters::bool, new int[] {Oid._BOOL});
        builtin(new int[] {Oid.INT2}, "SHORT", BasicCasters::int2, new int[] {Oid._INT2});
        builtin(new int[] {Oid.INT4}, "INTEGER", BasicCasters::int4, new int[] {Oid._INT4});
        builtin(new int[] {Oid.INT8, Oid.OID}, "LONG", BasicCasters::int8, new int[] {Oid._INT8, Oid._OID});
        builtin(new int[] {Oid.FLOAT4}, "FLOAT", BasicCasters::float4, new int[] {Oid._FLOAT4});
        builtin(new int[] {Oid.FLOAT8}, "DOUBLE", BasicCasters::float8, new int[] {Oid._FLOAT8});
        builtin(new int[] {Oid.NUMERIC}, "DECIMAL", BasicCasters::numeric, new int[] {Oid._NUMERIC});
        builtin(new int[] {Oid.BYTEA}, "BINARY", BasicCasters::bytea, new int[] {Oid._BYTEA});
        builtin(new int[] {Oid.UUID}, "UUID", BasicCasters::uuid, new int[] {Oid._UUID});
        builtin(new int[] {Oid.INET}, "INET", BasicCasters::inet, new int[] {Oid._INET});
        builtin(new int[] {Oid.CIDR}, "CIDR", BasicCasters::cidr, new int[] {Oid._CIDR});
        builtin(new int[] {Oid.DATE}, "DATE", DateTimeCasters::date, new int[] {Oid._DATE});
        builtin(new int[] {Oid.TIME}, "TIME", DateTimeCasters::time, new int[] {Oid._TIME});
        builtin(new int[] {Oid.TIMETZ}, "TIMETZ", DateTimeCasters::timetz, new int[] {Oid._TIMETZ});
        builtin(new int[] {Oid.TIMESTAMP}, "DATETIME", DateTimeCasters::timestamp, new int[] {Oid._TIMESTAMP});
        builtin(new int[] {Oid.TIMESTAMPTZ}, "DATETIMETZ", DateTimeCasters::timestamptz, new int[] {Oid._TIMESTAMPTZ});
        builtin(new int[] {Oid.INTERVAL}, "INTERVAL", v -> v == null ? null : PgInterval.parse(v), new int[] {Oid._INTERVAL});
        range(Oid.INT4RANGE, Oid._INT4RANGE, "int4range", Oid.INT4);
        range(Oid.INT8RANGE, Oid._INT8RANGE, "int8range", Oid.INT8);
        range(Oid.NUMRANGE, Oid._NUMRANGE, "numrange", Oid.NUMERIC);
        range(Oid.DATERANGE, Oid._DATERANGE, "daterange", Oid.DATE);
        range(Oid.TSRANGE, Oid._TSRANGE, "tsrange", Oid.TIMESTAMP);
        range(Oid.TSTZRANGE, Oid._TSTZRANGE, "tstzrange", Oid.TIMESTAMPTZ);
        multirange(Oid.INT4MULTIRANGE, Oid._INT4MULTIRANGE, "int4multirange", Oid.INT4, "int4range");
        multirange(Oid.INT8MULTIRANGE, Oid._INT8MULTIRANGE, "int8multirange", Oid.INT8, "int8range");
        multirange(Oid.NUMMULTIRANGE, Oid._NUMMULTIRANGE, "nummultirange", Oid.NUMERIC, "numrange");
        multirange(Oid.DATEMULTIRANGE, Oid._DATEMULTIRANGE, "datemultirange", Oid.DATE, "daterange");
        multirange(Oid.TSMULTIRANGE, Oid._TSMULTIRANGE, "tsmultirange", Oid.TIMESTAMP, "tsrange");
        multirange(Oid.TSTZMULTIRANGE, Oid._TSTZMULTIRANGE, "tstzmultirange", Oid.TIMESTAMPTZ, "tstzrange");
    }

    private Casters() {
    }

    private static void builtin(int[] oids, String name, Function<String, Object> f, int[] arrayOids) {
        builtin(new TypeCaster(oids, name, (v, c) -> f.apply(v)), oids, arrayOids);
    }

    private static void range(int oid, int arrayOid, String name, int subtype) {
        TypeCaster tc = Structured.rangeCaster(new int[] {oid}, name.toUpperCase(java.util.Locale.ROOT), subtype, name);
        builtin(tc, new int[] {oid}, new int[] {arrayOid});
    }

    private static void multirange(int oid, int arrayOid, String name, int subtype, String rangeType) {
        TypeCaster tc = Structured.multirangeCaster(new int[] {oid}, name.toUpperCase(java.util.Locale.ROOT), subtype,
                rangeType);
        builtin(tc, new int[] {oid}, new int[] {arrayOid});
    }

    private static void builtin(TypeCaster tc, int[] oids, int[] arrayOids) {
        for (int oid : oids) {
            DEFAULTS.put(oid, tc);
        }
        TypeCaster array = newArrayType(arrayOids, tc.name() + "ARRAY", tc);
        for (int oid : arrayOids) {
            DEFAULTS.put(oid, array);
        }
    }

    /**
     * The built-in typecaster of a type.
     *
     * @param oid the type OID
     * @return the default typecaster, or null when the type has none (its values are Strings)
     */
    public static TypeCaster defaultFor(int oid) {
        return DEFAULTS.get(oid);
    }

    /**
     * Registers a typecaster globally for each of its OIDs, replacing what was registered.
     *
     * @param tc the typecaster
     */
    public static void registerGlobal(TypeCaster tc) {
        Objects.requireNonNull(tc, "tc");
        for (int oid : tc.oids()) {
            GLOBAL.put(oid, tc);
        }
        changed();
    }

    /**
     * Unregisters a global typecaster: for each of its OIDs, removed only if it is still the one
     * registered.
     *
     * @param tc the typecaster
     */
    public static void unregisterGlobal(TypeCaster tc) {
        for (int oid : tc.oids()) {
            GLOBAL.remove(oid, tc);
        }
        changed();
    }

    /**
     * The typecaster for an OID: the cursor's, else the connection's, else the global
     * registered one, else the default, else {@link #STRING}.
     *
     * @param oid the type OID
     * @param cursorScope typecasters registered on the cursor, may be null
     * @param connectionScope typecasters registered on the connection, may be null
     * @return the typecaster, never null
     */
    public static TypeCaster lookup(int oid, Map<Integer, TypeCaster> cursorScope, Map<Integer, TypeCaster> connectionScope) {
        Integer key = oid;
        TypeCaster tc;
        if (cursorScope != null && (tc = cursorScope.get(key)) != null) {
            return tc;
        }
        if (connectionScope != null && (tc = connectionScope.get(key)) != null) {
            return tc;
        }
        if ((tc = GLOBAL.get(key)) != null) {
            return tc;
        }
        tc = DEFAULTS.get(key);
        return tc != null ? tc : STRING;
    }

    /**
     * Creates a typecaster (psycopg2's {@code new_type}).
     *
     * @param oids the OIDs it handles
     * @param name its name
     * @param caster the conversion
     * @return the typecaster
     */
    public static TypeCaster newType(int[] oids, String name, Caster caster) {
        return new TypeCaster(oids, name, caster);
    }

    /**
     * Creates a typecaster for arrays whose elements {@code base} converts (psycopg2's
     * {@code new_array_type}): the array text becomes nested Lists, each element's text (null
     * for NULL) passed to {@code base}. Elements are delimited by {@code ,}, or by {@code ;} when
     * {@code base} handles the {@code box} type (OID 603).
     *
     * @param oids the array type OIDs
     * @param name its name
     * @param base the element typecaster
     * @return the typecaster
     */
    public static TypeCaster newArrayType(int[] oids, String name, TypeCaster base) {
        Objects.requireNonNull(base, "base");
        char delim = ',';
        for (int oid : base.oids()) {
            if (oid == Oid.BOX) {
                delim = ';';
            }
        }
        char d = delim;
        return new TypeCaster(oids, name, (v, cur) -> v == null ? null : ArrayParser.parse(v, d, base, cur));
    }

    /**
     * Applies a typecaster, turning its failure into a DataException that names the value, the
     * column and the typecaster; a {@link PgException} passes through unchanged.
     *
     * @param tc the typecaster (null: {@link #STRING})
     * @param value the server's text, null for NULL
     * @param cur the cursor, may be null
     * @param columnName the column's name, or null
     * @return the converted value
     * @throws DataException "can't cast value 'x' of column 'c' with typecaster NAME: cause"
     */
    public static Object castOrThrow(TypeCaster tc, String value, Cursor cur, String columnName) {
        TypeCaster t = tc == null ? STRING : tc;
        try {
            return t.cast(value, cur);
        } catch (PgException e) {
            throw e;
        } catch (RuntimeException e) {
            String shown = value == null ? "NULL" : value.length() > 100 ? value.substring(0, 100) + "..." : value;
            String cause = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new DataException("can't cast value '" + shown + "'"
                    + (columnName != null ? " of column '" + columnName + "'" : "")
                    + " with typecaster " + t.name() + ": " + cause + dateStyleHint(t, cur), e);
        }
    }

    private static final java.util.Set<String> DATE_TIME = java.util.Set.of("DATE", "TIME", "TIMETZ", "DATETIME",
            "DATETIMETZ", "DATEARRAY", "TIMEARRAY", "TIMETZARRAY", "DATETIMEARRAY", "DATETIMETZARRAY");

    /**
     * Why a built-in date/time typecaster failed when the session left the ISO {@code DateStyle}
     * the connection set ({@code SET DateStyle = German} makes the server write {@code 02.01.2024}),
     * or "".
     */
    public static String dateStyleHint(TypeCaster t, Cursor cur) {
        if (cur == null || !DATE_TIME.contains(t.name()) || Casters.defaultFor(t.oids()[0]) != t) {
            return "";
        }
        String style = cur.connection().parameterStatus("DateStyle");
        return dateStyleHint(style);
    }

    /** @param style the session's {@code DateStyle} as the server reported it @return the hint, or "" for an ISO style */
    public static String dateStyleHint(String style) {
        if (style == null || style.regionMatches(true, 0, "ISO", 0, 3)) {
            return "";
        }
        return " (the session's DateStyle is '" + style + "': dates and times are read in the ISO style the connection"
                + " sets when it opens; SET DateStyle = ISO)";
    }
}
