package dev.greenwire.internal.engine;

import dev.greenwire.Diagnostics;
import dev.greenwire.internal.protocol.InBuf;
import java.util.function.IntPredicate;

/**
 * One statement through the extended protocol: Parse (unless prepared), Bind with the
 * parameters, Describe (unless the prepared statement's columns are known), Execute, and Sync
 * (unless it runs inside a pipeline, which sends its own). A statement used often enough is
 * prepared under a name ({@link StatementCache}); once prepared, its columns are asked for in
 * binary where {@code binaryColumn} says so.
 */
public final class ExtendedOp extends Op {
    private final byte[] sql;
    private final int[] types;
    private final short[] formats;
    private final byte[][] values;
    private final boolean sync;
    private final IntPredicate binaryColumn;
    private final long castersVersion;
    private final Object zoneKey;
    private StatementCache.Entry entry;
    private boolean preparing;
    /** The evicted statements whose Close went out with this operation. */
    private java.util.List<String> closing = java.util.List.of();
    /** Result formats of a Bind with every column in text (none given: all text). */
    private static final short[] TEXT_RESULTS = new short[0];
    private Result.Field[] fields;
    private Result building;
    private Result last;
    /** Set when the server rejected the cached statement in a way a retry can fix. */
    private boolean retryable;
    /** The portal to bind ("" the unnamed one) and the most rows its first Execute returns (0: all). */
    private String portal = "";
    private int maxRows;
    private boolean suspended;

    /**
     * @param sql the statement with {@code $n} parameters
     * @param types parameter type OIDs
     * @param formats parameter formats
     * @param values parameter values
     * @param sync whether to end with Sync (false inside a pipeline)
     * @param binaryColumn given a column type OID, whether to read it in binary (prepared statements only)
     */
    public ExtendedOp(byte[] sql, int[] types, short[] formats, byte[][] values, boolean sync, IntPredicate binaryColumn) {
        this(sql, types, formats, values, sync, binaryColumn, -1, null);
    }

    /**
     * @param castersVersion the typecaster registries' version {@code binaryColumn} reflects (-1: unknown)
     * @param zoneKey the session time zone {@code binaryColumn} reflects
     */
    public ExtendedOp(byte[] sql, int[] types, short[] formats, byte[][] values, boolean sync, IntPredicate binaryColumn,
                      long castersVersion, Object zoneKey) {
        this.castersVersion = castersVersion;
        this.zoneKey = zoneKey;
        this.sql = sql;
        this.types = types;
        this.formats = formats;
        this.values = values;
        this.sync = sync;
        this.binaryColumn = binaryColumn;
    }

    /**
     * Binds a named portal and limits the first Execute to {@code maxRows} rows (JDBC's fetch
     * size and max rows): when the portal has more, the result is {@link #suspended()} and
     * {@link PortalOp#fetch} reads on (a named portal lives until the transaction ends or it
     * is closed). Call before submitting.
     *
     * @param portal the portal name, "" for the unnamed one
     * @param maxRows the most rows to return now, 0 for all
     * @return this operation
     */
    public ExtendedOp portal(String portal, int maxRows) {
        this.portal = portal == null ? "" : portal;
        this.maxRows = Math.max(0, maxRows);
        return this;
    }

    /** @return true when the Execute stopped at its row limit and the portal has more rows */
    public boolean suspended() {
        return suspended;
    }

    @Override
    void start(Engine c) {
        StatementCache cache = c.statements();
        entry = cache.enabled() ? cache.use(sql, types) : null;
        closing = cache.drainClosed();
        for (int i = 0; i < closing.size(); i++) { // indexed: no iterator per statement
            c.out.close('S', closing.get(i), c.charset()); // evicted statements, closed in the same round trip
        }
        String stmt = "";
        short[] resultFormats = TEXT_RESULTS;
        boolean describe = true;
        if (entry != null && entry.name != null && (entry.prepared || entry.parsing)) {
            stmt = entry.name;
            fields = entry.fields;
            if (fields != null) {
                describe = false;
                if (entry.boundFields != null && entry.boundVersion == castersVersion
                        && java.util.Objects.equals(entry.boundZone, zoneKey)) {
                    // same typecasters and time zone as last time: the same formats, the same field array
                    resultFormats = entry.boundFormats;
                    fields = entry.boundFields;
                } else {
                    resultFormats = new short[fields.length];
                    Result.Field[] f = new Result.Field[fields.length];
                    boolean any = false;
                    for (int i = 0; i < fields.length; i++) {
                        Result.Field x = fields[i];
                        boolean bin = binaryColumn != null && binaryColumn.test(x.typeOid());
                        resultFormats[i] = (short) (bin ? 1 : 0);
                        any |= bin;
                        f[i] = new Result.Field(x.name(), x.tableOid(), x.tableColumn(), x.typeOid(), x.typeLen(),
                                x.typeMod(), bin ? 1 : 0);
                    }
                    fields = f;
                    if (!any) {
                        resultFormats = TEXT_RESULTS;
                    }
                    entry.boundFormats = resultFormats;
                    entry.boundFields = f;
                    entry.boundVersion = castersVersion;
                    entry.boundZone = zoneKey;
                }
            }
        } else if (entry != null && entry.name != null) {
            preparing = true;
            entry.parsing = true;
            stmt = entry.name;
            c.out.parse(stmt, sql, types, c.charset());
        } else {
            c.out.parse("", sql, types, c.charset());
        }
        c.out.bind(portal, stmt, formats, values, resultFormats, c.charset());
        if (describe) {
            c.out.describe('P', portal, c.charset());
        }
        c.out.execute(portal, maxRows, c.charset());
        if (sync) {
            c.out.sync();
        } else {
            c.markUnsynced(true);
        }
    }

