package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.extras.Waits;
import dev.greenwire.testing.TestServer;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** psycopg2's async behaviours: the caller drives poll() with its own selector. */
@Timeout(120)
class AsyncTest extends PgTest {

    private static final ConnectOptions ASYNC = ConnectOptions.builder().async(true).build();

    /** psycopg2's wait() loop, with a Selector instead of select(). */
    static void waitFor(Connection c) throws IOException {
        try (Selector sel = Selector.open()) {
            for (;;) {
                PollState s = c.poll();
                if (s == PollState.OK) {
                    return;
                }
                SelectionKey k = c.channel().keyFor(sel);
                if (k == null) {
                    k = c.channel().register(sel, 0);
                }
                k.interestOps(Waits.interestOps(c, s));
                sel.select(10_000);
                sel.selectedKeys().clear();
            }
        }
    }

    @Test
    void connectExecuteFetch() throws IOException {
        Connection c = Pg.connect(dsn(), ASYNC);
        try {
            assertTrue(c.isAsync());
            assertNotNull(c.channel(), "the socket is opened by connect");
            assertTrue(c.autocommit());
            OperationalException early = assertThrows(OperationalException.class, c::cursor,
                    "psycopg2 refuses even to make the cursor");
            assertEquals("asynchronous connection attempt underway", early.getMessage());
            waitFor(c);
            assertTrue(c.backendPid() > 0);
            Cursor cur = c.cursor();
            cur.execute("SELECT pg_sleep(0.1), 42; SELECT 'last', %s", 7);
            assertTrue(c.isExecuting());
            ProgrammingException busy = assertThrows(ProgrammingException.class, cur::fetchOne);
            assertEquals("fetchone cannot be used while an asynchronous query is underway", busy.getMessage());
            ProgrammingException again = assertThrows(ProgrammingException.class, () -> cur.execute("SELECT 1"));
            assertEquals("execute cannot be used while an asynchronous query is underway", again.getMessage());
            waitFor(c);
            assertFalse(c.isExecuting());
            assertEquals(List.of("last", 7), cur.fetchOne().toList());
        } finally {
            c.close();
        }
    }

    @Test
    void serverErrorsComeFromPoll() throws IOException {
        try (Connection c = Pg.connect(dsn(), ASYNC)) {
            waitFor(c);
            Cursor cur = c.cursor();
            cur.execute("SELECT * FROM no_such_table_async");
            ProgrammingException e = assertThrows(ProgrammingException.class, () -> waitFor(c));
            assertEquals("42P01", e.pgcode());
            cur.execute("SELECT 1");
            waitFor(c);
            assertEquals(1, cur.fetchOne().get(0));
        }
    }

    @Test
    void refusals() throws IOException {
        try (Connection c = Pg.connect(dsn(), ASYNC)) {
            waitFor(c);
            assertEquals("commit cannot be used in asynchronous mode",
                    assertThrows(ProgrammingException.class, c::commit).getMessage());
            assertEquals("rollback cannot be used in asynchronous mode",
                    assertThrows(ProgrammingException.class, c::rollback).getMessage());
            assertEquals("autocommit cannot be used in asynchronous mode",
                    assertThrows(ProgrammingException.class, () -> c.autocommit(false)).getMessage());
            c.autocommit(true);
            assertThrows(ProgrammingException.class,
                    () -> c.setSession(IsolationLevel.SERIALIZABLE, null, null, null));
            assertThrows(ProgrammingException.class, () -> c.setClientEncoding("LATIN1"));
            assertThrows(ProgrammingException.class, c::reset);
            assertThrows(ProgrammingException.class, () -> c.cursor().executeMany("SELECT %s", List.of(List.of(1))));
            assertEquals("asynchronous connections cannot produce named cursors",
                    assertThrows(ProgrammingException.class, () -> c.cursor("named")).getMessage());
        }
    }

    @Test
    void pollingAnIdleConnectionReadsNotifications() throws Exception {
        try (Connection c = Pg.connect(dsn(), ASYNC); Connection sender = connect()) {
            waitFor(c);
            c.cursor().execute("LISTEN gw_async");
            waitFor(c);
            sender.autocommit(true);
            sender.cursor().execute("NOTIFY gw_async, 'ping'");
            try (Selector sel = Selector.open()) {
                c.channel().register(sel, SelectionKey.OP_READ);
                for (int i = 0; i < 100 && c.notifies().isEmpty(); i++) {
                    sel.select(100);
                    sel.selectedKeys().clear();
                    assertEquals(PollState.OK, c.poll());
                }
            }
            assertEquals("ping", c.notifies().iterator().next().payload());
        }
    }

    @Test
    void failedConnectionsRaiseFromPoll() throws IOException {
        Connection nodb = Pg.connect(dsn() + " dbname=no_such_db_async", ASYNC);
        OperationalException e = assertThrows(OperationalException.class, () -> waitFor(nodb));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(nodb.isClosed());
        int closedPort;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
            closedPort = ss.getLocalPort();
        }
        Connection refused = Pg.connect("host=127.0.0.1 user=postgres port=" + closedPort, ASYNC);
        OperationalException r = assertThrows(OperationalException.class, () -> waitFor(refused));
        assertTrue(r.getMessage().contains("refused"), r.getMessage());
    }

    @Test
    void filenoIsTheSocketsDescriptor() throws IOException {
        try (Connection c = Pg.connect(TestServer.get().dsn(), ASYNC)) {
            waitFor(c);
            // surefire runs this module with the --add-opens flags fileno() documents
            int fd = c.fileno();
            assertTrue(fd > 2, "fd " + fd);
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd)).toString();
            assertTrue(target.startsWith("socket:"), target);
        }
    }

    @Test
    void anAsyncExecuteStartsOnTheServerSoACancelRightAfterStopsIt() throws IOException {
        try (Connection c = Pg.connect(dsn(), ASYNC)) {
            waitFor(c);
            Cursor cur = c.cursor();
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(8), () -> {
                cur.execute("SELECT pg_sleep(20)");
                c.cancel(); // no poll() in between: the statement must be on the server already
                assertThrows(QueryCanceledException.class, () -> waitFor(c));
            });
            cur.execute("SELECT 1");
            waitFor(c);
            assertEquals(1, cur.fetchOne().get(0));
        }
    }
}
