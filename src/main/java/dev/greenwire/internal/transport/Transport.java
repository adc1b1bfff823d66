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
import java.nio.channels.SocketChannel;

/**
 * A non-blocking socket to the server, TCP or Unix-domain. It never waits: {@link #read}
 * returns 0 when nothing is available and {@link #write} writes what the socket takes.
 */
public final class Transport implements AutoCloseable {
    private final SocketChannel channel;
    private final SocketAddress address;
    private boolean connected;

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
        ByteBuffer b = in.writable();
        int n = channel.read(b);
        if (n > 0) {
            in.filled(n);
        }
        return n;
    }

    /**
     * Writes as much of {@code out}'s pending bytes as the socket takes.
     *
     * @return true when nothing is left pending
     */
    public boolean write(OutBuf out) throws IOException {
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

    @Override
    public void close() {
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
}
