package dev.greenwire.extras;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Extensions;
import dev.greenwire.ProgrammingException;
import dev.greenwire.Row;
import dev.greenwire.TransactionStatus;
import dev.greenwire.adapt.Json;
import dev.greenwire.cast.Oid;
import dev.greenwire.cast.TypeCaster;
import dev.greenwire.internal.types.Adaptation;
import dev.greenwire.internal.types.Structured;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * psycopg2's {@code extras} registrations: hstore, composite types, ranges and JSON.
 *
 * <p>Each {@code register*} method looks the type up in the connection's database (the
 * lookup runs a query; when the connection was idle and not in autocommit, the transaction
 * the lookup opened is rolled back so that nothing is left open), registers a typecaster for
 * the type and its array type, in the scope asked for: the cursor, the connection, or globally
 * (every connection; OIDs of extension and user types can differ between databases, so a
 * global registration is right only when all connections use the same database), and for
 * hstore and records a global adapter.
 *
 * <table class="striped">
 * <caption>Mappings</caption>
 * <thead><tr><th>PostgreSQL</th><th>Java, read</th><th>Java, written as</th></tr></thead>
 * <tbody>
 * <tr><td>{@code hstore}</td><td>{@code Map<String, String>} (insertion order, NULL values as null)</td>
 *     <td>any {@code Map} with string keys and string-or-null values: {@code '"k"=>"v"'::hstore}</td></tr>
 * <tr><td>composite type</td><td>{@link Composite}, or the registered record class</td>
 *     <td>{@code ROW(a, b, …)::type}</td></tr>
 * <tr><td>int4range, int8range, numrange, daterange, tsrange, tstzrange (built in), other
 *     range types (registered)</td><td>{@link Range} of the subtype's Java type</td>
 *     <td>{@code int4range(1, 10, '[)')}, {@code 'empty'::int4range}</td></tr>
 * <tr><td>{@code json}, {@code jsonb}</td><td>the loader's result (String by default)</td>
 *     <td>{@link Json}, or a registered dumper's output, as a string literal</td></tr>
 * </tbody>
 * </table>
 */
public final class Extras {
    private Extras() {
    }

    // ---- scopes -------------------------------------------------------------------------------

    private static void register(TypeCaster tc, Connection conn, Cursor cur, boolean globally) {
        if (tc == null) {
            return;
        }
        if (cur != null) {
            Extensions.registerType(tc, cur);
        } else if (globally) {
            Extensions.registerType(tc);
        } else {
            Extensions.registerType(tc, conn);
        }
    }

    /** A row of the type lookup: oid, array oid, SQL name, type kind, and the relation / range subtype. */
    private record TypeInfo(int oid, int arrayOid, String sqlName, String kind, long relid, int subtype) {
    }

    /**
     * Runs catalog queries on a cursor of {@code conn}; when the connection was idle and not in
     * autocommit, the transaction they opened is rolled back.
     */
    private static <T> T catalog(Connection conn, java.util.function.Function<Cursor, T> body) {
        Objects.requireNonNull(conn, "conn");
        boolean rollback = !conn.autocommit() && conn.transactionStatus() == TransactionStatus.IDLE;
        try (Cursor c = conn.cursor()) {
            return body.apply(c);
        } finally {
            if (rollback && conn.transactionStatus() != TransactionStatus.IDLE) {
                conn.rollback();
            }
        }
    }

    private static TypeInfo lookup(Connection conn, String name) {
        Objects.requireNonNull(name, "name");
        return catalog(conn, c -> {
            c.execute("SELECT t.oid, t.typarray, format_type(t.oid, NULL), t.typtype, t.typrelid,"
                    + " (SELECT r.rngsubtype FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid)"
                    + " FROM pg_catalog.pg_type t WHERE t.oid = pg_catalog.to_regtype(%s)", name);
            Row r = c.fetchOne();
            if (r == null) {
                return null;
            }
            Object sub = r.get(5);
            return new TypeInfo(((Number) r.get(0)).intValue(), ((Number) r.get(1)).intValue(), (String) r.get(2),
                    (String) r.get(3), ((Number) r.get(4)).longValue(), sub == null ? 0 : ((Number) sub).intValue());
        });
    }

    private static Connection connectionOf(Cursor cur) {
        return Objects.requireNonNull(cur, "cur").connection();
    }

    // ---- hstore -------------------------------------------------------------------------------

    /**
     * Registers hstore for one connection: its values are read as {@code Map<String, String>}, and
     * every {@code Map} is adapted as an hstore (globally, as psycopg2 does).
     *
     * @param conn the connection whose database has the hstore extension
     * @return the hstore typecaster
     * @throws ProgrammingException when the database has no hstore type
     */
    public static TypeCaster registerHstore(Connection conn) {
        return registerHstore(conn, false);
    }

