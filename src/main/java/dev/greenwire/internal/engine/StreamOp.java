package dev.greenwire.internal.engine;

import dev.greenwire.PollState;
import dev.greenwire.internal.protocol.InBuf;
import java.util.ArrayDeque;

/**
 * A replication stream (START_REPLICATION in CopyBoth mode). Incoming XLogData messages are
 * queued for the consumer; the operation <em>yields</em> — {@code poll()} returns OK while the
 * operation goes on — whenever a message is ready, so that a wait callback returns and the
 * caller can take it. Primary keepalives that ask for a reply are answered at once, and a
 * standby status update is sent every status interval (a deadline honoured through the wait
 * callback). Feedback positions never move backwards.
 */
public final class StreamOp extends Op {
    /** One XLogData message. */
    public record XLogData(long walStart, long walEnd, long sendTimeMicros, byte[] data) {
    }

    /** Queue size at which reading pauses until the consumer catches up. */
    private static final int MAX_QUEUED = 1024;
    /** Microseconds between the Unix and the PostgreSQL epochs (2000-01-01). */
    public static final long PG_EPOCH_OFFSET_MICROS = 946_684_800_000_000L;

    private final byte[] command;
    private final long statusIntervalNanos;
    private final ArrayDeque<XLogData> queue = new ArrayDeque<>();
    private boolean streaming;
    private boolean started;
    private boolean stopping;
    private volatile long writeLsn;
    private volatile long flushLsn;
    private volatile long applyLsn;
    private volatile long walEnd;
    private volatile long lastFeedbackMillis;
    private volatile long lastIoMillis;
    private boolean feedbackPending;
    private boolean replyRequested;

    public StreamOp(byte[] command, long statusIntervalNanos) {
        this.command = command;
        this.statusIntervalNanos = statusIntervalNanos;
    }

    @Override
    void start(Engine c) {
        c.out.query(command);
    }

    /** @return the next queued message, or null */
    public XLogData next() {
        return queue.poll();
    }

    /** @return true when messages wait in the queue */
    public boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** @return true once the server switched to CopyBoth mode */
    public boolean isStreaming() {
        return streaming;
    }

    public long walEnd() {
        return walEnd;
    }

    public long lastFeedbackMillis() {
        return lastFeedbackMillis;
    }

    public long lastIoMillis() {
        return lastIoMillis;
    }

    /** Records feedback (0 leaves a position unchanged; positions never go back). */
    public void feedback(long write, long flush, long apply, boolean reply, boolean force) {
        if (write != 0 && Long.compareUnsigned(write, writeLsn) > 0) {
            writeLsn = write;
        }
        if (flush != 0 && Long.compareUnsigned(flush, flushLsn) > 0) {
            flushLsn = flush;
        }
        if (apply != 0 && Long.compareUnsigned(apply, applyLsn) > 0) {
            applyLsn = apply;
        }
        if (reply || force) {
            feedbackPending = true;
            replyRequested |= reply;
        }
    }

    /** @return true when a status update waits to be sent */
    public boolean feedbackPending() {
        return feedbackPending;
    }

    /** Asks the server to end the stream (CopyDone); the operation completes at ReadyForQuery. */
    public void stop() {
        stopping = true;
    }

    @Override
    void onAbandon(Engine c) {
        stop();
    }

    @Override
    PollState beforeReading(Engine c) {
        if (!streaming) {
            return null;
        }
        if (feedbackPending && !stopSent) {
            sendStatus(c);
        }
        if (stopping && !stopSent) {
            // the last confirmed positions go out before the end of the stream
            stopSent = true;
            c.out.copyDone();
        }
        return null;
    }

    private boolean stopSent;

    private void sendStatus(Engine c) {
        byte[] b = new byte[34];
        b[0] = 'r';
        putLong(b, 1, writeLsn);
        putLong(b, 9, flushLsn);
        putLong(b, 17, applyLsn);
        putLong(b, 25, System.currentTimeMillis() * 1000 - PG_EPOCH_OFFSET_MICROS);
        b[33] = (byte) (replyRequested ? 1 : 0);
        c.out.copyData(b, 0, b.length);
        if (dev.greenwire.internal.observe.ReplicationStatusEvent.PROBE.isEnabled()
                || dev.greenwire.internal.observe.Logs.REPLICATION.isTraceEnabled()) {
            Tracing.replicationStatus(c, slot(), writeLsn, flushLsn, applyLsn, walEnd, replyRequested);
        }
        feedbackPending = false;
        replyRequested = false;
        lastFeedbackMillis = System.currentTimeMillis();
        c.deadline(System.nanoTime() + statusIntervalNanos);
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    @Override
    boolean yieldReady(Engine c) {
        return !queue.isEmpty() || (streaming && !started);
    }

    /** The caller has seen the stream start: from now on only data makes poll() yield. */
    public void acknowledgeStart() {
        started = true;
    }

    @Override
    boolean pauseReading(Engine c) {
        return queue.size() >= MAX_QUEUED;
    }

    @Override
    boolean onMessage(Engine c, InBuf m) {
        switch (m.type()) {
            case 'W' -> {
                streaming = true;
                dev.greenwire.internal.observe.Logs.REPLICATION.debug("backend {}: replication stream started (slot {})",
                        c.backendPid, slot());
                c.deadline(System.nanoTime() + statusIntervalNanos);
            }
            case 'd' -> {
                lastIoMillis = System.currentTimeMillis();
                int kind = m.i8();
                if (kind == 'w') {
                    long start = readLong(m);
                    long end = readLong(m);
                    long time = readLong(m);
                    walEnd = end;
                    queue.add(new XLogData(start, end, time, m.rest()));
                } else if (kind == 'k') {
                    long end = readLong(m);
                    readLong(m);
                    boolean reply = m.i8() != 0;
                    walEnd = end;
                    if (reply) {
                        feedbackPending = true;
                    }
                } else {
                    throw m.malformed();
                }
            }
            case 'c' -> {
                if (!stopSent) {
                    stopSent = true;
                    c.out.copyDone();
                }
            }
            case 'T', 'D', 'C', 'H', 'G' -> {
                // the end of a timeline: its result set, then the command tag
            }
            case 'Z' -> {
                c.readyForQuery((char) m.i8());
                dev.greenwire.internal.observe.Logs.REPLICATION.debug("backend {}: replication stream ended (slot {})",
                        c.backendPid, slot());
                return true;
            }
            default -> throw Errors.unexpected(m.type(), "during replication");
        }
        return false;
    }

    /** @return the slot named by the START_REPLICATION command, or null */
    private String slot() {
        String[] words = new String(command, java.nio.charset.StandardCharsets.UTF_8).trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equalsIgnoreCase("SLOT")) {
                String w = words[i + 1];
                return w.length() > 1 && w.startsWith("\"") && w.endsWith("\"") ? w.substring(1, w.length() - 1).replace("\"\"", "\"") : w;
            }
        }
        return null;
    }

    private static long readLong(InBuf m) {
        return ((long) m.i32() << 32) | (m.i32() & 0xffffffffL);
    }

    @Override
    boolean onDeadline(Engine c) {
        if (streaming && !stopSent) {
            feedbackPending = true;
        }
        c.deadline(System.nanoTime() + statusIntervalNanos);
        return false;
    }
}
