package dev.greenwire;

import dev.greenwire.internal.engine.NotifyWaitOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Connection.awaitNotifies: a wait through the callback until a notification or the timeout. */
final class NotificationWait {
    private NotificationWait() {
    }

    static List<Notify> await(Connection c, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        c.gate.enter();
        List<Notify> got = new ArrayList<>();
        c.s.capture = got;
        try {
            c.gate.checkUsable();
            c.gate.checkAsyncIdle("awaitNotifies");
            c.drain();
            PollState s = c.engine.poll();
            if (s != PollState.OK || !got.isEmpty()) {
                return got;
            }
            NotifyWaitOp op = new NotifyWaitOp();
            Submission.submit(c, op, false);
            c.engine.deadline(System.nanoTime() + Math.max(0, timeout.toNanos()));
            c.await();
            return got;
        } finally {
            c.s.capture = null;
            c.gate.exit();
        }
    }
}
