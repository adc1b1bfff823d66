package dev.greenwire.pool;

import dev.greenwire.OperationalException;

/** No connection became available within the timeout (psycopg_pool's {@code PoolTimeout}). */
public class PoolTimeoutException extends OperationalException {
    /** @param message what timed out, and the pool's state */
    public PoolTimeoutException(String message) {
        super(message);
    }
}
