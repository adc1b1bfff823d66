package dev.greenwire.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** dev.greenwire.ReplicationStatus: one standby status update sent on a replication stream. */
@Name("dev.greenwire.ReplicationStatus")
@Label("Replication Status")
@Category({"Greenwire", "Replication"})
@Description("A standby status update sent to the server: the positions the consumer confirmed, and how far"
        + " behind the server's WAL end they are")
@StackTrace(false)
public final class ReplicationStatusEvent extends jdk.jfr.Event {
    /** Probes whether the event is enabled, without allocating. */
    public static final ReplicationStatusEvent PROBE = new ReplicationStatusEvent();

    @Label("Slot")
    public String slot;

    @Label("Write LSN")
    public String writeLsn;

    @Label("Flush LSN")
    public String flushLsn;

    @Label("Apply LSN")
    public String applyLsn;

    @Label("Server WAL End")
    @Description("The WAL end the server last reported (XLogData or keepalive)")
    public String walEnd;

    @Label("Lag")
    @Description("Bytes of WAL between the flush position and the server's WAL end")
    @DataAmount
    public long lagBytes;

    @Label("Reply Requested")
    public boolean replyRequested;

    @Label("Backend PID")
    public int backendPid;
}
