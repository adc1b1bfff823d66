package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.cast.Oid;
import dev.greenwire.cast.TypeCaster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactoryAndRegistryTest extends PgTest {

    /** psycopg2's LoggingCursor, keeping what it logs. */
    static final class LoggingCursor extends Cursor {
        static final List<String> LOG = new ArrayList<>();

        LoggingCursor(Cursor.Init init) {
            super(init);
        }

        @Override
        public Cursor execute(String sql, Object... args) {
            LOG.add(new String(mogrify(sql, args), StandardCharsets.UTF_8));
            try {
                return super.execute(sql, args);
            } catch (RuntimeException e) {
                LOG.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                throw e;
            }
        }
    }

    /** A connection subclass that hands out logging cursors and counts commits. */
    static final class CountingConnection extends Connection {
        int commits;

        CountingConnection(Connection.Init init) {
            super(init);
        }

        @Override
        public Cursor cursor() {
            return cursor(LoggingCursor::new);
        }

        @Override
        public void commit() {
            commits++;
            super.commit();
        }
    }

    @Test
    void cursorFactoryPerCallAndPerConnection() {
        LoggingCursor.LOG.clear();
        try (Connection c = connect()) {
            LoggingCursor cur = c.cursor(LoggingCursor::new);
            cur.execute("SELECT %s, %s", 10, "x");
            assertEquals("SELECT 10, 'x'", LoggingCursor.LOG.get(0));
        }
        try (Connection c = connect(ConnectOptions.builder().cursorFactory(LoggingCursor::new).build())) {
            Cursor cur = c.cursor();
            assertInstanceOf(LoggingCursor.class, cur);
            assertThrows(ProgrammingException.class, () -> cur.execute("SELECT %s FROM nowhere_gw", 1));
            assertEquals("ProgrammingException: ERROR:  relation \"nowhere_gw\" does not exist",
                    LoggingCursor.LOG.get(2).lines().findFirst().orElseThrow());
        }
    }

    @Test
    void connectionFactoryAsArgumentAndOption() {
        try (CountingConnection c = Pg.connect(dsn(), CountingConnection::new)) {
            c.cursor().execute("SELECT 1");
            c.commit();
            assertEquals(1, c.commits);
            assertInstanceOf(LoggingCursor.class, c.cursor());
        }
        try (Connection c = Pg.connect(dsn(), ConnectOptions.builder().connectionFactory(CountingConnection::new).build())) {
            assertInstanceOf(CountingConnection.class, c);
        }
    }

    @Test
    void typecasterScopesCursorBeatsConnectionBeatsGlobal() {
        TypeCaster global = Extensions.newType(new int[] {Oid.INT4}, "G", (v, cur) -> v == null ? null : "global:" + v);
        TypeCaster perConn = Extensions.newType(new int[] {Oid.INT4}, "C", (v, cur) -> v == null ? null : "conn:" + v);
        TypeCaster perCursor = Extensions.newType(new int[] {Oid.INT4}, "K", (v, cur) -> v == null ? null : "cursor:" + v);
        Extensions.registerType(global);
        try (Connection c = connect(); Connection other = connect()) {
            Cursor a = c.cursor();
            assertEquals("global:1", a.execute("SELECT 1").fetchOne().get(0));
            Extensions.registerType(perConn, c);
            assertEquals("conn:1", a.execute("SELECT 1").fetchOne().get(0));
            assertEquals("global:1", other.cursor().execute("SELECT 1").fetchOne().get(0));
            Cursor b = c.cursor();
            Extensions.registerType(perCursor, b);
            assertEquals("cursor:2", b.execute("SELECT 2").fetchOne().get(0));
            assertEquals("conn:2", a.execute("SELECT 2").fetchOne().get(0));
            assertEquals("cursor:5", b.cast(Oid.INT4, "5"));
            assertEquals(5L, b.cast(Oid.INT8, "5"));
        } finally {
            Extensions.unregisterType(global);
        }
        try (Connection c = connect()) {
            assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0));
        }
    }

    @Test
    void aThrowingCasterIsADataErrorNamingTheColumn() {
        TypeCaster bad = Extensions.newType(new int[] {Oid.INT4}, "BAD", (v, cur) -> {
            throw new IllegalArgumentException("nope");
        });
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            Extensions.registerType(bad, cur);
            Row r = cur.execute("SELECT 1 AS answer").fetchOne();
            DataException e = assertThrows(DataException.class, () -> r.get(0));
            assertTrue(e.getMessage().contains("answer") && e.getMessage().contains("BAD"), e.getMessage());
        }
    }

    @Test
    void adaptersRegisteredByClassAndInterface() {
        record Money(long cents) { }
        Extensions.registerAdapter(Money.class, m -> new dev.greenwire.adapt.AsIs(m.cents() / 100 + "." + m.cents() % 100));
        try (Connection c = connect()) {
            assertEquals(new java.math.BigDecimal("12.34"),
                    c.cursor().execute("SELECT %s::numeric", new Money(1234)).fetchOne().get(0));
        } finally {
            Extensions.unregisterAdapter(Money.class);
        }
        ProgrammingException e = assertThrows(ProgrammingException.class, () -> Extensions.adapt(new Money(1)));
        assertEquals("can't adapt type 'Money'", e.getMessage());
        assertEquals("\"my \"\"table\"\"\"", Extensions.quoteIdent("my \"table\"", null));
    }

    @Test
    void noticesAndNotifies() {
        try (Connection c = connect(); Connection sender = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            cur.execute("DROP TABLE IF EXISTS surely_absent_gw");
            assertEquals("NOTICE:  table \"surely_absent_gw\" does not exist, skipping", c.notices().iterator().next());
            for (int i = 0; i < 60; i++) {
                cur.execute("DO $$ BEGIN RAISE NOTICE 'n%', " + i + "; END $$");
            }
            assertEquals(50, c.notices().size());
            assertEquals("NOTICE:  n59", new ArrayList<>(c.notices()).get(49));
            List<String> mine = new ArrayList<>();
            c.setNotices(mine);
            cur.execute("DO $$ BEGIN RAISE WARNING 'careful'; END $$");
            assertEquals(List.of("WARNING:  careful"), mine);

            cur.execute("LISTEN chan_gw");
            sender.autocommit(true);
            sender.cursor().execute("NOTIFY chan_gw, 'one'");
            sender.cursor().execute("NOTIFY chan_gw");
            java.util.concurrent.LinkedBlockingQueue<Notify> q = new java.util.concurrent.LinkedBlockingQueue<>();
            c.setNotifies(q);
            List<Notify> got = c.awaitNotifies(java.time.Duration.ofSeconds(10));
            if (got.size() < 2) {
                got = new ArrayList<>(got);
                got.addAll(c.awaitNotifies(java.time.Duration.ofSeconds(10)));
            }
            assertEquals(List.of(new Notify(sender.backendPid(), "chan_gw", "one"),
                    new Notify(sender.backendPid(), "chan_gw", "")), got);
            assertEquals(2, q.size());
            assertEquals(List.of(), c.awaitNotifies(java.time.Duration.ofMillis(30)));
            cur.execute("NOTIFY chan_gw, 'self'");
            assertEquals("self", q.stream().reduce((x, y) -> y).orElseThrow().payload());
        }
    }
}
