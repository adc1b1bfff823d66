package dev.greenwire.extras;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A value of a composite type registered with {@link Extras#registerComposite} without a
 * record class: its attributes by position and by name (psycopg2 returns a namedtuple).
 * Adapted as {@code ROW(a, b, …)::type}. Equal when of the same type OID with equal values.
 */
public final class Composite {
    private final CompositeType type;
    private final List<Object> values;

    Composite(CompositeType type, List<Object> values) {
        this.type = Objects.requireNonNull(type, "type");
        if (values.size() != type.attributeNames().size()) {
            throw new IllegalArgumentException("the composite type " + type.sqlName() + " has "
                    + type.attributeNames().size() + " attributes, got " + values.size() + " values");
        }
        this.values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** @return its type */
    public CompositeType type() {
        return type;
    }

    /** @return the number of attributes */
    public int size() {
        return values.size();
    }

    /**
     * @param index zero-based attribute position
     * @return the attribute's value, null for NULL
     */
    public Object get(int index) {
        return values.get(index);
    }

    /**
     * @param name an attribute's name
     * @return its value, null for NULL
     * @throws IllegalArgumentException when the type has no such attribute
     */
    public Object get(String name) {
        int i = type.attributeNames().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("the composite type " + type.sqlName() + " has no attribute '" + name + "'");
        }
        return values.get(i);
    }

    /** @return the values, in attribute order (unmodifiable, may hold nulls) */
    public List<Object> values() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Composite c && c.type.oid() == type.oid() && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return 31 * type.oid() + values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.sqlName()).append('(');
        for (int i = 0; i < values.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(type.attributeNames().get(i)).append('=').append(values.get(i));
        }
        return sb.append(')').toString();
    }
}
