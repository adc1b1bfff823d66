package dev.greenwire.bench;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A measuring device, not a driver: the least a JDBC driver can do for the point query of
 * {@link JdbcBench}, to bound what any driver could gain over pgjdbc on this machine. Per query
 * it writes one pre-encoded Bind/Execute/Sync (only the parameter's four bytes change) with one
 * {@code write} and reads the reply until ReadyForQuery on a blocking {@link SocketChannel}, so
 * that a virtual thread parks through the JDK's own poller (the path pgjdbc's sockets take). No
 * parsing of SQL, no statement cache, no type system, no checks beyond the message kinds.
 *
 * <p>It knows one statement ({@link BenchSupport#POINT_SQL_JDBC}), trust authentication and
 * what HikariCP and the benchmark call; anything else throws. URL:
 * {@code jdbc:wirefloor://host:port/database}, with the {@code user} property.
 */
final class WireFloor implements java.sql.Driver {
    static final String PREFIX = "jdbc:wirefloor://";

    private static final int INT4 = 23;

    static void register() throws SQLException {
        java.sql.DriverManager.registerDriver(new WireFloor());
    }

    @Override
    public java.sql.Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String rest = url.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        int colon = rest.lastIndexOf(':', slash);
        String host = rest.substring(0, colon);
        int port = Integer.parseInt(rest.substring(colon + 1, slash));
        String db = rest.substring(slash + 1);
        int q = db.indexOf('?');
        if (q >= 0) {
            db = db.substring(0, q);
        }
        try {
            Wire w = new Wire(host, port, info.getProperty("user"), db);
            return proxy(java.sql.Connection.class, new ConnectionHandler(w));
        } catch (IOException e) {
            throw new SQLException("wire floor: cannot connect to " + host + ":" + port + ": " + e, "08001", e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("wire floor: no logger");
    }

    /** What a proxied JDBC object answers, beside Object's methods and {@code isWrapperFor}. */
    private interface Calls {
        Object call(Method m, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Calls calls) {
        InvocationHandler h = (self, m, args) -> switch (m.getName()) {
            case "toString" -> "wire floor " + type.getSimpleName() + " " + Integer.toHexString(System.identityHashCode(self));
            case "hashCode" -> System.identityHashCode(self);
            case "equals" -> self == args[0];
            case "isWrapperFor" -> false;
            default -> calls.call(m, args);
        };
        return (T) Proxy.newProxyInstance(WireFloor.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    private static SQLException unsupported(Method m) {
        return new SQLFeatureNotSupportedException("wire floor: " + m.getDeclaringClass().getSimpleName() + "." + m.getName());
    }

    /** One connection's socket, its statement and the last row read. */
    private static final class Wire {
        final SocketChannel ch;
        final ByteBuffer in = ByteBuffer.allocateDirect(16384);
        final ByteBuffer request;
        boolean prepared;
        boolean closed;
        int id;
        String name;
        double val;
        boolean hasRow;

        Wire(String host, int port, String user, String db) throws IOException, SQLException {
            ch = SocketChannel.open(new InetSocketAddress(host, port));
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer b = ByteBuffer.allocate(256);
            b.putInt(0).putInt(196608);
            for (String s : new String[] {"user", user, "database", db}) {
                b.put(s.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
            }
            b.put((byte) 0);
            b.putInt(0, b.position());
            send(b.flip());
            in.limit(0);
            untilReady(false);
            // Bind "" "f" (1 binary int4) → all columns binary, Execute "" 0, Sync
            ByteBuffer r = ByteBuffer.allocateDirect(64);
            r.put((byte) 'B').putInt(4 + 1 + 2 + 2 + 2 + 2 + 4 + 4 + 2 + 2).put((byte) 0).put((byte) 'f').put((byte) 0)
                    .putShort((short) 1).putShort((short) 1).putShort((short) 1).putInt(4).putInt(0)
                    .putShort((short) 1).putShort((short) 1);
            r.put((byte) 'E').putInt(4 + 1 + 4).put((byte) 0).putInt(0);
            r.put((byte) 'S').putInt(4);
            request = r.flip();
        }

        void prepare(String sql) throws IOException, SQLException {
            if (!sql.equals(BenchSupport.POINT_SQL_JDBC)) {
                throw new SQLFeatureNotSupportedException("wire floor: only the benchmark's point query, not " + sql);
            }
            if (prepared) {
                return;
            }
            byte[] text = sql.replace("?", "$1").getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(64 + text.length);
            b.put((byte) 'P').putInt(4 + 2 + text.length + 1 + 2 + 4).put((byte) 'f').put((byte) 0).put(text).put((byte) 0)
                    .putShort((short) 1).putInt(INT4);
            b.put((byte) 'S').putInt(4);
            send(b.flip());
            untilReady(false);
            prepared = true;
        }

        void execute(int param) throws IOException, SQLException {
            request.putInt(1 + 4 + 1 + 2 + 2 + 2 + 2 + 4, param); // after 'B', length, "", "f", formats, count, length
            send(request.rewind());
            hasRow = false;
            untilReady(true);
        }

        private void send(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        /** Reads messages up to ReadyForQuery; keeps a DataRow's three columns when {@code rows}. */
        private void untilReady(boolean rows) throws IOException, SQLException {
            SQLException error = null;
            for (;;) {
                if (in.remaining() < 5 || in.remaining() < 1 + in.getInt(in.position() + 1)) {
                    fill();
                    continue;
                }
                byte kind = in.get();
                int len = in.getInt();
                int end = in.position() + len - 4;
                switch (kind) {
                    case 'Z' -> {
                        in.position(end);
                        if (error != null) {
                            throw error;
                        }
                        return;
                    }
                    case 'R' -> {
                        int code = in.getInt();
                        if (code != 0) {
                            throw new SQLException("wire floor: trust authentication only, the server asked for method " + code, "28000");
                        }
                    }
                    case 'E' -> error = error(end);
                    case 'D' -> {
                        if (rows) {
                            in.getShort();
                            in.getInt();
                            id = in.getInt();
                            int n = in.getInt();
                            byte[] s = new byte[n];
                            in.get(s);
                            name = new String(s, StandardCharsets.UTF_8);
                            in.getInt();
                            val = in.getDouble();
                            hasRow = true;
                        }
                    }
                    default -> {
                        // ParameterStatus, BackendKeyData, ParseComplete, BindComplete, CommandComplete, notices
                    }
                }
                in.position(end);
            }
        }

        /** An ErrorResponse's SQLSTATE and message (the buffer stands after the message's length). */
        private SQLException error(int end) {
            String state = "XX000";
            String message = "";
            while (in.position() < end) {
                byte field = in.get();
                if (field == 0) {
                    break;
                }
                int start = in.position();
                while (in.get() != 0) {
                    // up to the string's terminator
                }
                byte[] text = new byte[in.position() - 1 - start];
                in.get(start, text);
                if (field == 'C') {
                    state = new String(text, StandardCharsets.UTF_8);
                } else if (field == 'M') {
                    message = new String(text, StandardCharsets.UTF_8);
                }
            }
            return new SQLException("wire floor: " + message, state);
        }

        private void fill() throws IOException {
            in.compact();
            if (in.remaining() == 0) {
                throw new IOException("wire floor: a message larger than the buffer");
            }
            int n = ch.read(in);
            in.flip();
            if (n < 0) {
                throw new IOException("wire floor: the server closed the connection");
            }
        }

        void close() throws IOException {
            if (!closed) {
                closed = true;
                try {
                    send(ByteBuffer.wrap(new byte[] {'X', 0, 0, 0, 4}));
                } finally {
                    ch.close();
                }
            }
        }
    }

    private record ConnectionHandler(Wire w) implements Calls {
        @Override
        public Object call(Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "prepareStatement":
                    if (args.length == 1) {
                        w.prepare((String) args[0]);
                        return proxy(PreparedStatement.class, new StatementHandler(w, new int[1]));
                    }
                    throw unsupported(m);
                case "close":
                    w.close();
                    return null;
                case "isClosed":
                    return w.closed;
                case "isValid":
                    return !w.closed && w.ch.isOpen();
                case "getAutoCommit":
                    return true;
                case "isReadOnly":
                    return false;
                case "getTransactionIsolation":
                    return java.sql.Connection.TRANSACTION_READ_COMMITTED;
                case "getCatalog", "getSchema", "getWarnings":
                    return null;
                case "clearWarnings":
                    return null;
                case "setAutoCommit":
                    if ((Boolean) args[0]) {
                        return null;
                    }
                    throw unsupported(m);
                case "setReadOnly":
                    if (!(Boolean) args[0]) {
                        return null;
                    }
                    throw unsupported(m);
                default:
                    throw unsupported(m);
            }
        }
    }

    private record StatementHandler(Wire w, int[] param) implements Calls {
        @Override
        public Object call(Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "setInt":
                    if ((Integer) args[0] != 1) {
                        throw new SQLException("wire floor: one parameter");
                    }
                    param[0] = (Integer) args[1];
                    return null;
                case "executeQuery":
                    if (args == null || args.length == 0) {
                        w.execute(param[0]);
                        return proxy(ResultSet.class, new RowHandler(w, new boolean[1]));
                    }
                    throw unsupported(m);
                case "close", "clearParameters", "clearWarnings":
                    return null;
                default:
                    throw unsupported(m);
            }
        }
    }

    private record RowHandler(Wire w, boolean[] read) implements Calls {
        @Override
        public Object call(Method m, Object[] args) throws Throwable {
            return switch (m.getName()) {
                case "next" -> {
                    boolean row = w.hasRow && !read[0];
                    read[0] = true;
                    yield row;
                }
                case "getInt" -> column(args, 1, w.id);
                case "getString" -> column(args, 2, w.name);
                case "getDouble" -> column(args, 3, w.val);
                case "wasNull" -> false;
                case "close" -> null;
                default -> throw unsupported(m);
            };
        }

        private static Object column(Object[] args, int index, Object value) throws SQLException {
            if (!(args[0] instanceof Integer i) || i != index) {
                throw new SQLException("wire floor: column " + index + " only through this getter, not " + args[0]);
            }
            return value;
        }
    }
}
