package dev.greenwire.observe;

/**
 * What observers learn of a connection: where it goes and how it was made. Never a password.
 *
 * @param host the host name or address as given (a Unix-socket directory for a local socket)
 *             of the server tried last
 * @param port its port
 * @param database the database name
 * @param user the user name
 * @param tls whether the connection is encrypted
 * @param authMethod how the server authenticated the client: {@code scram-sha-256},
 *                   {@code md5}, {@code password}, {@code none} (trust, peer or a certificate),
 *                   or null before authentication
 * @param backendPid the server process, 0 before the connection is established
 * @param attempts connection attempts made (hosts, addresses and TLS retries)
 */
public record ConnectionInfo(String host, int port, String database, String user, boolean tls, String authMethod,
                             int backendPid, int attempts) {
}
