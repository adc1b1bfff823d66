package dev.greenwire.replication;

import dev.greenwire.Cursor;
import dev.greenwire.Extensions;
import dev.greenwire.ProgrammingException;

/**
 * The cursor of a replication connection (psycopg2's {@code ReplicationCursor}): slot
 * management, and plain replication commands ({@code IDENTIFY_SYSTEM},
 * {@code TIMELINE_HISTORY}…) through {@link #execute(String)}.
 *
 * <p>Streaming ({@code startReplication}, {@code consumeStream}, {@code readMessage},
 * {@code sendFeedback}) is not implemented yet.
 */
public class ReplicationCursor extends Cursor {
    /** @param init from the driver */
    public ReplicationCursor(Cursor.Init init) {
        super(init);
    }

    private SlotType defaultType() {
        return connection() instanceof ReplicationConnectionBase r ? r.replicationType() : SlotType.LOGICAL;
    }

    /**
     * Creates a replication slot; the result (slot name, consistent point, snapshot, plugin)
     * can be fetched.
     *
     * @param slotName the slot
     * @param type LOGICAL or PHYSICAL; null for the connection's kind
     * @param outputPlugin the output plugin (logical slots only, required there)
     * @return this cursor
     */
    public ReplicationCursor createReplicationSlot(String slotName, SlotType type, String outputPlugin) {
        return createReplicationSlot(slotName, type, outputPlugin, false);
    }

    /**
     * Creates a replication slot, optionally temporary (dropped when the connection ends).
     *
     * @param slotName the slot
     * @param type LOGICAL or PHYSICAL; null for the connection's kind
     * @param outputPlugin the output plugin (logical slots only, required there)
     * @param temporary whether the slot lives only as long as this connection
     * @return this cursor
     */
    public ReplicationCursor createReplicationSlot(String slotName, SlotType type, String outputPlugin,
                                                   boolean temporary) {
        SlotType t = type == null ? defaultType() : type;
        if (slotName == null || slotName.isEmpty()) {
            throw new ProgrammingException("a replication slot needs a name");
        }
        StringBuilder sql = new StringBuilder("CREATE_REPLICATION_SLOT ")
                .append(Extensions.quoteIdent(slotName, connection()));
        if (temporary) {
            sql.append(" TEMPORARY");
        }
        if (t == SlotType.LOGICAL) {
            if (outputPlugin == null) {
                throw new ProgrammingException("output plugin name is required to create logical replication slot");
            }
            if (defaultType() == SlotType.PHYSICAL) {
                throw new ProgrammingException("cannot create logical replication slot with physical replication connection");
            }
            sql.append(" LOGICAL ").append(Extensions.quoteIdent(outputPlugin, connection()));
        } else {
            if (outputPlugin != null) {
                throw new ProgrammingException("cannot specify output plugin name when creating physical replication slot");
            }
            sql.append(" PHYSICAL");
        }
        execute(sql.toString());
        return this;
    }

    /**
     * Drops a replication slot.
     *
     * @param slotName the slot
     * @return this cursor
     */
    public ReplicationCursor dropReplicationSlot(String slotName) {
        execute("DROP_REPLICATION_SLOT " + Extensions.quoteIdent(slotName, connection()));
        return this;
    }
}
