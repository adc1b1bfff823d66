package dev.greenwire;

/**
 * A problem with processed data: division by zero, a value out of range, bad input syntax (SQLSTATE class 22, DB-API DataError).
 */
public class DataException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. @param message what went wrong */
    public DataException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. @param message what went wrong @param cause the underlying failure */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
