package dev.greenwire.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Buffers grown for one large message go back to their first size once it is consumed. */
class BufferShrinkTest {

    @Test
    void theReadBufferShrinksAfterALargeFrame() {
        InBuf in = new InBuf(16384, Integer.MAX_VALUE);
        int body = 5 << 20;
        byte[] frame = new byte[5 + body];
        frame[0] = 'D';
        ByteBuffer.wrap(frame, 1, 4).putInt(4 + body);
        in.append(frame, 0, frame.length);
        assertTrue(in.capacity() >= frame.length, "grown to hold the frame: " + in.capacity());
        assertTrue(in.next());
        assertEquals(body, in.remaining());
        in.writable(); // the next read: the buffer is empty now
        assertEquals(16384, in.capacity(), "back to its first size");
        byte[] small = {'Z', 0, 0, 0, 5, 'I'};
        in.append(small, 0, small.length);
        assertTrue(in.next());
        assertEquals('Z', in.type());
    }

    @Test
    void aModeratelyGrownReadBufferIsKept() {
        InBuf in = new InBuf(16384, Integer.MAX_VALUE);
        byte[] frame = new byte[5 + 200_000];
        frame[0] = 'D';
        ByteBuffer.wrap(frame, 1, 4).putInt(4 + 200_000);
        in.append(frame, 0, frame.length);
        assertTrue(in.next());
        in.writable();
        assertTrue(in.capacity() > 16384, "under the threshold the grown buffer is reused");
    }

    @Test
    void theWriteBufferShrinksOnceFlushed() {
        OutBuf out = new OutBuf(8192);
        byte[] big = new byte[3 << 20];
        out.copyData(big, 0, big.length);
        assertTrue(out.capacity() >= big.length);
        out.consumed(out.pendingBytes());
        assertEquals(8192, out.capacity(), "back to its first size");
        out.copyDone();
        assertEquals(5, out.pendingBytes());
    }
}
