package dev.greenwire.bench;

import static dev.greenwire.bench.BenchSupport.*;

import dev.greenwire.Connection;
import dev.greenwire.Copy;
import dev.greenwire.Cursor;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * COPY as a stream of rows (issue 18): {@code cursor.copy()} beside pgjdbc's CopyManager.
 *
 * <ul>
 * <li>copy-in-rows: the 100,000 {@code (int, text, float8)} rows of the batch-insert workload;
 * greenwire {@code writeRow} in binary ({@code greenwire}) or text ({@code greenwire-text});
 * pgjdbc a {@link PGCopyOutputStream} (64 KiB buffer) fed with the rows encoded by hand in
 * COPY's text format (escaping included), encoding timed as writeRow's is.</li>
 * <li>copy-out-rows: the 100,000 rows × 6 columns of the fetch workload (int4, int8, text,
 * float8, timestamptz, numeric); greenwire {@code rows()} in binary ({@code greenwire}) or
 * text ({@code greenwire-text}); pgjdbc {@code copyOut} in text, each row split, de-escaped
 * and parsed by hand into the same Java types (Integer, Long, String, Double, OffsetDateTime,
 * BigDecimal).</li>
 * </ul>
 * The Vert.x PG client has no COPY. Only the COPY is timed (with the commit or rollback after
 * it), not opening and closing the connection. In ComparisonBench each run is one warm-up,
 * then five timed loads; {@link CopyRowsBench} interleaves the clients round by round.
 */
final class CopyRowsWorkloads {
    private CopyRowsWorkloads() {
    }

    static M copyIn(String driver) throws Exception {
        return driver.equals("vertx") ? null : BulkWorkloads.rounds(5, () -> copyInOnce(driver));
    }

    static M copyOut(String driver) throws Exception {
        return driver.equals("vertx") ? null : BulkWorkloads.rounds(5, () -> copyOutOnce(driver));
    }

    static long copyInOnce(String driver) throws Exception {
        BulkWorkloads.truncate();
        long t = switch (driver) {
            case "greenwire", "greenwire-text" -> onVirtual(() -> {
                try (Connection c = greenwire()) {
                    long a = System.nanoTime();
                    Cursor cur = c.cursor();
                    String sql = driver.equals("greenwire") ? "COPY bench_ins FROM STDIN (FORMAT BINARY)" : "COPY bench_ins FROM STDIN";
                    try (Copy copy = cur.copy(sql)) {
                        for (Object[] r : insertRows) {
                            copy.writeRow(r[0], r[1], r[2]);
                        }
                    }
                    c.commit();
                    return System.nanoTime() - a;
                }
            });
            default -> onVirtual(() -> {
                try (java.sql.Connection c = jdbc()) {
                    c.setAutoCommit(false);
                    long a = System.nanoTime();
                    try (OutputStream out = new PGCopyOutputStream(c.unwrap(PGConnection.class), "COPY bench_ins FROM STDIN", 65536)) {
                        StringBuilder sb = new StringBuilder(64);
                        for (Object[] r : insertRows) {
                            sb.setLength(0);
                            sb.append((int) (Integer) r[0]).append('\t');
                            escape(sb, (String) r[1]);
                            sb.append('\t').append((double) (Double) r[2]).append('\n');
                            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    c.commit();
                    return System.nanoTime() - a;
                }
            });
        };
        if (BulkWorkloads.countInserted() != INSERT_ROWS) {
            throw new IllegalStateException(driver + " copied " + BulkWorkloads.countInserted() + " rows");
        }
        return t;
    }

    /** COPY text escaping, as a hand-written encoder needs it. */
    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
    }

    private static final String OUT_SQL = "COPY bench_fetch (i4, i8, t, f8, ts, n) TO STDOUT";
    /** PostgreSQL's ISO output of timestamptz: {@code 2026-12-01 05:06:07.123456+00}. */
    private static final DateTimeFormatter PG_TSTZ = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true).optionalEnd()
            .appendOffset("+HH:mm", "+00").toFormatter();

    static long copyOutOnce(String driver) throws Exception {
        long[] t = new long[1];
        int n = switch (driver) {
            case "greenwire", "greenwire-text" -> onVirtual(() -> {
                try (Connection c = greenwire()) {
                    c.autocommit(true); // as pgjdbc's default: no BEGIN/ROLLBACK around the COPY
                    long a = System.nanoTime();
                    int count = 0;
                    try (Copy copy = c.cursor().copy(driver.equals("greenwire") ? OUT_SQL + " (FORMAT BINARY)" : OUT_SQL)) {
                        for (List<Object> r : copy.rows()) {
                            consume((Integer) r.get(0), (Long) r.get(1), (String) r.get(2), (Double) r.get(3),
                                    (OffsetDateTime) r.get(4), (BigDecimal) r.get(5));
                            count++;
                        }
                    }
                    t[0] = System.nanoTime() - a;
                    return count;
                }
            });
            default -> onVirtual(() -> {
                try (java.sql.Connection c = jdbc()) {
                    long a = System.nanoTime();
                    int count = 0;
                    CopyOut out = new CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class)).copyOut(OUT_SQL);
                    String[] f = new String[6];
                    byte[] row;
                    while ((row = out.readFromCopy()) != null) {
                        split(row, f);
                        consume(Integer.parseInt(f[0]), Long.parseLong(f[1]), f[2], Double.parseDouble(f[3]),
                                OffsetDateTime.parse(f[4], PG_TSTZ), new BigDecimal(f[5]));
                        count++;
                    }
                    t[0] = System.nanoTime() - a;
                    return count;
                }
            });
        };
        if (n != FETCH_ROWS) {
            throw new IllegalStateException(driver + " read " + n + " rows");
        }
        return t[0];
    }

    /** Splits a text COPY line on tabs and de-escapes each field; {@code \N} gives null. */
    private static void split(byte[] row, String[] out) throws IOException {
        int end = row.length - 1; // the newline
        int f = 0;
        int start = 0;
        boolean esc = false;
        for (int i = 0; i <= end; i++) {
            byte b = i < end ? row[i] : (byte) '\t';
            if (b == '\\') {
                esc = true;
                i++;
                continue;
            }
            if (b == '\t') {
                out[f++] = field(row, start, i, esc);
                start = i + 1;
                esc = false;
            }
        }
        if (f != out.length) {
            throw new IOException("a row of " + f + " fields");
        }
    }

    private static String field(byte[] row, int from, int to, boolean esc) {
        if (to - from == 2 && row[from] == '\\' && row[from + 1] == 'N') {
            return null;
        }
        String s = new String(row, from, to - from, StandardCharsets.UTF_8);
        if (!esc) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(++i);
                sb.append(switch (d) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> d;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
