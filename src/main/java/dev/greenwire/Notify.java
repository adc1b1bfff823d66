package dev.greenwire;

/**
 * A notification received after {@code LISTEN} (psycopg2's {@code Notify}).
 *
 * @param pid the process id of the backend that sent it
 * @param channel the channel it was sent on
 * @param payload the payload, empty when none was given
 */
public record Notify(int pid, String channel, String payload) {
}
