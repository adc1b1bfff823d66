package dev.greenwire.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.ProgrammingException;
import dev.greenwire.Row;
import dev.greenwire.testing.TestServer;
import org.junit.jupiter.api.Test;

class ReplicationTest {
    private static String dsn() {
        return TestServer.get().dsn();
    }

    @Test
    void identifySystemOnBothKinds() {
        try (LogicalReplicationConnection logical = Pg.connect(dsn(), LogicalReplicationConnection::new);
             PhysicalReplicationConnection physical = Pg.connect(dsn(), PhysicalReplicationConnection::new)) {
            for (ReplicationConnectionBase c : new ReplicationConnectionBase[] {logical, physical}) {
                assertTrue(c.autocommit());
                Row r = c.cursor().execute("IDENTIFY_SYSTEM").fetchOne();
                assertEquals(4, r.size());
                assertTrue(((String) r.get("systemid")).matches("\\d+"));
                Lsn pos = Lsn.parse((String) r.get("xlogpos"));
                assertTrue(pos.value() > 0);
            }
            assertEquals(TestServer.get().database(), logical.cursor().execute("IDENTIFY_SYSTEM").fetchOne().get("dbname"));
        }
    }

    @Test
    void slotsAreCreatedDroppedAndDuplicatesRefused() {
        try (LogicalReplicationConnection c = Pg.connect(dsn(), LogicalReplicationConnection::new)) {
            ReplicationCursor cur = c.cursor();
            cur.createReplicationSlot("gw_slot_a", null, "test_decoding");
            Row r = cur.fetchOne();
            assertEquals("gw_slot_a", r.get(0));
            assertEquals("test_decoding", r.get(3));
            ProgrammingException dup = assertThrows(ProgrammingException.class,
                    () -> cur.createReplicationSlot("gw_slot_a", SlotType.LOGICAL, "test_decoding"));
            assertEquals("42710", dup.pgcode());
            assertThrows(ProgrammingException.class, () -> cur.createReplicationSlot("gw_x", SlotType.LOGICAL, null));
            assertThrows(ProgrammingException.class, () -> cur.createReplicationSlot("gw_x", SlotType.PHYSICAL, "p"));
            cur.createReplicationSlot("gw_slot_tmp", SlotType.LOGICAL, "test_decoding", true);
            cur.dropReplicationSlot("gw_slot_a");
            ProgrammingException missing = assertThrows(ProgrammingException.class,
                    () -> cur.dropReplicationSlot("gw_slot_a"));
            assertEquals("42704", missing.pgcode());
        }
        try (Connection plain = Pg.connect(dsn())) {
            assertEquals(0L, plain.cursor().execute(
                    "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'gw_slot_%%'", new Object[0])
                    .fetchOne().get(0), "the temporary slot went with its connection");
        }
        try (PhysicalReplicationConnection p = Pg.connect(dsn(), PhysicalReplicationConnection::new)) {
            p.cursor().createReplicationSlot("gw_phys", null, null);
            assertThrows(ProgrammingException.class,
                    () -> p.cursor().createReplicationSlot("gw_l", SlotType.LOGICAL, "test_decoding"));
            p.cursor().dropReplicationSlot("gw_phys");
        }
    }

    @Test
    void whatMakesNoSenseIsRefused() {
        try (LogicalReplicationConnection c = Pg.connect(dsn(), LogicalReplicationConnection::new)) {
            assertThrows(ProgrammingException.class, () -> c.autocommit(false));
            assertThrows(ProgrammingException.class, () -> c.cursor("named"));
            assertThrows(ProgrammingException.class, c::lobject);
            assertThrows(ProgrammingException.class, c::reset);
            assertThrows(ProgrammingException.class,
                    () -> c.setSession(dev.greenwire.IsolationLevel.SERIALIZABLE, null, null, null));
            c.commit();
            assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0), "SQL works on logical connections");
        }
    }

    @Test
    void lsnParsesAndPrints() {
        assertEquals("16/B374D848", Lsn.parse("16/B374D848").toString());
        assertEquals((0x16L << 32) | 0xB374D848L, Lsn.parse("16/b374d848").value());
        assertEquals("0/0", Lsn.ZERO.toString());
        assertTrue(Lsn.parse("1/0").compareTo(Lsn.parse("0/FFFFFFFF")) > 0);
        assertThrows(IllegalArgumentException.class, () -> Lsn.parse("16-B374"));
        assertThrows(IllegalArgumentException.class, () -> Lsn.parse("/1"));
    }
}
