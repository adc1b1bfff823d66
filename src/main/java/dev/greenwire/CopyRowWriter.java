package dev.greenwire;

import dev.greenwire.internal.engine.CopyStreamOp;
import dev.greenwire.internal.types.ByteBuf;
import dev.greenwire.internal.types.CopyBinary;
import dev.greenwire.internal.types.CopyText;
import dev.greenwire.internal.types.QuoteContext;

/** The writing side of a {@link Copy} FROM STDIN: rows adapted to the format, gathered in chunks and sent. */
final class CopyRowWriter {
    /** Rows are sent in chunks of about this size. */
    private static final int CHUNK = 64 * 1024;

    private final Copy copy;
    private final Connection conn;
    private final CopyStatement statement;
    private final CopyStreamOp op;
    private final boolean binary;
    private final QuoteContext ctx;
    private final byte delimiter;
    private final byte[] nullMarker;
    private final boolean customNull;

    private final ByteBuf buf = new ByteBuf(CHUNK + 1024);
    private CopyBinary.FieldWriter[] writers;
    private boolean headerWritten;
    private boolean rawWritten;

    CopyRowWriter(Copy copy) {
        this.copy = copy;
        this.conn = copy.conn;
        this.statement = copy.statement;
        this.op = copy.op;
        this.binary = copy.binary;
        this.ctx = copy.ctx;
        this.delimiter = copy.delimiter;
        this.nullMarker = copy.nullMarker;
        this.customNull = copy.customNull;
    }

    /** {@link Copy#writeRow}, once the COPY is known to take rows. */
    void writeRow(Object[] row) {
        int n = op.columnCount();
        if (row.length != n) {
            throw copy.fail(new ProgrammingException("writeRow() got " + row.length + " value" + (row.length == 1 ? "" : "s")
                    + " for a COPY of " + n + " column" + (n == 1 ? "" : "s")));
        }
        if (binary) {
            CopyBinary.FieldWriter[] w = writers();
            if (!headerWritten && !rawWritten) {
                CopyBinary.header(buf);
                headerWritten = true;
            }
            int mark = buf.length();
            try {
                buf.writeInt16(n);
                for (int i = 0; i < n; i++) {
                    w[i].write(buf, row[i]);
                }
            } catch (RuntimeException e) {
                buf.setLength(mark);
                throw copy.fail(e);
            }
        } else {
            int mark = buf.length();
            try {
                CopyText.writeRow(buf, row, delimiter, nullMarker, customNull, statement.columns, ctx, conn);
            } catch (RuntimeException e) {
                buf.setLength(mark);
                throw copy.fail(e);
            }
        }
        if (buf.length() >= CHUNK) {
            flush();
        }
    }

    /** {@link Copy#write(byte[], int, int)}, its arguments checked. */
    void write(byte[] data, int off, int len) {
        if (!headerWritten) {
            rawWritten = true;
        }
        if (len < CHUNK) {
            buf.write(data, off, len);
            if (buf.length() >= CHUNK) {
                flush();
            }
            return;
        }
        flush();
        conn.gate.enter();
        try {
            for (int p = off; p < off + len; p += CHUNK) {
                send(data, p, Math.min(CHUNK, off + len - p));
            }
        } finally {
            conn.gate.exit();
        }
    }

    /** Sends the trailer (after a header written here) and what is gathered. Called with the connection taken. */
    void sendRest() {
        if (binary && headerWritten) {
            CopyBinary.trailer(buf);
        }
        if (buf.length() > 0) {
            send(buf.array(), 0, buf.length());
            buf.setLength(0);
        }
    }

    private CopyBinary.FieldWriter[] writers() {
        if (writers == null) {
            CopyStreamOp.Column[] cols = copy.columns("writeRow()");
            CopyBinary.FieldWriter[] w = new CopyBinary.FieldWriter[cols.length];
            for (int i = 0; i < cols.length; i++) {
                CopyStreamOp.Column c = cols[i];
                w[i] = CopyBinary.writer(c.name(), c.oid(), ctx, conn);
            }
            writers = w;
        }
        return writers;
    }

    /** Sends what is gathered and waits until it is written. */
    private void flush() {
        if (buf.length() == 0) {
            return;
        }
        conn.gate.enter();
        try {
            send(buf.array(), 0, buf.length());
        } finally {
            buf.setLength(0);
            conn.gate.exit();
        }
    }

    /** One CopyData message, written through the wait callback. Called with the connection taken. */
    private void send(byte[] b, int off, int len) {
        try {
            conn.gate.checkUsable();
            if (op.ending()) {
                throw new ProgrammingException("the server has ended this COPY");
            }
            op.send(b, off, len);
            conn.await();
        } catch (RuntimeException e) {
            throw copy.fail(e);
        }
    }
}
