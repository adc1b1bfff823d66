package dev.greenwire.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** dev.greenwire.Wait: from a poll() that asked for readiness to the next poll() that made progress. */
@Name("dev.greenwire.Wait")
@Label("Wait")
@Category({"Greenwire", "Wait"})
@Description("A wait for the socket: from the poll() that returned READ or WRITE to the next poll() that found it"
        + " ready (or ended at a deadline); time spent in the wait callback, parked, selecting or spinning")
@StackTrace(false)
@Threshold("10 ms")
public final class WaitEvent extends jdk.jfr.Event {
    /** Probes whether the event is enabled, without allocating. */
    public static final WaitEvent PROBE = new WaitEvent();

    @Label("Strategy")
    @Description("The wait callback in force: parking, selector, waitSelect (the default), busyPoll…")
    public String strategy;

    @Label("Readiness")
    @Description("READ or WRITE")
    public String readiness;

    @Label("Backend PID")
    public int backendPid;
}
