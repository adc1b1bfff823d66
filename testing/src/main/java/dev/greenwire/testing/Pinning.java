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
 * pins a carrier in Greenwire code.
 */
public final class Pinning implements AutoCloseable {
    private final Recording rec = new Recording();
    private int total;

    private Pinning() {
        rec.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
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
                for (RecordedFrame f : e.getStackTrace().getFrames()) {
                    if (f.getMethod().getType().getName().startsWith("dev.greenwire")) {
                        StringBuilder sb = new StringBuilder(name(f) + " under");
                        e.getStackTrace().getFrames().stream().limit(6).forEach(top -> sb.append(' ').append(name(top)));
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
