package dev.greenwire.adapt;

import dev.greenwire.Connection;
import dev.greenwire.internal.types.QuoteContext;

/**
 * The base of this package's quoters: they quote for a {@link QuoteContext} (client encoding,
 * {@code standard_conforming_strings}), taken from the connection by {@link #prepare(Connection)},
 * and {@link QuoteContext#DEFAULT} (UTF-8, on) when never prepared.
 */
abstract class QuoteBase implements SqlQuote {
    static {
        QuoteContext.installPreparer((q, ctx, conn) -> {
            if (q instanceof QuoteBase b) {
                b.prepare(ctx, conn);
                return true;
            }
            return false;
        });
    }

    QuoteContext ctx = QuoteContext.DEFAULT;
    Connection conn;

    QuoteBase() {
    }

    /**
     * Takes the connection's client encoding and {@code standard_conforming_strings} setting,
     * and passes the connection on to nested values.
     *
     * @param conn the connection
     */
    @Override
    public void prepare(Connection conn) {
        prepare(QuoteContext.of(conn), conn);
    }

    void prepare(QuoteContext context, Connection connection) {
        this.ctx = context;
        this.conn = connection;
    }

    /**
     * The SQL text of {@link #getQuoted()}.
     *
     * @return the literal, decoded from the context's encoding (a description when it cannot be quoted)
     */
    @Override
    public String toString() {
        try {
            return new String(getQuoted(), ctx.charset());
        } catch (RuntimeException e) {
            return getClass().getSimpleName() + "(unquotable: " + e.getMessage() + ")";
        }
    }
}
