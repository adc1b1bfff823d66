package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** jOOQ 3.21 (dialect detected from the URL) and JDBI 3 on the driver. */
class JooqJdbiTest {
    private static HikariDataSource pool;

    private static final Table<Record> EVENT = table(name("event"));
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<String> TITLE = field(name("title"), SQLDataType.VARCHAR);
    private static final Field<LocalDate> DAY = field(name("day"), SQLDataType.LOCALDATE);
    private static final Field<OffsetDateTime> AT = field(name("at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<LocalDateTime> LOCAL = field(name("local"), SQLDataType.LOCALDATETIME);

    @BeforeAll
    static void open() {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(JdbcTestSupport.url() + "?waitStrategy=auto");
        cfg.setUsername(JdbcTestSupport.credentials().getProperty("user"));
        cfg.setPassword(JdbcTestSupport.credentials().getProperty("password"));
        cfg.setMaximumPoolSize(4);
        pool = new HikariDataSource(cfg);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @BeforeEach
    void createTable() throws Exception {
        JdbcTestSupport.exec("DROP TABLE IF EXISTS event", "CREATE TABLE event (id bigserial PRIMARY KEY, title varchar(50),"
                + " day date, at timestamptz, local timestamp, doc jsonb)");
    }

    @Test
    void jooqDetectsPostgresFromTheUrl() throws Exception {
        try (Connection c = pool.getConnection()) {
            assertEquals(org.jooq.SQLDialect.POSTGRES, org.jooq.tools.jdbc.JDBCUtils.dialect(c));
            assertEquals(org.jooq.SQLDialect.POSTGRES, DSL.using(c).dialect());
        }
        assertEquals(org.jooq.SQLDialect.POSTGRES, org.jooq.tools.jdbc.JDBCUtils.dialect(JdbcTestSupport.url()));
    }

    @Test
    void jooqSelectInsertReturningUpdate() {
        DSLContext ctx = DSL.using(pool, org.jooq.tools.jdbc.JDBCUtils.dialect(JdbcTestSupport.url()));
        OffsetDateTime at = OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000, ZoneOffset.ofHours(2));
        LocalDateTime local = LocalDateTime.of(2024, 5, 6, 7, 8, 9);
        Record inserted = ctx.insertInto(EVENT).columns(TITLE, DAY, AT, LOCAL)
                .values("launch", LocalDate.of(2024, 5, 6), at, local)
                .returning(ID, TITLE).fetchOne();
        long id = inserted.get(ID);
        assertTrue(id > 0);
        assertEquals("launch", inserted.get(TITLE));
        ctx.insertInto(EVENT).columns(TITLE, DAY).values("second", LocalDate.of(2024, 6, 1)).execute();
        Record4<Long, String, LocalDate, OffsetDateTime> row = ctx.select(ID, TITLE, DAY, AT).from(EVENT)
                .where(ID.eq(id)).fetchOne();
        assertEquals(LocalDate.of(2024, 5, 6), row.value3());
        assertEquals(at.toInstant(), row.value4().toInstant());
        assertEquals(local, ctx.select(LOCAL).from(EVENT).where(ID.eq(id)).fetchOne(LOCAL));
        assertEquals(1, ctx.update(EVENT).set(TITLE, "renamed").set(DAY, LocalDate.of(2025, 1, 1)).where(ID.eq(id)).execute());
        List<String> titles = ctx.select(TITLE).from(EVENT).where(DAY.gt(LocalDate.of(2024, 5, 30))).orderBy(TITLE)
                .fetch(TITLE);
        assertEquals(List.of("renamed", "second"), titles);
        assertEquals(2, ctx.fetchCount(EVENT));
        assertEquals(1, ctx.deleteFrom(EVENT).where(TITLE.eq("second")).execute());
    }

    @Test
    void jdbiBoundQueriesOperatorsAndTransactions() {
        Jdbi jdbi = Jdbi.create(pool);
        jdbi.useHandle(h -> {
            int n = h.createUpdate("INSERT INTO event (title, day, doc) VALUES (:title, :day, CAST(:doc AS jsonb))")
                    .bind("title", "jdbi").bind("day", LocalDate.of(2023, 3, 3)).bind("doc", "{\"a\": 1, \"b\": 2}")
                    .execute();
            assertEquals(1, n);
            assertEquals("jdbi", h.createQuery("SELECT title FROM event WHERE day = :day")
                    .bind("day", LocalDate.of(2023, 3, 3)).mapTo(String.class).one());
            // jsonb's ? operators written ?? so that JDBC leaves them alone
            assertTrue(h.createQuery("SELECT doc ?? 'a' FROM event WHERE title = :t").bind("t", "jdbi")
                    .mapTo(Boolean.class).one());
            assertTrue(h.createQuery("SELECT doc ??& array['a','b'] FROM event").mapTo(Boolean.class).one());
            assertFalse(h.createQuery("SELECT doc ??| array['x'] FROM event").mapTo(Boolean.class).one());
            List<Map<String, Object>> rows = h.createQuery("SELECT id, title FROM event WHERE title IN (<titles>)")
                    .bindList("titles", List.of("jdbi", "none")).mapToMap().list();
            assertEquals(1, rows.size());
            assertEquals(LocalDate.of(2023, 3, 3), h.createQuery("SELECT day FROM event").mapTo(LocalDate.class).one());
        });
        jdbi.useTransaction(h -> h.execute("INSERT INTO event (title) VALUES (?)", "committed"));
        assertThrows(IllegalStateException.class, () -> jdbi.useTransaction(h -> {
            h.execute("INSERT INTO event (title) VALUES (?)", "rolled back");
            throw new IllegalStateException("boom");
        }));
        assertEquals(List.of("committed", "jdbi"), jdbi.withHandle(h -> h.createQuery(
                "SELECT title FROM event ORDER BY title").mapTo(String.class).list()));
        int got = jdbi.inTransaction(h -> h.createQuery("SELECT count(*) FROM event").mapTo(Integer.class).one());
        assertEquals(2, got);
    }
}
