/**
 * Typecasting, SQL → Java: each column's text becomes a Java value through the
 * {@link dev.greenwire.cast.TypeCaster} registered for its type OID, looked up in the cursor's
 * scope, then the connection's, then the global registry, then the defaults below; any other
 * type is read as its text. A typecaster that throws surfaces as a {@code DataException} naming
 * the value, the column and the typecaster. Domains are read as their base type (the server
 * describes a domain column by its base type); enums as their label, a String.
 *
 * <table class="striped">
 * <caption>Default typecasters</caption>
 * <thead><tr><th>PostgreSQL type</th><th>Java value</th></tr></thead>
 * <tbody>
 * <tr><td>bool</td><td>Boolean</td></tr>
 * <tr><td>int2, int4, int8, oid</td><td>Short, Integer, Long, Long</td></tr>
 * <tr><td>float4, float8</td><td>Float, Double (NaN, ±Infinity included)</td></tr>
 * <tr><td>numeric</td><td>BigDecimal with the server's scale; {@code NaN}, {@code Infinity},
 *     {@code -Infinity} (which BigDecimal cannot hold) as the Double NaN and infinities</td></tr>
 * <tr><td>text, varchar, bpchar, name, char, unknown, xml, money (as the server formats it),
 *     bit, varbit, macaddr, point, box, record, regproc, regclass, regtype, void, enums</td><td>String</td></tr>
 * <tr><td>json, jsonb</td><td>String, or the loader's result after {@code Extras.registerJson}</td></tr>
 * <tr><td>bytea</td><td>byte[] (hex and escape output formats)</td></tr>
 * <tr><td>date</td><td>LocalDate; BC dates as years ≤ 0; {@code infinity}/{@code -infinity} as
 *     {@code LocalDate.MAX}/{@code LocalDate.MIN}</td></tr>
 * <tr><td>time, timetz</td><td>LocalTime ({@code 24:00:00} as {@code LocalTime.MAX}), OffsetTime</td></tr>
 * <tr><td>timestamp</td><td>LocalDateTime; infinities as {@code LocalDateTime.MAX}/{@code MIN}</td></tr>
 * <tr><td>timestamptz</td><td>OffsetDateTime in the session's TimeZone offset; infinities as
 *     {@code OffsetDateTime.MAX}/{@code MIN}</td></tr>
 * <tr><td>interval</td><td>{@link dev.greenwire.cast.PgInterval} (months, days, microseconds;
 *     {@code toDuration()} when it has no months, days counting as 24 hours)</td></tr>
 * <tr><td>uuid</td><td>UUID</td></tr>
 * <tr><td>inet</td><td>InetAddress for a host address, {@link dev.greenwire.cast.Cidr} when it
 *     carries a netmask</td></tr>
 * <tr><td>cidr</td><td>{@link dev.greenwire.cast.Cidr}</td></tr>
 * <tr><td>int4range, int8range, numrange, daterange, tsrange, tstzrange</td>
 *     <td>{@link dev.greenwire.extras.Range} of Integer, Long, BigDecimal, LocalDate,
 *     LocalDateTime, OffsetDateTime</td></tr>
 * <tr><td>int4multirange, int8multirange, nummultirange, datemultirange, tsmultirange,
 *     tstzmultirange (PostgreSQL 14+)</td><td>an unmodifiable {@code List} of those Ranges (write one
 *     with {@code int4multirange(VARIADIC %s)} and a List of Ranges)</td></tr>
 * <tr><td>hstore, composite types, other ranges</td><td>after registration with
 *     {@link dev.greenwire.extras.Extras}: Map, {@link dev.greenwire.extras.Composite} or a record,
 *     Range</td></tr>
 * <tr><td>arrays of any of these</td><td>nested {@code List} (NULL elements as null), of any
 *     dimension, lower bounds other than 1 ignored</td></tr>
 * <tr><td>anything else</td><td>String</td></tr>
 * </tbody>
 * </table>
 */
package dev.greenwire.cast;
