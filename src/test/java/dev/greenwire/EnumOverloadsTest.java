package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Enum overloads beside psycopg2's mode strings: scroll and lobject. */
class EnumOverloadsTest extends PgTest {

    @Test
    void scrollWithAnEnum() {
        try (Connection c = connect()) {
            Cursor cur = c.cursor();
            cur.execute("SELECT g FROM generate_series(0, 9) g");
            cur.scroll(3, ScrollMode.ABSOLUTE);
            assertEquals(3, cur.fetchOne().getInt(0));
            cur.scroll(2, ScrollMode.RELATIVE);
            assertEquals(6, cur.fetchOne().getInt(0));
            assertThrows(ProgrammingException.class, () -> cur.scroll(50, ScrollMode.RELATIVE));
            assertThrows(NullPointerException.class, () -> cur.scroll(1, (ScrollMode) null));
            assertEquals("absolute", ScrollMode.ABSOLUTE.psycopgName());
            c.rollback();
        }
    }

    @Test
    void lobjectWithAnEnum() {
        try (Connection c = connect()) {
            c.cursor().execute("SELECT 1");
            LargeObject lo = c.lobject(0, LargeObject.Mode.READ_WRITE, false);
            lo.write(new byte[] {1, 2, 3});
            lo.seek(0, 0);
            assertArrayEquals(new byte[] {1, 2, 3}, lo.read(3));
            assertEquals("rwb", lo.mode());
            LargeObject ro = c.lobject(lo.oid(), LargeObject.Mode.READ, true);
            assertEquals("rt", ro.mode());
            assertThrows(ProgrammingException.class, () -> ro.write("x"), "read-only");
            assertEquals("nb", LargeObject.Mode.NOT_OPENED.psycopgMode(false));
            c.rollback();
        }
    }
}
