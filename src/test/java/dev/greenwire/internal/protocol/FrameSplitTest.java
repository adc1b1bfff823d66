package dev.greenwire.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.OperationalException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    /** A realistic stream: parameter status, a row description, rows, a notification, a big row, RFQ. */
    private static byte[] stream() {
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
        byte[] big = new byte[70_000];
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

    @Test
    void framesSplitAtEveryByteDecodeTheSame() {
        byte[] s = stream();
        InBuf whole = new InBuf(64, 1 << 20);
        whole.append(s, 0, s.length);
        List<Frame> expected = decode(whole);
        assertEquals(12, expected.size());
        assertEquals('S', expected.get(0).type());
        assertEquals('Z', expected.get(expected.size() - 1).type());
        for (int cut = 1; cut < s.length; cut += (cut < 400 || cut > s.length - 400) ? 1 : 97) {
            InBuf in = new InBuf(64, 1 << 20);
            List<Frame> got = new ArrayList<>();
            in.append(s, 0, cut);
            got.addAll(decode(in));
            in.append(s, cut, s.length - cut);
            got.addAll(decode(in));
            assertEquals(expected, got, "split at byte " + cut);
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
