package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pipeline mode: many statements per round trip, psycopg 3's error semantics. */
class PipelineTest extends PgTest {

    @Test
    void statementsAreSentWithoutWaitingAndResultsArriveAtSync() {
        try (Connection c = connect()) {
            c.autocommit(true);
            c.cursor().execute("CREATE TEMP TABLE p_t (id serial PRIMARY KEY, v int)");
            List<Cursor> cursors = new ArrayList<>();
            try (Pipeline p = c.pipeline()) {
                for (int i = 0; i < 200; i++) {
                    Cursor cur = c.cursor();
                    cur.execute("INSERT INTO p_t (v) VALUES (%s) RETURNING id, v", i);
                    cursors.add(cur);
                }
                assertTrue(c.isExecuting() || !p.isClosed(), "still in the pipeline");
            }
            for (int i = 0; i < 200; i++) {
                assertEquals(List.of(i + 1, i), cursors.get(i).fetchOne().toList());
            }
            assertEquals(200L, c.cursor().execute("SELECT count(*) FROM p_t").fetchOne().get(0));
        }
    }

    @Test
    void fetchingInsideThePipelineSyncsAndServerBindingWorksToo() {
        try (Connection c = connect(ConnectOptions.builder().serverSideBinding(true).prepareThreshold(1).build())) {
            try (Pipeline p = c.pipeline()) {
                Cursor a = c.cursor();
                Cursor b = c.cursor();
                a.execute("SELECT %s::int4 * 2", 21);
                b.execute("SELECT %s::text || '!'", "hi");
                assertEquals(42, a.fetchOne().get(0), "asking for a result ends the block");
                assertEquals("hi!", b.fetchOne().get(0));
                for (int i = 0; i < 5; i++) {
                    a.execute("SELECT %s::int4 * 2", i);
                }
                p.sync();
                assertEquals(8, a.fetchOne().get(0), "a cursor keeps its last statement's result");
            }
            c.commit();
        }
    }

    @Test
    void anErrorAbortsTheRestOfItsBlock() {
        try (Connection c = connect()) {
            c.autocommit(true);
            c.cursor().execute("CREATE TEMP TABLE p_err (v int)");
            Cursor ok = c.cursor();
            Cursor bad = c.cursor();
            Cursor skipped = c.cursor();
            Pipeline p = c.pipeline();
            ok.execute("INSERT INTO p_err VALUES (%s)", 1);
            bad.execute("SELECT 1 / %s", 0);
            skipped.execute("INSERT INTO p_err VALUES (%s)", 2);
            DataException e = assertThrows(DataException.class, p::sync);
            assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
            PipelineAbortedException aborted = assertThrows(PipelineAbortedException.class, skipped::fetchOne);
            assertTrue(aborted.getMessage().startsWith("pipeline aborted"), aborted.getMessage());
            assertThrows(DataException.class, bad::fetchOne);
            // the next block is independent
            ok.execute("INSERT INTO p_err VALUES (%s)", 3);
            p.close();
            Cursor check = c.cursor();
            assertEquals(List.of(3), check.execute("SELECT v FROM p_err ORDER BY v").fetchAll().stream()
                    .map(r -> r.get(0)).toList(), "a failed block is one implicit transaction: its first insert is gone");
            assertNull(c.s.pipeline == null ? null : "open", "the pipeline is closed");
        }
    }

    @Test
    void inATransactionCommitEndsTheBlock() {
        try (Connection c = connect()) {
            c.cursor().execute("CREATE TEMP TABLE p_tx (v int) ON COMMIT PRESERVE ROWS");
            c.commit();
            try (Pipeline p = c.pipeline()) {
                Cursor cur = c.cursor();
                for (int i = 0; i < 10; i++) {
                    cur.execute("INSERT INTO p_tx VALUES (%s)", i);
                }
                c.commit(); // syncs first, then COMMIT
                assertEquals(TransactionStatus.IDLE, c.transactionStatus());
                cur.execute("INSERT INTO p_tx VALUES (%s)", 99);
                c.rollback();
            }
            assertEquals(10L, c.cursor().execute("SELECT count(*) FROM p_tx").fetchOne().get(0));
            ProgrammingException twice = assertThrows(ProgrammingException.class, () -> {
                try (Pipeline p1 = c.pipeline(); Pipeline p2 = c.pipeline()) {
                    p1.sync();
                }
            });
            assertEquals("a pipeline is already open on this connection", twice.getMessage());
        }
    }

    @Test
    void statementsModeGivesEachStatementItsOwnErrorScopeAndTransaction() {
        try (Connection c = connect()) {
            c.autocommit(true);
            c.cursor().execute("CREATE TEMP TABLE p_iso (id int PRIMARY KEY)");
            List<Cursor> cursors = new ArrayList<>();
            try (Pipeline p = c.pipeline(Pipeline.Mode.STATEMENTS)) {
                assertEquals(Pipeline.Mode.STATEMENTS, p.mode());
                for (int id : new int[] {1, 2, 1, 3, 2, 4}) {
                    Cursor cur = c.cursor();
                    cur.execute("INSERT INTO p_iso VALUES (%s) RETURNING id", id);
                    cursors.add(cur);
                }
                PgException first = assertThrows(PgException.class, p::sync, "sync reports the first failure");
                assertEquals("23505", first.pgcode());
            }
            int[] expect = {1, 2, -1, 3, -1, 4};
            for (int i = 0; i < expect.length; i++) {
                Cursor cur = cursors.get(i);
                if (expect[i] < 0) {
                    PgException e = assertThrows(PgException.class, cur::fetchOne, "statement " + i + " failed alone");
                    assertEquals("23505", e.pgcode(), "its own error, not an aborted pipeline");
                } else {
                    assertEquals(expect[i], cur.fetchOne().get(0), "statement " + i + " ran and committed");
                }
            }
            assertEquals(List.of(1, 2, 3, 4), c.cursor().execute("SELECT id FROM p_iso ORDER BY id").fetchAll()
                    .stream().map(r -> r.get(0)).toList());
            assertEquals(TransactionStatus.IDLE, c.transactionStatus());
        }
    }

    @Test
    void pipelineModeIsRequired() {
        try (Connection c = connect()) {
            assertThrows(NullPointerException.class, () -> c.pipeline(null));
        }
    }
}
