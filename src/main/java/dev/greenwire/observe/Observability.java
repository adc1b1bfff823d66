package dev.greenwire.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * The names of the driver's JDK Flight Recorder events, its settings files, and the global
 * {@link GreenwireListener}.
 *
 * <p>Record with the shipped settings, from the command line (write {@link #jfc()} to a file
 * once, or take {@code dev/greenwire/observe/greenwire.jfc} out of the driver's jar):
 * <pre>{@code
 * java -XX:StartFlightRecording:settings=default,settings=greenwire.jfc,filename=app.jfr …
 * }</pre>
 * or in code:
 * <pre>{@code
 * try (Recording r = new Recording(Observability.jfrSettings())) {
 *     r.start();
 *     …
 *     r.dump(Path.of("app.jfr"));
 * }
 * }</pre>
 * and read the events by name: {@code jfr print --events dev.greenwire.Query app.jfr}, or
 * {@code RecordingFile.readAllEvents} and {@code event.getEventType().getName()}.
 */
public final class Observability {
    /** A connection attempt: host, port, tls, authMethod, attempts, outcome, failure, backendPid. */
    public static final String CONNECT = "dev.greenwire.Connect";
    /** A statement: sql (as written), binding, prepared, rows, sqlState, errorType, wireTime, backendPid. */
    public static final String QUERY = "dev.greenwire.Query";
    /** A wait for the socket: strategy, readiness (READ/WRITE), backendPid. */
    public static final String WAIT = "dev.greenwire.Wait";
    /** A cancel request: backendPid, requests, outcome, reason. */
    public static final String CANCEL = "dev.greenwire.Cancel";
    /** A notification handed to the application: channel, senderPid, payloadLength, delivery, backendPid. */
    public static final String NOTIFY_DELIVERED = "dev.greenwire.NotifyDelivered";
    /** A standby status update of a replication stream: slot, write/flush/apply LSNs, lag. */
    public static final String REPLICATION_STATUS = "dev.greenwire.ReplicationStatus";
    /** A request for a pooled connection: pool, outcome, backendPid (greenwire-pool). */
    public static final String POOL_ACQUIRE = "dev.greenwire.PoolAcquire";
    /** A pooled connection created, expired, lost or closed: pool, change, reason, backendPid (greenwire-pool). */
    public static final String POOL_CONNECTION_LIFECYCLE = "dev.greenwire.PoolConnectionLifecycle";
    /** Every event name above. */
    public static final List<String> EVENT_NAMES = List.of(CONNECT, QUERY, WAIT, CANCEL, NOTIFY_DELIVERED,
            REPLICATION_STATUS, POOL_ACQUIRE, POOL_CONNECTION_LIFECYCLE);

    private static volatile GreenwireListener listener;

    private Observability() {
    }

    /**
     * Sets the listener of every connection and pool that has none of its own (see
     * {@code ConnectOptions.Builder.listener}). A pool announces itself
     * ({@link GreenwireListener#poolOpened}) when it opens: set the listener before.
     *
     * @param l the listener, or null for none
     */
    public static void setListener(GreenwireListener l) {
        listener = l;
    }

    /** @return the global listener, or null */
    public static GreenwireListener listener() {
        return listener;
    }

    /**
     * The settings of the shipped {@code greenwire.jfc}: every event on, stack traces only on
     * connects, cancels and pool connection changes, and thresholds of 10 ms on queries, waits and
     * pool acquisitions (what is faster is not recorded). For {@code new Recording(map)} or
     * {@code RecordingStream.setSettings(map)}; add the JDK's own with
     * {@code Configuration.getConfiguration("default").getSettings()}.
     *
     * @return event setting → value
     */
    public static Map<String, String> jfrSettings() {
        return settings("greenwire.jfc");
    }

    /**
     * The settings of the shipped {@code greenwire-profile.jfc}: every event with no
     * threshold (every query, wait and acquisition recorded) — for a short profiling run; it
     * costs about a microsecond per statement.
     *
     * @return event setting → value
     */
    public static Map<String, String> jfrProfileSettings() {
        return settings("greenwire-profile.jfc");
    }

    /**
     * The text of {@code greenwire.jfc}, to write to a file for
     * {@code -XX:StartFlightRecording:settings=…} or {@code jcmd <pid> JFR.start settings=…}.
     *
     * @return the settings file
     */
    public static String jfc() {
        return text("greenwire.jfc");
    }

    private static String text(String name) {
        try (InputStream in = Observability.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the driver's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> settings(String name) {
        try {
            return Map.copyOf(jdk.jfr.Configuration.create(new StringReader(text(name))).getSettings());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException(name + " does not parse: " + e.getMessage(), e);
        }
    }
}
