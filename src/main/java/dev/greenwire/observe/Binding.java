package dev.greenwire.observe;

/** How a statement's arguments reached the server. */
public enum Binding {
    /** No arguments: the statement was sent as written. */
    NONE,
    /** psycopg2's client-side binding: the arguments were adapted into SQL literals. */
    CLIENT,
    /** Server-side binding: {@code $n} parameters of the extended protocol. */
    SERVER
}
