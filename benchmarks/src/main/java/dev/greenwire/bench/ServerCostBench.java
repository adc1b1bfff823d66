package dev.greenwire.bench;

import static dev.greenwire.bench.BenchSupport.*;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a single-connection statement spends its time (issue 18's ping, point and fetch rows):
 * for pgjdbc, Greenwire with client-side binding and Greenwire with server-side binding, the
 * wall time per statement, the client JVM's CPU time per statement and the CPU time of the
 * statement's server backend (read from {@code /proc/<pid>/schedstat} around each round, so the
 * server must run on this machine, as greenwire-testing's does). The JVM's process CPU time
 * moves in steps of 10 ms on Linux: keep rounds long enough for it. Fetch is FullBench's: 100,000
 * rows × 6 columns decoded, the statement run 7 times first (prepared, binary columns where the
 * client uses them). Not a test.
 *
 * <p>Properties: {@code bench.rounds} (5), {@code bench.ops} (20,000 ping or point queries per
 * round and client), {@code bench.fetchOps} (10 fetches), {@code bench.only}
 * ({@code ping,point,fetch}), {@code bench.clients} ({@code pgjdbc,greenwire-csb,greenwire}).
 */
public final class ServerCostBench {
    private ServerCostBench() {
    }

    /** One client: a way to run a query {@code n} times, and its backend's process id. */
    private interface Client extends AutoCloseable {
        void run(int n) throws Exception;

        int backendPid() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        server();
        setup();
        int rounds = Integer.getInteger("bench.rounds", 5);
        int queries = Integer.getInteger("bench.ops", 20_000);
        int fetches = Integer.getInteger("bench.fetchOps", 10);
        List<String> workloads = List.of(System.getProperty("bench.only", "ping,point,fetch").split(","));
        List<String> clients = List.of(System.getProperty("bench.clients", "pgjdbc,greenwire-csb,greenwire").split(","));
        Map<String, Map<String, List<double[]>>> results = new LinkedHashMap<>();
        for (String w : workloads) {
            int ops = w.equals("fetch") ? fetches : queries;
            for (int round = 0; round <= rounds; round++) { // round 0 warms up
                List<String> order = new ArrayList<>(clients);
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String client : order) {
                    double[] r = onVirtual(() -> {
                        try (Client c = client(client, w)) {
                            c.run(w.equals("fetch") ? 7 : 2_000);
                            int pid = c.backendPid();
                            long server = backendCpuNanos(pid);
                            long cpu = processCpuNanos();
                            long t = System.nanoTime();
                            c.run(ops);
                            long wall = System.nanoTime() - t;
                            return new double[] {wall / 1e3 / ops, (processCpuNanos() - cpu) / 1e3 / ops,
                                    (backendCpuNanos(pid) - server) / 1e3 / ops};
                        }
                    });
                    System.err.printf(Locale.ROOT, "[%s] %-6s %-14s wall %6.1f µs  client CPU %6.1f µs  backend CPU %6.1f µs%n",
                            round == 0 ? "warm-up" : Integer.toString(round), w, client, r[0], r[1], r[2]);
                    if (round > 0) {
                        results.computeIfAbsent(w, k -> new LinkedHashMap<>()).computeIfAbsent(client, k -> new ArrayList<>()).add(r);
                    }
                }
            }
        }
        System.out.println("Per statement, median of " + rounds + " rounds of " + queries + " queries or " + fetches
                + " fetches (min–max); Java "
                + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
        System.out.println();
        System.out.println("| workload | client | wall time | client CPU | backend CPU |");
        System.out.println("|---|---|---|---|---|");
        for (var w : results.entrySet()) {
            for (var c : w.getValue().entrySet()) {
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", w.getKey(), c.getKey(), cell(c.getValue(), 0),
                        cell(c.getValue(), 1), cell(c.getValue(), 2));
            }
        }
    }

    private static String cell(List<double[]> rs, int i) {
        double[] v = rs.stream().mapToDouble(r -> r[i]).sorted().toArray();
        return String.format(Locale.ROOT, "%.1f µs (%.1f–%.1f)", v[v.length / 2], v[0], v[v.length - 1]);
    }

    private static void checkRows(int rows) {
        if (rows != FETCH_ROWS) {
            throw new IllegalStateException("fetched " + rows + " rows, not " + FETCH_ROWS);
        }
    }

    /** @return the CPU time the process has run on any CPU, in nanoseconds (first field of schedstat) */
    private static long backendCpuNanos(int pid) throws Exception {
        return Long.parseLong(Files.readString(Path.of("/proc/" + pid + "/schedstat")).trim().split(" ")[0]);
    }

    private static Client client(String client, String workload) throws Exception {
        boolean point = workload.equals("point");
        boolean fetch = workload.equals("fetch");
        if (!point && !fetch && !workload.equals("ping")) {
            throw new IllegalArgumentException("bench.only: ping, point or fetch, not " + workload);
        }
        if (client.equals("pgjdbc")) {
            java.sql.Connection c = jdbc();
            PreparedStatement ps = c.prepareStatement(fetch ? FETCH_SQL_JDBC : point ? POINT_SQL_JDBC : "SELECT 1");
            return new Client() {
                public void run(int n) throws Exception {
                    for (int i = 0; i < n; i++) {
                        if (fetch) {
                            ps.setInt(1, -1);
                            int rows = 0;
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    consumeFetched(rs);
                                    rows++;
                                }
                            }
                            checkRows(rows);
                            continue;
                        }
                        if (point) {
                            ps.setInt(1, 1 + i % POINT_ROWS);
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            consume(point ? new Object[] {rs.getInt(1), rs.getString(2), rs.getDouble(3)} : rs.getInt(1));
                        }
                    }
                }

                public int backendPid() throws Exception {
                    return c.unwrap(org.postgresql.PGConnection.class).getBackendPID();
                }

                public void close() throws Exception {
                    c.close();
                }
            };
        }
        Connection c = greenwire(client);
        c.autocommit(true);
        Cursor cur = cursor(c, client);
        return new Client() {
            public void run(int n) {
                for (int i = 0; i < n; i++) {
                    if (fetch) {
                        int rows = 0;
                        for (Row r : cur.execute(FETCH_SQL, -1).fetchAll()) {
                            consumeFetched(r);
                            rows++;
                        }
                        checkRows(rows);
                    } else if (point) {
                        Row r = cur.execute(POINT_SQL, 1 + i % POINT_ROWS).fetchOne();
                        consume(r.getInt(0), r.getString(1), r.getDouble(2));
                    } else {
                        consume(cur.execute("SELECT 1").fetchOne().getInt(0));
                    }
                }
            }

            public int backendPid() {
                return c.backendPid();
            }

            public void close() {
                c.close();
            }
        };
    }
}
