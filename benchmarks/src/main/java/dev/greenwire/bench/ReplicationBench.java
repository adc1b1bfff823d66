package dev.greenwire.bench;

import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.replication.LogicalReplicationConnection;
import dev.greenwire.replication.Lsn;
import dev.greenwire.replication.ReplicationCursor;
import dev.greenwire.replication.SlotType;
import dev.greenwire.replication.StopReplication;
import dev.greenwire.testing.TestServer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/**
 * Logical streaming throughput: the same backlog of changes read by greenwire, by
 * {@code pg_recvlogical} (C) and by pgjdbc's {@code PGReplicationStream}, with test_decoding
 * and with pgoutput. Prints a Markdown table.
 *
 * <p>Run: {@code ./gw mvn -q -Pbench -DskipTests install && ./gw mvn -q -Pbench -pl benchmarks
 * exec:java -Dexec.mainClass=dev.greenwire.bench.ReplicationBench}
 */
public final class ReplicationBench {
    private static final int ROWS = 300_000;

    private ReplicationBench() {
    }

    public static void main(String[] args) throws Exception {
        TestServer s = TestServer.get();
        String dsn = s.dsn();
        Lsn end;
        try (Connection c = Pg.connect(dsn)) {
            c.autocommit(true);
            c.cursor().execute("DROP TABLE IF EXISTS rb_t");
            c.cursor().execute("CREATE TABLE rb_t (id int PRIMARY KEY, v text, n numeric)");
            c.cursor().execute("DROP PUBLICATION IF EXISTS rb_pub");
            c.cursor().execute("CREATE PUBLICATION rb_pub FOR TABLE rb_t");
            for (String plugin : List.of("test_decoding", "pgoutput")) {
                for (String who : List.of("gw", "recv", "jdbc")) {
                    String slot = "rb_" + who + "_" + plugin;
                    c.cursor().execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                            + " WHERE slot_name = %s", slot);
                    c.cursor().execute("SELECT pg_create_logical_replication_slot(%s, %s)", slot, plugin);
                }
            }
            for (int from = 0; from < ROWS; from += 10_000) {
                c.cursor().execute("INSERT INTO rb_t SELECT g, md5(g::text), g * 1.5 FROM generate_series(%s, %s) g",
                        from, from + 9_999);
            }
            end = Lsn.parse((String) c.cursor().execute("SELECT pg_current_wal_lsn()::text").fetchOne().get(0));
        }
        System.out.println("| client | plugin | changes/s | MB/s | seconds |");
        System.out.println("|---|---|---|---|---|");
        for (String plugin : List.of("test_decoding", "pgoutput")) {
            Map<String, String> opts = plugin.equals("pgoutput")
                    ? Map.of("proto_version", "1", "publication_names", "rb_pub") : Map.of();
            row("greenwire (parking wait)", plugin, greenwire(dsn, "rb_gw_" + plugin, opts, end));
            row("pg_recvlogical", plugin, recvlogical(s, "rb_recv_" + plugin, opts, end));
            row("pgjdbc " + org.postgresql.util.DriverInfo.DRIVER_VERSION + "", plugin, pgjdbc(s, "rb_jdbc_" + plugin, opts, end));
        }
    }

    private static void row(String who, String plugin, double[] r) {
        System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %.1f | %.2f |%n", who, plugin, r[0] / r[2],
                r[1] / r[2] / 1e6, r[2]);
    }

    /** @return true for an insert message of either plugin */
    static boolean isInsert(byte[] b, int off) {
        return b[off] == 'I' || (b[off] == 't' && b[off + 1] == 'a');
    }

    /** @return true for a commit message of either plugin */
    static boolean isCommit(byte[] b, int off) {
        return b[off] == 'C' && (b.length - off == 26 || (b[off + 1] == 'O' && b[off + 2] == 'M'));
    }

    /** @return {messages, bytes, seconds} */
    private static double[] greenwire(String dsn, String slot, Map<String, String> opts, Lsn end) {
        long[] n = {0, 0, 0};
        long t0 = System.nanoTime();
        Connection conn = Pg.connect(dsn, dev.greenwire.ConnectOptions.builder()
                .waitCallback(dev.greenwire.wait.WaitStrategies.parking())
                .connectionFactory(LogicalReplicationConnection::new).build());
        try (LogicalReplicationConnection c = (LogicalReplicationConnection) conn) {
            ReplicationCursor cur = c.cursor();
            cur.startReplication(slot, SlotType.LOGICAL, Lsn.ZERO, 0, opts, false, Duration.ofSeconds(10));
            cur.consumeStream(m -> {
                byte[] b = (byte[]) m.payload();
                n[0]++;
                n[1] += b.length;
                if (isInsert(b, 0)) {
                    n[2]++;
                } else if (n[2] >= ROWS && isCommit(b, 0)) {
                    throw new StopReplication();
                }
            }, Duration.ofSeconds(10));
        }
        return new double[] {n[0], n[1], (System.nanoTime() - t0) / 1e9};
    }

    private static double[] recvlogical(TestServer s, String slot, Map<String, String> opts, Lsn end) throws Exception {
        Path bin = Path.of("/usr/lib/postgresql/15/bin/pg_recvlogical");
        Path out = java.nio.file.Files.createTempFile("recvlogical", ".out");
        List<String> cmd = new java.util.ArrayList<>(List.of(bin.toString(), "-h", s.host(), "-p",
                String.valueOf(s.port()), "-U", s.superuser(), "-d", s.database(), "--slot", slot, "--start",
                "--endpos", end.toString(), "--no-loop", "-f", out.toString()));
        for (Map.Entry<String, String> e : opts.entrySet()) {
            cmd.add("-o");
            cmd.add(e.getKey() + "=" + e.getValue());
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        p.waitFor(600, TimeUnit.SECONDS);
        double secs = (System.nanoTime() - t0) / 1e9;
        long bytes = java.nio.file.Files.size(out);
        long lines;
        try (var l = java.nio.file.Files.lines(out, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            lines = l.count();
        }
        java.nio.file.Files.deleteIfExists(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("pg_recvlogical failed: " + log);
        }
        return new double[] {lines, bytes, secs};
    }

    private static double[] pgjdbc(TestServer s, String slot, Map<String, String> opts, Lsn end) throws Exception {
        Properties props = new Properties();
        PGProperty.USER.set(props, s.superuser());
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        long t0 = System.nanoTime();
        long msgs = 0;
        long bytes = 0;
        try (java.sql.Connection c = DriverManager.getConnection(
                "jdbc:postgresql://" + s.host() + ":" + s.port() + "/" + s.database(), props)) {
            var b = c.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(slot).withStatusInterval(10, TimeUnit.SECONDS);
            for (Map.Entry<String, String> e : opts.entrySet()) {
                b = b.withSlotOption(e.getKey(), e.getValue());
            }
            long inserts = 0;
            try (PGReplicationStream stream = b.start()) {
                for (;;) {
                    ByteBuffer m = stream.read();
                    msgs++;
                    bytes += m.remaining();
                    byte[] head = new byte[Math.min(3, m.remaining())];
                    m.duplicate().get(head);
                    byte[] probe = java.util.Arrays.copyOf(head, 3);
                    if (isInsert(probe, 0)) {
                        inserts++;
                    } else if (inserts >= ROWS && (probe[0] == 'C' && (m.remaining() == 26
                            || (probe[1] == 'O' && probe[2] == 'M')))) {
                        break;
                    }
                }
            }
        }
        return new double[] {msgs, bytes, (System.nanoTime() - t0) / 1e9};
    }
}
