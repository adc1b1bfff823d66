package dev.greenwire;

import dev.greenwire.internal.engine.ConnectionAccess;
import dev.greenwire.internal.engine.Engine;
import dev.greenwire.internal.engine.Op;

/** A connection's controls as the replication and extras packages see them (see {@link ConnectionAccess}). */
record AccessControls(Connection conn) implements ConnectionAccess.Controls {
    @Override
    public Engine engine() {
        return conn.engine;
    }

    @Override
    public void enter() {
        conn.gate.enter();
    }

    @Override
    public void exit() {
        conn.gate.exit();
    }

    @Override
    public void checkUsable() {
        conn.gate.checkUsable();
    }

    @Override
    public void await() {
        conn.await();
    }

    @Override
    public <T extends Op> T submit(T op) {
        return Submission.submit(conn, op, false);
    }
}
