package dev.greenwire.jdbc;

import java.sql.SQLException;
import java.sql.Savepoint;

/** A savepoint: numbered ({@code gw_savepoint_N}) or named (the name quoted as an identifier). */
final class GwSavepoint implements Savepoint {
    private final int id;
    private final String name;
    boolean released;

    GwSavepoint(int id, String name) {
        this.id = id;
        this.name = name;
    }

    /** @return the name as the SAVEPOINT statements spell it */
    String sqlName() {
        return name == null ? "gw_savepoint_" + id : dev.greenwire.Extensions.quoteIdent(name, null);
    }

    @Override
    public int getSavepointId() throws SQLException {
        if (name != null) {
            throw new SQLException("a named savepoint has no id", "3B001");
        }
        return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (name == null) {
            throw new SQLException("an unnamed savepoint has no name", "3B001");
        }
        return name;
    }

    @Override
    public String toString() {
        return sqlName();
    }
}
