package dev.greenwire.extras;

import dev.greenwire.cast.TypeCaster;
import java.util.List;
import java.util.Objects;

/**
 * A composite type registered with {@link Extras#registerComposite} (psycopg2's
 * {@code CompositeCaster}): its name, OIDs, attributes and typecasters.
 *
 * <p>Its values are read as {@link Composite}, or as instances of the Java record it was
 * registered with ({@link #recordClass()}), and written as {@code ROW(a, b, …)::name}.
 */
public final class CompositeType {
    private final String name;
    private final String sqlName;
    private final int oid;
    private final int arrayOid;
    private final List<String> attributeNames;
    private final List<Integer> attributeTypes;
    private final Class<? extends Record> recordClass;
    TypeCaster caster;
    TypeCaster arrayCaster;

    CompositeType(String name, String sqlName, int oid, int arrayOid, List<String> attributeNames,
            List<Integer> attributeTypes, Class<? extends Record> recordClass) {
        this.name = name;
        this.sqlName = sqlName;
        this.oid = oid;
        this.arrayOid = arrayOid;
        this.attributeNames = List.copyOf(attributeNames);
        this.attributeTypes = List.copyOf(attributeTypes);
        this.recordClass = recordClass;
    }

    /** @return the name it was registered under, as given */
    public String name() {
        return name;
    }

    /** @return the type's name as SQL text ({@code format_type}: quoted, schema-qualified when not on the search path) */
    public String sqlName() {
        return sqlName;
    }

    /** @return the type's OID */
    public int oid() {
        return oid;
    }

    /** @return the OID of its array type (0 when none) */
    public int arrayOid() {
        return arrayOid;
    }

    /** @return the attributes' names, in order */
    public List<String> attributeNames() {
        return attributeNames;
    }

    /** @return the attributes' type OIDs, in order */
    public List<Integer> attributeTypes() {
        return attributeTypes;
    }

    /** @return the Java record its values are read as, or null for {@link Composite} */
    public Class<? extends Record> recordClass() {
        return recordClass;
    }

    /** @return the typecaster of the type */
    public TypeCaster typeCaster() {
        return caster;
    }

    /** @return the typecaster of its array type, or null when it has none */
    public TypeCaster arrayTypeCaster() {
        return arrayCaster;
    }

    /**
     * A value of this type, to pass as a query parameter.
     *
     * @param values one per attribute, in order
     * @return the value
     * @throws IllegalArgumentException when the count differs from the attributes'
     */
    public Composite of(Object... values) {
        Objects.requireNonNull(values, "values");
        return new Composite(this, java.util.Arrays.asList(values.clone()));
    }

    @Override
    public String toString() {
        return "CompositeType[" + sqlName + ", oid=" + oid + ", attributes=" + attributeNames + "]";
    }
}
