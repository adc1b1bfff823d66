/**
 * A JDBC 4.3 driver on Greenwire's green core: {@code jdbc:greenwire:postgresql://…} URLs,
 * {@link dev.greenwire.jdbc.GreenwireDriver} and {@link dev.greenwire.jdbc.GreenwireDataSource}.
 */
package dev.greenwire.jdbc;
