package dev.greenwire.jdbc;

import java.nio.charset.Charset;
import java.sql.SQLException;
import java.util.List;

/** How a prepared statement's parameter values become the units it runs: one per statement, or batch rows as a multi-row INSERT. */
final class PreparedUnits {
    private PreparedUnits() {
    }

    /** One statement's unit: the values of its placeholders ({@code params}, 1-based), typed and encoded. */
    static GwStatement.Unit unit(int[] params, byte[] text, Binding.Value[] vals, Charset cs, boolean keys, String written)
            throws SQLException {
        int n = params.length;
        int[] types = new int[n];
        short[] formats = new short[n];
        byte[][] bytes = new byte[n][];
        for (int k = 0; k < n; k++) {
            Binding.Value v = vals[params[k] - 1];
            if (v == null) {
                throw new SQLException("no value specified for parameter " + params[k], "22023");
            }
            types[k] = v.oid();
            if (v.binary() != null) {
                formats[k] = 1;
                bytes[k] = v.binary();
            } else if (v.text() != null) {
                bytes[k] = v.text().getBytes(cs);
            }
        }
        return new GwStatement.Unit(text, types, formats, bytes, keys, written);
    }

    /** Rows {@code from…from+n-1} of the batch as one multi-row INSERT. */
    static GwStatement.Unit rewritten(SqlLexer.Stmt s, List<Binding.Value[]> b, int from, int n, Charset cs)
            throws SQLException {
        String head = s.sql.substring(0, s.valuesStart);
        String row = s.sql.substring(s.valuesStart, s.valuesEnd);
        String tail = s.sql.substring(s.valuesEnd);
        int perRow = s.params.length;
        StringBuilder text = new StringBuilder(head.length() + tail.length() + n * (row.length() + 8)).append(head);
        int[] params = new int[n * perRow];
        Binding.Value[] vals = new Binding.Value[n * perRow];
        for (int r = 0; r < n; r++) {
            text.append(r == 0 ? "" : ", ");
            appendRenumbered(text, row, r * perRow);
            Binding.Value[] set = b.get(from + r);
            for (int k = 0; k < perRow; k++) {
                vals[r * perRow + k] = set[s.params[k] - 1];
                params[r * perRow + k] = r * perRow + k + 1;
            }
        }
        text.append(tail);
        String sql = text.toString();
        return unit(params, sql.getBytes(cs), vals, cs, false, sql);
    }

    /** Appends a VALUES row with its {@code $n} placeholders shifted by {@code shift}. */
    private static void appendRenumbered(StringBuilder out, String row, int shift) {
        int i = 0;
        int n = row.length();
        while (i < n) {
            int e = SqlLexer.skip(row, i, true);
            if (e != i) {
                out.append(row, i, e);
                i = e;
                continue;
            }
            char c = row.charAt(i);
            if (c == '$' && i + 1 < n && Character.isDigit(row.charAt(i + 1))
                    && (i == 0 || !SqlLexer.identChar(row.charAt(i - 1)))) {
                int j = i + 1;
                while (j < n && Character.isDigit(row.charAt(j))) {
                    j++;
                }
                out.append('$').append(Integer.parseInt(row.substring(i + 1, j)) + shift);
                i = j;
                continue;
            }
            out.append(c);
            i++;
        }
    }
}
