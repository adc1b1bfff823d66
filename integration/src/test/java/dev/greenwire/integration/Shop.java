package dev.greenwire.integration;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Lob;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The entities of the Hibernate test, mapped onto the schema db/hibernate/V1__shop.sql makes. */
final class Shop {
    private Shop() {
    }

    enum Status { NEW, ACTIVE, CLOSED }

    @Embeddable
    static class Address {
        String street;
        String city;
        @Column(name = "postal_code", length = 10)
        String postalCode;

        Address() {
        }

        Address(String street, String city, String postalCode) {
            this.street = street;
            this.city = city;
            this.postalCode = postalCode;
        }
    }

    @Entity(name = "Customer")
    @Table(name = "customer", uniqueConstraints = @UniqueConstraint(name = "customer_email_key", columnNames = "email"))
    static class Customer {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
        @Column(nullable = false, length = 200)
        String email;
        String name;
        @Embedded
        Address address;
        @Enumerated(EnumType.STRING)
        @Column(length = 20)
        Status status;
        @Column(name = "external_id")
        UUID externalId;
        @Column(name = "created_at")
        Instant createdAt;
        @Column(name = "birth_date")
        LocalDate birthDate;
        @Version
        long version;
        @OneToMany(mappedBy = "customer", cascade = CascadeType.ALL, orphanRemoval = true)
        @OrderBy("id")
        List<PurchaseOrder> orders = new ArrayList<>();

        Customer() {
        }

        Customer(String email, String name) {
            this.email = email;
            this.name = name;
        }

        PurchaseOrder order(BigDecimal amount) {
            PurchaseOrder o = new PurchaseOrder();
            o.customer = this;
            o.amount = amount;
            orders.add(o);
            return o;
        }
    }

    @Entity(name = "PurchaseOrder")
    @Table(name = "purchase_order")
    static class PurchaseOrder {
        @Id
        @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "po_seq")
        @SequenceGenerator(name = "po_seq", sequenceName = "purchase_order_seq", allocationSize = 10)
        Long id;
        @ManyToOne(optional = false, fetch = FetchType.LAZY)
        @JoinColumn(name = "customer_id")
        Customer customer;
        @Column(precision = 12, scale = 2)
        BigDecimal amount;
        @Column(name = "placed_at")
        OffsetDateTime placedAt;
        @Column(name = "deliver_at")
        LocalDateTime deliverAt;
        /** A LOB kept in a bytea column (Hibernate 7 would give a bare @Lob byte[] a large-object oid). */
        @Lob
        @JdbcTypeCode(SqlTypes.VARBINARY)
        byte[] receipt;
    }

    /** Mapped to a table the migrations never made: validation must refuse it. */
    @Entity(name = "Ghost")
    @Table(name = "ghost")
    static class Ghost {
        @Id
        Long id;
    }
}
