package dev.greenwire.jdbc;

import dev.greenwire.internal.engine.PortalOp;
import dev.greenwire.internal.engine.Result;
import java.sql.SQLException;
import java.util.List;

/** The rows after the first batch of a streamed result: Execute on the portal, a batch per round trip. */
final class PortalRows implements GwResultSet.More {
    private final GwStatement stmt;
    private final GwConnection conn;
    private final String portal;
    private final Result.Field[] fields;
    private final long deadline;
    private long left;
    private boolean suspended = true;

    PortalRows(GwStatement stmt, String portal, Result.Field[] fields, long deadline, long left) {
        this.stmt = stmt;
        this.conn = stmt.conn;
        this.portal = portal;
        this.fields = fields;
        this.deadline = deadline;
        this.left = left;
    }

    @Override
    public boolean hasMore() {
        return suspended && left > 0;
    }

    @Override
    public List<byte[]> next(int size) throws SQLException {
        int n = (int) Math.min(size > 0 ? size : Integer.MAX_VALUE, left);
        PortalOp op = conn.exec(stmt, () -> {
            PortalOp p = conn.in.submit(PortalOp.fetch(portal, n, fields));
            if (deadline != 0) {
                p.cancelAt(deadline);
            }
            conn.in.await();
            return p;
        });
        suspended = op.suspended();
        List<byte[]> rows = op.result() == null ? List.of() : op.result().rows();
        left -= rows.size();
        return rows;
    }

    @Override
    public void close() throws SQLException {
        if (!suspended || conn.isClosed()) {
            return;
        }
        suspended = false;
        if (conn.engine.txStatus() != dev.greenwire.TransactionStatus.INTRANS) {
            return; // the transaction ended (or failed): the server dropped the portal with it
        }
        conn.exec(null, () -> {
            conn.in.submit(PortalOp.close(portal));
            conn.in.await();
            return null;
        });
    }
}
