package dev.greenwire.observe;

/**
 * A statement as observers see it.
 *
 * @param connection the connection it runs on
 * @param sql the statement as written, with its {@code %s}, {@code %(name)s} or {@code $n}
 *            placeholders: never with parameter values
 * @param binding how its arguments were sent
 * @param prepared whether it ran as a named prepared statement (server-side binding or a
 *                 pipeline, once the statement was used often enough)
 * @param driverStatement whether the driver issued it on its own (BEGIN, COMMIT, ROLLBACK,
 *                        SET, the empty statement of {@code ping()}) rather than a cursor
 */
public record QueryInfo(ConnectionInfo connection, String sql, Binding binding, boolean prepared,
                        boolean driverStatement) {
}
