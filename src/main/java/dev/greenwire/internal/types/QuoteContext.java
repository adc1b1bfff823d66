package dev.greenwire.internal.types;

import dev.greenwire.Connection;
import dev.greenwire.adapt.SqlQuote;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a literal must be quoted for: the client encoding and whether
 * {@code standard_conforming_strings} is on. Immutable; one instance per (encoding, scs) pair.
 */
public final class QuoteContext {
    /** The context used without a connection: UTF-8, {@code standard_conforming_strings} on. */
    public static final QuoteContext DEFAULT = new QuoteContext("UTF8", StandardCharsets.UTF_8, true);

    private static final Map<String, QuoteContext> CACHE = new ConcurrentHashMap<>();
    private static volatile Preparer preparer;

    private final String encoding;
    private final Charset charset;
    private final boolean utf8;
    private final boolean standardConformingStrings;

    private QuoteContext(String encoding, Charset charset, boolean scs) {
        this.encoding = encoding;
        this.charset = charset;
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        this.standardConformingStrings = scs;
    }

    /**
     * The context of a connection: its {@link Connection#encoding()} and its
     * {@code standard_conforming_strings} parameter (on unless the server says {@code off}).
     *
     * @param conn the connection, or null for {@link #DEFAULT}
     * @return the context
     */
    public static QuoteContext of(Connection conn) {
        if (conn == null) {
            return DEFAULT;
        }
        String scs = conn.parameterStatus("standard_conforming_strings");
        return of(conn.encoding(), scs == null || !scs.trim().equalsIgnoreCase("off"));
    }

    /**
     * The context for an encoding and a {@code standard_conforming_strings} setting.
     *
     * @param pgEncoding a PostgreSQL encoding name or alias; null means UTF8
     * @param standardConformingStrings whether backslashes in plain literals are literal
     * @return the context
     * @throws dev.greenwire.NotSupportedException for an encoding Java cannot encode
     */
    public static QuoteContext of(String pgEncoding, boolean standardConformingStrings) {
        String key = (standardConformingStrings ? "+" : "-") + (pgEncoding == null ? "UTF8" : pgEncoding);
        QuoteContext ctx = CACHE.get(key);
        if (ctx == null) {
            String name = pgEncoding == null ? "UTF8" : PgEncodings.normalize(pgEncoding);
            ctx = new QuoteContext(name, PgEncodings.charset(name), standardConformingStrings);
            CACHE.putIfAbsent(key, ctx);
        }
        return ctx;
    }

    /** @return the canonical PostgreSQL encoding name, e.g. {@code UTF8} */
    public String encoding() {
        return encoding;
    }

    /** @return the Java charset of {@link #encoding()} */
    public Charset charset() {
        return charset;
    }

    /** @return true when the charset is UTF-8 */
    boolean utf8() {
        return utf8;
    }

    /** @return whether {@code standard_conforming_strings} is on */
    public boolean standardConformingStrings() {
        return standardConformingStrings;
    }

    /**
     * Prepares an adapted value for this context: Greenwire's own adapters take the context
     * directly (so quoting works without a connection too); any other {@link SqlQuote} gets
     * {@link SqlQuote#prepare(Connection)} when {@code conn} is not null.
     *
     * @param q the adapted value
     * @param conn the connection, may be null
     */
    public void prepare(SqlQuote q, Connection conn) {
        if (q instanceof Aware a) {
            a.prepare(this, conn);
            return;
        }
        Preparer p = preparer;
        if (p != null && p.prepare(q, this, conn)) {
            return;
        }
        if (conn != null) {
            q.prepare(conn);
        }
    }

    /**
     * Installs the hook through which {@code dev.greenwire.adapt}'s quoters receive a context;
     * called once by that package.
     *
     * @param p the hook
     */
    public static void installPreparer(Preparer p) {
        preparer = p;
    }

    @Override
    public String toString() {
        return "QuoteContext[" + encoding + ", standard_conforming_strings=" + (standardConformingStrings ? "on" : "off") + "]";
    }

    /** An internal quoter that takes a context directly. */
    public interface Aware {
        /**
         * Records the context (and the connection, for nested user adapters).
         *
         * @param ctx the context
         * @param conn the connection, may be null
         */
        void prepare(QuoteContext ctx, Connection conn);
    }

    /** The hook of {@code dev.greenwire.adapt}: prepares its quoters, returns false for others. */
    @FunctionalInterface
    public interface Preparer {
        /**
         * @param q the value
         * @param ctx the context
         * @param conn the connection, may be null
         * @return true when {@code q} was one of the package's quoters and is now prepared
         */
        boolean prepare(SqlQuote q, QuoteContext ctx, Connection conn);
    }
}
