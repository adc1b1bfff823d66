package dev.greenwire;

import dev.greenwire.testing.TestServer;

/** Shared helpers: every test talks to the real server that {@link TestServer} provides. */
public abstract class PgTest {
    protected static String dsn() {
        return TestServer.get().dsn();
    }

    protected static Connection connect() {
        return Pg.connect(dsn());
    }

    protected static Connection connect(ConnectOptions opts) {
        return Pg.connect(dsn(), opts);
    }

    /** Runs one statement in autocommit on a fresh connection and returns the first value. */
    protected static Object scalar(String sql, Object... args) {
        try (Connection c = connect()) {
            c.autocommit(true);
            Row r = c.cursor().execute(sql, args).fetchOne();
            return r == null ? null : r.get(0);
        }
    }

    /**
     * Waits until {@code pg_stat_activity}, read through {@code observer} (in autocommit, so
     * that each look takes a fresh snapshot), shows backend {@code pid} running {@code query}:
     * state {@code active} and exactly that text.
     *
     * @throws AssertionError naming what was last seen when it does not within {@code max}
     */
    protected static void awaitActive(Connection observer, int pid, String query, java.time.Duration max) {
        if (!observer.autocommit()) {
            throw new IllegalArgumentException("the observer must be in autocommit: a transaction sees one snapshot");
        }
        long deadline = System.nanoTime() + max.toNanos();
        String last = "no row";
        for (;;) {
            Row r = observer.cursor().execute("SELECT state, query FROM pg_stat_activity WHERE pid = %s", pid)
                    .fetchOne();
            if (r != null) {
                if ("active".equals(r.get(0)) && query.equals(r.get(1))) {
                    return;
                }
                last = "state " + r.get(0) + ", query " + r.get(1);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("backend " + pid + " never ran '" + query + "' within " + max
                        + " (last seen: " + last + ")");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for backend " + pid, e);
            }
        }
    }

    /** Runs statements in autocommit on a fresh connection. */
    protected static void exec(String... sqls) {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            for (String s : sqls) {
                cur.execute(s);
            }
        }
    }
}
