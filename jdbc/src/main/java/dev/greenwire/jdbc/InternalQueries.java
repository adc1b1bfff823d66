package dev.greenwire.jdbc;

import dev.greenwire.internal.engine.ExtendedOp;
import dev.greenwire.internal.engine.QueryOp;
import dev.greenwire.internal.engine.Result;
import java.sql.SQLException;
import java.util.List;

/** The driver's own statements on a connection (session queries, catalogue queries), outside JDBC's transactions. */
final class InternalQueries {
    private InternalQueries() {
    }

    /** Runs one of the driver's own statements, outside JDBC's transaction logic (no BEGIN). */
    static Result run(GwConnection conn, String sql) throws SQLException {
        return conn.exec(null, () -> {
            QueryOp op = conn.in.submit(new QueryOp(sql.getBytes(conn.engine.charset())));
            conn.in.await();
            return op.result();
        });
    }

    /**
     * Runs a catalogue query of the driver's own (no BEGIN) with text parameters and returns
     * its rows as Strings.
     */
    static List<String[]> rows(GwConnection conn, String sql, String... params) throws SQLException {
        return conn.exec(null, () -> {
            byte[][] values = new byte[params.length][];
            for (int i = 0; i < params.length; i++) {
                values[i] = params[i] == null ? null : params[i].getBytes(conn.engine.charset());
            }
            ExtendedOp op = conn.in.submit(new ExtendedOp(sql.getBytes(conn.engine.charset()), new int[params.length],
                    new short[params.length], values, true, null));
            conn.in.await();
            Result r = op.result();
            List<String[]> rows = new java.util.ArrayList<>();
            for (byte[] row : r.rows()) {
                rows.add(RowData.texts(row, conn.engine.charset()));
            }
            return rows;
        });
    }
}
