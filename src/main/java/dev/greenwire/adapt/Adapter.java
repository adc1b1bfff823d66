package dev.greenwire.adapt;

/**
 * Turns a Java object into a {@link SqlQuote} (psycopg2's adapter functions), registered with
 * {@code Extensions.registerAdapter(Class, Adapter)}.
 *
 * @param <T> the type adapted
 */
@FunctionalInterface
public interface Adapter<T> {
    /**
     * Adapts one value.
     *
     * @param value the value, never null
     * @return its SQL form
     */
    SqlQuote adapt(T value);
}
