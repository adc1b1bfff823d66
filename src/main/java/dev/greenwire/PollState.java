package dev.greenwire;

/**
 * What {@link Connection#poll()} reports: psycopg2's {@code POLL_OK}, {@code POLL_READ} and
 * {@code POLL_WRITE}. What psycopg2 reports as {@code POLL_ERROR} is a thrown exception.
 */
public enum PollState {
    /** The current operation is complete; results, if any, can be fetched. */
    OK,
    /** Wait until the connection's channel is readable, then poll again. */
    READ,
    /**
     * Wait until the connection's channel is writable (or, while the TCP connection is being
     * established, connectable: see {@code Waits.interestOps}), then poll again.
     */
    WRITE
}
