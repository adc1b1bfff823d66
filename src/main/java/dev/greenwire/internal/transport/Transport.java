package dev.greenwire.internal.transport;

import dev.greenwire.NotSupportedException;
import dev.greenwire.internal.protocol.InBuf;
import dev.greenwire.internal.protocol.OutBuf;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * A non-blocking socket to the server, TCP or Unix-domain, optionally inside TLS (a
 * non-blocking {@link SSLEngine}). It never waits: {@link #read} returns 0 when nothing is
 * available and {@link #write} writes what the socket takes.
 */
public final class Transport implements AutoCloseable {
    private final SocketChannel channel;
    private final SocketAddress address;
    private boolean connected;
    private SSLEngine tls;
    /** TLS records from the socket, in write mode. */
    private ByteBuffer netIn;
    /** TLS records for the socket, in write mode. */
    private ByteBuffer netOut;
    /** Decrypted bytes not yet handed to the reader, in write mode. */
    private ByteBuffer appIn;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private Transport(SocketChannel channel, SocketAddress address) {
        this.channel = channel;
        this.address = address;
    }

    /**
     * Opens a non-blocking socket and starts connecting.
     *
     * @param address an {@link InetSocketAddress} or {@link UnixDomainSocketAddress}
     * @return the transport, maybe still connecting (see {@link #finishConnect()})
     * @throws IOException when the connection is refused at once or the socket cannot be made
     */
    public static Transport open(SocketAddress address) throws IOException {
        boolean unix = address instanceof UnixDomainSocketAddress;
        SocketChannel ch = unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        try {
            ch.configureBlocking(false);
            if (!unix) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            }
            Transport t = new Transport(ch, address);
            t.connected = ch.connect(address);
            return t;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** @return the channel, always in non-blocking mode */
    public SocketChannel channel() {
        return channel;
    }

    /** @return the address connected to */
    public SocketAddress address() {
        return address;
    }

    /** @return true once the TCP handshake is done */
    public boolean isConnected() {
        return connected;
    }

    /**
     * Completes a pending connect if the socket is ready.
     *
     * @return true when connected
     * @throws IOException when the connection failed (refused, unreachable…)
     */
    public boolean finishConnect() throws IOException {
        if (!connected) {
            connected = channel.finishConnect();
        }
        return connected;
    }

    /**
     * Reads what is available into {@code in}.
     *
     * @return bytes read, 0 when nothing is available, -1 at end of stream
     */
    public int read(InBuf in) throws IOException {
        if (tls != null) {
            return tlsRead(in);
        }
        ByteBuffer b = in.writable();
        int n = channel.read(b);
        if (n > 0) {
            in.filled(n);
        }
        return n;
    }

    /**
     * Whether input may wait in this transport's own buffers, where a wait for the socket's
     * readiness does not see it: with TLS, records read ahead and bytes decrypted ahead.
     *
     * @return true when a read may find data although the socket has none
     */
    public boolean buffersInput() {
        return tls != null;
    }

    /**
     * Writes as much of {@code out}'s pending bytes as the socket takes.
     *
     * @return true when nothing is left pending
     */
    public boolean write(OutBuf out) throws IOException {
        if (tls != null) {
            return tlsWrite(out);
        }
        while (out.hasPending()) {
            int n = channel.write(out.pending());
            if (n <= 0) {
                return false;
            }
            out.consumed(n);
        }
        return true;
    }

    /** Sets SO_KEEPALIVE. @param on whether to enable it */
    public void keepAlive(boolean on) throws IOException {
        if (!(address instanceof UnixDomainSocketAddress)) {
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, on);
        }
    }

    /**
     * Sets TCP_USER_TIMEOUT (Linux): how long transmitted data may stay unacknowledged before
     * the kernel drops the connection. The JDK has no socket option for it, so it is set with
     * setsockopt through jnr-posix on the socket's descriptor.
     *
     * @param millis the timeout
     * @throws NotSupportedException off Linux, or when the descriptor cannot be read
     * @throws IOException when setsockopt fails
     */
    public void tcpUserTimeout(int millis) throws IOException {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            throw new NotSupportedException("tcp_user_timeout is only supported on Linux");
        }
        int fd;
        try {
            fd = fileno();
        } catch (NotSupportedException e) {
            throw new NotSupportedException("tcp_user_timeout needs the socket's descriptor: " + e.getMessage(), e);
        }
        ByteBuffer v = ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder());
        v.putInt(0, millis);
        int rc = Fds.setsockopt(fd, 6 /* IPPROTO_TCP */, 18 /* TCP_USER_TIMEOUT */, v);
        if (rc != 0) {
            throw new IOException("setsockopt(TCP_USER_TIMEOUT) failed with errno " + Fds.errno());
        }
    }

    /** Closes the socket only (no TLS close_notify): safe while another thread uses the transport. */
    public void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket: nothing useful to do with a failure
        }
    }

    @Override
    public void close() {
        SSLEngine e = tls;
        if (e != null && channel.isOpen()) {
            try { // close_notify, best effort: the socket is closing anyway
                e.closeOutbound();
                netOut.clear();
                e.wrap(EMPTY, netOut);
                netOut.flip();
                channel.write(netOut);
            } catch (IOException | RuntimeException ignored) {
                // nothing to do
            }
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket: nothing useful to do with a failure
        }
    }

    /**
     * The OS file descriptor of the socket.
     *
     * @return the descriptor number
     * @throws NotSupportedException when the JVM does not let us read it
     */
    public int fileno() {
        try {
            Field fdField = channel.getClass().getDeclaredField("fd");
            fdField.setAccessible(true);
            FileDescriptor fd = (FileDescriptor) fdField.get(channel);
            return Fds.fdOf(fd);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof NotSupportedException nse) {
                throw nse;
            }
            throw new NotSupportedException("fileno() cannot read the socket's file descriptor on this JVM ("
                    + e.getClass().getSimpleName() + "): run with --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
                    + " --add-opens java.base/java.io=ALL-UNNAMED (or =dev.greenwire on the module path)", e);
        }
    }

    // ---- TLS ----------------------------------------------------------------------------------

    /**
     * Reads one byte, the server's answer to SSLRequest, and nothing more (bytes behind it
     * would bypass the TLS handshake).
     *
     * @return the byte, -1 at end of stream, -2 when nothing is available yet
     * @throws IOException on a socket error
     */
    public int readByte() throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        int n = channel.read(one);
        return n < 0 ? -1 : n == 0 ? -2 : one.get(0) & 0xff;
    }

    /**
     * Starts TLS over the connected socket; drive it with {@link #handshake()}.
     *
     * @param engine a client-mode engine
     * @throws IOException when the engine refuses to start
     */
    public void startTls(SSLEngine engine) throws IOException {
        SSLSession s = engine.getSession();
        netIn = ByteBuffer.allocate(s.getPacketBufferSize());
        netOut = ByteBuffer.allocate(s.getPacketBufferSize());
        appIn = ByteBuffer.allocate(s.getApplicationBufferSize());
        engine.beginHandshake();
        tls = engine;
    }

    /** @return the TLS engine, or null */
    public SSLEngine tlsEngine() {
        return tls;
    }

    /**
     * Advances the TLS handshake as far as the socket allows.
     *
     * @return 0 when the handshake is complete, {@link SelectionKey#OP_READ} or
     *         {@link SelectionKey#OP_WRITE} for what it waits on
     * @throws IOException when the handshake fails (certificate refused, protocol mismatch,
     *                     connection closed)
     */
    public int handshake() throws IOException {
        for (;;) {
            if (!flushNet()) {
                return SelectionKey.OP_WRITE;
            }
            SSLEngineResult.HandshakeStatus hs = tls.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    SSLEngineResult r = tls.wrap(EMPTY, netOut);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        netOut = grow(netOut, tls.getSession().getPacketBufferSize());
                    } else if (r.getStatus() == SSLEngineResult.Status.CLOSED && netOut.position() == 0) {
                        throw new SSLException("the TLS connection was closed during the handshake");
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = unwrap();
                    switch (r.getStatus()) {
                        case BUFFER_UNDERFLOW -> {
                            if (hs == SSLEngineResult.HandshakeStatus.NEED_UNWRAP_AGAIN) {
                                continue;
                            }
                            int n = fill();
                            if (n < 0) {
                                throw new SSLException("the server closed the connection during the TLS handshake");
                            }
                            if (n == 0) {
                                return SelectionKey.OP_READ;
                            }
                        }
                        case CLOSED -> throw new SSLException("the server closed the TLS connection during the handshake");
                        default -> {
                            // progress: loop
                        }
                    }
                }
                default -> {
                    return 0; // FINISHED or NOT_HANDSHAKING, and everything flushed
                }
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tls.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Unwraps buffered records into appIn, growing it when a record does not fit. */
    private SSLEngineResult unwrap() throws IOException {
        for (;;) {
            netIn.flip();
            SSLEngineResult r;
            try {
                r = tls.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                appIn = grow(appIn, tls.getSession().getApplicationBufferSize());
                continue;
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                    && netIn.position() == netIn.capacity()) {
                netIn = grow(netIn, tls.getSession().getPacketBufferSize());
            }
            return r;
        }
    }

    private static ByteBuffer grow(ByteBuffer b, int atLeast) {
        ByteBuffer n = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + atLeast));
        b.flip();
        n.put(b);
        return n;
    }

    /** Reads from the socket into netIn: bytes read, 0, or -1 at end of stream. */
    private int fill() throws IOException {
        if (!netIn.hasRemaining()) {
            netIn = grow(netIn, tls.getSession().getPacketBufferSize());
        }
        return channel.read(netIn);
    }

    /**
     * Drops the bytes waiting to be sent (TLS records included) after the socket failed to take
     * them, so that what the server sent before it went away can still be read.
     */
    public void discardPendingOutput() {
        if (netOut != null) {
            netOut.clear();
        }
    }

    /** Writes pending records; true when none is left. */
    private boolean flushNet() throws IOException {
        if (netOut.position() == 0) {
            return true;
        }
        netOut.flip();
        try {
            channel.write(netOut);
        } finally {
            netOut.compact();
        }
        return netOut.position() == 0;
    }

    private int drainApp(InBuf in) {
        if (appIn.position() == 0) {
            return 0;
        }
        appIn.flip();
        ByteBuffer dst = in.writable();
        int n = Math.min(dst.remaining(), appIn.remaining());
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        appIn.compact();
        in.filled(n);
        return n;
    }

    private int tlsRead(InBuf in) throws IOException {
        flushNet(); // records the engine produced while reading (a key update answer)
        for (;;) {
            int n = drainApp(in);
            if (n > 0) {
                return n;
            }
            SSLEngineResult r = unwrap();
            switch (r.getStatus()) {
                case OK -> {
                    SSLEngineResult.HandshakeStatus hs = r.getHandshakeStatus();
                    if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    if (tls.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                        tls.wrap(EMPTY, netOut);
                        flushNet();
                    }
                    if (r.bytesProduced() == 0 && r.bytesConsumed() == 0) {
                        int k = fill();
                        if (k <= 0) {
                            return k;
                        }
                    }
                }
                case BUFFER_UNDERFLOW -> {
                    int k = fill();
                    if (k <= 0) {
                        return k;
                    }
                }
                case CLOSED -> {
                    int k = drainApp(in);
                    return k > 0 ? k : -1;
                }
                default -> throw new SSLException("unexpected TLS state " + r.getStatus());
            }
        }
    }

    private boolean tlsWrite(OutBuf out) throws IOException {
        for (;;) {
            if (!flushNet()) {
                return false;
            }
            if (!out.hasPending()) {
                return true;
            }
            SSLEngineResult r = tls.wrap(out.pending(), netOut);
            out.consumed(r.bytesConsumed());
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW -> {
                    if (netOut.position() == 0) {
                        netOut = grow(netOut, tls.getSession().getPacketBufferSize());
                    }
                }
                case CLOSED -> throw new SSLException("the TLS connection is closed");
                default -> {
                    // OK: flush on the next round
                }
            }
        }
    }
}
