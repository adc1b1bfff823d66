package dev.greenwire.bench;

import static dev.greenwire.bench.BenchSupport.M;

import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The forked worker JVMs that PoolBench and FullBench share: the parent starts one JVM per
 * worker ({@code plain}: greenwire without {@code --add-opens}; {@code opens}: with them;
 * {@code ref}: pgjdbc, HikariCP, Vert.x), with the same flags otherwise, and asks it for one
 * measurement at a time over its stdin/stdout ({@code @@ OK perSecond p50 p99} or
 * {@code @@ ERR …}; any other line of the worker's stdout is progress). A worker keeps what it
 * opened until {@code quit}. Also the report helpers both harnesses use.
 */
final class Workers {
    private Workers() {
    }

    static final String[] ADD_OPENS = {"--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens",
            "java.base/java.io=ALL-UNNAMED"};

    /** What a worker does with one request line (split at spaces); null when there is nothing to report. */
    interface Handler {
        M handle(String worker, String[] request) throws Exception;
    }

    /** What the worker opened (pools, connections), closed in reverse order when it quits. */
    static final Map<String, AutoCloseable> OPEN = new LinkedHashMap<>();

    // ---- the parent's side ---------------------------------------------------------------------

    /**
     * The worker JVMs' command line without the main class: this JVM's java, the virtual-thread
     * parallelism if set, the server's coordinates, and every other {@code bench.*} property of
     * this JVM (e.g. {@code bench.quick}), so that workers size their work as the parent does.
     */
    static List<String> jvm(TestServer s, String dsn, String jdbcUrl) {
        List<String> jvm = new ArrayList<>();
        jvm.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String par = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (par != null) {
            jvm.add("-Djdk.virtualThreadScheduler.parallelism=" + par);
        }
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("bench.") && !k.equals("bench.workerJvmArgs") && !k.equals("bench.main")) {
                jvm.add("-D" + k + "=" + System.getProperty(k));
            }
        }
        jvm.add("-Dbench.dsn=" + dsn);
        jvm.add("-Dbench.jdbcUrl=" + jdbcUrl);
        jvm.add("-Dbench.pg=" + s.host() + "\t" + s.port() + "\t" + s.database() + "\t" + s.superuser());
        return jvm;
    }

    /** A forked worker JVM, driven through its stdin/stdout one measurement at a time. */
    static final class WorkerProcess implements AutoCloseable {
        final String name;
        final Process process;
        final BufferedWriter commands;
        final BufferedReader replies;
        final String info;

        /**
         * Starts {@code main --worker name}; {@code bench.workerJvmArgs} adds flags ({@code {worker}}
         * replaced by the name, e.g. {@code -XX:StartFlightRecording=filename=/tmp/{worker}.jfr}).
         */
        WorkerProcess(String name, List<String> jvm, boolean addOpens, Class<?> main) throws Exception {
            this.name = name;
            List<String> cmd = new ArrayList<>(jvm.subList(0, 1));
            if (addOpens) {
                cmd.addAll(List.of(ADD_OPENS));
            }
            String extra = System.getProperty("bench.workerJvmArgs", "").trim();
            if (!extra.isEmpty()) {
                for (String a : extra.split("\\s+")) {
                    cmd.add(a.replace("{worker}", name));
                }
            }
            cmd.addAll(jvm.subList(1, jvm.size()));
            cmd.addAll(List.of("-cp", classPath(), main.getName(), "--worker", name));
            this.process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.info = reply().substring("READY ".length());
            System.err.println("worker " + name + ": " + info);
        }

        /** Sends one request (words joined by spaces) and waits for its measurement. */
        M run(String... request) throws Exception {
            commands.write(String.join(" ", request) + "\n");
            commands.flush();
            String r = reply();
            if (!r.startsWith("OK ")) {
                throw new IllegalStateException("worker " + name + ", " + String.join(" ", request) + ": " + r);
            }
            String[] p = r.split(" ");
            return new M(Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3]));
        }

        private String reply() throws Exception {
            for (;;) {
                String line = replies.readLine();
                if (line == null) {
                    throw new IllegalStateException("worker " + name + " exited (" + process.waitFor() + ")");
                }
                if (line.startsWith("@@ ")) {
                    return line.substring(3);
                }
                System.err.println("[" + name + "] " + line);
            }
        }

        @Override
        public void close() throws Exception {
            try {
                commands.write("quit\n");
                commands.flush();
            } catch (java.io.IOException gone) {
                // already exited
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
    }

    // ---- the worker's side ---------------------------------------------------------------------

    /** A worker JVM's main loop: sets BenchSupport up from the parent's properties, then serves requests until {@code quit}. */
    static void serve(String name, Handler handler) throws Exception {
        PrintStream proto = System.out;
        System.setOut(System.err); // stdout carries the protocol only
        BenchSupport.dsn = System.getProperty("bench.dsn");
        BenchSupport.jdbcUrl = System.getProperty("bench.jdbcUrl");
        String[] pg = System.getProperty("bench.pg").split("\t");
        BenchSupport.vertxOptions = new PgConnectOptions().setHost(pg[0]).setPort(Integer.parseInt(pg[1])).setDatabase(pg[2])
                .setUser(pg[3]).setCachePreparedStatements(true).setPipeliningLimit(256);
        if (name.equals("ref")) {
            BenchSupport.vertx = Vertx.vertx();
        }
        List<String> flags = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.virtualThreadScheduler") || a.startsWith("-XX:"))
                .toList();
        String info = "Java " + Runtime.version() + (flags.isEmpty() ? ", no flags" : ", " + String.join(" ", flags))
                + (name.equals("ref") ? "" : "; greenwire's parking strategy waits through "
                        + (jdkPoller() ? "the JDK's poller" : "its own poller thread"));
        proto.println("@@ READY " + info);
        proto.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            try {
                M m = handler.handle(name, line.split(" "));
                if (m == null) {
                    m = new M(0, 0, 0);
                }
                proto.println(String.format(Locale.ROOT, "@@ OK %f %f %f", m.perSecond(), m.p50us(), m.p99us()));
            } catch (Throwable t) {
                t.printStackTrace();
                proto.println("@@ ERR " + t.toString().replace('\n', ' '));
            }
            proto.flush();
        }
        List<AutoCloseable> all = new ArrayList<>(OPEN.values());
        java.util.Collections.reverse(all);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("closing: " + e);
            }
        }
        if (BenchSupport.vertx != null) {
            BenchSupport.vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        }
        System.exit(0);
    }

    /** Whether the parking strategy found the JDK's poller (the flag JdkPoller computed). */
    static boolean jdkPoller() {
        try {
            java.lang.reflect.Method m = Class.forName("dev.greenwire.wait.JdkPoller").getDeclaredMethod("available");
            m.setAccessible(true);
            return (Boolean) m.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Module base = Object.class.getModule();
            Module me = WaitStrategies.class.getModule();
            return base.isOpen("sun.nio.ch", me) && base.isOpen("java.io", me);
        }
    }

    // ---- report helpers --------------------------------------------------------------------------

    static double median(List<M> ms, java.util.function.ToDoubleFunction<M> f) {
        double[] v = ms.stream().mapToDouble(f).sorted().toArray();
        return v[v.length / 2];
    }

    static String rate(List<M> ms) {
        double[] v = ms.stream().mapToDouble(M::perSecond).sorted().toArray();
        return String.format(Locale.ROOT, "%,.0f/s (%,.0f–%,.0f)", median(ms, M::perSecond), v[0], v[v.length - 1]);
    }

    static String ms(double micros) {
        return micros >= 1000 ? String.format(Locale.ROOT, "%.1f ms", micros / 1000) : String.format(Locale.ROOT, "%.0f µs", micros);
    }

    /** Where a class was loaded from, when that file was written and its SHA-1 (the pool is work in progress). */
    static String jarInfo(Class<?> c) {
        try {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p)) {
                return p.toString();
            }
            byte[] sha = java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(p));
            return p.getFileName() + " (written " + Files.getLastModifiedTime(p) + ", sha1 "
                    + java.util.HexFormat.of().formatHex(sha).substring(0, 12) + ")";
        } catch (Exception e) {
            return "?";
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "?";
    }

    /** The class path of this JVM's benchmark classes (exec:java loads them through a URLClassLoader). */
    static String classPath() throws Exception {
        ClassLoader cl = Workers.class.getClassLoader();
        if (cl instanceof URLClassLoader u && u.getURLs().length > 0) {
            List<String> parts = new ArrayList<>();
            for (URL url : u.getURLs()) {
                parts.add(Path.of(url.toURI()).toString());
            }
            return String.join(java.io.File.pathSeparator, parts);
        }
        return System.getProperty("java.class.path");
    }
}
