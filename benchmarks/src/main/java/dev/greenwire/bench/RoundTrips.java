package dev.greenwire.bench;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Notify;
import dev.greenwire.Row;
import dev.greenwire.ServerCursor;
import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.greenwire.bench.BenchSupport.*;

/** The round-trip workloads: ping and point (interleaved), concurrency and notify. */
final class RoundTrips {
    private RoundTrips() {
    }

    // ---- ping and point: sequential round trips on one connection ---------------------------

    /** One connection of one driver running round trips, a chunk at a time. */
    interface Seq extends AutoCloseable {
        /** Runs ids[from..to) as round trips, recording each latency at lat[from..to). */
        void chunk(int[] ids, int from, int to, long[] lat) throws Exception;
    }

    static Seq seq(String driver, boolean point) throws Exception {
        switch (driver) {
            case "greenwire", "greenwire-csb": {
                Connection c = greenwire(driver);
                c.autocommit(true);
                Cursor cur = cursor(c, driver);
                return new Seq() {
                    @Override
                    public void chunk(int[] ids, int from, int to, long[] lat) {
                        for (int i = from; i < to; i++) {
                            long a = System.nanoTime();
                            if (point) {
                                Row r = cur.execute(POINT_SQL, ids[i]).fetchOne();
                                consume(r.getInt(0), r.get(1), r.getDouble(2));
                            } else {
                                consume(cur.execute("SELECT 1").fetchOne().get(0));
                            }
                            lat[i] = System.nanoTime() - a;
                        }
                    }

                    @Override
                    public void close() {
                        c.close();
                    }
                };
            }
            case "pgjdbc": {
                java.sql.Connection c = jdbc();
                PreparedStatement ps = c.prepareStatement(point ? POINT_SQL_JDBC : "SELECT 1");
                return new Seq() {
                    @Override
                    public void chunk(int[] ids, int from, int to, long[] lat) throws Exception {
                        for (int i = from; i < to; i++) {
                            long a = System.nanoTime();
                            if (point) {
                                ps.setInt(1, ids[i]);
                            }
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                if (point) {
                                    consume(rs.getInt(1), rs.getString(2), rs.getDouble(3));
                                } else {
                                    consume(rs.getInt(1));
                                }
                            }
                            lat[i] = System.nanoTime() - a;
                        }
                    }

                    @Override
                    public void close() throws Exception {
                        c.close();
                    }
                };
            }
            default: {
                PgConnection c = await(PgConnection.connect(vertx, vertxOptions));
                return new Seq() {
                    @Override
                    public void chunk(int[] ids, int from, int to, long[] lat) throws Exception {
                        CompletableFuture<Void> done = new CompletableFuture<>();
                        AtomicInteger i = new AtomicInteger(from);
                        Runnable[] next = new Runnable[1];
                        next[0] = () -> {
                            int k = i.get();
                            long a = System.nanoTime();
                            Future<RowSet<io.vertx.sqlclient.Row>> f = point
                                    ? c.preparedQuery("SELECT id, name, val FROM bench_point WHERE id = $1").execute(Tuple.of(ids[k]))
                                    : c.preparedQuery("SELECT 1").execute();
                            f.onComplete(ar -> {
                                if (ar.failed()) {
                                    done.completeExceptionally(ar.cause());
                                    return;
                                }
                                io.vertx.sqlclient.Row r = ar.result().iterator().next();
                                if (point) {
                                    consume(r.getInteger(0), r.getString(1), r.getDouble(2));
                                } else {
                                    consume(r.getInteger(0));
                                }
                                lat[k] = System.nanoTime() - a;
                                if (i.incrementAndGet() < to) {
                                    next[0].run();
                                } else {
                                    done.complete(null);
                                }
                            });
                        };
                        next[0].run();
                        done.get(5, TimeUnit.MINUTES);
                    }

                    @Override
                    public void close() throws Exception {
                        await(c.close());
                    }
                };
            }
        }
    }

    /** Interleaved results of ping or point for all drivers of one repeat, computed once per repeat. */
    static final Map<String, M> INTERLEAVED = new java.util.HashMap<>();

    static M ping(String driver) throws Exception {
        return interleaved("ping", driver, false);
    }

    static M point(String driver) throws Exception {
        return interleaved("point", driver, true);
    }

    /**
     * Sequential round trips, measured for every driver at once in interleaved chunks of 500,
     * so that all of them see the same machine state (on this VM a round trip's latency jumps
     * between ~20 and ~60 µs with the host's idle state, whatever the client).
     */
    static M interleaved(String workload, String driver, boolean point) throws Exception {
        String key = workload + "/" + driver;
        M known = INTERLEAVED.remove(key);
        if (known != null) {
            return known;
        }
        List<String> drivers = List.of(System.getProperty("bench.drivers", "greenwire,pgjdbc,vertx").split(","));
        int warm = 3_000;
        int chunk = 500;
        Random rnd = new Random(42);
        int[] ids = new int[warm + PING_OPS];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + rnd.nextInt(POINT_ROWS);
        }
        Map<String, long[]> lat = new LinkedHashMap<>();
        Map<String, long[]> busy = new LinkedHashMap<>();
        onVirtual(() -> {
            Map<String, Seq> clients = new LinkedHashMap<>();
            try {
                for (String d : drivers) {
                    clients.put(d, seq(d, point));
                    lat.put(d, new long[ids.length]);
                    busy.put(d, new long[1]);
                }
                for (int from = 0; from < ids.length; from += chunk) {
                    int to = Math.min(ids.length, from + chunk);
                    for (int k = 0; k < drivers.size(); k++) {
                        String d = drivers.get((k + from / chunk) % drivers.size());
                        long a = System.nanoTime();
                        clients.get(d).chunk(ids, from, to, lat.get(d));
                        if (from >= warm) {
                            busy.get(d)[0] += System.nanoTime() - a;
                        }
                    }
                }
            } finally {
                for (Seq c : clients.values()) {
                    c.close();
                }
            }
            return null;
        });
        for (String d : drivers) {
            long[] timed = Arrays.copyOfRange(lat.get(d), warm, ids.length);
            INTERLEAVED.put(workload + "/" + d, latencies(timed, busy.get(d)[0], timed.length));
        }
        return INTERLEAVED.remove(key);
    }


    // ---- concurrency ---------------------------------------------------------------------------

    static M concurrency(String driver) throws Exception {
        long[] lat = new long[VTHREADS * PER_THREAD];
        AtomicInteger slot = new AtomicInteger();
        List<AutoCloseable> closers = new ArrayList<>();
        java.util.function.IntConsumer query;
        switch (driver) {
            case "greenwire" -> {
                BlockingQueue<Cursor> pool = new ArrayBlockingQueue<>(POOL);
                for (int i = 0; i < POOL; i++) {
                    Connection c = greenwire();
                    c.autocommit(true);
                    closers.add(c);
                    pool.add(c.cursor(ServerCursor::new));
                }
                query = id -> {
                    try {
                        Cursor cur = pool.take();
                        try {
                            Row r = cur.execute(POINT_SQL, id).fetchOne();
                            consume(r.getInt(0), r.get(1), r.getDouble(2));
                        } finally {
                            pool.put(cur);
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
            case "pgjdbc" -> {
                BlockingQueue<PreparedStatement> pool = new ArrayBlockingQueue<>(POOL);
                for (int i = 0; i < POOL; i++) {
                    java.sql.Connection c = jdbc();
                    closers.add(c);
                    pool.add(c.prepareStatement(POINT_SQL_JDBC));
                }
                query = id -> jdbcPoint(pool, id);
            }
            default -> {
                Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(POOL)).connectingTo(vertxOptions)
                        .using(vertx).build();
                closers.add(() -> await(pool.close()));
                query = id -> {
                    try {
                        io.vertx.sqlclient.Row r = await(pool.preparedQuery("SELECT id, name, val FROM bench_point WHERE id = $1")
                                .execute(Tuple.of(id))).iterator().next();
                        consume(r.getInteger(0), r.getString(1), r.getDouble(2));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
        }
        try {
            runThreads(query, null); // warm-up round
            slot.set(0);
            long a = System.nanoTime();
            runThreads(query, (t, nanos) -> lat[slot.getAndIncrement()] = nanos);
            return latencies(lat, System.nanoTime() - a, lat.length);
        } finally {
            for (AutoCloseable c : closers) {
                c.close();
            }
        }
    }

    static void runThreads(java.util.function.IntConsumer query, java.util.function.BiConsumer<Integer, Long> record)
            throws Exception {
        List<Thread> threads = new ArrayList<>(VTHREADS);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < VTHREADS; t++) {
            int seed = t;
            threads.add(Thread.ofVirtual().start(() -> {
                Random rnd = new Random(seed);
                try {
                    for (int q = 0; q < PER_THREAD; q++) {
                        long a = System.nanoTime();
                        query.accept(1 + rnd.nextInt(POINT_ROWS));
                        if (record != null) {
                            record.accept(seed, System.nanoTime() - a);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
    }

    // ---- notify ---------------------------------------------------------------------------------

    /**
     * The listener's thread: virtual (as the table measures) or, with
     * {@code -Dbench.notifyListener=platform}, a platform thread (to see what the virtual
     * thread's wake-up costs).
     */
    private static Thread.Builder listenerThread() {
        String kind = System.getProperty("bench.notifyListener", "virtual");
        return switch (kind) {
            case "virtual" -> Thread.ofVirtual();
            case "platform" -> Thread.ofPlatform();
            default -> throw new IllegalArgumentException("bench.notifyListener: virtual or platform, not " + kind);
        };
    }

    static M notify(String driver) throws Exception {
        long[] lat = new long[NOTIFIES];
        AtomicInteger got = new AtomicInteger();
        Semaphore delivered = new Semaphore(0);
        java.util.function.Consumer<String> onPayload = payload -> {
            int k = got.getAndIncrement();
            if (k < NOTIFIES) {
                lat[k] = System.nanoTime() - Long.parseLong(payload);
            }
            delivered.release();
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread listener = null;
        PgConnection vertxListener = null;
        CompletableFuture<Void> ready = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        switch (driver) {
            case "greenwire", "greenwire-csb" -> listener = listenerThread().start(() -> {
                try (Connection c = greenwire(driver)) {
                    c.autocommit(true);
                    c.cursor().execute("LISTEN bench_notify");
                    ready.complete(null);
                    while (!stop.get()) {
                        for (Notify n : c.awaitNotifies(Duration.ofMillis(200))) {
                            onPayload.accept(n.payload());
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                    ready.complete(null);
                }
            });
            case "pgjdbc" -> listener = listenerThread().start(() -> {
                try (java.sql.Connection c = jdbc()) {
                    c.createStatement().execute("LISTEN bench_notify");
                    org.postgresql.PGConnection pg = c.unwrap(org.postgresql.PGConnection.class);
                    ready.complete(null);
                    while (!stop.get()) {
                        org.postgresql.PGNotification[] ns = pg.getNotifications(200);
                        if (ns != null) {
                            for (org.postgresql.PGNotification n : ns) {
                                onPayload.accept(n.getParameter());
                            }
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                    ready.complete(null);
                }
            });
            default -> {
                vertxListener = await(PgConnection.connect(vertx, vertxOptions));
                vertxListener.notificationHandler(n -> onPayload.accept(n.getPayload()));
                await(vertxListener.query("LISTEN bench_notify").execute());
                ready.complete(null);
            }
        }
        ready.get(1, TimeUnit.MINUTES);
        long a;
        try (java.sql.Connection sender = jdbc(); PreparedStatement ps = sender.prepareStatement("SELECT pg_notify('bench_notify', ?)")) {
            for (int i = 0; i < 50; i++) { // warm-up
                ps.setString(1, Long.toString(System.nanoTime()));
                ps.executeQuery().close();
                if (!delivered.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(driver + ": a notification was not delivered", failure.get());
                }
            }
            got.set(0);
            a = System.nanoTime();
            for (int i = 0; i < NOTIFIES; i++) {
                ps.setString(1, Long.toString(System.nanoTime()));
                ps.executeQuery().close();
                if (!delivered.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(driver + ": a notification was not delivered", failure.get());
                }
            }
        }
        long t = System.nanoTime() - a;
        stop.set(true);
        if (listener != null) {
            listener.join();
        }
        if (vertxListener != null) {
            await(vertxListener.close());
        }
        return latencies(lat, t, NOTIFIES);
    }

}
