package dev.greenwire.replication;

import dev.greenwire.Connection;

/**
 * A connection in logical replication mode ({@code replication=database}), always in
 * autocommit: {@code Pg.connect(dsn, LogicalReplicationConnection::new)}. Its cursors are
 * {@link ReplicationCursor}s; replication commands such as {@code IDENTIFY_SYSTEM} run
 * through {@code execute}.
 */
public class LogicalReplicationConnection extends ReplicationConnectionBase {
    /** @param init from the driver */
    public LogicalReplicationConnection(Connection.Init init) {
        super(init.withParameter("replication", "database"), SlotType.LOGICAL);
    }
}
