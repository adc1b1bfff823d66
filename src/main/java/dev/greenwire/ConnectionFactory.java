package dev.greenwire;

/**
 * Makes the {@link Connection} object {@link Pg#connect} returns, so that a subclass can be
 * used: {@code Pg.connect(dsn, LoggingConnection::new)}.
 *
 * @param <C> the connection class
 */
@FunctionalInterface
public interface ConnectionFactory<C extends Connection> {
    /**
     * Creates the connection object; it is connected after this returns.
     *
     * @param init what the driver passes to {@code Connection}'s constructor
     * @return the new connection
     */
    C create(Connection.Init init);
}
