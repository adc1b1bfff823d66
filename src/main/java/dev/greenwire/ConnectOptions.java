package dev.greenwire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Options for {@link Pg#connect(String, ConnectOptions)}: libpq parameters that add to or
 * override the DSN, async mode, factories and a per-connection wait callback.
 *
 * <pre>{@code
 * ConnectOptions opts = ConnectOptions.builder()
 *         .param("application_name", "billing")
 *         .waitCallback(WaitStrategies.parking())
 *         .build();
 * }</pre>
 */
public final class ConnectOptions {
    private static final ConnectOptions DEFAULTS = builder().build();

    private final Map<String, String> params;
    private final boolean async;
    private final ConnectionFactory<?> connectionFactory;
    private final CursorFactory<?> cursorFactory;
    private final WaitCallback waitCallback;
    private final int scramMaxIterations;
    private final java.time.Duration socketTimeout;
    private final boolean serverSideBinding;
    private final int prepareThreshold;
    private final int preparedMax;
    private final dev.greenwire.observe.GreenwireListener listener;
    private final boolean logParameterValues;
    private final String timeZone;

    private ConnectOptions(Builder b) {
        this.timeZone = b.timeZone;
        this.listener = b.listener;
        this.logParameterValues = b.logParameterValues;
        this.serverSideBinding = b.serverSideBinding;
        this.prepareThreshold = b.prepareThreshold;
        this.preparedMax = b.preparedMax;
        this.socketTimeout = b.socketTimeout;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        this.async = b.async;
        this.connectionFactory = b.connectionFactory;
        this.cursorFactory = b.cursorFactory;
        this.waitCallback = b.waitCallback;
        this.scramMaxIterations = b.scramMaxIterations;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return options with nothing set */
    public static ConnectOptions defaults() {
        return DEFAULTS;
    }

    /** @return the libpq parameters set, in the order given */
    public Map<String, String> params() {
        return params;
    }

    /** @return true for an asynchronous connection */
    public boolean async() {
        return async;
    }

    /** @return the connection factory, or null for {@link Connection} */
    public ConnectionFactory<?> connectionFactory() {
        return connectionFactory;
    }

    /** @return the default cursor factory of the connection, or null for {@link Cursor} */
    public CursorFactory<?> cursorFactory() {
        return cursorFactory;
    }

    /** @return this connection's wait callback, or null to use the global one */
    public WaitCallback waitCallback() {
        return waitCallback;
    }

    /**
     * The most SCRAM iterations a server may ask for. A connection attempt computes inside
     * {@link Connection#poll()} (which otherwise never does more than a step of I/O) twice, once
     * per connection: the SCRAM-SHA-256 key derivation, whose cost is the server's iteration
     * count (PostgreSQL's default 4096: a few milliseconds; refused above this limit, 1,000,000
     * by default, about a second of one core), and the TLS handshake's delegated tasks
     * (certificate checks and key agreement: a few milliseconds). An event loop that opens many
     * connections should count on that, or open them on another thread.
     *
     * @return the limit
     */
    public int scramMaxIterations() {
        return scramMaxIterations;
    }

    /** @return whether this connection's cursors bind parameters on the server by default */
    public boolean serverSideBinding() {
        return serverSideBinding;
    }

    /** @return executions of a statement before it is prepared (negative: never) */
    public int prepareThreshold() {
        return prepareThreshold;
    }

    /** @return most prepared statements kept per connection */
    public int preparedMax() {
        return preparedMax;
    }

    /** @return this connection's listener, or null to use the global one */
    public dev.greenwire.observe.GreenwireListener listener() {
        return listener;
    }

    /** @return whether TRACE logs of the {@code dev.greenwire.query} logger may show parameter values */
    public boolean logParameterValues() {
        return logParameterValues;
    }

    /** @return the socket timeout, or null for none */
    public java.time.Duration socketTimeout() {
        return socketTimeout;
    }

    /** @return the session time zone sent when connecting, or null for the server's (or {@code PGTZ}'s) */
    public String timeZone() {
        return timeZone;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(params);
        shown.computeIfPresent("password", (k, v) -> "xxx");
        shown.computeIfPresent("sslpassword", (k, v) -> "xxx");
        return "ConnectOptions" + shown + (async ? " async" : "");
    }

    /** Builds {@link ConnectOptions}. */
    public static final class Builder {
        private final Map<String, String> params = new LinkedHashMap<>();
        private boolean async;
        private ConnectionFactory<?> connectionFactory;
        private CursorFactory<?> cursorFactory;
        private WaitCallback waitCallback;
        private int scramMaxIterations = dev.greenwire.internal.engine.EngineConfig.DEFAULT_SCRAM_MAX_ITERATIONS;
        private java.time.Duration socketTimeout;
        private boolean serverSideBinding;
        private int prepareThreshold = dev.greenwire.internal.engine.EngineConfig.DEFAULT_PREPARE_THRESHOLD;
        private int preparedMax = dev.greenwire.internal.engine.EngineConfig.DEFAULT_PREPARED_MAX;
        private dev.greenwire.observe.GreenwireListener listener;
        private String timeZone;
        private boolean logParameterValues;

        private Builder() {
        }

        /**
         * Sets a libpq connection parameter (host, port, dbname, user, password, sslmode,
         * application_name, connect_timeout, options…); it overrides the DSN's value.
         *
         * @param key the libpq keyword
         * @param value its value
         * @return this builder
         */
        public Builder param(String key, String value) {
            params.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Makes the connection asynchronous (psycopg2's {@code async=1}): {@link Pg#connect}
         * returns at once and the caller drives {@link Connection#poll()}.
         *
         * @param async whether to connect in async mode
         * @return this builder
         */
        public Builder async(boolean async) {
            this.async = async;
            return this;
        }

        /** @param factory makes the connection object @return this builder */
        public Builder connectionFactory(ConnectionFactory<?> factory) {
            this.connectionFactory = factory;
            return this;
        }

        /** @param factory the cursor class {@link Connection#cursor()} makes @return this builder */
        public Builder cursorFactory(CursorFactory<?> factory) {
            this.cursorFactory = factory;
            return this;
        }

        /** @param callback the wait callback of this connection only (overrides the global one) @return this builder */
        public Builder waitCallback(WaitCallback callback) {
            this.waitCallback = callback;
            return this;
        }

        /**
         * Caps the SCRAM iteration count a server may ask for (default one million), so that a
         * hostile server cannot make the client spin.
         *
         * @param max the largest accepted count
         * @return this builder
         */
        public Builder scramMaxIterations(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("scramMaxIterations must be positive");
            }
            this.scramMaxIterations = max;
            return this;
        }

        /**
         * Closes the connection with {@link OperationalException} when a statement waits this
         * long without a byte from the server (pgjdbc's {@code socketTimeout}): the guard against
         * a network that silently drops packets, which TCP keepalives do not see while a proxy
         * holds the connection open. It must exceed the longest statement you run; it does not
         * apply to {@code awaitNotifies}, replication streams or the connection attempt
         * (see {@code connect_timeout}). Default: none.
         *
         * @param timeout the limit, or null for none
         * @return this builder
         */
        public Builder socketTimeout(java.time.Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("socketTimeout must be positive");
            }
            this.socketTimeout = timeout;
            return this;
        }

        /**
         * Makes the connection's cursors send {@code %s} / {@code %(name)s} arguments as
         * parameters of the extended protocol ({@code $1}, {@code $2}…, binary for numbers,
         * bytes, UUIDs and date/times) instead of client-side literals, and read the columns of
         * prepared statements in binary where that is faster (see {@link ServerCursor}). The
         * default, false, is psycopg2's client-side binding.
         *
         * @param on whether to bind on the server
         * @return this builder
         */
        public Builder serverSideBinding(boolean on) {
            this.serverSideBinding = on;
            return this;
        }

        /**
         * How many times a statement runs (through server-side binding or a pipeline) before it
         * is prepared under a name and then executed with Bind alone: default 5, 0 prepares at
         * once, a negative number never prepares.
         *
         * @param threshold the executions before preparing
         * @return this builder
         */
        public Builder prepareThreshold(int threshold) {
            this.prepareThreshold = threshold;
            return this;
        }

        /**
         * The most prepared statements kept per connection (default 100); the least recently used
         * is closed when more are prepared.
         *
         * @param max the limit, at least 1
         * @return this builder
         */
        public Builder preparedMax(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("preparedMax must be positive");
            }
            this.preparedMax = max;
            return this;
        }

        /**
         * A listener for this connection only, overriding the global one
         * ({@link dev.greenwire.observe.Observability#setListener}): it hears the connection's
         * lifecycle, statements and waits; given to a pool's options, the pool's events too.
         *
         * @param listener the listener, or null for the global one
         * @return this builder
         */
        public Builder listener(dev.greenwire.observe.GreenwireListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Lets the TRACE log of each statement ({@code dev.greenwire.query} logger) show the
         * parameter values: the literals client-side binding made, or the {@code $n} values.
         * Off by default: logs, JFR events and listeners then never see a value. Turn it on only
         * where the logs may hold your data.
         *
         * @param on whether values may be logged
         * @return this builder
         */
        public Builder logParameterValues(boolean on) {
            this.logParameterValues = on;
            return this;
        }

        /**
         * Sets the session's {@code TimeZone} in the startup packet, as libpq does with the
         * {@code PGTZ} environment variable (which this overrides; Greenwire reads {@code PGTZ}
         * too). A startup parameter rather than {@code options=-c TimeZone=…}: connection
         * poolers such as PgBouncer track it, and refuse {@code options} unless told to ignore
         * it. The value is the server's to check: a name it does not know fails the connection.
         *
         * @param zone a time zone the server knows ({@code Europe/Paris}, {@code UTC}), or null
         *             for the server's default
         * @return this builder
         */
        public Builder timeZone(String zone) {
            this.timeZone = zone;
            return this;
        }

        /** @return the options */
        public ConnectOptions build() {
            return new ConnectOptions(this);
        }
    }
}
