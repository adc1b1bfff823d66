package dev.greenwire.observe;

/**
 * A live view of a connection pool for observers (gauges read it when they are collected).
 * Implemented by {@code greenwire-pool}.
 */
public interface PoolInfo {
    /** @return the pool's name */
    String name();

    /** @return the connections open now, in use and idle (connections being opened not counted) */
    int size();

    /** @return the idle connections */
    int idle();

    /** @return the connections lent out now */
    default int used() {
        return Math.max(0, size() - idle());
    }

    /** @return the borrowers waiting for a connection */
    int pending();

    /** @return the smallest size the pool keeps */
    int minSize();

    /** @return the largest size the pool grows to */
    int maxSize();
}
