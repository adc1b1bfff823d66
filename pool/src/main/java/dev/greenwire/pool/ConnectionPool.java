package dev.greenwire.pool;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.OperationalException;
import dev.greenwire.Row;
import dev.greenwire.TransactionStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A pool of Greenwire connections for virtual-thread servers: psycopg_pool's
 * {@code ConnectionPool} rendered in Java.
 *
 * <pre>{@code
 * ConnectionPool pool = ConnectionPool.builder("host=db dbname=app").minSize(4).maxSize(16).build();
 * try (Connection conn = pool.connection()) {   // close() gives it back
 *     conn.cursor().execute("INSERT INTO t VALUES (%s)", 1);
 *     conn.commit();
 * }
 * long n = pool.withConnection(conn -> conn.cursor().execute("SELECT count(*) FROM t").fetchOne().getLong(0));
 * }</pre>
 *
 * <p>A borrowed connection is a lease ({@link Connection#lease}): the caller's alone until its
 * {@code close()}, after which every call through that reference raises
 * {@link dev.greenwire.InterfaceException} while the connection lives on in the pool.
 * Borrowers wait in strict FIFO order, parked (a virtual thread unmounts; no thread per
 * waiter). Connections are opened, expired and watched by a few daemon threads of the pool,
 * never on a borrower's call path once {@code minSize} connections exist: an idle connection
 * that the server closes (shutdown, {@code pg_terminate_backend}) is seen by the pool's
 * watcher and replaced, and a connection idle for more than a millisecond is probed without
 * blocking (one read) before it is handed out, so the pool never hands out a connection it
 * knows to be broken (one given back less than a millisecond ago was just working, and
 * skipping the probe keeps a busy pool free of system calls).
 *
 * <p>A DB-API connection opens a transaction with its first statement, so a borrower that
 * neither commits nor uses {@link #withConnection} has its transaction rolled back on return:
 * one more round trip per borrow. A read-mostly server should make its connections
 * autocommit in {@code configure} ({@code .configure(c -> c.autocommit(true))}).
 *
 * <p>Returned connections: idle ones are reused; one in a transaction is rolled back (with a
 * WARN); one in the middle of an operation, or broken, is closed and replaced; then the
 * {@code reset} hook runs. The autocommit setting is restored to what it was after
 * {@code configure}, and the default notice and notification lists are emptied; other session
 * changes are the {@code reset} hook's job.
 */
public final class ConnectionPool implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Pool pool;
    private final Multiplexer mux;

    private ConnectionPool(PoolConfig config) {
        this.pool = new Pool(config, this);
        this.mux = new Multiplexer(this, config.multiplexLanes(), config.multiplexQueue());
        pool.open();
    }

    /**
     * A builder for a pool of connections to {@code dsn}.
     *
     * @param dsn a libpq key=value string or a {@code postgresql://} URI
     * @return the builder
     */
    public static Builder builder(String dsn) {
        return new Builder(dsn, ConnectOptions.defaults());
    }

    /**
     * A builder for a pool of connections to {@code dsn} made with {@code options} (a
     * connection or cursor factory, a wait callback…); async options are refused.
     *
     * @param dsn a libpq key=value string or a {@code postgresql://} URI
     * @param options how each connection is made
     * @return the builder
     */
    public static Builder builder(String dsn, ConnectOptions options) {
        return new Builder(dsn, options);
    }

    /**
     * Borrows a connection, waiting up to the pool's {@code timeout}.
     *
     * @return the connection; {@code close()} gives it back
     * @throws PoolTimeoutException when none became available in time
     * @throws TooManyRequestsException when {@code maxWaiting} borrowers wait already
     * @throws PoolClosedException when the pool is closed
     * @throws dev.greenwire.OperationalException when the thread is interrupted while waiting
     *         (its interrupt flag stays set)
     */
    public Connection connection() {
        return pool.borrow(pool.config.timeoutNanos());
    }

    /**
     * Borrows a connection, waiting up to {@code timeout}.
     *
     * @param timeout how long to wait at most (positive)
     * @return the connection; {@code close()} gives it back
     */
    public Connection connection(Duration timeout) {
        return pool.borrow(Builder.positive("timeout", timeout));
    }

    /** @return a borrowed connection, as {@link #connection()}; give it back with {@link #putConn} or its {@code close()} */
    public Connection getConn() {
        return connection();
    }

    /**
     * Gives back a connection borrowed from this pool (the same as its {@code close()}).
     *
     * @param conn the borrowed connection
     * @throws dev.greenwire.InterfaceException when it was already given back, or does not
     *         come from this pool
     */
    public void putConn(Connection conn) {
        pool.putConn(Objects.requireNonNull(conn, "conn"));
    }

    /**
     * Runs {@code work} with a borrowed connection: commits when it returns (unless the
     * connection is in autocommit mode), rolls back when it throws, and gives the connection
     * back either way. A checked exception is rethrown wrapped in a {@link CompletionException}.
     *
     * @param work what to do
     * @param <T> its result
     * @return what {@code work} returned
     * @throws dev.greenwire.OperationalException when the work caught an error and left the
     *         transaction failed: nothing could be committed, the transaction is rolled back
     */
    public <T> T withConnection(ConnectionFunction<T> work) {
        Objects.requireNonNull(work, "work");
        try (Connection conn = connection()) {
            T result;
            try {
                result = work.apply(conn);
            } catch (Throwable t) {
                rollbackQuietly(conn, t);
                if (t instanceof RuntimeException re) {
                    throw re;
                }
                if (t instanceof Error err) {
                    throw err;
                }
                throw new CompletionException(t);
            }
            if (conn.isClosed()) {
                if (!conn.autocommit()) {
                    throw new dev.greenwire.OperationalException("the connection was lost during withConnection"
                            + " (an error was caught inside the work): its transaction was not committed");
                }
            } else {
                TransactionStatus st = conn.transactionStatus();
                if (st == TransactionStatus.INERROR) {
                    conn.rollback();
                    throw new dev.greenwire.OperationalException("the transaction of withConnection failed"
                            + " (an error was caught inside the work) and was rolled back: nothing was committed");
                }
                if (st == TransactionStatus.INTRANS) {
                    conn.commit();
                }
            }
            return result;
        }
    }

    private static void rollbackQuietly(Connection conn, Throwable cause) {
        try {
            if (!conn.isClosed() && conn.transactionStatus() != TransactionStatus.IDLE) {
                conn.rollback();
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e); // the pool discards the connection on return
        }
    }

    /**
     * Waits until {@code minSize} connections are open. Unlike psycopg_pool's {@code wait()},
     * a timeout leaves the pool open: it goes on connecting in the background.
     *
     * @param timeout how long to wait at most (positive)
     * @throws PoolTimeoutException at the timeout, with the last connection error
     * @throws PoolClosedException when the pool is or gets closed
     */
    public void waitReady(Duration timeout) {
        pool.maintenance.waitReady(Builder.positive("timeout", timeout));
    }

    /**
     * Changes the sizes: growing opens connections in the background; shrinking closes
     * surplus connections as they become idle.
     *
     * @param minSize the new minimum
     * @param maxSize the new maximum
     */
    public void resize(int minSize, int maxSize) {
        Builder.sizes(minSize, maxSize);
        pool.maintenance.resize(minSize, maxSize);
    }

    /** Checks every idle connection with {@link #checkConnection}; broken ones are replaced. */
    public void check() {
        pool.maintenance.checkIdle();
    }

    /**
     * Replaces every connection: idle ones now, borrowed ones when they come back (after a
     * change that {@code configure} must apply, for example).
     */
    public void drain() {
        pool.maintenance.drain();
    }

    /**
     * Runs one autocommit statement multiplexed with other threads' statements on a few of the
     * pool's connections: statements waiting for the same connection go together in one round
     * trip, each with its own Sync, so each is its own implicit transaction and one's error
     * never touches another. Arguments are bound on the server ({@link dev.greenwire.ServerCursor}:
     * the statement cache prepares frequent statements). No transaction, session state or
     * cursor survives the call: use {@link #connection()} for those.
     *
     * <p>The calling thread parks until its result is in, or drives a connection itself when
     * none is driving; when {@link Builder#multiplexQueue} statements already wait for one
     * connection, callers park until there is room. A connection that breaks fails the
     * statements sent on it with {@link OperationalException} (they may or may not have run;
     * none is retried); statements not sent yet go on another connection.
     *
     * <p>An interrupt of a caller whose statement is still queued withdraws it
     * ({@link OperationalException}, the interrupt flag set); once the statement is sent, its
     * result is awaited and the flag stays set. A caller driving a connection waits for the
     * other callers' statements of its round trip as well, so an interrupt of its thread is
     * held back until they complete; it never fails their statements.
     *
     * @param sql the statement, with {@code %s} placeholders
     * @param args one argument per placeholder
     * @return the row count of the statement (-1 when the server did not say)
     * @throws dev.greenwire.PgException the statement's own error
     * @throws PoolTimeoutException when no connection could be borrowed in time
     */
    public long execute(String sql, Object... args) {
        return mux.run(Objects.requireNonNull(sql, "sql"), args, Cursor::rowCount);
    }

    /**
     * {@link #execute} for a query: its rows.
     *
     * @param sql the query, with {@code %s} placeholders
     * @param args one argument per placeholder
     * @return every row
     */
    public List<Row> fetch(String sql, Object... args) {
        return mux.run(Objects.requireNonNull(sql, "sql"), args, Cursor::fetchAll);
    }

    /**
     * {@link #execute} for a query: its first row.
     *
     * @param sql the query, with {@code %s} placeholders
     * @param args one argument per placeholder
     * @return the first row, or null when there is none
     */
    public Row fetchOne(String sql, Object... args) {
        return mux.run(Objects.requireNonNull(sql, "sql"), args, Cursor::fetchOne);
    }

    /**
     * Closes the pool: waiters get {@link PoolClosedException}, idle connections close, borrowed
     * ones close when they are given back (their {@code close()} stays harmless).
     */
    @Override
    public void close() {
        pool.maintenance.close(-1);
    }

    /**
     * Closes the pool as {@link #close()}, then waits up to {@code grace} for borrowed
     * connections to come back, and closes those still out (their borrowers get errors).
     *
     * @param grace how long borrowers may keep their connections (zero or positive)
     */
    public void close(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        pool.maintenance.close(grace.toNanos());
    }

    /**
     * The pool's gauges and counters, psycopg_pool's names in camelCase: poolMin, poolMax,
     * poolSize, poolAvailable, requestsWaiting; requestsNum, requestsQueued, requestsWaitMs,
     * requestsErrors, usageMs, returnsBad, connectionsNum, connectionsMs, connectionsErrors,
     * connectionsLost.
     *
     * @return every key, in that order
     */
    public Map<String, Long> stats() {
        return pool.stats(false);
    }

    /** @return {@link #stats()}, resetting the counters (not the gauges) */
    public Map<String, Long> popStats() {
        return pool.stats(true);
    }

    /** @return the pool's name, used in its threads, logs and errors */
    public String name() {
        return pool.config.name();
    }

    /** @return true once {@link #close()} was called */
    public boolean isClosed() {
        return pool.isClosed();
    }

    @Override
    public String toString() {
        return "ConnectionPool[" + name() + "]";
    }

    /**
     * Checks a connection with an empty query ({@link Connection#ping()}), which leaves it idle
     * with its autocommit setting as it was: usable as the {@code check} hook.
     *
     * @param conn the connection
     * @throws dev.greenwire.PgException when it does not work
     */
    public static void checkConnection(Connection conn) {
        conn.ping();
    }

    /**
     * Settings of a pool; {@link #build()} opens it. Durations must be positive; sizes
     * non-negative with {@code minSize <= maxSize}.
     */
    public static final class Builder {
        private final String dsn;
        private final ConnectOptions options;
        private String name;
        private int minSize = 4;
        private Integer maxSize;
        private Duration timeout = Duration.ofSeconds(30);
        private int maxWaiting;
        private Duration maxLifetime = Duration.ofHours(1);
        private Duration maxIdle = Duration.ofMinutes(10);
        private Duration reconnectTimeout = Duration.ofMinutes(5);
        private Duration reconnectInitial = Duration.ofSeconds(1);
        private Duration reconnectMax = Duration.ofSeconds(2);
        private Consumer<ConnectionPool> reconnectFailed;
        private Consumer<Connection> configure;
        private Consumer<Connection> check;
        private Consumer<Connection> reset;
        private Duration leakThreshold;
        private int workers = 3;
        private Integer multiplexLanes;
        private int multiplexQueue = 1024;

        private Builder(String dsn, ConnectOptions options) {
            this.dsn = Objects.requireNonNull(dsn, "dsn");
            this.options = Objects.requireNonNull(options, "options");
            if (options.async()) {
                throw new IllegalArgumentException("async connections cannot be pooled: build the pool with"
                        + " synchronous ConnectOptions (a pool's borrowers wait through the wait callback)");
            }
        }

        /** @param n the connections kept open at least (default 4) @return this */
        public Builder minSize(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("minSize must not be negative: " + n);
            }
            this.minSize = n;
            return this;
        }

        /** @param n the connections open at most (default: minSize) @return this */
        public Builder maxSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxSize must be at least 1: " + n);
            }
            this.maxSize = n;
            return this;
        }

        /** @param d the longest wait for a connection (default 30 s) @return this */
        public Builder timeout(Duration d) {
            positive("timeout", d);
            this.timeout = d;
            return this;
        }

        /** @param n the most borrowers queued at once, 0 for no limit (default) @return this */
        public Builder maxWaiting(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxWaiting must not be negative (0 means no limit): " + n);
            }
            this.maxWaiting = n;
            return this;
        }

        /** @param d each connection's lifetime, less a random 0-5 % (default 1 h) @return this */
        public Builder maxLifetime(Duration d) {
            positive("maxLifetime", d);
            this.maxLifetime = d;
            return this;
        }

        /** @param d above minSize, idle connections older than this close (default 10 min) @return this */
        public Builder maxIdle(Duration d) {
            positive("maxIdle", d);
            this.maxIdle = d;
            return this;
        }

        /** @param d how long connection attempts may fail before {@code reconnectFailed} runs (default 5 min) @return this */
        public Builder reconnectTimeout(Duration d) {
            positive("reconnectTimeout", d);
            this.reconnectTimeout = d;
            return this;
        }

        /**
         * The back-off between failed connection attempts: {@code initial} (default 1 s), doubling
         * with ±10 % jitter, up to {@code max} (default 2 s). After a failure a single attempt probes the
         * server at that pace while the other wanted connections wait for it; its success starts them all.
         *
         * @param initial the first delay
         * @param max the longest delay
         * @return this
         */
        public Builder reconnectDelay(Duration initial, Duration max) {
            positive("reconnectDelay initial", initial);
            positive("reconnectDelay max", max);
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("reconnectDelay max (" + max + ") is below initial (" + initial + ")");
            }
            this.reconnectInitial = initial;
            this.reconnectMax = max;
            return this;
        }

        /** @param hook run (on a pool thread) when attempts failed for reconnectTimeout; retrying goes on @return this */
        public Builder reconnectFailed(Consumer<ConnectionPool> hook) {
            this.reconnectFailed = hook;
            return this;
        }

        /** @param hook run once per new connection before first use; must leave it idle @return this */
        public Builder configure(Consumer<Connection> hook) {
            this.configure = hook;
            return this;
        }

        /** @param hook run on checkout; throwing discards the connection @return this */
        public Builder check(Consumer<Connection> hook) {
            this.check = hook;
            return this;
        }

        /** @param hook run after return, before reuse; must leave the connection idle @return this */
        public Builder reset(Consumer<Connection> hook) {
            this.reset = hook;
            return this;
        }

        /** @param d a WARN names the borrower's stack when a connection is held longer (default: off) @return this */
        public Builder leakThreshold(Duration d) {
            positive("leakThreshold", d);
            this.leakThreshold = d;
            return this;
        }

        /** @param n daemon threads that open and close connections (default 3) @return this */
        public Builder workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("workers must be at least 1: " + n);
            }
            this.workers = n;
            return this;
        }

        /**
         * How many connections {@link ConnectionPool#execute} and friends may use at once
         * (default: {@code maxSize}); each is borrowed only while statements wait for it.
         *
         * @param n at least 1
         * @return this
         */
        public Builder multiplexLanes(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("multiplexLanes must be at least 1: " + n);
            }
            this.multiplexLanes = n;
            return this;
        }

        /**
         * How many multiplexed statements may wait for one connection before callers park until
         * there is room (back-pressure; default 1024).
         *
         * @param n at least 1
         * @return this
         */
        public Builder multiplexQueue(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("multiplexQueue must be at least 1: " + n);
            }
            this.multiplexQueue = n;
            return this;
        }

        /** @param name the pool's name (default {@code pool-N}) @return this */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Opens the pool: its threads start and connect {@code minSize} connections in the
         * background (use {@link ConnectionPool#waitReady} to wait for them).
         *
         * @return the open pool
         */
        public ConnectionPool build() {
            int max = maxSize == null ? Math.max(minSize, 1) : maxSize;
            sizes(minSize, max);
            String n = name != null ? name : "pool-" + COUNTER.incrementAndGet();
            return new ConnectionPool(new PoolConfig(n, dsn, options, minSize, max, timeout.toNanos(), maxWaiting,
                    maxLifetime.toNanos(), maxIdle.toNanos(), reconnectTimeout.toNanos(), reconnectInitial.toNanos(),
                    reconnectMax.toNanos(), reconnectFailed, configure, check, reset,
                    leakThreshold == null ? 0 : leakThreshold.toNanos(), workers,
                    multiplexLanes == null ? max : multiplexLanes, multiplexQueue));
        }

        static long positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d.toNanos();
        }

        static void sizes(int min, int max) {
            if (min < 0) {
                throw new IllegalArgumentException("minSize must not be negative: " + min);
            }
            if (max < 1) {
                throw new IllegalArgumentException("maxSize must be at least 1: " + max);
            }
            if (min > max) {
                throw new IllegalArgumentException("minSize (" + min + ") is greater than maxSize (" + max + ")");
            }
        }
    }
}