    /** @return the statement's result, or null */
    public Result result() {
        return last;
    }

    /** @return true when the failure came from a stale prepared statement and running again may work */
    public boolean retryable() {
        return retryable;
    }

    @Override
    boolean onMessage(Engine c, InBuf m) {
        switch (m.type()) {
            case '1' -> {
                if (preparing) {
                    c.statements().prepared(entry, null);
                }
            }
            case '2', '3', 'n' -> {
                // BindComplete, CloseComplete, NoData
            }
            case 'T' -> {
                fields = QueryOp.readFields(m, c.charset());
                if (entry != null && entry.prepared && entry.fields == null && !hasBinary(fields)) {
                    c.statements().prepared(entry, fields);
                }
            }
            case 'D' -> {
                if (building == null) {
                    if (fields == null) {
                        throw m.malformed();
                    }
                    building = new Result(fields);
                }
                building.add(m.rest());
            }
            case 'C' -> {
                Result r = building != null ? building : new Result(fields);
                String tag = m.cstring(c.charset());
                r.tag(tag);
                c.statements().onCommand(tag);
                last = r;
                building = null;
                return done();
            }
            case 'I' -> {
                last = Result.emptyQuery();
                return done();
            }
            case 's' -> {
                suspended = true;
                last = building != null ? building : new Result(fields);
                return done();
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

    private static boolean hasBinary(Result.Field[] f) {
        for (Result.Field x : f) {
            if (x.format() != 0) {
                return true;
            }
        }
        return false;
    }

    /** The statement ended: without Sync that completes the operation, with Sync ReadyForQuery does. */
    private boolean done() {
        return !sync;
    }

    @Override
    void unsent(Engine c) {
        if (preparing && entry != null && !entry.prepared) {
            entry.parsing = false; // its Parse never left: the next use parses again
        }
        if (!closing.isEmpty()) {
            c.statements().closeLater(closing);
        }
    }

    @Override
    boolean onError(Engine c, Diagnostics d) {
        if (entry != null) {
            String state = d.sqlstate();
            boolean stale = ("0A000".equals(state) && d.messagePrimary() != null
                    && d.messagePrimary().contains("cached plan must not change result type"));
            if (stale) {
                c.statements().invalidate(entry);
                retryable = true;
            } else if ("26000".equals(state) && entry.prepared) {
                c.statements().clear(); // the server lost our statements (DISCARD, a pooler)
                retryable = true;
            } else if (preparing && !entry.prepared) {
                entry.name = null; // the Parse failed: prepare again later under a new name
                entry.parsing = false;
                entry.uses = 0;
            } else if ("26000".equals(state) && entry.parsing) {
                // the Parse this relied on never reached the server: prepare again next time
                entry.name = null;
                entry.parsing = false;
                entry.uses = 0;
            }
        }
        fail(Errors.fromServer(d));
        // with Sync, ReadyForQuery ends the operation; in a pipeline the error ends it now
        return !sync;
    }

    @Override
    int observedKind() {
        // unnamed, only a statement with $n parameters is known to hold no value in its text
        // (a pipelined statement with client-side binding holds literals)
        return written != null || hasParameters() ? Tracing.STATEMENT : Tracing.NONE;
    }

    /** @return the statement with its {@code $n} parameters (it holds no values) */
    String text(java.nio.charset.Charset cs) {
        return new String(sql, cs);
    }

    /** @return whether it runs as a named prepared statement */
    boolean named() {
        return entry != null && entry.name != null && (entry.prepared || entry.parsing);
    }

    /** @return whether it has parameters */
    boolean hasParameters() {
        return values != null && values.length > 0;
    }

    /** @return the parameter values as text, for logs that opted in only (binary ones in hex) */
    String parameterValues(java.nio.charset.Charset cs) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; values != null && i < values.length; i++) {
            byte[] v = values[i];
            boolean bin = formats != null && formats.length > 0 && formats[formats.length == 1 ? 0 : i] == 1;
            b.append(i == 0 ? "" : ", ").append('$').append(i + 1).append('=')
                    .append(v == null ? "NULL" : bin ? "\\x" + java.util.HexFormat.of().formatHex(v) : "'" + new String(v, cs) + "'");
        }
        return b.append(']').toString();
    }

    /** @return whether this operation ends with its own Sync (false inside a pipeline) */
    public boolean syncs() {
        return sync;
    }

}
