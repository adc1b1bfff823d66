package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.extras.Waits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LargeObjectTest extends PgTest {

    private static Connection open(boolean callback, AtomicInteger waits) {
        return callback ? connect(ConnectOptions.builder().waitCallback(c -> {
            waits.incrementAndGet();
            Waits.waitSelect(c);
        }).build()) : connect();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void writeReadSeekTellTruncateUnlink(boolean callback) {
        AtomicInteger waits = new AtomicInteger();
        try (Connection c = open(callback, waits)) {
            byte[] data = new byte[700_000];
            new Random(7).nextBytes(data);
            LargeObject lo = c.lobject();
            long oid = lo.oid();
            assertTrue(oid > 0);
            assertEquals(data.length, lo.write(data));
            assertEquals(data.length, lo.tell());
            assertEquals(0, lo.seek(0, LargeObject.SEEK_SET));
            assertArrayEquals(java.util.Arrays.copyOf(data, 10), lo.read(10));
            assertEquals(10, lo.tell());
            assertEquals(data.length - 5, lo.seek(-5, LargeObject.SEEK_END));
            assertArrayEquals(java.util.Arrays.copyOfRange(data, data.length - 5, data.length), lo.read(-1));
            lo.seek(0, LargeObject.SEEK_SET);
            assertArrayEquals(data, lo.read(-1));
            lo.truncate(100);
            assertEquals(100, lo.seek(0, LargeObject.SEEK_END));
            long big = 3L << 30;
            assertEquals(big, lo.seek(big, LargeObject.SEEK_SET), "64-bit offsets");
            lo.write(new byte[] {42});
            assertEquals(big + 1, lo.tell());
            lo.close();
            assertTrue(lo.isClosed());
            assertThrows(InterfaceException.class, () -> lo.read(1));
            c.commit();

            LargeObject again = c.lobject(oid, "rb");
            again.seek(big, LargeObject.SEEK_SET);
            assertArrayEquals(new byte[] {42}, again.read(5));
            ProgrammingException ro = assertThrows(ProgrammingException.class, () -> again.write(new byte[1]));
            assertEquals("the large object was opened read-only (mode 'rb')", ro.getMessage());
            c.rollback();
            c.lobject(oid, "n").unlink();
            c.commit();
            assertThrows(DatabaseException.class, () -> c.lobject(oid, "r"));
            c.rollback();
        }
        if (callback) {
            assertTrue(waits.get() > 10, "large object calls did not wait through the callback");
        }
    }

    @Test
    void textModeAndFiles(@TempDir Path dir) throws IOException {
        try (Connection c = connect()) {
            LargeObject lo = c.lobject(0, "wt");
            lo.write("héllo wörld ✓");
            lo.seek(0, LargeObject.SEEK_SET);
            lo.close();
            LargeObject r = c.lobject(lo.oid(), "rt");
            assertEquals("héllo wörld ✓", r.readText(-1));
            Path out = dir.resolve("lo.bin");
            r.export(out);
            assertEquals("héllo wörld ✓", Files.readString(out, StandardCharsets.UTF_8));
            Path in = dir.resolve("in.bin");
            byte[] payload = new byte[600_000];
            new Random(3).nextBytes(payload);
            Files.write(in, payload);
            LargeObject imported = c.lobjectImport(in);
            assertArrayEquals(payload, imported.read(-1));
            c.commit();
            assertThrows(ProgrammingException.class, () -> r.read(1), "usable after its transaction ended");
        }
    }

    @Test
    void misuseGivesClearErrors() {
        try (Connection c = connect()) {
            c.autocommit(true);
            ProgrammingException e = assertThrows(ProgrammingException.class, c::lobject);
            assertEquals("can't use a lobject outside of transactions", e.getMessage());
            c.autocommit(false);
            assertThrows(ProgrammingException.class, () -> c.lobject(0, "rwx"));
            assertThrows(ProgrammingException.class, () -> c.lobject(0, "bt"));
            LargeObject n = c.lobject(0, "n");
            assertThrows(ProgrammingException.class, () -> n.read(1));
            c.rollback();
        }
    }

    @Test
    void asyncConnectionsUseLargeObjectsInsideAnExplicitTransaction() throws IOException {
        try (Connection c = Pg.connect(dsn(), ConnectOptions.builder().async(true).build())) {
            AsyncTest.waitFor(c);
            assertThrows(ProgrammingException.class, c::lobject);
            c.cursor().execute("BEGIN");
            AsyncTest.waitFor(c);
            LargeObject lo = c.lobject();
            lo.write("async".getBytes(StandardCharsets.US_ASCII));
            lo.seek(0, LargeObject.SEEK_SET);
            assertEquals("async", new String(lo.read(-1), StandardCharsets.US_ASCII));
            c.cursor().execute("ROLLBACK");
            AsyncTest.waitFor(c);
        }
    }
}
