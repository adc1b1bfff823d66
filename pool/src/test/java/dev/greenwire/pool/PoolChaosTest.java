package dev.greenwire.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.Connection;
import dev.greenwire.DataException;
import dev.greenwire.OperationalException;
import dev.greenwire.QueryCanceledException;
import dev.greenwire.Row;
import dev.greenwire.TransactionRollbackException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pool under every kind of trouble at once: 100 virtual threads draw random operations for
 * eight seconds — multiplexed statements (some failing on their own), interrupts of waiting and
 * driving callers, transfers (some abandoned, some deadlocked), cancels from other threads,
 * backends terminated under the pool, and resize, drain and check while all this runs. Each
 * operation checks its rows and accepts only the errors its kind of trouble explains; the money
 * is all there afterwards and the pool still serves.
 */
@Timeout(180)
class PoolChaosTest {
    private static final int WORKERS = 100;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(8);
    private static final String BROKE = "the multiplexed connection broke";

    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ReentrantLock adminLock = new ReentrantLock();
    private final java.util.concurrent.atomic.AtomicInteger transfers = new java.util.concurrent.atomic.AtomicInteger();

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    @Test
    void aPoolUnderEveryKindOfTroubleKeepsItsPromises() throws Exception {
        String app = PoolTestSupport.app("chaos");
        long seed = System.nanoTime();
        try (Connection admin = PoolTestSupport.direct()) {
            admin.cursor().execute("DROP TABLE IF EXISTS pool_chaos_kv, pool_chaos_acct");
            admin.cursor().execute("CREATE TABLE pool_chaos_kv (id int PRIMARY KEY, name text NOT NULL)");
            admin.cursor().execute("INSERT INTO pool_chaos_kv SELECT g, 'name ' || g FROM generate_series(1, 10000) g");
            admin.cursor().execute("CREATE TABLE pool_chaos_acct (id int PRIMARY KEY, bal bigint NOT NULL)");
            admin.cursor().execute("INSERT INTO pool_chaos_acct SELECT g, 1000 FROM generate_series(1, 20) g");
            try (ConnectionPool pool = PoolTestSupport.builder(app).minSize(8).maxSize(8)
                    .timeout(Duration.ofSeconds(60)).check(ConnectionPool::checkConnection).build();
                    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                pool.waitReady(Duration.ofSeconds(30));
                long end = System.nanoTime() + RUN_NANOS;
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    Random r = new Random(seed + w);
                    boolean first = w == 0;
                    running.add(threads.submit(() -> work(pool, admin, app, threads, r, end, first)));
                }
                for (Future<?> f : running) {
                    try {
                        f.get(RUN_NANOS / 1_000_000_000 + 90, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        failures.add("a worker still runs long after the end: an operation hangs");
                        f.cancel(true);
                    }
                }
                assertTrue(failures.isEmpty(), "seed " + seed + ": " + failures.size() + " failures, the first: "
                        + failures.stream().limit(5).toList() + "; outcomes " + outcomes);
                long money = pool.withConnection(c -> c.cursor().execute("SELECT sum(bal) FROM pool_chaos_acct")
                        .fetchOne().getLong(0));
                assertEquals(20_000, money, "money made or lost; outcomes " + outcomes);
                for (int id = 1; id <= 32; id++) {
                    Row row = pool.fetchOne("SELECT id, name FROM pool_chaos_kv WHERE id = %s", id);
                    assertEquals("name " + id, row.get(1));
                }
                for (String kind : List.of("mux ok", "mux error DataException", "transfer ok", "transfer abandoned",
                        "interrupt", "cancel", "kill ok", "resize ok", "drain ok", "check ok")) {
                    assertTrue(outcomes.keySet().stream().anyMatch(k -> k.startsWith(kind)),
                            "no '" + kind + "' in " + outcomes + " (seed " + seed + ")");
                }
            }
        }
    }

