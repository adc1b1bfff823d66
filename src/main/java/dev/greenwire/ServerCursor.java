package dev.greenwire;

/**
 * A cursor that binds its arguments on the server (psycopg 3's default {@code Cursor}, as
 * opposed to its {@code ClientCursor}): {@code %s} and {@code %(name)s} become {@code $1},
 * {@code $2}… sent with Bind through the extended protocol, numbers, bytes, UUIDs and
 * date/times in binary; a statement run often enough is prepared once and then executed with
 * Bind alone ({@link ConnectOptions.Builder#prepareThreshold}), its columns read in binary where
 * the built-in typecaster applies. Use it per cursor with {@code conn.cursor(ServerCursor::new)},
 * or for every cursor of a connection with {@link ConnectOptions.Builder#serverSideBinding}.
 *
 * <p>Differences from client-side binding: one statement per {@code execute} with arguments
 * (the extended protocol refuses several); a parameter has a type, so the server may need a
 * cast where a literal would have been coerced ({@code %s::date} is always safe); values of
 * types without a parameter encoding (arrays, intervals, JSON, ranges, composites, registered
 * adapters) are still written into the text as literals. {@code execute(sql)} without
 * arguments and named cursors use the simple protocol.
 */
public class ServerCursor extends Cursor {
    /**
     * Creates the cursor.
     *
     * @param init from the driver
     */
    public ServerCursor(Init init) {
        super(init);
        serverBinding(true);
    }
}
