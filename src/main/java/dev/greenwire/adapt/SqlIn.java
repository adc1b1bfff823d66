package dev.greenwire.adapt;

import dev.greenwire.ProgrammingException;
import dev.greenwire.internal.types.Adaptation;
import dev.greenwire.internal.types.ByteBuf;
import java.util.Collection;
import java.util.Objects;

/**
 * A collection as a parenthesized list for {@code IN} (psycopg2's {@code SQL_IN}, what it does
 * for tuples): {@code new SqlIn(List.of(1, 2, 3))} renders {@code (1, 2, 3)}, each element
 * adapted as a query argument would be (null elements become {@code NULL}).
 *
 * <p>An empty collection is refused with {@link ProgrammingException}: {@code ()} is a syntax
 * error, and {@code (NULL)} would silently make {@code x NOT IN (NULL)} never true.
 */
public final class SqlIn extends QuoteBase {
    private final Object[] elements;

    /**
     * @param elements the values, copied now; at least one
     * @throws ProgrammingException when the collection is empty
     */
    public SqlIn(Collection<?> elements) {
        this.elements = Objects.requireNonNull(elements, "elements").toArray();
        if (this.elements.length == 0) {
            throw new ProgrammingException("SqlIn needs at least one element");
        }
    }

    @Override
    public byte[] getQuoted() {
        ByteBuf out = new ByteBuf(8 * elements.length);
        out.write('(');
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                out.write(',');
                out.write(' ');
            }
            out.write(Adaptation.quote(elements[i], conn, ctx));
        }
        out.write(')');
        return out.toByteArray();
    }
}
