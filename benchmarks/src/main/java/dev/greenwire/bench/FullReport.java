package dev.greenwire.bench;

import static dev.greenwire.bench.BenchSupport.M;

import dev.greenwire.bench.FullBench.Col;
import dev.greenwire.bench.FullBench.Wl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * FullBench's output: the Markdown table (medians, (min–max), ratios to pgjdbc), issue 18's
 * targets checked against it, the run's conditions, the section of RESULTS.md between the
 * markers, and the SVG chart (plain strings, no dependency).
 */
final class FullReport {
    static final String BEGIN = "<!-- fullbench:begin -->";
    static final String END = "<!-- fullbench:end -->";
    static final String SVG = "results.svg";
    static final String COMMAND = "./gw mvn -q -o -Pbench -pl benchmarks exec:java -Dbench.main=dev.greenwire.bench.FullBench";

    private final List<Wl> wls;
    private final List<Col> cols;
    private final Map<String, Map<String, List<M>>> results;
    private final Map<String, String> env;
    private final boolean quick;

    FullReport(List<Wl> wls, List<Col> cols, Map<String, Map<String, List<M>>> results, Map<String, String> env, boolean quick) {
        this.wls = wls;
        this.cols = cols;
        this.results = results;
        this.env = env;
        this.quick = quick;
    }

    // ---- numbers ---------------------------------------------------------------------------------

    private List<M> get(Wl w, String col) {
        return results.getOrDefault(w.key(), Map.of()).get(col);
    }

    /** The value a row compares: throughput, or for notify the p99 latency (µs). */
    private static double value(Wl w, M m) {
        return w.latency() ? m.p99us() : m.perSecond();
    }

    private static double[] sorted(Wl w, List<M> ms) {
        return ms.stream().mapToDouble(m -> value(w, m)).sorted().toArray();
    }

    private static double median(Wl w, List<M> ms) {
        double[] v = sorted(w, ms);
        int h = v.length / 2;
        return v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
    }

    /** How many times better than {@code ref} (higher is better also for latency: ref's p99 ÷ this p99); NaN if either is missing. */
    double ratio(Wl w, String col, String ref) {
        List<M> a = get(w, col);
        List<M> b = get(w, ref);
        if (a == null || b == null) {
            return Double.NaN;
        }
        return w.latency() ? median(w, b) / median(w, a) : median(w, a) / median(w, b);
    }

    /** The (worst, best) ratio of the rounds of {@code col} against the median of {@code ref}. */
    double[] ratioSpread(Wl w, String col, String ref) {
        List<M> a = get(w, col);
        List<M> b = get(w, ref);
        if (a == null || b == null) {
            return null;
        }
        double[] v = sorted(w, a);
        double r = median(w, b);
        return w.latency() ? new double[] {r / v[v.length - 1], r / v[0]} : new double[] {v[0] / r, v[v.length - 1] / r};
    }

    static String si(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, v >= 1e5 ? "%.0fk" : "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String micros(double us) {
        return us >= 1000 ? String.format(Locale.ROOT, "%.1f ms", us / 1000) : String.format(Locale.ROOT, "%.0f µs", us);
    }

    private String cell(Wl w, Col c) {
        List<M> ms = get(w, c.id());
        if (ms == null) {
            return "—";
        }
        double[] v = sorted(w, ms);
        String spread = ms.size() > 1 ? (w.latency() ? " (" + micros(v[0]) + "–" + micros(v[v.length - 1]) + ")"
                : " (" + si(v[0]) + "–" + si(v[v.length - 1]) + ")") : "";
        String main = w.latency() ? micros(median(w, ms)) : si(median(w, ms)) + "/s";
        double r = ratio(w, c.id(), "pgjdbc");
        return main + spread + (Double.isNaN(r) ? "" : String.format(Locale.ROOT, "<br>**%.2f×**", r));
    }

