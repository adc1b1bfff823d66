package dev.greenwire.internal.conninfo;

/**
 * One host of a (possibly multi-host) connection: the entries of {@code host}, {@code hostaddr} and
 * {@code port} at the same position, with the password that applies to it.
 *
 * @param host the host name, IP address or Unix-socket directory (starting with '/'); when only a
 *     {@code hostaddr} was given for this position, that address
 * @param hostaddr the numeric address to connect to without a name lookup, or null
 * @param port the port (also the suffix of the socket file name)
 * @param password the password for this host: the {@code password} parameter, {@code PGPASSWORD}
 *     or the password file's match for this host; null when there is none
 */
public record HostSpec(String host, String hostaddr, int port, String password) {
    /**
     * Whether this host is reached through a Unix-domain socket: its host is a directory and no
     * {@code hostaddr} forces TCP (as in libpq, a hostaddr wins).
     *
     * @return true for a socket connection
     */
    public boolean isUnixSocket() {
        return hostaddr == null && host.startsWith("/");
    }

    /**
     * The socket file of a Unix-socket host.
     *
     * @return {@code <host>/.s.PGSQL.<port>}
     */
    public String socketPath() {
        return host + "/.s.PGSQL." + port;
    }

    /** Describes the host without its password. */
    @Override
    public String toString() {
        return "HostSpec[" + host + (hostaddr == null ? "" : " (" + hostaddr + ")") + ":" + port
                + (password == null ? "" : ", password=xxx") + "]";
    }
}
