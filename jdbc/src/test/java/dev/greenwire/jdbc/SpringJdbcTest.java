package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.greenwire.wait.WaitStrategies;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/** Spring JDBC 7 on the driver (through HikariCP): templates, keys, batches, transactions, exception translation. */
class SpringJdbcTest {
    private static HikariDataSource pool;
    private static JdbcTemplate jdbc;
    private static NamedParameterJdbcTemplate named;
    private static TransactionTemplate tx;

    @BeforeAll
    static void open() {
        GreenwireDataSource ds = JdbcTestSupport.dataSource();
        ds.setWaitCallback(WaitStrategies.parking());
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSource(ds);
        cfg.setMaximumPoolSize(4);
        pool = new HikariDataSource(cfg);
        jdbc = new JdbcTemplate(pool);
        named = new NamedParameterJdbcTemplate(jdbc);
        tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @BeforeEach
    void table() {
        jdbc.execute("DROP TABLE IF EXISTS person");
        jdbc.execute("CREATE TABLE person (id bigserial PRIMARY KEY, email text UNIQUE NOT NULL, name text,"
                + " born date, seen timestamptz, tags text[])");
    }

    record Person(long id, String email, String name, LocalDate born) {
    }

    private static Person map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Person(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                rs.getObject("born", LocalDate.class));
    }

    @Test
    void crud() {
        assertEquals(1, jdbc.update("INSERT INTO person (email, name, born) VALUES (?, ?, ?)", "ada@x", "Ada",
                LocalDate.of(1815, 12, 10)));
        Person p = jdbc.queryForObject("SELECT * FROM person WHERE email = ?", SpringJdbcTest::map, "ada@x");
        assertEquals("Ada", p.name());
        assertEquals(LocalDate.of(1815, 12, 10), p.born());
        assertEquals(1, jdbc.update("UPDATE person SET name = ? WHERE id = ?", "Ada L.", p.id()));
        assertEquals("Ada L.", jdbc.queryForObject("SELECT name FROM person WHERE id = ?", String.class, p.id()));
        assertEquals(1L, jdbc.queryForObject("SELECT count(*) FROM person", Long.class));
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, name, born FROM person");
        assertEquals(java.sql.Date.valueOf("1815-12-10"), rows.get(0).get("born"));
        assertEquals(1, jdbc.update("DELETE FROM person WHERE id = ?", p.id()));
        assertTrue(jdbc.query("SELECT * FROM person", SpringJdbcTest::map).isEmpty());
    }

    @Test
    void keyHolder() {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO person (email, seen) VALUES (?, ?)", new String[] {"id"});
            ps.setString(1, "k@x");
            ps.setObject(2, OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
            return ps;
        }, keys);
        long id = keys.getKey().longValue();
        assertTrue(id > 0);
        KeyHolder all = new GeneratedKeyHolder();
        jdbc.update(con -> con.prepareStatement("INSERT INTO person (email) VALUES ('k2@x')",
                Statement.RETURN_GENERATED_KEYS), all);
        assertEquals("k2@x", all.getKeys().get("email"));
        assertEquals(id + 1, ((Number) all.getKeys().get("id")).longValue());
    }

    @Test
    void batches() {
        int[] counts = jdbc.batchUpdate("INSERT INTO person (email, name) VALUES (?, ?)",
                List.of(new Object[] {"a@x", "A"}, new Object[] {"b@x", "B"}, new Object[] {"c@x", "C"}));
        assertArrayEquals(new int[] {1, 1, 1}, counts);
        int[] namedCounts = named.batchUpdate("UPDATE person SET name = :name WHERE email = :email",
                new MapSqlParameterSource[] {
                    new MapSqlParameterSource().addValue("name", "AA").addValue("email", "a@x"),
                    new MapSqlParameterSource().addValue("name", "ZZ").addValue("email", "nobody@x")});
        assertArrayEquals(new int[] {1, 0}, namedCounts);
        assertThrows(DuplicateKeyException.class, () -> jdbc.batchUpdate("INSERT INTO person (email) VALUES (?)",
                List.of(new Object[] {"d@x"}, new Object[] {"a@x"})));
    }

    @Test
    void namedParameters() {
        jdbc.update("INSERT INTO person (email, name, tags) VALUES ('n1@x', 'One', '{red,blue}'), ('n2@x', 'Two', '{}')");
        List<String> names = named.queryForList("SELECT name FROM person WHERE email IN (:emails) ORDER BY name",
                Map.of("emails", List.of("n1@x", "n2@x", "n3@x")), String.class);
        assertEquals(List.of("One", "Two"), names);
        // the jsonb/array ? operators need no escaping here: Spring does not use ? in named mode
        Long n = named.queryForObject("SELECT count(*) FROM person WHERE tags @> ARRAY[:tag]::text[]",
                Map.of("tag", "red"), Long.class);
        assertEquals(1L, n);
    }

    @Test
    void simpleJdbcInsert() {
        SimpleJdbcInsert insert = new SimpleJdbcInsert(jdbc).withTableName("person").usingGeneratedKeyColumns("id");
        Number id = insert.executeAndReturnKey(Map.of("email", "s@x", "name", "Simple", "born", LocalDate.of(2000, 1, 1)));
        assertTrue(id.longValue() > 0);
        assertEquals("Simple", jdbc.queryForObject("SELECT name FROM person WHERE id = ?", String.class, id.longValue()));
    }

    @Test
    void transactionsCommitAndRollBack() {
        tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO person (email) VALUES ('t1@x')");
            jdbc.update("INSERT INTO person (email) VALUES ('t2@x')");
        });
        assertEquals(2L, jdbc.queryForObject("SELECT count(*) FROM person", Long.class));
        RuntimeException e = assertThrows(IllegalStateException.class, () -> tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO person (email) VALUES ('t3@x')");
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", e.getMessage());
        assertThrows(DuplicateKeyException.class, () -> tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO person (email) VALUES ('t4@x')");
            jdbc.update("INSERT INTO person (email) VALUES ('t1@x')");
        }));
        assertEquals(2L, jdbc.queryForObject("SELECT count(*) FROM person", Long.class), "both rolled back");
        // a read-only transaction
        assertThrows(org.springframework.dao.DataAccessException.class, () -> {
            TransactionTemplate ro = new TransactionTemplate(tx.getTransactionManager());
            ro.setReadOnly(true);
            ro.executeWithoutResult(s -> jdbc.update("INSERT INTO person (email) VALUES ('ro@x')"));
        });
        assertEquals(2L, jdbc.queryForObject("SELECT count(*) FROM person", Long.class));
    }

    @Test
    void exceptionTranslation() {
        jdbc.update("INSERT INTO person (email) VALUES ('dup@x')");
        assertThrows(DuplicateKeyException.class, () -> jdbc.update("INSERT INTO person (email) VALUES ('dup@x')"));
        assertThrows(DataIntegrityViolationException.class, () -> jdbc.update("INSERT INTO person (name) VALUES ('no email')"));
        assertThrows(BadSqlGrammarException.class, () -> jdbc.queryForList("SELEC 1"));
        assertThrows(BadSqlGrammarException.class, () -> jdbc.queryForList("SELECT * FROM no_such_table"));
        JdbcTemplate slow = new JdbcTemplate(pool);
        slow.setQueryTimeout(1);
        assertThrows(QueryTimeoutException.class, () -> slow.execute("SELECT pg_sleep(10)"));
        assertEquals(1L, jdbc.queryForObject("SELECT count(*) FROM person", Long.class), "the pool still works");
    }
}
