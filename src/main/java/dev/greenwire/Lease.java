package dev.greenwire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/** The state of one lease (Connection.lease): its action, and whether it has ended. */
final class Lease {
    final Consumer<? super Connection> onEnd;
    final String owner;
    volatile boolean ended;
    /** Set once by the first end(), so that the action runs once. */
    @SuppressWarnings("unused") // through ENDING
    private volatile boolean ending;
    private static final VarHandle ENDING;

    static {
        try {
            ENDING = MethodHandles.lookup().findVarHandle(Lease.class, "ending", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Lease(Consumer<? super Connection> onEnd, String owner) {
        this.onEnd = onEnd;
        this.owner = owner;
    }

    /** Makes a lease of {@code conn} with its factory (see {@link Connection#lease}). */
    static Connection open(Connection conn, Consumer<? super Connection> onEnd, String owner) {
        java.util.Objects.requireNonNull(onEnd, "onEnd");
        if (conn.isLease()) {
            throw new ProgrammingException("a lease cannot be leased again: lease the connection itself");
        }
        conn.gate.checkOpen();
        Connection.Init init = Connection.Init.lease(conn, new Lease(onEnd, owner));
        ConnectionFactory<?> f = conn.options().connectionFactory();
        Connection c = f == null ? new Connection(init) : f.create(init);
        if (c == null || c.s != conn.s) {
            throw new InterfaceException("the connection factory did not make a lease of this connection"
                    + " (it must pass its Init to super)");
        }
        return c;
    }

    void end(Connection c) {
        if (!ENDING.compareAndSet(this, false, true)) {
            return;
        }
        try {
            Pipeline p = c.s.pipeline;
            if (p != null && !c.engine.isClosed() && c.s.lock.tryLock()) {
                try {
                    p.close();
                } catch (RuntimeException e) {
                    // the error stays in the session's state (failed transaction), which the owner sees
                } finally {
                    c.s.pipeline = null;
                    c.s.lock.unlock();
                }
            }
        } finally {
            ended = true;
            onEnd.accept(c);
        }
    }
}
