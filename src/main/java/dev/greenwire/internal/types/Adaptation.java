package dev.greenwire.internal.types;

import dev.greenwire.Connection;
import dev.greenwire.ProgrammingException;
import dev.greenwire.adapt.Adapter;
import dev.greenwire.adapt.Conformable;
import dev.greenwire.adapt.SqlNull;
import dev.greenwire.adapt.SqlQuote;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The global adapter registry and the lookup that turns a Java value into a {@link SqlQuote}
 * (psycopg2's {@code adapt()} and {@code register_adapter()}).
 *
 * <p>Lookup order for a non-null value:
 * <ol>
 * <li>a {@link Conformable} value's {@code conform(SqlQuote.class)}, unless it returns null;</li>
 * <li>a value that is already a {@link SqlQuote}, as is;</li>
 * <li>the registered adapter of the most specific class: the value's class, then each
 *     superclass in turn, and for each class its interfaces (and theirs) before its superclass
 *     &mdash; so a subclass inherits its parent's adapter;</li>
 * <li>the built-ins of {@link BuiltinAdapters};</li>
 * <li>otherwise {@code ProgrammingException("can't adapt type 'Foo'")}.</li>
 * </ol>
 * Steps 3–5 are resolved once per class and cached; registering or unregistering drops the cache.
 * Thread-safe: registrations are serialized, lookups take no lock.
 */
public final class Adaptation {
    private static final java.util.concurrent.locks.ReentrantLock LOCK = new java.util.concurrent.locks.ReentrantLock();
    private static volatile Map<Class<?>, Adapter<?>> registered = Map.of();
    private static volatile ClassValue<Function<Object, SqlQuote>> cache = newCache();
    private static volatile ClassValue<Boolean> customized = newCustomized();

    private Adaptation() {
    }

    /**
     * Registers an adapter for a class or interface (and, through lookup, its subtypes); replaces
     * a previous adapter of the same class.
     *
     * @param cls the type
     * @param adapter the adapter
     * @param <T> the type
     */
    public static <T> void register(Class<T> cls, Adapter<? super T> adapter) {
        Objects.requireNonNull(cls, "cls");
        Objects.requireNonNull(adapter, "adapter");
        LOCK.lock();
        try {
            Map<Class<?>, Adapter<?>> copy = new HashMap<>(registered);
            copy.put(cls, adapter);
            registered = Map.copyOf(copy);
            cache = newCache();
            customized = newCustomized();
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * Removes the adapter registered for exactly this class, if any; the built-in adapter (or a
     * registered parent's) applies again.
     *
     * @param cls the type
     */
    public static void unregister(Class<?> cls) {
        LOCK.lock();
        try {
            if (registered.containsKey(cls)) {
                Map<Class<?>, Adapter<?>> copy = new HashMap<>(registered);
                copy.remove(cls);
                registered = Map.copyOf(copy);
                cache = newCache();
            }
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * Adapts a value (psycopg2's {@code adapt()}).
     *
     * @param value the value; null gives {@link SqlNull#INSTANCE}
     * @return its SQL form, not yet prepared
     * @throws ProgrammingException when nothing adapts the value
     */
    public static SqlQuote adapt(Object value) {
        if (value == null) {
            return SqlNull.INSTANCE;
        }
        if (value instanceof Conformable c) {
            SqlQuote q = c.conform(SqlQuote.class);
            if (q != null) {
                return q;
            }
        }
        if (value instanceof SqlQuote q) {
            return q;
        }
        SqlQuote q = cache.get(value.getClass()).apply(value);
        if (q == null) {
            throw new ProgrammingException("the adapter of type '" + typeName(value.getClass()) + "' returned null");
        }
        return q;
    }

    /**
     * Adapts a value, prepares it for the connection when there is one, and returns its literal.
     *
     * @param value the value
     * @param conn the connection, or null (UTF-8, standard conforming strings)
     * @return the literal's bytes
     */
    public static byte[] quote(Object value, Connection conn) {
        return quote(value, conn, QuoteContext.of(conn));
    }

    /**
     * Adapts a value, prepares it for a context (and the connection, for user adapters) and
     * returns its literal.
     *
     * @param value the value
     * @param conn the connection, may be null
     * @param ctx the encoding and standard_conforming_strings to quote for
     * @return the literal's bytes
     */
    public static byte[] quote(Object value, Connection conn, QuoteContext ctx) {
        if (value == null) {
            return new byte[] {'N', 'U', 'L', 'L'};
        }
        SqlQuote q = adapt(value);
        ctx.prepare(q, conn);
        byte[] b = q.getQuoted();
        if (b == null) {
            throw new ProgrammingException("getQuoted() of " + q.getClass().getName() + " returned null");
        }
        return b;
    }

    /**
     * Whether values of a class are adapted by a registered adapter (theirs or a supertype's)
     * rather than a built-in one; server-side binding sends such values as literals.
     *
     * @param c the class
     * @return true when a registered adapter applies
     */
    public static boolean hasRegisteredAdapter(Class<?> c) {
        return !registered.isEmpty() && customized.get(c);
    }

    private static ClassValue<Boolean> newCustomized() {
        return new ClassValue<>() {
            @Override
            protected Boolean computeValue(Class<?> type) {
                Map<Class<?>, Adapter<?>> reg = registered;
                for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                    if (reg.containsKey(c) || interfaceAdapter(c, reg) != null) {
                        return true;
                    }
                }
                return false;
            }
        };
    }

    private static ClassValue<Function<Object, SqlQuote>> newCache() {
        return new ClassValue<>() {
            @Override
            protected Function<Object, SqlQuote> computeValue(Class<?> type) {
                return resolve(type);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Function<Object, SqlQuote> resolve(Class<?> type) {
        Map<Class<?>, Adapter<?>> reg = registered;
        if (!reg.isEmpty()) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                Adapter<Object> a = (Adapter<Object>) reg.get(c);
                if (a == null) {
                    a = (Adapter<Object>) interfaceAdapter(c, reg);
                }
                if (a != null) {
                    return a::adapt;
                }
            }
        }
        Function<Object, SqlQuote> builtin = BuiltinAdapters.forClass(type);
        if (builtin != null) {
            return builtin;
        }
        String name = typeName(type);
        return v -> {
            throw new ProgrammingException("can't adapt type '" + name + "'");
        };
    }

    /** The adapter of one of {@code c}'s interfaces, breadth first (direct ones before theirs). */
    private static Adapter<?> interfaceAdapter(Class<?> c, Map<Class<?>, Adapter<?>> reg) {
        ArrayDeque<Class<?>> queue = new ArrayDeque<>(java.util.List.of(c.getInterfaces()));
        Set<Class<?>> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            Class<?> i = queue.poll();
            if (!seen.add(i)) {
                continue;
            }
            Adapter<?> a = reg.get(i);
            if (a != null) {
                return a;
            }
            queue.addAll(java.util.List.of(i.getInterfaces()));
        }
        return null;
    }

    private static String typeName(Class<?> c) {
        String s = c.getSimpleName();
        return s.isEmpty() ? c.getName() : s;
    }
}
