package dev.greenwire.jdbc;

import dev.greenwire.PgException;
import dev.greenwire.internal.engine.QueryOp;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/** Connection.isValid: an empty query under the connection's lock, bounded by the timeout. */
final class Liveness {
    private Liveness() {
    }

    static boolean isValid(GwConnection conn, int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("isValid's timeout must not be negative, not " + timeout, "22023");
        }
        if (conn.closedFlag() || conn.green.isClosed()) {
            return false;
        }
        try {
            if (timeout == 0) {
                conn.lock.lock();
            } else if (!conn.lock.tryLock(timeout, TimeUnit.SECONDS)) {
                return false; // another thread holds it for longer than the timeout
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            conn.in.enter();
            long before = conn.engine.socketTimeoutNanos();
            try {
                conn.in.checkUsable();
                if (timeout > 0) {
                    long t = TimeUnit.SECONDS.toNanos(timeout);
                    conn.engine.socketTimeoutNanos(before == 0 ? t : Math.min(before, t));
                }
                conn.in.submit(new QueryOp(new byte[0]));
                conn.in.await();
                return true;
            } finally {
                conn.engine.socketTimeoutNanos(before);
                conn.in.exit();
            }
        } catch (PgException e) {
            conn.closedIfDead();
            return false;
        } finally {
            conn.lock.unlock();
        }
    }
}
