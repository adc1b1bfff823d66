package dev.greenwire;

import dev.greenwire.internal.engine.ConnectOp;
import dev.greenwire.internal.engine.Op;
import dev.greenwire.internal.engine.QueryOp;
import java.nio.charset.StandardCharsets;

/** Submitting: the one way work (the user's statements and the driver's own) reaches a connection's engine. */
final class Submission {
    private Submission() {
    }

    /** Connects a new connection (called by {@link Pg}): waits unless it is async. */
    static void connect(Connection c) {
        submit(c, new ConnectOp(c.s.info), false);
        if (!c.isAsync()) {
            try {
                c.await();
            } catch (RuntimeException | Error e) {
                c.engine.close();
                throw e;
            }
        }
    }

    /**
     * Submits {@code op}: finishes abandoned work first, sends a BEGIN first
     * when {@code inTransaction} and one must be opened (DB-API: not in autocommit, no
     * transaction open or being opened), queues {@code op}, and on an async connection starts
     * writing it (as PQsendQuery + PQflush). It does not wait: {@link Connection#await()} does.
     *
     * @param op the work
     * @param inTransaction whether the work belongs in the user's transaction (the driver's own
     *                      statements — COMMIT, SET, CLOSE — and replication streams do not)
     * @return {@code op}
     */
    static <T extends Op> T submit(Connection c, T op, boolean inTransaction) {
        c.drain();
        if (inTransaction) {
            // a BEGIN whose answer is not read yet has opened the transaction already
            boolean beginInFlight = c.s.begin != null && !c.s.begin.isDone();
            if (!c.s.autocommit && c.engine.txStatus() == TransactionStatus.IDLE && !beginInFlight) {
                c.s.begin = c.engine.submit(QueryOp.driver(SessionControl.beginStatement(c.s), StandardCharsets.US_ASCII));
            }
        }
        T submitted = c.engine.submit(op);
        if (c.isAsync()) {
            c.engine.flushNow(); // the statement starts without a poll()
        }
        return submitted;
    }

    /** Runs a statement of the driver's own (COMMIT, SET…) outside the transaction logic and waits for it. */
    static QueryOp statement(Connection c, String sql) {
        QueryOp op = submit(c, QueryOp.driver(sql, c.engine.charset()), false);
        c.await();
        return op;
    }
}
