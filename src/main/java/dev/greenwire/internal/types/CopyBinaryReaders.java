package dev.greenwire.internal.types;

import dev.greenwire.Cursor;
import dev.greenwire.DataException;
import dev.greenwire.cast.Oid;
import dev.greenwire.cast.TypeCaster;
import dev.greenwire.internal.types.CopyBinary.FieldReader;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The decoders of {@link CopyBinary}: each column's field reader, the server's binary send formats to Java values. */
final class CopyBinaryReaders {
    private CopyBinaryReaders() {
    }

    /** {@link CopyBinary#reader}. */
    static FieldReader reader(String column, int oid, TypeCaster tc, ZoneId zone, Charset cs, Cursor cur) {
        boolean builtin = tc == Casters.defaultFor(oid);
        if (CopyBinary.textLike(oid) || oid == Oid.JSON) {
            if (tc == Casters.STRING) {
                return (b, off, len) -> new String(b, off, len, cs);
            }
            return (b, off, len) -> Casters.castOrThrow(tc, new String(b, off, len, cs), cur, column);
        }
        if (oid == Oid.JSONB) {
            FieldReader text = (b, off, len) -> {
                if (len < 1 || b[off] != 1) {
                    throw new DataException("column \"" + column + "\": unsupported jsonb version in binary COPY data");
                }
                return new String(b, off + 1, len - 1, cs);
            };
            return builtin ? text : (b, off, len) -> Casters.castOrThrow(tc, (String) text.read(b, off, len), cur, column);
        }
        if (!builtin) {
            return null;
        }
        ZoneId z = zone == null ? ZoneOffset.UTC : zone;
        switch (oid) {
            case Oid.BOOL, Oid.INT2, Oid.INT4, Oid.INT8, Oid.OID, Oid.FLOAT4, Oid.FLOAT8, Oid.BYTEA, Oid.UUID, Oid.DATE,
                 Oid.TIME, Oid.TIMETZ, Oid.TIMESTAMP, Oid.TIMESTAMPTZ, Oid.INTERVAL, Oid.NUMERIC:
                return (b, off, len) -> BinaryCodec.decode(oid, b, off, len, z);
            default:
                break;
        }
        int elem = CopyBinary.elementOf(oid);
        if (elem != 0) {
            FieldReader er = reader(column, elem, defaultCaster(elem), zone, cs, cur);
            if (er != null) {
                return (b, off, len) -> readArray(column, b, off, len, elem, er);
            }
        }
        return null;
    }

    private static TypeCaster defaultCaster(int oid) {
        TypeCaster tc = Casters.defaultFor(oid);
        return tc == null ? Casters.STRING : tc;
    }

    private static Object readArray(String column, byte[] b, int off, int len, int elem, FieldReader er) {
        try {
            return BinaryCodec.array(b, off, len, elem, er);
        } catch (IllegalArgumentException e) {
            throw new DataException("column \"" + column + "\": " + e.getMessage(), e);
        }
    }
}
