package dev.greenwire;

import dev.greenwire.cast.TypeCaster;
import dev.greenwire.internal.engine.CopyOp;
import dev.greenwire.internal.engine.ExtendedOp;
import dev.greenwire.internal.engine.Op;
import dev.greenwire.internal.engine.QueryOp;
import dev.greenwire.internal.types.Binder;
import dev.greenwire.internal.engine.Result;
import dev.greenwire.internal.types.Casters;
import dev.greenwire.internal.types.QueryFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cursor (DB-API {@code cursor}): runs statements and fetches their results.
 *
 * <p>Queries use psycopg2's client-side parameter adaptation: {@code %s} placeholders take
 * positional arguments, {@code %(name)s} take a map, {@code %%} is a literal {@code %} when
 * arguments are given; what {@link #mogrify} returns is exactly what is sent.
 *
 * <p>Subclass it and hand a factory to {@link Connection#cursor(CursorFactory)} or
 * {@link ConnectOptions.Builder#cursorFactory}: {@code conn.cursor(LoggingCursor::new)}.
 */
public class Cursor implements Iterable<Row>, AutoCloseable {

    /** What the driver hands to a cursor's constructor; pass it on to {@code super(init)}. */
    public static final class Init {
        final Connection connection;
        final String name;
        final boolean withHold;
        final boolean scrollable;

        Init(Connection connection, String name, boolean withHold, boolean scrollable) {
            this.connection = connection;
            this.name = name;
            this.withHold = withHold;
            this.scrollable = scrollable;
        }
    }


    final Connection conn;
    private final String name;
    /** The server-side state of a named cursor, null for a client-side one. */
    final NamedCursor named;
    /** Named cursors: DECLARE done; rows fetched from the server so far. */
    Map<Integer, TypeCaster> casters;

    boolean closed;
    byte[] query;
    Op pending;
    /** Whether {@link #pending} was sent in a pipeline: its error is raised when its result is asked for. */
    boolean pendingPipelined;
    /** Whether {@code %s} arguments are bound on the server (extended protocol). */
    boolean serverBinding;
    String zoneName;
    java.time.ZoneId zone;
    List<Column> description;
    RowShape shape;
    /** The last shape made, and the fields and typecaster version it was made for. */
    RowShape cachedShape;
    Result.Field[] shapeFields;
    long shapeVersion = -1;
    List<byte[]> rows = List.of();
    int rowNumber;
    long rowCount = -1;
    String statusMessage;
    private int arraySize = 1;
    int itersize = 2000;

    /**
     * Creates a cursor.
     *
     * @param init from the driver
     */
    protected Cursor(Init init) {
        Objects.requireNonNull(init, "init");
        this.conn = init.connection;
        this.name = init.name;
        this.named = init.name == null ? null : new NamedCursor(this, init.name, init.withHold, init.scrollable);
        this.serverBinding = conn.options().serverSideBinding();
    }

    /** Makes this cursor bind its arguments on the server (or not); {@link ServerCursor} turns it on. */
    final void serverBinding(boolean on) {
        this.serverBinding = on;
    }

    /** @return whether this cursor binds {@code %s} arguments on the server */
    public boolean isServerBinding() {
        return serverBinding;
    }

    // ---- executing --------------------------------------------------------------------------

    /**
     * Runs {@code sql} as it is: no placeholder processing (as psycopg2 without arguments).
     *
     * @param sql one or more statements
     * @return this cursor
     */
    public Cursor execute(String sql) {
        Objects.requireNonNull(sql, "sql");
        if (name == null && conn.s.pipeline != null) {
            return StatementDispatch.run(this, sql, null, null);
        }
        return StatementDispatch.simple(this, encode(sql), "execute", sql, dev.greenwire.observe.Binding.NONE);
    }

    /** An extended-protocol operation for a bound statement (executeMany and the dispatch use it). */
    ExtendedOp extendedOp(Binder.Bound b, boolean sync) {
        return StatementDispatch.op(this, b, sync);
    }

    /** Server-side binding, or any statement inside a pipeline; named cursors keep DECLARE. */
    private boolean useExtended() {
        return name == null && (serverBinding || conn.s.pipeline != null);
    }

    /**
     * Runs {@code sql} with {@code %s} placeholders replaced by the adapted arguments.
     *
     * @param sql the statement(s)
     * @param args one argument per {@code %s}
     * @return this cursor
     */
    public Cursor execute(String sql, Object... args) {
        Objects.requireNonNull(sql, "sql");
        if (args == null) {
            return execute(sql);
        }
        checkOpen();
        if (useExtended()) {
            return StatementDispatch.run(this, sql, args, null);
        }
        return StatementDispatch.simple(this, QueryFormatter.format(sql, args, conn), "execute", sql, dev.greenwire.observe.Binding.CLIENT);
    }

    /**
     * Runs {@code sql} with {@code %(name)s} placeholders replaced by the adapted values.
     *
     * @param sql the statement(s)
     * @param args the values by name
     * @return this cursor
     */
    public Cursor execute(String sql, Map<String, ?> args) {
        Objects.requireNonNull(sql, "sql");
        if (args == null) {
            return execute(sql);
        }
        checkOpen();
        if (useExtended()) {
            return StatementDispatch.run(this, sql, null, args);
        }
        return StatementDispatch.simple(this, QueryFormatter.format(sql, args, conn), "execute", sql, dev.greenwire.observe.Binding.CLIENT);
    }

    /**
     * Runs {@code sql} once per element of {@code argsSeq} (an {@code Object[]} or {@code List}
     * for {@code %s}, a {@code Map} for {@code %(name)s}). Statements are sent in batches
     * without waiting for each reply; {@link #rowCount()} is the sum of the counts. A one-row
     * {@code INSERT … VALUES (%s, …)} goes as multi-row INSERTs of up to 128 rows (psycopg2's
     * {@code execute_values}); with client-side binding, when each placeholder is a value alone
     * (maybe cast), the values travel as parameters typed as their literals (a Double as
     * numeric…): the server reads what {@code mogrify} would show and plans the statement once.
     * In autocommit each statement is its own transaction and an error stops the rest.
     *
     * @param sql the statement
     * @param argsSeq the argument sets
     * @return this cursor
     */
    public Cursor executeMany(String sql, Iterable<?> argsSeq) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(argsSeq, "argsSeq");
        checkOpen();
        conn.gate.enter();
        try {
            conn.gate.checkUsable();
            conn.gate.refuseAsync("executemany");
            CurrentResult.clear(this);
            ManyExecutor many = new ManyExecutor(this, conn);
            rowCount = serverBinding ? many.extended(sql, argsSeq) : many.simple(sql, argsSeq);
        } finally {
            conn.gate.exit();
        }
        return this;
    }

    /** Records the statement last sent ({@link #query()}). */
    void lastQuery(byte[] q) {
        query = q;
    }

    /**
     * Calls a function: {@code SELECT * FROM name(args…)} (psycopg2's {@code callproc}).
     *
     * @param procName the function name, used as written
     * @param args its arguments, adapted
     * @return this cursor
     */
    public Cursor callProc(String procName, Object... args) {
        Objects.requireNonNull(procName, "procName");
        checkOpen();
        StringBuilder sb = new StringBuilder("SELECT * FROM ").append(procName.replace("%", "%%")).append('(');
        Object[] a = args == null ? new Object[0] : args;
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "%s" : ",%s");
        }
        sb.append(')');
        String call = sb.toString();
        return StatementDispatch.simple(this, QueryFormatter.format(call, a, conn), "callproc", call, dev.greenwire.observe.Binding.CLIENT);
    }

    /**
     * The query bytes {@link #execute(String, Object...)} would send.
     *
     * @param sql the statement
     * @param args the arguments; none means no placeholder processing
     * @return the bytes, in the connection's encoding
     */
    public byte[] mogrify(String sql, Object... args) {
        checkOpen();
        if (args == null || args.length == 0) {
            return encode(sql);
        }
        return QueryFormatter.format(sql, args, conn);
    }

    /**
     * The query bytes {@link #execute(String, Map)} would send.
     *
     * @param sql the statement
     * @param args the values by name
     * @return the bytes
     */
    public byte[] mogrify(String sql, Map<String, ?> args) {
        checkOpen();
        return QueryFormatter.format(sql, args, conn);
    }

    byte[] encode(String sql) {
        return dev.greenwire.internal.types.PgEncodings.encode(sql, conn.encoding());
    }

    // ---- COPY --------------------------------------------------------------------------------

    /**
     * {@code COPY table FROM STDIN} with data read from {@code in} (psycopg2's {@code copy_from}):
     * text format with separator {@code sep} (tab when null) and NULL marker {@code nullStr}
     * ({@code \N} when null), into {@code columns} (all when null or empty). The data is
     * streamed: memory stays bounded whatever its size. {@link #rowCount()} tells how many rows
     * were copied. A failure of {@code in} aborts the COPY (CopyFail) and is rethrown, wrapped
     * in {@link java.io.UncheckedIOException} when it is an {@code IOException}.
     *
     * <p>Every COPY method waits through the wait callback. On an async connection it submits
     * the COPY and returns at once; each {@link Connection#poll()} then moves data between the
     * stream and the socket, and {@code poll()} returns OK when the COPY is complete (use
     * streams that do not block, such as in-memory or file streams, in an event loop).
     *
     * @param in the data
     * @param table the table; a plain name is quoted, a qualified one is used as written
     * @param sep the column separator, or null
     * @param nullStr the NULL marker, or null
     * @param columns the columns, or null for all
     * @return this cursor
     */
    public Cursor copyFrom(java.io.InputStream in, String table, String sep, String nullStr, List<String> columns) {
        Objects.requireNonNull(in, "in");
        return copy(CopySupport.fromStatement(table, sep, nullStr, columns, conn), CopySupport.source(in), null);
    }

    /**
     * {@link #copyFrom(java.io.InputStream, String, String, String, List)} from characters,
     * encoded in the connection's client encoding.
     *
     * @param in the data
     * @param table the table
     * @param sep the column separator, or null
     * @param nullStr the NULL marker, or null
     * @param columns the columns, or null for all
     * @return this cursor
     */
    public Cursor copyFrom(java.io.Reader in, String table, String sep, String nullStr, List<String> columns) {
        Objects.requireNonNull(in, "in");
        return copy(CopySupport.fromStatement(table, sep, nullStr, columns, conn),
                CopySupport.source(in, conn.encoding()), null);
    }

    /**
     * {@code COPY table TO STDOUT} into {@code out} (psycopg2's {@code copy_to}), streamed row by
     * row. A failure of {@code out} is rethrown once the server has finished sending.
     *
     * @param out where the data goes
     * @param table the table
     * @param sep the column separator, or null for tab
     * @param nullStr the NULL marker, or null for {@code \N}
     * @param columns the columns, or null for all
     * @return this cursor
     */
    public Cursor copyTo(java.io.OutputStream out, String table, String sep, String nullStr, List<String> columns) {
        Objects.requireNonNull(out, "out");
        return copy(CopySupport.toStatement(table, sep, nullStr, columns, conn), null, CopySupport.sink(out));
    }

    /**
     * {@link #copyTo(java.io.OutputStream, String, String, String, List)} as characters decoded
     * from the connection's client encoding.
     *
     * @param out where the data goes
     * @param table the table
     * @param sep the column separator, or null
     * @param nullStr the NULL marker, or null
     * @param columns the columns, or null for all
     * @return this cursor
     */
    public Cursor copyTo(java.io.Writer out, String table, String sep, String nullStr, List<String> columns) {
        Objects.requireNonNull(out, "out");
        return copy(CopySupport.toStatement(table, sep, nullStr, columns, conn), null,
                CopySupport.sink(out, conn.engine.charset()));
    }

    /**
     * Runs any {@code COPY … FROM STDIN} statement (text, CSV or binary format) with data from
     * {@code in} (psycopg2's {@code copy_expert}).
     *
     * @param sql the COPY statement
     * @param in the data
     * @return this cursor
     */
    public Cursor copyExpert(String sql, java.io.InputStream in) {
        Objects.requireNonNull(in, "in");
        return copy(sql, CopySupport.source(in), null);
    }

    /**
     * Runs any {@code COPY … TO STDOUT} statement, writing the data to {@code out}.
     *
     * @param sql the COPY statement
     * @param out where the data goes
     * @return this cursor
     */
    public Cursor copyExpert(String sql, java.io.OutputStream out) {
        Objects.requireNonNull(out, "out");
        return copy(sql, null, CopySupport.sink(out));
    }

    /**
     * {@link #copyExpert(String, java.io.InputStream)} from characters.
     *
     * @param sql the COPY statement
     * @param in the data
     * @return this cursor
     */
    public Cursor copyExpert(String sql, java.io.Reader in) {
        Objects.requireNonNull(in, "in");
        return copy(sql, CopySupport.source(in, conn.encoding()), null);
    }

    /**
     * {@link #copyExpert(String, java.io.OutputStream)} as characters.
     *
     * @param sql the COPY statement
     * @param out where the data goes
     * @return this cursor
     */
    public Cursor copyExpert(String sql, java.io.Writer out) {
        Objects.requireNonNull(out, "out");
        return copy(sql, null, CopySupport.sink(out, conn.engine.charset()));
    }

    private Cursor copy(String sql, CopyOp.Source source, CopyOp.Sink sink) {
        return CopySupport.run(this, sql, source, sink);
    }

    /**
     * Starts a COPY driven row by row (psycopg 3's {@code cursor.copy()}): for
     * {@code COPY … FROM STDIN}, {@link Copy#writeRow} and {@link Copy#write}; for
     * {@code COPY … TO STDOUT}, {@link Copy#rows()} and {@link Copy#read()}; text format, or binary
     * with {@code WITH (FORMAT BINARY)}. Close it to end the COPY:
     * {@code try (Copy copy = cur.copy("COPY t (a, b) FROM STDIN")) { copy.writeRow(1, "x"); }}.
     * Not on async connections, named cursors or in a pipeline.
     *
     * @param sql one COPY statement with STDIN or STDOUT
     * @return the COPY in progress, to close
     * @throws ProgrammingException for another statement, an async connection or a named cursor
     */
    public Copy copy(String sql) {
        return Copy.open(this, sql);
    }

    /**
     * Runs a COPY around {@code block}, as psycopg 3's {@code with cursor.copy(…) as copy:}: the
     * COPY ends when the block returns; when the block throws, a COPY FROM is aborted (CopyFail:
     * the server keeps none of its rows) and a COPY TO cancelled, and the exception goes on.
     * Prefer it to try-with-resources, whose {@code close()} cannot know that its block failed.
     *
     * @param sql one COPY statement with STDIN or STDOUT
     * @param block what to do with the COPY
     * @return the rows copied
     */
    public long copy(String sql, java.util.function.Consumer<Copy> block) {
        return CopySupport.around(copy(sql), Objects.requireNonNull(block, "block"));
    }

    /** A COPY submitted on an async connection, adopted once done. */
    CopyOp pendingCopy;

    // ---- fetching ----------------------------------------------------------------------------

    /** @return the next row, or null when there are no more */
    public Row fetchOne() {
        if (name != null) {
            List<Row> one = named.fetch("1");
            return one.isEmpty() ? null : one.get(0);
        }
        return CurrentResult.fetch(this, 1, "fetchone").stream().findFirst().orElse(null);
    }

    /** @return up to {@link #arraySize()} next rows */
    public List<Row> fetchMany() {
        return fetchMany(arraySize);
    }

    /**
     * @param size how many rows at most
     * @return up to {@code size} next rows
     */
    public List<Row> fetchMany(int size) {
        if (name != null) {
            return named.fetch(String.valueOf(Math.max(0, size)));
        }
        return CurrentResult.fetch(this, size, "fetchmany");
    }

    /** @return all remaining rows */
    public List<Row> fetchAll() {
        return name != null ? named.fetch("ALL") : CurrentResult.fetch(this, Integer.MAX_VALUE, "fetchall");
    }

    /**
     * Iterates over the remaining rows; a named cursor fetches {@link #itersize()} rows per
     * round trip.
     */
    @Override
    public Iterator<Row> iterator() {
        return name != null ? named.iterator() : CurrentResult.iterator(this);
    }

    /**
     * Moves in the result set; on a named cursor with {@code MOVE} on the server (moving
     * backwards needs a scrollable cursor: the server refuses otherwise).
     *
     * @param value rows to move (relative) or the target index (absolute)
     * @param mode how to move
     */
    public void scroll(int value, ScrollMode mode) {
        scroll(value, java.util.Objects.requireNonNull(mode, "mode").psycopgName());
    }

    /**
     * Moves in the result set, with psycopg2's mode names.
     *
     * @param value rows to move (relative) or the target index (absolute)
     * @param mode {@code "relative"} or {@code "absolute"}
     */
    public void scroll(int value, String mode) {
        if (!"relative".equals(mode) && !"absolute".equals(mode)) {
            throw new ProgrammingException("scroll mode must be 'relative' or 'absolute', not '" + mode + "'");
        }
        if (name != null) {
            named.move(value, "absolute".equals(mode));
        } else {
            CurrentResult.scroll(this, value, "absolute".equals(mode));
        }
    }

    // ---- attributes --------------------------------------------------------------------------

    /** @return the result's columns, or null when the last statement returned no rows */
    public List<Column> description() {
        CurrentResult.finishPending(this, "description");
        return description;
    }

    /** @return rows returned or affected by the last statement, -1 when unknown */
    public long rowCount() {
        CurrentResult.finishPending(this, "rowcount");
        return rowCount;
    }

    /** @return the 0-based index of the next row to fetch */
    public int rowNumber() {
        return rowNumber;
    }

    /** @return the last command's status, e.g. {@code "INSERT 0 1"} */
    public String statusMessage() {
        CurrentResult.finishPending(this, "statusmessage");
        return statusMessage;
    }

    /** @return the bytes of the last query sent, or null */
    public byte[] query() {
        return query == null ? null : query.clone();
    }

    /** @return how many rows {@link #fetchMany()} returns */
    public int arraySize() {
        return arraySize;
    }

    /** @param size how many rows {@link #fetchMany()} returns */
    public void arraySize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("arraySize must be at least 1");
        }
        this.arraySize = size;
    }

    /** @return rows fetched per round trip when iterating a named cursor */
    public int itersize() {
        return itersize;
    }

    /** @param size rows fetched per round trip when iterating a named cursor */
    public void itersize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("itersize must be at least 1");
        }
        this.itersize = size;
    }

    /** @return the cursor's name, null for a client-side cursor */
    public String name() {
        return name;
    }

    /** @return the connection the cursor belongs to */
    public Connection connection() {
        return conn;
    }

    /**
     * Applies the typecaster this cursor would use for {@code oid} to {@code value}.
     *
     * @param oid a type OID
     * @param value the server's text, or null
     * @return the Java value
     */
    public Object cast(int oid, String value) {
        return Casters.castOrThrow(Casters.lookup(oid, casters, conn.casters), value, this, null);
    }

    /** @return this cursor's own typecasters by OID (cursor scope, modifiable) */
    Map<Integer, TypeCaster> casterScope() {
        Map<Integer, TypeCaster> m = casters;
        if (m == null) {
            m = new ConcurrentHashMap<>();
            casters = m;
        }
        return m;
    }

    /** Closes the cursor; further use raises {@link InterfaceException}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (name != null) {
                named.closeOnServer();
            }
        } finally {
            closed = true;
            rows = List.of();
        }
    }

    /** @return true once closed (or when the connection is) */
    public boolean isClosed() {
        return closed || conn.isClosed();
    }

    void checkOpen() {
        if (closed) {
            throw new InterfaceException("cursor already closed");
        }
        if (conn.isClosed()) {
            throw new InterfaceException("connection already closed");
        }
    }
}
