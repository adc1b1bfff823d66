package dev.greenwire;

import dev.greenwire.cast.TypeCaster;
import dev.greenwire.internal.types.TextValues;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What every row of one result shares: columns, their typecasters, the charset, the cursor. */
final class RowShape {
    final List<Column> columns;
    final String[] names;
    final TypeCaster[] casters;
    final Charset charset;
    final Cursor cursor;
    /** Per column, whether its values arrive in binary (null: all text). */
    final boolean[] binary;
    final int[] oids;
    final java.time.ZoneId zone;
    /** Per column, the fast path of its text values ({@link TextValues}), or null when none has one. */
    final byte[] text;
    private Map<String, Integer> index;

    RowShape(List<Column> columns, TypeCaster[] casters, Charset charset, Cursor cursor) {
        this(columns, casters, charset, cursor, null, null, null);
    }

    RowShape(List<Column> columns, TypeCaster[] casters, Charset charset, Cursor cursor, boolean[] binary, int[] oids,
             java.time.ZoneId zone) {
        this.binary = binary;
        this.oids = oids;
        this.zone = zone;
        this.columns = columns;
        this.casters = casters;
        this.charset = charset;
        this.cursor = cursor;
        this.names = new String[columns.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = columns.get(i).name();
        }
        this.text = textKinds(casters, charset, binary, oids);
    }

    private static byte[] textKinds(TypeCaster[] casters, Charset charset, boolean[] binary, int[] oids) {
        if (oids == null || casters == null || charset == null || !TextValues.asciiCompatible(charset)) {
            return null;
        }
        byte[] kinds = null;
        for (int i = 0; i < oids.length; i++) {
            byte k = binary != null && binary[i] ? TextValues.NONE : TextValues.kind(oids[i], casters[i]);
            if (k != TextValues.NONE) {
                if (kinds == null) {
                    kinds = new byte[oids.length];
                }
                kinds[i] = k;
            }
        }
        return kinds;
    }

    int indexOf(String name) {
        Map<String, Integer> m = index;
        if (m == null) {
            m = new HashMap<>();
            for (int i = names.length - 1; i >= 0; i--) {
                m.put(names[i], i);
            }
            index = m;
        }
        Integer i = m.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no column named \"" + name + "\" in the result (columns: "
                    + String.join(", ", names) + ")");
        }
        return i;
    }
}
