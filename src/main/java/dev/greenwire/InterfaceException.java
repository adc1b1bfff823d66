package dev.greenwire;

/**
 * An error in the driver's use or in the driver itself rather than in the database (DB-API InterfaceError).
 */
public class InterfaceException extends PgException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. @param message what went wrong */
    public InterfaceException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. @param message what went wrong @param cause the underlying failure */
    public InterfaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
