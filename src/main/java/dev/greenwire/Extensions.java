package dev.greenwire;

import dev.greenwire.adapt.Adapter;
import dev.greenwire.adapt.SqlQuote;
import dev.greenwire.cast.Caster;
import dev.greenwire.cast.TypeCaster;
import dev.greenwire.internal.types.Adaptation;
import dev.greenwire.internal.types.Casters;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * psycopg2's {@code extensions} module: adapters, typecasters and the wait callback.
 *
 * <p>Adapters turn Java values into SQL literals ({@link #adapt}, {@link #registerAdapter});
 * typecasters turn the server's text into Java values ({@link #newType}, {@link #registerType},
 * scopes cursor &gt; connection &gt; global). The package documentation of
 * {@link dev.greenwire.adapt} and {@link dev.greenwire.cast} details each direction; in one table:
 *
 * <table class="striped">
 * <caption>Type mappings (built in unless marked)</caption>
 * <thead><tr><th>PostgreSQL</th><th>read as</th><th>written from</th></tr></thead>
 * <tbody>
 * <tr><td>bool</td><td>Boolean</td><td>Boolean</td></tr>
 * <tr><td>int2 / int4 / int8, oid</td><td>Short / Integer / Long, Long</td><td>Byte, Short, Integer, Long, BigInteger</td></tr>
 * <tr><td>float4 / float8</td><td>Float / Double</td><td>Float, Double (NaN, ±Infinity, -0)</td></tr>
 * <tr><td>numeric</td><td>BigDecimal (NaN, ±Infinity as Double)</td><td>BigDecimal, BigInteger</td></tr>
 * <tr><td>text, varchar, bpchar, name, char, enums</td><td>String</td><td>String, CharSequence, Character, Enum</td></tr>
 * <tr><td>bytea</td><td>byte[]</td><td>byte[], ByteBuffer</td></tr>
 * <tr><td>date</td><td>LocalDate (infinities: MAX/MIN)</td><td>LocalDate</td></tr>
 * <tr><td>time / timetz</td><td>LocalTime / OffsetTime</td><td>LocalTime / OffsetTime</td></tr>
 * <tr><td>timestamp</td><td>LocalDateTime (infinities: MAX/MIN)</td><td>LocalDateTime</td></tr>
 * <tr><td>timestamptz</td><td>OffsetDateTime (infinities: MAX/MIN)</td><td>OffsetDateTime, ZonedDateTime, Instant</td></tr>
 * <tr><td>interval</td><td>{@link dev.greenwire.cast.PgInterval}</td><td>PgInterval, Duration</td></tr>
 * <tr><td>uuid</td><td>UUID</td><td>UUID</td></tr>
 * <tr><td>inet / cidr</td><td>InetAddress or Cidr / Cidr</td><td>InetAddress / Cidr</td></tr>
 * <tr><td>json, jsonb</td><td>String, or a registered loader's result</td><td>{@link dev.greenwire.adapt.Json},
 *     classes with a registered dumper</td></tr>
 * <tr><td>arrays</td><td>nested List</td><td>List, Object[], primitive arrays</td></tr>
 * <tr><td>built-in ranges</td><td>{@link dev.greenwire.extras.Range}</td><td>Range</td></tr>
 * <tr><td>built-in multiranges</td><td>List of Range</td><td>{@code int4multirange(VARIADIC %s)} with a List of Range</td></tr>
 * <tr><td>hstore (registered)</td><td>Map&lt;String, String&gt;</td><td>Map</td></tr>
 * <tr><td>composite types (registered)</td><td>{@link dev.greenwire.extras.Composite} or a record</td><td>Composite, the record</td></tr>
 * <tr><td>other ranges (registered)</td><td>Range</td><td>Range carrying the type</td></tr>
 * <tr><td>anything else</td><td>String</td><td>{@link dev.greenwire.adapt.AsIs}, a registered adapter</td></tr>
 * <tr><td>row expression for {@code IN %s}</td><td></td><td>{@link dev.greenwire.adapt.SqlIn}</td></tr>
 * <tr><td>NULL</td><td>null</td><td>null, {@link dev.greenwire.adapt.SqlNull}</td></tr>
 * </tbody>
 * </table>
 */
public final class Extensions {
    private static volatile WaitCallback waitCallback;

    private Extensions() {
    }

    // ---- wait callback ----------------------------------------------------------------------

    /**
     * Sets the wait callback used by every connection that has none of its own.
     *
     * @param cb the callback; null restores the default ({@code Waits.waitSelect})
     */
    public static void setWaitCallback(WaitCallback cb) {
        waitCallback = cb;
    }

    /** @return the global wait callback, or null when the default is in force */
    public static WaitCallback getWaitCallback() {
        return waitCallback;
    }

    // ---- adaptation ---------------------------------------------------------------------------

    /**
     * Adapts a Java value to its SQL form (psycopg2's {@code adapt()}).
     *
     * @param value the value
     * @return its quoter
     * @throws ProgrammingException when nothing adapts it ("can't adapt type 'Foo'")
     */
    public static SqlQuote adapt(Object value) {
        return Adaptation.adapt(value);
    }

    /**
     * Registers an adapter for a class and its subclasses (or an interface and its implementations).
     *
     * @param type the class or interface
     * @param adapter the adapter
     * @param <T> the type
     */
    public static <T> void registerAdapter(Class<T> type, Adapter<? super T> adapter) {
        Adaptation.register(Objects.requireNonNull(type, "type"), Objects.requireNonNull(adapter, "adapter"));
    }

    /** @param type the class whose registered adapter is removed (built-ins apply again) */
    public static void unregisterAdapter(Class<?> type) {
        Adaptation.unregister(type);
    }

    /**
     * Quotes an identifier: {@code my "table"} becomes {@code "my ""table"""}.
     *
     * @param ident the identifier
     * @param conn the connection whose encoding applies (may be null)
     * @return the quoted identifier
     */
    public static String quoteIdent(String ident, Connection conn) {
        Objects.requireNonNull(ident, "ident");
        if (ident.indexOf('\0') >= 0) {
            throw new DataException("an identifier cannot contain NUL (0x00) characters");
        }
        if (conn != null) {
            dev.greenwire.internal.types.PgEncodings.encode(ident, conn.encoding()); // names what it cannot hold
        }
        return '"' + ident.replace("\"", "\"\"") + '"';
    }

    /**
     * The SQL literal of a value as a string (UTF-8, standard conforming strings).
     *
     * @param value the value
     * @return its literal
     */
    public static String quote(Object value) {
        return new String(Adaptation.quote(value, null), StandardCharsets.UTF_8);
    }

    // ---- typecasting --------------------------------------------------------------------------

    /**
     * Creates a typecaster (psycopg2's {@code new_type}).
     *
     * @param oids the type OIDs it handles
     * @param name its name
     * @param caster the conversion from the server's text
     * @return the typecaster, to register
     */
    public static TypeCaster newType(int[] oids, String name, Caster caster) {
        return Casters.newType(oids, name, caster);
    }

    /**
     * Creates a typecaster for arrays of another one (psycopg2's {@code new_array_type}).
     *
     * @param oids the array type OIDs
     * @param name its name
     * @param base the element typecaster
     * @return the typecaster
     */
    public static TypeCaster newArrayType(int[] oids, String name, TypeCaster base) {
        return Casters.newArrayType(oids, name, base);
    }

    /** @param caster registered globally for its OIDs */
    public static void registerType(TypeCaster caster) {
        Casters.registerGlobal(Objects.requireNonNull(caster, "caster"));
    }

    /**
     * Registers a typecaster for one connection; it beats the global ones.
     *
     * @param caster the typecaster
     * @param conn the connection
     */
    public static void registerType(TypeCaster caster, Connection conn) {
        for (int oid : caster.oids()) {
            conn.casters.put(oid, caster);
        }
        Casters.changed();
    }

    /**
     * Registers a typecaster for one cursor; it beats the connection's and the global ones.
     *
     * @param caster the typecaster
     * @param cursor the cursor
     */
    public static void registerType(TypeCaster caster, Cursor cursor) {
        for (int oid : caster.oids()) {
            cursor.casterScope().put(oid, caster);
        }
        Casters.changed();
    }

    /** @param caster removed from the global registry */
    public static void unregisterType(TypeCaster caster) {
        Casters.unregisterGlobal(caster);
    }
}
