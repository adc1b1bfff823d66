package dev.greenwire.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of {@code jdk.VirtualThreadPinned} events, for tests that a workload never
 * pins a carrier in Greenwire code. Pins while the JVM loads a class or links a call site for
 * the first time are set apart: they happen once per JVM whatever the code.
 */
public final class Pinning implements AutoCloseable {
    private final Recording rec = new Recording();
    private int total;
    private int firstUse;
    private static final List<String> OWN_EVENTS = List.of("dev.greenwire.Query", "dev.greenwire.Wait",
            "dev.greenwire.Connect", "dev.greenwire.Cancel", "dev.greenwire.NotifyDelivered",
            "dev.greenwire.ReplicationStatus", "dev.greenwire.PoolAcquire", "dev.greenwire.PoolConnectionLifecycle");

    private Pinning() {
        rec.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
        // A bare recording also records every event type enabled by default, Greenwire's own
        // among them; this one is about pins, so it leaves them out.
        for (String own : OWN_EVENTS) {
            rec.disable(own);
        }
    }

    /** @return a started recording */
    public static Pinning record() {
        Pinning p = new Pinning();
        p.rec.start();
        return p;
    }

    /**
     * Stops the recording and reads it.
     *
     * @return one line per pinned event with a {@code dev.greenwire} frame: that frame and the top of the stack
     * @throws IOException when the recording cannot be written or read
     */
    public List<String> greenwireFrames() throws IOException {
        rec.stop();
        Path jfr = Files.createTempFile("greenwire-pinning", ".jfr");
        List<String> pinned = new ArrayList<>();
        try {
            rec.dump(jfr);
            for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
                if (!e.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
                    continue;
                }
                total++;
                if (e.getStackTrace() == null) {
                    continue;
                }
                if (firstUse(e)) {
                    firstUse++;
                    continue;
                }
                for (RecordedFrame f : e.getStackTrace().getFrames()) {
                    if (f.getMethod().getType().getName().startsWith("dev.greenwire")) {
                        String reason = e.hasField("pinnedReason") ? e.getString("pinnedReason") : "?";
                        StringBuilder sb = new StringBuilder(name(f) + " (" + reason + ") under");
                        e.getStackTrace().getFrames().stream().limit(12).forEach(top -> sb.append(' ').append(name(top)));
                        pinned.add(sb.toString());
                        break;
                    }
                }
            }
        } finally {
            Files.deleteIfExists(jfr);
        }
        return pinned;
    }

    /**
     * Whether the thread was pinned while the JVM loaded a class or linked a call site for the
     * first time (a VM frame on the stack), or while JFR wrote an event (its writer set up in
     * native code, its string pool behind a lock): the JVM's own work whatever the code, not a
     * wait of ours.
     */
    private static boolean firstUse(RecordedEvent e) {
        if (e.hasField("pinnedReason") && String.valueOf(e.getString("pinnedReason")).contains("initialization")) {
            return true; // waited for another thread to initialise a class
        }
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("jdk.jfr.") || f.getMethod().getName().equals("commit") && type.endsWith("Event")) {
                return true; // inside JFR writing an event (its writer set-up, its string pool's lock), not a wait of ours
            }
            if (type.startsWith("dev.greenwire")) {
                break;
            }
        }
        return e.getStackTrace().getFrames().stream().limit(8).map(f -> f.getMethod().getType().getName())
                .anyMatch(n -> n.startsWith("jdk.internal.loader.") || n.equals("java.lang.ClassLoader")
                        || n.startsWith("java.lang.invoke.") || n.equals("java.lang.System$1"));
    }

    /** @return how many of the pinned events were first-use class loading or linking, not counted */
    public int firstUse() {
        return firstUse;
    }

    /** @return how many pinned events the recording held, Greenwire's or not (after {@link #greenwireFrames()}) */
    public int total() {
        return total;
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    @Override
    public void close() {
        rec.close();
    }
}
