package dev.greenwire.internal.engine;

import dev.greenwire.internal.conninfo.ConnInfo;

/**
 * What the engine needs to know about a connection: the resolved connection info and limits.
 *
 * @param info the resolved DSN, environment and password file
 * @param maxFrame the largest backend frame accepted, in bytes
 * @param scramMaxIterations the most SCRAM iterations a server may ask for
 * @param cancelTimeoutMillis how long a cancel request may take
 * @param socketTimeoutNanos how long a statement may wait without a byte from the server
 *                           before the connection is closed (0: no limit)
 * @param prepareThreshold executions of a statement before it is prepared (negative: never)
 * @param preparedMax most prepared statements kept per connection
 * @param listener the connection's own listener, or null for the global one
 * @param logParameterValues whether TRACE logs may show parameter values
 */
public record EngineConfig(ConnInfo info, int maxFrame, int scramMaxIterations, int cancelTimeoutMillis,
                           long socketTimeoutNanos, int prepareThreshold, int preparedMax,
                           dev.greenwire.observe.GreenwireListener listener, boolean logParameterValues) {
    /** psycopg 3's default: a statement is prepared on its sixth execution. */
    public static final int DEFAULT_PREPARE_THRESHOLD = 5;
    /** The default number of prepared statements kept per connection. */
    public static final int DEFAULT_PREPARED_MAX = 100;

    /** The default cap on SCRAM iterations: PostgreSQL uses 4096; one million is about a second of work. */
    public static final int DEFAULT_SCRAM_MAX_ITERATIONS = 1_000_000;

    /** @return this configuration for other connection info */
    public EngineConfig withInfo(ConnInfo other) {
        return new EngineConfig(other, maxFrame, scramMaxIterations, cancelTimeoutMillis, socketTimeoutNanos,
                prepareThreshold, preparedMax, listener, logParameterValues);
    }

    /** @return this configuration with a listener and the parameter-logging choice */
    public EngineConfig withObservation(dev.greenwire.observe.GreenwireListener l, boolean logValues) {
        return new EngineConfig(info, maxFrame, scramMaxIterations, cancelTimeoutMillis, socketTimeoutNanos,
                prepareThreshold, preparedMax, l, logValues);
    }

    public static EngineConfig of(ConnInfo info) {
        return new EngineConfig(info, Engine.DEFAULT_MAX_FRAME, DEFAULT_SCRAM_MAX_ITERATIONS, 10_000, 0,
                DEFAULT_PREPARE_THRESHOLD, DEFAULT_PREPARED_MAX, null, false);
    }
}
