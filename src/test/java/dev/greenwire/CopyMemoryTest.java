package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 2 GiB through COPY in each direction in a JVM limited to 64 MB of heap: the data is
 * generated and counted on the fly, so only the driver's own buffers live in the heap.
 */
@Timeout(600)
class CopyMemoryTest extends PgTest {
    static final long TOTAL = 2L << 30;
    static final int LINE = 8192;

    @Test
    void twoGigabytesEachWayInSixtyFourMegabytesOfHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), CopyMemoryTest.class.getName(), dsn()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(500, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        long rows = TOTAL / LINE;
        assertTrue(out.contains("in: " + rows + " rows, " + TOTAL + " bytes"), out);
        assertTrue(out.contains("out: " + rows + " rows, " + TOTAL + " bytes"), out);
    }

    /** The child: copies in, then out, and prints what the server and the sink counted. */
    public static void main(String[] args) {
        try (Connection c = Pg.connect(args[0])) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE sink2g (v text)");
            cur.execute("SELECT set_config('gw.rows', '0', false), set_config('gw.bytes', '0', false)");
            cur.execute("CREATE FUNCTION pg_temp.discard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " PERFORM set_config('gw.rows', (current_setting('gw.rows')::int8 + 1)::text, false);"
                    + " PERFORM set_config('gw.bytes', (current_setting('gw.bytes')::int8 + length(NEW.v) + 1)::text, false);"
                    + " RETURN NULL; END $$");
            cur.execute("CREATE TRIGGER discard BEFORE INSERT ON sink2g FOR EACH ROW EXECUTE FUNCTION pg_temp.discard()");
            cur.copyFrom(new Generated(), "sink2g", null, null, null);
            Row seen = cur.execute("SELECT current_setting('gw.rows'), current_setting('gw.bytes')").fetchOne();
            System.out.println("in: " + seen.get(0) + " rows, " + seen.get(1) + " bytes");
            Counting sink = new Counting();
            cur.copyExpert("COPY (SELECT repeat('y', " + (LINE - 1) + ") FROM generate_series(1, "
                    + TOTAL / LINE + ")) TO STDOUT", sink);
            System.out.println("out: " + cur.rowCount() + " rows, " + sink.bytes + " bytes");
            System.out.println("heap max " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
        }
    }

    /** 2 GiB of text lines, generated as they are read. */
    static final class Generated extends InputStream {
        private long left = TOTAL;
        private long pos;

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                b[off + i] = (pos + i) % LINE == LINE - 1 ? (byte) '\n' : (byte) 'x';
            }
            pos += n;
            left -= n;
            return n;
        }
    }

    static final class Counting extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
