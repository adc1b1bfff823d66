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

        /**
         * A server-bound statement as a cursor of this connection runs it: result columns in
         * binary where {@code allowed} accepts their type and the cursor's built-in typecaster
         * applies (a timestamptz only when Java knows the session time zone).
         *
         * @param cursor a {@code dev.greenwire.Cursor} of this connection
         * @param allowed the column types the caller decodes in binary
         * @param owner names the caller's choice of columns (compared with equals), so that a
         *              prepared statement's result formats are not shared with a caller, or a
         *              session state of the caller's, that allows other types
         * @return the operation, not submitted
         */
        ExtendedOp serverBound(Object cursor, byte[] sql, int[] types, short[] formats, byte[][] values, boolean sync,
                java.util.function.IntPredicate allowed, Object owner);

        /**
         * @param cursor a {@code dev.greenwire.Cursor} of this connection
         * @return the session time zone as its last server-bound statement resolved it, null when unknown
         */
        java.time.ZoneId sessionZone(Object cursor);
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
