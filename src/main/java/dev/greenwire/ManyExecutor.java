package dev.greenwire;

import dev.greenwire.internal.engine.ExtendedOp;
import dev.greenwire.internal.engine.QueryOp;
import dev.greenwire.internal.engine.Result;
import dev.greenwire.internal.engine.SyncOp;
import dev.greenwire.internal.types.Binder;
import dev.greenwire.internal.types.QueryFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Cursor#executeMany}: statements are sent in batches without waiting for each reply.
 * Client-side binding sends a simple Query per argument set (one at a time in autocommit, so
 * that an error stops the rest as in psycopg2); server-side binding sends Bind/Execute per set
 * and one Sync per batch. With either binding a one-row {@code INSERT … VALUES (…)} goes as
 * multi-row INSERTs of up to 128 rows; with client-side binding, when every placeholder of its
 * row stands alone (maybe cast), their values are bound as parameters of their literals' types
 * (the server reads the same values) so that the statement is planned once, not per batch.
 */
final class ManyExecutor {
    /** Statements sent per round trip. */
    private static final int BATCH_STATEMENTS = 500;
    private static final int BATCH_BYTES = 64 * 1024;
    /** {@code INSERT … VALUES (…)} with nothing after the row: many rows per statement are possible. */
    private static final Pattern INSERT_VALUES = Pattern.compile(
            "(?is)\\s*INSERT\\s+INTO\\s+[^;]+?\\s+VALUES\\s*(\\(.*\\))\\s*;?\\s*");
    /** Rows per rewritten statement (pgjdbc's reWriteBatchedInserts uses up to 128 as well). */
    private static final int ROWS_PER_INSERT = 128;

    private final Cursor cursor;
    private final Connection conn;

    ManyExecutor(Cursor cursor, Connection conn) {
        this.cursor = cursor;
        this.conn = conn;
    }

    /** An argument set as positional arguments (Object[] or List) or named ones (Map). */
    private record Args(Object[] positional, Map<String, ?> named) {
        @SuppressWarnings("unchecked")
        static Args of(Object args) {
            if (args instanceof Object[] a) {
                return new Args(a, null);
            }
            if (args instanceof List<?> l) {
                return new Args(l.toArray(), null);
            }
            if (args instanceof Map<?, ?> m) {
                return new Args(null, (Map<String, ?>) m);
            }
            throw new ProgrammingException("executeMany: each argument set must be an Object[], a List or a Map, not "
                    + (args == null ? "null" : args.getClass().getSimpleName()));
        }
    }

    private static long rowCount(Result r) {
        return r == null ? -1 : r.rowCount();
    }

    /**
     * Client-side binding: a simple Query per argument set — or, for a one-row
     * {@code INSERT … VALUES (…)} with positional arguments, multi-row INSERTs of up to
     * {@value #ROWS_PER_INSERT} rows (psycopg2's {@code execute_values}, pgjdbc's
     * reWriteBatchedInserts), bound with the literals' types when each placeholder is a value
     * alone ({@link Binder#bindAsLiterals}); in autocommit one statement at a time, so that an
     * error stops the rest. @return the summed row count, or -1
     */
    long simple(String sql, Iterable<?> argsSeq) {
        MultiRow multi = multiRow(sql);
        if (multi != null && multi.valuesAlone()) {
            // every placeholder a value of its own: bound with its literal's type, so that the
            // statement is planned once (prepared after the threshold) instead of per batch
            return multiRowBound(multi, argsSeq, true);
        }
        SimpleBatch batch = new SimpleBatch();
        if (multi != null) {
            multi.forEachStatement(argsSeq, (text, flat) -> batch.send(QueryFormatter.format(text, flat, conn), text));
        } else {
            for (Object args : argsSeq) {
                Args a = Args.of(args);
                batch.send(a.positional() != null ? QueryFormatter.format(sql, a.positional(), conn)
                        : QueryFormatter.format(sql, a.named(), conn), sql);
            }
        }
        return batch.finish();
    }

    /** Simple Queries sent as they come, waited for every batch (one at a time in autocommit). */
    private final class SimpleBatch {
        private final long[] total = {0, 0};
        private final List<QueryOp> ops = new ArrayList<>();
        private int bytes;

