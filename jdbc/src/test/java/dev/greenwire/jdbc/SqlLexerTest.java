package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code ?} lexer, rule by rule: what it produces, and that the server runs it. */
class SqlLexerTest {
    private static SqlLexer.Parsed p(String sql) throws SQLException {
        return SqlLexer.parse(sql, true, true, true);
    }

    private static String one(String sql) throws SQLException {
        SqlLexer.Parsed parsed = p(sql);
        assertEquals(1, parsed.statements().size(), "one statement expected from " + sql);
        return parsed.statements().get(0).sql;
    }

    @Test
    void placeholdersAreNumbered() throws SQLException {
        assertEquals("SELECT $1, $2 FROM t WHERE a = $3", one("SELECT ?, ? FROM t WHERE a = ?"));
        assertEquals(3, p("SELECT ?, ? FROM t WHERE a = ?").parameterCount());
    }

    @Test
    void quotedStringsKeepTheirQuestionMarks() throws SQLException {
        assertEquals("SELECT 'a?b', $1, 'it''s ?'", one("SELECT 'a?b', ?, 'it''s ?'"));
    }

    @Test
    void escapeStringsHonourBackslashes() throws SQLException {
        // in E'' a backslash escapes the quote, so the string goes on past \'
        assertEquals("SELECT E'x\\'?', $1", one("SELECT E'x\\'?', ?"));
        assertEquals("SELECT e'\\\\', $1", one("SELECT e'\\\\', ?"));
        // a standard string ends at the quote after the backslash
        assertEquals("SELECT 'x\\', $1", one("SELECT 'x\\', ?"));
        // an identifier ending in e is not an E'' prefix
        assertEquals("SELECT namee'x\\', $1", one("SELECT namee'x\\', ?"));
    }

    @Test
    void nonStandardStringsTreatEveryBackslashAsEscape() throws SQLException {
        SqlLexer.Parsed parsed = SqlLexer.parse("SELECT 'x\\'?', ?", true, true, false);
        assertEquals("SELECT 'x\\'?', $1", parsed.statements().get(0).sql);
    }

    @Test
    void quotedIdentifiersKeepTheirQuestionMarks() throws SQLException {
        assertEquals("SELECT \"wh?at\"\"?\", $1", one("SELECT \"wh?at\"\"?\", ?"));
    }

    @Test
    void dollarQuotesKeepTheirContent() throws SQLException {
        assertEquals("SELECT $$a?b$$, $1", one("SELECT $$a?b$$, ?"));
        assertEquals("SELECT $tag$ $$ ? ' $tag$, $1", one("SELECT $tag$ $$ ? ' $tag$, ?"));
        // $1 is not a dollar quote, nor is $ inside an identifier
        assertEquals("SELECT a$b, $1", one("SELECT a$b, ?"));
    }

    @Test
    void commentsKeepTheirContent() throws SQLException {
        assertEquals("SELECT $1 -- what? it's\n, $2", one("SELECT ? -- what? it's\n, ?"));
        assertEquals("SELECT /* ? /* nested ? */ ' */ $1", one("SELECT /* ? /* nested ? */ ' */ ?"));
    }

    @Test
    void doubledQuestionMarkIsALiteralQuestionMark() throws SQLException {
        assertEquals("SELECT '{\"a\":1}'::jsonb ? 'a', $1", one("SELECT '{\"a\":1}'::jsonb ?? 'a', ?"));
        assertEquals("SELECT j ?| array['a'] AND j ?& array['b']", one("SELECT j ??| array['a'] AND j ??& array['b']"));
        assertEquals(0, p("SELECT j ??| array['a']").parameterCount());
    }

    @Test
    void statementsSplitAtTopLevelSemicolons() throws SQLException {
        SqlLexer.Parsed parsed = p("INSERT INTO t VALUES (?); SELECT ';', ? ; ");
        assertEquals(2, parsed.statements().size());
        assertEquals("INSERT INTO t VALUES ($1)", parsed.statements().get(0).sql);
        assertArrayEquals(new int[] {1}, parsed.statements().get(0).params);
        assertEquals(" SELECT ';', $1 ", parsed.statements().get(1).sql);
        assertArrayEquals(new int[] {2}, parsed.statements().get(1).params);
    }

    @Test
    void beginAtomicBodiesAreNotSplit() throws SQLException {
        String f = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END";
        assertEquals(1, p(f).statements().size());
    }

    @Test
    void verbsReturningAndValuesRows() throws SQLException {
        SqlLexer.Stmt ins = p("INSERT INTO t (a, b) VALUES (?, ?)").statements().get(0);
        assertEquals("INSERT", ins.verb);
        assertTrue(ins.canReturn());
        assertEquals("($1, $2)", ins.sql.substring(ins.valuesStart, ins.valuesEnd));
        SqlLexer.Stmt ret = p("INSERT INTO t VALUES (?) RETURNING id").statements().get(0);
        assertTrue(ret.returning);
        assertFalse(ret.canReturn());
        assertEquals(-1, ret.valuesStart);
        assertEquals(-1, p("INSERT INTO t VALUES (?), (?)").statements().get(0).valuesStart);
        assertEquals(-1, p("INSERT INTO t SELECT ?").statements().get(0).valuesStart);
        assertEquals("UPDATE", p("WITH x AS (SELECT 1) UPDATE t SET a = ?").statements().get(0).verb);
    }

