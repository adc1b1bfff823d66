package dev.greenwire.internal.observe;

import dev.greenwire.PollState;
import dev.greenwire.observe.ConnectionInfo;
import dev.greenwire.observe.GreenwireListener;
import dev.greenwire.observe.PoolAcquireOutcome;
import dev.greenwire.observe.PoolConnectionChange;
import dev.greenwire.observe.PoolInfo;
import dev.greenwire.observe.QueryInfo;
import dev.greenwire.observe.QueryResult;
import java.util.List;

/** The listener {@link GreenwireListener#all} makes: each call goes to every listener in turn. */
public final class CompositeListener implements GreenwireListener {
    private final List<GreenwireListener> ls;

    public CompositeListener(List<GreenwireListener> ls) {
        this.ls = ls;
    }

    @Override
    public void connectionOpened(ConnectionInfo c, long nanos) {
        each(l -> l.connectionOpened(c, nanos));
    }

    @Override
    public void connectionFailed(ConnectionInfo c, Throwable error, long nanos) {
        each(l -> l.connectionFailed(c, error, nanos));
    }

    @Override
    public void connectionClosed(ConnectionInfo c) {
        each(l -> l.connectionClosed(c));
    }

    @Override
    public Object queryStarted(QueryInfo q) {
        Object[] ctx = new Object[ls.size()];
        for (int i = 0; i < ctx.length; i++) {
            try {
                ctx[i] = ls.get(i).queryStarted(q);
            } catch (RuntimeException e) {
                Listeners.failed(ls.get(i), e);
            }
        }
        return ctx;
    }

    @Override
    public void queryEnded(QueryInfo q, Object context, QueryResult r) {
        Object[] ctx = context instanceof Object[] a && a.length == ls.size() ? a : new Object[ls.size()];
        for (int i = 0; i < ctx.length; i++) {
            try {
                ls.get(i).queryEnded(q, ctx[i], r);
            } catch (RuntimeException e) {
                Listeners.failed(ls.get(i), e);
            }
        }
    }

    @Override
    public void waitStarted(ConnectionInfo c, PollState readiness) {
        each(l -> l.waitStarted(c, readiness));
    }

    @Override
    public void waitEnded(ConnectionInfo c, PollState readiness, String strategy, long nanos) {
        each(l -> l.waitEnded(c, readiness, strategy, nanos));
    }

    @Override
    public void poolOpened(PoolInfo p) {
        each(l -> l.poolOpened(p));
    }

    @Override
    public void poolClosed(PoolInfo p) {
        each(l -> l.poolClosed(p));
    }

    @Override
    public void poolAcquired(PoolInfo p, PoolAcquireOutcome outcome, long waitNanos) {
        each(l -> l.poolAcquired(p, outcome, waitNanos));
    }

    @Override
    public void poolReleased(PoolInfo p, long useNanos) {
        each(l -> l.poolReleased(p, useNanos));
    }

    @Override
    public void poolConnection(PoolInfo p, PoolConnectionChange change) {
        each(l -> l.poolConnection(p, change));
    }

    /** Calls each listener; one that throws does not keep the others from hearing. */
    private void each(java.util.function.Consumer<GreenwireListener> call) {
        for (GreenwireListener l : ls) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                Listeners.failed(l, e);
            }
        }
    }

    @Override
    public String toString() {
        return "GreenwireListener.all" + ls;
    }
}
