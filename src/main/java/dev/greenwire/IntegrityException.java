package dev.greenwire;

/**
 * The relational integrity of the database is affected: a foreign key, unique or check constraint failed (SQLSTATE class 23).
 */
public class IntegrityException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. @param message what went wrong */
    public IntegrityException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. @param message what went wrong @param cause the underlying failure */
    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
