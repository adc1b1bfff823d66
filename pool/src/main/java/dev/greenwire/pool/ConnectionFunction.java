package dev.greenwire.pool;

import dev.greenwire.Connection;

/**
 * Work done with a borrowed connection by {@link ConnectionPool#withConnection}.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface ConnectionFunction<T> {
    /**
     * Does the work.
     *
     * @param conn the borrowed connection, valid until the function returns
     * @return the result
     * @throws Exception anything; the transaction is rolled back
     */
    T apply(Connection conn) throws Exception;
}
