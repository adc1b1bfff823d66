package dev.greenwire.internal.engine;

import dev.greenwire.internal.protocol.InBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A simple-protocol query whose every statement's result is kept, in order (JDBC's multiple
 * results: {@code getMoreResults}, update counts), where {@link QueryOp} keeps the last one.
 * When a statement fails, the results of those before it are still there.
 */
public final class MultiQueryOp extends Op {
    private final byte[] sql;
    private final List<Result> results = new ArrayList<>();
    private Result building;

    /** @param sql one or more statements */
    public MultiQueryOp(byte[] sql) {
        this.sql = sql;
    }

    @Override
    void start(Engine c) {
        c.out.query(sql);
    }

    /** @return each statement's result, in order (an empty query's is {@link Result#isEmptyQuery()}) */
    public List<Result> results() {
        return results;
    }

    @Override
    boolean onMessage(Engine c, InBuf m) {
        switch (m.type()) {
            case 'T' -> building = new Result(QueryOp.readFields(m, c.charset()));
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
                results.add(r);
                building = null;
            }
            case 'I' -> {
                results.add(Result.emptyQuery());
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
}
