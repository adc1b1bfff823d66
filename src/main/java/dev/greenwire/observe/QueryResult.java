package dev.greenwire.observe;

/**
 * How a statement ended.
 *
 * @param rows the rows the command tag reports (SELECT, INSERT, UPDATE, DELETE, MERGE, FETCH,
 *             COPY…), -1 when it reports none or the statement failed
 * @param sqlState the server's SQLSTATE when the statement failed with a server error, else null
 * @param error the exception the statement raised, or null; its message comes from the server
 *              and may quote values: record its class and SQLSTATE rather than its message
 * @param nanos from the statement's submission to its completion
 * @param wireNanos the part of {@code nanos} the driver spent inside {@code poll()} for it:
 *                  writing, reading, TLS and parsing; the rest was spent waiting for the
 *                  server (its work and the network) or queued behind earlier statements
 */
public record QueryResult(long rows, String sqlState, Throwable error, long nanos, long wireNanos) {
    /** @return true when the statement failed */
    public boolean failed() {
        return error != null;
    }
}
