package dev.greenwire.pool;

import dev.greenwire.OperationalException;

/** The pool is closed: it hands out no more connections (psycopg_pool's {@code PoolClosed}). */
public class PoolClosedException extends OperationalException {
    /** @param message which pool, and what was asked of it */
    public PoolClosedException(String message) {
        super(message);
    }
}
