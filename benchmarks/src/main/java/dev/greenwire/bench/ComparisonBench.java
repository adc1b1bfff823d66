package dev.greenwire.bench;

import static dev.greenwire.bench.BenchSupport.*;

import dev.greenwire.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Greenwire (virtual threads, parking strategy, server-side binding) beside pgjdbc (virtual
 * threads) and the Vert.x PG client on the same server in one run: ping, point query, fetch of
 * 100,000 decoded rows, batch insert of 100,000 rows, COPY of the same rows, 2,000 virtual
 * threads × 50 point queries on 16 connections, and NOTIFY delivery latency. Each
 * configuration runs three times with the driver order rotated; the table gives the median
 * and the spread. {@code pgbench -M prepared} runs the ping, point and concurrency workloads
 * as the C reference. Not a test: run it as RESULTS.md says.
 */
public final class ComparisonBench {
    private ComparisonBench() {
    }

    public static void main(String[] args) throws Exception {
        TestServer s = server();
        vertxOptions = new PgConnectOptions().setHost(s.host()).setPort(s.port()).setDatabase(s.database())
                .setUser(s.superuser()).setCachePreparedStatements(true).setPipeliningLimit(256);
        vertx = Vertx.vertx();
        setup();
        Map<String, Workload> workloads = new LinkedHashMap<>();
        workloads.put("ping: SELECT 1 round trips, one connection", RoundTrips::ping);
        workloads.put("point: SELECT … WHERE id = %s, one connection", RoundTrips::point);
        workloads.put("fetch: 100,000 rows × 6 columns, decoded (rows/s)", BulkWorkloads::fetch);
        workloads.put("insert-batch: 100,000 rows (rows/s)", BulkWorkloads::insert);
        workloads.put("copy: 100,000 rows (rows/s)", BulkWorkloads::copy);
        workloads.put("copy-in-rows: 100,000 rows, writeRow vs hand-encoded CopyManager (rows/s)", CopyRowsWorkloads::copyIn);
        workloads.put("copy-out-rows: 100,000 rows × 6 columns, rows() vs copyOut + parsing (rows/s)", CopyRowsWorkloads::copyOut);
        workloads.put("concurrency: 2,000 VT × 50 point queries, 16 connections", RoundTrips::concurrency);
        workloads.put("notify: 2,000 NOTIFYs to an awaiting listener (deliveries/s)", RoundTrips::notify);
        String only = System.getProperty("bench.only");
        if (only != null) {
            workloads.keySet().removeIf(k -> !k.startsWith(only));
        }
        List<String> drivers = List.of(System.getProperty("bench.drivers", "greenwire,pgjdbc,vertx").split(","));
        Map<String, Map<String, List<M>>> results = new LinkedHashMap<>();
        for (int rep = 0; rep < REPEATS; rep++) {
            for (Map.Entry<String, Workload> w : workloads.entrySet()) {
                for (int k = 0; k < drivers.size(); k++) {
                    String d = drivers.get((k + rep) % drivers.size()); // rotate the order
                    M m = w.getValue().run(d);
                    if (m != null) {
                        results.computeIfAbsent(w.getKey(), x -> new LinkedHashMap<>())
                                .computeIfAbsent(d, x -> new ArrayList<>()).add(m);
                        System.err.printf(Locale.ROOT, "[%d] %-60s %-9s %,12.0f/s p50 %8.1f µs p99 %8.1f µs%n",
                                rep + 1, w.getKey(), d, m.perSecond(), m.p50us(), m.p99us());
                    }
                }
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
        print(results, drivers, Boolean.getBoolean("bench.nopgbench") ? Map.of() : pgbench(s));
        System.exit(0);
    }

    // ---- pgbench ----------------------------------------------------------------------------------

    /** pgbench -M prepared: tps and average latency for ping, point and 16-client point. */
    private static Map<String, String> pgbench(TestServer s) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Pgbench.available()) {
            return out;
        }
        java.nio.file.Path ping = Pgbench.pingScript();
        java.nio.file.Path point = Pgbench.pointScript();
        out.put("ping", runPgbench(s, ping, 1));
        out.put("point", runPgbench(s, point, 1));
        out.put("concurrency", runPgbench(s, point, POOL));
        return out;
    }

    private static String runPgbench(TestServer s, java.nio.file.Path script, int clients) throws Exception {
        M m = Pgbench.run(s, script, clients, 5);
        return String.format(Locale.ROOT, "%,.0f/s, avg %.3f ms", m.perSecond(), m.p50us() / 1000);
    }

    // ---- report -------------------------------------------------------------------------------------

    private static void print(Map<String, Map<String, List<M>>> results, List<String> drivers, Map<String, String> pgbench) {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | greenwire | pgjdbc ").append(org.postgresql.util.DriverInfo.DRIVER_VERSION)
                .append(" | Vert.x PG 5.0.10 | greenwire ÷ pgjdbc | greenwire ÷ Vert.x | pgbench -M prepared |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, List<M>>> w : results.entrySet()) {
            Map<String, List<M>> byDriver = w.getValue();
            sb.append("| ").append(w.getKey());
            for (String d : drivers) {
                List<M> ms = byDriver.get(d);
                sb.append(" | ").append(ms == null ? "—" : cell(ms));
            }
            sb.append(" | ").append(ratio(byDriver.get("greenwire"), byDriver.get("pgjdbc")));
            sb.append(" | ").append(ratio(byDriver.get("greenwire"), byDriver.get("vertx")));
            String key = w.getKey().substring(0, w.getKey().indexOf(':'));
            sb.append(" | ").append(pgbench.getOrDefault(key, "—")).append(" |\n");
        }
        System.out.println(sb);
    }

    private static double median(List<M> ms, java.util.function.ToDoubleFunction<M> f) {
        double[] v = ms.stream().mapToDouble(f).sorted().toArray();
        return v[v.length / 2];
    }

    private static String cell(List<M> ms) {
        double[] tp = ms.stream().mapToDouble(M::perSecond).sorted().toArray();
        return String.format(Locale.ROOT, "%,.0f/s (%,.0f–%,.0f); p50 %.0f µs, p99 %.0f µs", median(ms, M::perSecond),
                tp[0], tp[tp.length - 1], median(ms, M::p50us), median(ms, M::p99us));
    }

    private static String ratio(List<M> a, List<M> b) {
        if (a == null || b == null) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f×", median(a, M::perSecond) / median(b, M::perSecond));
    }
}
