package dev.greenwire.internal.engine;

import java.util.function.Function;

/** Lets the driver's own packages reach a connection's engine and its locking and waiting. */
public final class Access {
    /** What the driver's other packages may do with a connection. */
    public interface Internals {
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

        /** Submits an operation without waiting (after abandoned work has drained). */
        <T extends Op> T submit(T op);
    }

    /** Installed by {@code dev.greenwire.Connection}; typed Object so that this package does not depend on it. */
    private static volatile Function<Object, Internals> internals;
    private static final String CONNECTION = "dev.greenwire.Connection";

    private Access() {
    }

    /** Called once by {@code Connection}'s static initializer. @param f the accessor */
    public static void install(Function<Object, Internals> f) {
        internals = f;
    }

    /** @return the internals of {@code conn} */
    public static Internals of(Object conn) {
        Function<Object, Internals> f = internals;
        if (f == null) {
            try {
                Class.forName(CONNECTION, true, Access.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            f = internals;
        }
        return f.apply(conn);
    }

    /** @return the engine of {@code conn} */
    public static Engine engine(Object conn) {
        return of(conn).engine();
    }
}
