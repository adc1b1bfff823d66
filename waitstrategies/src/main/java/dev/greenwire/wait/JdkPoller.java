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
    private static final MethodHandle POLL;
    private static final int POLLIN;
    private static final int POLLOUT;
    /**
     * Slots of open connections by socket channel (shared by a connection and its leases; a
     * slot is dropped by the connection's close hook).
     */
    private static final Map<SelectableChannel, Slot> SLOTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Per connection: its descriptor and the thread parked on it (woken by the close hook). */
    private static final class Slot {
        final int fd;
        volatile Thread waiter;

        Slot(int fd) {
            this.fd = fd;
        }
    }
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

    /** The connection's slot (its descriptor is -1 when it cannot be read), made once per connection. */
    private static Slot slot(Connection conn, SelectableChannel ch) {
        Slot slot = SLOTS.get(ch);
        if (slot != null) {
            return slot;
        }
        FDS_LOCK.lock();
        try {
            slot = SLOTS.get(ch);
            if (slot == null) {
                int fd;
                try {
                    fd = conn.fileno();
                } catch (RuntimeException e) {
                    fd = -1;
                }
                Slot made = new Slot(fd);
                slot = made;
                SLOTS.put(ch, slot);
                conn.onClose(() -> {
                    SLOTS.remove(ch);
                    Thread t = made.waiter;
                    if (t != null) {
                        java.util.concurrent.locks.LockSupport.unpark(t);
                    }
                });
            }
            return slot;
        } finally {
            FDS_LOCK.unlock();
        }
    }

    /**
     * Parks the calling virtual thread until the connection's socket is ready for {@code s},
     * the deadline passes, it is interrupted or the connection is closed.
     *
     * @return false when the JDK poller cannot be used for this connection (use the fallback)
     */
    static boolean park(Connection conn, PollState s, long deadline) throws Throwable {
        SelectableChannel ch = conn.channel();
        if (ch == null || !ch.isOpen()) {
            return true; // poll() will report the closed connection
        }
        Slot slot = slot(conn, ch);
        if (slot.fd < 0) {
            return false;
        }
        long nanos = 0; // no timeout: no timer task per park; close() wakes us through the hook
        if (deadline != Long.MAX_VALUE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            nanos = left;
        }
        int event = s == PollState.WRITE ? POLLOUT : POLLIN;
        slot.waiter = Thread.currentThread();
        try {
            if (ch.isOpen()) {
                POLL.invokeExact(slot.fd, event, nanos, (BooleanSupplier) ch::isOpen);
            }
        } finally {
            slot.waiter = null;
        }
        return true;
    }
}
