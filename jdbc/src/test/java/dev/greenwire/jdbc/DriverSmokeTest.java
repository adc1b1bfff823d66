package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DriverSmokeTest {
    @Test
    void selectsThroughDriverManager() throws Exception {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 AS one, 'x'::text AS t")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertEquals("x", rs.getString("t"));
            assertFalse(rs.next());
        }
    }

    @Test
    void preparedRoundTrip() throws Exception {
        try (Connection c = JdbcTestSupport.connect();
             PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1, ? || '!'")) {
            for (int i = 0; i < 8; i++) {
                ps.setInt(1, i);
                ps.setString(2, "hi" + i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(i + 1, rs.getInt(1));
                    assertEquals("hi" + i + "!", rs.getString(2));
                }
            }
        }
    }
}
