package dev.greenwire;

/**
 * A statement of a pipeline was not run because an earlier statement of the same block (up to
 * the next sync) failed (psycopg 3's {@code PipelineAborted}).
 */
public class PipelineAbortedException extends OperationalException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened */
    public PipelineAbortedException(String message) {
        super(message);
    }
}
