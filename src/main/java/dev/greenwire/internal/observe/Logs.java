package dev.greenwire.internal.observe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logger per layer: DEBUG for lifecycle, TRACE for the protocol. None of them logs a
 * password; parameter values only when the connection was opened with
 * {@code ConnectOptions.Builder.logParameterValues(true)}.
 */
public final class Logs {
    /** Connecting, authentication, TLS, closing. */
    public static final Logger CONNECT = LoggerFactory.getLogger("dev.greenwire.connect");
    /** Statements, notices, notifications, cancels. */
    public static final Logger QUERY = LoggerFactory.getLogger("dev.greenwire.query");
    /** Waits for the socket. */
    public static final Logger WAIT = LoggerFactory.getLogger("dev.greenwire.wait");
    /** The connection pool. */
    public static final Logger POOL = LoggerFactory.getLogger("dev.greenwire.pool");
    /** Replication streams. */
    public static final Logger REPLICATION = LoggerFactory.getLogger("dev.greenwire.replication");

    private Logs() {
    }
}
