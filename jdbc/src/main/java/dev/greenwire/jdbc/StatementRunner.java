package dev.greenwire.jdbc;

import dev.greenwire.PgException;
import dev.greenwire.PipelineAbortedException;
import dev.greenwire.internal.engine.ExtendedOp;
import dev.greenwire.internal.engine.MultiQueryOp;
import dev.greenwire.internal.engine.Result;
import java.sql.BatchUpdateException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The execution of a statement's units on the connection: extended or simple protocol, streamed, or as a batch pipeline. */
final class StatementRunner {
    private final GwStatement stmt;
    private final GwConnection conn;

    StatementRunner(GwStatement stmt) {
        this.stmt = stmt;
        this.conn = stmt.conn;
    }

    /** @return whether a result with rows may stream through a portal */
    private boolean streams(int units, boolean keys) {
        return units == 1 && stmt.fetchSize > 0 && stmt.rsType == ResultSet.TYPE_FORWARD_ONLY && !keys && !conn.autoCommitFlag();
    }

    private long deadline() {
        return stmt.queryTimeout > 0 ? Math.max(1, System.nanoTime() + TimeUnit.SECONDS.toNanos(stmt.queryTimeout)) : 0;
    }

    /** Runs {@code units} (one Sync for all) and keeps their results; rows of units with {@code keys} are generated keys. */
    void run(List<GwStatement.Unit> units) throws SQLException {
        stmt.checkOpen();
        stmt.results.close();
        stmt.clearWarningsQuietly();
        boolean keys = false;
        for (int i = 0; i < units.size(); i++) { // indexed: no iterator per execution
            keys |= units.get(i).keys();
        }
        boolean stream = streams(units.size(), keys);
        long deadline = deadline();
        String portal = stream ? conn.nextPortal() : "";
        int first = stream ? (int) (stmt.maxRows > 0 ? Math.min(stmt.fetchSize, stmt.maxRows) : stmt.fetchSize) : (int) Math.min(stmt.maxRows,
                Integer.MAX_VALUE);
        stmt.executing = true;
        try {
            List<ExtendedOp> ops = conn.exec(stmt, () -> {
                conn.beginIfNeeded();
                List<ExtendedOp> submitted = submitAll(units, stream, portal, first, deadline);
                try {
                    conn.in.await();
                } catch (PgException e) {
                    if (units.size() == 1 && submitted.get(0).retryable() && conn.autoCommitFlag()) {
                        submitted = submitAll(units, stream, portal, first, deadline); // a stale cached plan: once more
                        conn.in.await();
                    } else {
                        throw e;
                    }
                }
                return submitted;
            });
            if (ops.size() == 1) {
                stmt.results.set(List.of(outcome(ops.get(0), units.get(0), stream, portal, deadline)));
            } else {
                List<GwStatement.Outcome> out = new ArrayList<>(ops.size());
                for (int i = 0; i < ops.size(); i++) {
                    out.add(outcome(ops.get(i), units.get(i), stream, portal, deadline));
                }
                stmt.results.set(out);
            }
        } finally {
            stmt.executing = false;
        }
    }

    /** What a completed unit gave: rows (streamed on when suspended), an update count, or generated keys kept aside. */
    private GwStatement.Outcome outcome(ExtendedOp op, GwStatement.Unit u, boolean stream, String portal, long deadline) {
        Result r = op.result();
        if (r == null || r.isEmptyQuery()) {
            return new GwStatement.Outcome(null, List.of(), 0, null);
        }
        if (u.keys()) {
            stmt.results.addKeys(r);
            return new GwStatement.Outcome(null, List.of(), Math.max(0, r.rowCount()), null);
        }
        if (r.fields() != null) {
            GwResultSet.More more = stream && op.suspended() ? new PortalRows(stmt, portal, r.fields(), deadline,
                    stmt.maxRows > 0 ? stmt.maxRows - r.rows().size() : Long.MAX_VALUE) : null;
            return new GwStatement.Outcome(r.fields(), r.rows(), -1, more);
        }
        return new GwStatement.Outcome(null, List.of(), Math.max(0, r.rowCount()), null);
    }

    private List<ExtendedOp> submitAll(List<GwStatement.Unit> units, boolean stream, String portal, int first, long deadline) {
        boolean sync = units.size() == 1;
        List<ExtendedOp> submitted = sync ? null : new ArrayList<>(units.size());
        for (int i = 0; i < units.size(); i++) {
            GwStatement.Unit u = units.get(i);
            ExtendedOp op = conn.cfg.binaryTransfer && !u.keys()
                    ? conn.in.serverBound(conn.caster(), u.sql(), u.types(), u.formats(), u.values(), sync,
                            conn.binaryColumns, BinaryValues.owner(conn))
                    : new ExtendedOp(u.sql(), u.types(), u.formats(), u.values(), sync, null);
            observed(op, u);
            if (stream) {
                op.portal(portal, first);
            } else if (first > 0) {
                op.portal("", first);
            }
            if (deadline != 0) {
                op.cancelAt(deadline);
            }
            ExtendedOp queued = conn.in.submit(op);
            if (sync) {
                return List.of(queued);
            }
            submitted.add(queued);
        }
        return submitted;
    }

    /** Names the statement for the core's observers (JFR events, listeners, logs): its text, never its values. */
    private static void observed(ExtendedOp op, GwStatement.Unit u) {
        op.writtenAs(u.text(), u.types().length > 0 ? dev.greenwire.observe.Binding.SERVER
                : dev.greenwire.observe.Binding.NONE);
    }

