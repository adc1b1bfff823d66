package dev.greenwire.jdbc;

import dev.greenwire.IsolationLevel;
import dev.greenwire.PgException;
import dev.greenwire.TransactionStatus;
import dev.greenwire.internal.engine.QueryOp;
import dev.greenwire.internal.engine.Result;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/** A connection's transaction control: autocommit, JDBC's BEGIN/COMMIT/ROLLBACK, savepoints, isolation, read-only. */
final class TransactionControl {
    private static final byte[] BEGIN = "BEGIN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROLLBACK = "ROLLBACK".getBytes(StandardCharsets.US_ASCII);

    private final GwConnection conn;
    private boolean autoCommit = true;
    private boolean readOnly;
    private int savepoints;
    private int defaultIsolation = -1;

    TransactionControl(GwConnection conn) {
        this.conn = conn;
    }

    /** Queues a BEGIN when JDBC's transaction must be opened (inside {@link GwConnection#exec}). */
    void beginIfNeeded() {
        if (!autoCommit && conn.engine.txStatus() == TransactionStatus.IDLE) {
            conn.in.submit(new QueryOp(BEGIN));
        }
    }

    /** @return JDBC's autocommit setting (no checks: for the statements) */
    boolean autoCommitFlag() {
        return autoCommit;
    }

    void setAutoCommit(boolean on) throws SQLException {
        conn.checkOpen();
        if (on == autoCommit) {
            return;
        }
        if (on && conn.inTransaction()) {
            commitNow();
        }
        autoCommit = on;
    }

    boolean getAutoCommit() throws SQLException {
        conn.checkOpen();
        return autoCommit;
    }

    void commit() throws SQLException {
        conn.checkOpen();
        if (autoCommit) {
            throw new SQLException("cannot commit when autoCommit is enabled", "25P01");
        }
        commitNow();
    }

    private void commitNow() throws SQLException {
        conn.exec(null, () -> {
            if (conn.inTransaction()) {
                conn.in.submit(new QueryOp(COMMIT));
                conn.in.await();
            }
            return null;
        });
    }

    void rollback() throws SQLException {
        conn.checkOpen();
        if (autoCommit) {
            throw new SQLException("cannot roll back when autoCommit is enabled", "25P01");
        }
        rollbackNow();
    }

    private void rollbackNow() throws SQLException {
        rollingBack(ROLLBACK, true);
    }

    /**
     * Runs a ROLLBACK (or ROLLBACK TO SAVEPOINT) that an interrupt of this thread cannot stop:
     * it is the cleanup after an interrupted statement (HikariCP's rollback when the
     * connection is given back, a catch block's), and an interrupted one would leave the
     * transaction open on a connection that goes back to the pool, for the next borrower to
     * commit. The interrupt is held back until the rollback is done, then set again.
     */
    private void rollingBack(byte[] sql, boolean onlyInTransaction) throws SQLException {
        conn.exec(null, () -> conn.engine.deferringInterrupts(() -> {
            conn.in.await(); // what an interrupted statement left in flight ends first
            if (!onlyInTransaction || conn.inTransaction()) {
                conn.in.submit(new QueryOp(sql));
                conn.in.await();
            }
            return null;
        }));
    }

    Savepoint setSavepoint() throws SQLException {
        return newSavepoint(null);
    }

    Savepoint setSavepoint(String name) throws SQLException {
        if (name == null || name.isEmpty()) {
            throw new SQLException("a named savepoint needs a non-empty name", "22023");
        }
        return newSavepoint(name);
    }

    private Savepoint newSavepoint(String name) throws SQLException {
        conn.checkOpen();
        if (autoCommit) {
            throw new SQLException("cannot set a savepoint in autoCommit mode", "25P01");
        }
        GwSavepoint sp = new GwSavepoint(name == null ? ++savepoints : 0, name);
        conn.exec(null, () -> {
            beginIfNeeded();
            conn.in.submit(new QueryOp(("SAVEPOINT " + sp.sqlName()).getBytes(conn.engine.charset())));
            conn.in.await();
            return null;
        });
        return sp;
    }

