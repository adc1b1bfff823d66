package dev.greenwire;

/** The connection's transaction status (psycopg2's {@code TRANSACTION_STATUS_*}). */
public enum TransactionStatus {
    /** Idle, outside a transaction. */
    IDLE,
    /** A command is in progress. */
    ACTIVE,
    /** Idle inside a valid transaction. */
    INTRANS,
    /** Idle inside a failed transaction: only ROLLBACK will be accepted. */
    INERROR,
    /** The connection is closed or broken. */
    UNKNOWN
}
