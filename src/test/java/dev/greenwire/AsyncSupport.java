package dev.greenwire;

import java.io.IOException;

/** Gives tests in other packages psycopg2's wait() loop. */
public final class AsyncSupport {
    private AsyncSupport() {
    }

    /** @param c an async connection to drive until poll() reports OK */
    public static void waitFor(Connection c) throws IOException {
        AsyncTest.waitFor(c);
    }
}
