package dev.greenwire.internal.engine;

import dev.greenwire.Connection;
import java.util.function.Function;

/** Lets the driver's own packages reach a connection's engine without a public accessor. */
public final class Access {
    private static volatile Function<Connection, PgConn> engines;

    private Access() {
    }

    /** Called once by {@code Connection}'s static initializer. @param f the accessor */
    public static void install(Function<Connection, PgConn> f) {
        engines = f;
    }

    /** @return the engine of {@code conn} */
    public static PgConn engine(Connection conn) {
        Function<Connection, PgConn> f = engines;
        if (f == null) {
            try {
                Class.forName(Connection.class.getName(), true, Connection.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            f = engines;
        }
        return f.apply(conn);
    }
}
