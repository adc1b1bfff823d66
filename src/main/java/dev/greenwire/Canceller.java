package dev.greenwire;

import dev.greenwire.internal.engine.CancelGate;
import dev.greenwire.internal.engine.CancelOp;
import dev.greenwire.internal.engine.Engine;

/** Connection.cancel: a CancelOp aimed at the work running now, driven through the caller's wait callback. */
final class Canceller {
    private Canceller() {
    }

    static void cancel(Connection c) {
        c.gate.live();
        if (c.engine.isClosed()) {
            throw new InterfaceException("connection already closed");
        }
        if (!c.engine.isReady()) {
            throw new OperationalException("asynchronous connection attempt underway");
        }
        CancelGate gate = new CancelGate(c.engine, c.engine.opSeq());
        if (!gate.aimed()) {
            return; // nothing runs
        }
        Engine side = new Engine(c.engine.config());
        Connection carrier = new Connection(new Connection.Init(side, c.options(), c.s.info));
        try {
            // each request goes out only while the statement running now still runs, and holds
            // the engine's cancel lock until the server has taken it; meanwhile the owner sends
            // nothing new, so a cancel never hits a later statement
            side.submit(new CancelOp(c.engine.serverAddress(), c.engine.backendPid(), c.engine.secretKey(), gate,
                    CancelOp.MAX_TRIES));
            carrier.await();
        } finally {
            gate.end();
            side.abort();
        }
    }
}
