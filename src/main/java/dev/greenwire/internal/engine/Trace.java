package dev.greenwire.internal.engine;

import dev.greenwire.observe.GreenwireListener;
import dev.greenwire.observe.QueryInfo;

/** The observation of one running operation: its JFR event, its listener and context, its timing. */
final class Trace {
    /** The JFR event begun at submission, or null when its type was not enabled then. */
    final jdk.jfr.Event event;
    final GreenwireListener listener;
    /** What the listener was told, or null without one. */
    final QueryInfo info;
    /** The statement as written (statements only). */
    final String sql;
    final long start;
    Object context;
    /** Nanoseconds spent in poll() for it. */
    long wire;

    Trace(jdk.jfr.Event event, GreenwireListener listener, QueryInfo info, String sql, long start) {
        this.event = event;
        this.listener = listener;
        this.info = info;
        this.sql = sql;
        this.start = start;
    }
}
