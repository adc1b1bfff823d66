package dev.greenwire.jdbc;

import java.sql.SQLException;
import java.util.List;

/** The result set's position: the rows in memory, the current row's bytes and offsets, and the streamed rest. */
final class ResultCursor {
    private List<byte[]> rows;
    private GwResultSet.More more;
    /** Rows asked of {@link #more} at a time. */
    int fetchSize;
    /** Index in {@link #rows} of the current row; -1 before the first; rows.size() after the last. */
    private int pos = -1;
    /** 1-based number of the current row in the whole result (0 before the first). */
    private long rowNumber;
    private boolean afterLast;
    /** The current row, null when not on a row. */
    byte[] cur;
    /** Offset and length (-1 for NULL) of each column's value in {@link #cur}. */
    final int[] off;
    final int[] len;

    ResultCursor(List<byte[]> rows, int columns, int fetchSize) {
        this.rows = rows;
        this.fetchSize = fetchSize;
        this.off = new int[columns];
        this.len = new int[columns];
    }

    void streaming(GwResultSet.More more) {
        this.more = more;
    }

    private void load() {
        cur = rows.get(pos);
        RowData.offsets(cur, off, len);
    }

    /** Moves forward (a streamed result closes its portal once past the last row). @return whether on a row */
    boolean next() throws SQLException {
        if (afterLast) {
            return false;
        }
        if (pos + 1 >= rows.size() && more != null) {
            fetchMore();
        }
        if (pos + 1 < rows.size()) {
            pos++;
            rowNumber++;
            load();
            return true;
        }
        pos = rows.size();
        afterLast = true;
        cur = null;
        closeMore();
        return false;
    }

    /** Replaces the batch in memory by the next one (forward-only streaming). */
    private void fetchMore() throws SQLException {
        if (!more.hasMore()) {
            closeMore();
            return;
        }
        List<byte[]> next = more.next(fetchSize);
        rows = next;
        pos = -1;
        if (!more.hasMore()) {
            closeMore();
        }
    }

    private void closeMore() throws SQLException {
        GwResultSet.More m = more;
        more = null;
        if (m != null) {
            m.close();
        }
    }

    /** Drops the rows and releases the portal, if any. */
    void close() throws SQLException {
        cur = null;
        rows = List.of();
        closeMore();
    }

    boolean isBeforeFirst() {
        return rowNumber == 0 && !afterLast && (!rows.isEmpty() || (more != null && more.hasMore()));
    }

    boolean isAfterLast() {
        return afterLast && rowNumber > 0;
    }

    boolean isFirst() {
        return rowNumber == 1 && !afterLast;
    }

    boolean isLast() throws SQLException {
        if (cur == null || afterLast) {
            return false;
        }
        if (pos + 1 < rows.size()) {
            return false;
        }
        if (more == null) {
            return true;
        }
        // streaming: look at the next batch, keeping the current row
        byte[] keep = cur;
        fetchMore();
        cur = keep;
        RowData.offsets(cur, off, len);
        return rows.isEmpty() && more == null;
    }

    void beforeFirst() {
        pos = -1;
        rowNumber = 0;
        afterLast = false;
        cur = null;
    }

    void afterLast() {
        pos = rows.size();
        rowNumber = rows.size() + 1L;
        afterLast = true;
        cur = null;
    }

    int getRow() {
        return cur == null ? 0 : (int) rowNumber;
    }

    /** Scrollable results only: all rows are in memory. */
    boolean absolute(int row) {
        int n = rows.size();
        int target = row > 0 ? row - 1 : n + row;
        if (row == 0 || target < 0) {
            beforeFirst();
            return false;
        }
        if (target >= n) {
            afterLast();
            return false;
        }
        pos = target;
        rowNumber = target + 1L;
        afterLast = false;
        load();
        return true;
    }

    /** Scrollable results only. */
    boolean relative(int delta) {
        long target = (cur == null ? (afterLast ? rows.size() + 1L : 0L) : rowNumber) + delta;
        if (target <= 0) {
            beforeFirst();
            return false;
        }
        if (target > rows.size()) {
            afterLast();
            return false;
        }
        return absolute((int) target);
    }

    /** Scrollable results only. */
    boolean previous() {
        if (cur == null && !afterLast) {
            return false;
        }
        return relative(-1);
    }
}