    @Test
    void jdbcEscapes() throws SQLException {
        assertEquals("SELECT upper('a'), DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05', TIME '10:00:00'",
                one("SELECT {fn ucase('a')}, {d '2024-01-02'}, {ts '2024-01-02 03:04:05'}, {t '10:00:00'}"));
        assertEquals("SELECT ('a' || 'b'), coalesce(NULL, 1) FROM t LIMIT 5 OFFSET 2",
                one("SELECT {fn concat('a', 'b')}, {fn ifnull(NULL, 1)} FROM t {limit 5 offset 2}"));
        assertEquals("SELECT * FROM a LEFT JOIN b ON a.x = b.x WHERE s LIKE 'x\\_%' ESCAPE '\\'",
                one("SELECT * FROM {oj a LEFT JOIN b ON a.x = b.x} WHERE s LIKE 'x\\_%' {escape '\\'}"));
        // escapes inside quotes are text
        assertEquals("SELECT '{fn ucase(x)}'", one("SELECT '{fn ucase(x)}'"));
        // nested
        assertEquals("SELECT upper(lower('A'))", one("SELECT {fn ucase({fn lcase('A')})}"));
    }

    @Test
    void callEscapes() throws SQLException {
        SqlLexer.Parsed c = p("{call f(?, 'x', ?)}");
        assertEquals("SELECT * FROM f($1, 'x', $2) AS result", c.statements().get(0).sql);
        assertFalse(c.call().returnsValue());
        SqlLexer.Parsed r = p(" { ? = call g(?) } ");
        assertTrue(r.call().returnsValue());
        assertEquals(2, r.parameterCount());
        assertArrayEquals(new int[] {2}, r.statements().get(0).params);
        assertThrows(SQLException.class, () -> p("{? = f(?)}"));
    }

    @Test
    void malformedEscapesAreRefusedClearly() {
        SQLException e = assertThrows(SQLException.class, () -> p("SELECT {fn ucase('a')"));
        assertTrue(e.getMessage().contains("unterminated"), e.getMessage());
    }

    @Test
    void plainStatementsLeaveQuestionMarksAlone() throws SQLException {
        SqlLexer.Parsed parsed = SqlLexer.parse("SELECT '{}'::jsonb ? 'a'", false, true, true);
        assertEquals("SELECT '{}'::jsonb ? 'a'", parsed.statements().get(0).sql);
        assertEquals(0, parsed.parameterCount());
    }

    /** Every rule above, through the server: the text runs and the parameters land where they should. */
    @Test
    void trickySqlRunsOnTheServer() throws SQLException {
        String sql = "SELECT 'a?b' AS s1, ? AS p1, E'it\\'s?' AS s2, $q$ ? $$ $q$ AS s3, \"?\".x AS s4, "
                + "/* ? */ ? AS p2, '{\"a\":1}'::jsonb ?? 'a' AS has, '{\"a\":1}'::jsonb ??| array['z','a'] AS any "
                + "-- ?\n FROM (SELECT 'q' AS x) AS \"?\"";
        try (Connection c = JdbcTestSupport.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, "one");
            ps.setInt(2, 2);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("a?b", rs.getString("s1"));
                assertEquals("one", rs.getString("p1"));
                assertEquals("it's?", rs.getString("s2"));
                assertEquals(" ? $$ ", rs.getString("s3"));
                assertEquals("q", rs.getString("s4"));
                assertEquals(2, rs.getInt("p2"));
                assertTrue(rs.getBoolean("has"));
                assertTrue(rs.getBoolean("any"));
            }
        }
    }

    @Test
    void multiStatementPreparedRunsEachWithItsParameters() throws SQLException {
        try (Connection c = JdbcTestSupport.connect()) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS lexer_multi; CREATE TABLE lexer_multi (a int, b text)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO lexer_multi VALUES (?, ?); SELECT b FROM lexer_multi WHERE a = ?")) {
                ps.setInt(1, 7);
                ps.setString(2, "seven");
                ps.setInt(3, 7);
                assertFalse(ps.execute());
                assertEquals(1, ps.getUpdateCount());
                assertTrue(ps.getMoreResults());
                try (ResultSet rs = ps.getResultSet()) {
                    assertTrue(rs.next());
                    assertEquals("seven", rs.getString(1));
                }
                assertFalse(ps.getMoreResults());
                assertEquals(-1, ps.getUpdateCount());
            }
        }
    }

    @Test
    void nativeSqlTranslatesEscapes() throws SQLException {
        try (Connection c = JdbcTestSupport.connect()) {
            assertEquals("SELECT lower(?)", c.nativeSQL("SELECT {fn lcase(?)}"));
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT {fn ucase('abc')}, {d '2024-02-29'}, {fn locate('c', 'abcabc', 4)}")) {
                assertTrue(rs.next());
                assertEquals("ABC", rs.getString(1));
                assertEquals(java.time.LocalDate.of(2024, 2, 29), rs.getObject(2, java.time.LocalDate.class));
                assertEquals(6, rs.getInt(3));
            }
        }
    }

    @Test
    void escapeProcessingCanBeTurnedOff() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            try (ResultSet rs = st.executeQuery("SELECT '{1,2}'::int[] AS a, array_length('{1,2}'::int[], 1)")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(2));
            }
        }
        assertNotNull(List.of());
    }
}
