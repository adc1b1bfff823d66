package dev.greenwire;

/**
 * The root of Greenwire's exceptions (DB-API {@code Error}); all of them are unchecked.
 *
 * <p>An exception raised for an error the server reported carries the server's
 * {@link #pgcode() SQLSTATE}, its {@link #pgerror() message} and the full
 * {@link #diag() diagnostics}; one raised by the driver itself has none of them.
 */
public class PgException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private transient Diagnostics diag;

    /** Creates the exception with a message. @param message what went wrong */
    public PgException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. @param message what went wrong @param cause the underlying failure */
    public PgException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The server's SQLSTATE, such as {@code "23505"}, or null when the error did not come from the server.
     *
     * @return the five-character SQLSTATE or null
     */
    public String pgcode() {
        return diag == null ? null : diag.sqlstate();
    }

    /**
     * The server's error text as libpq formats it ({@code "ERROR:  relation \"x\" does not exist"}
     * plus detail and hint lines), or null when the error did not come from the server.
     *
     * @return the error text or null
     */
    public String pgerror() {
        return diag == null ? null : diag.formatted();
    }

    /**
     * All the fields the server sent with the error; an empty {@link Diagnostics} (every getter null)
     * when the error did not come from the server.
     *
     * @return the diagnostics, never null
     */
    public Diagnostics diag() {
        return diag == null ? Diagnostics.EMPTY : diag;
    }

    /**
     * Attaches the server's diagnostics; used by the driver when it raises a server error.
     *
     * @param diagnostics the fields the server sent
     * @return this exception
     */
    public PgException withDiagnostics(Diagnostics diagnostics) {
        this.diag = diagnostics;
        return this;
    }
}