    /**
     * Registers hstore for a connection or, with {@code globally}, for every connection.
     *
     * @param conn the connection used to find the type
     * @param globally register the typecaster for all connections
     * @return the hstore typecaster
     * @throws ProgrammingException when the database has no hstore type
     */
    public static TypeCaster registerHstore(Connection conn, boolean globally) {
        return hstore(conn, null, globally);
    }

    /**
     * Registers hstore for one cursor.
     *
     * @param cur the cursor
     * @return the hstore typecaster
     * @throws ProgrammingException when the database has no hstore type
     */
    public static TypeCaster registerHstore(Cursor cur) {
        return hstore(connectionOf(cur), cur, false);
    }

    private static TypeCaster hstore(Connection conn, Cursor cur, boolean globally) {
        TypeInfo t = lookup(conn, "hstore");
        if (t == null) {
            throw new ProgrammingException("hstore type not found: run CREATE EXTENSION hstore in this database");
        }
        TypeCaster tc = Structured.hstoreCaster(new int[] {t.oid()});
        register(tc, conn, cur, globally);
        if (t.arrayOid() != 0) {
            register(Extensions.newArrayType(new int[] {t.arrayOid()}, "HSTOREARRAY", tc), conn, cur, globally);
        }
        Adaptation.register(Map.class, Structured::hstore);
        return tc;
    }

    // ---- composite types ----------------------------------------------------------------------

    /**
     * Registers a composite type for one connection; its values are read as {@link Composite}.
     *
     * @param name the type's name, optionally schema-qualified ({@code "myschema.card"})
     * @param conn the connection
     * @return the type
     * @throws ProgrammingException when there is no such composite type
     */
    public static CompositeType registerComposite(String name, Connection conn) {
        return composite(name, conn, null, false, null);
    }

    /**
     * Registers a composite type for one cursor; its values are read as {@link Composite}.
     *
     * @param name the type's name
     * @param cur the cursor
     * @return the type
     * @throws ProgrammingException when there is no such composite type
     */
    public static CompositeType registerComposite(String name, Cursor cur) {
        return composite(name, connectionOf(cur), cur, false, null);
    }

