package dev.greenwire.cast;

import dev.greenwire.Cursor;

/**
 * Turns the server's text representation of a value into a Java object (the function inside
 * a psycopg2 typecaster).
 */
@FunctionalInterface
public interface Caster {
    /**
     * Converts one value.
     *
     * @param value the server's text for the value, or null for SQL NULL
     * @param cursor the cursor reading the value (null when cast outside a query)
     * @return the Java value
     */
    Object cast(String value, Cursor cursor);
}
