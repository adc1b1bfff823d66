package dev.greenwire;

import dev.greenwire.internal.types.PgEncodings;

/**
 * Transaction control and session settings: ending a transaction, the characteristics set
 * with setSession and the BEGIN that carries them, reset, the client encoding.
 */
final class SessionControl {
    private SessionControl() {
    }

    static void end(Connection c, String what, String sql) {
        c.gate.enter();
        try {
            c.gate.checkUsable();
            c.gate.refuseAsync(what);
            java.util.function.Supplier<Void> ending = () -> {
                c.drain();
                if (c.s.pipeline != null) {
                    c.await(); // end the pipeline block: its statements belong to this transaction
                }
                if (c.engine.txStatus() != TransactionStatus.IDLE) {
                    Submission.statement(c, sql);
                }
                return null;
            };
            if (sql.equals("ROLLBACK")) {
                // a rollback is the cleanup after an interrupted statement: an interrupt must not
                // stop it (it would leave the transaction open, for whoever uses the connection
                // next to commit); the interrupt is held back until it is done, then set again
                c.engine.deferringInterrupts(ending);
            } else {
                ending.get();
            }
        } finally {
            c.gate.exit();
        }
    }

    /**
     * Sets the session's transaction characteristics (null leaves one as is). Outside
     * autocommit they apply to the transactions the driver opens; in autocommit they are set
     * as the session's defaults.
     *
     * @param level the isolation level
     * @param readOnly read-only transactions
     * @param deferrable deferrable transactions
     * @param autocommit autocommit mode
     */
    static void setSession(Connection c, IsolationLevel level, Boolean readOnly, Boolean deferrable, Boolean autocommit) {
        c.gate.enter();
        try {
            c.gate.checkUsable();
            if (c.isAsync()) {
                if (autocommit != null && !autocommit) {
                    throw new ProgrammingException("autocommit cannot be used in asynchronous mode");
                }
                if (level != null || readOnly != null || deferrable != null) {
                    throw new ProgrammingException("set_session cannot be used in asynchronous mode");
                }
                return;
            }
            c.drain();
            if (c.engine.txStatus() != TransactionStatus.IDLE) {
                throw new ProgrammingException("set_session cannot be used inside a transaction");
            }
            boolean ac = autocommit != null ? autocommit : c.s.autocommit;
            if (ac) {
                if (level != null) {
                    Submission.statement(c, "SET default_transaction_isolation TO "
                            + (level == IsolationLevel.DEFAULT ? "DEFAULT" : "'" + level.sql().toLowerCase() + "'"));
                }
                if (readOnly != null) {
                    Submission.statement(c, "SET default_transaction_read_only TO " + (readOnly ? "on" : "off"));
                }
                if (deferrable != null) {
                    Submission.statement(c, "SET default_transaction_deferrable TO " + (deferrable ? "on" : "off"));
                }
            }
            if (level != null) {
                c.s.isolation = level;
            }
            if (readOnly != null) {
                c.s.readOnly = readOnly;
            }
            if (deferrable != null) {
                c.s.deferrable = deferrable;
            }
            c.s.autocommit = ac;
        } finally {
            c.gate.exit();
        }
    }

    /**
     * Returns the session to its defaults: rolls back, {@code RESET ALL}, and forgets the
     * characteristics set with {@link #setSession}.
     */
    static void reset(Connection c) {
        c.gate.enter();
        try {
            c.gate.checkUsable();
            c.gate.refuseAsync("reset");
            c.drain();
            if (c.engine.txStatus() != TransactionStatus.IDLE) {
                Submission.statement(c, "ROLLBACK");
            }
            Submission.statement(c, "RESET ALL");
            Submission.statement(c, "SET SESSION AUTHORIZATION DEFAULT");
            c.s.isolation = IsolationLevel.DEFAULT;
            c.s.readOnly = null;
            c.s.deferrable = null;
            c.s.autocommit = false;
        } finally {
            c.gate.exit();
        }
    }

    /**
     * Sets the client encoding (rolling back a transaction in progress, as psycopg2 does).
     *
     * @param encoding a PostgreSQL encoding name or alias
     */
    static void setClientEncoding(Connection c, String encoding) {
        c.gate.enter();
        try {
            c.gate.checkUsable();
            c.gate.refuseAsync("set_client_encoding");
            c.drain();
            String pg = PgEncodings.normalize(encoding);
            PgEncodings.charset(pg);
            if (c.engine.txStatus() != TransactionStatus.IDLE) {
                Submission.statement(c, "ROLLBACK");
            }
            Submission.statement(c, "SET client_encoding TO '" + pg + "'");
        } finally {
            c.gate.exit();
        }
    }

    static String beginStatement(Session s) {
        StringBuilder sb = new StringBuilder("BEGIN");
        if (s.isolation != IsolationLevel.DEFAULT) {
            sb.append(" ISOLATION LEVEL ").append(s.isolation.sql());
        }
        if (s.readOnly != null) {
            sb.append(s.readOnly ? " READ ONLY" : " READ WRITE");
        }
        if (s.deferrable != null) {
            sb.append(s.deferrable ? " DEFERRABLE" : " NOT DEFERRABLE");
        }
        return sb.toString();
    }

    /** @return PostgreSQL's version number of {@code server_version}: 150018 for "15.18", 90624 for "9.6.24"; 0 for null */
    static int versionNumber(String v) {
        if (v == null) {
            return 0;
        }
        String[] parts = v.split("[^0-9]+", 4);
        int major = parts.length > 0 && !parts[0].isEmpty() ? Integer.parseInt(parts[0]) : 0;
        int minor = parts.length > 1 && !parts[1].isEmpty() ? Integer.parseInt(parts[1]) : 0;
        if (major >= 10) {
            return major * 10000 + minor;
        }
        int patch = parts.length > 2 && !parts[2].isEmpty() ? Integer.parseInt(parts[2]) : 0;
        return major * 10000 + minor * 100 + patch;
    }

    /** @return the transaction status of {@code engine}: ACTIVE while an operation runs */
    static TransactionStatus status(dev.greenwire.internal.engine.Engine engine) {
        if (engine.isClosed()) {
            return TransactionStatus.UNKNOWN;
        }
        return engine.idle() ? engine.txStatus() : TransactionStatus.ACTIVE;
    }

    /** One round trip with an empty query (see {@link Connection#ping()}). */
    static void ping(Connection c) {
        c.gate.enter();
        try {
            c.gate.checkUsable();
            c.gate.refuseAsync("ping");
            c.drain();
            Submission.statement(c, "");
        } finally {
            c.gate.exit();
        }
    }
}
