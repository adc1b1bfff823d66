package dev.greenwire;

/** What tests read of a cursor's internals (kept out of the production classes). */
final class TestHooks {
    private TestHooks() {
    }

    /** @return how many columns of the cursor's current result arrived in binary */
    static int binaryColumnCount(Cursor cur) {
        RowShape sh = cur.shape;
        int n = 0;
        if (sh != null && sh.binary != null) {
            for (boolean b : sh.binary) {
                n += b ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * A wait callback (the default selector wait) that counts the cancel requests a connection
     * made: each {@code cancel()} waits through the connection's callback on a short connection
     * of its own, which is any connection but the one being watched.
     */
    static final class CancelCounter implements WaitCallback {
        private final java.util.Set<Connection> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        private volatile Connection watched;

        /** @param conn the connection whose cancel requests to count */
        void watch(Connection conn) {
            watched = conn;
        }

        @Override
        public void waitFor(Connection conn) throws Exception {
            if (watched != null && conn != watched) {
                synchronized (seen) {
                    seen.add(conn);
                }
            }
            dev.greenwire.extras.Waits.waitSelect(conn);
        }

        /** @return the cancel requests sent so far */
        int sent() {
            synchronized (seen) {
                return seen.size();
            }
        }
    }
}
