package dev.greenwire.observe;

/** What happened to one of a pool's connections. */
public enum PoolConnectionChange {
    /** Opened and taken into service. */
    CREATED,
    /** Closed because it reached its maximum lifetime or stayed idle too long above the minimum size. */
    EXPIRED,
    /** Found broken (closed by the server, failing its check, given back unusable) and closed. */
    LOST,
    /** Closed by the pool: closing, draining, shrinking, or not wanted any more. */
    CLOSED
}
