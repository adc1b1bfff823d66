package dev.greenwire;

/**
 * Pipeline mode on a connection ({@link Connection#pipeline()}), psycopg 3's semantics:
 * statements are sent without waiting for each result; {@link #sync()} ends a block and waits
 * for its results; {@link #close()} syncs and leaves pipeline mode.
 */
public final class Pipeline implements AutoCloseable {
    private final Connection conn;
    private boolean closed;

    /** Opens the pipeline of {@code conn} (see {@link Connection#pipeline()}). */
    static Pipeline open(Connection conn) {
        conn.gate.enter();
        try {
            conn.gate.checkUsable();
            conn.gate.refuseAsync("pipeline");
            if (conn.s.pipeline != null) {
                throw new ProgrammingException("a pipeline is already open on this connection");
            }
            conn.s.pipeline = new Pipeline(conn);
            return conn.s.pipeline;
        } finally {
            conn.gate.exit();
        }
    }

    private Pipeline(Connection conn) {
        this.conn = conn;
    }

    /**
     * Ends the current block and waits for the results of every statement sent so far.
     *
     * @throws PgException the first error of the block (later statements of the block were
     *                     skipped by the server; their cursors raise {@link PipelineAbortedException})
     */
    public void sync() {
        conn.gate.enter();
        try {
            conn.gate.checkUsable();
            conn.await();
        } finally {
            conn.gate.exit();
        }
    }

    /** @return whether this pipeline was closed */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Syncs and leaves pipeline mode.
     *
     * @throws PgException the first error of the last block
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!conn.isClosed()) {
                sync();
            }
        } finally {
            conn.s.pipeline = null;
        }
    }
}
