package dev.greenwire.pool;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Helpers shared by the pool tests: DSNs, builders, a direct connection, counting backends and fds. */
final class PoolTestSupport {
    private static final AtomicInteger N = new AtomicInteger();

    private PoolTestSupport() {
    }

    /** @return a DSN with an application_name unique to this call, to find the pool's backends */
    static String dsn(String app) {
        return TestServer.get().dsn() + " application_name=" + app;
    }

    /** @return a fresh application name */
    static String app(String what) {
        return "gwpool_" + what + "_" + N.incrementAndGet();
    }

    /** Options with the parking strategy, as a Loom server runs. */
    static ConnectOptions parking() {
        return ConnectOptions.builder().waitCallback(WaitStrategies.parking()).build();
    }

    static ConnectionPool.Builder builder(String app) {
        return ConnectionPool.builder(dsn(app), parking()).name(app);
    }

    /** @return a connection outside any pool, in autocommit mode */
    static Connection direct() {
        Connection c = Pg.connect(TestServer.get().dsn() + " application_name=gwpool_observer");
        c.autocommit(true);
        return c;
    }

    /** @return the pids of the backends whose application_name is {@code app} */
    static List<Integer> backends(Connection observer, String app) {
        List<Integer> pids = new ArrayList<>();
        observer.cursor().execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s ORDER BY pid", app)
                .fetchAll().forEach(r -> pids.add(((Number) r.get(0)).intValue()));
        return pids;
    }

    /** Waits (bounded) until {@code check} holds; fails with {@code what} otherwise. */
    static void eventually(Duration limit, String what, java.util.function.BooleanSupplier check) {
        long end = System.nanoTime() + limit.toNanos();
        while (!check.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
    }

    /** @return how many file descriptors this process has open */
    static long openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
    }

    /** @return "fd -> target" of every open descriptor */
    static java.util.Set<String> fdTargets() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            s.forEach(p -> {
                try {
                    out.add(p.getFileName() + "->" + Files.readSymbolicLink(p));
                } catch (IOException gone) {
                    // closed meanwhile
                }
            });
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
        return out;
    }

    static long stat(ConnectionPool pool, String key) {
        Long v = pool.stats().get(key);
        if (v == null) {
            throw new AssertionError("stats() has no key " + key + ": " + pool.stats());
        }
        return v;
    }
}
