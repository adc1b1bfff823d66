package dev.greenwire.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/** dev.greenwire.Query: one statement, from its submission to its completion. */
@Name("dev.greenwire.Query")
@Label("Query")
@Category({"Greenwire", "Query"})
@Description("A statement, from its submission to its completion; the SQL as written, never with parameter values")
@StackTrace(false)
@Threshold("10 ms")
public final class QueryEvent extends jdk.jfr.Event {
    /** Probes whether the event is enabled, without allocating. */
    public static final QueryEvent PROBE = new QueryEvent();

    @Label("SQL")
    @Description("The statement as written, with its %s, %(name)s or $n placeholders")
    public String sql;

    @Label("Binding")
    @Description("NONE (no arguments), CLIENT (adapted into literals) or SERVER ($n parameters)")
    public String binding;

    @Label("Prepared")
    @Description("Whether it ran as a named prepared statement")
    public boolean prepared;

    @Label("Rows")
    @Description("The row count of the command tag, -1 when none")
    public long rows;

    @Label("SQLSTATE")
    @Description("The server's error code when it failed, else null")
    public String sqlState;

    @Label("Error Type")
    @Description("The exception class when it failed, else null")
    public String errorType;

    @Label("Wire Time")
    @Description("Time the driver spent in poll() for it (writing, reading, TLS, parsing); the rest of the"
            + " duration was spent waiting for the server and the network, or queued behind earlier statements")
    @Timespan(Timespan.NANOSECONDS)
    public long wireTime;

    @Label("Backend PID")
    public int backendPid;
}
