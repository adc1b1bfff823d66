package dev.greenwire;

/**
 * psycopg2's wait callback: the one place where Greenwire waits.
 *
 * <p>A synchronous call starts an operation and then hands the connection to its wait
 * callback, which must drive {@link Connection#poll()} until it returns {@link PollState#OK},
 * waiting in between for the readiness the last poll reported (on {@link Connection#channel()}
 * or {@link Connection#fileno()}). The driver itself never blocks on the socket.
 *
 * <p>An exception thrown by the callback aborts the operation: a running query is cancelled
 * on the server, the connection is brought back to a clean protocol state when the server
 * allows (otherwise closed), and the exception reaches the caller: a {@link RuntimeException}
 * unchanged, an {@link InterruptedException} as {@link QueryCanceledException} with the
 * thread's interrupt flag restored, any other checked exception wrapped in
 * {@link OperationalException}.
 *
 * <p>Install one globally with {@link Extensions#setWaitCallback(WaitCallback)} or for one
 * connection with {@link ConnectOptions.Builder#waitCallback(WaitCallback)}. Ready-made ones are
 * {@code dev.greenwire.extras.Waits.waitSelect} and the strategies of the
 * {@code greenwire-waitstrategies} module.
 */
@FunctionalInterface
public interface WaitCallback {
    /**
     * Drives {@code conn.poll()} until it returns {@link PollState#OK}, waiting for readiness in between.
     *
     * @param conn the connection whose operation is in progress
     * @throws Exception to abort the operation
     */
    void waitFor(Connection conn) throws Exception;
}
