package dev.greenwire.pool;

import dev.greenwire.OperationalException;

/**
 * A borrower was refused at once because {@code maxWaiting} requests were already queued
 * (psycopg_pool's {@code TooManyRequests}).
 */
public class TooManyRequestsException extends OperationalException {
    /** @param message which pool, and its queue limit */
    public TooManyRequestsException(String message) {
        super(message);
    }
}
