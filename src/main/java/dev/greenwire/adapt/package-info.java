/**
 * Adaptation, Java → SQL (psycopg2's {@code ISQLQuote} protocol): query parameters become SQL
 * literals on the client, and what {@code Cursor.mogrify} returns is exactly what the server
 * runs. Lookup: {@link dev.greenwire.adapt.Conformable} first, then the adapter registered for
 * the most specific class or interface ({@code Extensions.registerAdapter}; subclasses inherit
 * their parent's), then the built-ins below; anything else raises
 * {@code ProgrammingException("can't adapt type 'Foo'")}. Strings are quoted for the
 * connection's client encoding and {@code standard_conforming_strings} (through
 * {@link dev.greenwire.adapt.SqlQuote#prepare}); a character the encoding cannot hold is a
 * {@code DataException}, and NUL is refused ("A string literal cannot contain NUL (0x00)
 * characters.").
 *
 * <table class="striped">
 * <caption>Built-in adaptation</caption>
 * <thead><tr><th>Java value</th><th>SQL literal</th></tr></thead>
 * <tbody>
 * <tr><td>{@code null}, {@link dev.greenwire.adapt.SqlNull}</td><td>{@code NULL}</td></tr>
 * <tr><td>Boolean</td><td>{@code true}, {@code false}</td></tr>
 * <tr><td>Byte, Short, Integer, Long, BigInteger</td><td>{@code 42}, {@code  -5} (a space before the
 *     sign, so {@code %s-%s} never makes a comment), {@code (-32768)}, {@code (-2147483648)},
 *     {@code (-9223372036854775808)}</td></tr>
 * <tr><td>Float, Double</td><td>{@code 1.5}, {@code 1.0E-5} (the shortest text that reads back the
 *     same value), {@code 'NaN'::float}, {@code 'Infinity'::float}, {@code '-Infinity'::float},
 *     {@code '-0'::float}</td></tr>
 * <tr><td>BigDecimal</td><td>{@code toPlainString()}: {@code 123.4500}, never an exponent</td></tr>
 * <tr><td>String, CharSequence, Character, Enum (its name), {@link dev.greenwire.adapt.QuotedString}</td>
 *     <td>{@code 'it''s'}; {@code E'a\\b'} when {@code standard_conforming_strings} is off</td></tr>
 * <tr><td>byte[], ByteBuffer (remaining bytes), {@link dev.greenwire.adapt.Binary}</td>
 *     <td>{@code '\x0102'::bytea} ({@code E'\\x0102'::bytea} when off)</td></tr>
 * <tr><td>UUID</td><td>{@code '…'::uuid}</td></tr>
 * <tr><td>LocalDate</td><td>{@code '2024-01-02'::date}, {@code '0044-03-15 BC'::date};
 *     {@code LocalDate.MAX}/{@code MIN} as {@code 'infinity'}/{@code '-infinity'}</td></tr>
 * <tr><td>LocalTime, OffsetTime</td><td>{@code '03:04:05.5'::time}, {@code '03:04:05+01:00'::timetz}</td></tr>
 * <tr><td>LocalDateTime</td><td>{@code '2024-01-02T03:04:05.123456'::timestamp}; MAX/MIN as infinities</td></tr>
 * <tr><td>OffsetDateTime, ZonedDateTime (its offset), Instant (UTC)</td>
 *     <td>{@code '2024-01-02T03:04:05+02:00'::timestamptz}; MAX/MIN as infinities</td></tr>
 * <tr><td>Duration, {@link dev.greenwire.cast.PgInterval}</td><td>{@code '-1:02:03.5'::interval},
 *     {@code '1 year 2 mons 3 days 04:05:06'::interval}</td></tr>
 * <tr><td>InetAddress, {@link dev.greenwire.cast.Cidr}</td><td>{@code '10.0.0.1'::inet},
 *     {@code '10.0.0.0/8'::cidr}</td></tr>
 * <tr><td>List, Object[], primitive arrays</td><td>{@code ARRAY[1,NULL,3]}, nested to any depth;
 *     {@code '{}'} and {@code '{NULL}'} (untyped: the server gives them the column's type) when
 *     there is no non-null element</td></tr>
 * <tr><td>{@link dev.greenwire.adapt.SqlIn}</td><td>{@code (1, 'a', NULL)}, for {@code IN %s}</td></tr>
 * <tr><td>{@link dev.greenwire.adapt.Json}</td><td>{@code '{"a": 1}'} (a string literal json and jsonb
 *     columns take)</td></tr>
 * <tr><td>{@link dev.greenwire.adapt.AsIs}</td><td>its {@code toString()}, unquoted: trusted SQL only</td></tr>
 * <tr><td>{@link dev.greenwire.extras.Range}</td><td>{@code int4range(1, 10, '[)')},
 *     {@code 'empty'::int4range}</td></tr>
 * <tr><td>{@link dev.greenwire.extras.Composite}, a record registered with
 *     {@code Extras.registerComposite}</td><td>{@code ROW(1, 'a')::mytype}</td></tr>
 * <tr><td>Map, after {@code Extras.registerHstore}</td><td>{@code '"k"=>"v", "n"=>NULL'::hstore}</td></tr>
 * </tbody>
 * </table>
 */
package dev.greenwire.adapt;
