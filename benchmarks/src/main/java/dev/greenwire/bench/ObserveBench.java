package dev.greenwire.bench;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Pg;
import dev.greenwire.observe.Observability;
import dev.greenwire.opentelemetry.GreenwireTelemetry;
import dev.greenwire.pool.ConnectionPool;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What observing costs (issue 17): ping (SELECT 1 round trips on one connection) and
 * concurrency (2,000 virtual threads × 50 point queries through greenwire-pool, 16
 * connections) with nothing observing, with the shipped {@code greenwire.jfc} recording
 * ({@code -XX:StartFlightRecording:settings=greenwire.jfc}), with the profile settings (every
 * event, no threshold), and with {@code greenwire-opentelemetry} feeding an OpenTelemetry SDK
 * (in-memory span exporter behind a simple span processor, so every span is exported on the
 * statement's thread and none is dropped; in-memory metric reader). Each mode runs in a
 * fresh JVM (JFR never started in the "off" one); rounds rotate the order of the modes. Not a
 * test: run it as RESULTS.md ("Observability (issue 17)") says.
 */
public final class ObserveBench {
    private static final List<String> MODES = List.of("off", "jfr", "jfr-profile", "otel");
    private static final String POINT = BenchSupport.POINT_SQL;

    private ObserveBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1], args[2]);
            return;
        }
        if (Boolean.getBoolean("bench.interleaved")) {
            interleaved();
            return;
        }
        TestServer s = TestServer.get();
        String dsn = s.dsn() + " sslmode=disable";
        try (Connection c = Pg.connect(dsn)) {
            c.autocommit(true);
            BenchSupport.createPointTable(c.cursor());
        }
        Path jfc = Files.createTempFile("greenwire", ".jfc");
        Files.writeString(jfc, Observability.jfc());
        Path profile = Files.createTempFile("greenwire-profile", ".jfc");
        Files.writeString(profile, settingsFile(Observability.jfrProfileSettings()));
        int rounds = Integer.getInteger("bench.repeats", 5);
        Map<String, Map<String, List<double[]>>> results = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < MODES.size(); k++) {
                String mode = MODES.get((k + r) % MODES.size());
                List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                if (mode.startsWith("jfr")) {
                    Path out = Files.createTempFile("observe-" + mode, ".jfr");
                    cmd.add("-XX:StartFlightRecording:settings=" + (mode.equals("jfr") ? jfc : profile) + ",filename=" + out);
                }
                cmd.addAll(List.of("-cp", Workers.classPath(), ObserveBench.class.getName(), "child", mode, dsn));
                Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("RESULT ")) {
                            String[] f = line.split(" ");
                            double[] m = {Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])};
                            results.computeIfAbsent(f[1], x -> new LinkedHashMap<>()).computeIfAbsent(mode, x -> new ArrayList<>())
                                    .add(m);
                            System.err.printf(Locale.ROOT, "[%d] %-12s %-12s %,12.0f/s p50 %8.1f µs p99 %8.1f µs%n", r + 1,
                                    f[1], mode, m[0], m[1], m[2]);
                        }
                    }
                }
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("the " + mode + " worker failed");
                }
            }
        }
        print(results);
    }

    /** A .jfc file holding {@code settings} (for the profile mode's command line). */
    private static String settingsFile(Map<String, String> settings) {
        Map<String, Map<String, String>> byEvent = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            int hash = k.indexOf('#');
            byEvent.computeIfAbsent(k.substring(0, hash), x -> new LinkedHashMap<>()).put(k.substring(hash + 1), v);
        });
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\">\n");
        byEvent.forEach((event, s) -> {
            sb.append("  <event name=\"").append(event).append("\">\n");
            s.forEach((k, v) -> sb.append("    <setting name=\"").append(k).append("\">").append(v).append("</setting>\n"));
            sb.append("  </event>\n");
        });
        return sb.append("</configuration>\n").toString();
    }

    private static void print(Map<String, Map<String, List<double[]>>> results) {
        StringBuilder sb = new StringBuilder("| workload | mode | ops/s, median (min–max) | p50 / p99 µs | vs off |\n|---|---|---|---|---|\n");
        results.forEach((workload, byMode) -> {
            double base = median(byMode.get("off"), 0);
            boolean cpu = workload.contains("CPU");
            byMode.forEach((mode, ms) -> {
                double[] tp = ms.stream().mapToDouble(m -> m[0]).sorted().toArray();
                double med = median(ms, 0);
                sb.append(String.format(Locale.ROOT, "| %s | %s | %,.0f%s (%,.0f–%,.0f) | %.1f / %.1f | %s |%n", workload, mode,
                        med, cpu ? " ns" : "/s", tp[0], tp[tp.length - 1], median(ms, 1), median(ms, 2),
                        mode.equals("off") ? "—" : String.format(Locale.ROOT, cpu ? "%+.0f ns (%+.1f %%)" : "%+.1f %%",
                                cpu ? med - base : 100 * (med - base) / base, 100 * (med - base) / base)));
            });
        });
        System.out.println(sb);
    }

    private static double median(List<double[]> ms, int i) {
        double[] v = ms.stream().mapToDouble(m -> m[i]).sorted().toArray();
        return v[v.length / 2];
    }

    // ---- interleaved, in one JVM -------------------------------------------------------------------

    /**
     * The three states in short alternating blocks in one JVM, so that a loaded machine's
     * swings hit them alike: nothing observing, greenwire.jfc's events on, the OTel listener.
     * One recording runs all along so that JFR's own background work (chunk writes, periodic
     * tasks) weighs on every block alike; between blocks only the driver's events are switched
     * on (greenwire.jfc's settings) or off ({@code enabled=false}), which is the cost measured.
     */
    private static void interleaved() throws Exception {
        TestServer s = TestServer.get();
        String dsn = s.dsn() + " sslmode=disable";
        try (Connection c = Pg.connect(dsn)) {
            c.autocommit(true);
            BenchSupport.createPointTable(c.cursor());
        }
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build())
                .build();
        GreenwireTelemetry otel = GreenwireTelemetry.create(sdk);
        int blocks = Integer.getInteger("bench.blocks", 15);
        String[] modes = {"off", "jfr", "otel"};
        Map<String, Map<String, List<double[]>>> results = new LinkedHashMap<>();
        ConnectOptions opts = ConnectOptions.builder().waitCallback(WaitStrategies.parking()).serverSideBinding(true).build();
        try (Connection c = Pg.connect(dsn, opts);
             ConnectionPool pool = ConnectionPool.builder(dsn, opts).name("observe").minSize(16).maxSize(16)
                     .configure(x -> x.autocommit(true)).build()) {
            c.autocommit(true);
            pool.waitReady(Duration.ofSeconds(30));
            Map<String, String> on = Observability.jfrSettings();
            Map<String, String> off = new java.util.HashMap<>(on);
            off.replaceAll((k, v) -> k.endsWith("#enabled") ? "false" : v);
            jdk.jfr.Recording r = new jdk.jfr.Recording(on);
            r.setToDisk(true);
            r.start();
            BenchSupport.onVirtual(() -> ping(c, 20_000));
            concurrency(pool, 500, 50);
            for (int b = 0; b < blocks; b++) {
                for (int k = 0; k < modes.length; k++) {
                    String mode = modes[(k + b) % modes.length];
                    r.setSettings(mode.equals("jfr") ? on : off);
                    Observability.setListener(mode.equals("otel") ? otel : null);
                    double[] p = BenchSupport.onVirtual(() -> ping(c, 5_000));
                    double[] cpu = pingCpu(c, 5_000);
                    double[] q = concurrency(pool, 400, 50);
                    Observability.setListener(null);
                    spans.reset();
                    results.computeIfAbsent("ping (blocks of 5,000 SELECT 1)", x -> new LinkedHashMap<>())
                            .computeIfAbsent(mode, x -> new ArrayList<>()).add(p);
                    results.computeIfAbsent("ping, client CPU ns per statement (platform thread)", x -> new LinkedHashMap<>())
                            .computeIfAbsent(mode, x -> new ArrayList<>()).add(cpu);
                    results.computeIfAbsent("concurrency (blocks of 400 VT × 50, 16 connections)", x -> new LinkedHashMap<>())
                            .computeIfAbsent(mode, x -> new ArrayList<>()).add(q);
                    results.computeIfAbsent("concurrency, client JVM CPU ns per query (all threads)", x -> new LinkedHashMap<>())
                            .computeIfAbsent(mode, x -> new ArrayList<>()).add(new double[] {q[3], q[1], q[2]});
                    System.err.printf(Locale.ROOT, "[%d] %-5s ping %,9.0f/s p50 %6.1f µs | concurrency %,9.0f/s p50 %8.1f µs%n",
                            b + 1, mode, p[0], p[1], q[0], q[1]);
                }
            }
            r.stop();
            r.close();
        }
        sdk.close();
        print(results);
        System.exit(0);
    }

    // ---- the worker -----------------------------------------------------------------------------

    private static void child(String mode, String dsn) throws Exception {
        InMemorySpanExporter spans = null;
        OpenTelemetrySdk sdk = null;
        if (mode.equals("otel")) {
            spans = InMemorySpanExporter.create();
            sdk = OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                    .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build())
                    .build();
            Observability.setListener(GreenwireTelemetry.create(sdk));
        }
        ConnectOptions opts = ConnectOptions.builder().waitCallback(WaitStrategies.parking()).serverSideBinding(true).build();
        // ping: one connection, one virtual thread
        try (Connection c = Pg.connect(dsn, opts)) {
            c.autocommit(true);
            BenchSupport.onVirtual(() -> ping(c, 20_000)); // warm-up
            reset(spans);
            double[] m = BenchSupport.onVirtual(() -> ping(c, 40_000));
            System.out.printf(Locale.ROOT, "RESULT ping %.1f %.2f %.2f%n", m[0], m[1], m[2]);
        }
        reset(spans);
        try (ConnectionPool pool = ConnectionPool.builder(dsn, opts).name("observe").minSize(16).maxSize(16)
                .configure(c -> c.autocommit(true)).build()) {
            pool.waitReady(Duration.ofSeconds(30));
            concurrency(pool, 500, 50); // warm-up
            reset(spans);
            double[] m = concurrency(pool, 2_000, 50);
            System.out.printf(Locale.ROOT, "RESULT concurrency %.1f %.2f %.2f%n", m[0], m[1], m[2]);
        }
        if (sdk != null) {
            sdk.close();
        }
        System.exit(0);
    }

    private static void reset(InMemorySpanExporter spans) {
        if (spans != null) {
            spans.reset(); // keep memory flat: the spans themselves are not looked at
        }
    }

    private static double[] ping(Connection c, int n) {
        Cursor cur = c.cursor();
        long[] lat = new long[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            cur.execute("SELECT 1");
            BenchSupport.consume(cur.fetchOne());
            lat[i] = System.nanoTime() - s;
        }
        return stats(lat, System.nanoTime() - t0);
    }

    /**
     * Ping on this platform thread, measured in the thread's own CPU time: what the client spends
     * per statement, which a loaded machine disturbs far less than wall-clock throughput.
     * @return {CPU ns per statement, wall µs p50, wall µs p99}
     */
    private static double[] pingCpu(Connection c, int n) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        double[] wall = ping(c, n);
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        return new double[] {(double) cpu / n, wall[1], wall[2]};
    }

    /**
     * {@code threads} virtual threads × {@code perThread} point queries, a borrow each.
     * @return {queries/s, p50 µs, p99 µs, the client JVM's CPU time (all its threads, JFR's too) per query in ns}
     */
    private static double[] concurrency(ConnectionPool pool, int threads, int perThread) throws Exception {
        long[] lat = new long[threads * perThread];
        long cpu0 = BenchSupport.processCpuNanos();
        long t0 = System.nanoTime();
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                fs.add(vt.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int id = ThreadLocalRandom.current().nextInt(1, BenchSupport.POINT_ROWS + 1);
                        long s = System.nanoTime();
                        try (Connection c = pool.connection()) {
                            Cursor cur = c.cursor();
                            cur.execute(POINT, id);
                            BenchSupport.consume(cur.fetchOne());
                        }
                        lat[base + i] = System.nanoTime() - s;
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        double[] m = stats(lat, System.nanoTime() - t0);
        return new double[] {m[0], m[1], m[2], (double) (BenchSupport.processCpuNanos() - cpu0) / lat.length};
    }

    private static double[] stats(long[] lat, long total) {
        long[] s = lat.clone();
        Arrays.sort(s);
        return new double[] {lat.length / (total / 1e9), s[s.length / 2] / 1e3, s[(int) (s.length * 0.99)] / 1e3};
    }
}
