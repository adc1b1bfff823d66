package dev.greenwire.internal.engine;

import dev.greenwire.DataException;
import dev.greenwire.DatabaseException;
import dev.greenwire.Diagnostics;
import dev.greenwire.IntegrityException;
import dev.greenwire.InternalDatabaseException;
import dev.greenwire.NotSupportedException;
import dev.greenwire.OperationalException;
import dev.greenwire.PgException;
import dev.greenwire.ProgrammingException;
import dev.greenwire.QueryCanceledException;
import dev.greenwire.TransactionRollbackException;

/** Maps a server error to the DB-API exception class of its SQLSTATE, as psycopg2 does. */
public final class Errors {
    private Errors() {
    }

    /**
     * The one error for a message the protocol does not allow at that point.
     *
     * @param type the message type byte
     * @param during what the connection was doing, e.g. {@code "during a query"}
     * @return the exception to throw
     */
    public static dev.greenwire.OperationalException unexpected(char type, String during) {
        return new dev.greenwire.OperationalException("protocol error: unexpected message '" + type + "' " + during);
    }

    /** @return the exception for the server's error fields */
    public static PgException fromServer(Diagnostics d) {
        String msg = d.formatted();
        if (msg == null) {
            msg = "ERROR:  (the server sent no message)";
        }
        return forSqlstate(d.sqlstate(), msg).withDiagnostics(d);
    }

    /** @return a new exception of the class psycopg2 uses for {@code sqlstate} */
    public static PgException forSqlstate(String sqlstate, String msg) {
        if (sqlstate == null || sqlstate.length() != 5) {
            return new DatabaseException(msg);
        }
        char c0 = sqlstate.charAt(0);
        char c1 = sqlstate.charAt(1);
        switch (c0) {
            case '0':
                if (c1 == '8') {
                    return new OperationalException(msg);
                }
                if (c1 == 'A') {
                    return new NotSupportedException(msg);
                }
                break;
            case '2':
                switch (c1) {
                    case '0', '1': return new ProgrammingException(msg);
                    case '2': return new DataException(msg);
                    case '3': return new IntegrityException(msg);
                    case '4', '5', 'B', 'D', 'F': return new InternalDatabaseException(msg);
                    case '6', '7', '8': return new OperationalException(msg);
                    default: break;
                }
                break;
            case '3':
                switch (c1) {
                    case '4': return new OperationalException(msg);
                    case '8', '9', 'B': return new InternalDatabaseException(msg);
                    case 'D', 'F': return new ProgrammingException(msg);
                    default: break;
                }
                break;
            case '4':
                if (c1 == '0') {
                    return new TransactionRollbackException(msg);
                }
                if (c1 == '2' || c1 == '4') {
                    return new ProgrammingException(msg);
                }
                break;
            case '5':
                if (sqlstate.equals("57014")) {
                    return new QueryCanceledException(msg);
                }
                return new OperationalException(msg);
            case 'F', 'H':
                return new OperationalException(msg);
            case 'P', 'X':
                return new InternalDatabaseException(msg);
            default:
                break;
        }
        return new DatabaseException(msg);
    }
}