    /** Runs several statements of one text through the simple protocol (the server splits them). */
    void runSimple(String sql) throws SQLException {
        stmt.checkOpen();
        stmt.results.close();
        stmt.clearWarningsQuietly();
        long deadline = deadline();
        stmt.executing = true;
        try {
            MultiQueryOp op = conn.exec(stmt, () -> {
                conn.beginIfNeeded();
                MultiQueryOp q = new MultiQueryOp(sql.getBytes(conn.engine.charset()));
                q.writtenAs(sql, dev.greenwire.observe.Binding.NONE);
                conn.in.submit(q);
                if (deadline != 0) {
                    q.cancelAt(deadline);
                }
                conn.in.await();
                return q;
            });
            List<GwStatement.Outcome> out = new ArrayList<>();
            for (Result r : op.results()) {
                if (r.isEmptyQuery()) {
                    continue;
                }
                if (r.fields() != null) {
                    List<byte[]> rows = r.rows();
                    if (stmt.maxRows > 0 && rows.size() > stmt.maxRows) {
                        rows = rows.subList(0, (int) stmt.maxRows);
                    }
                    out.add(new GwStatement.Outcome(r.fields(), rows, -1, null));
                } else {
                    out.add(new GwStatement.Outcome(null, List.of(), Math.max(0, r.rowCount()), null));
                }
            }
            if (out.isEmpty()) {
                out.add(new GwStatement.Outcome(null, List.of(), 0, null));
            }
            stmt.results.set(out);
        } finally {
            stmt.executing = false;
        }
    }

    /**
     * Runs a batch as one pipeline: every unit sent, one Sync, one round trip (the engine reads
     * while it writes, so a large batch never stalls). On failure, a BatchUpdateException with the
     * counts of the entries before the failing one.
     *
     * @param firstEntry the (first) batch entry of each unit
     * @param entryCount how many entries each unit carries (more than one for a rewritten multi-row INSERT,
     *                   whose entries count as Statement.SUCCESS_NO_INFO, as pgjdbc reports them)
     * @param entries how many entries
     * @param texts the entries' SQL for messages (or null)
     * @return the count of each entry
     */
    long[] runBatch(List<GwStatement.Unit> units, int[] firstEntry, int[] entryCount, int entries, List<String> texts)
            throws SQLException {
        stmt.results.close();
        stmt.clearWarningsQuietly();
        long deadline = deadline();
        List<ExtendedOp> ops = new ArrayList<>(units.size());
        stmt.executing = true;
        try {
            conn.exec(stmt, () -> {
                conn.beginIfNeeded();
                int n = 0;
                for (GwStatement.Unit u : units) {
                    ExtendedOp op = new ExtendedOp(u.sql(), u.types(), u.formats(), u.values(), false, null);
                    observed(op, u);
                    if (deadline != 0) {
                        op.cancelAt(deadline);
                    }
                    ops.add(conn.in.submit(op));
                    if (++n % 256 == 0) {
                        conn.engine.flushNow(); // start writing while the rest is encoded
                    }
                }
                conn.in.await();
                return null;
            });
        } catch (SQLException e) {
            throw batchFailure(e, ops, firstEntry, entryCount, texts);
        } finally {
            stmt.executing = false;
        }
        long[] counts = new long[entries];
        for (int i = 0; i < ops.size(); i++) {
            Result r = ops.get(i).result();
            if (r != null && r.fields() != null) {
                if (units.get(i).keys()) {
                    stmt.results.addKeys(r);
                } else {
                    throw new BatchUpdateException("batch entry " + firstEntry[i] + " returned a result set:"
                            + " a batch may only hold statements that return update counts", "0100E", 0,
                            GwStatement.toInts(java.util.Arrays.copyOf(counts, firstEntry[i])), null);
                }
            }
            count(counts, r, firstEntry[i], entryCount[i]);
        }
        return counts;
    }

    private static void count(long[] counts, Result r, int first, int n) {
        if (n == 1) {
            counts[first] = r == null ? 0 : Math.max(0, r.rowCount());
        } else {
            java.util.Arrays.fill(counts, first, first + n, Statement.SUCCESS_NO_INFO);
        }
    }

    private SQLException batchFailure(SQLException e, List<ExtendedOp> ops, int[] firstEntry, int[] entryCount,
                                      List<String> texts) {
        int failed = -1;
        int doneUpTo = 0;
        long[] counts = new long[firstEntry.length == 0 ? 0 : firstEntry[firstEntry.length - 1]
                + entryCount[entryCount.length - 1]];
        for (int i = 0; i < ops.size(); i++) {
            ExtendedOp op = ops.get(i);
            if (op.error() != null && !(op.error() instanceof PipelineAbortedException)) {
                failed = firstEntry[i];
                break;
            }
            if (op.error() != null || !op.isDone()) {
                break;
            }
            count(counts, op.result(), firstEntry[i], entryCount[i]);
            doneUpTo = firstEntry[i] + entryCount[i];
        }
        int upTo = failed >= 0 ? Math.min(failed, doneUpTo) : doneUpTo;
        long[] before = java.util.Arrays.copyOf(counts, upTo);
        String what = failed < 0 ? "the batch failed" : "batch entry " + failed
                + (texts != null && failed < texts.size() ? " (" + texts.get(failed) + ")" : "") + " failed";
        BatchUpdateException b = new BatchUpdateException(what + ": " + e.getMessage(), e.getSQLState(),
                e.getErrorCode(), GwStatement.toInts(before), e);
        b.setNextException(e);
        return b;
    }
}
