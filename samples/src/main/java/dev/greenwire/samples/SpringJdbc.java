package dev.greenwire.samples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.greenwire.jdbc.GreenwireDataSource;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plain Spring JDBC on Greenwire: HikariCP pooling {@link GreenwireDataSource} connections
 * that wait with the parking strategy, so that a thousand virtual threads share eight
 * connections without pinning a carrier. Each thread moves money between two accounts in a
 * {@link TransactionTemplate} transaction; a transfer that would overdraw rolls back.
 *
 * <p>Connects to {@code GREENWIRE_JDBC_URL} (with {@code GREENWIRE_USER} and
 * {@code GREENWIRE_PASSWORD}) when it is set; otherwise to the embedded default.
 */
public final class SpringJdbc {
    private SpringJdbc() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv("GREENWIRE_JDBC_URL");
        String user = System.getenv("GREENWIRE_USER");
        String password = System.getenv("GREENWIRE_PASSWORD");
        if (url == null || url.isBlank()) {
            System.out.println("GREENWIRE_JDBC_URL is not set: starting the embedded PostgreSQL…");
            TestServer s = TestServer.get();
            url = "jdbc:greenwire:postgresql://" + s.host() + ":" + s.port() + "/" + s.database();
            user = s.superuser();
            password = null;
            for (String kv : s.dsn().split("\\s+")) {
                if (kv.startsWith("password=")) {
                    password = kv.substring("password=".length());
                }
            }
        }
        run(url, user, password, 1_000);
        System.out.println("done.");
    }

    /** An overdraft: the transfer's transaction rolls back. */
    static final class InsufficientFunds extends RuntimeException {
        InsufficientFunds(String message) {
            super(message);
        }
    }

    static void run(String url, String user, String password, int transfers) throws Exception {
        GreenwireDataSource ds = new GreenwireDataSource();
        ds.setUrl(url);
        ds.setUser(user);
        ds.setPassword(password);
        ds.setWaitCallback(WaitStrategies.parking()); // virtual threads unmount while they wait for the server
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSource(ds);
        cfg.setMaximumPoolSize(8);
        cfg.setPoolName("spring-jdbc-sample");
        try (HikariDataSource pool = new HikariDataSource(cfg)) {
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));

            jdbc.execute("DROP TABLE IF EXISTS sj_account");
            jdbc.execute("CREATE TABLE sj_account (id int PRIMARY KEY, owner text NOT NULL, balance numeric(12,2) NOT NULL)");
            jdbc.batchUpdate("INSERT INTO sj_account VALUES (?, ?, ?)", List.of(
                    new Object[] {1, "alice", 1000}, new Object[] {2, "bob", 1000}, new Object[] {3, "carol", 10}));
            System.out.println("accounts: " + jdbc.queryForList("SELECT owner FROM sj_account ORDER BY id", String.class));

            AtomicInteger done = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < transfers; i++) {
                    int from = i % 3 + 1;
                    int to = (i + 1) % 3 + 1;
                    futures.add(threads.submit(() -> {
                        try {
                            tx.executeWithoutResult(status -> {
                                // lock both rows in id order, then move 1.00 if the sender can pay
                                jdbc.query("SELECT id FROM sj_account WHERE id IN (?, ?) ORDER BY id FOR UPDATE",
                                        rs -> { }, from, to);
                                jdbc.update("UPDATE sj_account SET balance = balance - 1 WHERE id = ?", from);
                                Number left = jdbc.queryForObject("SELECT balance FROM sj_account WHERE id = ?",
                                        Number.class, from);
                                if (left.doubleValue() < 0) {
                                    throw new InsufficientFunds("account " + from + " would be overdrawn");
                                }
                                jdbc.update("UPDATE sj_account SET balance = balance + 1 WHERE id = ?", to);
                            });
                            done.incrementAndGet();
                        } catch (InsufficientFunds e) {
                            refused.incrementAndGet();
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : futures) {
                f.get(); // rethrows a failure
            }
            System.out.println("transfers: " + done.get() + " done, " + refused.get() + " refused (rolled back)");
            System.out.println("total balance: " + jdbc.queryForObject("SELECT sum(balance) FROM sj_account", String.class));
            System.out.println("carol never overdrawn: "
                    + jdbc.queryForObject("SELECT balance >= 0 FROM sj_account WHERE id = 3", Boolean.class));
            try {
                jdbc.update("INSERT INTO sj_account VALUES (1, 'mallory', 0)");
            } catch (DataAccessException e) {
                System.out.println("duplicate id: " + e.getClass().getSimpleName());
            }
        }
    }
}
