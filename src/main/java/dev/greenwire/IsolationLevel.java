package dev.greenwire;

/** Transaction isolation levels for {@link Connection#setSession}. */
public enum IsolationLevel {
    /** The server's default ({@code default_transaction_isolation}). */
    DEFAULT(null),
    /** READ UNCOMMITTED (PostgreSQL runs it as READ COMMITTED). */
    READ_UNCOMMITTED("READ UNCOMMITTED"),
    /** READ COMMITTED. */
    READ_COMMITTED("READ COMMITTED"),
    /** REPEATABLE READ. */
    REPEATABLE_READ("REPEATABLE READ"),
    /** SERIALIZABLE. */
    SERIALIZABLE("SERIALIZABLE");

    private final String sql;

    IsolationLevel(String sql) {
        this.sql = sql;
    }

    /** @return the level as SQL writes it, null for {@link #DEFAULT} */
    public String sql() {
        return sql;
    }
}
