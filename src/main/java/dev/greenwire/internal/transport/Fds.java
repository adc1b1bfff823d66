package dev.greenwire.internal.transport;

import java.io.FileDescriptor;
import jnr.posix.JavaLibCHelper;

/** Reads the number behind a {@link FileDescriptor}, and sets socket options, through jnr-posix. */
final class Fds {
    private Fds() {
    }

    static int fdOf(FileDescriptor fd) {
        int n = JavaLibCHelper.getfdFromDescriptor(fd);
        if (n < 0) {
            throw new IllegalStateException("jnr-posix could not read the descriptor");
        }
        return n;
    }

    private static jnr.posix.POSIX posix;

    private static jnr.posix.POSIX posix() {
        jnr.posix.POSIX p = posix;
        if (p == null) {
            p = jnr.posix.POSIXFactory.getNativePOSIX();
            posix = p;
        }
        return p;
    }

    static int setsockopt(int fd, int level, int option, java.nio.ByteBuffer value) {
        return posix().libc().setsockopt(fd, level, option, value, value.capacity());
    }

    static int errno() {
        return posix().errno();
    }
}
