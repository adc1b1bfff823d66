/**
 * Greenwire: a PostgreSQL driver for Java 21+ in psycopg2's design, built for virtual threads
 * and custom schedulers. Start with {@link dev.greenwire.Pg}.
 */
@SuppressWarnings("module") // the qualified exports name dev.greenwire.jdbc and dev.greenwire.pool, built after this module
module dev.greenwire {
    requires org.slf4j;
    requires jdk.net;
    requires org.jnrproject.posix;
    requires com.ongres.scram.client;
    requires jdk.jfr;

    exports dev.greenwire;
    exports dev.greenwire.adapt;
    exports dev.greenwire.cast;
    exports dev.greenwire.extras;
    exports dev.greenwire.observe;
    exports dev.greenwire.replication;
    exports dev.greenwire.replication.pgoutput;
    // the JDBC driver runs its statements on the engine's operations (extended protocol, portals)
    // and decodes binary result columns with the built-in codecs
    // (and the pool's multiplexer defers the interrupts of a thread that waits for others' statements)
    exports dev.greenwire.internal.engine to dev.greenwire.jdbc, dev.greenwire.pool;
    exports dev.greenwire.internal.types to dev.greenwire.jdbc;
}
