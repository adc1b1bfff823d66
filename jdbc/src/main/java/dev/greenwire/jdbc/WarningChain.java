package dev.greenwire.jdbc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.SQLWarning;

/**
 * A chain of SQLWarnings added from any thread (the notices of a connection or a statement),
 * without a lock: the head is set by compare-and-set, and {@link SQLWarning#setNextWarning}
 * appends to the chain atomically itself. A warning added while another thread clears the
 * chain may go to the chain being cleared.
 */
final class WarningChain {
    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(WarningChain.class, "head", SQLWarning.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile SQLWarning head;

    void add(SQLWarning w) {
        for (;;) {
            SQLWarning h = head;
            if (h != null) {
                h.setNextWarning(w);
                return;
            }
            if (HEAD.compareAndSet(this, null, w)) {
                return;
            }
        }
    }

    SQLWarning get() {
        return head;
    }

    void clear() {
        head = null;
    }
}
