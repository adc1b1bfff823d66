package dev.greenwire.adapt;

/**
 * An object that knows how to adapt itself (psycopg2's {@code __conform__}); checked before any
 * registered adapter.
 */
public interface Conformable {
    /**
     * Returns this object's SQL form for the protocol asked for.
     *
     * @param protocol the protocol, {@code SqlQuote.class} for query parameters
     * @return the adapted value, or null to decline (lookup continues with the registered adapters)
     */
    SqlQuote conform(Class<?> protocol);
}
