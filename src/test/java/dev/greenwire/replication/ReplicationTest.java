package dev.greenwire.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void logicalStreamWithFeedbackAndStopReplication(boolean countingCallback) {
        java.util.concurrent.atomic.AtomicInteger waits = new java.util.concurrent.atomic.AtomicInteger();
        try (Connection setup = Pg.connect(dsn())) {
            setup.autocommit(true);
            setup.cursor().execute("DROP TABLE IF EXISTS repl_t");
            setup.cursor().execute("CREATE TABLE repl_t (id int PRIMARY KEY, v text)");
        }
        dev.greenwire.ConnectOptions.Builder opts = dev.greenwire.ConnectOptions.builder()
                .connectionFactory(LogicalReplicationConnection::new);
        if (countingCallback) {
            opts.waitCallback(conn -> {
                waits.incrementAndGet();
                dev.greenwire.extras.Waits.waitSelect(conn);
            });
        }
        try (LogicalReplicationConnection c = (LogicalReplicationConnection) Pg.connect(dsn(), opts.build());
             Connection writer = Pg.connect(dsn())) {
            ReplicationCursor cur = c.cursor();
            cur.createReplicationSlot("gw_stream", null, "test_decoding", true);
            cur.startReplication("gw_stream", SlotType.LOGICAL, Lsn.ZERO, 0,
                    java.util.Map.of("include-xids", "0"), true, java.time.Duration.ofMillis(200));
            writer.autocommit(true);
            for (int i = 0; i < 20; i++) {
                writer.cursor().execute("INSERT INTO repl_t VALUES (%s, %s)", i, "v" + i);
            }
            java.util.List<String> seen = new java.util.ArrayList<>();
            Lsn[] last = {Lsn.ZERO};
            assertThrows(StopReplication.class, () -> cur.consumeStream(msg -> {
                String p = (String) msg.payload();
                assertTrue(msg.dataStart().compareTo(last[0]) >= 0, "positions go forward");
                last[0] = msg.dataStart();
                if (p.startsWith("table public.repl_t: INSERT")) {
                    seen.add(p);
                }
                msg.cursor().sendFeedback(msg.dataStart(), msg.dataStart(), Lsn.ZERO, false, false);
                if (seen.size() == 20) {
                    throw new StopReplication();
                }
            }, java.time.Duration.ofMillis(200)));
            assertEquals(20, seen.size());
            assertEquals("table public.repl_t: INSERT: id[integer]:19 v[text]:'v19'", seen.get(19));
            assertTrue(cur.walEnd().compareTo(last[0]) >= 0);
            assertTrue(cur.ioTimestamp() != null);
            Row again = c.cursor().execute("IDENTIFY_SYSTEM").fetchOne();
            assertEquals(4, again.size(), "the connection is usable after the stream");
        }
        if (countingCallback) {
            assertTrue(waits.get() > 3, "the stream did not wait through the callback");
        }
    }

    @Test
    void asyncReadMessageLoop() throws Exception {
        try (Connection setup = Pg.connect(dsn())) {
            setup.autocommit(true);
            setup.cursor().execute("CREATE TABLE IF NOT EXISTS repl_async (id int)");
        }
        try (LogicalReplicationConnection c = (LogicalReplicationConnection) Pg.connect(dsn(),
                dev.greenwire.ConnectOptions.builder().async(true).connectionFactory(LogicalReplicationConnection::new)
                        .build());
             Connection writer = Pg.connect(dsn())) {
            dev.greenwire.AsyncSupport.waitFor(c);
            ReplicationCursor cur = c.cursor();
            cur.createReplicationSlot("gw_async", SlotType.LOGICAL, "test_decoding", true);
            dev.greenwire.AsyncSupport.waitFor(c);
            cur.startReplication("gw_async", SlotType.LOGICAL, Lsn.ZERO, 0, null, true, java.time.Duration.ofSeconds(1));
            writer.autocommit(true);
            writer.cursor().execute("INSERT INTO repl_async VALUES (1), (2), (3)");
            int inserts = 0;
            try (java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
                c.channel().register(sel, java.nio.channels.SelectionKey.OP_READ);
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (inserts < 3 && System.nanoTime() < deadline) {
                    ReplicationMessage m = cur.readMessage();
                    if (m == null) {
                        sel.select(500);
                        sel.selectedKeys().clear();
                        continue;
                    }
                    if (((String) m.payload()).contains("repl_async: INSERT")) {
                        inserts++;
                    }
                    java.time.Instant before = cur.feedbackTimestamp();
                    java.util.concurrent.locks.LockSupport.parkNanos(3_000_000);
                    cur.sendFeedback(m.dataStart(), m.dataStart(), m.dataStart(), false, true);
                    java.time.Instant after = cur.feedbackTimestamp();
                    assertTrue(after != null && (before == null || after.isAfter(before)),
                            "forced feedback goes out at once in async mode: " + before + " -> " + after);
                }
            }
            assertEquals(3, inserts);
            cur.readMessage();
            assertTrue(cur.feedbackTimestamp() != null, "feedback was sent");
        }
    }

    @Test
    void forcedFeedbackGoesOutAtOnceFromConsumeStream() {
        try (LogicalReplicationConnection c = Pg.connect(dsn(), LogicalReplicationConnection::new);
             Connection writer = Pg.connect(dsn())) {
            ReplicationCursor cur = c.cursor();
            cur.createReplicationSlot("gw_force", SlotType.LOGICAL, "test_decoding", true);
            cur.startReplication("gw_force", SlotType.LOGICAL, Lsn.ZERO, 0, null, true, java.time.Duration.ofSeconds(30));
            writer.autocommit(true);
            writer.cursor().execute("SELECT pg_logical_emit_message(true, 'gw', 'force')");
            java.util.List<String> seen = new java.util.ArrayList<>();
            boolean[] atOnce = {false};
            assertThrows(StopReplication.class, () -> cur.consumeStream(m -> {
                java.time.Instant before = cur.feedbackTimestamp();
                java.util.concurrent.locks.LockSupport.parkNanos(3_000_000);
                cur.sendFeedback(m.dataStart(), m.dataStart(), Lsn.ZERO, false, true);
                java.time.Instant after = cur.feedbackTimestamp();
                seen.add(before + " -> " + after);
                atOnce[0] = after != null && (before == null || after.isAfter(before));
                throw new StopReplication();
            }, java.time.Duration.ofSeconds(30)));
            assertTrue(atOnce[0], "forced feedback goes out within sendFeedback: " + seen);
        }
    }

    @Test
    void startReplicationArgumentErrors() {
        try (LogicalReplicationConnection c = Pg.connect(dsn(), LogicalReplicationConnection::new)) {
            ReplicationCursor cur = c.cursor();
            assertThrows(ProgrammingException.class, () -> cur.startReplication(null, SlotType.LOGICAL, Lsn.ZERO, 0,
                    null, true, java.time.Duration.ofSeconds(1)));
            assertThrows(ProgrammingException.class, () -> cur.startReplication("s", SlotType.LOGICAL, Lsn.ZERO, 1,
                    null, true, java.time.Duration.ofSeconds(1)));
            assertThrows(ProgrammingException.class, () -> cur.startReplication("s", SlotType.PHYSICAL, Lsn.ZERO, 0,
                    java.util.Map.of("a", "b"), false, java.time.Duration.ofSeconds(1)));
            ProgrammingException missing = assertThrows(ProgrammingException.class,
                    () -> cur.startReplication("no_such_slot_gw", java.util.Map.of()));
            assertEquals("42704", missing.pgcode());
            assertThrows(ProgrammingException.class, cur::readMessage);
        }
    }

    @Test
    void anInterruptedStreamEndsCleanly() throws Exception {
        try (LogicalReplicationConnection c = Pg.connect(dsn(), LogicalReplicationConnection::new)) {
            ReplicationCursor cur = c.cursor();
            cur.createReplicationSlot("gw_interrupt", SlotType.LOGICAL, "test_decoding", true);
            cur.startReplication("gw_interrupt", java.util.Map.of());
            java.util.concurrent.atomic.AtomicReference<Throwable> got = new java.util.concurrent.atomic.AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    cur.consumeStream(m -> { }, java.time.Duration.ofSeconds(1));
                } catch (Throwable e) {
                    got.set(e);
                }
            });
            t.join(300);
            t.interrupt();
            t.join();
            assertInstanceOf(dev.greenwire.QueryCanceledException.class, got.get());
            assertEquals(4, c.cursor().execute("IDENTIFY_SYSTEM").fetchOne().size(), "usable after the stream");
        }
    }

    @Test
    void invalidPluginOptionIsADataError() {
        try (LogicalReplicationConnection c = Pg.connect(dsn(), LogicalReplicationConnection::new)) {
            ReplicationCursor cur = c.cursor();
            cur.createReplicationSlot("gw_badopt", SlotType.LOGICAL, "test_decoding", true);
            dev.greenwire.DataException e = assertThrows(dev.greenwire.DataException.class,
                    () -> cur.startReplication("gw_badopt", java.util.Map.of("no-such-option", "1")));
            assertEquals("22023", e.pgcode());
            assertEquals(4, c.cursor().execute("IDENTIFY_SYSTEM").fetchOne().size(), "usable afterwards");
        }
    }

    /**
     * With a 100 ms status interval and no data at all on the stream for 2 s, status updates
     * still go out: the cursor's feedback timestamp advances, and the server records each
     * update (pg_stat_replication.reply_time of the connection's walsender changes). Only
     * after the measured interval does a message arrive, to end the stream.
     */
    @Test
    void statusUpdatesGoOutEveryIntervalWithoutData() throws Exception {
        try (LogicalReplicationConnection c = Pg.connect(dsn(), LogicalReplicationConnection::new);
             Connection watcher = Pg.connect(dsn())) {
            watcher.autocommit(true);
            ReplicationCursor cur = c.cursor();
            cur.createReplicationSlot("gw_keepalive", SlotType.LOGICAL, "test_decoding", true);
            // skip-empty-xacts: transactions that change no table (ANALYZE…) produce no data either
            cur.startReplication("gw_keepalive", SlotType.LOGICAL, Lsn.ZERO, 0,
                    java.util.Map.of("skip-empty-xacts", "1"), true, java.time.Duration.ofMillis(100));
            java.util.List<String> received = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            java.util.concurrent.atomic.AtomicReference<Throwable> streamFailure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread consumer = Thread.ofPlatform().start(() -> {
                try {
                    cur.consumeStream(m -> {
                        received.add((String) m.payload());
                        if (((String) m.payload()).contains("gw-stop")) {
                            throw new StopReplication();
                        }
                    }, java.time.Duration.ofMillis(100));
                } catch (StopReplication stopped) {
                    // the consumer ended the stream: consumeStream rethrows it, as psycopg2 does
                } catch (Throwable t) {
                    streamFailure.set(t);
                }
            });
            int walsender = c.backendPid();
            java.util.Set<java.time.Instant> feedback = new java.util.LinkedHashSet<>();
            java.util.Set<String> replies = new java.util.LinkedHashSet<>();
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end && consumer.isAlive()) {
                java.time.Instant t = cur.feedbackTimestamp();
                if (t != null) {
                    feedback.add(t);
                }
                Row r = watcher.cursor().execute("SELECT reply_time::text FROM pg_stat_replication WHERE pid = %s",
                        walsender).fetchOne();
                if (r != null && r.get(0) != null) {
                    replies.add((String) r.get(0));
                }
                Thread.sleep(20);
            }
            java.util.List<String> duringInterval = java.util.List.copyOf(received);
            // now, and only now, data: a message that makes the consumer stop
            watcher.cursor().execute("SELECT pg_logical_emit_message(false, 'gw', 'gw-stop')");
            assertTrue(consumer.join(java.time.Duration.ofSeconds(30)), "the stream did not end");
            if (streamFailure.get() != null) {
                throw new AssertionError("the stream failed", streamFailure.get());
            }
            System.out.println("status updates in 2 s without data: " + feedback.size() + " sent, "
                    + replies.size() + " seen by the server");
            assertEquals(java.util.List.of(), duringInterval, "data arrived during the measured interval");
            assertEquals(1, received.size(), "only the stop message: " + received);
            // ~20 intervals of 100 ms: allow for a loaded machine, but several updates must go out
            assertTrue(feedback.size() >= 5, "status updates sent (feedbackTimestamp values): " + feedback);
            assertTrue(replies.size() >= 5, "status updates the server received (reply_time values): " + replies);
        }
    }

    @Test
    void physicalStreamReceivesWal() {
        try (PhysicalReplicationConnection p = Pg.connect(dsn(), PhysicalReplicationConnection::new);
             Connection writer = Pg.connect(dsn())) {
            ReplicationCursor cur = p.cursor();
            cur.createReplicationSlot("gw_phys_stream", null, null, true);
            Lsn start = Lsn.parse((String) p.cursor().execute("IDENTIFY_SYSTEM").fetchOne().get("xlogpos"));
            writer.autocommit(true);
            writer.cursor().execute("CREATE TABLE IF NOT EXISTS phys_t (v text)");
            cur.startReplication("gw_phys_stream", SlotType.PHYSICAL, start, 0, null, false,
                    java.time.Duration.ofMillis(200));
            writer.cursor().execute("INSERT INTO phys_t SELECT repeat('x', 100) FROM generate_series(1, 1000)");
            long[] bytes = {0};
            Lsn[] end = {Lsn.ZERO};
            Lsn[] reported = {Lsn.ZERO};
            try (Connection watcher = Pg.connect(dsn())) {
                watcher.autocommit(true);
                assertThrows(StopReplication.class, () -> cur.consumeStream(m -> {
                    assertInstanceOf(byte[].class, m.payload());
                    bytes[0] += m.dataSize();
                    end[0] = m.walEnd();
                    cur.sendFeedback(m.walEnd(), m.walEnd(), Lsn.ZERO, false, true);
                    Object restart = watcher.cursor().execute("SELECT restart_lsn::text FROM pg_replication_slots"
                            + " WHERE slot_name = 'gw_phys_stream'").fetchOne().get(0);
                    if (restart != null) {
                        reported[0] = Lsn.parse((String) restart);
                    }
                    if (bytes[0] > 100_000 && reported[0].compareTo(start) > 0) {
                        throw new StopReplication();
                    }
                    writer.cursor().execute("INSERT INTO phys_t VALUES ('more')");
                }, java.time.Duration.ofMillis(200)));
            }
            assertTrue(reported[0].compareTo(start) > 0, "the server saw our flush position: " + reported[0]);
            assertTrue(bytes[0] > 100_000, "WAL received: " + bytes[0]);
            assertTrue(end[0].compareTo(start) > 0);
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
