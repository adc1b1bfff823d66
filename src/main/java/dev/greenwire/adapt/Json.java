package dev.greenwire.adapt;

import dev.greenwire.internal.types.ByteBuf;
import java.util.Objects;
import java.util.function.Function;

/**
 * JSON text as a string literal (psycopg2's {@code Json}), for {@code json} and {@code jsonb}
 * columns: {@code new Json("{\"a\": 1}")} renders {@code '{"a": 1}'}. Greenwire ships no JSON
 * library: bring your own serializer with {@link #of(Object, Function)}.
 */
public final class Json extends QuoteBase {
    private final String text;

    /**
     * @param jsonText serialized JSON, not null
     */
    public Json(String jsonText) {
        this.text = Objects.requireNonNull(jsonText, "jsonText");
    }

    /**
     * Serializes a value with the given function.
     *
     * @param value the value (passed to {@code dumper} as is, null included)
     * @param dumper the serializer, e.g. {@code mapper::writeValueAsString} wrapped to be unchecked
     * @return the adapter
     */
    public static Json of(Object value, Function<Object, String> dumper) {
        return new Json(Objects.requireNonNull(dumper, "dumper").apply(value));
    }

    /** @return the JSON text */
    public String text() {
        return text;
    }

    @Override
    public byte[] getQuoted() {
        ByteBuf out = new ByteBuf(text.length() + 8);
        QuotedString.write(text, ctx, out);
        return out.toByteArray();
    }
}
