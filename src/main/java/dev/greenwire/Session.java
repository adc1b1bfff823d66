package dev.greenwire;

import dev.greenwire.cast.TypeCaster;
import dev.greenwire.internal.conninfo.ConnInfo;
import dev.greenwire.internal.engine.Engine;
import dev.greenwire.internal.engine.QueryOp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of one server session, shared by the {@link Connection} that opened it and by
 * every lease of it ({@link Connection#lease}): the engine, the per-connection lock, the
 * transaction characteristics and BEGIN tracking, the open pipeline, notices and
 * notifications. A {@code Connection} object is a view on one of these.
 */
final class Session {
    static final int DEFAULT_NOTICE_CAP = 50;

    final Engine engine;
    final ConnectOptions options;
    final ConnInfo info;
    final ReentrantLock lock = new ReentrantLock();
    final boolean async;
    final Map<Integer, TypeCaster> casters = new ConcurrentHashMap<>();

    /** Set by close(): a thread that finds the lock taken then learns the connection is closing. */
    volatile boolean closing;
    volatile boolean autocommit;
    IsolationLevel isolation = IsolationLevel.DEFAULT;
    Boolean readOnly;
    Boolean deferrable;
    volatile Collection<String> notices = new NoticeList(DEFAULT_NOTICE_CAP);
    volatile Collection<Notify> notifies = new ArrayList<>();
    /** Where {@code awaitNotifies} collects what arrives during its call, or null. */
    List<Notify> capture;
    /** The last BEGIN sent, to tell whether a transaction is being opened. */
    QueryOp begin;
    /** The open pipeline, or null. */
    Pipeline pipeline;

    Session(Engine engine, ConnectOptions options, ConnInfo info) {
        this.engine = engine;
        this.options = options;
        this.info = info;
        this.async = options.async();
        this.autocommit = async || info.get("replication") != null;
        engine.notifySink(n -> {
            List<Notify> cap = capture;
            if (cap != null) {
                cap.add(n);
            }
            notifyDrops.store(notifies, n);
        });
        engine.noticeSink(n -> noticeDrops.store(notices, n));
    }

    /** Notifications and notices that the user's collection refused (full, or failing). */
    final Drops notifyDrops = new Drops("notification");
    final Drops noticeDrops = new Drops("notice");

    /**
     * Adding to a user's collection: one that refuses (a full bounded queue throws) costs the
     * item, counted and logged once per burst of refusals, never the connection.
     */
    static final class Drops {
        private final String what;
        private final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
        /** Whether the current burst was logged already (reset by the next item stored). */
        private boolean refusing;

        Drops(String what) {
            this.what = what;
        }

        <T> void store(java.util.Collection<T> target, T item) {
            boolean ok;
            try {
                ok = target.add(item);
            } catch (RuntimeException e) {
                ok = false;
            }
            if (ok) {
                refusing = false;
                return;
            }
            long n = count.incrementAndGet();
            if (!refusing) {
                refusing = true;
                LOG.warn("a {} was dropped: the collection set for them ({}) refused it (full?); {} dropped so far on"
                        + " this connection", what, target.getClass().getName(), n);
            }
        }

        long count() {
            return count.get();
        }
    }

    private static final org.slf4j.Logger LOG = dev.greenwire.internal.observe.Logs.QUERY;
}
