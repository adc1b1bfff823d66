package dev.greenwire.wait;

import dev.greenwire.Connection;
import dev.greenwire.PollState;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.SelectableChannel;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The JDK's own virtual-thread poller ({@code sun.nio.ch.Poller.poll}), which parks a virtual
 * thread until a descriptor is ready with one {@code epoll_ctl} and no hand-off through another
 * selector: the path pgjdbc's blocking sockets take on virtual threads. It is internal to the
 * JDK, so it is used only when the JVM lets us in ({@code --add-opens
 * java.base/sun.nio.ch=ALL-UNNAMED} and {@code --add-opens java.base/java.io=ALL-UNNAMED}, or
 * {@code =dev.greenwire.wait,dev.greenwire} on the module path) and the method has the expected
 * shape; otherwise {@link #available()} is false and the parking strategy uses {@link Poller}.
 */
final class JdkPoller {
    /** Longest single park: a connection closed under the waiter is noticed within this. */
    private static final long SLICE_NANOS = 50_000_000L;
    private static final MethodHandle POLL;
    private static final int POLLIN;
    private static final int POLLOUT;
    private static final Map<Connection, Integer> FDS = new WeakHashMap<>();
    private static final ReentrantLock FDS_LOCK = new ReentrantLock();

    static {
        MethodHandle poll = null;
        int in = 0;
        int out = 0;
        if (!Boolean.getBoolean("greenwire.jdkPoller.disabled")) {
            try {
                Class<?> poller = Class.forName("sun.nio.ch.Poller");
                Method m = poller.getDeclaredMethod("poll", int.class, int.class, long.class, BooleanSupplier.class);
                m.setAccessible(true);
                poll = MethodHandles.lookup().unreflect(m).asType(
                        MethodType.methodType(void.class, int.class, int.class, long.class, BooleanSupplier.class));
                Class<?> net = Class.forName("sun.nio.ch.Net");
                Field fin = net.getDeclaredField("POLLIN");
                Field fout = net.getDeclaredField("POLLOUT");
                fin.setAccessible(true);
                fout.setAccessible(true);
                in = fin.getShort(null);
                out = fout.getShort(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                poll = null;
            }
        }
        POLL = poll;
        POLLIN = in;
        POLLOUT = out;
    }

    private JdkPoller() {
    }

    /** @return whether the JDK's poller can be used in this JVM */
    static boolean available() {
        return POLL != null;
    }

    /** The connection's descriptor, or -1 when it cannot be read (cached per connection). */
    private static int fd(Connection conn) {
        FDS_LOCK.lock();
        try {
            Integer fd = FDS.get(conn);
            if (fd == null) {
                try {
                    fd = conn.fileno();
                } catch (RuntimeException e) {
                    fd = -1;
                }
                FDS.put(conn, fd);
            }
            return fd;
        } finally {
            FDS_LOCK.unlock();
        }
    }

    /**
     * Parks the calling virtual thread until the connection's socket is ready for {@code s},
     * the deadline passes, it is interrupted or at most {@link #SLICE_NANOS}.
     *
     * @return false when the JDK poller cannot be used for this connection (use the fallback)
     */
    static boolean park(Connection conn, PollState s, long deadline) throws Throwable {
        int fd = fd(conn);
        if (fd < 0) {
            return false;
        }
        SelectableChannel ch = conn.channel();
        if (ch == null || !ch.isOpen()) {
            return true; // poll() will report the closed connection
        }
        long nanos = SLICE_NANOS;
        if (deadline != Long.MAX_VALUE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            nanos = Math.min(nanos, left);
        }
        int event = s == PollState.WRITE ? POLLOUT : POLLIN;
        POLL.invokeExact(fd, event, nanos, (BooleanSupplier) ch::isOpen);
        return true;
    }
}
