package dev.greenwire.internal.engine;

/** What giving up on the operations in flight ({@link Engine#abandon()}) did with them. */
public enum AbandonOutcome {
    /** Nothing of them had been sent: they were dropped. */
    UNSENT,
    /** They finished from what had already arrived (or none was in flight). */
    FINISHED,
    /** They still ran: a cancel request went to the server, and the next wait drains them. */
    CANCELLED,
    /** The connection is closed (or had to be: it was not set up yet). */
    CLOSED
}
