package dev.greenwire.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every function getNumericFunctions/getStringFunctions/getSystemFunctions/getTimeDateFunctions
 * names runs in a {fn …} escape on Greenwire's connection, with the X/Open meaning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MetaDataEscapeFunctionsTest {
    /** Each listed function: arguments, and the expected value as text (null: only that it runs). */
    private static final Map<String, String[]> CALLS = new HashMap<>();

    static {
        c("ABS", "-3", "3");
        c("ACOS", "1", "0");
        c("ASIN", "0", "0");
        c("ATAN", "0", "0");
        c("ATAN2", "0, 1", "0");
        c("CEILING", "1.2", "2");
        c("COS", "0", "1");
        c("COT", "1", null);
        c("DEGREES", "0", "0");
        c("EXP", "0", "1");
        c("FLOOR", "1.8", "1");
        c("LOG", "exp(2)", "2"); // natural: PostgreSQL's own log(exp(2)) is 0.868…
        c("LOG10", "100", "2");
        c("MOD", "7, 3", "1");
        c("PI", "", null);
        c("POWER", "2, 10", "1024");
        c("RADIANS", "0", "0");
        c("RAND", "", null);
        c("ROUND", "2.5", "3");
        c("SIGN", "-2", "-1");
        c("SIN", "0", "0");
        c("SQRT", "16", "4");
        c("TAN", "0", "0");
        c("TRUNCATE", "2.7, 0", "2");
        c("ASCII", "'A'", "65");
        c("CHAR", "66", "B");
        c("CHAR_LENGTH", "'abc'", "3");
        c("CHARACTER_LENGTH", "'abcd'", "4");
        c("CONCAT", "'ab', 'cd'", "abcd");
        c("INSERT", "'abcdef', 2, 3, 'XY'", "aXYef");
        c("LCASE", "'AbC'", "abc");
        c("LEFT", "'abcdef', 2", "ab");
        c("LENGTH", "'abc  '", "3");
        c("LOCATE", "'c', 'abcabc', 4", "6");
        c("LTRIM", "'  x'", "x");
        c("OCTET_LENGTH", "'é'", "2");
        c("POSITION", "'c' IN 'abc'", "3");
        c("REPEAT", "'ab', 3", "ababab");
        c("REPLACE", "'aXbX', 'X', '-'", "a-b-");
        c("RIGHT", "'abcdef', 2", "ef");
        c("RTRIM", "'x  '", "x");
        c("SPACE", "3", "   ");
        c("SUBSTRING", "'abcdef', 2, 3", "bcd");
        c("UCASE", "'aBc'", "ABC");
        c("DATABASE", "", "@db");
        c("IFNULL", "NULL, 'z'", "z");
        c("USER", "", "@user");
        c("CURDATE", "", null);
        c("CURRENT_DATE", "", null);
        c("CURRENT_TIME", "", null);
        c("CURRENT_TIMESTAMP", "", null);
        c("CURTIME", "", null);
        c("DAYNAME", "DATE '2024-03-01'", "Friday");
        c("DAYOFMONTH", "DATE '2024-03-01'", "1");
        c("DAYOFWEEK", "DATE '2024-03-02'", "7");
        c("DAYOFYEAR", "DATE '2024-03-01'", "61");
        c("EXTRACT", "YEAR FROM DATE '2024-03-01'", "2024");
        c("HOUR", "TIMESTAMP '2024-03-01 13:14:15'", "13");
        c("MINUTE", "TIMESTAMP '2024-03-01 13:14:15'", "14");
        c("MONTH", "DATE '2024-03-01'", "3");
        c("MONTHNAME", "DATE '2024-03-01'", "March");
        c("NOW", "", null);
        c("QUARTER", "DATE '2024-03-01'", "1");
        c("SECOND", "TIMESTAMP '2024-03-01 13:14:15'", "15");
        c("WEEK", "DATE '2024-03-01'", "9");
        c("YEAR", "DATE '2024-03-01'", "2024");
    }

    private static void c(String name, String args, String expected) {
        CALLS.put(name, new String[] {args, expected});
    }

    private Connection conn;
    private DatabaseMetaData meta;

    @BeforeAll
    void open() throws SQLException {
        conn = MetaDataTestSupport.greenwire();
        meta = conn.getMetaData();
    }

    @AfterAll
    void close() throws SQLException {
        if (conn != null) {
            conn.close();
        }
    }

    private void check(String list) throws SQLException {
        assertFalse(list.isEmpty());
        for (String f : list.split(",")) {
            String[] call = CALLS.get(f);
            assertNotNull(call, f + " is listed: give it a call here");
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT ({fn " + f.toLowerCase(java.util.Locale.ROOT) + "(" + call[0] + ")})::text")) {
                rs.next();
                String got = rs.getString(1);
                assertNotNull(got, f);
                String want = call[1];
                if ("@db".equals(want)) {
                    want = conn.getCatalog();
                } else if ("@user".equals(want)) {
                    want = meta.getUserName();
                }
                if (want != null) {
                    assertEquals(normal(want), normal(got), f);
                }
            }
        }
    }

    /** Numbers compared by value (2024 and 2024.0 alike), names without to_char's padding; else as is. */
    private static String normal(String s) {
        if (s.strip().matches("-?[0-9]+(\\.[0-9]+)?")) {
            return new java.math.BigDecimal(s.strip()).stripTrailingZeros().toPlainString();
        }
        return s.matches("[A-Za-z]+ *") ? s.strip() : s;
    }

    @Test
    void everyListedFunctionWorksInAnEscape() throws SQLException {
        check(meta.getNumericFunctions());
        check(meta.getStringFunctions());
        check(meta.getSystemFunctions());
        check(meta.getTimeDateFunctions());
        TreeSet<String> listed = new TreeSet<>();
        for (String l : new String[] {meta.getNumericFunctions(), meta.getStringFunctions(), meta.getSystemFunctions(),
                meta.getTimeDateFunctions()}) {
            listed.addAll(Arrays.asList(l.split(",")));
        }
        assertEquals(new TreeSet<>(CALLS.keySet()), listed, "each call here is listed");
    }
}