    // ---- Markdown ----------------------------------------------------------------------------------

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(BEGIN).append('\n');
        sb.append("## The whole table (issue 18): FullBench").append(quick ? " — QUICK RUN, not a measurement" : "").append("\n\n");
        if (quick) {
            sb.append("**This is the output of a quick run** (`-Dbench.quick=true`: sizes cut tenfold, pgbench 1 s, no"
                    + " warm-up round) made to check the harness end to end on a busy machine. Its numbers are not"
                    + " results; the full run replaces this section.\n\n");
        }
        sb.append("One command, from the repository root, after `./gw mvn -Pbench -B -q -o install -DskipTests`:\n\n");
        sb.append("```\n").append(COMMAND).append("\n```\n\n");
        sb.append("It takes about 6–8 minutes on the 2-core machine (a warm-up round and three timed rounds; one full-size"
                + " round took 80 s on the loaded machine), under a minute with `-Dbench.quick=true`. Nothing else should run"
                + " meanwhile: client and server share the cores.\n\n");
        sb.append("Harness: `FullBench` (workloads from `RoundTrips`, `BulkWorkloads`, `PoolBench.Worker`; worker JVMs from"
                + " `Workers`; this section and `").append(SVG).append("` from `FullReport`). Properties: `-Dbench.quick=true`,"
                + " `-Dbench.repeats=N` (3), `-Dbench.warmups=N` (1), `-Dbench.only=ping,point,fetch,insert,copy-in,copy-out,"
                + "concurrency,notify`, `-Dbench.clients=<column ids>` (`pgjdbc,hikari,vertx,plain/gw-csb,opens/gw-csb,"
                + "plain/gw-ssb,opens/gw-ssb,plain/pool,opens/pool,plain/pool-mux,opens/pool-mux,pgbench`),"
                + " `-Dbench.poolBinding=server|client`, `-Dbench.pgbenchSeconds=N` (5), `-Dbench.write=false` (print only),"
                + " `-Dbench.workerJvmArgs=…`.\n\n");
        for (Map.Entry<String, String> e : env.entrySet()) {
            sb.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        sb.append('\n');
        sb.append("Cells: the median of the rounds, the (min–max) over the rounds, and in bold the ratio of the medians to"
                + " pgjdbc's (for notify: pgjdbc's p99 ÷ this p99, so above 1 is better everywhere). \"+opens\": the same"
                + " Greenwire client in the worker JVM started with `--add-opens`.\n\n");
        sb.append("| workload");
        for (Col c : cols) {
            sb.append(" | ").append(c.header());
        }
        sb.append(" |\n|---");
        sb.append("|---".repeat(cols.size())).append("|\n");
        for (Wl w : wls) {
            sb.append("| ").append(w.label());
            for (Col c : cols) {
                sb.append(" | ").append(cell(w, c));
            }
            sb.append(" |\n");
        }
        sb.append("\n![ratios to pgjdbc, one bar group per workload](").append(SVG).append(")\n\n");
        sb.append("Columns:\n\n");
        for (Col c : cols) {
            sb.append("- **").append(c.header()).append("** (`").append(c.id()).append("`): ").append(c.legend()).append('\n');
        }
        sb.append("\nCOPY has no parameters, so it is measured once per JVM, in the client-binding column. Ping and point run"
                + " their clients interleaved in chunks of 500 round trips; every other workload runs each client in turn.\n\n");
        sb.append(targets());
        sb.append(END).append('\n');
        return sb.toString();
    }

    /** Issue 18's targets, checked against this run's medians. */
    private String targets() {
        record T(String wl, String text, List<String> cols, String ref, double at) {
        }
        List<String> gw = List.of("plain/gw-csb", "opens/gw-csb", "plain/gw-ssb", "opens/gw-ssb");
        List<String> copy = List.of("plain/gw-csb", "opens/gw-csb");
        List<String> pool = List.of("plain/pool", "opens/pool");
        List<T> ts = List.of(
                new T("ping", "ping ≥ 1.3× pgjdbc, with and without --add-opens", gw, "pgjdbc", 1.3),
                new T("point", "point ≥ 1.3× pgjdbc, with and without --add-opens", gw, "pgjdbc", 1.3),
                new T("fetch", "fetch ≥ 1.2× pgjdbc", gw, "pgjdbc", 1.2),
                new T("insert", "insert ≥ 1.5× pgjdbc (reWriteBatchedInserts), both bindings", gw, "pgjdbc", 1.5),
                new T("copy-in", "COPY in ≥ 1.2× pgjdbc's CopyManager", copy, "pgjdbc", 1.2),
                new T("copy-out", "COPY out ≥ 1.2× pgjdbc's copyOut + parsing", copy, "pgjdbc", 1.2),
                new T("concurrency", "concurrency through greenwire-pool ≥ 1.3× pgjdbc + HikariCP", pool, "hikari", 1.3),
                new T("concurrency", "concurrency through greenwire-pool ≥ 1.5× Vert.x", pool, "vertx", 1.5),
                new T("concurrency", "multiplexed pool ≥ pgbench -M prepared -c16", List.of("plain/pool-mux", "opens/pool-mux"),
                        "pgbench", 1.0),
                new T("notify", "notify p99 ≤ Vert.x's", gw, "vertx", 1.0));
        StringBuilder sb = new StringBuilder("| issue 18 target | this run (ratio of medians) | |\n|---|---|---|\n");
        for (T t : ts) {
            Wl w = wls.stream().filter(x -> x.key().equals(t.wl())).findFirst().orElse(null);
            if (w == null) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            boolean all = true;
            boolean any = false;
            for (String c : t.cols()) {
                double r = ratio(w, c, t.ref());
                if (Double.isNaN(r)) {
                    continue;
                }
                any = true;
                all &= r >= t.at();
                parts.add(String.format(Locale.ROOT, "%s %.2f×", header(c), r));
            }
            if (any) {
                sb.append("| ").append(t.text()).append(" | ").append(String.join("; ", parts)).append(" | ")
                        .append(all ? "met" : "**not met**").append(" |\n");
            }
        }
        return sb.append('\n').toString();
    }

