package dev.greenwire.jdbc;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ResultSetMetaData (type names, precision, nullability, table names) and ParameterMetaData from Describe. */
class ResultDescriptionTest {
    @BeforeAll
    static void tables() throws SQLException {
        JdbcTestSupport.exec("DROP TABLE IF EXISTS rd", "DROP TYPE IF EXISTS rd_mood", "DROP DOMAIN IF EXISTS rd_posint",
                "CREATE TYPE rd_mood AS ENUM ('sad', 'ok')", "CREATE DOMAIN rd_posint AS int CHECK (VALUE > 0)",
                "CREATE TABLE rd (id serial PRIMARY KEY, name varchar(30) NOT NULL, price numeric(10,2), at timestamptz,"
                        + " mood rd_mood, tags text[], p rd_posint, ident bigint GENERATED ALWAYS AS IDENTITY)");
    }

    @Test
    void columns() throws SQLException {
        try (Connection c = JdbcTestSupport.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, name, price, at, mood, tags, p, ident, 1 + 1 AS two FROM rd")) {
            ResultSetMetaData m = rs.getMetaData();
            assertEquals(9, m.getColumnCount());
            assertEquals("serial", m.getColumnTypeName(1));
            assertTrue(m.isAutoIncrement(1));
            assertEquals(Types.INTEGER, m.getColumnType(1));
            assertEquals(ResultSetMetaData.columnNoNulls, m.isNullable(1));
            assertEquals("varchar", m.getColumnTypeName(2));
            assertEquals(30, m.getPrecision(2));
            assertEquals(ResultSetMetaData.columnNoNulls, m.isNullable(2));
            assertEquals("numeric", m.getColumnTypeName(3));
            assertEquals(10, m.getPrecision(3));
            assertEquals(2, m.getScale(3));
            assertEquals(ResultSetMetaData.columnNullable, m.isNullable(3));
            assertTrue(m.isSigned(3));
            assertEquals("java.math.BigDecimal", m.getColumnClassName(3));
            assertEquals("timestamptz", m.getColumnTypeName(4));
            assertEquals(Types.TIMESTAMP, m.getColumnType(4));
            assertEquals("rd_mood", m.getColumnTypeName(5));
            assertEquals("_text", m.getColumnTypeName(6));
            assertEquals(Types.ARRAY, m.getColumnType(6));
            assertEquals("java.sql.Array", m.getColumnClassName(6));
            assertEquals("int4", m.getColumnTypeName(7), "the server describes a domain column by its base type");
            assertEquals(Types.INTEGER, m.getColumnType(7));
            assertTrue(m.isAutoIncrement(8), "identity columns are auto-increment");
            assertEquals("rd", m.getTableName(2));
            assertEquals("public", m.getSchemaName(2));
            assertEquals("", m.getTableName(9));
            assertEquals("two", m.getColumnLabel(9));
            assertEquals(ResultSetMetaData.columnNullableUnknown, m.isNullable(9));
            assertThrows(SQLException.class, () -> m.getColumnName(10));
        }
    }

    @Test
    void parametersFromDescribe() throws SQLException {
        try (Connection c = JdbcTestSupport.connect();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM rd WHERE id = ? AND price > ? AND mood = ?")) {
            ParameterMetaData p = ps.getParameterMetaData();
            assertEquals(3, p.getParameterCount());
            assertEquals(Types.INTEGER, p.getParameterType(1));
            assertEquals("int4", p.getParameterTypeName(1));
            assertEquals("numeric", p.getParameterTypeName(2));
            assertEquals("rd_mood", p.getParameterTypeName(3));
            assertEquals(ParameterMetaData.parameterModeIn, p.getParameterMode(1));
            ResultSetMetaData before = ps.getMetaData();
            assertEquals(1, before.getColumnCount(), "columns known before the statement runs");
            assertEquals("varchar", before.getColumnTypeName(1));
        }
        try (Connection c = JdbcTestSupport.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO rd (name) VALUES (?)")) {
            assertNull(ps.getMetaData(), "a statement without rows has no columns");
            assertEquals("varchar", ps.getParameterMetaData().getParameterTypeName(1));
        }
    }
}
