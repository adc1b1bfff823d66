package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueryTest extends PgTest {

    @Test
    void multiStatementKeepsTheLastResult() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("SELECT 1; SELECT 2, 3");
            assertEquals(List.of(2, 3), cur.fetchOne().toList());
            assertEquals(2, cur.description().size());
            cur.execute("CREATE TEMP TABLE t (x int); INSERT INTO t VALUES (1), (2), (3)");
            assertNull(cur.description());
            assertEquals(3, cur.rowCount());
            assertEquals("INSERT 0 3", cur.statusMessage());
            ProgrammingException e = assertThrows(ProgrammingException.class, cur::fetchOne);
            assertEquals("no results to fetch", e.getMessage());
            cur.execute("UPDATE t SET x = x + 1 WHERE x > 1; SELECT x FROM t ORDER BY x");
            assertEquals(3, cur.rowCount());
            assertEquals(List.of(1, 3, 4), cur.fetchAll().stream().map(r -> r.get(0)).toList());
        }
    }

    @Test
    void rowCountReadsEveryCommandTagThatCarriesOne() {
        try (Connection c = connect()) {
            c.autocommit(false);
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE rc (x int PRIMARY KEY)");
            assertEquals(-1, cur.rowCount(), cur.statusMessage());
            cur.execute("INSERT INTO rc SELECT g FROM generate_series(1, 12) g");
            assertEquals("INSERT 0 12", cur.statusMessage());
            assertEquals(12, cur.rowCount());
            cur.execute("UPDATE rc SET x = x + 100 WHERE x > 10");
            assertEquals(2, cur.rowCount());
            cur.execute("DELETE FROM rc WHERE x > 100");
            assertEquals(2, cur.rowCount());
            cur.execute("MERGE INTO rc USING (VALUES (1), (50)) v(y) ON rc.x = v.y"
                    + " WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (v.y)");
            assertEquals("MERGE 2", cur.statusMessage());
            assertEquals(2, cur.rowCount());
            cur.execute("SELECT x FROM rc ORDER BY x");
            assertEquals(10, cur.rowCount());
            cur.execute("DECLARE k CURSOR FOR SELECT x FROM rc ORDER BY x");
            assertEquals(-1, cur.rowCount(), cur.statusMessage());
            cur.execute("MOVE 3 IN k");
            assertEquals("MOVE 3", cur.statusMessage());
            assertEquals(3, cur.rowCount());
            cur.execute("FETCH 4 FROM k");
            assertEquals(4, cur.rowCount());
            // COPY's count: CopyTest.copyRowsCountAsRowCount
            cur.execute("SET LOCAL work_mem = '8MB'");
            assertEquals(-1, cur.rowCount(), cur.statusMessage());
            c.rollback();
        }
    }

    @Test
    void emptyQueryIsRefusedAndTheConnectionStaysUsable() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            for (String q : new String[] {"", "   ", "-- only a comment"}) {
                ProgrammingException e = assertThrows(ProgrammingException.class, () -> cur.execute(q));
                assertEquals("can't execute an empty query", e.getMessage());
            }
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0));
        }
    }

    @Test
    void placeholdersAndMogrify() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            assertEquals("SELECT 1, 'it''s', NULL, 100%",
                    new String(cur.mogrify("SELECT %s, %s, %s, 100%%", 1, "it's", null), StandardCharsets.UTF_8));
            assertEquals("SELECT '50%%' -- no args: no processing",
                    new String(cur.mogrify("SELECT '50%%' -- no args: no processing"), StandardCharsets.UTF_8));
            cur.execute("SELECT %(a)s || %(b)s || %(a)s", Map.of("a", "x", "b", "y"));
            assertEquals("xyx", cur.fetchOne().get(0));
            assertArrayEquals(cur.query(), cur.mogrify("SELECT %(a)s || %(b)s || %(a)s", Map.of("a", "x", "b", "y")));
            cur.execute("SELECT 'literal %s kept'");
            assertEquals("literal %s kept", cur.fetchOne().get(0));
        }
    }

    @Test
    void placeholderErrorsLeaveTheConnectionUsable() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            assertThrows(ProgrammingException.class, () -> cur.execute("SELECT %s, %s", 1));
            assertThrows(ProgrammingException.class, () -> cur.execute("SELECT %s", 1, 2));
            assertThrows(ProgrammingException.class, () -> cur.execute("SELECT %(missing)s", Map.of("a", 1)));
            assertThrows(ProgrammingException.class, () -> cur.execute("SELECT %d", 1));
            assertThrows(ProgrammingException.class, () -> cur.execute("SELECT %(a", Map.of("a", 1)));
            assertThrows(ProgrammingException.class, () -> cur.execute("SELECT %s %(a)s", Map.of("a", 1)));
            ProgrammingException e = assertThrows(ProgrammingException.class, () -> cur.execute("SELECT %s", new Object()));
            assertTrue(e.getMessage().startsWith("can't adapt type"), e.getMessage());
            assertEquals(TransactionStatus.IDLE, c.transactionStatus());
            assertEquals(5, cur.execute("SELECT %s", 5).fetchOne().get(0));
        }
    }

    @Test
    void fetchingAndScrolling() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("SELECT g FROM generate_series(1, 10) g");
            assertEquals(10, cur.rowCount());
            assertEquals(1, cur.fetchOne().get(0));
            cur.arraySize(3);
            assertEquals(List.of(2, 3, 4), cur.fetchMany().stream().map(r -> r.get(0)).toList());
            assertEquals(4, cur.rowNumber());
            cur.scroll(-2, "relative");
            assertEquals(3, cur.fetchOne().get(0));
            cur.scroll(8, "absolute");
            assertEquals(List.of(9, 10), cur.fetchAll().stream().map(r -> r.get(0)).toList());
            assertNull(cur.fetchOne());
            assertEquals(List.of(), cur.fetchMany(5));
            assertThrows(ProgrammingException.class, () -> cur.scroll(10, "absolute"));
            assertThrows(ProgrammingException.class, () -> cur.scroll(0, "sideways"));
            cur.execute("SELECT g, g * 2 AS twice FROM generate_series(1, 3) g");
            List<Integer> seen = new ArrayList<>();
            for (Row r : cur) {
                seen.add(r.get("twice", Integer.class));
                assertEquals(Map.of("g", r.get(0), "twice", r.get(1)), r.toMap());
            }
            assertEquals(List.of(2, 4, 6), seen);
        }
    }

    @Test
    void descriptionAndColumns() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE d (id int4 PRIMARY KEY, price numeric(10,2), name varchar(20))");
            cur.execute("SELECT id, price, name, 1::int8 AS lit FROM d");
            List<Column> d = cur.description();
            assertEquals(List.of("id", "price", "name", "lit"), d.stream().map(Column::name).toList());
            assertEquals(List.of(23, 1700, 1043, 20), d.stream().map(Column::typeCode).toList());
            assertEquals(10, d.get(1).precision());
            assertEquals(2, d.get(1).scale());
            assertEquals(20, d.get(2).internalSize());
            assertEquals(4, d.get(0).internalSize());
            assertEquals(1, d.get(0).tableColumn());
            assertTrue(d.get(0).tableOid() > 0);
            assertNull(d.get(3).tableOid());
            assertEquals(0, cur.rowCount());
        }
    }

    @Test
    void coreTypesRoundTrip() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            UUID u = UUID.randomUUID();
            byte[] bytes = {0, 1, 2, (byte) 0xff, '\\', '\''};
            Object[] values = {true, (short) -3, 42, 1L << 40, 1.5f, -2.25d, new BigDecimal("12345.6789000"),
                "O'Reilly \\ back ünicode ✓", bytes, u, LocalDate.of(2024, 2, 29), LocalTime.of(13, 14, 15, 123456000),
                LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999999000),
                OffsetDateTime.of(2020, 6, 1, 12, 0, 0, 0, ZoneOffset.ofHours(5)), List.of(1, 2, 3),
                Arrays.asList("a", null, "c\"d")};
            cur.execute("SELECT %s::bool, %s::int2, %s::int4, %s::int8, %s::float4, %s::float8, %s::numeric,"
                    + " %s::text, %s::bytea, %s::uuid, %s::date, %s::time, %s::timestamp, %s::timestamptz,"
                    + " %s::int4[], %s::text[]", values);
            Row r = cur.fetchOne();
            for (int i = 0; i < values.length; i++) {
                Object got = r.get(i);
                if (values[i] instanceof byte[] b) {
                    assertArrayEquals(b, (byte[]) got);
                } else if (values[i] instanceof OffsetDateTime odt) {
                    assertEquals(odt.toInstant(), ((OffsetDateTime) got).toInstant());
                } else {
                    assertEquals(values[i], got, "column " + i);
                }
            }
            cur.execute("SELECT 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float4, NULL::int4, 26::oid");
            List<Object> specials = cur.fetchOne().toList();
            assertTrue(Double.isNaN((Double) specials.get(0)));
            assertEquals(Double.POSITIVE_INFINITY, specials.get(1));
            assertEquals(Float.NEGATIVE_INFINITY, specials.get(2));
            assertNull(specials.get(3));
            assertEquals(26L, specials.get(4));
            cur.execute("SELECT %s::float8, %s::float8", Double.NaN, Double.NEGATIVE_INFINITY);
            assertTrue(Double.isNaN((Double) cur.fetchOne().get(0)));
        }
    }

    @Test
    void executeManyAndCallProc() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE m (a int, b text)");
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                rows.add(new Object[] {i, "v" + i});
            }
            cur.executeMany("INSERT INTO m VALUES (%s, %s)", rows);
            assertEquals(1200, cur.rowCount());
            cur.executeMany("INSERT INTO m VALUES (%(a)s, %(b)s)", List.of(Map.of("a", -1, "b", "x"), Map.of("a", -2, "b", "y")));
            assertEquals(2, cur.rowCount());
            cur.execute("SELECT count(*), sum(a) FROM m");
            assertEquals(List.of(1202L, 719400L - 3), cur.fetchOne().toList());
            c.commit();
            cur.callProc("generate_series", 1, 4);
            assertEquals(4, cur.fetchAll().size());
            cur.callProc("pg_backend_pid");
            assertEquals(c.backendPid(), cur.fetchOne().get(0));
        }
    }

    @Test
    void executeManyRewritesOneRowInsertsWithClientSideBindingToo() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE crw_t (id int PRIMARY KEY, name text, v float8)");
            List<List<Object>> rows = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                rows.add(java.util.Arrays.asList(i, i % 7 == 0 ? null : "n'" + i, i * 0.5));
            }
            cur.executeMany("insert into crw_t (id, name, v)\n values (%s, %s, %s::float8);", rows);
            assertEquals(1000, cur.rowCount());
            String last = new String(cur.query(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(last.contains("($1, $2, $3::float8), ($4, $5, $6::float8)"),
                    "the last statement held many rows, bound: " + last.substring(Math.max(0, last.length() - 300)));
            assertEquals(List.of(1000L, 143L, 249750.0), cur.execute("SELECT count(*), count(*) FILTER (WHERE name IS NULL),"
                    + " sum(v) FROM crw_t").fetchOne().toList());
            assertEquals("n'999", cur.execute("SELECT name FROM crw_t WHERE id = %s", 999).fetchOne().get(0));
            ProgrammingException e = assertThrows(ProgrammingException.class,
                    () -> cur.executeMany("INSERT INTO crw_t VALUES (%s, %s, %s)", List.<Object[]>of(new Object[] {1, "x"})));
            assertEquals("not enough arguments for format string", e.getMessage());
            c.rollback();
            c.autocommit(true);
            cur.execute("CREATE TEMP TABLE crw_u (id int PRIMARY KEY)");
            List<Object[]> dup = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                dup.add(new Object[] {i == 200 ? 5 : i}); // the second 128-row statement repeats id 5
            }
            assertThrows(IntegrityException.class, () -> cur.executeMany("INSERT INTO crw_u VALUES (%s)", dup));
            assertEquals(128L, cur.execute("SELECT count(*) FROM crw_u").fetchOne().get(0),
                    "in autocommit the statements before the failing one are committed, the rest never runs");
            cur.executeMany("INSERT INTO crw_u VALUES (%s) ON CONFLICT DO NOTHING", List.of(new Object[] {1}, new Object[] {1000}));
            assertEquals(1, cur.rowCount(), "ON CONFLICT: one statement per row, counted as the server reports");
            cur.executeMany("INSERT INTO crw_u VALUES (%s)", List.of());
            assertEquals(-1, cur.rowCount());
        }
    }

    @Test
    void executeManyErrorRollsBackTheBatchAndKeepsTheConnection() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE u (a int PRIMARY KEY)");
            c.commit();
            IntegrityException e = assertThrows(IntegrityException.class,
                    () -> cur.executeMany("INSERT INTO u VALUES (%s)", List.of(List.of(1), List.of(2), List.of(1), List.of(3))));
            assertEquals("23505", e.pgcode());
            assertEquals(TransactionStatus.INERROR, c.transactionStatus());
            c.rollback();
            assertEquals(0L, cur.execute("SELECT count(*) FROM u").fetchOne().get(0));
        }
    }

    @Test
    void copyWithoutAStreamIsRefused() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE cp (a int)");
            ProgrammingException in = assertThrows(ProgrammingException.class, () -> cur.execute("COPY cp FROM STDIN"));
            assertEquals("can't execute COPY FROM: use the copyFrom() method instead", in.getMessage());
            c.rollback();
            cur.execute("CREATE TEMP TABLE cp (a int)");
            ProgrammingException out = assertThrows(ProgrammingException.class, () -> cur.execute("COPY cp TO STDOUT"));
            assertEquals("can't execute COPY TO: use the copyTo() method instead", out.getMessage());
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0));
        }
    }
}
