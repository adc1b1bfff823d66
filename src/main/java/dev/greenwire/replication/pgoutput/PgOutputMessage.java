package dev.greenwire.replication.pgoutput;

import dev.greenwire.replication.Lsn;
import java.time.Instant;
import java.util.List;

/**
 * The messages of PostgreSQL's {@code pgoutput} logical decoding protocol (versions 1 and 2),
 * as decoded by {@link PgOutputDecoder}. Row values are cast with the registered typecasters
 * using the column types of the relation's last Relation message.
 */
public sealed interface PgOutputMessage {
    /** A transaction begins. @param finalLsn its commit LSN @param commitTime when it committed @param xid its id */
    record Begin(Lsn finalLsn, Instant commitTime, int xid) implements PgOutputMessage { }

    /** A transaction commits. @param flags reserved @param commitLsn the commit LSN @param endLsn the end of the commit record @param commitTime when */
    record Commit(int flags, Lsn commitLsn, Lsn endLsn, Instant commitTime) implements PgOutputMessage { }

    /** The origin of a transaction. @param lsn its LSN at the origin @param name the origin name */
    record Origin(Lsn lsn, String name) implements PgOutputMessage { }

    /** A column of a relation. @param key part of the replica identity @param name the name @param typeOid its type @param typeMod its modifier */
    record Column(boolean key, String name, int typeOid, int typeMod) { }

    /**
     * A table's description, sent before its first change and after it changes.
     *
     * @param xid the streamed transaction, or 0
     * @param relationId the table OID
     * @param namespace the schema
     * @param name the table
     * @param replicaIdentity d(efault), n(othing), f(ull) or i(ndex)
     * @param columns the columns
     */
    record Relation(int xid, int relationId, String namespace, String name, char replicaIdentity,
                    List<Column> columns) implements PgOutputMessage { }

    /** A data type description. @param xid streamed xid or 0 @param oid the type @param namespace its schema @param name its name */
    record Type(int xid, int oid, String namespace, String name) implements PgOutputMessage { }

    /**
     * A row image: one value per column, cast with the typecasters; {@link #UNCHANGED} stands
     * for an unchanged TOASTed value that the server did not send.
     *
     * @param values the values in column order
     */
    record Tuple(List<Object> values) {
        /** The marker of an unchanged TOASTed value. */
        public static final Object UNCHANGED = new Object() {
            @Override
            public String toString() {
                return "UNCHANGED-TOAST";
            }
        };
    }

    /** A row was inserted. @param xid streamed xid or 0 @param relation the table @param newTuple the row */
    record Insert(int xid, Relation relation, Tuple newTuple) implements PgOutputMessage { }

    /**
     * A row was updated.
     *
     * @param xid streamed xid or 0
     * @param relation the table
     * @param oldKey the old key columns (replica identity index), or null
     * @param oldTuple the old row (replica identity full), or null
     * @param newTuple the new row
     */
    record Update(int xid, Relation relation, Tuple oldKey, Tuple oldTuple, Tuple newTuple) implements PgOutputMessage { }

    /** A row was deleted. @param xid streamed xid or 0 @param relation the table @param oldKey its key or null @param oldTuple its row or null */
    record Delete(int xid, Relation relation, Tuple oldKey, Tuple oldTuple) implements PgOutputMessage { }

    /** Tables were truncated. @param xid streamed xid or 0 @param options 1 CASCADE, 2 RESTART IDENTITY @param relations the tables */
    record Truncate(int xid, int options, List<Relation> relations) implements PgOutputMessage { }

    /** A logical decoding message ({@code pg_logical_emit_message}). @param xid streamed xid or 0 @param transactional whether it was @param lsn its LSN @param prefix its prefix @param content its bytes */
    record Message(int xid, boolean transactional, Lsn lsn, String prefix, byte[] content) implements PgOutputMessage { }

    /** A streamed transaction's chunk starts (protocol 2). @param xid the transaction @param firstSegment whether it is its first */
    record StreamStart(int xid, boolean firstSegment) implements PgOutputMessage { }

    /** A streamed chunk ends (protocol 2). */
    record StreamStop() implements PgOutputMessage { }

    /** A streamed transaction commits (protocol 2). @param xid it @param flags reserved @param commitLsn its commit LSN @param endLsn its end @param commitTime when */
    record StreamCommit(int xid, int flags, Lsn commitLsn, Lsn endLsn, Instant commitTime) implements PgOutputMessage { }

    /** A streamed (sub)transaction aborts (protocol 2). @param xid the transaction @param subXid the subtransaction */
    record StreamAbort(int xid, int subXid) implements PgOutputMessage { }
}
