package dev.greenwire.internal.engine;

import dev.greenwire.internal.protocol.InBuf;

/**
 * Waiting for notifications: no message is sent; the operation completes as soon as a
 * notification arrives, or empty at its deadline.
 */
public final class NotifyWaitOp extends Op {
    private long startCount = -1;

    @Override
    int observedKind() {
        return Tracing.NOTIFY_WAIT;
    }

    @Override
    void start(Engine c) {
        startCount = c.notifyCount();
    }

    @Override
    boolean readyWithoutInput(Engine c) {
        return c.notifyCount() > startCount;
    }

    @Override
    boolean onMessage(Engine c, InBuf m) {
        throw Errors.unexpected(m.type(), "while waiting for notifications");
    }

    @Override
    boolean onDeadline(Engine c) {
        return true;
    }

    @Override
    boolean dropWhenAbandoned() {
        return true;
    }
}
