package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransactionTest extends PgTest {

    @BeforeAll
    static void table() {
        exec("DROP TABLE IF EXISTS tx_t", "CREATE TABLE tx_t (id int PRIMARY KEY, v text)");
    }

    private static long count(String where) {
        return (Long) scalar("SELECT count(*) FROM tx_t WHERE " + where);
    }

    @Test
    void firstStatementOpensATransactionThatCommitEnds() {
        try (Connection c = connect()) {
            assertFalse(c.autocommit());
            assertEquals(TransactionStatus.IDLE, c.transactionStatus());
            c.cursor().execute("INSERT INTO tx_t VALUES (1, 'a')");
            assertEquals(TransactionStatus.INTRANS, c.transactionStatus());
            assertEquals(0, count("id = 1"), "visible before commit");
            c.commit();
            assertEquals(TransactionStatus.IDLE, c.transactionStatus());
            assertEquals(1, count("id = 1"));
            c.commit();
            c.rollback();
        }
    }

    @Test
    void rollbackDiscards() {
        try (Connection c = connect()) {
            c.cursor().execute("INSERT INTO tx_t VALUES (2, 'b')");
            c.rollback();
            assertEquals(0, count("id = 2"));
        }
    }

    @Test
    void failedStatementLeavesAnAbortedTransactionUntilRollback() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            assertThrows(ProgrammingException.class, () -> cur.execute("SELECT * FROM no_such_table_gw"));
            assertEquals(TransactionStatus.INERROR, c.transactionStatus());
            InternalDatabaseException e = assertThrows(InternalDatabaseException.class, () -> cur.execute("SELECT 1"));
            assertEquals("25P02", e.pgcode());
            c.rollback();
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0));
        }
    }

    @Test
    void autocommitCommitsEachStatement() {
        try (Connection c = connect()) {
            c.autocommit(true);
            assertTrue(c.autocommit());
            c.cursor().execute("INSERT INTO tx_t VALUES (3, 'c')");
            assertEquals(TransactionStatus.IDLE, c.transactionStatus());
            assertEquals(1, count("id = 3"));
            c.autocommit(false);
            c.cursor().execute("SELECT 1");
            ProgrammingException e = assertThrows(ProgrammingException.class, () -> c.autocommit(true));
            assertEquals("set_session cannot be used inside a transaction", e.getMessage());
        }
    }

    @Test
    void isolationLevelsAndCharacteristics() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            for (IsolationLevel level : IsolationLevel.values()) {
                c.setSession(level, null, null, null);
                assertEquals(level, c.isolationLevel());
                String shown = (String) cur.execute("SHOW transaction_isolation").fetchOne().get(0);
                String expected = level == IsolationLevel.DEFAULT ? "read committed" : level.sql().toLowerCase();
                assertEquals(expected, shown, level.name());
                c.rollback();
            }
            c.setSession(IsolationLevel.SERIALIZABLE, true, true, null);
            assertEquals("on", cur.execute("SHOW transaction_read_only").fetchOne().get(0));
            assertEquals("on", cur.execute("SHOW transaction_deferrable").fetchOne().get(0));
            InternalDatabaseException ro = assertThrows(InternalDatabaseException.class,
                    () -> cur.execute("INSERT INTO tx_t VALUES (4, 'd')"));
            assertEquals("25006", ro.pgcode());
            c.rollback();
            c.setSession(IsolationLevel.REPEATABLE_READ, false, false, true);
            assertTrue(c.autocommit());
            assertEquals("repeatable read", cur.execute("SHOW default_transaction_isolation").fetchOne().get(0));
            assertEquals("off", cur.execute("SHOW default_transaction_read_only").fetchOne().get(0));
            c.reset();
            assertFalse(c.autocommit());
            assertEquals(IsolationLevel.DEFAULT, c.isolationLevel());
            assertNull(c.readOnly());
            assertEquals("read committed", cur.execute("SHOW default_transaction_isolation").fetchOne().get(0));
        }
    }

    @Test
    void resetRollsBackAndRestoresSettings() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("SET search_path TO pg_catalog");
            cur.execute("INSERT INTO public.tx_t VALUES (5, 'e')");
            c.reset();
            assertEquals(TransactionStatus.IDLE, c.transactionStatus());
            assertEquals(0, count("id = 5"));
            assertEquals("\"$user\", public", cur.execute("SHOW search_path").fetchOne().get(0));
        }
    }

    @Test
    void setClientEncoding() {
        try (Connection c = connect()) {
            c.setClientEncoding("latin1");
            assertEquals("LATIN1", c.encoding());
            Cursor cur = c.cursor();
            assertEquals("café", cur.execute("SELECT %s", "café").fetchOne().get(0));
            assertThrows(DataException.class, () -> cur.execute("SELECT %s", "✓"));
            c.setClientEncoding("UTF8");
            assertEquals("✓", cur.execute("SELECT %s", "✓").fetchOne().get(0));
        }
    }
}
