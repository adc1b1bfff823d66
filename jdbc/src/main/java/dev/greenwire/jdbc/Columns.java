package dev.greenwire.jdbc;

import dev.greenwire.internal.engine.Result;

/**
 * How each column of a row description is read, worked out once per description: a
 * prepared statement's executions share one field array, so their result sets share this.
 * Immutable once made, the arrays never written after.
 */
final class Columns {
    final Result.Field[] fields;
    final int[] oids;
    final boolean[] binary;
    final boolean[] coded;
    final int[] arrayElements;
    final boolean anyCoded;

    Columns(Result.Field[] fields) {
        this.fields = fields;
        int n = fields.length;
        oids = new int[n];
        binary = new boolean[n];
        coded = new boolean[n];
        arrayElements = new int[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            oids[i] = fields[i].typeOid();
            boolean bin = fields[i].format() == 1 && BinaryValues.readInBinary(oids[i]);
            coded[i] = bin && BinaryValues.byCodec(oids[i]);
            binary[i] = bin && !coded[i];
            arrayElements[i] = fields[i].format() == 1 ? BinaryValues.arrayElement(oids[i]) : 0;
            any |= coded[i] || arrayElements[i] != 0;
        }
        anyCoded = any;
    }

    /**
     * The readings of a connection's recent row descriptions, matched by identity of the field
     * array (the last eight, round robin). Made anew on a miss; any thread may ask, as the
     * readings are immutable.
     */
    static final class Recent {
        private final Columns[] recent = new Columns[8];
        private int next;

        Columns of(Result.Field[] fields) {
            for (Columns c : recent) {
                if (c != null && c.fields == fields) {
                    return c;
                }
            }
            Columns made = new Columns(fields);
            int slot = next;
            recent[slot & (recent.length - 1)] = made;
            next = slot + 1;
            return made;
        }
    }
}