    private String header(String id) {
        return cols.stream().filter(c -> c.id().equals(id)).map(Col::header).findFirst().orElse(id);
    }

    // ---- files ---------------------------------------------------------------------------------------

    /** Replaces the marked section of {@code dir/RESULTS.md} (or puts it after the title) and writes the chart beside it. */
    void write(Path dir) throws Exception {
        Path md = dir.resolve("RESULTS.md");
        String text = Files.isRegularFile(md) ? Files.readString(md, StandardCharsets.UTF_8) : "# Benchmark results\n";
        String section = markdown();
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        if (b >= 0 && e > b) {
            int end = e + END.length();
            if (end < text.length() && text.charAt(end) == '\n') {
                end++;
            }
            text = text.substring(0, b) + section + text.substring(end);
        } else {
            int nl = text.startsWith("# ") ? text.indexOf('\n') + 1 : 0;
            text = text.substring(0, nl) + "\n" + section + text.substring(nl);
        }
        Files.writeString(md, text, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(SVG), svg(), StandardCharsets.UTF_8);
        System.err.println("wrote " + md + " and " + dir.resolve(SVG));
    }

    // ---- the chart -----------------------------------------------------------------------------------

    /** A fixed colour per column id: references in greys and violet, each Greenwire client a hue, lighter with --add-opens. */
    private static final Map<String, String> COLORS = Map.ofEntries(Map.entry("pgjdbc", "#4d4d4d"), Map.entry("hikari", "#9a9a9a"),
            Map.entry("vertx", "#b07aa1"), Map.entry("plain/gw-csb", "#1f77b4"), Map.entry("opens/gw-csb", "#9ecae1"),
            Map.entry("plain/gw-ssb", "#2ca02c"), Map.entry("opens/gw-ssb", "#98df8a"), Map.entry("plain/pool", "#d62728"),
            Map.entry("opens/pool", "#ff9896"), Map.entry("plain/pool-mux", "#ff7f0e"), Map.entry("opens/pool-mux", "#ffbb78"),
            Map.entry("pgbench", "#e7ba52"));

