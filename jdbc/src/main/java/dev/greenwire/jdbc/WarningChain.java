package dev.greenwire.jdbc;

import java.sql.SQLWarning;
import java.util.concurrent.locks.ReentrantLock;

/** A chain of SQLWarnings added from any thread (the notices of the connection), under a lock. */
final class WarningChain {
    private final ReentrantLock lock = new ReentrantLock();
    private SQLWarning warnings;

    void add(SQLWarning w) {
        lock.lock();
        try {
            if (warnings == null) {
                warnings = w;
            } else {
                warnings.setNextWarning(w);
            }
        } finally {
            lock.unlock();
        }
    }

    SQLWarning get() {
        lock.lock();
        try {
            return warnings;
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            warnings = null;
        } finally {
            lock.unlock();
        }
    }
}
