package dev.greenwire;

import dev.greenwire.internal.engine.QueryOp;
import dev.greenwire.internal.types.QueryFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The server side of a named cursor (psycopg2's {@code conn.cursor("name")}): DECLARE on the
 * first execute, FETCH for the fetch methods and iteration ({@code itersize} rows per round
 * trip), MOVE for scroll, CLOSE when the cursor closes. The rows fetched become the cursor's
 * current result.
 */
final class NamedCursor {
    private final Cursor cur;
    private final String name;
    private final boolean withHold;
    private final boolean scrollable;
    private boolean declared;
    /** Rows the server has moved past (FETCH and MOVE). */
    private long serverPosition;

    NamedCursor(Cursor cur, String name, boolean withHold, boolean scrollable) {
        this.cur = cur;
        this.name = name;
        this.withHold = withHold;
        this.scrollable = scrollable;
    }

    private String quotedName() {
        return Extensions.quoteIdent(name, cur.conn);
    }

    /** The first execute: DECLARE it (inside the transaction unless WITH HOLD). Called holding the connection. */
    Cursor declare(byte[] sql) {
        if (declared) {
            throw new ProgrammingException("can't call .execute() on named cursors more than once");
        }
        byte[] prefix = ("DECLARE " + quotedName() + (scrollable ? " SCROLL" : " NO SCROLL") + " CURSOR "
                + (withHold ? "WITH HOLD" : "WITHOUT HOLD") + " FOR ").getBytes(cur.conn.engine.charset());
        byte[] full = Arrays.copyOf(prefix, prefix.length + sql.length);
        System.arraycopy(sql, 0, full, prefix.length, sql.length);
        CurrentResult.clear(cur);
        cur.query = full;
        QueryOp op = StatementDispatch.query(cur, full);
        declared = true;
        serverPosition = 0;
        cur.statusMessage = op.result() == null ? null : op.result().tag();
        return cur;
    }

    /** FETCH FORWARD {@code count} ("ALL" too); the rows become the current result. */
    List<Row> fetch(String count) {
        cur.checkOpen();
        if (!declared) {
            throw new ProgrammingException("can't fetch from a named cursor before execute()");
        }
        QueryOp op = statement("FETCH FORWARD " + count + " FROM ");
        CurrentResult.take(cur, op.result());
        List<Row> out = new ArrayList<>(cur.rows.size());
        for (byte[] r : cur.rows) {
            out.add(new Row(cur.shape, r));
        }
        serverPosition += out.size();
        cur.rowNumber = (int) serverPosition;
        cur.rowCount = serverPosition;
        cur.rows = List.of();
        return out;
    }

    /** MOVE on the server (backwards needs a scrollable cursor: the server refuses otherwise). */
    void move(int value, boolean absolute) {
        statement(absolute ? "MOVE ABSOLUTE " + value + " FROM " : "MOVE " + value + " FROM ");
        serverPosition = absolute ? value : serverPosition + value;
        cur.rowNumber = (int) Math.max(0, serverPosition);
    }

    /** Iteration: {@code itersize} rows per FETCH; rowNumber counts the rows handed out, not the read-ahead. */
    Iterator<Row> iterator() {
        return new Iterator<>() {
            private List<Row> batch = List.of();
            private int i;
            /** The server position of the batch's first row. */
            private long batchStart;

            @Override
            public boolean hasNext() {
                if (i < batch.size()) {
                    return true;
                }
                if (cur.closed) {
                    return false;
                }
                batch = fetch(String.valueOf(cur.itersize()));
                batchStart = serverPosition - batch.size();
                i = 0;
                cur.rowNumber = (int) batchStart;
                return !batch.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = batch.get(i++);
                cur.rowNumber = (int) (batchStart + i);
                return r;
            }
        };
    }

    private QueryOp statement(String command) {
        cur.checkOpen();
        if (!declared) {
            throw new ProgrammingException("named cursor \"" + name + "\" has not been executed");
        }
        Connection conn = cur.conn;
        conn.gate.enter();
        try {
            conn.gate.checkUsable();
            return StatementDispatch.query(cur, (command + quotedName()).getBytes(conn.engine.charset()));
        } finally {
            conn.gate.exit();
        }
    }

    /** CLOSE on the server, when the cursor can still exist there. */
    void closeOnServer() {
        Connection conn = cur.conn;
        if (!declared || conn.isClosed() || !conn.engine.idle()) {
            return;
        }
        TransactionStatus tx = conn.engine.txStatus();
        if (tx == TransactionStatus.INERROR || (tx == TransactionStatus.IDLE && !withHold)) {
            return;
        }
        if (!conn.gate.tryEnter()) {
            return;
        }
        try {
            if (tx == TransactionStatus.IDLE) {
                byte[] check = QueryFormatter.format("SELECT 1 FROM pg_catalog.pg_cursors WHERE name = %s",
                        new Object[] {name}, conn);
                QueryOp exists = Submission.submit(conn, new QueryOp(check), false);
                conn.await();
                if (exists.result() == null || exists.result().rows().isEmpty()) {
                    return;
                }
            }
            Submission.statement(conn, "CLOSE " + quotedName());
        } finally {
            conn.gate.exit();
        }
    }

    /** psycopg2's refusals of named-cursor options for a client-side cursor. */
    static void refuseOptions(boolean withHold, boolean scrollable) {
        if (withHold) {
            throw new ProgrammingException("withhold=True can be specified only for named cursors");
        }
        if (scrollable) {
            throw new ProgrammingException("scrollable=True can be specified only for named cursors");
        }
    }

    /** A server-side cursor of {@code conn}, made by its cursor factory. */
    static Cursor create(Connection conn, String name, boolean withHold, boolean scrollable) {
        if (conn.isAsync()) {
            throw new ProgrammingException("asynchronous connections cannot produce named cursors");
        }
        if (name.isEmpty()) {
            throw new ProgrammingException("a named cursor needs a non-empty name");
        }
        CursorFactory<?> f = conn.options().cursorFactory();
        Cursor.Init init = new Cursor.Init(conn, name, withHold, scrollable);
        return f == null ? new Cursor(init) : f.create(init);
    }
}
