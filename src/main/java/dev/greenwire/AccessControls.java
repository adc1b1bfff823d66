package dev.greenwire;

import dev.greenwire.internal.engine.ConnectionAccess;
import dev.greenwire.internal.engine.Engine;
import dev.greenwire.internal.engine.ExtendedOp;
import dev.greenwire.internal.engine.Op;
import dev.greenwire.internal.types.Casters;
import java.util.function.IntPredicate;

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

    @Override
    public ExtendedOp serverBound(Object cursor, byte[] sql, int[] types, short[] formats, byte[][] values, boolean sync,
            IntPredicate allowed, Object owner) {
        Cursor c = (Cursor) cursor;
        long version = Casters.version();
        IntPredicate builtIn = StatementDispatch.binaryColumns(c);
        return new ExtendedOp(sql, types, formats, values, sync, oid -> allowed.test(oid) && builtIn.test(oid),
                version == -1 ? -2 : version, new BoundKey(owner, c.zone));
    }

    @Override
    public java.time.ZoneId sessionZone(Object cursor) {
        return ((Cursor) cursor).zone;
    }

    /** What a prepared statement's result formats were chosen for: a caller's choice of types and the session zone. */
    private record BoundKey(Object owner, java.time.ZoneId zone) {
    }
}
