package dev.greenwire.internal.engine;

import dev.greenwire.internal.protocol.InBuf;
import java.nio.charset.Charset;

/**
 * A simple-protocol query: one Query message that may hold several statements. The result of
 * the last statement is kept (psycopg2's behaviour); rows are copied out of the read buffer as
 * raw payloads. A COPY started without a stream is refused with psycopg2's message and the
 * protocol is brought back to ReadyForQuery.
 */
public final class QueryOp extends Op {
    private final byte[] sql;
    private Result building;
    private Result last;

    public QueryOp(byte[] sql) {
        this.sql = sql;
    }

    /**
     * A statement observers see (JFR, listeners, TRACE logs).
     *
     * @param sql what is sent
     * @param written the statement as written, with its placeholders (never the values)
     * @param binding how its arguments were sent
     */
    public QueryOp(byte[] sql, String written, dev.greenwire.observe.Binding binding) {
        this.sql = sql;
        writtenAs(written, binding);
    }

    /**
     * A statement of the driver's own (BEGIN, COMMIT, SET…): observers see it as it is.
     *
     * @param sql the statement, holding no user value
     * @param cs the encoding
     * @return the operation
     */
    public static QueryOp driver(String sql, Charset cs) {
        QueryOp op = new QueryOp(sql.getBytes(cs), sql, dev.greenwire.observe.Binding.NONE);
        op.driverStatement = true;
        return op;
    }

    /** @return the bytes sent, which hold the client-side literals (for logs that opted in only) */
    String sent(Charset cs) {
        return new String(sql, cs);
    }

    @Override
    void start(Engine c) {
        c.out.query(sql);
    }

    /** @return the last statement's result, or null if there was none */
    public Result result() {
        return last;
    }

    @Override
    boolean onMessage(Engine c, InBuf m) {
        switch (m.type()) {
            case 'T' -> building = new Result(readFields(m, c.charset()));
            case 'D' -> {
                if (building == null) {
                    throw m.malformed();
                }
                building.add(m.rest());
            }
            case 'C' -> {
                Result r = building == null ? new Result(null) : building;
                r.tag(m.cstring(c.charset()));
                c.statements().onCommand(r.tag());
                last = r;
                building = null;
            }
            case 'I' -> {
                last = Result.emptyQuery();
                building = null;
            }
            case 'G', 'H', 'W', 'd', 'c' -> refuseCopy(c, m);
            case 'Z' -> {
                c.readyForQuery((char) m.i8());
                return true;
            }
            default -> throw Errors.unexpected(m.type(), "during a query");
        }
        return false;
    }

    static Result.Field[] readFields(InBuf m, Charset cs) {
        int n = m.i16() & 0xffff;
        Result.Field[] f = new Result.Field[n];
        for (int i = 0; i < n; i++) {
            String name = m.cstring(cs);
            int table = m.i32();
            int col = m.i16();
            int type = m.i32();
            int len = m.i16();
            int mod = m.i32();
            int fmt = m.i16();
            f[i] = new Result.Field(name, table, col, type, len, mod, fmt);
        }
        return f;
    }
}
