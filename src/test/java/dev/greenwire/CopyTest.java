package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.extras.Waits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** COPY in every direction and format, synchronous and with a wait callback registered. */
@Timeout(120)
class CopyTest extends PgTest {

    static Stream<Arguments> modes() {
        return Stream.of(Arguments.of("default wait"), Arguments.of("counting callback"));
    }

    private static final AtomicInteger WAITS = new AtomicInteger();

    private static Connection open(String mode) {
        if (mode.equals("default wait")) {
            return connect();
        }
        return connect(ConnectOptions.builder().waitCallback(conn -> {
            WAITS.incrementAndGet();
            Waits.waitSelect(conn);
        }).build());
    }

    private static String rows(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i).append('\t').append(i % 7 == 0 ? "\\N" : "val\\\\ue é " + i).append('\n');
        }
        return sb.toString();
    }

    @ParameterizedTest
    @MethodSource("modes")
    void textFromStreamAndReaderThenToStreamAndWriter(String mode) {
        int before = WAITS.get();
        try (Connection c = open(mode)) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE cp (id int, v text)");
            String data = rows(5000);
            cur.copyFrom(new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)), "cp", null, null, null);
            assertEquals(5000, cur.rowCount());
            assertEquals("COPY 5000", cur.statusMessage());
            cur.copyFrom(new StringReader("9000|x\n9001|NIL\n"), "cp", "|", "NIL", List.of("id", "v"));
            assertEquals(2, cur.rowCount());
            assertEquals(716L, cur.execute("SELECT count(*) FROM cp WHERE v IS NULL").fetchOne().get(0));
            assertEquals("val\\ue é 1", cur.execute("SELECT v FROM cp WHERE id = 1").fetchOne().get(0));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            cur.execute("DELETE FROM cp WHERE id >= 9000");
            cur.copyTo(out, "cp", null, null, null);
            assertEquals(5000, cur.rowCount());
            assertEquals(data, out.toString(StandardCharsets.UTF_8));
            StringWriter w = new StringWriter();
            cur.copyTo(w, "cp", ",", "NULL", List.of("v"));
            assertTrue(w.toString().startsWith("NULL\nval\\\\ue é 1\n"), w.toString().substring(0, 40));
            c.commit();
        }
        if (mode.equals("counting callback")) {
            assertTrue(WAITS.get() > before + 4, "COPY did not wait through the callback");
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void csvAndBinaryThroughCopyExpert(String mode) {
        try (Connection c = open(mode)) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE cx (id int, v text, b bytea)");
            cur.copyExpert("COPY cx FROM STDIN WITH (FORMAT csv, HEADER true)",
                    new StringReader("id,v,b\n1,\"a,b\",\\x0001\n2,\"say \"\"hi\"\"\",\n"));
            assertEquals(2, cur.rowCount());
            ByteArrayOutputStream bin = new ByteArrayOutputStream();
            cur.copyExpert("COPY cx TO STDOUT WITH (FORMAT binary)", bin);
            byte[] b = bin.toByteArray();
            assertEquals("PGCOPY\n\u00ff\r\n\u0000", new String(b, 0, 11, StandardCharsets.ISO_8859_1));
            cur.execute("CREATE TEMP TABLE cy (LIKE cx)");
            cur.copyExpert("COPY cy FROM STDIN WITH (FORMAT binary)", new ByteArrayInputStream(b));
            assertEquals(2, cur.rowCount());
            assertEquals(0L, cur.execute("SELECT count(*) FROM (SELECT * FROM cx EXCEPT SELECT * FROM cy) d")
                    .fetchOne().get(0));
            StringWriter csv = new StringWriter();
            cur.copyExpert("COPY (SELECT v FROM cx ORDER BY id) TO STDOUT WITH (FORMAT csv)", csv);
            assertEquals("\"a,b\"\n\"say \"\"hi\"\"\"\n", csv.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void badDataMidStreamIsADataErrorAndTheConnectionStaysUsable(String mode) {
        try (Connection c = open(mode)) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TABLE IF NOT EXISTS cbad (id int)");
            c.commit();
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < 200_000; i++) {
                data.append(i == 150_000 ? "oops" : String.valueOf(i)).append('\n');
            }
            DataException e = assertThrows(DataException.class, () -> cur.copyFrom(
                    new StringReader(data.toString()), "cbad", null, null, null));
            assertEquals("22P02", e.pgcode());
            assertTrue(e.getMessage().contains("oops"), e.getMessage());
            assertEquals(-1, cur.rowCount());
            c.rollback();
            assertEquals(0L, cur.execute("SELECT count(*) FROM cbad").fetchOne().get(0));
            c.rollback();
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void aFailingUserStreamAbortsTheCopyAndPropagates(String mode) {
        try (Connection c = open(mode)) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE cfail (id int)");
            IOException boom = new IOException("disk gone");
            InputStream failing = new InputStream() {
                int n;

                @Override
                public int read() throws IOException {
                    throw boom;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (n++ < 3) {
                        byte[] rows = "1\n2\n".getBytes(StandardCharsets.US_ASCII);
                        System.arraycopy(rows, 0, b, off, rows.length);
                        return rows.length;
                    }
                    throw boom;
                }
            };
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> cur.copyFrom(failing, "cfail", null, null, null));
            assertSame(boom, e.getCause());
            assertEquals("57014", ((PgException) e.getSuppressed()[0]).pgcode());
            assertEquals(0L, cur.execute("SELECT count(*) FROM cfail").fetchOne().get(0));

            RuntimeException sinkFailure = new IllegalStateException("sink full");
            OutputStream failingOut = new OutputStream() {
                @Override
                public void write(int b) {
                    throw sinkFailure;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    throw sinkFailure;
                }
            };
            RuntimeException out = assertThrows(RuntimeException.class,
                    () -> cur.copyExpert("COPY (SELECT generate_series(1, 10000)) TO STDOUT", failingOut));
            assertSame(sinkFailure, out);
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void executeOfCopyWithoutAStreamUsesPsycopg2sMessage(String mode) {
        try (Connection c = open(mode)) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE cq (a int)");
            assertEquals("can't execute COPY FROM: use the copyFrom() method instead",
                    assertThrows(ProgrammingException.class, () -> cur.execute("COPY cq FROM STDIN")).getMessage());
            c.rollback();
        }
    }

    @org.junit.jupiter.api.Test
    void asyncCopyIsDrivenByPoll() throws IOException {
        try (Connection c = Pg.connect(dsn(), ConnectOptions.builder().async(true).build())) {
            AsyncTest.waitFor(c);
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE ca (id int)");
            AsyncTest.waitFor(c);
            cur.copyFrom(new StringReader(rows(3000).replaceAll("\t.*", "")), "ca", null, null, null);
            assertTrue(c.isExecuting());
            AsyncTest.waitFor(c);
            assertEquals(3000, cur.rowCount());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            cur.copyTo(out, "ca", null, null, null);
            AsyncTest.waitFor(c);
            assertEquals(3000, out.toString(StandardCharsets.US_ASCII).lines().count());
            assertEquals(3000, cur.rowCount());
        }
    }

    /** An endless COPY FROM interrupted mid-stream: cancelled, CopyFail sent, connection usable. */
    @org.junit.jupiter.api.Test
    void anInterruptedCopyLeavesTheConnectionUsable() throws Exception {
        try (Connection c = connect()) {
            c.autocommit(true);
            c.cursor().execute("CREATE TEMP TABLE cint (id int)");
            InputStream endless = new InputStream() {
                private long n;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    int w = 0;
                    while (w + 12 < len) {
                        byte[] row = (++n + "\n").getBytes(StandardCharsets.US_ASCII);
                        System.arraycopy(row, 0, b, off + w, row.length);
                        w += row.length;
                    }
                    return w;
                }
            };
            java.util.concurrent.atomic.AtomicReference<Throwable> got = new java.util.concurrent.atomic.AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    c.cursor().copyFrom(endless, "cint", null, null, null);
                } catch (Throwable e) {
                    got.set(e);
                }
            });
            while (!c.isExecuting() && t.isAlive()) {
                Thread.onSpinWait();
            }
            t.join(300);
            t.interrupt();
            t.join();
            assertInstanceOf(QueryCanceledException.class, got.get());
            assertEquals(0L, c.cursor().execute("SELECT count(*) FROM cint").fetchOne().get(0));
        }
    }

    @org.junit.jupiter.api.Test
    void copyRowsCountAsRowCount() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            assertInstanceOf(Cursor.class, cur.copyExpert("COPY (SELECT 1) TO STDOUT", new ByteArrayOutputStream()));
            assertEquals(1, cur.rowCount());
        }
    }

    /** An InputStream with nothing to give yet: read returns 0 {@code zeros} times, then {@code data}. */
    private static InputStream slow(int zeros, byte[] data) {
        return new InputStream() {
            int left = zeros;
            int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left > 0) {
                    left--;
                    return 0;
                }
                if (pos == data.length) {
                    return -1;
                }
                int n = Math.min(len, data.length - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    @org.junit.jupiter.api.Test
    void aSourceWithNothingYetGoesBackToTheWaitCallback() {
        AtomicInteger polls = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        WaitCallback counting = conn -> {
            while (conn.poll() != PollState.OK) {
                if (armed.get()) {
                    polls.incrementAndGet();
                }
            }
        };
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            try (Connection c = connect(ConnectOptions.builder().waitCallback(counting).build())) {
                Cursor cur = c.cursor();
                cur.execute("CREATE TEMP TABLE copy_slow (v int)");
                armed.set(true);
                cur.copyExpert("COPY copy_slow FROM STDIN", slow(200, "1\n2\n3\n".getBytes(StandardCharsets.US_ASCII)));
                armed.set(false);
                assertEquals(3L, cur.execute("SELECT count(*) FROM copy_slow").fetchOne().get(0));
                assertTrue(polls.get() >= 200, "each empty read went back to the callback: " + polls.get() + " polls");
            }
        });
        armed.set(false);
        WaitCallback impatient = conn -> {
            for (int i = 0; conn.poll() != PollState.OK; i++) {
                if (armed.get() && i >= 1000) {
                    throw new InterruptedException("the caller gave up");
                }
            }
        };
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            try (Connection c = connect(ConnectOptions.builder().waitCallback(impatient).build())) {
                c.autocommit(true);
                Cursor cur = c.cursor();
                cur.execute("CREATE TEMP TABLE copy_never (v int)");
                armed.set(true);
                assertThrows(QueryCanceledException.class,
                        () -> cur.copyExpert("COPY copy_never FROM STDIN", slow(Integer.MAX_VALUE, new byte[0])));
                armed.set(false);
                Thread.interrupted();
                assertEquals(0L, cur.execute("SELECT count(*) FROM copy_never").fetchOne().get(0),
                        "the connection is usable after the abandoned COPY");
            }
        });
    }
}
