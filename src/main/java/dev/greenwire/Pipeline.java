package dev.greenwire;

/**
 * Pipeline mode on a connection ({@link Connection#pipeline()}), psycopg 3's semantics:
 * statements are sent without waiting for each result; {@link #sync()} ends a block and waits
 * for its results; {@link #close()} syncs and leaves pipeline mode.
 */
public final class Pipeline implements AutoCloseable {
    /** Where the pipeline puts the protocol's Sync messages, which end error scopes. */
    public enum Mode {
        /**
         * psycopg 3's pipeline: one Sync per block ({@link #sync()}, or when results are
         * wanted); a failing statement makes the server skip the rest of its block.
         */
        BLOCKS,
        /**
         * A Sync after every statement: each is its own error scope and, in autocommit, its own
         * implicit transaction, so one statement's error never touches another. Still no wait
         * between statements: what a multiplexer needs.
         */
        STATEMENTS
    }

    private final Connection conn;
    private final Mode mode;
    private boolean closed;

    /** Opens the pipeline of {@code conn} (see {@link Connection#pipeline()}). */
    static Pipeline open(Connection conn, Mode mode) {
        conn.gate.enter();
        try {
            conn.gate.checkUsable();
            conn.gate.refuseAsync("pipeline");
            if (conn.s.pipeline != null) {
                throw new ProgrammingException("a pipeline is already open on this connection");
            }
            conn.s.pipeline = new Pipeline(conn, java.util.Objects.requireNonNull(mode, "mode"));
            return conn.s.pipeline;
        } finally {
            conn.gate.exit();
        }
    }

    private Pipeline(Connection conn, Mode mode) {
        this.conn = conn;
        this.mode = mode;
    }

    /** @return where this pipeline puts its Syncs */
    public Mode mode() {
        return mode;
    }

    /**
     * Ends the current block and waits for the results of every statement sent so far.
     *
     * @throws PgException the first error of the block (later statements of the block were
     *                     skipped by the server; their cursors raise {@link PipelineAbortedException});
     *                     in {@link Mode#STATEMENTS} the first failed statement's error, each
     *                     cursor raising its own
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
