/**
 * Greenwire's connection pool for virtual-thread servers: {@link dev.greenwire.pool.ConnectionPool}.
 */
module dev.greenwire.pool {
    requires transitive dev.greenwire;
    requires org.slf4j;
    requires jdk.jfr;

    exports dev.greenwire.pool;
}
