package dev.greenwire.replication;

import dev.greenwire.Cursor;
import dev.greenwire.Extensions;
import dev.greenwire.PollState;
import dev.greenwire.ProgrammingException;
import dev.greenwire.internal.engine.ConnectionAccess;
import dev.greenwire.internal.engine.StreamOp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The cursor of a replication connection (psycopg2's {@code ReplicationCursor}): slot
 * management, and plain replication commands ({@code IDENTIFY_SYSTEM},
 * {@code TIMELINE_HISTORY}…) through {@link #execute(String)}.
 *
 * <p>Streaming: {@link #startReplication} switches the connection to the stream;
 * {@link #consumeStream} hands each message to a consumer, waiting through the wait callback
 * in between (no socket timeouts, no busy loop) and sending status updates every status
 * interval; {@link #readMessage()} returns a message or null without waiting (async use, with
 * {@link dev.greenwire.Connection#channel()}); {@link #sendFeedback} confirms positions.
 */
public class ReplicationCursor extends Cursor {
    /** @param init from the driver */
    public ReplicationCursor(Cursor.Init init) {
        super(init);
    }

    private SlotType defaultType() {
        return connection() instanceof ReplicationConnectionBase r ? r.replicationType() : SlotType.LOGICAL;
    }

    /**
     * Creates a replication slot; the result (slot name, consistent point, snapshot, plugin)
     * can be fetched.
     *
     * @param slotName the slot
     * @param type LOGICAL or PHYSICAL; null for the connection's kind
     * @param outputPlugin the output plugin (logical slots only, required there)
     * @return this cursor
     */
    public ReplicationCursor createReplicationSlot(String slotName, SlotType type, String outputPlugin) {
        return createReplicationSlot(slotName, type, outputPlugin, false);
    }

    /**
     * Creates a replication slot, optionally temporary (dropped when the connection ends).
     *
     * @param slotName the slot
     * @param type LOGICAL or PHYSICAL; null for the connection's kind
     * @param outputPlugin the output plugin (logical slots only, required there)
     * @param temporary whether the slot lives only as long as this connection
     * @return this cursor
     */
    public ReplicationCursor createReplicationSlot(String slotName, SlotType type, String outputPlugin,
                                                   boolean temporary) {
        SlotType t = type == null ? defaultType() : type;
        if (slotName == null || slotName.isEmpty()) {
            throw new ProgrammingException("a replication slot needs a name");
        }
        StringBuilder sql = new StringBuilder("CREATE_REPLICATION_SLOT ")
                .append(Extensions.quoteIdent(slotName, connection()));
        if (temporary) {
            sql.append(" TEMPORARY");
        }
        if (t == SlotType.LOGICAL) {
            if (outputPlugin == null) {
                throw new ProgrammingException("output plugin name is required to create logical replication slot");
            }
            if (defaultType() == SlotType.PHYSICAL) {
                throw new ProgrammingException("cannot create logical replication slot with physical replication connection");
            }
            sql.append(" LOGICAL ").append(Extensions.quoteIdent(outputPlugin, connection()));
        } else {
            if (outputPlugin != null) {
                throw new ProgrammingException("cannot specify output plugin name when creating physical replication slot");
            }
            sql.append(" PHYSICAL");
        }
        execute(sql.toString());
        return this;
    }

    /**
     * Drops a replication slot.
     *
     * @param slotName the slot
     * @return this cursor
     */
    public ReplicationCursor dropReplicationSlot(String slotName) {
        execute("DROP_REPLICATION_SLOT " + Extensions.quoteIdent(slotName, connection()));
        return this;
    }

    // ---- streaming ---------------------------------------------------------------------------

    private StreamOp stream;
    private boolean decode;

    /**
     * Starts streaming from a slot (psycopg2's {@code start_replication}).
     *
     * @param slotName the slot (required for logical streams)
     * @param type LOGICAL or PHYSICAL; null for the connection's kind
     * @param startLsn where to start; {@link Lsn#ZERO} starts where the slot is
     * @param timeline the timeline (physical only), 0 for the current one
     * @param options output plugin options (logical only), may be null
     * @param decode deliver payloads as Strings (logical only)
     * @param statusInterval how often status updates are sent
     * @return this cursor
     */
    public ReplicationCursor startReplication(String slotName, SlotType type, Lsn startLsn, long timeline,
                                              Map<String, String> options, boolean decode, Duration statusInterval) {
        SlotType t = type == null ? defaultType() : type;
        Lsn start = startLsn == null ? Lsn.ZERO : startLsn;
        StringBuilder sql = new StringBuilder("START_REPLICATION ");
        if (slotName != null) {
            sql.append("SLOT ").append(Extensions.quoteIdent(slotName, connection())).append(' ');
        }
        if (t == SlotType.LOGICAL) {
            if (slotName == null) {
                throw new ProgrammingException("slot name is required for logical replication");
            }
            if (timeline != 0) {
                throw new ProgrammingException("cannot specify timeline for logical replication");
            }
            sql.append("LOGICAL ").append(start);
            if (options != null && !options.isEmpty()) {
                StringBuilder opts = new StringBuilder();
                for (Map.Entry<String, String> e : options.entrySet()) {
                    opts.append(opts.length() == 0 ? "" : ", ").append(Extensions.quoteIdent(e.getKey(), connection()))
                            .append(' ').append(Extensions.quote(e.getValue()));
                }
                sql.append(" (").append(opts).append(')');
            }
        } else {
            if (options != null && !options.isEmpty()) {
                throw new ProgrammingException("cannot specify output plugin options for physical replication");
            }
            if (decode) {
                throw new ProgrammingException("cannot decode physical replication");
            }
            sql.append("PHYSICAL ").append(start);
            if (timeline != 0) {
                sql.append(" TIMELINE ").append(timeline);
            }
        }
        return startReplicationExpert(sql.toString(), decode, statusInterval);
    }

    /**
     * {@link #startReplication} for a logical slot with defaults: from where the slot is,
     * payloads decoded, status updates every 10 seconds.
     *
     * @param slotName the slot
     * @param options output plugin options, may be null
     * @return this cursor
     */
    public ReplicationCursor startReplication(String slotName, Map<String, String> options) {
        return startReplication(slotName, null, Lsn.ZERO, 0, options, defaultType() == SlotType.LOGICAL,
                Duration.ofSeconds(10));
    }

    /**
     * Starts a stream with a START_REPLICATION command written by the caller.
     *
     * @param command the command
     * @param decode deliver payloads as Strings
     * @param statusInterval how often status updates are sent
     * @return this cursor
     */
    public ReplicationCursor startReplicationExpert(String command, boolean decode, Duration statusInterval) {
        Objects.requireNonNull(command, "command");
        long interval = statusInterval == null ? Duration.ofSeconds(10).toNanos() : statusInterval.toNanos();
        if (interval <= 0) {
            throw new ProgrammingException("status interval must be positive");
        }
        ConnectionAccess.Controls in = ConnectionAccess.of(connection());
        in.enter();
        try {
            in.checkUsable();
            if (stream != null && !stream.isDone()) {
                throw new ProgrammingException("replication is already running on this cursor");
            }
            this.decode = decode;
            stream = in.submit(new StreamOp(command.getBytes(StandardCharsets.UTF_8), interval));
            if (!connection().isAsync()) {
                try {
                    in.await();
                } catch (RuntimeException e) {
                    stream = null;
                    throw e;
                }
                stream.acknowledgeStart();
            }
        } finally {
            in.exit();
        }
        return this;
    }

    /**
     * Takes the next message without waiting: reads what the socket has, answers keepalives,
     * sends due status updates.
     *
     * @return a message, or null when none is ready (wait on the connection's channel)
     */
    public ReplicationMessage readMessage() {
        StreamOp s = needStream();
        ConnectionAccess.Controls in = ConnectionAccess.of(connection());
        in.enter();
        try {
            s.acknowledgeStart();
            if (!s.isDone() && (s.feedbackPending() || !s.hasQueued())) {
                PollState ignored = in.engine().poll();
            }
            StreamOp.XLogData d = s.next();
            return d == null ? null : message(d);
        } finally {
            in.exit();
        }
    }

    /**
     * Hands every message to {@code consumer} until it throws {@link StopReplication} (the
     * stream is then ended cleanly and the exception is rethrown to the caller, as psycopg2's
     * {@code consume_stream} does) or the server ends the stream (then it returns). Between
     * messages it waits through the wait callback; status updates go out every
     * {@code keepaliveInterval} (or the start's status interval, whichever is shorter).
     *
     * @param consumer takes each message; call {@link #sendFeedback} to confirm positions
     * @param keepaliveInterval the longest time without a status update
     */
    public void consumeStream(Consumer<ReplicationMessage> consumer, Duration keepaliveInterval) {
        Objects.requireNonNull(consumer, "consumer");
        StreamOp s = needStream();
        if (connection().isAsync()) {
            throw new ProgrammingException("consume_stream cannot be used in asynchronous mode: use readMessage()");
        }
        ConnectionAccess.Controls in = ConnectionAccess.of(connection());
        in.enter();
        try {
            s.acknowledgeStart();
            for (;;) {
                StreamOp.XLogData d = s.next();
                if (d == null) {
                    if (s.isDone()) {
                        return;
                    }
                    in.await();
                    continue;
                }
                try {
                    consumer.accept(message(d));
                } catch (StopReplication stop) {
                    s.stop();
                    while (!s.isDone()) {
                        while (s.next() != null) {
                            // drained: the consumer asked to stop
                        }
                        in.await();
                    }
                    throw stop; // the stream has ended cleanly; the caller learns why, as in psycopg2
                }
            }
        } finally {
            in.exit();
        }
    }

    /**
     * Confirms positions to the server; {@link Lsn#ZERO} leaves one unchanged and positions
     * never move backwards. Sent with the next status update; with {@code force} or
     * {@code reply}, written at once when the socket takes it (then {@link #feedbackTimestamp()}
     * tells), in sync and async mode.
     *
     * @param write written up to
     * @param flush flushed (safe to discard on the server) up to
     * @param apply applied up to
     * @param reply ask the server to answer at once
     * @param force send now rather than at the next interval
     */
    public void sendFeedback(Lsn write, Lsn flush, Lsn apply, boolean reply, boolean force) {
        StreamOp s = needStream();
        s.feedback(write == null ? 0 : write.value(), flush == null ? 0 : flush.value(),
                apply == null ? 0 : apply.value(), reply, force);
        if ((force || reply) && !s.isDone()) {
            // at once, in sync and async mode: one step writes the update if the socket takes it
            ConnectionAccess.Controls in = ConnectionAccess.of(connection());
            in.enter();
            try {
                PollState ignored = in.engine().poll();
            } finally {
                in.exit();
            }
        }
    }

    /** @return the server's WAL end as last reported */
    public Lsn walEnd() {
        return new Lsn(needStream().walEnd());
    }

    /** @return when the last status update was sent, or null */
    public Instant feedbackTimestamp() {
        long t = needStream().lastFeedbackMillis();
        return t == 0 ? null : Instant.ofEpochMilli(t);
    }

    /** @return when the last message came from the server, or null */
    public Instant ioTimestamp() {
        long t = needStream().lastIoMillis();
        return t == 0 ? null : Instant.ofEpochMilli(t);
    }

    private StreamOp needStream() {
        if (stream == null) {
            throw new ProgrammingException("replication is not running: call startReplication() first");
        }
        return stream;
    }

    private ReplicationMessage message(StreamOp.XLogData d) {
        Instant sent = Instant.EPOCH.plusNanos((d.sendTimeMicros() + StreamOp.PG_EPOCH_OFFSET_MICROS) * 1000);
        return new ReplicationMessage(this, d.data(), decode, ConnectionAccess.engine(connection()).charset(),
                new Lsn(d.walStart()), new Lsn(d.walEnd()), sent);
    }
}
