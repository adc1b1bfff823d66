package dev.greenwire.replication;

/**
 * A WAL position (PostgreSQL's {@code pg_lsn}), written {@code 16/B374D848}.
 *
 * @param value the 64-bit position
 */
public record Lsn(long value) implements Comparable<Lsn> {
    /** The zero position: "leave unchanged" in feedback, "where the slot is" when starting. */
    public static final Lsn ZERO = new Lsn(0);

    /**
     * Parses PostgreSQL's {@code %X/%X} form.
     *
     * @param text e.g. {@code "16/B374D848"}
     * @return the position
     * @throws IllegalArgumentException when the text is not an LSN
     */
    public static Lsn parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || slash > 8 || text.length() - slash - 1 > 8) {
            throw new IllegalArgumentException("invalid LSN \"" + text + "\": expected the form 16/B374D848");
        }
        try {
            long hi = Long.parseLong(text.substring(0, slash), 16);
            long lo = Long.parseLong(text.substring(slash + 1), 16);
            return new Lsn((hi << 32) | lo);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid LSN \"" + text + "\": expected the form 16/B374D848", e);
        }
    }

    @Override
    public int compareTo(Lsn o) {
        return Long.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xffffffffL).toUpperCase();
    }
}
