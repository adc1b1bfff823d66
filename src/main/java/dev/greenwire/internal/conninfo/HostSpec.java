package dev.greenwire.internal.conninfo;

/**
 * One host of a (possibly multi-host) connection string.
 *
 * @param host the host name, IP address, or Unix-socket directory (starts with '/')
 * @param hostaddr a numeric address that skips name lookup, or null
 * @param port the port
 * @param password the password for this host (parameter, PGPASSWORD or password file), or null
 */
public record HostSpec(String host, String hostaddr, int port, String password) {
    /** @return true when {@link #host()} is a Unix-socket directory */
    public boolean isUnixSocket() {
        return hostaddr == null && host.startsWith("/");
    }

    /** @return the socket file: {@code <dir>/.s.PGSQL.<port>} */
    public String socketPath() {
        return host + "/.s.PGSQL." + port;
    }

    @Override
    public String toString() {
        return "HostSpec[" + host + (hostaddr == null ? "" : "(" + hostaddr + ")") + ":" + port + "]";
    }
}
