package dev.greenwire.replication;

import dev.greenwire.Connection;

/**
 * A connection in physical replication mode ({@code replication=true}), always in autocommit:
 * {@code Pg.connect(dsn, PhysicalReplicationConnection::new)}.
 */
public class PhysicalReplicationConnection extends ReplicationConnectionBase {
    /** @param init from the driver */
    public PhysicalReplicationConnection(Connection.Init init) {
        super(init.withParameter("replication", "true"), SlotType.PHYSICAL);
    }
}