        void send(byte[] q, String written) {
            cursor.lastQuery(q);
            ops.add(Submission.submit(conn, new QueryOp(q, written, dev.greenwire.observe.Binding.CLIENT), true));
            bytes += q.length;
            // in autocommit one at a time, so that an error stops the rest as in psycopg2
            // 512 KiB per round trip, as the bound path: the server then parses while we send
            if (conn.autocommit() || ops.size() >= BATCH_STATEMENTS || bytes >= 8 * BATCH_BYTES) {
                conn.await();
                countQueries(ops, total);
                bytes = 0;
            }
        }

        long finish() {
            if (!ops.isEmpty()) {
                conn.await();
                countQueries(ops, total);
            }
            return total[1] > 0 ? total[0] : -1;
        }
    }

    private static void countQueries(List<QueryOp> batch, long[] total) {
        for (QueryOp op : batch) {
            long rc = rowCount(op.result());
            if (rc >= 0) {
                total[0] += rc;
                total[1]++;
            }
        }
        batch.clear();
    }

    /**
     * Server-side binding: Bind/Execute per argument set (the statement parsed once, prepared
     * after the threshold) and one Sync per batch, so that a batch is one round trip; an error
     * aborts the rest of its batch, which is one implicit transaction in autocommit mode.
     *
     * @return the summed row count, or -1
     */
    long extended(String sql, Iterable<?> argsSeq) {
        long rewritten = rewritten(sql, argsSeq);
        if (rewritten != -2) {
            return rewritten;
        }
        Batch batch = new Batch(BATCH_BYTES);
        for (Object args : argsSeq) {
            Args a = Args.of(args);
            batch.add(Binder.bind(sql, a.positional(), a.named(), conn), sql, false);
        }
        batch.flush();
        return batch.counted > 0 ? batch.total : -1;
    }

    /** Extended-protocol statements sent without Sync, synced every {@code maxBytes}. */
    private final class Batch {
        private final int maxBytes;
        private final List<ExtendedOp> ops = new ArrayList<>();
        private int bytes;
        long total;
        int counted;

        Batch(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        /** Sends one statement ({@code written}: as observers see it), flushing when {@code last} or full. */
        void add(Binder.Bound b, String written, boolean last) {
            cursor.lastQuery(b.sql());
            ExtendedOp op = cursor.extendedOp(b, false);
            op.writtenAs(written, dev.greenwire.observe.Binding.SERVER);
            ops.add(Submission.submit(conn, op, true));
            bytes += b.sql().length + 16 * b.values().length;
            if (ops.size() >= BATCH_STATEMENTS || bytes >= maxBytes || last) {
                flush();
            }
        }

        void flush() {
            if (ops.isEmpty()) {
                return;
            }
            Submission.submit(conn, new SyncOp(), false);
            conn.await();
            for (ExtendedOp x : ops) {
                long rc = rowCount(x.result());
                if (rc >= 0) {
                    total += rc;
                    counted++;
                }
            }
            ops.clear();
            bytes = 0;
        }
    }

