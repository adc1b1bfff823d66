package dev.greenwire.replication;

/** Thrown by a {@code consumeStream} consumer to end the stream (psycopg2's {@code StopReplication}). */
public class StopReplication extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the signal. */
    public StopReplication() {
        super("replication stopped by the consumer", null, false, false);
    }
}
