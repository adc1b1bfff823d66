package dev.greenwire.internal.transport;

import java.io.FileDescriptor;
import jnr.posix.JavaLibCHelper;

/** Reads the number behind a {@link FileDescriptor} through jnr-posix. */
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
}
