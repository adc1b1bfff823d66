package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A seeded, time-boxed fuzzer of the driver's message decoding after startup: a fake server
 * completes a valid startup, then answers the query with a generated stream of backend
 * messages (row descriptions with many types, data rows, errors, notices, notifications,
 * parameter changes, COPY, …) that is valid, subtly wrong or mutated. The driver must either
 * return rows (decoding every value) or raise a {@link PgException}; anything else (a
 * NullPointerException, an index error, an OutOfMemoryError, a hang) fails the test with the
 * case's seed. The budget is {@code -Dgreenwire.fuzz.seconds} (60 by default); the seed base is
 * {@code -Dgreenwire.fuzz.seed}.
 */
@Timeout(600)
class ProtocolFuzzTest {
    private static final long SECONDS = Long.getLong("greenwire.fuzz.seconds", 60);
    private static final boolean DEBUG = Boolean.getBoolean("greenwire.fuzz.debug");
    private static final long SEED = Long.getLong("greenwire.fuzz.seed", 20261130L);
    private static final int[] OIDS = {16, 17, 18, 19, 20, 21, 23, 25, 26, 114, 142, 650, 700, 701, 705, 790, 829, 869,
        1000, 1005, 1007, 1009, 1016, 1021, 1022, 1082, 1083, 1114, 1184, 1186, 1231, 1266, 1560, 1700, 2249, 2950,
        3802, 3904, 3912, 3910, 99999};