    /**
     * The VALUES group of a single-row {@code INSERT … VALUES (…)} whose only placeholders are in
     * that group, or null.
     */
    static String valuesGroup(String sql) {
        Matcher m = INSERT_VALUES.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        String group = m.group(1);
        int depth = 0;
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            if (c == '\'' || c == '"' || c == '$' || c == '-' || c == '/') {
                return null; // quotes, dollar quotes or comments: leave such statements alone
            }
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0 && i != group.length() - 1) {
                return null; // more than one group, or something after it
            }
        }
        String head = sql.substring(0, m.start(1));
        return head.indexOf('%') < 0 ? group : null;
    }

    /** One value of a VALUES group: {@code %s}, maybe cast ({@code ::float8}, {@code ::numeric(10, 2)[]}). */
    private static final Pattern LONE_VALUE = Pattern.compile(
            "\\s*%s(\\s*::\\s*[A-Za-z_][\\w.]*(\\s+[A-Za-z_]\\w*)*\\s*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?(\\s*\\[\\s*\\])*)*\\s*");

    /** A one-row INSERT whose argument sets go as multi-row statements of up to {@value #ROWS_PER_INSERT} rows. */
    private record MultiRow(String head, String group, int perRow) {
        /**
         * Whether each item of the group is a placeholder alone, maybe cast: then a parameter
         * typed as the literal would be reads the same as the literal.
         */
        boolean valuesAlone() {
            int depth = 0;
            int start = 1;
            for (int i = 1; i < group.length(); i++) {
                char c = group.charAt(i);
                if (depth == 0 && (c == ',' || i == group.length() - 1)) {
                    if (!LONE_VALUE.matcher(group.substring(start, i)).matches()) {
                        return false;
                    }
                    start = i + 1;
                }
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
            return true;
        }

        /**
         * Streams the argument sets as multi-row statements: {@code each} gets the text and the
         * flattened arguments of each (the last one may have fewer rows).
         */
        void forEachStatement(Iterable<?> argsSeq, java.util.function.BiConsumer<String, Object[]> each) {
            int perStatement = Math.max(1, Math.min(ROWS_PER_INSERT, 32767 / perRow));
            List<Object[]> rows = new ArrayList<>(perStatement);
            for (Object args : argsSeq) {
                Args a = Args.of(args);
                if (a.positional() == null) {
                    throw new ProgrammingException("%s placeholders need positional arguments, not a Map");
                }
                if (a.positional().length != perRow) {
                    throw new ProgrammingException(a.positional().length < perRow
                            ? "not enough arguments for format string"
                            : "not all arguments converted during string formatting");
                }
                rows.add(a.positional());
                if (rows.size() == perStatement) {
                    emit(rows, each);
                }
            }
            if (!rows.isEmpty()) {
                emit(rows, each);
            }
        }

        private void emit(List<Object[]> rows, java.util.function.BiConsumer<String, Object[]> each) {
            int n = rows.size();
            StringBuilder text = new StringBuilder(head.length() + n * (group.length() + 2)).append(head);
            Object[] flat = new Object[n * perRow];
            for (int r = 0; r < n; r++) {
                text.append(r == 0 ? "" : ", ").append(group);
                System.arraycopy(rows.get(r), 0, flat, r * perRow, perRow);
            }
            rows.clear();
            each.accept(text.toString(), flat);
        }
    }

    /** The multi-row form of a one-row {@code INSERT … VALUES (…)} with {@code %s} placeholders, or null. */
    private static MultiRow multiRow(String sql) {
        String group = valuesGroup(sql);
        if (group == null) {
            return null;
        }
        int perRow = 0;
        for (int i = group.indexOf("%s"); i >= 0; i = group.indexOf("%s", i + 2)) {
            perRow++;
        }
        if (perRow == 0 || group.contains("%(") || group.contains("%%")) {
            return null;
        }
        return new MultiRow(sql.substring(0, sql.lastIndexOf(group)), group, perRow);
    }

    /**
     * A one-row INSERT with positional arguments, sent as multi-row INSERTs of up to
     * {@value #ROWS_PER_INSERT} rows (as pgjdbc's reWriteBatchedInserts), each bound on the server.
     *
     * @return the rows inserted (-1 for no argument sets), or -2 when the statement is not such an INSERT
     */
    private long rewritten(String sql, Iterable<?> argsSeq) {
        MultiRow multi = multiRow(sql);
        return multi == null ? -2 : multiRowBound(multi, argsSeq, false);
    }

    /**
     * Sends the multi-row statements bound, synced every 512 KiB — with the literals' types for
     * client-side binding, which in autocommit also syncs and waits after each statement, so that
     * an error stops the rest. @return the rows inserted, or -1 for no argument sets
     */
    private long multiRowBound(MultiRow multi, Iterable<?> argsSeq, boolean asLiterals) {
        boolean each = asLiterals && conn.autocommit();
        Batch batch = new Batch(8 * BATCH_BYTES);
        multi.forEachStatement(argsSeq, (text, flat) -> batch.add(asLiterals ? Binder.bindAsLiterals(text, flat, conn)
                : Binder.bind(text, flat, null, conn), text, each));
        batch.flush();
        return batch.counted > 0 ? batch.total : -1;
    }
}
