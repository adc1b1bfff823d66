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