    private static String color(Col c) {
        return COLORS.getOrDefault(c.id(), "#777777");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** One bar group per workload, one bar per measured client: the ratio of medians to pgjdbc, with the rounds' spread. */
    String svg() {
        List<Wl> groups = wls.stream().filter(w -> results.containsKey(w.key()) && get(w, "pgjdbc") != null).toList();
        double cap = Double.parseDouble(System.getProperty("bench.chartMax", "4"));
        double max = 1.0;
        for (Wl w : groups) {
            for (Col c : cols) {
                double[] sp = ratioSpread(w, c.id(), "pgjdbc");
                if (sp != null) {
                    max = Math.max(max, sp[1]);
                }
            }
        }
        double top = Math.min(cap, Math.ceil(max * 2) / 2);
        double step = top <= 2 ? 0.25 : top <= 4 ? 0.5 : 1;
        int bar = 14;
        int gap = 26;
        int left = 60;
        int plotTop = 95;
        int plotH = 360;
        List<List<Col>> bars = new ArrayList<>();
        int plotW = 0;
        for (Wl w : groups) {
            List<Col> cs = cols.stream().filter(c -> get(w, c.id()) != null).toList();
            bars.add(cs);
            plotW += cs.size() * bar + gap;
        }
        plotW += gap;
        int legendRows = (cols.size() + 2) / 3;
        int width = Math.max(left + plotW + 90, 1000);
        int height = plotTop + plotH + 44 + legendRows * 18 + 10;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\">%n", width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"16\" font-weight=\"bold\">%s</text>%n", left,
                esc("Ratio to pgjdbc, higher is better" + (quick ? " — QUICK RUN (sizes cut tenfold), not a measurement" : ""))));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"40\" font-size=\"11\" fill=\"#555\">%s</text>%n", left,
                esc("Bars: median of " + BenchSupport.REPEATS + " rounds; whiskers: min–max of the rounds; notify: pgjdbc's p99 ÷ the"
                        + " client's p99; bars above " + fmt(top) + "× are cut (value printed).")));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"55\" font-size=\"11\" fill=\"#555\">%s</text>%n", left,
                esc("FullBench, " + env.getOrDefault("Date", "") + "; load average " + env.getOrDefault("Load average (1/5/15 min)", ""))));
        // axis, grid and the 1.0 line
        for (double t = 0; t <= top + 1e-9; t += step) {
            double y = plotTop + plotH - t / top * plotH;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n", left, y,
                    left + plotW, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s×</text>%n",
                    left - 6, y + 4, fmt(t)));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", left, plotTop, left,
                plotTop + plotH));
        int x = left + gap;
        for (int g = 0; g < groups.size(); g++) {
            Wl w = groups.get(g);
            List<Col> cs = bars.get(g);
            int gx = x;
            for (Col c : cs) {
                double r = ratio(w, c.id(), "pgjdbc");
                double h = Math.min(r, top) / top * plotH;
                double y = plotTop + plotH - h;
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                        + "<title>%s</title></rect>%n", x, y, bar - 2, h, color(c), esc(w.chart() + ", " + c.header() + ": "
                        + fmt2(r) + "× pgjdbc")));
                double[] sp = ratioSpread(w, c.id(), "pgjdbc");
                if (sp != null && sp[1] > sp[0]) {
                    double y0 = plotTop + plotH - Math.min(sp[0], top) / top * plotH;
                    double y1 = plotTop + plotH - Math.min(sp[1], top) / top * plotH;
                    double cx = x + (bar - 2) / 2.0;
                    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\""
                            + " stroke-width=\"1\"/>%n", cx, y0, cx, y1));
                }
                double ly = Math.min(y, sp == null ? y : plotTop + plotH - Math.min(sp[1], top) / top * plotH) - 4;
                if (r > top) {
                    s.append(String.format(Locale.ROOT, "<path d=\"M%d %.1f l%d 4 l%d -4\" stroke=\"white\" fill=\"none\""
                            + " stroke-width=\"2\"/>%n", x, y + 8, (bar - 2) / 2, (bar - 2) / 2));
                    ly = plotTop - 4;
                }
                s.append(String.format(Locale.ROOT, "<text transform=\"translate(%.1f %.1f) rotate(-90)\" font-size=\"9\">%s</text>%n",
                        x + bar / 2.0 + 2, ly, fmt2(r)));
                x += bar;
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n",
                    gx + (x - gx) / 2.0, plotTop + plotH + 18, esc(w.chart())));
            x += gap;
        }
        double y1 = plotTop + plotH - 1.0 / top * plotH;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d00\" stroke-dasharray=\"6 3\"/>%n",
                left, y1, left + plotW, y1));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#d00\">pgjdbc = 1</text>%n",
                left + plotW + 6, y1 + 4));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", left, plotTop + plotH,
                left + plotW, plotTop + plotH));
        // legend
        int ly0 = plotTop + plotH + 44;
        for (int i = 0; i < cols.size(); i++) {
            Col c = cols.get(i);
            int lx = left + (i % 3) * 300;
            int ly = ly0 + (i / 3) * 18;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", lx, ly - 10, color(c)));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>%n", lx + 18, ly, esc(c.header())));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v).replaceAll("0$", "");
    }

    private static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
