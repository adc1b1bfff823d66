package dev.greenwire.internal.conninfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The libpq password file ({@code ~/.pgpass}): lines of {@code hostname:port:database:username:password}.
 *
 * <p>As in libpq: a field of just {@code *} matches anything; {@code \:} and {@code \\} escape a colon or
 * a backslash; lines starting with {@code #} are comments; the first matching line wins and its password
 * ends at the next unescaped colon. {@code localhost} in the file also matches a Unix-socket connection
 * to a default socket directory. A file that is missing, is not a regular file, or (on POSIX file
 * systems) grants any access to group or others is ignored without an error.
 */
final class PgPass {
    /** Socket directories libpq may be built with as its default; a connection to one of them looks up {@code localhost}. */
    static final Set<String> DEFAULT_SOCKET_DIRS = Set.of("/var/run/postgresql", "/run/postgresql", "/tmp");

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PgPass() {
    }

    /**
     * Finds the password for one connection target.
     *
     * @param file the password file; null for none
     * @param host the host name, address or socket directory
     * @param port the port
     * @param dbname the database name
     * @param user the user name
     * @return the password of the first matching line, or null (no file, ignored file, no match, empty password)
     */
    static String lookup(Path file, String host, int port, String dbname, String user) {
        if (file == null || dbname == null || dbname.isEmpty() || user == null || user.isEmpty()
                || !Files.isRegularFile(file)) {
            return null;
        }
        String text;
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                return null;
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: libpq does not check permissions there either
        } catch (IOException e) {
            return null;
        }
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        String h = host == null || host.isEmpty() || DEFAULT_SOCKET_DIRS.contains(host) ? "localhost" : host;
        String p = Integer.toString(port);
        for (String line : text.split("\n")) {
            line = line.replaceAll("[\r\n]+$", "");
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int pos = field(line, 0, h);
            pos = field(line, pos, p);
            pos = field(line, pos, dbname);
            pos = field(line, pos, user);
            if (pos >= 0) {
                String password = password(line, pos);
                return password.isEmpty() ? null : password;
            }
        }
        return null;
    }

    /** Matches the field starting at {@code pos} against {@code token}; returns the next field's start, or -1. */
    private static int field(String line, int pos, String token) {
        if (pos < 0) {
            return -1;
        }
        if (line.startsWith("*:", pos)) {
            return pos + 2;
        }
        int t = 0;
        for (int i = pos; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean escaped = c == '\\' && i + 1 < line.length();
            if (escaped) {
                c = line.charAt(++i);
            }
            if (c == ':' && !escaped) {
                return t == token.length() ? i + 1 : -1;
            }
            if (t >= token.length() || token.charAt(t++) != c) {
                return -1;
            }
        }
        return -1;
    }

    /** The de-escaped password starting at {@code pos}, up to an unescaped colon or the end of the line. */
    private static String password(String line, int pos) {
        StringBuilder sb = new StringBuilder();
        for (int i = pos; i < line.length() && line.charAt(i) != ':'; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                c = line.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
