/**
 * OpenTelemetry for Greenwire: {@link dev.greenwire.opentelemetry.GreenwireTelemetry}, a
 * listener that makes spans and metrics with the database semantic conventions.
 */
module dev.greenwire.opentelemetry {
    requires transitive dev.greenwire;
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;

    exports dev.greenwire.opentelemetry;
}
