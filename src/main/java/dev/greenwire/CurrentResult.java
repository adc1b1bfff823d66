package dev.greenwire;

import dev.greenwire.cast.TypeCaster;
import dev.greenwire.internal.engine.CopyOp;
import dev.greenwire.internal.engine.ExtendedOp;
import dev.greenwire.internal.engine.Op;
import dev.greenwire.internal.engine.QueryOp;
import dev.greenwire.internal.engine.Result;
import dev.greenwire.internal.types.Casters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A cursor's current result: what a finished statement leaves (rows, description, status,
 * row count), the row shape reused while a prepared statement's columns, the typecasters and
 * the time zone stay the same, and the settling of async and pipelined statements.
 */
final class CurrentResult {
    private CurrentResult() {
    }

    private static Result resultOf(Op op) {
        return op instanceof QueryOp q ? q.result() : op instanceof ExtendedOp x ? x.result() : null;
    }

    static void take(Cursor c, Result r) {
        c.pending = null;
        if (r == null) {
            return;
        }
        if (r.isEmptyQuery()) {
            throw new ProgrammingException("can't execute an empty query");
        }
        c.statusMessage = r.tag();
        c.rowCount = r.rowCount();
        Result.Field[] fields = r.fields();
        if (fields == null) {
            return;
        }
        long version = Casters.version();
        RowShape cached = c.cachedShape;
        if (fields == c.shapeFields && version == c.shapeVersion && cached != null && cached.zone == c.zone
                && cached.charset == c.conn.engine.charset()) {
            // a prepared statement's same columns, typecasters and zone: the same description and shape
            c.shape = cached;
            c.description = cached.columns;
            c.rows = r.rows();
            if (c.rowCount < 0) {
                c.rowCount = c.rows.size();
            }
            return;
        }
        c.shapeFields = fields;
        c.shapeVersion = version;
        List<Column> cols = new ArrayList<>(fields.length);
        TypeCaster[] tcs = new TypeCaster[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Result.Field f = fields[i];
            cols.add(column(f));
            tcs[i] = Casters.lookup(f.typeOid(), c.casters, c.conn.casters);
        }
        c.description = Collections.unmodifiableList(cols);
        boolean[] binary = null;
        int[] oids = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            oids[i] = fields[i].typeOid();
            if (fields[i].format() == 1) {
                if (binary == null) {
                    binary = new boolean[fields.length];
                }
                binary[i] = true;
            }
        }
        c.shape = new RowShape(c.description, tcs, c.conn.engine.charset(), c, binary, oids, c.zone);
        c.cachedShape = c.shape;
        c.rows = r.rows();
        if (c.rowCount < 0) {
            c.rowCount = c.rows.size();
        }
    }

    private static Column column(Result.Field f) {
        Integer precision = null;
        Integer scale = null;
        if (f.typeOid() == 1700 && f.typeMod() >= 4) {
            precision = ((f.typeMod() - 4) >> 16) & 0xffff;
            scale = (f.typeMod() - 4) & 0xffff;
        }
        Integer internal = f.typeLen();
        if (f.typeLen() < 0 && (f.typeOid() == 1043 || f.typeOid() == 1042) && f.typeMod() >= 4) {
            internal = f.typeMod() - 4;
        }
        return new Column(f.name(), f.typeOid(), null, internal, precision, scale, null,
                f.tableOid() == 0 ? null : Integer.toUnsignedLong(f.tableOid()),
                f.tableColumn() == 0 ? null : f.tableColumn());
    }

    /** Adopts the results of an async query once the connection's poll() reported OK. */
    static void finishPending(Cursor c, String what) {
        c.checkOpen();
        CopyOp cp = c.pendingCopy;
        if (cp != null && cp.isDone()) {
            if (cp.error() == null) {
                CopySupport.takeResult(c, cp);
            }
            c.pendingCopy = null;
        }
        Op op = c.pending;
        if (op != null) {
            if (!op.isDone() && c.conn.s.pipeline != null && !c.conn.isAsync()) {
                c.conn.s.pipeline.sync(); // the result is wanted: end the block and wait for it
            }
            if (!op.isDone()) {
                throw new ProgrammingException(what + " cannot be used while an asynchronous query is underway");
            }
            if (op.error() != null) {
                c.pending = null;
                if (op.error() instanceof PipelineAbortedException || c.pendingPipelined || c.conn.s.pipeline != null) {
                    throw op.error();
                }
                return;
            }
            take(c, resultOf(op));
        }
    }

    /** Forgets the cursor's result before a new statement. */
    static void clear(Cursor c) {
        c.pending = null;
        c.pendingPipelined = false;
        c.pendingCopy = null;
        c.description = null;
        c.shape = null;
        c.rows = List.of();
        c.rowNumber = 0;
        c.rowCount = -1;
        c.statusMessage = null;
    }

    private static void needResults(Cursor c, String what) {
        finishPending(c, what);
        if (c.shape == null) {
            throw new ProgrammingException("no results to fetch");
        }
    }

    /** The next {@code size} rows at most of a client-side cursor's result. */
    static List<Row> fetch(Cursor c, int size, String what) {
        needResults(c, what);
        int end = (int) Math.min(c.rows.size(), (long) c.rowNumber + Math.max(0, size));
        List<Row> out = new ArrayList<>(Math.max(0, end - c.rowNumber));
        while (c.rowNumber < end) {
            out.add(new Row(c.shape, c.rows.get(c.rowNumber++)));
        }
        return out;
    }

    /** Iterates over the remaining rows of a client-side cursor's result. */
    static java.util.Iterator<Row> iterator(Cursor c) {
        needResults(c, "iteration");
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return !c.isClosed() && c.rowNumber < c.rows.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return new Row(c.shape, c.rows.get(c.rowNumber++));
            }
        };
    }

    /** Moves in a client-side cursor's result. */
    static void scroll(Cursor c, int value, boolean absolute) {
        needResults(c, "scroll");
        long target = absolute ? value : (long) c.rowNumber + value;
        if (target < 0 || target >= c.rows.size()) {
            throw new ProgrammingException("scroll destination out of bounds");
        }
        c.rowNumber = (int) target;
    }
}
