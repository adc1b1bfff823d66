package dev.greenwire;

import dev.greenwire.internal.engine.CopyOp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.List;
import java.util.Objects;

/** Builds psycopg2's COPY statements and adapts Java streams to the engine's COPY source and sink. */
final class CopySupport {
    private CopySupport() {
    }

    static String fromStatement(String table, String sep, String nullStr, List<String> columns, Connection conn) {
        return "COPY " + target(table, columns, conn) + " FROM STDIN WITH (DELIMITER " + literal(sep, "\t", conn)
                + ", NULL " + literal(nullStr, "\\N", conn) + ")";
    }

    static String toStatement(String table, String sep, String nullStr, List<String> columns, Connection conn) {
        return "COPY " + target(table, columns, conn) + " TO STDOUT WITH (DELIMITER " + literal(sep, "\t", conn)
                + ", NULL " + literal(nullStr, "\\N", conn) + ")";
    }

    /** A plain table name is quoted; a qualified or already quoted one is used as written. */
    private static String target(String table, List<String> columns, Connection conn) {
        if (table == null || table.isBlank()) {
            throw new ProgrammingException("copy: a table name is required");
        }
        String t = table.indexOf('.') >= 0 || table.indexOf('"') >= 0 ? table : Extensions.quoteIdent(table, conn);
        if (columns == null || columns.isEmpty()) {
            return t;
        }
        StringBuilder sb = new StringBuilder(t).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Extensions.quoteIdent(columns.get(i), conn));
        }
        return sb.append(')').toString();
    }

    private static String literal(String value, String dflt, Connection conn) {
        String v = value == null ? dflt : value;
        return "E'" + v.replace("\\", "\\\\").replace("'", "''").replace("\t", "\\t").replace("\n", "\\n") + "'";
    }

    static CopyOp.Source source(InputStream in) {
        return in::read;
    }

    static CopyOp.Sink sink(OutputStream out) {
        return out::write;
    }

    /** Encodes a Reader's characters in the connection's encoding, keeping split surrogates. */
    static CopyOp.Source source(Reader reader, String pgEncoding) {
        Charset cs = dev.greenwire.internal.types.PgEncodings.charset(pgEncoding);
        CharsetEncoder enc = cs.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(16 * 1024);
        return new CopyOp.Source() {
            private boolean eof;

            @Override
            public int read(byte[] buf) throws IOException {
                if (eof && chars.position() == 0) {
                    return -1;
                }
                if (!eof) {
                    int n = reader.read(chars);
                    if (n < 0) {
                        eof = true;
                    }
                }
                chars.flip();
                ByteBuffer out = ByteBuffer.wrap(buf);
                CoderResult r = enc.encode(chars, out, eof);
                if (r.isError()) {
                    throw dev.greenwire.internal.types.PgEncodings.unencodable(Character.codePointAt(chars, 0), pgEncoding);
                }
                chars.compact();
                int n = out.position();
                return n == 0 && eof && chars.position() == 0 ? -1 : n;
            }
        };
    }

    static CopyOp.Sink sink(Writer writer, Charset cs) {
        return (buf, off, len) -> writer.write(new String(buf, off, len, cs));
    }

    /** Runs a COPY for {@code c}: streamed through the wait callback, or submitted on an async connection. */
    static Cursor run(Cursor c, String sql, CopyOp.Source source, CopyOp.Sink sink) {
        Objects.requireNonNull(sql, "sql");
        c.checkOpen();
        c.conn.gate.enter();
        try {
            c.conn.gate.checkUsable();
            c.conn.gate.checkAsyncIdle("copy");
            CurrentResult.clear(c);
            byte[] q = c.encode(sql);
            c.query = q;
            CopyOp op = Submission.submit(c.conn, new CopyOp(q, source, sink), true);
            if (c.conn.isAsync()) {
                c.pendingCopy = op;
                return c;
            }
            try {
                c.conn.await();
            } catch (PgException e) {
                rethrowUserError(op, e);
                throw e;
            }
            rethrowUserError(op, null);
            takeResult(c, op);
        } finally {
            c.conn.gate.exit();
        }
        return c;
    }

    private static void rethrowUserError(CopyOp op, PgException serverError) {
        Exception u = op.userError();
        if (u == null) {
            return;
        }
        RuntimeException r = u instanceof RuntimeException re ? re
                : u instanceof java.io.IOException io ? new java.io.UncheckedIOException(io.getMessage(), io)
                : new OperationalException(u.toString(), u);
        if (serverError != null && serverError != r) {
            r.addSuppressed(serverError);
        }
        throw r;
    }

    /** Takes a finished COPY's status and row count as the cursor's. */
    static void takeResult(Cursor c, CopyOp op) {
        c.pendingCopy = null;
        dev.greenwire.internal.engine.Result r = op.result();
        if (r != null) {
            c.statusMessage = r.tag();
            c.rowCount = r.rowCount();
        }
    }

    /** {@link Cursor#copy(String, java.util.function.Consumer)}: ends the COPY after the block, aborts it when the block throws. */
    static long around(Copy copy, java.util.function.Consumer<Copy> block) {
        try {
            block.accept(copy);
        } catch (RuntimeException | Error e) {
            try {
                copy.abort(e);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        copy.close();
        return copy.rowCount();
    }
}
