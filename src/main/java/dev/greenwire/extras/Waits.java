package dev.greenwire.extras;

import dev.greenwire.Connection;
import dev.greenwire.PollState;
import dev.greenwire.internal.engine.ConnectionAccess;
import dev.greenwire.internal.engine.Engine;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Map;

/**
 * Ready-made wait callbacks (psycopg2's {@code extras.wait_select}) and helpers for writing
 * your own.
 */
public final class Waits {
    private static final String SELECTOR = "selector";

    private Waits() {
    }

    /**
     * The default wait callback: drives {@code conn.poll()} and waits on a {@link Selector}
     * cached per connection (made on the first wait, closed with the connection), honouring
     * {@link Connection#waitDeadline()} and thread interrupts. On a virtual thread a Selector
     * wait pins the carrier on JDK 21–23: use the parking strategy of
     * {@code greenwire-waitstrategies} there.
     *
     * @param conn the connection
     * @throws IOException when the selector fails
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public static void waitSelect(Connection conn) throws IOException, InterruptedException {
        Selector sel = null;
        SelectionKey key = null;
        for (;;) {
            PollState s = conn.poll();
            if (s == PollState.OK) {
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            try {
                if (sel == null) {
                    sel = selectorOf(conn);
                }
                SelectableChannel ch = conn.channel();
                if (key == null || key.channel() != ch || !key.isValid()) {
                    key = ch.keyFor(sel);
                    if (key == null || !key.isValid()) {
                        sel.selectNow();
                        key = ch.register(sel, 0);
                    }
                }
                key.interestOps(interestOps(conn, s));
                long deadline = conn.waitDeadline();
                if (deadline == Long.MAX_VALUE) {
                    sel.select();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left > 0) {
                        sel.select(Math.max(1, (left + 999_999) / 1_000_000));
                    }
                }
                sel.selectedKeys().clear();
            } catch (java.nio.channels.ClosedSelectorException | java.nio.channels.CancelledKeyException
                    | java.nio.channels.ClosedChannelException e) {
                // close() from another thread closes the connection's selector to wake us up
                throw new dev.greenwire.OperationalException("the connection was closed while waiting", e);
            }
        }
    }

    private static Selector selectorOf(Connection conn) throws IOException {
        Engine engine = ConnectionAccess.engine(conn);
        Map<String, Object> att = engine.attachments();
        Object s = att.get(SELECTOR);
        if (s instanceof Selector sel && sel.isOpen()) {
            return sel;
        }
        Selector sel = Selector.open();
        att.put(SELECTOR, sel);
        return sel;
    }

    /**
     * The {@link SelectionKey} interest set that matches what {@code poll()} asked for: OP_READ
     * for READ; for WRITE, OP_CONNECT while the TCP connection is being established and OP_WRITE
     * after that (the JDK reports a pending connect only as OP_CONNECT).
     *
     * @param conn the connection
     * @param state what the last poll returned
     * @return the interest ops; 0 for OK
     */
    public static int interestOps(Connection conn, PollState state) {
        return switch (state) {
            case READ -> SelectionKey.OP_READ;
            case WRITE -> ConnectionAccess.engine(conn).connectPending() ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
            case OK -> 0;
        };
    }
}
