package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fake server that answers the startup packet with malformed, truncated, oversized,
 * out-of-order or random bytes, or not at all: the driver always ends with
 * {@link OperationalException}, never hangs, never runs out of memory.
 */
@Timeout(120)
class HostileServerTest {

    /**
     * Serves one connection: reads the startup packet, writes {@code reply}, then closes (or
     * stays silent), while the driver connects to it.
     *
     * @return what {@code Pg.connect} threw, or null when it connected (the connection is closed)
     */
    private static Throwable attempt(byte[] reply, boolean thenClose, String extra) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            AtomicReference<Socket> held = new AtomicReference<>();
            AtomicReference<Throwable> serverFailure = new AtomicReference<>();
            Thread server = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Socket s = ss.accept();
                    held.set(s);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    int len = in.readInt();
                    in.readNBytes(len - 4);
                    OutputStream out = s.getOutputStream();
                    out.write(reply);
                    out.flush();
                    if (thenClose) {
                        s.close();
                    }
                } catch (IOException ignored) {
                    // the client went away
                } catch (Throwable t) {
                    serverFailure.set(t);
                }
            });
            Throwable thrown = null;
            try {
                Connection c = Pg.connect("host=127.0.0.1 user=u dbname=d sslmode=disable"
                        + " port=" + ss.getLocalPort() + " " + extra);
                c.close();
            } catch (Throwable t) {
                thrown = t;
            } finally {
                ss.close(); // ends an accept() the driver never answered
                server.join(Duration.ofSeconds(10));
                Socket s = held.get();
                if (s != null) {
                    s.close();
                }
            }
            assertFalse(server.isAlive(), "the fake server thread did not end");
            if (serverFailure.get() != null) {
                throw new AssertionError("the fake server failed", serverFailure.get());
            }
            return thrown;
        }
    }

    /** {@link #attempt}, where the driver must throw a {@link PgException} (anything else fails the test). */
    private static PgException against(byte[] reply, boolean thenClose, String extra) throws Exception {
        Throwable t = attempt(reply, thenClose, extra);
        if (t == null) {
            fail("the driver connected to the hostile server");
        }
        return assertInstanceOf(PgException.class, t);
    }

    private static byte[] frame(char type, byte[] payload) {
        byte[] b = new byte[5 + payload.length];
        b[0] = (byte) type;
        int len = payload.length + 4;
        b[1] = (byte) (len >>> 24);
        b[2] = (byte) (len >>> 16);
        b[3] = (byte) (len >>> 8);
        b[4] = (byte) len;
        System.arraycopy(payload, 0, b, 5, payload.length);
        return b;
    }

    @Test
    void unknownMessageType() throws Exception {
        PgException e = against(frame('?', new byte[0]), false, "");
        assertTrue(e instanceof OperationalException && e.getMessage().contains("unexpected message type"), e.toString());
    }

    @Test
    void oversizedLengthIsRefusedWithoutAllocating() throws Exception {
        byte[] claim = {'R', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        PgException e = against(claim, false, "");
        assertTrue(e instanceof OperationalException && e.getMessage().contains("invalid length"), e.toString());
    }

    @Test
    void truncatedThenClosed() throws Exception {
        byte[] partial = {'R', 0, 0, 0, 8, 0, 0};
        PgException e = against(partial, true, "");
        assertTrue(e instanceof OperationalException, e.toString());
    }

    @Test
    void outOfOrderDataRowBeforeAuthentication() throws Exception {
        PgException e = against(frame('D', new byte[] {0, 0}), false, "");
        assertTrue(e instanceof OperationalException && e.getMessage().contains("unexpected message 'D'"), e.toString());
    }

    @Test
    void malformedAuthenticationRequest() throws Exception {
        PgException e = against(frame('R', new byte[] {0, 0}), false, "");
        assertTrue(e instanceof OperationalException && e.getMessage().contains("malformed"), e.toString());
    }

    @Test
    void neverAnswersAndConnectTimeoutEndsIt() throws Exception {
        PgException e = against(new byte[0], false, "connect_timeout=2");
        assertTrue(e instanceof OperationalException && e.getMessage().contains("timeout expired"), e.toString());
    }

    /** Serves one connection: reads the SSLRequest, answers {@code answer}, then closes. */
    private static PgException againstSslRequest(byte[] answer, String sslmode) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            AtomicReference<int[]> request = new AtomicReference<>();
            AtomicReference<Throwable> serverFailure = new AtomicReference<>();
            Thread server = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = ss.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    int len = in.readInt();
                    int code = in.readInt();
                    request.set(new int[] {len, code});
                    s.getOutputStream().write(answer);
                    s.getOutputStream().flush();
                    s.shutdownOutput();
                    in.readAllBytes(); // until the client gives up
                } catch (IOException ignored) {
                    // the client went away
                } catch (Throwable t) {
                    serverFailure.set(t);
                }
            });
            PgException e;
            try {
                e = assertThrows(PgException.class, () -> Pg.connect("host=127.0.0.1 user=u dbname=d connect_timeout=2"
                        + " port=" + ss.getLocalPort() + " sslmode=" + sslmode));
            } finally {
                ss.close(); // ends an accept() the driver never answered
                server.join(Duration.ofSeconds(10));
            }
            assertFalse(server.isAlive(), "the fake server thread did not end");
            if (serverFailure.get() != null) {
                throw new AssertionError("the fake server failed", serverFailure.get());
            }
            int[] got = request.get();
            assertNotNull(got, "the driver sent no SSLRequest");
            assertEquals(8, got[0], "SSLRequest length");
            assertEquals(80877103, got[1], "SSLRequest code");
            return e;
        }
    }

    @Test
    void brokenAnswersToTheSslRequest() throws Exception {
        PgException e = againstSslRequest(new byte[] {'N'}, "require");
        assertTrue(e.getMessage().contains("server does not support SSL, but SSL was required"), e.getMessage());
        e = againstSslRequest(new byte[] {'S', 1, 2, 3, 4, 5, 6, 7, 8}, "require");
        assertTrue(e instanceof OperationalException && e.getMessage().contains("SSL error"), e.getMessage());
        e = againstSslRequest(new byte[] {'S'}, "require");
        assertTrue(e instanceof OperationalException && e.getMessage().contains("SSL error"), e.getMessage());
        e = againstSslRequest(new byte[] {'Q', 'x'}, "require");
        assertTrue(e.getMessage().contains("received invalid response to SSL negotiation: Q"), e.getMessage());
        e = againstSslRequest(new byte[0], "prefer");
        assertTrue(e instanceof OperationalException, e.toString());
        Random rnd = new Random(20261130);
        for (int i = 0; i < 100; i++) {
            byte[] junk = new byte[1 + rnd.nextInt(300)];
            rnd.nextBytes(junk);
            junk[0] = 'S';
            e = againstSslRequest(junk, "require");
            assertTrue(e instanceof OperationalException, "case " + i + ": " + e);
        }
    }

    /** A seeded random fuzzer: random and mutated byte streams, 400 cases. */
    @Test
    void randomStreams() throws Exception {
        Random rnd = new Random(20261124);
        byte[] valid = concat(frame('R', new byte[] {0, 0, 0, 0}), frame('S', "a\0b\0".getBytes()),
                frame('K', new byte[8]), frame('Z', new byte[] {'I'}));
        int operational = 0;
        int connected = 0;
        for (int i = 0; i < 400; i++) {
            byte[] reply;
            if (i % 2 == 0) {
                reply = new byte[rnd.nextInt(64)];
                rnd.nextBytes(reply);
            } else {
                reply = valid.clone();
                for (int k = 0, n = 1 + rnd.nextInt(3); k < n; k++) {
                    reply[rnd.nextInt(reply.length)] = (byte) rnd.nextInt(256);
                }
                reply = java.util.Arrays.copyOf(reply, rnd.nextInt(reply.length + 1));
            }
            // only the clean outcomes count: a connection, or OperationalException /
            // NotSupportedException from the driver's own checks. Anything else (a
            // NullPointerException, an OutOfMemoryError…), bare or wrapped as an "internal
            // error", fails the test
            Throwable t = attempt(reply, true, "connect_timeout=5");
            if (t == null) {
                connected++;
            } else if (isCleanError(t)) {
                operational++;
            } else {
                fail("case " + i + ": the driver threw " + t, t);
            }
        }
        assertEquals(400, operational + connected);
        assertTrue(operational > 350, "operational errors: " + operational);
        System.out.println("hostile server fuzz: 400 cases, " + operational + " clean errors, " + connected
                + " mutated streams still formed a valid startup");
    }

    /**
     * An error the driver raised on purpose: OperationalException or NotSupportedException,
     * not caused by a runtime exception or error of its own (the engine wraps those as
     * OperationalException("internal error: …")).
     */
    private static boolean isCleanError(Throwable t) {
        if (!(t instanceof OperationalException || t instanceof NotSupportedException)) {
            return false;
        }
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if ((c instanceof RuntimeException && !(c instanceof PgException)) || c instanceof Error) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
