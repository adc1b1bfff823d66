package dev.greenwire.adapt;

import dev.greenwire.Connection;

/**
 * A value ready to be put in a query as a SQL literal (psycopg2's {@code ISQLQuote}).
 * What {@link #getQuoted()} returns is inserted verbatim in the query text.
 */
public interface SqlQuote {
    /**
     * The SQL representation, in the connection's client encoding once {@link #prepare} has run.
     *
     * @return the literal's bytes
     */
    byte[] getQuoted();

    /**
     * Gives the adapter the connection the query will run on, so that it can honour the
     * client encoding and {@code standard_conforming_strings}. Called before {@link #getQuoted()}
     * when a connection is known.
     *
     * @param conn the connection
     */
    default void prepare(Connection conn) {
    }
}
