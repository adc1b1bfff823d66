package dev.greenwire.pool;

import dev.greenwire.Connection;
import dev.greenwire.Notify;
import java.nio.channels.SelectionKey;
import java.util.Collection;

/** One pooled connection and what the pool knows of it. */
final class Entry {
    /** Where an entry is; changed under the pool's lock. */
    enum State { IDLE, OUT, CLAIMED, GONE }

    final Connection conn;
    final long createdNanos;
    final long expiresNanos;
    final int generation;
    final boolean baseAutocommit;
    private final int pid;
    final Collection<String> baseNotices;
    final Collection<Notify> baseNotifies;

    volatile State state = State.CLAIMED;
    /** Whether it was ever lent (a check that refuses a new connection backs off). */
    boolean lent;
    /** When it was last made, given back or found working (lent without a probe within 1 ms of it). */
    volatile long idleSinceNanos;
    /** The watcher's registration of the socket, or null. */
    SelectionKey key;

    /** Gives this connection back when its lease ends (made on first lend). */
    java.util.function.Consumer<Connection> giveBack;

    // the current lease, while OUT
    volatile Connection lease;
    long borrowedNanos;
    Throwable borrowStack;
    Thread borrower;
    boolean leakReported;
    /** Why the housekeeping takes it out of service (set under the pool's lock). */
    PoolEvents.Why retiring;

    Entry(Connection conn, long createdNanos, long lifetimeNanos, int generation) {
        this.conn = conn;
        this.createdNanos = createdNanos;
        this.expiresNanos = lifetimeNanos <= 0 ? Long.MAX_VALUE : createdNanos + lifetimeNanos;
        this.generation = generation;
        this.idleSinceNanos = createdNanos;
        this.baseAutocommit = conn.autocommit();
        this.pid = conn.backendPid();
        this.baseNotices = conn.notices();
        this.baseNotifies = conn.notifies();
    }

    /** @return the server process of the connection */
    int pid() {
        return pid;
    }

    boolean expired(long now) {
        return expiresNanos != Long.MAX_VALUE && now - expiresNanos >= 0;
    }

    @Override
    public String toString() {
        return "connection to backend " + pid + (conn.isClosed() ? " (closed)" : "");
    }
}
