package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Connection.lease: a second view on one session whose close ends only the lease; and ping. */
class LeaseTest extends PgTest {

    static final class Tagged extends Connection {
        Tagged(Init init) {
            super(init);
        }
    }

    @Test
    void aLeaseSharesTheSessionAndEndsAlone() {
        try (Connection owner = connect()) {
            List<Connection> ended = new ArrayList<>();
            Connection lease = owner.lease(ended::add, "test owner");
            assertNotSame(owner, lease);
            assertTrue(lease.isLease());
            assertFalse(owner.isLease());
            assertEquals(owner.backendPid(), lease.backendPid());
            lease.cursor().execute("CREATE TEMP TABLE lease_t (v int); INSERT INTO lease_t VALUES (1)");
            assertEquals(TransactionStatus.INTRANS, owner.transactionStatus(), "one transaction, seen from both");
            lease.setNotices(new ArrayList<>());
            assertSame(lease.notices(), owner.notices(), "one notice list");
            lease.close();
            lease.close();
            assertEquals(List.of(lease), ended, "the action ran once, given the lease");
            assertTrue(lease.isClosed());
            assertFalse(owner.isClosed(), "the session lives on");
            InterfaceException e = assertThrows(InterfaceException.class, lease::cursor);
            assertTrue(e.getMessage().contains("test owner"), e.getMessage());
            assertThrows(InterfaceException.class, lease::transactionStatus);
            assertEquals(1L, ((Number) owner.cursor().execute("SELECT count(*) FROM lease_t").fetchOne().get(0)).longValue());
            owner.rollback();
        }
    }

    @Test
    void aLeaseHasItsConnectionsClassAndCannotLeaseAgain() {
        try (Tagged owner = Pg.connect(dsn(), Tagged::new)) {
            Connection lease = owner.lease(c -> { }, null);
            assertInstanceOf(Connection.class, lease);
            assertThrows(ProgrammingException.class, () -> lease.lease(c -> { }, null));
            lease.close();
        }
        ConnectOptions opts = ConnectOptions.builder().connectionFactory(Tagged::new).build();
        try (Connection owner = Pg.connect(dsn(), opts)) {
            assertInstanceOf(Tagged.class, owner.lease(c -> { }, null), "made by the connection factory");
        }
    }

    @Test
    void endingALeaseClosesItsPipelineAndItsCursors() {
        try (Connection owner = connect()) {
            AtomicInteger ends = new AtomicInteger();
            Connection lease = owner.lease(c -> ends.incrementAndGet(), null);
            Cursor cur = lease.cursor();
            Pipeline p = lease.pipeline();
            cur.execute("SELECT 1");
            lease.close();
            assertTrue(p.isClosed(), "the pipeline was synced and closed");
            assertThrows(InterfaceException.class, () -> cur.execute("SELECT 2"));
            assertEquals(1, ends.get());
            try (Pipeline again = owner.pipeline()) {
                assertFalse(again.isClosed(), "the session has no pipeline left open");
            }
            owner.rollback();
        }
    }

    @Test
    void pingIsOneEmptyQueryThatOpensNoTransaction() {
        try (Connection c = connect()) {
            c.ping();
            assertEquals(TransactionStatus.IDLE, c.transactionStatus());
            assertFalse(c.autocommit());
            c.cursor().execute("SELECT 1");
            c.ping();
            assertEquals(TransactionStatus.INTRANS, c.transactionStatus(), "inside a transaction it stays there");
            assertThrows(ProgrammingException.class, () -> c.cursor().execute("SELEC"));
            c.ping();
            assertEquals(TransactionStatus.INERROR, c.transactionStatus());
            c.rollback();
            int pid = c.backendPid();
            try (Connection killer = connect()) {
                killer.autocommit(true);
                killer.cursor().execute("SELECT pg_terminate_backend(%s)", pid);
            }
            waitUntilClosedByServer(c);
            assertTrue(c.isClosed());
        }
    }

    private static void waitUntilClosedByServer(Connection c) {
        for (int i = 0; i < 200 && !c.isClosed(); i++) {
            try {
                c.ping();
            } catch (OperationalException | InterfaceException expected) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
    }
}
