package dev.greenwire.cast;

import dev.greenwire.Cursor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named typecaster for one or more type OIDs (psycopg2's {@code new_type} object), made with
 * {@code Extensions.newType} or {@code Extensions.newArrayType} and registered with
 * {@code Extensions.registerType}.
 */
public final class TypeCaster implements Caster {
    private final int[] oids;
    private final String name;
    private final Caster caster;

    /**
     * Creates a typecaster.
     *
     * @param oids the type OIDs it handles (at least one)
     * @param name a name for messages and {@link #toString()}
     * @param caster the conversion
     */
    public TypeCaster(int[] oids, String name, Caster caster) {
        Objects.requireNonNull(oids, "oids");
        if (oids.length == 0) {
            throw new IllegalArgumentException("a typecaster needs at least one OID");
        }
        this.oids = oids.clone();
        this.name = Objects.requireNonNull(name, "name");
        this.caster = Objects.requireNonNull(caster, "caster");
    }

    /** @return a copy of the OIDs this typecaster handles */
    public int[] oids() {
        return oids.clone();
    }

    /** @return the typecaster's name */
    public String name() {
        return name;
    }

    /** @return the conversion function */
    public Caster caster() {
        return caster;
    }

    @Override
    public Object cast(String value, Cursor cursor) {
        return caster.cast(value, cursor);
    }

    @Override
    public String toString() {
        return "TypeCaster[" + name + " " + Arrays.toString(oids) + "]";
    }
}
