package dev.greenwire;

/**
 * The statement was cancelled: by {@code Connection.cancel()}, a statement timeout, an interrupt, or a wait deadline (SQLSTATE 57014).
 */
public class QueryCanceledException extends OperationalException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. @param message what went wrong */
    public QueryCanceledException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. @param message what went wrong @param cause the underlying failure */
    public QueryCanceledException(String message, Throwable cause) {
        super(message, cause);
    }
}
