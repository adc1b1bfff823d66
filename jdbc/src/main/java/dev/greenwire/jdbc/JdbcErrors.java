package dev.greenwire.jdbc;

import dev.greenwire.DataException;
import dev.greenwire.InterfaceException;
import dev.greenwire.OperationalException;
import dev.greenwire.PgException;
import dev.greenwire.QueryCanceledException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

/**
 * The core's exceptions as {@link SQLException}s: the server's SQLSTATE and message text kept,
 * the JDBC 4 subclass chosen where the SQLSTATE class settles it (23 integrity, 08
 * connection, 42 syntax or access rule, 22 data, 28 authorization, 40 rollback, 0A not
 * supported). A query cancelled or timed out is a plain {@code SQLException} with SQLSTATE
 * 57014, as pgjdbc reports it: pools (HikariCP) keep the connection, which is still usable.
 */
final class JdbcErrors {
    private JdbcErrors() {
    }

    /** SQLSTATE for a connection that is closed (by the user, or broken). */
    static final String CONNECTION_DOES_NOT_EXIST = "08003";
    /** SQLSTATE for a connection that broke. */
    static final String CONNECTION_FAILURE = "08006";

    /**
     * @param e the core's exception
     * @param connectionClosed whether the connection is closed now (a broken connection)
     * @return the JDBC exception for it
     */
    static SQLException of(PgException e, boolean connectionClosed) {
        String state = e.pgcode();
        String msg = e.getMessage();
        if (state == null) {
            if (e instanceof QueryCanceledException) {
                state = "57014";
            } else if (e instanceof InterfaceException && connectionClosed) {
                return new SQLNonTransientConnectionException(msg, CONNECTION_DOES_NOT_EXIST, e);
            } else if (e instanceof OperationalException && connectionClosed) {
                return new SQLNonTransientConnectionException(msg, CONNECTION_FAILURE, e);
            } else if (e instanceof DataException) {
                return new SQLDataException(msg, "22000", e);
            } else {
                return new SQLException(msg, (String) null, e);
            }
        }
        if (connectionClosed && !state.startsWith("08")) {
            // the server ended the session (57P01 administrator command, a FATAL error): the state is kept
            return new SQLNonTransientConnectionException(msg, state, e);
        }
        return forState(msg, state, e);
    }

    /** The exception class JDBC 4 names for {@code state}'s class, else {@code SQLException}. */
    static SQLException forState(String msg, String state, Throwable cause) {
        if (state == null || state.length() != 5) {
            return new SQLException(msg, state, cause);
        }
        String cls = state.substring(0, 2);
        return switch (cls) {
            case "23" -> new SQLIntegrityConstraintViolationException(msg, state, cause);
            case "08" -> switch (state) {
                // the attempt or the link failed, or the server turned us away: a retry may work
                case "08001", "08004", "08006" -> new SQLTransientConnectionException(msg, state, cause);
                default -> new SQLNonTransientConnectionException(msg, state, cause);
            };
            case "42" -> new SQLSyntaxErrorException(msg, state, cause);
            case "22" -> new SQLDataException(msg, state, cause);
            case "28" -> new SQLInvalidAuthorizationSpecException(msg, state, cause);
            case "40" -> new SQLTransactionRollbackException(msg, state, cause);
            case "0A" -> new SQLFeatureNotSupportedException(msg, state, cause);
            default -> new SQLException(msg, state, cause);
        };
    }

    /** @return the exception for a JDBC feature this driver does not have */
    static SQLFeatureNotSupportedException notSupported(String what) {
        return new SQLFeatureNotSupportedException(what + " is not supported by the Greenwire JDBC driver", "0A000");
    }

    /** @return the exception for use of a closed object */
    static SQLException closed(String what) {
        return new SQLException("this " + what + " is closed", "55000");
    }

    /** {@link java.sql.Wrapper#unwrap}: {@code self} when it is an {@code iface}, else an error naming it. */
    static <T> T unwrap(Object self, Class<T> iface) throws SQLException {
        if (iface != null && iface.isInstance(self)) {
            return iface.cast(self);
        }
        throw new SQLException(self.getClass().getSimpleName() + " is not a wrapper for "
                + (iface == null ? "null" : iface.getName()), "22023");
    }
}
