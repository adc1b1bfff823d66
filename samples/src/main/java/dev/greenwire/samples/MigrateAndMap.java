package dev.greenwire.samples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.greenwire.jdbc.GreenwireDataSource;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * Flyway migrates a schema, then Hibernate maps it, both on Greenwire's JDBC driver.
 *
 * <p>Flyway 13 gets a {@link GreenwireDataSource} that waits with the parking strategy and
 * applies the scripts under {@code db/migrateandmap} to the schema {@code mam}: two tables, a
 * dollar-quoted PL/pgSQL function and a repeatable view. Hibernate ORM 7 then runs on HikariCP
 * over the same data source with {@code hibernate.hbm2ddl.auto=validate}, so the entities below
 * are checked against what the migrations made (through the driver's {@code DatabaseMetaData}).
 *
 * <p>Then a few hundred buyers, each on its own virtual thread, try to buy a seat for a concert
 * with fewer seats than buyers. Each buyer first insists on the seat it wants, so buyers collide
 * on PostgreSQL's unique constraint {@code ticket_seat_key}: Hibernate reports the violation with
 * the constraint's name (read from the server's message) and the buyer retries, in a new
 * transaction, with the next free seat the SQL function finds — or goes home when the concert is
 * sold out. A buyer who got a ticket looks it up again and checks in (an update, versioned).
 *
 * <p>Each run adds a concert and leaves the schema in place, so a second run finds nothing to
 * migrate and sells the next concert. Connects to {@code GREENWIRE_JDBC_URL} (with
 * {@code GREENWIRE_USER} and {@code GREENWIRE_PASSWORD}) when it is set; otherwise to the
 * embedded default.
 */
public final class MigrateAndMap {
    /** The schema the sample migrates and maps; nothing else is touched. */
    static final String SCHEMA = "mam";
    /** The unique constraint on (concert, seat) that buyers collide on. */
    static final String SEAT_CONSTRAINT = "ticket_seat_key";

    /**
     * Hibernate logs every SQL error it converts at WARN, here through java.util.logging (its
     * jboss-logging's choice without Logback or Log4j); the buyers handle their seat conflicts
     * themselves, so the sample keeps only this logger's errors. Held so the level sticks.
     */
    private static final Logger HIBERNATE_SQL_ERRORS = Logger.getLogger("org.hibernate.orm.jdbc.error");

    private MigrateAndMap() {
    }

