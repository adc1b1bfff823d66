package dev.greenwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What copy() reads of a COPY statement before sending it (no server needed: parsing only). */
class CopyStatementTest {
    @Test
    void targetsAndColumns() {
        CopyStatement st = CopyStatement.parse("COPY t FROM STDIN", true);
        assertEquals(CopyStatement.Direction.FROM, st.direction);
        assertEquals("t", st.table);
        assertEquals("\"t\"", st.quotedTable);
        assertNull(st.columns);
        assertEquals("text", st.format);
        assertNull(st.problem);

        st = CopyStatement.parse("copy ONLY Public . \"My \"\"T\"\"\" (a, \"B c\", Ü) to stdout with (format binary, header)", true);
        assertEquals(CopyStatement.Direction.TO, st.direction);
        assertEquals("Public . \"My \"\"T\"\"\"", st.table);
        assertEquals("\"public\".\"My \"\"T\"\"\"", st.quotedTable);
        assertEquals(List.of("a", "B c", "Ü"), st.columns);
        assertTrue(st.binary());
        assertTrue(st.header);
        assertNull(st.problem);

        st = CopyStatement.parse("/* a /* nested */ comment */ COPY (SELECT 'x)' AS \"a)\", $q$)$q$, (1) FROM t -- )\n) TO STDOUT (FORMAT csv)", true);
        assertEquals("SELECT 'x)' AS \"a)\", $q$)$q$, (1) FROM t -- )\n", st.query);
        assertNull(st.table);
        assertEquals("csv", st.format);
        assertNull(st.problem);
    }

    @Test
    void optionsOldAndNew() {
        CopyStatement st = CopyStatement.parse("COPY t FROM STDIN WITH DELIMITER AS E'\\t' NULL AS '' CSV HEADER", true);
        assertEquals('\t', st.delimiter);
        assertEquals("", st.nullString);
        assertEquals("csv", st.format);
        assertTrue(st.header);
        assertNull(st.problem);

        st = CopyStatement.parse("COPY BINARY t TO STDOUT", true);
        assertTrue(st.binary());
        st = CopyStatement.parse("COPY t TO STDOUT BINARY", true);
        assertTrue(st.binary());

        st = CopyStatement.parse("COPY t TO STDOUT (ENCODING 'latin1', DELIMITER '|', NULL 'x', HEADER false, FORCE_QUOTE (a, b));", true);
        assertEquals("latin1", st.encoding);
        assertEquals('|', st.delimiter);
        assertEquals("x", st.nullString);
        assertFalse(st.header);
        assertFalse(st.multiple);
        assertNull(st.problem);

        st = CopyStatement.parse("COPY t FROM STDIN DELIMITER '\\t'", false); // standard_conforming_strings off
        assertEquals('\t', st.delimiter);
        st = CopyStatement.parse("COPY t FROM STDIN CSV QUOTE AS '\"' FORCE NOT NULL a, b", true);
        assertEquals("csv", st.format);
        assertNull(st.problem);
        st = CopyStatement.parse("COPY t FROM STDIN (FORMAT text) WHERE a > 1", true);
        assertNull(st.problem);
    }

    @Test
    void whatCopyRefusesOrCannotRead() {
        assertFalse(CopyStatement.parse("SELECT 1", true).isCopy);
        assertFalse(CopyStatement.parse("COPY t FROM '/file'", true).stdio);
        assertFalse(CopyStatement.parse("COPY t TO PROGRAM 'gzip > x'", true).stdio);
        assertTrue(CopyStatement.parse("COPY t FROM STDIN; SELECT 1", true).multiple);
        assertNotNull(CopyStatement.parse("COPY t FROM STDIN (FORMAT text, DEFAULT 'd')", true).problem);
        assertNotNull(CopyStatement.parse("COPY t FROM STDIN WITH OIDS", true).problem);
        assertNotNull(CopyStatement.parse("COPY t FROM STDIN (DELIMITER 'ab')", true).problem);
        assertNotNull(CopyStatement.parse("COPY (SELECT 1 TO STDOUT", true).problem);
        assertNotNull(CopyStatement.parse("COPY t FROM STDIN (FORMAT text", true).problem);
    }
}
