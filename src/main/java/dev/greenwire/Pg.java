package dev.greenwire;

import dev.greenwire.internal.conninfo.ConnInfo;
import dev.greenwire.internal.engine.EngineConfig;
import dev.greenwire.internal.engine.Engine;
import java.util.Objects;

/**
 * Opens connections (psycopg2's {@code connect()}).
 *
 * <pre>{@code
 * try (Connection conn = Pg.connect("host=localhost dbname=test user=app")) {
 *     Cursor cur = conn.cursor();
 *     cur.execute("SELECT %s + %s", 1, 2);
 *     System.out.println(cur.fetchOne().get(0));   // 3
 *     conn.commit();
 * }
 * }</pre>
 *
 * <p>The DSN is a libpq connection string ({@code "host=… dbname=…"}) or URI
 * ({@code "postgresql://user@host/db"}); libpq's environment variables (PGHOST, PGPORT,
 * PGUSER, PGPASSWORD, PGDATABASE…) and password file ({@code ~/.pgpass}) apply as in libpq.
 */
public final class Pg {
    private Pg() {
    }

    /**
     * Connects with default options.
     *
     * @param dsn a libpq connection string or URI (may be empty: everything from the environment)
     * @return the open connection
     * @throws OperationalException when the server cannot be reached or refuses the connection
     * @throws ProgrammingException when the DSN is invalid
     */
    public static Connection connect(String dsn) {
        return connect(dsn, ConnectOptions.defaults());
    }

    /**
     * Connects with options. With {@code async(true)} this returns at once and the caller
     * drives {@link Connection#poll()}; connection errors then come from {@code poll()}.
     *
     * @param dsn a libpq connection string or URI
     * @param options parameters, async mode, factories, wait callback
     * @return the connection
     */
    public static Connection connect(String dsn, ConnectOptions options) {
        Objects.requireNonNull(options, "options");
        ConnectionFactory<? extends Connection> f = options.connectionFactory();
        if (f == null) {
            return open(dsn, options, Connection::new);
        }
        return open(dsn, options, f);
    }

    /**
     * Connects and returns a connection made by {@code factory}:
     * {@code Pg.connect(dsn, LoggingConnection::new)}.
     *
     * @param dsn a libpq connection string or URI
     * @param factory makes the connection object
     * @param <C> the connection class
     * @return the connection
     */
    public static <C extends Connection> C connect(String dsn, ConnectionFactory<C> factory) {
        Objects.requireNonNull(factory, "factory");
        return open(dsn, ConnectOptions.defaults(), factory);
    }

    private static <C extends Connection> C open(String dsn, ConnectOptions options, ConnectionFactory<C> factory) {
        ConnInfo info = ConnInfo.resolve(dsn == null ? "" : dsn, options.params(), System.getenv(), options.timeZone());
        EngineConfig base = EngineConfig.of(info);
        EngineConfig config = new EngineConfig(info, base.maxFrame(), options.scramMaxIterations(),
                base.cancelTimeoutMillis(), options.socketTimeout() == null ? 0 : options.socketTimeout().toNanos(),
                options.prepareThreshold(), options.preparedMax(), options.listener(), options.logParameterValues());
        Engine engine = new Engine(config);
        C conn = factory.create(new Connection.Init(engine, options, info));
        if (conn == null) {
            throw new InterfaceException("the connection factory returned null");
        }
        Submission.connect(conn);
        return conn;
    }
}
