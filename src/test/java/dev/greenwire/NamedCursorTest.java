package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.greenwire.extras.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Server-side cursors, synchronous and with a wait callback registered. */
class NamedCursorTest extends PgTest {
    private static final AtomicInteger WAITS = new AtomicInteger();

    static Stream<Arguments> modes() {
        return Stream.of(Arguments.of(false), Arguments.of(true));
    }

    private static Connection open(boolean callback) {
        return callback ? connect(ConnectOptions.builder().waitCallback(c -> {
            WAITS.incrementAndGet();
            Waits.waitSelect(c);
        }).build()) : connect();
    }

    private static List<Object> ids(List<Row> rows) {
        List<Object> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(0)));
        return out;
    }

    @ParameterizedTest
    @MethodSource("modes")
    void fetchInBatchesWhileIterating(boolean callback) {
        try (Connection c = open(callback); Connection watcher = connect()) {
            Cursor cur = c.cursor("big");
            assertEquals("big", cur.name());
            cur.itersize(1000);
            cur.execute("SELECT g, md5(g::text) FROM generate_series(1, 10500) g");
            assertEquals(1L, c.cursor().execute("SELECT count(*) FROM pg_cursors WHERE name = 'big'")
                    .fetchOne().get(0), "the cursor lives on the server");
            assertEquals(0L, watcher.cursor().execute("SELECT count(*) FROM pg_cursors").fetchOne().get(0));
            int n = 0;
            long sum = 0;
            for (Row r : cur) {
                n++;
                sum += (Integer) r.get(0);
            }
            assertEquals(10500, n);
            assertEquals(10500L * 10501 / 2, sum);
            assertEquals(10500, cur.rowCount());
            assertEquals(2, cur.description().size());
            cur.close();
            assertThrows(InterfaceException.class, cur::fetchOne);
            c.commit();
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void fetchOneManyAllAndScroll(boolean callback) {
        try (Connection c = open(callback)) {
            Cursor cur = c.cursor("sc", false, true);
            cur.execute("SELECT g FROM generate_series(1, 10) g");
            assertEquals(1, cur.fetchOne().get(0));
            assertEquals(List.of(2, 3, 4), ids(cur.fetchMany(3)));
            cur.scroll(-2, "relative");
            assertEquals(3, cur.fetchOne().get(0));
            cur.scroll(7, "absolute");
            assertEquals(List.of(8, 9, 10), ids(cur.fetchAll()));
            assertNull(cur.fetchOne());
            assertEquals(List.of(), cur.fetchMany(5));
            ProgrammingException twice = assertThrows(ProgrammingException.class, () -> cur.execute("SELECT 1"));
            assertEquals("can't call .execute() on named cursors more than once", twice.getMessage());
            c.rollback();
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void notScrollableRefusesToGoBack(boolean callback) {
        try (Connection c = open(callback)) {
            Cursor cur = c.cursor("fwd");
            cur.execute("SELECT g FROM generate_series(1, 5) g");
            cur.fetchMany(3);
            OperationalException e = assertThrows(OperationalException.class, () -> cur.scroll(-2, "relative"));
            assertEquals("55000", e.pgcode());
            assertTrue(e.getMessage().contains("backward"), e.getMessage());
            c.rollback();
            assertEquals(1, c.cursor().execute("SELECT 1").fetchOne().get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void withHoldSurvivesCommit(boolean callback) {
        try (Connection c = open(callback)) {
            Cursor held = c.cursor("held", true, false);
            held.execute("SELECT g FROM generate_series(1, 6) g");
            assertEquals(List.of(1, 2), ids(held.fetchMany(2)));
            c.commit();
            assertEquals(List.of(3, 4, 5, 6), ids(held.fetchAll()));
            c.commit();
            held.close();
            assertEquals(0L, c.cursor().execute("SELECT count(*) FROM pg_cursors WHERE name = 'held'")
                    .fetchOne().get(0));
            Cursor plain = c.cursor("plain");
            plain.execute("SELECT 1");
            c.commit();
            OperationalException gone = assertThrows(OperationalException.class, plain::fetchOne);
            assertEquals("34000", gone.pgcode());
            c.rollback();
            plain.close();
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void namedCursorsWithParametersAndFactories(boolean callback) {
        try (Connection c = open(callback)) {
            Cursor cur = c.cursor("p\"q");
            cur.execute("SELECT %s::text || g FROM generate_series(1, 3) g", "it's ");
            assertEquals("it's 1", cur.fetchOne().get(0));
            c.rollback();
            assertThrows(ProgrammingException.class, () -> c.cursor(""));
            assertEquals("withhold=True can be specified only for named cursors",
                    assertThrows(ProgrammingException.class, () -> c.cursor(null, true, false)).getMessage());
            assertEquals("scrollable=True can be specified only for named cursors",
                    assertThrows(ProgrammingException.class, () -> c.cursor(null, false, true)).getMessage());
            assertEquals(null, c.cursor(null, false, false).name());
        }
    }

    @org.junit.jupiter.api.Test
    void rowNumberCountsTheRowsIteratedNotTheServersReadAhead() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor("rownum_cur");
            cur.itersize(10);
            cur.execute("SELECT g FROM generate_series(1, 25) g");
            int n = 0;
            for (Row r : cur) {
                n++;
                assertEquals(n, ((Number) r.get(0)).intValue());
                assertEquals(n, cur.rowNumber(), "after " + n + " rows");
            }
            assertEquals(25, n);
            assertEquals(25, cur.rowNumber());
            c.rollback();
        }
    }
}
