package dev.greenwire.adapt;

/** SQL {@code NULL}: what Java's null adapts to. Use {@link #INSTANCE}. */
public enum SqlNull implements SqlQuote {
    /** The only instance. */
    INSTANCE;

    @Override
    public byte[] getQuoted() {
        return new byte[] {'N', 'U', 'L', 'L'};
    }

    @Override
    public String toString() {
        return "NULL";
    }
}
