package dev.greenwire.integration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.greenwire.integration.Shop.Address;
import dev.greenwire.integration.Shop.Customer;
import dev.greenwire.integration.Shop.PurchaseOrder;
import dev.greenwire.integration.Shop.Status;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.flywaydb.core.Flyway;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hibernate ORM 7 on HikariCP over Greenwire, on a schema Flyway made: the mapping validates
 * against it (hbm2ddl validate reads it through Greenwire's DatabaseMetaData), then entities
 * round-trip and the server's errors become Hibernate's exceptions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HibernateTest {
    private static final String SCHEMA = "hib_shop";
    private DataSource greenwire;
    private HikariDataSource pool;
    private EntityManagerFactory emf;

    @BeforeAll
    void setUp() throws SQLException {
        greenwire = IntegrationSupport.dataSource();
        IntegrationSupport.dropSchemas(greenwire, SCHEMA);
        Flyway.configure().dataSource(greenwire).schemas(SCHEMA).createSchemas(true)
                .locations("classpath:db/hibernate").load().migrate();
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(greenwire);
        hc.setMaximumPoolSize(4);
        hc.setPoolName("hibernate-greenwire");
        hc.setAutoCommit(false);
        pool = new HikariDataSource(hc);
        emf = factory(Customer.class, PurchaseOrder.class);
    }

    @AfterAll
    void tearDown() throws SQLException {
        if (emf != null) {
            emf.close();
        }
        if (pool != null) {
            pool.close();
        }
        IntegrationSupport.dropSchemas(greenwire, SCHEMA);
    }

    private EntityManagerFactory factory(Class<?>... entities) {
        HibernatePersistenceConfiguration cfg = new HibernatePersistenceConfiguration("shop")
                .managedClasses(entities)
                .property("hibernate.connection.datasource", pool)
                .property("hibernate.connection.provider_disables_autocommit", "true")
                .property("hibernate.default_schema", SCHEMA)
                .property("hibernate.hbm2ddl.auto", "validate")
                .property("hibernate.jdbc.time_zone", "UTC");
        return cfg.createEntityManagerFactory();
    }

    private void inTransaction(Consumer<EntityManager> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    @Test
    void theMappingValidatesAgainstTheMigratedSchema() {
        // setUp built the factory with hbm2ddl validate; a mapping the schema lacks is refused
        assertNotNull(emf.getMetamodel().entity(Customer.class));
        PersistenceException e = assertThrows(PersistenceException.class,
                () -> factory(Customer.class, PurchaseOrder.class, Shop.Ghost.class).close());
        Throwable t = e;
        while (t != null && !(t instanceof SchemaManagementException)) {
            t = t.getCause();
        }
        assertNotNull(t, "a SchemaManagementException in " + e);
        assertTrue(t.getMessage().contains("ghost"), t.getMessage());
    }

    @Test
    void entitiesRoundTrip() {
        Instant created = Instant.parse("2024-05-06T07:08:09.123456Z");
        UUID external = UUID.randomUUID();
        byte[] receipt = new byte[300];
        for (int i = 0; i < receipt.length; i++) {
            receipt[i] = (byte) i;
        }
        OffsetDateTime placed = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 678_901_000, ZoneOffset.ofHours(5));
        LocalDateTime deliver = LocalDateTime.of(2024, 2, 29, 23, 59, 58, 999_999_000);
        Long[] ids = new Long[3];
        inTransaction(em -> {
            Customer c = new Customer("roundtrip@example.com", "Zoë Ünïcode");
            c.address = new Address("1 Main St", "Springfield", "12345");
            c.status = Status.ACTIVE;
            c.externalId = external;
            c.createdAt = created;
            c.birthDate = LocalDate.of(1990, 12, 31);
            PurchaseOrder a = c.order(new BigDecimal("12.34"));
            a.placedAt = placed;
            a.deliverAt = deliver;
            a.receipt = receipt;
            c.order(new BigDecimal("99.99"));
            em.persist(c);
            em.flush();
            ids[0] = c.id;
            ids[1] = c.orders.get(0).id;
            ids[2] = c.orders.get(1).id;
        });
        assertNotNull(ids[0], "the identity came back from the insert");
        assertEquals(ids[1] + 1, ids[2], "the sequence hands out ids in blocks");

        inTransaction(em -> {
            Customer c = em.find(Customer.class, ids[0]);
            assertEquals("Zoë Ünïcode", c.name);
            assertEquals("Springfield", c.address.city);
            assertEquals("12345", c.address.postalCode);
            assertEquals(Status.ACTIVE, c.status);
            assertEquals(external, c.externalId);
            assertEquals(created, c.createdAt);
            assertEquals(LocalDate.of(1990, 12, 31), c.birthDate);
            assertEquals(0L, c.version);
            assertEquals(2, c.orders.size());
            PurchaseOrder a = c.orders.get(0);
            assertEquals(new BigDecimal("12.34"), a.amount);
            assertTrue(placed.isEqual(a.placedAt), a.placedAt + " vs " + placed);
            assertEquals(deliver, a.deliverAt);
            assertArrayEquals(receipt, a.receipt);
            assertEquals(created.truncatedTo(ChronoUnit.MICROS), c.createdAt);
        });
    }

    @Test
    void queriesJpqlCriteriaNative() {
        inTransaction(em -> {
            for (int i = 0; i < 5; i++) {
                Customer c = new Customer("q" + i + "@example.com", "q" + i);
                c.status = i % 2 == 0 ? Status.NEW : Status.CLOSED;
                c.order(BigDecimal.valueOf(10L * i));
                em.persist(c);
            }
        });
        inTransaction(em -> {
            List<String> big = em.createQuery("SELECT DISTINCT c.name FROM Customer c JOIN c.orders o"
                    + " WHERE o.amount >= :min AND c.email LIKE 'q%' ORDER BY c.name", String.class)
                    .setParameter("min", new BigDecimal("20")).getResultList();
            assertEquals(List.of("q2", "q3", "q4"), big);

            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Customer> cq = cb.createQuery(Customer.class);
            Root<Customer> root = cq.from(Customer.class);
            cq.select(root).where(cb.equal(root.get("status"), Status.CLOSED), cb.like(root.get("email"), "q%"))
                    .orderBy(cb.asc(root.get("email")));
            assertEquals(List.of("q1", "q3"), em.createQuery(cq).getResultList().stream().map(c -> c.name).toList());

            Number n = (Number) em.createNativeQuery("SELECT count(*) FROM " + SCHEMA + ".purchase_order o JOIN "
                    + SCHEMA + ".customer c ON c.id = o.customer_id WHERE c.email LIKE ?1 AND o.amount > ?2")
                    .setParameter(1, "q%").setParameter(2, new BigDecimal("5")).getSingleResult();
            assertEquals(4, n.intValue());

            int updated = em.createQuery("UPDATE Customer c SET c.status = :s WHERE c.email LIKE 'q%' AND c.status = :old")
                    .setParameter("s", Status.ACTIVE).setParameter("old", Status.NEW).executeUpdate();
            assertEquals(3, updated);
        });
    }

    @Test
    void optimisticLockConflict() {
        Long[] id = new Long[1];
        inTransaction(em -> {
            Customer c = new Customer("lock@example.com", "first");
            em.persist(c);
            em.flush();
            id[0] = c.id;
        });
        EntityManager one = emf.createEntityManager();
        EntityManager two = emf.createEntityManager();
        try {
            one.getTransaction().begin();
            two.getTransaction().begin();
            Customer a = one.find(Customer.class, id[0]);
            Customer b = two.find(Customer.class, id[0]);
            a.name = "one";
            b.name = "two";
            one.getTransaction().commit();
            PersistenceException e = assertThrows(PersistenceException.class, () -> two.getTransaction().commit());
            Throwable t = e;
            while (t != null && !(t instanceof OptimisticLockException)) {
                t = t.getCause();
            }
            assertNotNull(t, "an OptimisticLockException in " + e);
        } finally {
            if (two.getTransaction().isActive()) {
                two.getTransaction().rollback();
            }
            one.close();
            two.close();
        }
        inTransaction(em -> {
            Customer c = em.find(Customer.class, id[0]);
            assertEquals("one", c.name);
            assertEquals(1L, c.version);
        });
    }

    @Test
    void aUniqueViolationNamesItsConstraint() {
        inTransaction(em -> em.persist(new Customer("dup@example.com", "first")));
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            // an IDENTITY id is inserted at persist
            PersistenceException e = assertThrows(PersistenceException.class, () -> {
                em.persist(new Customer("dup@example.com", "second"));
                em.flush();
            });
            ConstraintViolationException cve = assertInstanceOf(ConstraintViolationException.class,
                    e instanceof ConstraintViolationException ? e : e.getCause(), e.toString());
            assertEquals("customer_email_key", cve.getConstraintName());
            // Greenwire raises SQLIntegrityConstraintViolationException for class 23, which Hibernate
            // maps by its JDBC type (ConstraintKind OTHER; pgjdbc's plain SQLException gets UNIQUE
            // from the SQLSTATE instead); the constraint name comes from the server's message either way
            assertInstanceOf(SQLIntegrityConstraintViolationException.class, cve.getSQLException());
            assertEquals("23505", cve.getSQLState());
            assertTrue(cve.getSQLException().getMessage()
                    .contains("duplicate key value violates unique constraint \"customer_email_key\""),
                    cve.getSQLException().getMessage());
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
        // the pooled connection that carried the failure serves the next transaction
        inTransaction(em2 -> assertEquals(1L, em2.createQuery("SELECT count(c) FROM Customer c WHERE c.email = :e",
                Long.class).setParameter("e", "dup@example.com").getSingleResult()));
    }
}
