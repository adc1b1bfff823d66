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
}