    /**
     * @param first the first worker starts with one operation of each kind (the second transfer of
     *              the run is abandoned), so that every kind of trouble happens however slow the machine
     */
    private Void work(ConnectionPool pool, Connection admin, String app, ExecutorService threads, Random r, long end,
            boolean first) {
        java.util.ArrayDeque<Integer> script = new java.util.ArrayDeque<>();
        if (first) {
            for (int op : new int[] {0, 650, 720, 760, 760, 800, 900, 905, 910, 913, 916}) {
                script.add(op);
            }
        }
        while (!script.isEmpty() || System.nanoTime() - end < 0) {
            int op = script.isEmpty() ? r.nextInt(1000) : script.poll();
            String name = "?";
            try {
                if (op < 650) {
                    name = "mux";
                    int id = 1 + r.nextInt(10_000);
                    Row row = pool.fetchOne("SELECT id, name FROM pool_chaos_kv WHERE id = %s", id);
                    if (row == null || row.getInt(0) != id || !("name " + id).equals(row.get(1))) {
                        failures.add("mux: another row for id " + id + ": " + row);
                    }
                } else if (op < 720) {
                    name = "mux error";
                    int id = 1 + r.nextInt(10_000);
                    try {
                        pool.fetchOne("SELECT id / (id - %s) FROM pool_chaos_kv WHERE id = %s", id, id);
                        failures.add("mux error: a division by zero succeeded");
                    } catch (DataException e) {
                        name = "mux error DataException";
                    }
                } else if (op < 760) {
                    name = "mux fetch";
                    int from = 1 + r.nextInt(9_990);
                    List<Row> rows = pool.fetch("SELECT id FROM pool_chaos_kv WHERE id >= %s ORDER BY id LIMIT 10", from);
                    for (int i = 0; i < 10; i++) {
                        if (rows.get(i).getInt(0) != from + i) {
                            failures.add("mux fetch: row " + i + " is " + rows.get(i));
                            break;
                        }
                    }
                } else if (op < 800) {
                    name = transfer(pool, r);
                } else if (op < 900) {
                    name = interrupt(pool, threads, r);
                } else if (op < 905) {
                    name = "kill";
                    adminLock.lock();
                    try {
                        admin.cursor().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                + " WHERE application_name = %s ORDER BY random() LIMIT 1", app);
                    } finally {
                        adminLock.unlock();
                    }
                } else if (op < 910) {
                    name = "resize";
                    pool.resize(2 + r.nextInt(7), 8);
                } else if (op < 913) {
                    name = "drain";
                    pool.drain();
                } else if (op < 916) {
                    name = "check";
                    pool.check();
                } else {
                    name = cancel(pool, threads, r);
                }
                count(name + " ok");
            } catch (OperationalException e) {
                // what a terminated backend explains: its 57P01, or a multiplexed round trip it broke
                if ("57P01".equals(e.pgcode()) || String.valueOf(e.getMessage()).startsWith(BROKE)) {
                    count(name + " terminated");
                } else {
                    failures.add(name + ": unexpected " + e);
                }
            } catch (Exception | AssertionError e) {
                failures.add(name + ": " + e);
            } finally {
                Thread.interrupted();
            }
        }
        return null;
    }

    private String transfer(ConnectionPool pool, Random r) {
        try (Connection c = pool.connection()) {
            int from = 1 + r.nextInt(20);
            int to = 1 + r.nextInt(20);
            int amount = 1 + r.nextInt(50);
            c.cursor().execute("UPDATE pool_chaos_acct SET bal = bal - %s WHERE id = %s", amount, from);
            if (transfers.getAndIncrement() % 10 == 1) {
                return "transfer abandoned"; // the pool rolls it back on return
            }
            c.cursor().execute("UPDATE pool_chaos_acct SET bal = bal + %s WHERE id = %s", amount, to);
            c.commit();
            return "transfer";
        } catch (TransactionRollbackException e) {
            return "transfer deadlock " + e.pgcode(); // two transfers in opposite directions
        }
    }

    private String interrupt(ConnectionPool pool, ExecutorService threads, Random r) throws Exception {
        Thread me = Thread.currentThread();
        long delayMicros = r.nextInt(1500);
        Future<?> interrupter = threads.submit(() -> {
            LockSupport.parkNanos(delayMicros * 1000);
            me.interrupt();
        });
        String outcome;
        try {
            int id = 1 + r.nextInt(10_000);
            Row row = pool.fetchOne("SELECT id, name FROM pool_chaos_kv WHERE id = %s", id);
            if (row == null || row.getInt(0) != id) {
                failures.add("interrupt: another row for id " + id + ": " + row);
            }
            outcome = "interrupt finished";
        } catch (OperationalException e) {
            String m = String.valueOf(e.getMessage());
            if (!m.startsWith("interrupted while waiting") && !m.startsWith(BROKE) && !"57P01".equals(e.pgcode())) {
                throw e;
            }
            outcome = "interrupt withdrawn";
        } finally {
            awaitUninterruptibly(interrupter); // never let it reach the worker's next operation
        }
        return outcome;
    }

    private static String cancel(ConnectionPool pool, ExecutorService threads, Random r) throws Exception {
        try (Connection c = pool.connection()) {
            long delayMicros = r.nextInt(20_000);
            Future<?> canceller = threads.submit(() -> {
                LockSupport.parkNanos(delayMicros * 1000);
                c.cancel();
            });
            String outcome;
            try {
                c.cursor().execute("SELECT count(*) FROM generate_series(1, 300000)");
                outcome = "cancel finished";
            } catch (QueryCanceledException e) {
                outcome = "cancel 57014";
            } finally {
                awaitUninterruptibly(canceller); // never let it reach the connection's next user
            }
            c.rollback();
            assertEquals(7, c.cursor().execute("SELECT 7").fetchOne().getInt(0), "after a cancel");
            return outcome;
        }
    }

    private static void awaitUninterruptibly(Future<?> f) throws Exception {
        for (;;) {
            try {
                f.get(30, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                // the interrupt this operation provoked: cleared by the worker loop
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof dev.greenwire.PgException)) {
                    throw e;
                }
                return; // a cancel of a connection a terminated backend closed meanwhile: nothing to cancel
            }
        }
    }
}
