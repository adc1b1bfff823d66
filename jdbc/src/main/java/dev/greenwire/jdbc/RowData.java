package dev.greenwire.jdbc;

import java.nio.charset.Charset;

/** A DataRow payload (a 16-bit column count, then each value's 32-bit length, -1 for NULL, and bytes). */
final class RowData {
    private RowData() {
    }

    /**
     * Finds each value's offset and length.
     *
     * @param row the payload
     * @param off receives the offsets
     * @param len receives the lengths (-1 for NULL)
     * @return the column count
     */
    static int offsets(byte[] row, int[] off, int[] len) {
        int n = ((row[0] & 0xff) << 8) | (row[1] & 0xff);
        int p = 2;
        for (int i = 0; i < n; i++) {
            int l = ((row[p] & 0xff) << 24) | ((row[p + 1] & 0xff) << 16) | ((row[p + 2] & 0xff) << 8) | (row[p + 3] & 0xff);
            p += 4;
            if (i < off.length) {
                off[i] = p;
                len[i] = l;
            }
            if (l > 0) {
                p += l;
            }
        }
        return n;
    }

    /** @return the row's values as text (null for NULL) */
    static String[] texts(byte[] row, Charset cs) {
        int n = ((row[0] & 0xff) << 8) | (row[1] & 0xff);
        int[] off = new int[n];
        int[] len = new int[n];
        offsets(row, off, len);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = len[i] < 0 ? null : new String(row, off[i], len[i], cs);
        }
        return out;
    }
}
