/**
 * Greenwire's JDBC 4.3 driver over the green core: every wait goes through the
 * {@link dev.greenwire.WaitCallback} of the user's choice. Start with
 * {@link dev.greenwire.jdbc.GreenwireDriver} or {@link dev.greenwire.jdbc.GreenwireDataSource}.
 */
module dev.greenwire.jdbc {
    requires transitive java.sql;
    requires transitive dev.greenwire;
    requires dev.greenwire.wait;
    requires java.sql.rowset;
    requires org.slf4j;

    exports dev.greenwire.jdbc;

    provides java.sql.Driver with dev.greenwire.jdbc.GreenwireDriver;
}
