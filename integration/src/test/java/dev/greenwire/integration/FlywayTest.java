package dev.greenwire.integration;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.RepairResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flyway 13 given a GreenwireDataSource: migrate, info, validate, repair, repeatable migrations, races. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FlywayTest {
    private static final String[] SCHEMAS = {"fw_basic", "fw_failing", "fw_repair", "fw_repeat", "fw_race"};
    private DataSource ds;

    @BeforeAll
    void setUp() throws SQLException {
        ds = IntegrationSupport.dataSource();
        IntegrationSupport.dropSchemas(ds, SCHEMAS);
    }

    @AfterAll
    void tearDown() throws SQLException {
        IntegrationSupport.dropSchemas(ds, SCHEMAS);
    }

    private Flyway flyway(String schema, String... locations) {
        return Flyway.configure()
                .dataSource(ds)
                .schemas(schema)
                .createSchemas(true)
                .locations(Arrays.stream(locations).map(l -> "classpath:db/" + l).toArray(String[]::new))
                .load();
    }

    private <T> T one(String sql, Class<T> type, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), sql);
                return rs.getObject(1, type);
            }
        }
    }

    private List<List<Object>> history(String schema) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, description, type, success FROM " + schema
                     + ".flyway_schema_history WHERE type <> 'SCHEMA' ORDER BY installed_rank")) {
            while (rs.next()) {
                out.add(Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
            }
        }
        return out;
    }

    @Test
    void migrateInfoValidate() throws SQLException {
        Flyway fw = flyway("fw_basic", "basic");
        assertEquals(4, fw.info().pending().length, "three versioned and one repeatable, nothing applied yet");
        MigrateResult result = fw.migrate();
        assertTrue(result.success);
        assertEquals(4, result.migrationsExecuted);
        assertEquals("3", result.targetSchemaVersion);

        MigrationInfo[] applied = fw.info().applied();
        assertEquals(List.of("1", "2", "3"), Arrays.stream(applied).filter(m -> m.getVersion() != null)
                .map(m -> m.getVersion().getVersion()).toList());
        for (MigrationInfo m : applied) {
            assertEquals(MigrationState.SUCCESS, m.getState(), m.getScript());
        }
        assertEquals("3", fw.info().current().getVersion().getVersion());
        assertEquals(0, fw.info().pending().length);
        ValidateResult valid = fw.validateWithResult();
        assertTrue(valid.validationSuccessful, String.valueOf(valid.invalidMigrations));
        fw.validate();

        // what the migrations did is there: DDL, DML, the dollar-quoted function, the repeatable view
        assertEquals(3L, one("SELECT count(*) FROM fw_basic.accounts", Long.class));
        assertEquals(new BigDecimal("101.00"), one("SELECT balance FROM fw_basic.accounts WHERE owner = 'ann'", BigDecimal.class));
        assertEquals("O'Hara?", one("SELECT owner FROM fw_basic.accounts WHERE balance = 0", String.class));
        assertEquals(2L, one("SELECT count(*) FROM fw_basic.rich_accounts", Long.class));
        assertEquals(new BigDecimal("91.00"), one("SELECT fw_basic.transfer(1, 2, 10)", BigDecimal.class));
        assertEquals(1L, one("SELECT count(*) FROM fw_basic.rich_accounts", Long.class));
        assertEquals("money; semicolons; inside; comments",
                one("SELECT obj_description('fw_basic.accounts'::regclass, 'pg_class')", String.class));

        // a second migrate has nothing to do
        MigrateResult again = fw.migrate();
        assertEquals(0, again.migrationsExecuted);
        assertEquals(4, history("fw_basic").size());
    }

    @Test
    void aFailingMigrationRollsBackAndIsReported() throws SQLException {
        Flyway fw = flyway("fw_failing", "failing");
        FlywayException e = assertThrows(FlywayException.class, fw::migrate);
        String message = e.getMessage();
        assertTrue(message.contains("V2__breaks.sql"), message);
        assertTrue(message.contains("23505"), message);
        // the server's own words reach Flyway
        assertTrue(message.contains("duplicate key value violates unique constraint \"ledger_pkey\""), message);

        // V1 stays, V2 left nothing behind: not its table, not its first row, not a history row
        assertEquals(List.of(Arrays.asList("1", "ok", "SQL", true)), history("fw_failing"));
        assertEquals(1L, one("SELECT count(*) FROM fw_failing.ledger", Long.class));
        assertEquals(Boolean.FALSE, one("SELECT to_regclass('fw_failing.ledger_audit') IS NOT NULL", Boolean.class));
        MigrationInfo v2 = Arrays.stream(fw.info().all()).filter(m -> m.getVersion() != null
                && m.getVersion().getVersion().equals("2")).findFirst().orElseThrow();
        assertEquals(MigrationState.PENDING, v2.getState());
        assertEquals("1", fw.info().current().getVersion().getVersion());
        // nothing to repair after a rolled-back failure; validate names the migration still to apply
        RepairResult repair = fw.repair();
        assertTrue(repair.migrationsDeleted.isEmpty(), String.valueOf(repair.migrationsDeleted));
        ValidateResult valid = fw.validateWithResult();
        assertFalse(valid.validationSuccessful);
        assertEquals(List.of("2"), valid.invalidMigrations.stream().map(m -> m.version).toList());
    }

    @Test
    void repairRealignsChecksums() {
        Flyway first = flyway("fw_repair", "repair_a");
        assertEquals(1, first.migrate().migrationsExecuted);
        Flyway edited = flyway("fw_repair", "repair_b");
        ValidateResult mismatch = edited.validateWithResult();
        assertFalse(mismatch.validationSuccessful);
        assertTrue(mismatch.invalidMigrations.stream().anyMatch(m -> m.errorDetails.errorMessage.contains("checksum")),
                String.valueOf(mismatch.invalidMigrations.stream().map(m -> m.errorDetails.errorMessage).toList()));
        assertThrows(FlywayException.class, edited::validate);
        RepairResult repaired = edited.repair();
        assertEquals(1, repaired.migrationsAligned.size());
        assertTrue(edited.validateWithResult().validationSuccessful);
        edited.validate();
        assertFalse(first.validateWithResult().validationSuccessful, "the old script no longer matches the history");
    }

    @Test
    void repeatableMigrationsRunAgainWhenTheyChange() throws SQLException {
        Flyway a = flyway("fw_repeat", "repeat_a");
        assertEquals(2, a.migrate().migrationsExecuted);
        assertEquals(1L, one("SELECT count(*) FROM fw_repeat.big_things", Long.class));
        assertEquals(0, a.migrate().migrationsExecuted, "unchanged: not run again");
        Flyway b = flyway("fw_repeat", "repeat_b");
        MigrationInfo[] pending = b.info().pending();
        assertEquals(1, pending.length);
        assertEquals(null, pending[0].getVersion(), "the repeatable one");
        assertEquals(MigrationState.OUTDATED, Arrays.stream(b.info().all())
                .filter(m -> m.getVersion() == null && m.getState() == MigrationState.OUTDATED).findFirst()
                .map(MigrationInfo::getState).orElse(null));
        assertEquals(1, b.migrate().migrationsExecuted);
        assertEquals(2L, one("SELECT count(*) FROM fw_repeat.big_things", Long.class));
        List<List<Object>> h = history("fw_repeat");
        assertEquals(3, h.size(), h.toString());
        assertEquals(2L, h.stream().filter(r -> r.get(0) == null).count(), "the repeatable ran twice");
    }

    @Test
    void twoFlywaysRaceOnOneSchema() throws Exception {
        IntegrationSupport.dropSchemas(ds, "fw_race");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA fw_race");
        }
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<MigrateResult>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> {
                    Flyway fw = flyway("fw_race", "race");
                    start.await(30, TimeUnit.SECONDS);
                    return fw.migrate();
                }));
            }
            int executed = 0;
            for (Future<MigrateResult> f : results) {
                MigrateResult r = f.get(2, TimeUnit.MINUTES); // a failure in a thread is rethrown here
                assertTrue(r.success);
                executed += r.migrationsExecuted;
            }
            assertEquals(3, executed, "each migration ran exactly once, in one of the two");
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        }
        assertEquals(List.of(Arrays.asList("1", "slow start", "SQL", true), Arrays.asList("2", "second", "SQL", true),
                Arrays.asList("3", "third", "SQL", true)), history("fw_race"));
        assertEquals(3L, one("SELECT count(*) FROM fw_race.race_log", Long.class));
        assertTrue(flyway("fw_race", "race").validateWithResult().validationSuccessful);
        assertNotNull(flyway("fw_race", "race").info().current());
    }
}
