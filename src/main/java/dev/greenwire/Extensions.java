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
        if (conn != null && !conn.engine.charset().newEncoder().canEncode(ident)) {
            throw new DataException("the identifier contains a character the client encoding "
                    + conn.encoding() + " cannot represent");
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
    }

    /** @param caster removed from the global registry */
    public static void unregisterType(TypeCaster caster) {
        Casters.unregisterGlobal(caster);
    }
}
