package dev.greenwire;

/**
 * An error related to the database (DB-API {@code DatabaseError}); the parent of the classes
 * the server's SQLSTATE codes map to.
 */
public class DatabaseException extends PgException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. @param message what went wrong */
    public DatabaseException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. @param message what went wrong @param cause the underlying failure */
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
