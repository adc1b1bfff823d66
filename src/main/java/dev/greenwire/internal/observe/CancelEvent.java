package dev.greenwire.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** dev.greenwire.Cancel: a cancel request, from its start until the server took it. */
@Name("dev.greenwire.Cancel")
@Label("Cancel")
@Category({"Greenwire", "Query"})
@Description("A cancel request sent over its own short connection, until the server took it (closed the socket)")
@StackTrace(true)
public final class CancelEvent extends jdk.jfr.Event {
    /** Probes whether the event is enabled, without allocating. */
    public static final CancelEvent PROBE = new CancelEvent();

    @Label("Backend PID")
    @Description("The server process whose statement is cancelled")
    public int backendPid;

    @Label("Requests")
    @Description("Cancel requests delivered (repeated while the statement kept running)")
    public int requests;

    @Label("Outcome")
    @Description("delivered, nothing to cancel, or failed")
    public String outcome;

    @Label("Failure")
    public String failure;

    @Label("Reason")
    @Description("cancel() (the application, or a timeout decorator), or abandoned wait (a wait callback failed)")
    public String reason;
}
