package dev.greenwire.internal.engine;

import dev.greenwire.internal.protocol.InBuf;

/**
 * More rows from a named portal that an {@link ExtendedOp} left suspended (Execute with a row
 * limit, then Sync), or the portal's Close. A named portal lives until its transaction ends,
 * so a caller streams a large result in bounded memory, a batch of rows per round trip.
 */
public final class PortalOp extends Op {
    private final String portal;
    private final int maxRows;
    private final boolean close;
    private final Result.Field[] fields;
    private Result building;
    private Result last;
    private boolean suspended;

    private PortalOp(String portal, int maxRows, boolean close, Result.Field[] fields) {
        this.portal = portal;
        this.maxRows = maxRows;
        this.close = close;
        this.fields = fields;
    }

    /**
     * Executes the portal again for up to {@code maxRows} more rows.
     *
     * @param portal the portal's name
     * @param maxRows the most rows to return, 0 for all that are left
     * @param fields the portal's columns, as its first result described them
     * @return the operation, to submit
     */
    public static PortalOp fetch(String portal, int maxRows, Result.Field[] fields) {
        if (portal == null || portal.isEmpty()) {
            throw new IllegalArgumentException("fetching more rows needs a named portal");
        }
        return new PortalOp(portal, Math.max(0, maxRows), false, fields);
    }

    /**
     * Closes the portal (harmless when the server already dropped it with its transaction).
     *
     * @param portal the portal's name
     * @return the operation, to submit
     */
    public static PortalOp close(String portal) {
        return new PortalOp(portal, 0, true, null);
    }

    @Override
    void start(Engine c) {
        if (close) {
            c.out.close('P', portal, c.charset());
        } else {
            c.out.execute(portal, maxRows, c.charset());
        }
        c.out.sync();
    }

    /** @return the rows of this fetch (none for a close) */
    public Result result() {
        return last;
    }

    /** @return true when the portal has more rows after these */
    public boolean suspended() {
        return suspended;
    }

    @Override
    boolean onMessage(Engine c, InBuf m) {
        switch (m.type()) {
            case '3' -> {
                // CloseComplete
            }
            case 'D' -> {
                if (building == null) {
                    building = new Result(fields);
                }
                building.add(m.rest());
            }
            case 's' -> {
                suspended = true;
                last = building != null ? building : new Result(fields);
                building = null;
            }
            case 'C' -> {
                Result r = building != null ? building : new Result(fields);
                r.tag(m.cstring(c.charset()));
                last = r;
                building = null;
            }
            case 'Z' -> {
                c.readyForQuery((char) m.i8());
                return true;
            }
            default -> throw Errors.unexpected(m.type(), "while reading a portal");
        }
        return false;
    }
}
