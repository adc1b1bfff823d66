package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ErrorMappingTest extends PgTest {

    /** Every SQLSTATE class psycopg2 distinguishes, raised for real by the server. */
    @ParameterizedTest
    @CsvSource({
        "08006, OperationalException", "0A000, NotSupportedException", "20000, ProgrammingException",
        "21000, ProgrammingException", "22012, DataException", "23505, IntegrityException",
        "24000, InternalDatabaseException", "25001, InternalDatabaseException", "26000, OperationalException",
        "27000, OperationalException", "28000, OperationalException", "2B000, InternalDatabaseException",
        "2D000, InternalDatabaseException", "2F000, InternalDatabaseException", "34000, OperationalException",
        "38000, InternalDatabaseException", "39000, InternalDatabaseException", "3B000, InternalDatabaseException",
        "3D000, ProgrammingException", "3F000, ProgrammingException", "40001, TransactionRollbackException",
        "40P01, TransactionRollbackException", "42601, ProgrammingException", "44000, ProgrammingException",
        "53100, OperationalException", "54000, OperationalException", "55000, OperationalException",
        "57014, QueryCanceledException", "58000, OperationalException", "F0000, OperationalException",
        "HV000, OperationalException", "P0001, InternalDatabaseException", "XX000, InternalDatabaseException",
        "01000, DatabaseException"
    })
    void sqlstateMapsToItsClass(String sqlstate, String className) {
        try (Connection c = connect()) {
            c.autocommit(true);
            Cursor cur = c.cursor();
            PgException e = assertThrows(PgException.class, () -> cur.execute(
                    "DO $$ BEGIN RAISE EXCEPTION 'boom 50%%' USING ERRCODE = '" + sqlstate + "', DETAIL = 'the detail',"
                            + " HINT = 'the hint'; END $$"));
            assertEquals(className, e.getClass().getSimpleName(), sqlstate);
            assertEquals(sqlstate, e.pgcode());
            assertEquals("boom 50%", e.diag().messagePrimary());
            assertEquals("the detail", e.diag().messageDetail());
            assertEquals("the hint", e.diag().messageHint());
            assertEquals("ERROR", e.diag().severity());
            assertTrue(e.pgerror().startsWith("ERROR:  boom 50%\nDETAIL:  the detail\nHINT:  the hint"), e.pgerror());
            assertTrue(e.diag().context().contains("PL/pgSQL"), e.diag().context());
            assertTrue(e.diag().sourceFile() != null && e.diag().sourceLine() != null
                    && e.diag().sourceFunction() != null);
            assertInstanceOf(DatabaseException.class, e);
            assertEquals(1, cur.execute("SELECT 1").fetchOne().get(0), "connection usable after " + sqlstate);
        }
    }

    @Test
    void diagnosticsOfAConstraintViolation() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("CREATE TEMP TABLE dg (id int CONSTRAINT dg_pk PRIMARY KEY, n int NOT NULL)");
            cur.execute("INSERT INTO dg VALUES (1, 1)");
            IntegrityException dup = assertThrows(IntegrityException.class, () -> cur.execute("INSERT INTO dg VALUES (1, 2)"));
            assertEquals("dg", dup.diag().tableName());
            assertEquals("dg_pk", dup.diag().constraintName());
            assertTrue(dup.diag().schemaName().startsWith("pg_temp"), dup.diag().schemaName());
            assertEquals("Key (id)=(1) already exists.", dup.diag().messageDetail());
            c.rollback();
            cur.execute("CREATE TEMP TABLE dg (id int, n int NOT NULL)");
            IntegrityException nn = assertThrows(IntegrityException.class, () -> cur.execute("INSERT INTO dg VALUES (1, NULL)"));
            assertEquals("23502", nn.pgcode());
            assertEquals("n", nn.diag().columnName());
            c.rollback();
        }
    }

    @Test
    void syntaxErrorPositionAndTypeName() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            ProgrammingException e = assertThrows(ProgrammingException.class, () -> cur.execute("SELECT 1 FROMM x"));
            assertEquals("42601", e.pgcode());
            assertEquals("16", e.diag().statementPosition());
            c.rollback();
            DataException d = assertThrows(DataException.class, () -> cur.execute("SELECT 'abc'::int"));
            assertEquals("22P02", d.pgcode());
            c.rollback();
        }
    }

    @Test
    void driverErrorsHaveNoDiagnostics() {
        ProgrammingException e = new ProgrammingException("x");
        assertNull(e.pgcode());
        assertNull(e.pgerror());
        assertNull(e.diag().messagePrimary());
    }
}
