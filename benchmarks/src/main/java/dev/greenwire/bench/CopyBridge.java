package dev.greenwire.bench;

import static dev.greenwire.bench.BenchSupport.M;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * FullBench's COPY rows. When {@code CopyRowsWorkloads} is on the class path (the COPY-as-rows
 * work of issue 18: Greenwire's {@code cur.copy(sql)} with {@code writeRow} in binary and
 * {@code rows()} for COPY TO, beside pgjdbc's CopyManager fed with hand-encoded text and its
 * {@code copyOut} parsed by hand) its {@code copyIn}/{@code copyOut} are measured; until then
 * BulkWorkloads' COPY of pre-encoded text through {@code copyFrom(InputStream)} and CopyManager,
 * and no COPY TO row. Looked up by name so that this harness builds on either side of that merge.
 */
final class CopyBridge {
    private CopyBridge() {
    }

    private static final Class<?> ROWS_CLASS = find();
    /** Whether the COPY-as-rows workloads are here. */
    static final boolean ROWS = ROWS_CLASS != null;

    private static Class<?> find() {
        try {
            return Class.forName("dev.greenwire.bench.CopyRowsWorkloads");
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    static String describe() {
        return ROWS ? "CopyRowsWorkloads: Greenwire cur.copy(\"COPY … (FORMAT BINARY)\") with writeRow / rows(); pgjdbc"
                + " CopyManager fed with text encoded by hand (timed) / copyOut parsed by hand; 5 loads after a warm-up"
                : "BulkWorkloads (cur.copy() is not in this build): text encoded before the clock starts, Greenwire"
                + " copyFrom(InputStream), pgjdbc CopyManager.copyIn(InputStream); 5 loads after a warm-up; no COPY TO row";
    }

    /** COPY FROM STDIN of the insert workload's rows; driver {@code greenwire} or {@code pgjdbc}. */
    static M copyIn(String driver) throws Exception {
        return ROWS ? call("copyIn", driver) : BulkWorkloads.copy(driver);
    }

    /** COPY TO STDOUT of the fetch workload's rows, parsed; only with CopyRowsWorkloads. */
    static M copyOut(String driver) throws Exception {
        if (!ROWS) {
            throw new IllegalStateException("no COPY TO workload in this build");
        }
        return call("copyOut", driver);
    }

    private static M call(String name, String driver) throws Exception {
        Method m = ROWS_CLASS.getDeclaredMethod(name, String.class);
        m.setAccessible(true);
        try {
            return (M) m.invoke(null, driver);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }
}
