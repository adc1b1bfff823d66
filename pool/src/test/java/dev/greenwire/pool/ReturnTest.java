package dev.greenwire.pool;

import static dev.greenwire.pool.PoolTestSupport.builder;
import static dev.greenwire.pool.PoolTestSupport.eventually;
import static dev.greenwire.pool.PoolTestSupport.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Pipeline;
import dev.greenwire.PgException;
import dev.greenwire.ProgrammingException;
import dev.greenwire.TransactionStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What happens to a connection given back, withConnection, the hooks and the stats. */
class ReturnTest {
    private static Connection observer;

    @BeforeAll
    static void table() {
        observer = PoolTestSupport.direct();
        observer.cursor().execute("DROP TABLE IF EXISTS pool_ret; CREATE TABLE pool_ret (id int PRIMARY KEY, note text)");
    }

    @AfterAll
    static void done() {
        observer.close();
    }

    private static long count(int id) {
        return ((Number) observer.cursor().execute("SELECT count(*) FROM pool_ret WHERE id = %s", id).fetchOne().get(0))
                .longValue();
    }

    @Test
    void anOpenTransactionIsRolledBack() {
        try (ConnectionPool pool = builder(PoolTestSupport.app("ret_tx")).minSize(1).build()) {
            try (Connection c = pool.connection()) {
                c.cursor().execute("INSERT INTO pool_ret VALUES (1, 'uncommitted')");
                assertEquals(TransactionStatus.INTRANS, c.transactionStatus());
            }
            assertEquals(0, count(1), "the uncommitted row is gone");
            try (Connection c = pool.connection()) {
                assertEquals(TransactionStatus.IDLE, c.transactionStatus());
                c.cursor().execute("INSERT INTO pool_ret VALUES (1, 'again')");
                c.commit();
            }
            assertEquals(1, count(1));
            assertEquals(0, stat(pool, "returnsBad"), "a rollback is not a bad return");
        }
    }

    @Test
    void aFailedTransactionIsRolledBack() {
        try (ConnectionPool pool = builder(PoolTestSupport.app("ret_failed")).minSize(1).build()) {
            int pid;
            try (Connection c = pool.connection()) {
                pid = c.backendPid();
                c.cursor().execute("INSERT INTO pool_ret VALUES (2, 'x')");
                assertThrows(PgException.class, () -> c.cursor().execute("SELECT * FROM no_such_table"));
                assertEquals(TransactionStatus.INERROR, c.transactionStatus());
            }
            try (Connection c = pool.connection()) {
                assertEquals(pid, c.backendPid(), "the same connection, rolled back and reused");
                assertEquals(TransactionStatus.IDLE, c.transactionStatus());
                assertEquals(1, ((Number) c.cursor().execute("SELECT 1").fetchOne().get(0)).intValue());
            }
            assertEquals(0, count(2));
        }
    }

