package dev.greenwire;

/**
 * A feature the driver or the server does not support was requested (SQLSTATE class 0A; DB-API NotSupportedError).
 */
public class NotSupportedException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. @param message what went wrong */
    public NotSupportedException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. @param message what went wrong @param cause the underlying failure */
    public NotSupportedException(String message, Throwable cause) {
        super(message, cause);
    }
}
