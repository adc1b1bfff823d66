package dev.greenwire.internal.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A host name being resolved off the caller's thread (the JDK's resolver blocks), so that
 * connecting never blocks past what the wait callback allows. Until it is done the connection
 * waits on {@link #channel()}, a pipe that becomes readable when the answer is in: every wait
 * strategy, and an async caller's own selector, wait on it as on a socket.
 */
final class Resolution implements AutoCloseable {
    private static final ExecutorService RESOLVER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "greenwire-resolver");
        t.setDaemon(true);
        return t;
    });

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String host;
    private final Pipe pipe;
    private volatile List<InetAddress> addresses;
    private volatile UnknownHostException error;
    private volatile boolean done;

    private Resolution(String host) throws IOException {
        this.host = host;
        this.pipe = Pipe.open();
        pipe.source().configureBlocking(false);
    }

    /** Starts resolving {@code host} on a resolver thread. */
    static Resolution start(String host) throws IOException {
        Resolution r = new Resolution(host);
        RESOLVER.execute(r::run);
        return r;
    }

    /** @return whether {@code h} is an IPv4 or IPv6 literal, which needs no lookup */
    static boolean isLiteral(String h) {
        return h.indexOf(':') >= 0 || IPV4.matcher(h).matches();
    }

    private void run() {
        try {
            addresses = List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new UnknownHostException(host + ": " + e);
        } finally {
            done = true;
            try (Pipe.SinkChannel sink = pipe.sink()) {
                sink.write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException closed) {
                // given up (timeout or close): nobody waits any more
            }
        }
    }

    /** @return the channel to wait on: readable once the answer is in */
    SelectableChannel channel() {
        return pipe.source();
    }

    boolean isDone() {
        return done;
    }

    /**
     * @return every address of the name, in the resolver's order
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> addresses() throws UnknownHostException {
        if (error != null) {
            throw error;
        }
        return addresses;
    }

    @Override
    public void close() {
        try {
            pipe.source().close();
        } catch (IOException ignored) {
            // nothing to do
        }
        try {
            pipe.sink().close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
