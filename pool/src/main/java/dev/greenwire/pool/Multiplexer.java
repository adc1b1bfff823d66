package dev.greenwire.pool;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.OperationalException;
import dev.greenwire.Pipeline;
import dev.greenwire.PgException;
import dev.greenwire.ServerCursor;
import dev.greenwire.internal.engine.ConnectionAccess;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * {@link ConnectionPool#execute} and friends: autocommit statements of many threads pipelined on
 * a few connections of the pool, each statement with its own Sync (its own implicit
 * transaction and error scope), so that one round trip carries many callers' statements.
 *
 * <p>Requests go round-robin to lanes. A lane has a FIFO queue and at most one driver: the
 * caller that finds the lane idle drives it — borrows a connection from the pool, sends up
 * to {@value #BATCH} queued statements in a {@link Pipeline.Mode#STATEMENTS} pipeline, waits
 * for their results through the connection's wait callback, completes each request and wakes
 * its caller — and then hands the lane to the caller at the head of the queue, or gives the
 * connection back when the queue is empty. Every other caller parks until its request is done
 * or the lane is handed to it. A full queue makes callers park until it has room
 * (back-pressure).
 */
final class Multiplexer {
    /** Statements sent per round trip at most. */
    static final int BATCH = 64;

    private final ConnectionPool pool;
    private final Lane[] lanes;
    private final int maxQueued;
    private final AtomicInteger next = new AtomicInteger();

    Multiplexer(ConnectionPool pool, int lanes, int maxQueued) {
        this.pool = pool;
        this.maxQueued = maxQueued;
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane();
        }
    }

    /**
     * Runs one statement and collects its result from the cursor.
     *
     * @param sql the statement with {@code %s} placeholders
     * @param args its arguments
     * @param collect what to take from the executed cursor
     * @param <R> the result type
     * @return the result
     */
    <R> R run(String sql, Object[] args, Function<Cursor, R> collect) {
        Request<R> r = new Request<>(sql, args, collect, Thread.currentThread());
        Lane lane = lanes[Math.floorMod(next.getAndIncrement(), lanes.length)];
        lane.submit(r);
        return r.await(lane);
    }

    /** One caller's statement. */
    static final class Request<R> {
        final String sql;
        final Object[] args;
        final Function<Cursor, R> collect;
        final Thread caller;
        Cursor cursor;
        R result;
        RuntimeException error;
        /** Set (then the caller unparked) when the request is complete. */
        volatile boolean done;
        /** Set (then the caller unparked) when the lane is handed to this request's caller. */
        volatile boolean driver;

        Request(String sql, Object[] args, Function<Cursor, R> collect, Thread caller) {
            this.sql = sql;
            this.args = args;
            this.collect = collect;
            this.caller = caller;
        }

        R await(Lane lane) {
            boolean interrupted = false;
            while (!done) {
                if (driver) {
                    lane.drive(this);
                    continue;
                }
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    if (lane.withdraw(this)) {
                        Thread.currentThread().interrupt();
                        throw new OperationalException("interrupted while waiting for a multiplexed connection:"
                                + " the statement was not sent");
                    }
                    interrupted = true; // sent already: its result comes, and the flag is kept
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (error != null) {
                throw error;
            }
            return result;
        }

        void complete() {
            done = true;
            LockSupport.unpark(caller);
        }
    }

    /** A queue of requests with at most one driver, and the connection it drives while busy. */
    final class Lane {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition notFull = lock.newCondition();
        private final ArrayDeque<Request<?>> queue = new ArrayDeque<>();
        private boolean driving;
        /** The borrowed connection, kept while the lane has work; touched only by the driver. */
        private Connection conn;

        void submit(Request<?> r) {
            lock.lock();
            try {
                while (queue.size() >= maxQueued) {
                    try {
                        notFull.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new OperationalException("interrupted while waiting for room in the multiplexer's"
                                + " queue: the statement was not sent", e);
                    }
                }
                queue.add(r);
                if (!driving) {
                    driving = true;
                    r.driver = true;
                }
            } finally {
                lock.unlock();
            }
        }

        /** @return whether {@code r} was still queued, and is now removed */
        boolean withdraw(Request<?> r) {
            lock.lock();
            try {
                if (r.driver || !queue.remove(r)) {
                    return false;
                }
                notFull.signal();
                return true;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Runs batches until {@code self} is done, then hands the lane on (or releases the
         * connection when nothing is queued).
         */
        void drive(Request<?> self) {
            List<Request<?>> batch = new ArrayList<>(BATCH);
            while (!self.done) {
                lock.lock();
                try {
                    for (int i = 0; i < BATCH && !queue.isEmpty(); i++) {
                        batch.add(queue.poll());
                    }
                    notFull.signalAll();
                } finally {
                    lock.unlock();
                }
                if (batch.isEmpty()) {
                    break; // cannot happen while self is queued; defensive against a lost request
                }
                runBatch(batch);
                batch.clear();
            }
            Request<?> successor = null;
            lock.lock();
            try {
                if (queue.isEmpty()) {
                    driving = false;
                } else {
                    successor = queue.peek();
                    successor.driver = true; // under the lock: withdraw() then leaves it queued
                }
                self.driver = false;
            } finally {
                lock.unlock();
            }
            if (successor != null) {
                LockSupport.unpark(successor.caller);
            } else {
                release();
            }
        }

        private void release() {
            Connection c = conn;
            conn = null;
            if (c != null) {
                c.close(); // back to the pool; a broken one is replaced there
            }
        }

        /**
         * Sends a batch and completes its requests. The driver waits for other callers'
         * statements as well as its own, so an interrupt of its thread must not fail theirs:
         * it is held back until the batch is done (the flag is set again then), as a parked
         * caller's interrupt is once its statement is sent.
         */
        private void runBatch(List<Request<?>> batch) {
            boolean interrupted = false;
            try {
                interrupted = sendAndCollect(batch);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** @return whether the driver's thread was interrupted while borrowing (the flag is then clear) */
        private boolean sendAndCollect(List<Request<?>> batch) {
            boolean interrupted = false;
            try {
                while (conn == null || conn.isClosed()) {
                    release();
                    try {
                        conn = pool.connection();
                    } catch (OperationalException e) {
                        if (!Thread.interrupted()) {
                            throw e;
                        }
                        interrupted = true; // borrowing for the whole batch: try again
                        continue;
                    }
                    conn.autocommit(true);
                }
            } catch (RuntimeException e) {
                fail(batch, e);
                return interrupted;
            }
            Connection c = conn;
            RuntimeException broken = ConnectionAccess.engine(c).deferringInterrupts(() -> send(c, batch));
            if (broken != null && c.isClosed()) {
                // the connection broke: statements sent may or may not have run; none is retried
                for (Request<?> r : batch) {
                    if (r.error == null) {
                        r.error = new OperationalException("the multiplexed connection broke before this statement's"
                                + " result arrived (it may or may not have run): " + broken.getMessage(), broken);
                    }
                }
                release();
            }
            for (Request<?> r : batch) {
                collect(r);
                r.cursor = null;
                r.complete();
            }
            return interrupted;
        }

        /** @return what broke the round trip, null when every statement was answered */
        private static RuntimeException send(Connection c, List<Request<?>> batch) {
            try (Pipeline p = c.pipeline(Pipeline.Mode.STATEMENTS)) {
                for (Request<?> r : batch) {
                    Cursor cur = c.cursor(ServerCursor::new);
                    r.cursor = cur;
                    try {
                        cur.execute(r.sql, r.args);
                    } catch (RuntimeException e) {
                        if (c.isClosed()) {
                            throw e;
                        }
                        r.error = e; // a bad argument: nothing was sent for it
                        r.cursor = null;
                    }
                }
                closeQuietly(p, c);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }

        private static void closeQuietly(Pipeline p, Connection c) {
            try {
                p.close();
            } catch (PgException e) {
                if (c.isClosed()) {
                    throw e;
                }
                // else one statement failed: its cursor raises its own error; the connection is usable
            }
        }

        private static <R> void collect(Request<R> r) {
            Cursor cur = r.cursor;
            if (r.error != null || cur == null) {
                return;
            }
            try {
                r.result = r.collect.apply(cur);
            } catch (RuntimeException e) {
                r.error = e;
            } finally {
                try {
                    cur.close();
                } catch (RuntimeException ignored) {
                    // a client-side cursor's close does not touch the server
                }
            }
        }

        private static void fail(List<Request<?>> batch, RuntimeException e) {
            for (Request<?> r : batch) {
                r.error = e;
                r.complete();
            }
        }
    }
}
