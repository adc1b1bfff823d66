package dev.greenwire.internal.engine;

import java.util.function.Function;

/**
 * How the driver's public packages other than {@code dev.greenwire} ({@code replication},
 * {@code extras}) reach a connection's engine, gate and waiting, which {@code Connection}
 * keeps package-private: Java has no friend packages, so {@code Connection} installs a
 * function here once (the JDK's "shared secrets" pattern). It is typed {@code Object} so that
 * the engine does not depend on {@code Connection}; the internal packages do not use it.
 */
public final class ConnectionAccess {
    /** What the driver's other public packages may do with a connection. */
    public interface Controls {
        /** @return the engine */
        Engine engine();

        /** Takes the connection for this thread or fails at once. */
        void enter();

        /** Releases it. */
        void exit();

        /** Fails when the connection cannot take a new operation. */
        void checkUsable();

        /** Waits through the wait callback until the operations complete or a stream yields. */
        void await();

        /**
         * Submits an operation outside the user's transaction, without waiting.
         *
         * @param op the operation
         * @param <T> its type
         * @return {@code op}
         */
        <T extends Op> T submit(T op);
    }

    private static volatile Function<Object, Controls> controls;
    private static final String CONNECTION = "dev.greenwire.Connection";

    private ConnectionAccess() {
    }

    /** Called once by {@code Connection}'s static initializer. @param f makes a connection's controls */
    public static void install(Function<Object, Controls> f) {
        controls = f;
    }

    /** @param conn a {@code dev.greenwire.Connection} @return its controls */
    public static Controls of(Object conn) {
        Function<Object, Controls> f = controls;
        if (f == null) {
            try {
                Class.forName(CONNECTION, true, ConnectionAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            f = controls;
        }
        return f.apply(conn);
    }

    /** @param conn a {@code dev.greenwire.Connection} @return its engine */
    public static Engine engine(Object conn) {
        return of(conn).engine();
    }
}
