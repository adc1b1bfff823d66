package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A connection that moved one large value does not keep its memory (a pooled connection lives long). */
class BufferMemoryTest extends PgTest {

    @Test
    void buffersGiveMemoryBackAfterALargeValue() {
        try (Connection c = connect()) {
            c.autocommit(true);
            long before = c.engine.bufferCapacity();
            String big = (String) c.cursor().execute("SELECT repeat('x', 16000000)").fetchOne().get(0);
            assertEquals(16_000_000, big.length());
            Object echoed = c.cursor().execute("SELECT length(%s)", big).fetchOne().get(0);
            assertEquals(16_000_000, ((Number) echoed).intValue(), "sent 16 MB back");
            c.cursor().execute("SELECT 1");
            long after = c.engine.bufferCapacity();
            assertTrue(after <= before + (2 << 20), "buffers hold " + after + " bytes after the large value (" + before
                    + " before)");
        }
    }
}
