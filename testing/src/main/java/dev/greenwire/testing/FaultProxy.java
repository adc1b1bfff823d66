package dev.greenwire.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy in front of the test server that can misbehave on demand: stop forwarding in
 * both directions while keeping every socket open (a network silently dropping packets), or
 * half-close the sockets towards the clients (a FIN from a middlebox).
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    private boolean paused;
    private boolean stallNew;

    /**
     * Starts a proxy on a free loopback port that forwards to {@code host:port}.
     *
     * @param host the server's host
     * @param port the server's port
     * @throws IOException when no port can be opened
     */
    public FaultProxy(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("fault-proxy-accept").start(this::acceptLoop);
    }

    /** @return the proxy's port, for clients to connect to */
    public int port() {
        return listener.getLocalPort();
    }

    /** Stops forwarding: bytes are read and held (or not read at all) until {@link #resume()}. */
    public void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets the connections already made flow but holds every new one: accepted, never
     * forwarded (a cancel request's connection, say, then waits for its timeout).
     */
    public void stallNewConnections() {
        lock.lock();
        try {
            stallNew = true;
        } finally {
            lock.unlock();
        }
    }

    /** Forwards again what was held. */
    public void resume() {
        lock.lock();
        try {
            paused = false;
            stallNew = false;
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sends FIN to every client (shutdownOutput) while the server side stays open. */
    /** @throws IOException when a socket cannot be shut down */
    public void halfCloseClients() throws IOException {
        for (Socket s : sockets) {
            if (s.getLocalPort() == listener.getLocalPort() && !s.isClosed()) {
                s.shutdownOutput();
            }
        }
    }

    private void awaitNotPaused() throws InterruptedException {
        awaitOpen(false);
    }

    private void awaitOpen(boolean newConnection) throws InterruptedException {
        lock.lock();
        try {
            while (paused || (newConnection && stallNew)) {
                resumed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread.ofPlatform().daemon().start(() -> connect(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        try {
            awaitOpen(true); // a paused network does not let new connections through either
            Socket server = new Socket();
            server.connect(target);
            sockets.add(server);
            Thread.ofPlatform().daemon().start(() -> pump(client, server));
            Thread.ofPlatform().daemon().start(() -> pump(server, client));
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                awaitNotPaused();
                if (to.isOutputShutdown()) {
                    continue; // half-closed: drop what would go that way
                }
                out.write(buf, 0, n);
            }
            if (!to.isOutputShutdown()) {
                to.shutdownOutput();
            }
        } catch (IOException | InterruptedException e) {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        resume();
        listener.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
