package dev.greenwire.bench;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Pg;
import dev.greenwire.Row;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.greenwire.bench.BenchSupport.*;

/** The bulk workloads: fetch, batch insert and COPY. */
final class BulkWorkloads {
    private BulkWorkloads() {
    }

    // ---- fetch -------------------------------------------------------------------------------

    static M fetch(String driver) throws Exception {
        int runs = 4;
        long[] lat = new long[runs];
        long total = 0;
        for (int run = -1; run < runs; run++) { // one warm-up
            long a = System.nanoTime();
            int n = switch (driver) {
                case "greenwire", "greenwire-csb" -> onVirtual(() -> {
                    try (Connection c = greenwire(driver)) {
                        int count = 0;
                        Cursor cur = cursor(c, driver);
                        for (int k = 0; k < 7; k++) { // reach the prepare threshold: binary columns
                            cur.execute(FETCH_SQL, k == 6 ? -1 : FETCH_ROWS);
                        }
                        for (Row r : cur.fetchAll()) {
                            consumeFetched(r);
                            count++;
                        }
                        c.rollback();
                        return count;
                    }
                });
                case "pgjdbc" -> onVirtual(() -> {
                    try (java.sql.Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(FETCH_SQL_JDBC)) {
                        int count = 0;
                        for (int k = 0; k < 7; k++) {
                            ps.setInt(1, k == 6 ? -1 : FETCH_ROWS);
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    consumeFetched(rs);
                                    count++;
                                }
                            }
                        }
                        return count;
                    }
                });
                default -> {
                    PgConnection c = await(PgConnection.connect(vertx, vertxOptions));
                    try {
                        int count = 0;
                        for (int k = 0; k < 7; k++) {
                            RowSet<io.vertx.sqlclient.Row> rs = await(c.preparedQuery(
                                    "SELECT i4, i8, t, f8, ts, n FROM bench_fetch WHERE i4 > $1").execute(Tuple.of(k == 6 ? -1 : FETCH_ROWS)));
                            for (io.vertx.sqlclient.Row r : rs) {
                                consume(r.getInteger(0), r.getLong(1), r.getString(2), r.getDouble(3),
                                        r.getOffsetDateTime(4), r.getBigDecimal(5));
                                count++;
                            }
                        }
                        yield count;
                    } finally {
                        await(c.close());
                    }
                }
            };
            if (n != FETCH_ROWS) {
                throw new IllegalStateException(driver + " fetched " + n + " rows");
            }
            if (run >= 0) {
                lat[run] = System.nanoTime() - a;
                total += lat[run];
            }
        }
        long[] s = lat.clone();
        Arrays.sort(s);
        return new M((double) FETCH_ROWS * runs / (total / 1e9), s[runs / 2] / 1e3, s[runs - 1] / 1e3);
    }

    // ---- insert-batch and copy -------------------------------------------------------------------

    static void truncate() throws Exception {
        try (Connection c = Pg.connect(dsn)) {
            c.autocommit(true);
            c.cursor().execute("TRUNCATE bench_ins");
        }
    }

    static long countInserted() {
        try (Connection c = Pg.connect(dsn)) {
            return (Long) c.cursor().execute("SELECT count(*) FROM bench_ins").fetchOne().get(0);
        }
    }

    static M insert(String driver) throws Exception {
        return rounds(3, () -> insertOnce(driver));
    }

    static M copy(String driver) throws Exception {
        return driver.equals("vertx") ? null : rounds(5, () -> copyOnce(driver));
    }

    /** Runs a one-shot bulk load {@code n} times (after one warm-up); rows/s over all, median and worst time. */
    static M rounds(int n, java.util.concurrent.Callable<Long> once) throws Exception {
        once.call();
        long[] t = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            t[i] = once.call();
            total += t[i];
        }
        Arrays.sort(t);
        return new M((double) INSERT_ROWS * n / (total / 1e9), t[n / 2] / 1e3, t[n - 1] / 1e3);
    }

    static long insertOnce(String driver) throws Exception {
        truncate();
        long a = System.nanoTime();
        switch (driver) {
            case "greenwire" -> onVirtual(() -> {
                try (Connection c = greenwire()) {
                    c.cursor().executeMany("INSERT INTO bench_ins VALUES (%s, %s, %s)", insertRows);
                    c.commit();
                }
                return null;
            });
            case "greenwire-csb" -> onVirtual(() -> {
                try (Connection c = greenwireClientBinding()) {
                    c.cursor().executeMany("INSERT INTO bench_ins VALUES (%s, %s, %s)", insertRows);
                    c.commit();
                }
                return null;
            });
            case "pgjdbc" -> onVirtual(() -> {
                try (java.sql.Connection c = jdbcRewrite();
                     PreparedStatement ps = c.prepareStatement("INSERT INTO bench_ins VALUES (?, ?, ?)")) {
                    c.setAutoCommit(false);
                    for (Object[] r : insertRows) {
                        ps.setInt(1, (Integer) r[0]);
                        ps.setString(2, (String) r[1]);
                        ps.setDouble(3, (Double) r[2]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                }
                return null;
            });
            default -> {
                PgConnection c = await(PgConnection.connect(vertx, vertxOptions));
                try {
                    List<Tuple> batch = new ArrayList<>(INSERT_ROWS);
                    for (Object[] r : insertRows) {
                        batch.add(Tuple.of(r[0], r[1], r[2]));
                    }
                    io.vertx.sqlclient.Transaction tx = await(c.begin());
                    await(c.preparedQuery("INSERT INTO bench_ins VALUES ($1, $2, $3)").executeBatch(batch));
                    await(tx.commit());
                } finally {
                    await(c.close());
                }
            }
        }
        long t = System.nanoTime() - a;
        if (countInserted() != INSERT_ROWS) {
            throw new IllegalStateException(driver + " inserted " + countInserted() + " rows");
        }
        return t;
    }

    /** One COPY of the rows (the Vert.x PG client has no COPY). */
    static long copyOnce(String driver) throws Exception {
        truncate();
        long a = System.nanoTime();
        if (driver.equals("greenwire")) {
            onVirtual(() -> {
                try (Connection c = greenwire()) {
                    c.cursor().copyFrom(new ByteArrayInputStream(copyData), "bench_ins", "\t", "\\N", null);
                    c.commit();
                }
                return null;
            });
        } else {
            onVirtual(() -> {
                try (java.sql.Connection c = jdbc()) {
                    new org.postgresql.copy.CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class))
                            .copyIn("COPY bench_ins FROM STDIN", new ByteArrayInputStream(copyData));
                }
                return null;
            });
        }
        long t = System.nanoTime() - a;
        if (countInserted() != INSERT_ROWS) {
            throw new IllegalStateException(driver + " copied " + countInserted() + " rows");
        }
        return t;
    }

}
