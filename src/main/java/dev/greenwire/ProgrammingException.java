package dev.greenwire;

/**
 * A programming error: no such table, a syntax error, wrong argument counts, misuse of the API (classes 42, 26, 34, 3D, 3F; DB-API ProgrammingError).
 */
public class ProgrammingException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. @param message what went wrong */
    public ProgrammingException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. @param message what went wrong @param cause the underlying failure */
    public ProgrammingException(String message, Throwable cause) {
        super(message, cause);
    }
}
