package dev.greenwire.internal.engine;

import dev.greenwire.internal.protocol.InBuf;

/** Sync, ending a pipeline block: complete at ReadyForQuery. */
public final class SyncOp extends Op {
    @Override
    void start(Engine c) {
        c.markUnsynced(false);
        c.out.sync();
    }

    @Override
    boolean onMessage(Engine c, InBuf m) {
        if (m.type() == 'Z') {
            c.readyForQuery((char) m.i8());
            return true;
        }
        throw Errors.unexpected(m.type(), "before the end of a pipeline block");
    }
}