    /**
     * Registers a composite type for a connection or globally, read as instances of a Java
     * record (null: {@link Composite}). The record's components map to the attributes by
     * position (numbers are converted when exact, e.g. an int4 attribute to a {@code long}
     * component); records of that class are then adapted as {@code ROW(…)::type} (globally).
     *
     * @param name the type's name
     * @param conn the connection
     * @param recordClass the record to read values as, or null
     * @param globally register the typecaster for all connections
     * @param <R> the record type
     * @return the type
     * @throws ProgrammingException when there is no such composite type, or the record's
     *                              component count differs from the type's attributes
     */
    public static <R extends Record> CompositeType registerComposite(String name, Connection conn, Class<R> recordClass,
            boolean globally) {
        return composite(name, conn, null, globally, recordClass);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CompositeType composite(String name, Connection conn, Cursor cur, boolean globally,
            Class<? extends Record> recordClass) {
        TypeInfo t = lookup(conn, name);
        if (t == null || !t.kind().equals("c")) {
            throw new ProgrammingException(t == null ? "PostgreSQL type '" + name + "' not found"
                    : "PostgreSQL type '" + name + "' is not a composite type");
        }
        List<String> names = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        catalog(conn, c -> {
            c.execute("SELECT attname, atttypid FROM pg_catalog.pg_attribute WHERE attrelid = %s"
                    + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum", t.relid());
            for (Row r : c.fetchAll()) {
                names.add((String) r.get(0));
                types.add(((Number) r.get(1)).intValue());
            }
            return null;
        });
        if (recordClass != null && recordClass.getRecordComponents().length != names.size()) {
            throw new ProgrammingException("the record " + recordClass.getName() + " has "
                    + recordClass.getRecordComponents().length + " components, the composite type " + t.sqlName()
                    + " has " + names.size() + " attributes " + names);
        }
        CompositeType type = new CompositeType(name, t.sqlName(), t.oid(), t.arrayOid(), names, types, recordClass);
        type.caster = Structured.compositeCaster(type);
        register(type.caster, conn, cur, globally);
        if (t.arrayOid() != 0) {
            type.arrayCaster = Extensions.newArrayType(new int[] {t.arrayOid()}, type.caster.name() + "ARRAY", type.caster);
            register(type.arrayCaster, conn, cur, globally);
        }
        if (recordClass != null) {
            Adaptation.register((Class) recordClass, (Record r) -> Structured.record(type, r));
        }
        return type;
    }

    // ---- ranges -------------------------------------------------------------------------------

    /**
     * Registers a range type (beyond the built-in ones, which need no registration) for one
     * connection; its values are read as {@link Range} carrying the type's name, so that they
     * adapt back as the same type.
     *
     * @param name the range type's name, optionally schema-qualified
     * @param conn the connection
     * @return the range typecaster
     * @throws ProgrammingException when there is no such range type
     */
    public static TypeCaster registerRange(String name, Connection conn) {
        return range(name, conn, null, false);
    }

    /**
     * Registers a range type for a connection or globally.
     *
     * @param name the range type's name
     * @param conn the connection
     * @param globally register the typecaster for all connections
     * @return the range typecaster
     * @throws ProgrammingException when there is no such range type
     */
    public static TypeCaster registerRange(String name, Connection conn, boolean globally) {
        return range(name, conn, null, globally);
    }

    /**
     * Registers a range type for one cursor.
     *
     * @param name the range type's name
     * @param cur the cursor
     * @return the range typecaster
     * @throws ProgrammingException when there is no such range type
     */
    public static TypeCaster registerRange(String name, Cursor cur) {
        return range(name, connectionOf(cur), cur, false);
    }

    private static TypeCaster range(String name, Connection conn, Cursor cur, boolean globally) {
        TypeInfo t = lookup(conn, name);
        if (t == null || !t.kind().equals("r")) {
            throw new ProgrammingException(t == null ? "PostgreSQL type '" + name + "' not found"
                    : "PostgreSQL type '" + name + "' is not a range type");
        }
        TypeCaster tc = Structured.rangeCaster(new int[] {t.oid()}, name.toUpperCase(java.util.Locale.ROOT),
                t.subtype(), t.sqlName());
        register(tc, conn, cur, globally);
        if (t.arrayOid() != 0) {
            register(Extensions.newArrayType(new int[] {t.arrayOid()}, tc.name() + "ARRAY", tc), conn, cur, globally);
        }
        return tc;
    }

    // ---- JSON ---------------------------------------------------------------------------------

    /**
     * Registers a JSON loader for {@code json} and {@code jsonb} (and their arrays) globally:
     * values are read as {@code loader.apply(text)}. Greenwire ships no JSON library; pass your
     * own, e.g. {@code text -> mapper.readTree(text)} wrapped to be unchecked.
     *
     * @param loader the parser; it never sees null (SQL NULL stays null)
     * @return the json and jsonb typecasters
     */
    public static List<TypeCaster> registerJson(Function<String, ?> loader) {
        return json(loader, null, null, true);
    }

    /**
     * Registers a JSON loader for {@code json} and {@code jsonb} on one connection.
     *
     * @param loader the parser
     * @param conn the connection
     * @return the json and jsonb typecasters
     */
    public static List<TypeCaster> registerJson(Function<String, ?> loader, Connection conn) {
        return json(loader, Objects.requireNonNull(conn, "conn"), null, false);
    }

    /**
     * Registers a JSON loader for {@code json} and {@code jsonb} on one cursor.
     *
     * @param loader the parser
     * @param cur the cursor
     * @return the json and jsonb typecasters
     */
    public static List<TypeCaster> registerJson(Function<String, ?> loader, Cursor cur) {
        return json(loader, connectionOf(cur), cur, false);
    }

    private static List<TypeCaster> json(Function<String, ?> loader, Connection conn, Cursor cur, boolean globally) {
        Objects.requireNonNull(loader, "loader");
        TypeCaster json = Extensions.newType(new int[] {Oid.JSON, Oid.JSONB}, "JSON",
                (v, c) -> v == null ? null : loader.apply(v));
        TypeCaster array = Extensions.newArrayType(new int[] {Oid._JSON, Oid._JSONB}, "JSONARRAY", json);
        register(json, conn, cur, globally);
        register(array, conn, cur, globally);
        return List.of(json, array);
    }

    /**
     * Registers a JSON dumper for a Java class (and its subclasses): its instances are adapted
     * as {@code new Json(dumper.apply(value))}, a string literal the server takes as json or
     * jsonb.
     *
     * @param type the class, e.g. {@code Map.class} or your JSON library's node type
     * @param dumper the serializer
     * @param <T> the class
     */
    public static <T> void registerJsonDumper(Class<T> type, Function<? super T, String> dumper) {
        Objects.requireNonNull(dumper, "dumper");
        Extensions.registerAdapter(type, v -> new Json(dumper.apply(v)));
    }
}
