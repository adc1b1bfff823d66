package dev.greenwire;

import dev.greenwire.cast.TypeCaster;
import dev.greenwire.internal.engine.ExtendedOp;
import dev.greenwire.internal.engine.QueryOp;
import dev.greenwire.internal.types.BinaryCodec;
import dev.greenwire.internal.types.Binder;
import dev.greenwire.internal.types.Casters;
import dev.greenwire.internal.types.QueryFormatter;
import java.util.Map;
import java.util.Objects;

/**
 * How a cursor's statement reaches the connection: through the simple protocol (client-side
 * binding; a named cursor DECLAREs it), or through the extended protocol — server-side binding
 * ($n parameters, binary where it is faster, the statement cache, binary result columns where
 * the built-in typecaster applies) and every statement inside a pipeline.
 */
final class StatementDispatch {
    private StatementDispatch() {
    }

    /** Which result columns to read in binary: those whose typecaster is the built-in one. */
    static java.util.function.IntPredicate binaryColumns(Cursor c) {
        String tz = c.conn.engine.timeZone();
        if (!Objects.equals(tz, c.zoneName)) {
            c.zoneName = tz;
            c.zone = BinaryCodec.zone(tz);
        }
        java.time.ZoneId z = c.zone;
        Map<Integer, TypeCaster> mine = c.casters;
        return oid -> BinaryCodec.wantsBinary(oid, Casters.lookup(oid, mine, c.conn.casters), z);
    }

    static ExtendedOp op(Cursor c, Binder.Bound b, boolean sync) {
        long version = Casters.version();
        java.util.function.IntPredicate binary = binaryColumns(c);
        return new ExtendedOp(b.sql(), b.types(), b.formats(), b.values(), sync, binary,
                version == -1 ? -2 : version, c.zone);
    }

    private static Binder.Bound bound(Cursor c, String sql, Object[] positional, Map<String, ?> named) {
        if (positional == null && named == null) {
            return new Binder.Bound(c.encode(sql), new int[0], new short[0], new byte[0][]);
        }
        if (c.serverBinding) {
            return Binder.bind(sql, positional, named, c.conn);
        }
        byte[] text = positional != null ? QueryFormatter.format(sql, positional, c.conn) : QueryFormatter.format(sql, named, c.conn);
        return new Binder.Bound(text, new int[0], new short[0], new byte[0][]);
    }

    /** Names an extended statement for observers: as written, with how its arguments went. */
    private static ExtendedOp written(ExtendedOp op, Cursor c, String sql, boolean args) {
        op.writtenAs(sql, !args ? dev.greenwire.observe.Binding.NONE
                : c.serverBinding ? dev.greenwire.observe.Binding.SERVER : dev.greenwire.observe.Binding.CLIENT);
        return op;
    }

    static Cursor run(Cursor c, String sql, Object[] positional, Map<String, ?> named) {
        c.checkOpen();
        c.conn.gate.enter();
        try {
            c.conn.gate.checkUsable();
            c.conn.gate.checkAsyncIdle("execute");
            Binder.Bound b = bound(c, sql, positional, named);
            CurrentResult.clear(c);
            c.query = b.sql();
            Pipeline p = c.conn.s.pipeline;
            if (p != null) {
                c.pending = Submission.submit(c.conn, written(op(c, b, p.mode() == Pipeline.Mode.STATEMENTS), c, sql,
                        positional != null || named != null), true);
                c.pendingPipelined = true;
                return c;
            }
            boolean args = positional != null || named != null;
            ExtendedOp op = Submission.submit(c.conn, written(op(c, b, true), c, sql, args), true);
            if (c.conn.isAsync()) {
                c.pending = op;
                return c;
            }
            try {
                c.conn.await();
            } catch (PgException e) {
                if (!op.retryable() || !c.conn.autocommit()) {
                    throw e;
                }
                op = Submission.submit(c.conn, written(op(c, b, true), c, sql, args), true); // stale plan: once more
                c.conn.await();
            }
            CurrentResult.take(c, op.result());
        } finally {
            c.conn.gate.exit();
        }
        return c;
    }

    /** Submits a user query in the transaction and waits for it, unless the connection is async. */
    static QueryOp query(Cursor c, byte[] sql) {
        return query(c, new QueryOp(sql));
    }

    private static QueryOp query(Cursor c, QueryOp submitted) {
        QueryOp op = Submission.submit(c.conn, submitted, true);
        if (!c.conn.isAsync()) {
            c.conn.await();
        }
        return op;
    }

    /**
     * Runs {@code sql} through the simple protocol (a named cursor DECLAREs it); observers see
     * it as {@code written} (placeholders, never values).
     */
    static Cursor simple(Cursor c, byte[] sql, String what, String written, dev.greenwire.observe.Binding binding) {
        c.checkOpen();
        c.conn.gate.enter();
        try {
            c.conn.gate.checkUsable();
            c.conn.gate.checkAsyncIdle(what);
            if (c.name() != null) {
                return c.named.declare(sql);
            }
            CurrentResult.clear(c);
            c.query = sql;
            QueryOp op = query(c, new QueryOp(sql, written, binding));
            if (c.conn.isAsync()) {
                c.pending = op;
            } else {
                CurrentResult.take(c, op.result());
            }
        } finally {
            c.conn.gate.exit();
        }
        return c;
    }
}
