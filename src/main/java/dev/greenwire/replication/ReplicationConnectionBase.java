package dev.greenwire.replication;

import dev.greenwire.Connection;
import dev.greenwire.IsolationLevel;
import dev.greenwire.LargeObject;
import dev.greenwire.ProgrammingException;

/**
 * What the logical and physical replication connections share: autocommit always, cursors
 * that are {@link ReplicationCursor}s, and clear refusals for what replication connections
 * cannot do (transactions, named cursors, large objects, session characteristics).
 */
public abstract class ReplicationConnectionBase extends Connection {
    private final SlotType kind;

    /**
     * @param init from the driver, with the {@code replication} startup parameter set
     * @param kind the kind of slot this connection uses by default
     */
    protected ReplicationConnectionBase(Connection.Init init, SlotType kind) {
        super(init);
        this.kind = kind;
    }

    /** @return LOGICAL or PHYSICAL */
    public SlotType replicationType() {
        return kind;
    }

    @Override
    public ReplicationCursor cursor() {
        return cursor(ReplicationCursor::new);
    }

    @Override
    public boolean autocommit() {
        return true;
    }

    @Override
    public void autocommit(boolean on) {
        if (!on) {
            throw new ProgrammingException("replication connections are always in autocommit mode");
        }
    }

    @Override
    public void setSession(IsolationLevel level, Boolean readOnly, Boolean deferrable, Boolean autocommit) {
        throw new ProgrammingException("set_session cannot be used on replication connections");
    }

    @Override
    public void commit() {
        // autocommit: nothing to commit, as psycopg2 does
    }

    @Override
    public void rollback() {
        // autocommit: nothing to roll back
    }

    @Override
    public dev.greenwire.Cursor cursor(String name, boolean withHold, boolean scrollable) {
        if (name == null) {
            return super.cursor(null, withHold, scrollable);
        }
        throw new ProgrammingException("replication connections cannot produce named cursors");
    }

    @Override
    public LargeObject lobject(long oid, String mode) {
        throw new ProgrammingException("replication connections cannot use large objects");
    }

    @Override
    public void reset() {
        throw new ProgrammingException("reset cannot be used on replication connections");
    }
}
