package dev.greenwire.jdbc;

import dev.greenwire.internal.engine.Result;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A statement's results of its last execution, in order for getMoreResults, its open result sets and generated keys. */
final class StatementResults {
    private static final Result.Field[] NO_FIELDS = new Result.Field[0];

    private final GwStatement stmt;
    private final GwConnection conn;
    private List<GwStatement.Outcome> outcomes = List.of();
    private int current = -1;
    private GwResultSet currentRs;
    /** The result sets not yet closed, made on the first (most executions open one or none). */
    private List<GwResultSet> open;
    private List<byte[]> keyRows;
    private Result.Field[] keyFields;

    StatementResults(GwStatement stmt) {
        this.stmt = stmt;
        this.conn = stmt.conn;
    }

    /** Keeps the results of an execution, the first one current. */
    void set(List<GwStatement.Outcome> out) {
        outcomes = out;
        current = 0;
    }

    void addKeys(Result r) {
        if (r.fields() == null) {
            return;
        }
        if (keyRows == null) {
            keyRows = new ArrayList<>();
            keyFields = r.fields();
        }
        keyRows.addAll(r.rows());
    }

    /** Closes the open result sets and forgets the results (the first error thrown after all are closed). */
    void close() throws SQLException {
        SQLException first = null;
        while (open != null && !open.isEmpty()) {
            GwResultSet rs = open.remove(open.size() - 1); // taken out first: its close() finds it gone
            try {
                rs.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        currentRs = null;
        outcomes = List.of();
        current = -1;
        keyRows = null;
        keyFields = null;
        if (first != null) {
            throw first;
        }
    }

    private GwStatement.Outcome outcome() {
        return current >= 0 && current < outcomes.size() ? outcomes.get(current) : null;
    }

    private GwResultSet resultSetOf(GwStatement.Outcome o) {
        GwResultSet rs = new GwResultSet(stmt, conn, o.fields(), o.rows(), stmt.rsType, stmt.fetchSize);
        if (o.more() != null) {
            rs.streaming(o.more());
        }
        opened(rs);
        return rs;
    }

    private void opened(GwResultSet rs) {
        if (open == null) {
            open = new ArrayList<>(2);
        }
        open.add(rs);
    }

    /** Forgets a closed result set. @return whether none is left open */
    boolean closed(GwResultSet rs) {
        if (open != null) {
            open.remove(rs);
        }
        if (rs == currentRs) {
            currentRs = null;
        }
        return open == null || open.isEmpty();
    }

    /** Statement.getResultSet, the statement being open. */
    ResultSet resultSet() {
        GwStatement.Outcome o = outcome();
        if (o == null || !o.isResultSet()) {
            return null;
        }
        if (currentRs == null) {
            currentRs = resultSetOf(o);
        }
        return currentRs;
    }

    /** Statement.getLargeUpdateCount, the statement being open. */
    long updateCount() {
        GwStatement.Outcome o = outcome();
        return o == null || o.isResultSet() ? -1 : o.count();
    }

    /** Statement.getMoreResults, the statement being open. */
    boolean moreResults(int what) throws SQLException {
        switch (what) {
            case Statement.CLOSE_CURRENT_RESULT -> {
                if (currentRs != null) {
                    currentRs.close();
                }
            }
            case Statement.CLOSE_ALL_RESULTS -> {
                if (open != null) {
                    for (GwResultSet rs : new ArrayList<>(open)) {
                        rs.close();
                    }
                }
            }
            case Statement.KEEP_CURRENT_RESULT -> {
                // left open
            }
            default -> throw new SQLException("unknown getMoreResults argument " + what, "22023");
        }
        currentRs = null;
        if (current < outcomes.size()) {
            current++;
        }
        GwStatement.Outcome o = outcome();
        return o != null && o.isResultSet();
    }

    /** @return the result set of the first result with rows, for executeQuery */
    ResultSet firstResultSet() throws SQLException {
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).isResultSet()) {
                current = i;
                return stmt.getResultSet();
            }
        }
        throw new SQLException("no results were returned by the query", "02000");
    }

    /** @return the first update count, for executeUpdate (refusing results with rows) */
    long firstUpdateCount() throws SQLException {
        for (GwStatement.Outcome o : outcomes) {
            if (o.isResultSet()) {
                throw new SQLException("a result was returned when none was expected", "0100E");
            }
        }
        return outcomes.isEmpty() ? 0 : outcomes.get(0).count();
    }

    /** @return whether the first result has rows, for execute */
    boolean firstIsResultSet() {
        GwStatement.Outcome o = outcome();
        return o != null && o.isResultSet();
    }

    /** Statement.getGeneratedKeys, the statement being open. */
    ResultSet generatedKeys() {
        GwResultSet rs = keyFields == null
                ? new GwResultSet(stmt, conn, NO_FIELDS, List.of(), ResultSet.TYPE_FORWARD_ONLY, 0)
                : new GwResultSet(stmt, conn, keyFields, keyRows, ResultSet.TYPE_SCROLL_INSENSITIVE, 0);
        opened(rs);
        return rs;
    }
}
