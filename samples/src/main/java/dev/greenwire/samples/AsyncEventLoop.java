package dev.greenwire.samples;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Pg;
import dev.greenwire.PollState;
import dev.greenwire.extras.Waits;
import dev.greenwire.testing.TestServer;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * psycopg2's async {@code wait()} loop, scaled out: one platform thread drives 50 async
 * connections with one {@link Selector}, each connecting and then running a different query.
 */
public final class AsyncEventLoop {
    private AsyncEventLoop() {
    }

    /** One connection's progress through connect → query → done. */
    static final class Task {
        final int id;
        final Connection conn;
        Cursor cursor;
        boolean querying;
        Object result;

        Task(int id, Connection conn) {
            this.id = id;
            this.conn = conn;
        }
    }

    /**
     * Runs the loop against {@code GREENWIRE_DSN} or the embedded server.
     *
     * @param args optional: the number of connections (default 50)
     * @throws IOException when the selector fails
     */
    public static void main(String[] args) throws IOException {
        String dsn = System.getenv("GREENWIRE_DSN");
        if (dsn == null || dsn.isBlank()) {
            dsn = TestServer.get().dsn();
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        List<Task> tasks = run(dsn, n);
        for (Task t : tasks) {
            System.out.println("connection " + t.id + " (pid " + t.conn.backendPid() + "): " + t.result);
            t.conn.close();
        }
    }

    static List<Task> run(String dsn, int n) throws IOException {
        ConnectOptions async = ConnectOptions.builder().async(true).build();
        List<Task> tasks = new ArrayList<>();
        long start = System.nanoTime();
        try (Selector sel = Selector.open()) {
            for (int i = 0; i < n; i++) {
                Task t = new Task(i, Pg.connect(dsn, async));
                tasks.add(t);
                step(t, sel);
            }
            while (tasks.stream().anyMatch(t -> t.result == null)) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("interrupted while connections were pending");
                }
                sel.select(1_000);
                for (SelectionKey k : sel.selectedKeys()) {
                    step((Task) k.attachment(), sel);
                }
                sel.selectedKeys().clear();
            }
        }
        System.out.printf("%d async connections, one thread: %.1f ms%n", n, (System.nanoTime() - start) / 1e6);
        return tasks;
    }

    /** Polls one connection and moves it on; returns true when its query is complete. */
    private static boolean step(Task t, Selector sel) throws IOException {
        PollState s = t.conn.poll();
        if (s == PollState.OK) {
            if (!t.querying) {
                t.querying = true;
                t.cursor = t.conn.cursor();
                // each connection runs a different query
                t.cursor.execute("SELECT %s::int * %s::int AS product, pg_backend_pid()", t.id, t.id + 1);
                s = t.conn.poll();
            }
            if (s == PollState.OK) {
                t.result = t.cursor.fetchOne().toMap();
                SelectionKey k = t.conn.channel().keyFor(sel);
                if (k != null) {
                    k.cancel();
                }
                return true;
            }
        }
        SelectionKey k = t.conn.channel().keyFor(sel);
        int ops = Waits.interestOps(t.conn, s);
        if (k == null) {
            t.conn.channel().register(sel, ops, t);
        } else {
            k.interestOps(ops);
        }
        return false;
    }
}
