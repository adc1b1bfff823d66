/**
 * Micrometer for Greenwire: {@link dev.greenwire.micrometer.GreenwireMetrics}, a listener and
 * {@code MeterBinder} for pools and statements.
 */
module dev.greenwire.micrometer {
    requires transitive dev.greenwire;
    requires micrometer.core;

    exports dev.greenwire.micrometer;
}