    /**
     * Runs the sample: migrates, then sells 250 seats to 300 buyers on virtual threads.
     *
     * @param args ignored
     * @throws Exception if the sample fails
     */
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
        run(url, user, password, 300, 250);
        System.out.println("done.");
    }

    /** Whether a concert still sells tickets. */
    enum Status { ON_SALE, SOLD_OUT }

    /** Where a seat is: the first fifth of the hall is the front. */
    enum Section { FRONT, STALLS }

    /** A concert; its tickets are the one-to-many side. */
    @Entity(name = "Concert")
    @Table(name = "concert")
    static class Concert {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
        @Column(nullable = false, length = 200)
        String title;
        @Column(name = "starts_at", nullable = false)
        OffsetDateTime startsAt;
        @Column(nullable = false)
        int capacity;
        @Enumerated(EnumType.STRING)
        @Column(nullable = false, length = 20)
        Status status;
        @Version
        long version;
        @OneToMany(mappedBy = "concert")
        @OrderBy("seat")
        List<Ticket> tickets = new ArrayList<>();

        Concert() {
        }

        Concert(String title, OffsetDateTime startsAt, int capacity) {
            this.title = title;
            this.startsAt = startsAt;
            this.capacity = capacity;
            this.status = Status.ON_SALE;
        }
    }

    /** A seat sold to a buyer. */
    @Entity(name = "Ticket")
    @Table(name = "ticket")
    static class Ticket {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
        @ManyToOne(optional = false, fetch = FetchType.LAZY)
        @JoinColumn(name = "concert_id")
        Concert concert;
        @Column(nullable = false)
        int seat;
        @Enumerated(EnumType.STRING)
        @Column(nullable = false, length = 10)
        Section section;
        @Column(nullable = false, length = 100)
        String holder;
        @Column(nullable = false)
        UUID code;
        @Column(name = "bought_at", nullable = false)
        Instant boughtAt;
        @Column(name = "checked_in_at")
        Instant checkedInAt;
        @Version
        long version;

        Ticket() {
        }

        Ticket(Concert concert, int seat, String holder) {
            this.concert = concert;
            this.seat = seat;
            this.section = seat <= concert.capacity / 5 ? Section.FRONT : Section.STALLS;
            this.holder = holder;
            this.code = UUID.randomUUID();
            this.boughtAt = Instant.now();
        }
    }

    /**
     * What a run did.
     *
     * @param migrationsApplied migrations Flyway applied in this run
     * @param schemaVersion the schema's version after it
     * @param concertId the concert this run sold
     * @param sold tickets sold
     * @param turnedAway buyers who found the concert sold out
     * @param conflictsHandled unique violations on {@link MigrateAndMap#SEAT_CONSTRAINT} that were retried
     * @param checkedIn tickets checked in
     * @param concerts concerts in the schema (all runs)
     * @param tickets tickets in the schema (all runs)
     */
    record Summary(int migrationsApplied, String schemaVersion, long concertId, int sold, int turnedAway,
                   int conflictsHandled, long checkedIn, long concerts, long tickets) {
    }

    static Summary run(String url, String user, String password, int buyers, int seats) throws Exception {
        HIBERNATE_SQL_ERRORS.setLevel(Level.SEVERE);
        GreenwireDataSource ds = new GreenwireDataSource();
        ds.setUrl(url);
        ds.setUser(user);
        ds.setPassword(password);
        ds.setWaitCallback(WaitStrategies.parking()); // virtual threads unmount while they wait for the server

        // 1. Flyway: the scripts under db/migrateandmap, on the Greenwire data source itself
        Flyway flyway = Flyway.configure()
                .dataSource(ds)
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migrateandmap")
                .load();
        MigrateResult migrated = flyway.migrate();
        String version = flyway.info().current().getVersion().getVersion(); // the last versioned migration
        System.out.println("flyway: " + migrated.migrationsExecuted + " migrations applied, schema " + SCHEMA
                + " at version " + version);

        // 2. Hibernate on HikariCP on the same data source; validate checks the entities against the schema
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSource(ds);
        cfg.setMaximumPoolSize(8);
        cfg.setAutoCommit(false);
        cfg.setPoolName("migrate-and-map");
        try (HikariDataSource pool = new HikariDataSource(cfg);
             EntityManagerFactory emf = new HibernatePersistenceConfiguration("migrate-and-map")
                     .managedClasses(Concert.class, Ticket.class)
                     .property("hibernate.connection.datasource", pool)
                     .property("hibernate.connection.provider_disables_autocommit", "true")
                     .property("hibernate.default_schema", SCHEMA)
                     .property("hibernate.hbm2ddl.auto", "validate")
                     .property("hibernate.jdbc.time_zone", "UTC")
                     .createEntityManagerFactory()) {

            Concert concert = inTransaction(emf, em -> {
                long earlier = em.createQuery("SELECT count(c) FROM Concert c", Long.class).getSingleResult();
                Concert c = new Concert("Greenwire Live #" + (earlier + 1),
                        OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).truncatedTo(ChronoUnit.HOURS), seats);
                em.persist(c);
                return c;
            });
            System.out.println("concert " + concert.id + " '" + concert.title + "': " + seats + " seats, "
                    + buyers + " buyers on virtual threads");

            // 3. the crowd: every buyer on its own virtual thread, each step in its own transaction
            AtomicInteger sold = new AtomicInteger();
            AtomicInteger turnedAway = new AtomicInteger();
            AtomicInteger conflicts = new AtomicInteger();
            int wanted = Math.max(1, (seats + 1) / 2); // everyone wants a seat in the first half of the hall
            List<Future<?>> futures = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < buyers; i++) {
                    String holder = "buyer-" + i;
                    int seat = i % wanted + 1;
                    futures.add(threads.submit(() -> {
                        UUID code = buy(emf, concert.id, holder, seat, conflicts);
                        if (code == null) {
                            turnedAway.incrementAndGet();
                            return null;
                        }
                        sold.incrementAndGet();
                        inTransaction(emf, em -> { // query it back and check in: a versioned UPDATE
                            Ticket t = em.createQuery("SELECT t FROM Ticket t WHERE t.code = :code", Ticket.class)
                                    .setParameter("code", code).getSingleResult();
                            t.checkedInAt = Instant.now();
                            return null;
                        });
                        return null;
                    }));
                }
            }
            for (Future<?> f : futures) {
                f.get(); // rethrows a buyer's failure
            }

            // 4. the one-to-many side, and an update of the concert itself
            String sections = inTransaction(emf, em -> {
                Concert c = em.createQuery("SELECT c FROM Concert c LEFT JOIN FETCH c.tickets WHERE c.id = :id",
                        Concert.class).setParameter("id", concert.id).getSingleResult();
                long front = c.tickets.stream().filter(t -> t.section == Section.FRONT).count();
                if (c.tickets.size() == c.capacity) {
                    c.status = Status.SOLD_OUT;
                }
                return "front " + front + ", stalls " + (c.tickets.size() - front) + "; concert " + c.status;
            });
            System.out.println("tickets: " + sold.get() + " sold (" + sections + "), "
                    + turnedAway.get() + " buyers turned away");
            System.out.println("conflicts handled: " + conflicts.get() + " unique violations of " + SEAT_CONSTRAINT
                    + ", each retried with the next free seat");

            // 5. what the repeatable migration's view says, and what the schema holds after all runs
            Object[] view = inTransaction(emf, em -> (Object[]) em.createNativeQuery(
                    "SELECT sold, free, checked_in FROM " + SCHEMA + ".concert_sales WHERE id = ?1")
                    .setParameter(1, concert.id).getSingleResult());
            System.out.println("concert_sales view: sold " + view[0] + ", free " + view[1]
                    + ", checked in " + view[2]);
            long[] rows = inTransaction(emf, em -> new long[] {
                    em.createQuery("SELECT count(c) FROM Concert c", Long.class).getSingleResult(),
                    em.createQuery("SELECT count(t) FROM Ticket t", Long.class).getSingleResult()});
            System.out.println("rows in schema " + SCHEMA + ": " + rows[0] + " concerts, " + rows[1] + " tickets");
            return new Summary(migrated.migrationsExecuted, version, concert.id, sold.get(),
                    turnedAway.get(), conflicts.get(), ((Number) view[2]).longValue(), rows[0], rows[1]);
        }
    }

    /**
     * One buyer: insists on the seat it wants, and after a unique violation takes the next free
     * seat, each attempt in a new transaction.
     *
     * @return the ticket's code, or null when the concert is sold out
     */
    static UUID buy(EntityManagerFactory emf, long concertId, String holder, int wanted, AtomicInteger conflicts) {
        for (int attempt = 0; ; attempt++) {
            int tryNumber = attempt;
            try {
                return inTransaction(emf, em -> {
                    int seat = wanted;
                    if (tryNumber > 0) {
                        Number free = (Number) em.createNativeQuery("SELECT " + SCHEMA + ".free_seat(?1, ?2)")
                                .setParameter(1, concertId).setParameter(2, wanted).getSingleResult();
                        if (free == null) {
                            return null; // sold out
                        }
                        seat = free.intValue();
                    }
                    Ticket t = new Ticket(em.find(Concert.class, concertId), seat, holder);
                    em.persist(t); // an IDENTITY id: the INSERT runs here, and meets the unique constraint here
                    return t.code;
                });
            } catch (PersistenceException e) {
                ConstraintViolationException cve = constraintViolation(e);
                if (cve == null || !SEAT_CONSTRAINT.equals(cve.getConstraintName())) {
                    throw e;
                }
                conflicts.incrementAndGet(); // someone else got that seat first: try the next free one
                if (attempt > 10_000) { // each retry follows a seat someone else took: never reached
                    throw new IllegalStateException(holder + " never found a seat", e);
                }
            }
        }
    }

    private static ConstraintViolationException constraintViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException cve) {
                return cve;
            }
        }
        return null;
    }

    /** Runs {@code work} in a transaction of its own: commits on return, rolls back on an exception. */
    static <T> T inTransaction(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
