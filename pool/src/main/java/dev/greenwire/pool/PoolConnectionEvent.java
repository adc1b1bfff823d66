package dev.greenwire.pool;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** dev.greenwire.PoolConnectionLifecycle: a pooled connection created, expired, lost or closed. */
@Name("dev.greenwire.PoolConnectionLifecycle")
@Label("Pool Connection Lifecycle")
@Category({"Greenwire", "Pool"})
@Description("One of a pool's connections was created (the event lasts the connection attempt) or taken out of"
        + " service: expired, lost (found broken) or closed")
@StackTrace(true)
final class PoolConnectionEvent extends jdk.jfr.Event {
    /** Probes whether the event is enabled, without allocating. */
    static final PoolConnectionEvent PROBE = new PoolConnectionEvent();

    @Label("Pool")
    String pool;

    @Label("Change")
    @Description("CREATED, EXPIRED, LOST or CLOSED")
    String change;

    @Label("Reason")
    String reason;

    @Label("Backend PID")
    int backendPid;

    @Label("Age")
    @Description("How long the connection had been open")
    @Timespan(Timespan.NANOSECONDS)
    long age;
}