    @Test
    void aConnectionReturnedMidQueryIsClosedAndReplaced() throws Exception {
        String app = PoolTestSupport.app("ret_busy");
        try (ConnectionPool pool = builder(app).minSize(1).build()) {
            Connection c = pool.connection();
            int pid = c.backendPid();
            CompletableFuture<Throwable> query = CompletableFuture.supplyAsync(() -> {
                try {
                    c.cursor().execute("SELECT pg_sleep(30)");
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }, r -> Thread.ofVirtual().start(r));
            eventually(Duration.ofSeconds(10), "the query runs", c::isExecuting);
            pool.putConn(c); // from another thread, while the query runs
            Throwable t = query.get(20, TimeUnit.SECONDS);
            assertInstanceOf(PgException.class, t, "the borrower's query is cut off");
            try (Connection again = pool.connection(Duration.ofSeconds(10))) {
                assertNotEquals(pid, again.backendPid(), "a new connection replaced it");
                assertEquals(1, ((Number) again.cursor().execute("SELECT 1").fetchOne().get(0)).intValue());
            }
            assertEquals(1, stat(pool, "returnsBad"));
            assertEquals(1, stat(pool, "poolSize"));
            eventually(Duration.ofSeconds(10), "the old backend is gone",
                    () -> !PoolTestSupport.backends(observer, app).contains(pid));
        }
    }

    @Test
    void aNamedCursorOrAPipelineLeftOpenDoesNotReachTheNextBorrower() {
        try (ConnectionPool pool = builder(PoolTestSupport.app("ret_open")).minSize(1).build()) {
            try (Connection c = pool.connection()) {
                Cursor named = c.cursor("pool_cur");
                named.execute("SELECT g FROM generate_series(1, 1000) g");
                assertEquals(1, ((Number) named.fetchOne().get(0)).intValue());
            }
            try (Connection c = pool.connection()) {
                Cursor named = c.cursor("pool_cur");
                named.execute("SELECT g FROM generate_series(5, 10) g");
                assertEquals(5, ((Number) named.fetchOne().get(0)).intValue(), "the name is free again");
                c.rollback();
            }
            try (Connection c = pool.connection()) {
                Pipeline p = c.pipeline();
                c.cursor().execute("INSERT INTO pool_ret VALUES (3, 'in a pipeline')");
                assertFalse(p.isClosed());
            }
            assertEquals(0, count(3), "the pipeline's transaction was rolled back");
            try (Connection c = pool.connection(); Pipeline p = c.pipeline()) {
                c.cursor().execute("SELECT 1");
                p.sync();
            }
        }
    }

    @Test
    void withConnectionCommitsOrRollsBack() {
        try (ConnectionPool pool = builder(PoolTestSupport.app("ret_with")).minSize(1).build()) {
            int got = pool.withConnection(c -> {
                c.cursor().execute("INSERT INTO pool_ret VALUES (4, 'committed')");
                return 42;
            });
            assertEquals(42, got);
            assertEquals(1, count(4));
            IllegalStateException boom = assertThrows(IllegalStateException.class, () -> pool.withConnection(c -> {
                c.cursor().execute("INSERT INTO pool_ret VALUES (5, 'rolled back')");
                throw new IllegalStateException("boom");
            }));
            assertEquals("boom", boom.getMessage());
            assertEquals(0, count(5));
            CompletionException checked = assertThrows(CompletionException.class, () -> pool.withConnection(c -> {
                c.cursor().execute("INSERT INTO pool_ret VALUES (6, 'rolled back')");
                throw new IOException("disk");
            }));
            assertInstanceOf(IOException.class, checked.getCause());
            assertEquals(0, count(6));
            assertThrows(dev.greenwire.OperationalException.class, () -> pool.withConnection(c -> {
                c.cursor().execute("INSERT INTO pool_ret VALUES (7, 'lost')");
                try {
                    c.cursor().execute("SELECT 1/0");
                } catch (dev.greenwire.DataException swallowed) {
                    // the transaction is failed now: nothing can be committed
                }
                return null;
            }), "a failed transaction is reported, not silently lost");
            assertEquals(0, count(7));
            assertEquals(0, stat(pool, "returnsBad"));
            assertEquals(4, stat(pool, "requestsNum"));
        }
    }

    @Test
    void withConnectionReportsALostConnectionThatTheWorkSwallowed() {
        try (ConnectionPool pool = builder(PoolTestSupport.app("ret_lost")).minSize(1).build()) {
            dev.greenwire.OperationalException e = assertThrows(dev.greenwire.OperationalException.class,
                    () -> pool.withConnection(c -> {
                        c.cursor().execute("INSERT INTO pool_ret VALUES (8, 'lost with the connection')");
                        observer.cursor().execute("SELECT pg_terminate_backend(%s, 10000)", c.backendPid());
                        try {
                            c.cursor().execute("INSERT INTO pool_ret VALUES (9, 'never')");
                        } catch (PgException swallowed) {
                            // the work hides the failure: withConnection must not report success
                        }
                        return "ok";
                    }));
            assertTrue(e.getMessage().contains("not committed"), e.getMessage());
            assertEquals(0, count(8));
            try (Connection c = pool.connection(Duration.ofSeconds(10))) {
                assertEquals(1, ((Number) c.cursor().execute("SELECT 1").fetchOne().get(0)).intValue());
            }
        }
    }

    @Test
    void hooksRunWhereTheySay() {
        AtomicInteger configured = new AtomicInteger();
        AtomicInteger checked = new AtomicInteger();
        AtomicInteger reset = new AtomicInteger();
        try (ConnectionPool pool = builder(PoolTestSupport.app("ret_hooks")).minSize(2)
                .configure(c -> {
                    configured.incrementAndGet();
                    c.autocommit(true);
                    c.cursor().execute("SET application_name = 'configured'");
                })
                .check(c -> {
                    checked.incrementAndGet();
                    ConnectionPool.checkConnection(c);
                })
                .reset(c -> {
                    reset.incrementAndGet();
                    c.cursor().execute("RESET search_path");
                })
                .build()) {
            pool.waitReady(Duration.ofSeconds(10));
            for (int i = 0; i < 5; i++) {
                try (Connection c = pool.connection()) {
                    assertTrue(c.autocommit(), "configure's autocommit is the baseline");
                    assertEquals("configured", c.parameterStatus("application_name"));
                    c.cursor().execute("SET search_path = nowhere");
                    c.autocommit(false);
                }
            }
            assertEquals(2, configured.get());
            assertEquals(5, checked.get());
            assertEquals(5, reset.get());
            try (Connection c = pool.connection()) {
                assertTrue(c.autocommit(), "autocommit restored on return");
                assertEquals("\"$user\", public", c.cursor().execute("SHOW search_path").fetchOne().get(0));
            }
        }
        try (ConnectionPool pool = builder(PoolTestSupport.app("ret_badcheck")).minSize(1)
                .check(c -> {
                    throw new ProgrammingException("refused by check");
                }).build()) {
            PoolTimeoutException e = assertThrows(PoolTimeoutException.class, () -> pool.connection(Duration.ofMillis(800)));
            assertTrue(stat(pool, "connectionsLost") >= 1, "every connection the check refuses is discarded: " + e);
        }
    }

    @Test
    void checkConnectionLeavesTheConnectionAsItWas() {
        try (ConnectionPool pool = builder(PoolTestSupport.app("ret_checkconn")).minSize(1).build();
                Connection c = pool.connection()) {
            ConnectionPool.checkConnection(c);
            assertEquals(TransactionStatus.IDLE, c.transactionStatus());
            assertFalse(c.autocommit());
            c.close();
            assertThrows(dev.greenwire.InterfaceException.class, () -> ConnectionPool.checkConnection(c));
        }
    }

    @Test
    void statsCountWhatHappened() throws Exception {
        try (ConnectionPool pool = builder(PoolTestSupport.app("ret_stats")).minSize(2).maxSize(3).build()) {
            pool.waitReady(Duration.ofSeconds(10));
            Map<String, Long> s = pool.stats();
            assertEquals(List.of("poolMin", "poolMax", "poolSize", "poolAvailable", "requestsWaiting", "requestsNum",
                    "requestsQueued", "requestsWaitMs", "requestsErrors", "usageMs", "returnsBad", "connectionsNum",
                    "connectionsMs", "connectionsErrors", "connectionsLost"), List.copyOf(s.keySet()));
            assertEquals(2, s.get("poolMin"));
            assertEquals(3, s.get("poolMax"));
            assertEquals(2, s.get("poolSize"));
            assertEquals(2, s.get("poolAvailable"));
            assertEquals(2, s.get("connectionsNum"));
            Connection a = pool.connection();
            Connection b = pool.connection();
            Connection c = pool.connection(); // the third has to wait for a new connection
            assertThrows(PoolTimeoutException.class, () -> pool.connection(Duration.ofMillis(100)));
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            a.close();
            b.close();
            c.close();
            s = pool.popStats();
            assertEquals(4, s.get("requestsNum"));
            assertEquals(2, s.get("requestsQueued"));
            assertEquals(1, s.get("requestsErrors"));
            assertEquals(3, s.get("connectionsNum"));
            assertEquals(3, s.get("poolSize"));
            assertEquals(3, s.get("poolAvailable"));
            assertTrue(s.get("usageMs") >= 50, "usage " + s.get("usageMs"));
            assertTrue(s.get("requestsWaitMs") >= 0);
            Map<String, Long> after = pool.stats();
            assertEquals(0, after.get("requestsNum"), "popStats reset the counters");
            assertEquals(0, after.get("connectionsNum"));
            assertEquals(3, after.get("poolSize"), "not the gauges");
            assertSame(null, after.get("nonsense"));
        }
    }
}
