package dev.greenwire;

/**
 * Makes the {@link Cursor} objects a connection hands out, so that a subclass can be used:
 * {@code conn.cursor(LoggingCursor::new)}.
 *
 * @param <T> the cursor class
 */
@FunctionalInterface
public interface CursorFactory<T extends Cursor> {
    /**
     * Creates a cursor.
     *
     * @param init what the driver passes to {@code Cursor}'s constructor
     * @return the new cursor
     */
    T create(Cursor.Init init);
}
