package dev.greenwire.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.greenwire.OperationalException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameSplitTest {

    private static void frame(ByteArrayOutputStream out, char type, byte[] payload) {
        out.write(type);
        int len = payload.length + 4;
        out.write(len >>> 24);
        out.write(len >>> 16);
        out.write(len >>> 8);
        out.write(len);
        out.writeBytes(payload);
    }

    private static byte[] cstr(String... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String p : parts) {
            b.writeBytes(p.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        return b.toByteArray();
    }

    /** A realistic stream: parameter status, a row description, rows, a notification, a 70,000-byte row, RFQ. */
    private static byte[] stream() {
        return stream(70_000);
    }

    /** The same stream with a big row of {@code bigRow} bytes. */
    private static byte[] stream(int bigRow) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, 'S', cstr("client_encoding", "UTF8"));
        frame(out, 'K', new byte[] {0, 0, 0x30, 0x39, 1, 2, 3, 4});
        frame(out, 'T', new byte[] {0, 1, 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 23, 0, 4, -1, -1, -1, -1, 0, 0});
        for (int i = 0; i < 5; i++) {
            frame(out, 'D', new byte[] {0, 1, 0, 0, 0, 1, (byte) ('0' + i)});
        }
        byte[] chan = cstr("chan", "payload é");
        byte[] notif = new byte[4 + chan.length];
        notif[3] = 7;
        System.arraycopy(chan, 0, notif, 4, chan.length);
        frame(out, 'A', notif);
        byte[] big = new byte[bigRow];
        new Random(1).nextBytes(big);
        frame(out, 'D', big);
        frame(out, 'C', cstr("SELECT 6"));
        frame(out, 'Z', new byte[] {'I'});
        return out.toByteArray();
    }

    private record Frame(char type, String hex) {
    }

    private static List<Frame> decode(InBuf in) {
        List<Frame> frames = new ArrayList<>();
        while (in.next()) {
            frames.add(new Frame(in.type(), java.util.HexFormat.of().formatHex(in.rest())));
        }
        return frames;
    }

    /** Cuts every frame the buffer holds, checks each against the expected frame {@code at}, {@code at + 1}…; returns the next index. */
    private static int decodeInto(InBuf in, char[] types, byte[][] payloads, int at, int cut) {
        while (in.next()) {
            assertTrue(at < types.length, "split at byte " + cut + ": more frames than expected");
            char t = in.type();
            byte[] p = in.rest();
            assertEquals(types[at], t, "split at byte " + cut + ", frame " + at + ": type");
            int diff = Arrays.mismatch(p, payloads[at]);
            if (diff >= 0) {
                fail("split at byte " + cut + ", frame " + at + " ('" + t + "', " + payloads[at].length
                        + " bytes expected, " + p.length + " decoded): first difference at payload byte " + diff);
            }
            at++;
        }
        return at;
    }

    /**
     * The stream split in two at every byte boundary, 1 .. length-1 (each 5-byte header, each
     * payload, every byte of the 70,000-byte row) decodes to the same frames.
     */
    @Test
    void framesSplitAtEveryByteDecodeTheSame() {
        byte[] s = stream(70_000);
        InBuf whole = new InBuf(64, 1 << 20);
        whole.append(s, 0, s.length);
        List<Frame> expected = decode(whole);
        assertEquals(12, expected.size());
        assertEquals('S', expected.get(0).type());
        assertEquals('Z', expected.get(expected.size() - 1).type());
        char[] types = new char[expected.size()];
        byte[][] payloads = new byte[expected.size()][];
        for (int i = 0; i < types.length; i++) {
            types[i] = expected.get(i).type();
            payloads[i] = HexFormat.of().parseHex(expected.get(i).hex());
        }
        for (int cut = 1; cut < s.length; cut++) {
            InBuf in = new InBuf(64, 1 << 20);
            in.append(s, 0, cut);
            int n = decodeInto(in, types, payloads, 0, cut);
            in.append(s, cut, s.length - cut);
            n = decodeInto(in, types, payloads, n, cut);
            assertEquals(types.length, n, "split at byte " + cut + ": frames decoded");
            assertEquals(0, in.buffered(), "split at byte " + cut + ": bytes left over");
        }
    }

    @Test
    void byteByByteDelivery() {
        byte[] s = stream();
        InBuf in = new InBuf(64, 1 << 20);
        List<Frame> got = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            in.append(s, i, 1);
            got.addAll(decode(in));
        }
        InBuf whole = new InBuf(64, 1 << 20);
        whole.append(s, 0, s.length);
        assertEquals(decode(whole), got);
    }

    @Test
    void unknownTypeIsRefused() {
        InBuf in = new InBuf(64, 1 << 20);
        in.append(new byte[] {'?', 0, 0, 0, 4}, 0, 5);
        OperationalException e = assertThrows(OperationalException.class, in::next);
        assertTrue(e.getMessage().contains("unexpected message type"), e.getMessage());
    }

    @Test
    void lengthBelowFourIsRefused() {
        InBuf in = new InBuf(64, 1 << 20);
        in.append(new byte[] {'Z', 0, 0, 0, 3}, 0, 5);
        assertThrows(OperationalException.class, in::next);
        InBuf neg = new InBuf(64, 1 << 20);
        neg.append(new byte[] {'D', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0}, 0, 5);
        assertThrows(OperationalException.class, neg::next);
    }

    @Test
    void oversizedFrameIsRefusedBeforeAnyAllocation() {
        InBuf in = new InBuf(64, 1 << 20);
        in.append(new byte[] {'D', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0, 5);
        OperationalException e = assertThrows(OperationalException.class, in::next);
        assertTrue(e.getMessage().contains("invalid length"), e.getMessage());
    }

    @Test
    void incompleteFrameWaitsAndReadsPastTheEndAreMalformed() {
        InBuf in = new InBuf(64, 1 << 20);
        in.append(new byte[] {'C', 0, 0, 0, 10, 'a', 'b'}, 0, 7);
        assertFalse(in.next());
        in.append(new byte[] {'c', 'd', 'e', 'f'}, 0, 4);
        assertTrue(in.next());
        // no NUL terminator inside the frame
        assertThrows(OperationalException.class, in::cstring);
        InBuf short4 = new InBuf(64, 1 << 20);
        short4.append(new byte[] {'K', 0, 0, 0, 6, 1, 2}, 0, 7);
        assertTrue(short4.next());
        assertThrows(OperationalException.class, short4::i32);
    }

    @Test
    void outBufEncodesLengths() {
        OutBuf o = new OutBuf(8);
        o.query("SELECT 1".getBytes(StandardCharsets.UTF_8));
        o.sync();
        var b = o.pending();
        byte[] got = new byte[b.remaining()];
        b.get(got);
        assertEquals('Q', got[0]);
        assertEquals(4 + 8 + 1, got[4]);
        assertEquals('S', got[14]);
        assertEquals(4, got[18]);
        assertEquals(19, got.length);
    }
}
