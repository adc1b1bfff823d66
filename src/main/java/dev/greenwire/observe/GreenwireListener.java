package dev.greenwire.observe;

import dev.greenwire.PollState;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Hears what the driver does: connection and pool lifecycle, each statement with its timing,
 * and each wait for the socket. Set one for a connection with
 * {@code ConnectOptions.Builder.listener} (a pool's connections use the pool's options, and the
 * pool's own events go to the same listener) or for every connection with
 * {@link Observability#setListener}; the connection's own wins, as for wait callbacks.
 *
 * <p>Every method has an empty default: implement what you need. Methods are called on the
 * driver's threads, inline: the thread that submits a statement calls {@link #queryStarted}, the
 * thread that reads its completion (the same one, except on async connections) calls
 * {@link #queryEnded}; a wait's methods run on the waiting thread; pool events on the borrowing
 * or returning thread or a pool worker. Keep them short and never block in them. An exception
 * thrown by a listener is logged (WARN, once per listener class) and otherwise ignored.
 *
 * <p>What a listener is given never holds a password or a parameter value, except the
 * {@link QueryResult#error() error} of a failed statement, whose message is the server's.
 */
public interface GreenwireListener {

    /**
     * A connection is established (ReadyForQuery after authentication).
     *
     * @param connection the connection
     * @param nanos from the start of the attempt
     */
    default void connectionOpened(ConnectionInfo connection, long nanos) {
    }

    /**
     * A connection attempt failed (every host tried).
     *
     * @param target what was tried last
     * @param error the exception the caller gets
     * @param nanos from the start of the attempt
     */
    default void connectionFailed(ConnectionInfo target, Throwable error, long nanos) {
    }

    /**
     * An established connection closed: by {@code close()}, by the server, or broken.
     *
     * @param connection the connection
     */
    default void connectionClosed(ConnectionInfo connection) {
    }

    /**
     * A statement was submitted: its messages are queued for the server.
     *
     * @param query the statement
     * @return anything the listener wants back in {@link #queryEnded} (a span, a start time), or null
     */
    default Object queryStarted(QueryInfo query) {
        return null;
    }

    /**
     * A statement completed, failed, or was given up with its connection.
     *
     * @param query the statement
     * @param context what {@link #queryStarted} returned
     * @param result how it ended
     */
    default void queryEnded(QueryInfo query, Object context, QueryResult result) {
    }

    /**
     * The connection asked its wait callback to wait for the socket ({@code poll()} returned
     * READ or WRITE).
     *
     * @param connection the connection
     * @param readiness what it waits for: {@link PollState#READ} or {@link PollState#WRITE}
     */
    default void waitStarted(ConnectionInfo connection, PollState readiness) {
    }

    /**
     * The wait ended: the next {@code poll()} found the socket ready (or the deadline passed).
     *
     * @param connection the connection
     * @param readiness what it waited for
     * @param strategy the wait callback in force (e.g. {@code parking}, {@code waitSelect})
     * @param nanos how long it lasted
     */
    default void waitEnded(ConnectionInfo connection, PollState readiness, String strategy, long nanos) {
    }

    /**
     * A pool opened (before its first connection is made).
     *
     * @param pool a live view of the pool
     */
    default void poolOpened(PoolInfo pool) {
    }

    /**
     * A pool closed.
     *
     * @param pool the pool
     */
    default void poolClosed(PoolInfo pool) {
    }

    /**
     * A request for a pooled connection ended.
     *
     * @param pool the pool
     * @param outcome how it ended
     * @param waitNanos how long it took
     */
    default void poolAcquired(PoolInfo pool, PoolAcquireOutcome outcome, long waitNanos) {
    }

    /**
     * A borrowed connection came back to its pool.
     *
     * @param pool the pool
     * @param useNanos how long it was out
     */
    default void poolReleased(PoolInfo pool, long useNanos) {
    }

    /**
     * One of a pool's connections was created or closed.
     *
     * @param pool the pool
     * @param change what happened
     */
    default void poolConnection(PoolInfo pool, PoolConnectionChange change) {
    }

    /**
     * One listener that calls each of {@code listeners} in turn (an OpenTelemetry one and a
     * Micrometer one, say).
     *
     * @param listeners the listeners
     * @return a listener calling them all
     */
    static GreenwireListener all(GreenwireListener... listeners) {
        List<GreenwireListener> ls = List.copyOf(Arrays.asList(listeners));
        ls.forEach(l -> Objects.requireNonNull(l, "listener"));
        return ls.size() == 1 ? ls.get(0) : new dev.greenwire.internal.observe.CompositeListener(ls);
    }
}