    void rollback(Savepoint savepoint) throws SQLException {
        GwSavepoint sp = savepoint(savepoint);
        rollingBack(("ROLLBACK TO SAVEPOINT " + sp.sqlName()).getBytes(conn.engine.charset()), false);
    }

    void releaseSavepoint(Savepoint savepoint) throws SQLException {
        GwSavepoint sp = savepoint(savepoint);
        conn.exec(null, () -> {
            conn.in.submit(new QueryOp(("RELEASE SAVEPOINT " + sp.sqlName()).getBytes(conn.engine.charset())));
            conn.in.await();
            return null;
        });
        sp.released = true;
    }

    private GwSavepoint savepoint(Savepoint s) throws SQLException {
        conn.checkOpen();
        if (!(s instanceof GwSavepoint sp)) {
            throw new SQLException("not a savepoint of this driver: " + s, "3B001");
        }
        if (sp.released) {
            throw new SQLException("the savepoint " + sp.sqlName() + " was released", "3B001");
        }
        if (autoCommit) {
            throw new SQLException("cannot use a savepoint in autoCommit mode", "25P01");
        }
        return sp;
    }

    void setTransactionIsolation(int level) throws SQLException {
        conn.checkOpen();
        IsolationLevel l = switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED -> IsolationLevel.READ_UNCOMMITTED;
            case Connection.TRANSACTION_READ_COMMITTED -> IsolationLevel.READ_COMMITTED;
            case Connection.TRANSACTION_REPEATABLE_READ -> IsolationLevel.REPEATABLE_READ;
            case Connection.TRANSACTION_SERIALIZABLE -> IsolationLevel.SERIALIZABLE;
            case Connection.TRANSACTION_NONE -> throw new SQLException("PostgreSQL always has transactions: Connection.TRANSACTION_NONE"
                    + " cannot be set", "0A000");
            default -> throw new SQLException("unknown transaction isolation level " + level, "22023");
        };
        if (l == conn.green.isolationLevel()) {
            return;
        }
        greenCall("transaction isolation level", () -> conn.green.setSession(l, null, null, null));
    }

    /** Runs a green connection method that changes the session, refused inside a transaction. */
    private void greenCall(String what, Runnable r) throws SQLException {
        conn.lock.lock();
        try {
            conn.checkOpen();
            if (conn.inTransaction()) {
                throw new SQLException("cannot change the " + what + " in the middle of a transaction", "25001");
            }
            r.run();
        } catch (PgException e) {
            throw conn.error(e);
        } finally {
            conn.lock.unlock();
        }
    }

    int getTransactionIsolation() throws SQLException {
        conn.checkOpen();
        IsolationLevel l = conn.green.isolationLevel();
        if (l == IsolationLevel.DEFAULT) {
            if (defaultIsolation < 0) {
                Result r = conn.internal("SHOW default_transaction_isolation");
                String v = RowData.texts(r.rows().get(0), conn.engine.charset())[0];
                defaultIsolation = isolation(v);
            }
            return defaultIsolation;
        }
        return switch (l) {
            case READ_UNCOMMITTED -> Connection.TRANSACTION_READ_UNCOMMITTED;
            case REPEATABLE_READ -> Connection.TRANSACTION_REPEATABLE_READ;
            case SERIALIZABLE -> Connection.TRANSACTION_SERIALIZABLE;
            default -> Connection.TRANSACTION_READ_COMMITTED;
        };
    }

    private static int isolation(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "read uncommitted" -> Connection.TRANSACTION_READ_UNCOMMITTED;
            case "repeatable read" -> Connection.TRANSACTION_REPEATABLE_READ;
            case "serializable" -> Connection.TRANSACTION_SERIALIZABLE;
            default -> Connection.TRANSACTION_READ_COMMITTED;
        };
    }

    void setReadOnly(boolean on) throws SQLException {
        conn.checkOpen();
        if (on == readOnly) {
            return;
        }
        greenCall("read-only property", () -> conn.green.setSession(null, on, null, null));
        readOnly = on;
    }

    boolean isReadOnly() throws SQLException {
        conn.checkOpen();
        return readOnly;
    }
}
