package dev.greenwire.bench;

import static dev.greenwire.bench.BenchSupport.M;
import static dev.greenwire.bench.BenchSupport.POINT_ROWS;

import dev.greenwire.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** PostgreSQL's own pgbench as the C reference: {@code -M prepared}, a script file, N clients. */
final class Pgbench {
    private Pgbench() {
    }

    static final Path BIN = Path.of(System.getProperty("bench.pgbench", "/usr/lib/postgresql/15/bin/pgbench"));

    static boolean available() {
        return Files.isExecutable(BIN);
    }

    /** The ping script: {@code SELECT 1}. */
    static Path pingScript() throws Exception {
        return script("ping", "SELECT 1;\n");
    }

    /** The point script: the point query on a random id of bench_point. */
    static Path pointScript() throws Exception {
        return script("point", "\\set id random(1, " + POINT_ROWS + ")\nSELECT id, name, val FROM bench_point WHERE id = :id;\n");
    }

    private static Path script(String name, String text) throws Exception {
        Path p = Files.createTempFile(name, ".sql");
        p.toFile().deleteOnExit();
        return Files.writeString(p, text);
    }

    /**
     * Runs {@code pgbench -n -M prepared -f script -c clients -T seconds} ({@code -j 2} with
     * several clients): transactions per second, and the average latency in µs as p50 (pgbench
     * reports no percentiles without a log; p99 is NaN).
     */
    static M run(TestServer s, Path script, int clients, int seconds) throws Exception {
        List<String> cmd = List.of(BIN.toString(), "-h", s.host(), "-p", String.valueOf(s.port()), "-U", s.superuser(), "-n",
                "-M", "prepared", "-f", script.toString(), "-c", String.valueOf(clients), "-j", clients > 1 ? "2" : "1",
                "-T", String.valueOf(seconds), s.database());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        double tps = Double.NaN;
        double latMs = Double.NaN;
        for (String line : text.split("\n")) {
            if (line.startsWith("tps = ")) {
                tps = Double.parseDouble(line.substring(6, line.indexOf(' ', 6)));
            }
            if (line.startsWith("latency average = ")) {
                String v = line.substring("latency average = ".length()).trim();
                latMs = Double.parseDouble(v.substring(0, v.indexOf(' ')));
            }
        }
        if (rc != 0 || Double.isNaN(tps)) {
            throw new IllegalStateException("pgbench failed (exit " + rc + "): " + text);
        }
        return new M(tps, latMs * 1000, Double.NaN);
    }
}
