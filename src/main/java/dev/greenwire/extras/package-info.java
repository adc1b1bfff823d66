/**
 * psycopg2's {@code extras}: {@link dev.greenwire.extras.Extras} registers hstore, composite
 * types, range types and JSON loaders and dumpers ({@link dev.greenwire.extras.Extras} lists the
 * mappings); {@link dev.greenwire.extras.Range} and {@link dev.greenwire.extras.Composite} are
 * their values; {@link dev.greenwire.extras.Waits} holds the default wait callback.
 */
package dev.greenwire.extras;
