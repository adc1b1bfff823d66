package dev.greenwire;

/** How {@link Cursor#scroll(int, ScrollMode)} moves: psycopg2's {@code "relative"} and {@code "absolute"}. */
public enum ScrollMode {
    /** By a number of rows from the current position. */
    RELATIVE("relative"),
    /** To a 0-based row index. */
    ABSOLUTE("absolute");

    private final String psycopg;

    ScrollMode(String psycopg) {
        this.psycopg = psycopg;
    }

    /** @return psycopg2's name of the mode */
    public String psycopgName() {
        return psycopg;
    }
}
