package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cursor.copy()} moves 2 GiB each way in a JVM limited to 64 MB of heap: in, 1 GiB of
 * 1 MiB bytea rows through {@code writeRow} in binary and 1 GiB of 1 MiB text rows through
 * {@code writeRow} and {@code write} in text; out, 1 GiB through {@code rows()} in binary and
 * 1 GiB through {@code read()} in text. The server discards what comes in (a trigger counts
 * it), and the rows going out are generated, so only the driver's buffers live in the heap;
 * the heap in use after a GC, sampled every 256 MiB, must stay under 24 MB.
 */
@Timeout(300)
class CopyRowsMemoryTest extends PgTest {
    static final int MIB = 1 << 20;
    static final int ROWS = 1024; // per GiB
    static final long GIB = 1L << 30;

    @Test
    void twoGigabytesEachWayThroughWriteRowRowsAndReadInSixtyFourMegabytes() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), CopyRowsMemoryTest.class.getName(), dsn()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(280, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        System.out.println(out);
        assertTrue(out.contains("binary in: " + ROWS + " rows, " + GIB + " bytes"), out);
        assertTrue(out.contains("text in: " + ROWS + " rows, " + GIB + " bytes"), out);
        assertTrue(out.contains("binary out: " + ROWS + " rows, " + GIB + " bytes"), out);
        assertTrue(out.contains("text out: " + ROWS + " rows, " + GIB + " bytes"), out);
        Matcher h = Pattern.compile("heap max (\\d+) MB").matcher(out);
        assertTrue(h.find() && Integer.parseInt(h.group(1)) <= 64, out);
        Matcher m = Pattern.compile("retained heap max (\\d+) bytes").matcher(out);
        assertTrue(m.find(), out);
        long retained = Long.parseLong(m.group(1));
        assertTrue(retained < 24L * MIB, "the heap in use after GC reached " + retained + " bytes\n" + out);
    }

    private static long maxRetained;
    private static long sampled;

    /** After every 256 MiB moved: the heap in use after a full GC. */
    static void sample(long moved) {
        if (moved / (256L * MIB) > sampled) {
            sampled = moved / (256L * MIB);
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long used = rt.totalMemory() - rt.freeMemory();
            maxRetained = Math.max(maxRetained, used);
        }
    }

    /** The child: copies in and out, printing what the server and the client counted. */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        try (Connection c = Pg.connect(args[0])) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE sinkb (v bytea)");
            cur.execute("CREATE TEMP TABLE sinkt (v text)");
            cur.execute("CREATE FUNCTION pg_temp.discard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " PERFORM set_config('gw.rows', (current_setting('gw.rows')::int8 + 1)::text, false);"
                    + " PERFORM set_config('gw.bytes', (current_setting('gw.bytes')::int8 + octet_length(NEW.v))::text, false);"
                    + " RETURN NULL; END $$");
            for (String t : List.of("sinkb", "sinkt")) {
                cur.execute("CREATE TRIGGER discard BEFORE INSERT ON " + t + " FOR EACH ROW EXECUTE FUNCTION pg_temp.discard()");
            }

            byte[] value = new byte[MIB];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) (i * 31);
            }
            reset(cur);
            long moved = 0;
            try (Copy copy = cur.copy("COPY sinkb FROM STDIN WITH (FORMAT BINARY)")) {
                for (int i = 0; i < ROWS; i++) {
                    value[0] = (byte) i;
                    copy.writeRow((Object) value);
                    sample(moved += MIB);
                }
            }
            report(cur, "binary in");

            reset(cur);
            String text = "t".repeat(MIB - 2) + "é"; // 1 MiB in UTF-8
            byte[] line = new byte[MIB + 1];
            Arrays.fill(line, (byte) 'r');
            line[MIB] = '\n';
            try (Copy copy = cur.copy("COPY sinkt FROM STDIN")) {
                for (int i = 0; i < ROWS; i++) {
                    if (i % 2 == 0) {
                        copy.writeRow(text);
                    } else {
                        copy.write(line);
                    }
                    sample(moved += MIB);
                }
            }
            report(cur, "text in");

            long rows = 0;
            long bytes = 0;
            try (Copy copy = cur.copy("COPY (SELECT repeat('y', " + MIB + ")::bytea FROM generate_series(1, " + ROWS
                    + ")) TO STDOUT WITH (FORMAT BINARY)")) {
                for (List<Object> r : copy.rows()) {
                    rows++;
                    bytes += ((byte[]) r.get(0)).length;
                    sample(moved += MIB);
                }
            }
            System.out.println("binary out: " + rows + " rows, " + bytes + " bytes");

            rows = 0;
            bytes = 0;
            try (Copy copy = cur.copy("COPY (SELECT repeat('z', " + (MIB - 1) + ") FROM generate_series(1, " + ROWS
                    + ")) TO STDOUT")) {
                for (byte[] chunk = copy.read(); chunk != null; chunk = copy.read()) {
                    bytes += chunk.length;
                    sample(moved + bytes);
                }
                rows = copy.rowCount();
            }
            System.out.println("text out: " + rows + " rows, " + bytes + " bytes");
            System.out.println("heap max " + Runtime.getRuntime().maxMemory() / MIB + " MB");
            System.out.println("retained heap max " + maxRetained + " bytes");
            System.out.println("seconds " + (System.nanoTime() - t0) / 1_000_000_000.0);
        }
    }

    private static void reset(Cursor cur) {
        cur.execute("SELECT set_config('gw.rows', '0', false), set_config('gw.bytes', '0', false)");
    }

    private static void report(Cursor cur, String what) {
        Row seen = cur.execute("SELECT current_setting('gw.rows'), current_setting('gw.bytes')").fetchOne();
        System.out.println(what + ": " + seen.get(0) + " rows, " + seen.get(1) + " bytes");
    }
}
