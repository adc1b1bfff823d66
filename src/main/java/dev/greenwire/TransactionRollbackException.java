package dev.greenwire;

/**
 * The transaction was rolled back by the server: serialization failure or deadlock (SQLSTATE class 40).
 */
public class TransactionRollbackException extends OperationalException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. @param message what went wrong */
    public TransactionRollbackException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. @param message what went wrong @param cause the underlying failure */
    public TransactionRollbackException(String message, Throwable cause) {
        super(message, cause);
    }
}
