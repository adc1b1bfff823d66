package dev.greenwire;

/**
 * An error in the database's operation outside the programmer's control: lost connection, failed connect, out of resources (DB-API OperationalError).
 */
public class OperationalException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. @param message what went wrong */
    public OperationalException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. @param message what went wrong @param cause the underlying failure */
    public OperationalException(String message, Throwable cause) {
        super(message, cause);
    }
}
