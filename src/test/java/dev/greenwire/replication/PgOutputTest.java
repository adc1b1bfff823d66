package dev.greenwire.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.Row;
import dev.greenwire.replication.pgoutput.PgOutputDecoder;
import dev.greenwire.replication.pgoutput.PgOutputMessage;
import dev.greenwire.testing.TestServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class PgOutputTest {
    private static String dsn() {
        return TestServer.get().dsn();
    }

    private static void sql(String... statements) {
        try (Connection c = Pg.connect(dsn())) {
            c.autocommit(true);
            for (String s : statements) {
                c.cursor().execute(s);
            }
        }
    }

    @Test
    void decodesEveryKindOfChangeWithTypedValues() {
        sql("DROP TABLE IF EXISTS po_t", "CREATE TABLE po_t (id int PRIMARY KEY, price numeric(8,2), note text)",
                "ALTER TABLE po_t REPLICA IDENTITY FULL",
                "DROP PUBLICATION IF EXISTS po_pub", "CREATE PUBLICATION po_pub FOR TABLE po_t");
        try (LogicalReplicationConnection c = Pg.connect(dsn(), LogicalReplicationConnection::new)) {
            ReplicationCursor cur = c.cursor();
            cur.createReplicationSlot("gw_po", SlotType.LOGICAL, "pgoutput", true);
            cur.startReplication("gw_po", SlotType.LOGICAL, Lsn.ZERO, 0,
                    Map.of("proto_version", "1", "publication_names", "po_pub", "messages", "true"), false,
                    Duration.ofSeconds(1));
            sql("INSERT INTO po_t VALUES (1, 9.99, 'first'), (2, NULL, 'second')",
                    "UPDATE po_t SET note = 'changed' WHERE id = 1",
                    "DELETE FROM po_t WHERE id = 2",
                    "TRUNCATE po_t",
                    "SELECT pg_logical_emit_message(true, 'gw', 'hello')");
            PgOutputDecoder dec = new PgOutputDecoder(c.cursor());
            List<PgOutputMessage> got = new ArrayList<>();
            assertThrows(StopReplication.class, () -> cur.consumeStream(m -> {
                PgOutputMessage d = dec.decode(m);
                got.add(d);
                cur.sendFeedback(m.dataStart(), m.dataStart(), m.dataStart(), false, false);
                if (d instanceof PgOutputMessage.Message) {
                    throw new StopReplication();
                }
            }, Duration.ofSeconds(1)));
            // pgoutput sends a Relation before the first change to a table in the session and again
            // whenever its cache entry of the table was invalidated (a TRUNCATE does it; so can other
            // catalog activity, between any two changes): the Relations are checked apart
            assertEquals("Relation", got.get(1).getClass().getSimpleName(), "a Relation before the first change");
            for (PgOutputMessage m : got) {
                if (m instanceof PgOutputMessage.Relation r) {
                    assertEquals("po_t", r.name());
                }
            }
            List<PgOutputMessage> changes = got.stream().filter(m -> !(m instanceof PgOutputMessage.Relation)).toList();
            List<String> kinds = changes.stream().map(x -> x.getClass().getSimpleName()).toList();
            assertEquals(List.of("Begin", "Insert", "Insert", "Commit", "Begin", "Update", "Commit",
                    "Begin", "Delete", "Commit", "Begin", "Truncate", "Commit", "Begin", "Message"), kinds);
            PgOutputMessage.Insert first = (PgOutputMessage.Insert) changes.get(1);
            assertEquals("po_t", first.relation().name());
            assertEquals(List.of(1, new BigDecimal("9.99"), "first"), first.newTuple().values());
            assertEquals(java.util.Arrays.asList(2, null, "second"), ((PgOutputMessage.Insert) changes.get(2)).newTuple().values());
            PgOutputMessage.Update upd = (PgOutputMessage.Update) changes.get(5);
            assertEquals(List.of(1, new BigDecimal("9.99"), "first"), upd.oldTuple().values());
            assertEquals(List.of(1, new BigDecimal("9.99"), "changed"), upd.newTuple().values());
            assertEquals(2, ((PgOutputMessage.Delete) changes.get(8)).oldTuple().values().get(0));
            assertEquals("po_t", ((PgOutputMessage.Truncate) changes.get(11)).relations().get(0).name());
            PgOutputMessage.Message msg = assertInstanceOf(PgOutputMessage.Message.class, changes.get(14));
            assertEquals("gw", msg.prefix());
            assertEquals("hello", new String(msg.content(), StandardCharsets.UTF_8));
            PgOutputMessage.Begin b = (PgOutputMessage.Begin) changes.get(0);
            PgOutputMessage.Commit cm = (PgOutputMessage.Commit) changes.get(3);
            assertEquals(b.finalLsn(), cm.commitLsn());
        }
    }

    /**
     * No data lost: a writer commits 50,000 rows in small transactions while a consumer streams
     * pgoutput, confirms the flush position after each commit it processed, and is stopped and
     * restarted three times at random points; what it processed holds every committed row.
     */
    @Test
    void noCommittedRowIsLostAcrossRestarts() throws Exception {
        int rows = 50_000;
        sql("DROP TABLE IF EXISTS po_load", "CREATE TABLE po_load (id int PRIMARY KEY)",
                "DROP PUBLICATION IF EXISTS po_load_pub", "CREATE PUBLICATION po_load_pub FOR TABLE po_load",
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'gw_load'");
        try (LogicalReplicationConnection c = Pg.connect(dsn(), LogicalReplicationConnection::new)) {
            c.cursor().createReplicationSlot("gw_load", SlotType.LOGICAL, "pgoutput");
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicReference<Throwable> writerFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try (Connection w = Pg.connect(dsn())) {
                for (int from = 0; from < rows; from += 50) {
                    w.cursor().execute("INSERT INTO po_load SELECT g FROM generate_series(%s, %s) g", from, from + 49);
                    w.commit();
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            } finally {
                writing.set(false);
            }
        });
        BitSet seen = new BitSet(rows);
        Random rnd = new Random(2026);
        int restarts = 0;
        AtomicInteger processed = new AtomicInteger();
        Lsn[] confirmed = {Lsn.ZERO};
        List<String> redelivered = new ArrayList<>();
        // each committed transaction must decode to exactly what the writer inserted in it:
        // Begin, 50 Inserts of consecutive ids from a multiple of 50, in order, Commit
        List<Integer> inTransaction = new ArrayList<>();
        List<String> wrongTransactions = new ArrayList<>();
        int[] transactions = {0};
        while (seen.cardinality() < rows) {
            int stopAfter = restarts < 3 ? 2_000 + rnd.nextInt(10_000) : Integer.MAX_VALUE;
            try (LogicalReplicationConnection c = Pg.connect(dsn(), LogicalReplicationConnection::new)) {
                ReplicationCursor cur = c.cursor();
                cur.startReplication("gw_load", SlotType.LOGICAL, Lsn.ZERO, 0,
                        Map.of("proto_version", "1", "publication_names", "po_load_pub"), false, Duration.ofMillis(500));
                PgOutputDecoder dec = new PgOutputDecoder(c.cursor());
                int[] sinceStart = {0};
                assertThrows(StopReplication.class, () -> cur.consumeStream(m -> {
                    PgOutputMessage d = dec.decode(m);
                    if (d instanceof PgOutputMessage.Begin begin) {
                        if (begin.finalLsn().compareTo(confirmed[0]) <= 0) {
                            redelivered.add(begin.finalLsn() + " <= " + confirmed[0]);
                        }
                        inTransaction.clear();
                    }
                    if (d instanceof PgOutputMessage.Insert ins) {
                        assertEquals("po_load", ins.relation().name());
                        int id = (Integer) ins.newTuple().values().get(0);
                        inTransaction.add(id);
                        seen.set(id);
                        processed.incrementAndGet();
                        sinceStart[0]++;
                    } else if (d instanceof PgOutputMessage.Commit cm) {
                        transactions[0]++;
                        int first = inTransaction.isEmpty() ? -1 : inTransaction.get(0);
                        List<Integer> want = new ArrayList<>();
                        for (int k = 0; k < 50 && first >= 0; k++) {
                            want.add(first + k);
                        }
                        if (first < 0 || first % 50 != 0 || !inTransaction.equals(want)) {
                            wrongTransactions.add("commit " + cm.commitLsn() + ": " + inTransaction);
                        }
                        // everything up to this commit is processed: confirm it
                        cur.sendFeedback(cm.endLsn(), cm.endLsn(), cm.endLsn(), false, false);
                        confirmed[0] = cm.commitLsn();
                        if (sinceStart[0] >= stopAfter || seen.cardinality() == rows) {
                            cur.sendFeedback(cm.endLsn(), cm.endLsn(), cm.endLsn(), false, true);
                            throw new StopReplication();
                        }
                    }
                }, Duration.ofMillis(500)));
            }
            restarts++;
            assertTrue(restarts < 50, "no progress");
        }
        assertTrue(writer.join(Duration.ofSeconds(120)), "the writer did not end");
        if (writerFailure.get() != null) {
            throw new AssertionError("the writer failed", writerFailure.get());
        }
        // the loop ran until `rows` distinct ids were seen: they must be exactly 0 .. rows-1
        // (an id decoded wrongly would count as one and leave a committed row unseen)
        BitSet all = new BitSet(rows);
        all.set(0, rows);
        BitSet missing = (BitSet) all.clone();
        missing.andNot(seen);
        BitSet unexpected = (BitSet) seen.clone();
        unexpected.andNot(all);
        assertTrue(missing.isEmpty() && unexpected.isEmpty(), "committed rows never decoded: " + missing
                + "; decoded ids the writer never inserted: " + unexpected);
        try (Connection check = Pg.connect(dsn())) {
            Row r = check.cursor().execute("SELECT count(*), min(id), max(id) FROM po_load").fetchOne();
            assertEquals(List.of((long) rows, 0, rows - 1), List.of(r.get(0), r.get(1), r.get(2)),
                    "the table holds what the writer committed");
        }
        assertEquals(List.of(), wrongTransactions, "transactions that did not decode to the writer's 50 rows");
        assertTrue(transactions[0] >= rows / 50, "commits decoded: " + transactions[0]);
        assertEquals(List.of(), redelivered, "transactions before the confirmed LSN came again");
        assertTrue(restarts >= 4, "restarted " + (restarts - 1) + " times");
        System.out.println("pgoutput no-loss: " + rows + " rows committed, " + processed.get()
                + " inserts processed (duplicates after restarts allowed), " + (restarts - 1) + " restarts");
        sql("SELECT pg_drop_replication_slot('gw_load')");
    }
}
