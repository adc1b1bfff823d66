package dev.greenwire.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** dev.greenwire.Connect: one connection attempt, from its start to ReadyForQuery or failure. */
@Name("dev.greenwire.Connect")
@Label("Connect")
@Category({"Greenwire", "Connection"})
@Description("A connection attempt, from its start to the first ReadyForQuery or its failure (every host tried)")
@StackTrace(true)
public final class ConnectEvent extends jdk.jfr.Event {
    /** Probes whether the event is enabled, without allocating. */
    public static final ConnectEvent PROBE = new ConnectEvent();

    @Label("Host")
    @Description("The host name or address as given (a Unix-socket directory for a local socket), tried last")
    public String host;

    @Label("Port")
    public int port;

    @Label("Database")
    public String database;

    @Label("User")
    public String user;

    @Label("TLS")
    @Description("Whether the connection is encrypted")
    public boolean tls;

    @Label("Authentication")
    @Description("scram-sha-256, md5, password or none (trust, peer, certificate)")
    public String authMethod;

    @Label("Attempts")
    @Description("Connection attempts made: hosts, addresses and TLS retries")
    public int attempts;

    @Label("Outcome")
    @Description("connected or failed")
    public String outcome;

    @Label("Failure")
    @Description("Why it failed (the driver's message, never a password), null when connected")
    public String failure;

    @Label("Backend PID")
    public int backendPid;
}