    @Test
    void generatedBackendStreams() throws Exception {
        AtomicLong caseSeed = new AtomicLong();
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofPlatform().daemon().name("fuzz-server").start(() -> serve(ss, caseSeed));
            String dsn = "host=127.0.0.1 port=" + ss.getLocalPort() + " user=u dbname=d sslmode=disable";
            ConnectOptions opts = ConnectOptions.builder().socketTimeout(Duration.ofSeconds(5)).build();
            long end = System.nanoTime() + SECONDS * 1_000_000_000L;
            long cases = 0;
            long rowsRead = 0;
            long pgErrors = 0;
            while (System.nanoTime() - end < 0) {
                long seed = SEED + cases;
                caseSeed.set(seed);
                cases++;
                try (Connection c = Pg.connect(dsn + " connect_timeout=5", opts)) {
                    Cursor cur = c.cursor();
                    cur.execute("SELECT fuzz");
                    if (cur.description() != null) {
                        for (Row r : cur.fetchAll()) {
                            for (int i = 0; i < r.size(); i++) {
                                try {
                                    r.get(i);
                                } catch (PgException e) {
                                    pgErrors++;
                                }
                            }
                            rowsRead++;
                        }
                    }
                } catch (PgException e) {
                    if (pgErrors++ < 3) {
                        System.out.println("fuzz sample error: " + e);
                    }
                } catch (Throwable t) {
                    throw new AssertionError("fuzz case with seed " + seed + " (-Dgreenwire.fuzz.seed=" + seed
                            + " -Dgreenwire.fuzz.seconds=1 replays it first) raised " + t, t);
                }
            }
            ss.close();
            server.join(5000);
            System.out.println("protocol fuzz: " + cases + " cases in " + SECONDS + " s, " + rowsRead + " rows decoded, "
                    + pgErrors + " clean PgExceptions");
            assertTrue(cases > 100, "the fuzzer ran only " + cases + " cases");
        }
    }

    private static void serve(ServerSocket ss, AtomicLong caseSeed) {
        while (!ss.isClosed()) {
            try (Socket s = ss.accept()) {
                s.setSoTimeout(10_000);
                handle(s, caseSeed.get());
            } catch (IOException e) {
                if (DEBUG) {
                    e.printStackTrace(System.out);
                }
            }
        }
    }

    private static void handle(Socket s, long seed) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        int len = in.readInt();
        in.readNBytes(len - 4);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        msg(b, 'R', new byte[] {0, 0, 0, 0});
        msg(b, 'S', "client_encoding\0UTF8\0".getBytes(StandardCharsets.UTF_8));
        msg(b, 'S', "standard_conforming_strings\0on\0".getBytes(StandardCharsets.UTF_8));
        msg(b, 'K', new byte[8]);
        msg(b, 'Z', new byte[] {'I'});
        out.write(b.toByteArray());
        out.flush();
        while (true) {
            int type;
            try {
                type = in.readUnsignedByte();
            } catch (EOFException e) {
                return;
            }
            int n = in.readInt();
            byte[] body = in.readNBytes(n - 4);
            if (type == 'X') {
                return;
            }
            if (type == 'Q' && new String(body, StandardCharsets.UTF_8).startsWith("BEGIN")) {
                ByteArrayOutputStream ok = new ByteArrayOutputStream();
                msg(ok, 'C', "BEGIN\0".getBytes(StandardCharsets.UTF_8));
                msg(ok, 'Z', new byte[] {'T'});
                out.write(ok.toByteArray());
                out.flush();
            } else if (type == 'Q') {
                out.write(stream(new Random(seed)));
                out.flush();
                return; // close: an incomplete stream ends in EOF, not in a wait
            }
        }
    }

    /** One generated answer to a simple query. */
    static byte[] stream(Random r) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int cols = r.nextInt(5) == 0 ? r.nextInt(3) : 1 + r.nextInt(6);
        int[] types = new int[cols];
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        i16(t, r.nextInt(20) == 0 ? r.nextInt(65536) - 32768 : cols);
        for (int i = 0; i < cols; i++) {
            types[i] = OIDS[r.nextInt(OIDS.length)];
            t.writeBytes(("c" + i + "\0").getBytes(StandardCharsets.UTF_8));
            i32(t, 0);
            i16(t, 0);
            i32(t, types[i]);
            i16(t, -1);
            i32(t, -1);
            i16(t, r.nextInt(30) == 0 ? 1 : 0);
        }
        int shape = r.nextInt(10);
        if (shape < 7) {
            msg(b, 'T', t.toByteArray());
            int rows = r.nextInt(8);
            for (int k = 0; k < rows; k++) {
                if (r.nextInt(10) == 0) {
                    noise(b, r);
                }
                ByteArrayOutputStream d = new ByteArrayOutputStream();
                i16(d, r.nextInt(25) == 0 ? r.nextInt(10) : cols);
                for (int i = 0; i < cols; i++) {
                    if (r.nextInt(6) == 0) {
                        i32(d, r.nextInt(30) == 0 ? -2 - r.nextInt(5) : -1);
                    } else {
                        byte[] v = value(types[i], r);
                        i32(d, r.nextInt(40) == 0 ? v.length + r.nextInt(9) - 4 : v.length);
                        d.writeBytes(v);
                    }
                }
                msg(b, 'D', d.toByteArray());
            }
            msg(b, 'C', ("SELECT " + rows + "\0").getBytes(StandardCharsets.UTF_8));
        } else if (shape == 7) {
            error(b, r);
        } else if (shape == 8) {
            msg(b, 'I', new byte[0]);
        } else {
            ByteArrayOutputStream c = new ByteArrayOutputStream();
            c.write(0);
            i16(c, 1);
            i16(c, 0);
            msg(b, 'H', c.toByteArray());
            msg(b, 'd', "1\tx\n".getBytes(StandardCharsets.UTF_8));
            msg(b, 'c', new byte[0]);
            msg(b, 'C', "COPY 1\0".getBytes(StandardCharsets.UTF_8));
        }
        if (r.nextInt(5) == 0) {
            noise(b, r);
        }
        msg(b, 'Z', new byte[] {(byte) "ITE?".charAt(r.nextInt(4))});
        byte[] all = b.toByteArray();
        int mutations = r.nextInt(3) == 0 ? 1 + r.nextInt(4) : 0;
        for (int i = 0; i < mutations && all.length > 0; i++) {
            all[r.nextInt(all.length)] = (byte) r.nextInt(256);
        }
        if (r.nextInt(8) == 0) {
            all = java.util.Arrays.copyOf(all, r.nextInt(all.length + 1));
        }
        return all;
    }

    private static byte[] value(int oid, Random r) {
        String[] samples = switch (oid) {
            case 16 -> new String[] {"t", "f", "x"};
            case 20, 21, 23, 26 -> new String[] {"0", "-1", "2147483648", "99999999999999999999", "12a", ""};
            case 700, 701 -> new String[] {"1.5", "NaN", "-Infinity", "1e400", "abc"};
            case 1700 -> new String[] {"1.50", "NaN", "Infinity", "-0.000", "1e5", "1..2"};
            case 17 -> new String[] {"\\x0102ff", "\\x0", "\\x", "abc\\\\\\001", "\\xzz", "\\"};
            case 1082 -> new String[] {"2024-01-02", "infinity", "0044-03-15 BC", "2024-13-40", "-infinity"};
            case 1083, 1266 -> new String[] {"24:00:00", "03:04:05.123456", "03:04:05+05:30:15", "25:61:61"};
            case 1114, 1184 -> new String[] {"2024-01-02 03:04:05.5+01", "infinity", "2024-01-02 03:04:05", "x"};
            case 1186 -> new String[] {"1 year 2 mons -3 days +04:05:06.7", "@ 1 hour ago", "00:00:00", "1 fortnight"};
            case 2950 -> new String[] {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "nope", ""};
            case 869, 650 -> new String[] {"10.0.0.1", "::1/128", "10.0.0.0/8", "300.1.1.1", "1::2::3"};
            case 1000, 1005, 1007, 1009, 1016, 1021, 1022, 1231 -> new String[] {"{1,2,NULL}", "{{1,2},{3,4}}",
                "[0:1]={1,2}", "{\"a\\\"b\",\"\"}", "{", "{1,{2}}", "{}", "{{}}", "{\"unterminated}"};
            case 3904, 3912, 3910 -> new String[] {"[1,10)", "empty", "(,5]", "[\"2024-01-01\",infinity)", "[1", "(a,b,c)"};
            case 2249 -> new String[] {"(1,\"a b\",)", "()", "(\"unterminated", "(1,2"};
            default -> new String[] {"text", "", "\u00e9\u65e5", "{\"k\": [1, 2]}"};
        };
        if (r.nextInt(10) == 0) {
            byte[] junk = new byte[r.nextInt(40)];
            r.nextBytes(junk);
            return junk;
        }
        return samples[r.nextInt(samples.length)].getBytes(StandardCharsets.UTF_8);
    }

    private static void noise(ByteArrayOutputStream b, Random r) {
        switch (r.nextInt(6)) {
            case 0 -> msg(b, 'N', "SNOTICE\0C00000\0Mhello\0\0".getBytes(StandardCharsets.UTF_8));
            case 1 -> {
                ByteArrayOutputStream a = new ByteArrayOutputStream();
                i32(a, r.nextInt());
                a.writeBytes("chan\0payload\0".getBytes(StandardCharsets.UTF_8));
                msg(b, 'A', a.toByteArray());
            }
            case 2 -> msg(b, 'S', (r.nextBoolean() ? "client_encoding\0LATIN1\0" : "standard_conforming_strings\0off\0")
                    .getBytes(StandardCharsets.UTF_8));
            case 3 -> msg(b, 'S', "client_encoding\0KLINGON\0".getBytes(StandardCharsets.UTF_8));
            case 4 -> error(b, r);
            default -> {
                byte[] p = new byte[r.nextInt(20)];
                r.nextBytes(p);
                msg(b, (char) ('a' + r.nextInt(26)), p);
            }
        }
    }

    private static void error(ByteArrayOutputStream b, Random r) {
        String fields = r.nextBoolean() ? "SERROR\0VERROR\0C42P01\0Mrelation does not exist\0P15\0\0"
                : "SFATAL\0C" + (r.nextBoolean() ? "57P01" : "XX000") + "\0Mbye\0\0";
        byte[] f = fields.getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(4) == 0) {
            f = java.util.Arrays.copyOf(f, r.nextInt(f.length + 1));
        }
        msg(b, 'E', f);
    }

    private static void msg(ByteArrayOutputStream b, char type, byte[] payload) {
        b.write(type);
        i32(b, payload.length + 4);
        b.writeBytes(payload);
    }

    private static void i32(ByteArrayOutputStream b, int v) {
        b.write(v >>> 24);
        b.write(v >>> 16);
        b.write(v >>> 8);
        b.write(v);
    }

    private static void i16(ByteArrayOutputStream b, int v) {
        b.write(v >>> 8);
        b.write(v);
    }
}
