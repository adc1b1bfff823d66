package dev.greenwire.internal.engine;

import dev.greenwire.PollState;
import dev.greenwire.internal.observe.NotifyDeliveredEvent;
import dev.greenwire.internal.observe.WaitEvent;
import dev.greenwire.observe.ConnectionInfo;
import dev.greenwire.observe.GreenwireListener;
import java.util.ArrayList;
import java.util.List;

/** A connection's observation state (see {@link Tracing}); touched by the owner's thread only. */
final class Observation {
    /** Operations with a trace in flight: poll() times itself while there are any. */
    int traced;
    /** The wait callback in force for the current await (names the strategy of waits), or null. */
    Object waiter;
    /** What listeners are told about the connection; null until the first need. */
    ConnectionInfo info;
    /** Set once the connection is established (a close is then reported). */
    boolean opened;
    /** Whether the close was reported already; set by the owner or by another thread's abort. */
    final java.util.concurrent.atomic.AtomicBoolean closeReported = new java.util.concurrent.atomic.AtomicBoolean();

    // the poll in progress
    boolean inPoll;
    /** From when the current operation's time in poll() is counted. */
    long chargeFrom;

    // the wait in progress
    boolean waiting;
    long waitStart;
    PollState waitState;
    WaitEvent waitEvent;
    GreenwireListener waitListener;

    /** Notifications read while awaitNotifies waits: handed over when its wait ends. */
    List<NotifyDeliveredEvent> awaited;

    void await(NotifyDeliveredEvent e) {
        if (awaited == null) {
            awaited = new ArrayList<>(4);
        }
        awaited.add(e);
    }
}
