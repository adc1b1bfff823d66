package dev.greenwire.bench;

import static dev.greenwire.bench.BenchSupport.*;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * COPY as a stream of rows (issue 18) beside pgjdbc, measured in interleaved rounds: every
 * round runs each client once per workload (the order rotated), so that the clients see the
 * same machine state; the table gives each client's median rows/s with the (min–max), and the
 * median over the rounds of the per-round ratio to pgjdbc, which cancels most of the noise of
 * a shared machine, and the ratio of the best rounds (the least disturbed). Workloads and clients: {@link CopyRowsWorkloads}. Not a test: run it as
 * RESULTS.md says ({@code -Dbench.rounds=N}, {@code -Dbench.warmups=N}).
 */
public final class CopyRowsBench {
    private CopyRowsBench() {
    }

    interface Once {
        long run(String driver) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        server();
        setup();
        int rounds = Integer.getInteger("bench.rounds", 15);
        int warmups = Integer.getInteger("bench.warmups", 3);
        List<String> drivers = List.of("greenwire", "greenwire-text", "pgjdbc");
        Map<String, Once> workloads = new LinkedHashMap<>();
        workloads.put("copy-in-rows: 100,000 rows (int, text, float8); greenwire writeRow, pgjdbc CopyManager fed hand-encoded text",
                CopyRowsWorkloads::copyInOnce);
        workloads.put("copy-out-rows: 100,000 rows × 6 columns, decoded; greenwire rows(), pgjdbc copyOut + parsing",
                CopyRowsWorkloads::copyOutOnce);
        Map<String, Map<String, long[]>> times = new LinkedHashMap<>();
        for (String w : workloads.keySet()) {
            Map<String, long[]> byDriver = new LinkedHashMap<>();
            for (String d : drivers) {
                byDriver.put(d, new long[rounds]);
            }
            times.put(w, byDriver);
        }
        for (int r = -warmups; r < rounds; r++) {
            for (Map.Entry<String, Once> w : workloads.entrySet()) {
                for (int k = 0; k < drivers.size(); k++) {
                    String d = drivers.get(Math.floorMod(k + r, drivers.size()));
                    long t = w.getValue().run(d);
                    if (r >= 0) {
                        times.get(w.getKey()).get(d)[r] = t;
                        System.err.printf(Locale.ROOT, "[%d] %-14s %-15s %,12.0f rows/s%n", r + 1,
                                w.getKey().substring(0, w.getKey().indexOf(':')), d, INSERT_ROWS / (t / 1e9));
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | client | rows/s, median (min–max) | ÷ pgjdbc, median of the rounds' ratios (min–max) | best round ÷ pgjdbc's best |\n");
        sb.append("|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, long[]>> w : times.entrySet()) {
            long[] ref = w.getValue().get("pgjdbc");
            long refBest = Arrays.stream(ref).min().orElseThrow();
            for (Map.Entry<String, long[]> d : w.getValue().entrySet()) {
                double[] rate = Arrays.stream(d.getValue()).mapToDouble(t -> INSERT_ROWS / (t / 1e9)).sorted().toArray();
                double[] ratio = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    ratio[i] = (double) ref[i] / d.getValue()[i];
                }
                Arrays.sort(ratio);
                sb.append(String.format(Locale.ROOT, "| %s | %s | %,.0f (%,.0f–%,.0f) | %.2f× (%.2f–%.2f) | %.2f× |%n",
                        w.getKey().substring(0, w.getKey().indexOf(':')), d.getKey(), rate[rounds / 2], rate[0],
                        rate[rounds - 1], ratio[rounds / 2], ratio[0], ratio[rounds - 1],
                        (double) refBest / Arrays.stream(d.getValue()).min().orElseThrow()));
            }
        }
        System.out.println(sb);
        System.exit(0);
    }
}
