package dev.greenwire;

/**
 * The database hit an internal error: an invalid cursor or transaction state, an internal error (classes 24, 25, 2D, XX; DB-API InternalError).
 */
public class InternalDatabaseException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. @param message what went wrong */
    public InternalDatabaseException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. @param message what went wrong @param cause the underlying failure */
    public InternalDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
