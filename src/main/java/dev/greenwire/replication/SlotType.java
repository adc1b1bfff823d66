package dev.greenwire.replication;

/** The kind of a replication slot. */
public enum SlotType {
    /** A logical slot, decoded by an output plugin such as {@code pgoutput} or {@code test_decoding}. */
    LOGICAL,
    /** A physical slot, streaming raw WAL. */
    PHYSICAL
}
