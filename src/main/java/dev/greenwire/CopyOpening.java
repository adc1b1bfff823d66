package dev.greenwire;

import dev.greenwire.internal.engine.CopyStreamOp;
import dev.greenwire.internal.types.PgEncodings;
import dev.greenwire.internal.types.QuoteContext;
import java.util.Objects;

/** Starts a {@link Copy}: checks the statement, learns its columns' types and submits it. */
final class CopyOpening {
    private CopyOpening() {
    }

    /** Starts the COPY: what {@link Cursor#copy(String)} does. */
    static Copy open(Cursor cur, String sql) {
        Objects.requireNonNull(sql, "sql");
        cur.checkOpen();
        if (cur.name() != null) {
            throw new ProgrammingException("copy() cannot be used with a named cursor");
        }
        Connection conn = cur.conn;
        conn.gate.enter();
        try {
            conn.gate.checkUsable();
            conn.gate.refuseAsync("copy()");
            if (conn.s.pipeline != null) {
                throw new NotSupportedException("COPY cannot be used in pipeline mode: close the pipeline first");
            }
            QuoteContext ctx = QuoteContext.of(conn);
            CopyStatement st = CopyStatement.parse(sql, ctx.standardConformingStrings());
            if (!st.isCopy || st.multiple) {
                throw new ProgrammingException("copy() takes one COPY … FROM STDIN or COPY … TO STDOUT statement"
                        + " (nothing was sent); other statements run with execute()");
            }
            if (!st.stdio) {
                throw new ProgrammingException("copy() takes COPY … FROM STDIN or COPY … TO STDOUT; a COPY with a"
                        + " server-side file or program runs with execute()");
            }
            if (st.encoding != null && st.problem == null) {
                try {
                    ctx = QuoteContext.of(PgEncodings.normalize(st.encoding), ctx.standardConformingStrings());
                } catch (NotSupportedException e) {
                    st.problem = "ENCODING '" + st.encoding + "': " + e.getMessage(); // write()/read() still work
                }
            }
            CurrentResult.clear(cur);
            byte[] q = cur.encode(sql);
            cur.lastQuery(q);
            CopyStreamOp op = describing(cur, st);
            op.writtenAs(sql, dev.greenwire.observe.Binding.NONE); // observed as a statement, as copyExpert's are
            Submission.submit(conn, op, true);
            conn.await();
            return new Copy(cur, st, op, ctx);
        } finally {
            conn.gate.exit();
        }
    }

    /**
     * The operation, learning the column types first when rows will need them: the server
     * describes (parses, without planning or running) the COPY's query, or
     * {@code SELECT <its columns> FROM <its table>}, in the same round trip as the COPY. A
     * description is free where a catalog query costs the server a plan (about 0.3 ms per
     * COPY, 1.5 ms on a new connection); its RowDescription gives each column's name and type,
     * a domain's base type already.
     */
    private static CopyStreamOp describing(Cursor cur, CopyStatement st) {
        byte[] q = cur.query;
        boolean wanted = st.problem == null && !st.format.equals("csv")
                && (st.direction == CopyStatement.Direction.TO || (st.direction == CopyStatement.Direction.FROM && st.binary()));
        if (wanted && st.query != null) {
            return new CopyStreamOp(q, cur.encode(st.query));
        }
        if (wanted && st.table != null) {
            StringBuilder sql = new StringBuilder("SELECT ");
            if (st.columns == null) {
                sql.append('*');
            } else {
                for (int i = 0; i < st.columns.size(); i++) {
                    sql.append(i == 0 ? "\"" : ", \"").append(st.columns.get(i).replace("\"", "\"\"")).append('"');
                }
            }
            return new CopyStreamOp(q, cur.encode(sql.append(" FROM ").append(st.quotedTable).toString()));
        }
        return new CopyStreamOp(q, null);
    }
}
