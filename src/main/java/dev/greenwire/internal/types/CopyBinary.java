package dev.greenwire.internal.types;

import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.adapt.Json;
import dev.greenwire.cast.Oid;
import dev.greenwire.cast.TypeCaster;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * COPY's binary format: the file header and trailer, and each column's field writer and reader
 * chosen by the column's type — the server's binary send/receive formats of bool, int2, int4,
 * int8, oid, float4, float8, numeric, text, varchar, bpchar, name, xml, json, jsonb, bytea,
 * uuid, date, time, timetz, timestamp, timestamptz, interval and the arrays of those.
 *
 * <p>A writer takes the Java values that fit its column (for int4: Byte, Short, Integer, Long
 * and BigInteger within range; for numeric: BigDecimal, BigInteger, integers, Float and Double;
 * for text types: CharSequence, Character, Enum, {@link Json} and values whose adapter writes a
 * string literal; see {@link #writer}) and raises an error naming the column for anything else.
 * A reader gives what the built-in typecaster gives for the text form; a column of a text type
 * goes through whatever typecaster is in force.
 */
public final class CopyBinary {
    /** {@code PGCOPY\n\377\r\n\0}: the first bytes of binary COPY data. */
    public static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** Element types by array type (every built-in array OID is below 4096): a lookup per column of every result. */
    private static final int[] ELEMENTS = new int[4096];

    static {
        int[][] pairs = {
            {Oid._BOOL, Oid.BOOL}, {Oid._BYTEA, Oid.BYTEA}, {Oid._NAME, Oid.NAME}, {Oid._INT2, Oid.INT2},
            {Oid._INT4, Oid.INT4}, {Oid._INT8, Oid.INT8}, {Oid._TEXT, Oid.TEXT}, {Oid._BPCHAR, Oid.BPCHAR},
            {Oid._VARCHAR, Oid.VARCHAR}, {Oid._FLOAT4, Oid.FLOAT4}, {Oid._FLOAT8, Oid.FLOAT8}, {Oid._OID, Oid.OID},
            {Oid._TIMESTAMP, Oid.TIMESTAMP}, {Oid._DATE, Oid.DATE}, {Oid._TIME, Oid.TIME},
            {Oid._TIMESTAMPTZ, Oid.TIMESTAMPTZ}, {Oid._INTERVAL, Oid.INTERVAL}, {Oid._NUMERIC, Oid.NUMERIC},
            {Oid._TIMETZ, Oid.TIMETZ}, {Oid._XML, Oid.XML}, {Oid._JSON, Oid.JSON}, {Oid._UUID, Oid.UUID},
            {Oid._JSONB, Oid.JSONB},
        };
        for (int[] p : pairs) {
            ELEMENTS[p[0]] = p[1];
        }
    }

    private CopyBinary() {
    }

    /** @param out receives the header: signature, flags 0, no extension */
    public static void header(ByteBuf out) {
        out.write(SIGNATURE);
        out.writeInt32(0);
        out.writeInt32(0);
    }

    /** @param out receives the trailer: a field count of -1 */
    public static void trailer(ByteBuf out) {
        out.writeInt16(-1);
    }

    /**
     * The element type of a built-in array type.
     *
     * @param arrayOid an array type
     * @return its element type, 0 when not a built-in array type
     */
    public static int elementOf(int arrayOid) {
        return arrayOid >= 0 && arrayOid < ELEMENTS.length ? ELEMENTS[arrayOid] : 0;
    }

    static boolean textLike(int oid) {
        return switch (oid) {
            case Oid.TEXT, Oid.VARCHAR, Oid.BPCHAR, Oid.NAME, Oid.XML, Oid.UNKNOWN -> true;
            default -> false;
        };
    }

    private static final Map<Integer, String> NAMES = new HashMap<>();

    static {
        Object[][] names = {
            {Oid.BOOL, "bool"}, {Oid.BYTEA, "bytea"}, {Oid.NAME, "name"}, {Oid.INT8, "int8"}, {Oid.INT2, "int2"},
            {Oid.INT4, "int4"}, {Oid.TEXT, "text"}, {Oid.OID, "oid"}, {Oid.JSON, "json"}, {Oid.XML, "xml"},
            {Oid.FLOAT4, "float4"}, {Oid.FLOAT8, "float8"}, {Oid.UNKNOWN, "unknown"}, {Oid.BPCHAR, "bpchar"},
            {Oid.VARCHAR, "varchar"}, {Oid.DATE, "date"}, {Oid.TIME, "time"}, {Oid.TIMESTAMP, "timestamp"},
            {Oid.TIMESTAMPTZ, "timestamptz"}, {Oid.INTERVAL, "interval"}, {Oid.TIMETZ, "timetz"},
            {Oid.NUMERIC, "numeric"}, {Oid.UUID, "uuid"}, {Oid.JSONB, "jsonb"},
        };
        for (Object[] n : names) {
            NAMES.put((Integer) n[0], (String) n[1]);
        }
    }

    /**
     * A type's name for messages.
     *
     * @param oid the type
     * @return {@code int4}, {@code int4[]}…, or {@code type 16384} for a type not built in here
     */
    public static String typeName(int oid) {
        String n = NAMES.get(oid);
        if (n != null) {
            return n;
        }
        int e = elementOf(oid);
        return e != 0 ? NAMES.get(e) + "[]" : "type " + oid;
    }

    // ---- writing (CopyBinaryWriters) ---------------------------------------------------------

    /** Writes one field: its length and bytes, or -1 for NULL. */
    @FunctionalInterface
    public interface FieldWriter {
        /**
         * @param out the destination
         * @param v the value, may be null
         */
        void write(ByteBuf out, Object v);
    }

    /**
     * The writer of a column.
     *
     * @param column the column's name, for errors
     * @param oid its type (a domain's base type)
     * @param ctx the client encoding
     * @param conn the connection (for adapters), may be null
     * @return the writer; for a type this class cannot send, one that fails for any non-null value
     */
    public static FieldWriter writer(String column, int oid, QuoteContext ctx, Connection conn) {
        return CopyBinaryWriters.writer(column, oid, ctx, conn);
    }

    // ---- reading (CopyBinaryReaders) ---------------------------------------------------------

    /** Reads one non-null field. */
    @FunctionalInterface
    public interface FieldReader {
        /**
         * @param b the data
         * @param off the field's first byte
         * @param len its length
         * @return the Java value
         */
        Object read(byte[] b, int off, int len);
    }

    /**
     * The reader of a column, or null when the column's binary form cannot be cast as its
     * typecaster would cast its text (a type this class does not decode, or a custom typecaster
     * on a type whose binary form is not its text).
     *
     * @param column the column's name, for errors
     * @param oid its type
     * @param tc the typecaster in force for the column
     * @param zone the session's time zone (timestamptz), null for UTC
     * @param cs the client encoding's charset
     * @param cur the cursor (for typecasters)
     * @return the reader, or null
     */
    public static FieldReader reader(String column, int oid, TypeCaster tc, ZoneId zone, Charset cs, Cursor cur) {
        return CopyBinaryReaders.reader(column, oid, tc, zone, cs, cur);
    }

    /** @return the big-endian 32-bit integer at {@code p} */
    public static int i32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }

    /** @return the big-endian 16-bit integer at {@code p}, sign-extended */
    public static int i16(byte[] b, int p) {
        return (short) (((b[p] & 0xff) << 8) | (b[p + 1] & 0xff));
    }

    static long i64(byte[] b, int p) {
        return ((long) i32(b, p) << 32) | (i32(b, p + 4) & 0xffffffffL);
    }
}
