package dev.greenwire.observe;

/** How a request for a pooled connection ended. */
public enum PoolAcquireOutcome {
    /** A connection was lent. */
    ACQUIRED,
    /** None came within the timeout ({@code PoolTimeoutException}). */
    TIMEOUT,
    /** Refused at once: too many requests waiting ({@code TooManyRequestsException}). */
    REFUSED,
    /** The pool was closed ({@code PoolClosedException}). */
    CLOSED,
    /** The waiting thread was interrupted. */
    INTERRUPTED
}
