/**
 * Observing Greenwire: JDK Flight Recorder events, a listener SPI, and the names they share.
 *
 * <h2>Flight Recorder</h2>
 * The driver emits JFR events named {@code dev.greenwire.*} (see the constants of
 * {@link dev.greenwire.observe.Observability}): {@code Connect}, {@code Query}, {@code Wait},
 * {@code Cancel}, {@code NotifyDelivered}, {@code ReplicationStatus}, and from
 * {@code greenwire-pool} {@code PoolAcquire} and {@code PoolConnectionLifecycle}. They cost
 * next to nothing unless a recording enables them. The event classes are internal: read the
 * events by name with {@code jdk.jfr.consumer}. The settings file the project ships,
 * {@code dev/greenwire/observe/greenwire.jfc} in the driver's jar (also
 * {@link dev.greenwire.observe.Observability#jfrSettings()}), sets their thresholds; a query,
 * a wait or a pool acquisition shorter than its threshold is not recorded.
 *
 * <p>No event carries a parameter value or a password: a query is recorded as written
 * ({@code %s}, {@code %(name)s} or {@code $n} placeholders), a failure by its SQLSTATE and
 * exception class, never by the server's message (which may quote a value).
 *
 * <h2>Listeners</h2>
 * A {@link dev.greenwire.observe.GreenwireListener} set for one connection
 * ({@code ConnectOptions.Builder.listener}) or for all
 * ({@link dev.greenwire.observe.Observability#setListener}) hears connection and pool
 * lifecycle, statements with their timing and waits; the {@code greenwire-opentelemetry} and
 * {@code greenwire-micrometer} modules are such listeners. With none set, the driver pays one
 * null check per operation.
 */
package dev.greenwire.observe;
