package dev.greenwire.pool;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** dev.greenwire.PoolAcquire: one request for a pooled connection, from the call to its outcome. */
@Name("dev.greenwire.PoolAcquire")
@Label("Pool Acquire")
@Category({"Greenwire", "Pool"})
@Description("A request for a pooled connection, from the call to the connection lent (or the failure): the time"
        + " spent queued for a connection")
@StackTrace(false)
@Threshold("10 ms")
final class PoolAcquireEvent extends jdk.jfr.Event {
    /** Probes whether the event is enabled, without allocating. */
    static final PoolAcquireEvent PROBE = new PoolAcquireEvent();

    @Label("Pool")
    String pool;

    @Label("Outcome")
    @Description("ACQUIRED, TIMEOUT, REFUSED, CLOSED or INTERRUPTED")
    String outcome;

    @Label("Backend PID")
    @Description("The server process of the connection lent, 0 when none")
    int backendPid;
}
