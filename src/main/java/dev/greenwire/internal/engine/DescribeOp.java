package dev.greenwire.internal.engine;

import dev.greenwire.internal.protocol.InBuf;

/**
 * Parse and Describe of a statement without running it: the server's idea of its parameter
 * types (ParameterDescription) and of its result columns (RowDescription, or none). What
 * JDBC's {@code ParameterMetaData} and a prepared statement's {@code getMetaData()} need.
 */
public final class DescribeOp extends Op {
    private final byte[] sql;
    private final int[] types;
    private int[] parameterTypes = new int[0];
    private Result.Field[] fields;

    /**
     * @param sql the statement with {@code $n} parameters
     * @param types the parameter types to declare (0: let the server infer)
     */
    public DescribeOp(byte[] sql, int[] types) {
        this.sql = sql;
        this.types = types;
    }

    @Override
    void start(Engine c) {
        c.out.parse("", sql, types, c.charset());
        c.out.describe('S', "", c.charset());
        c.out.sync();
    }

    /** @return the parameter type OIDs the server inferred or was given */
    public int[] parameterTypes() {
        return parameterTypes.clone();
    }

    /** @return the result columns, or null when the statement returns no rows */
    public Result.Field[] fields() {
        return fields;
    }

    @Override
    boolean onMessage(Engine c, InBuf m) {
        switch (m.type()) {
            case '1', 'n' -> {
                // ParseComplete, NoData
            }
            case 't' -> {
                int n = m.i16() & 0xffff;
                int[] t = new int[n];
                for (int i = 0; i < n; i++) {
                    t[i] = m.i32();
                }
                parameterTypes = t;
            }
            case 'T' -> fields = QueryOp.readFields(m, c.charset());
            case 'Z' -> {
                c.readyForQuery((char) m.i8());
                return true;
            }
            default -> throw Errors.unexpected(m.type(), "while describing a statement");
        }
        return false;
    }
}
