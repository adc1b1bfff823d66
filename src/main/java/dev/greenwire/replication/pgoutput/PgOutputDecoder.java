package dev.greenwire.replication.pgoutput;

import dev.greenwire.Cursor;
import dev.greenwire.DataException;
import dev.greenwire.replication.Lsn;
import dev.greenwire.replication.ReplicationMessage;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code pgoutput} payloads (start the stream with {@code decode=false} and the
 * options {@code proto_version} and {@code publication_names}). It remembers Relation
 * messages to give each row its table and its column types; values are cast through the
 * typecasters the given cursor would use (cursor, connection, then global scope).
 */
public final class PgOutputDecoder {
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private final Cursor caster;
    private final Charset charset;
    private final Map<Integer, PgOutputMessage.Relation> relations = new HashMap<>();
    private boolean inStream;

    /**
     * @param caster the cursor whose typecasters decode row values
     */
    public PgOutputDecoder(Cursor caster) {
        this.caster = caster;
        this.charset = StandardCharsets.UTF_8;
    }

    /**
     * Decodes one replication message's payload.
     *
     * @param msg a message of a stream started without decoding
     * @return the decoded message
     */
    public PgOutputMessage decode(ReplicationMessage msg) {
        return decode((byte[]) msg.payload());
    }

    /**
     * Decodes one pgoutput message.
     *
     * @param payload its bytes
     * @return the decoded message
     * @throws DataException when the bytes are not a valid pgoutput message
     */
    public PgOutputMessage decode(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        try {
            return read(b);
        } catch (RuntimeException e) {
            if (e instanceof DataException de) {
                throw de;
            }
            throw new DataException("malformed pgoutput message '" + (payload.length == 0 ? '?' : (char) payload[0])
                    + "': " + e, e);
        }
    }

    private PgOutputMessage read(ByteBuffer b) {
        char type = (char) b.get();
        switch (type) {
            case 'B':
                return new PgOutputMessage.Begin(new Lsn(b.getLong()), time(b.getLong()), b.getInt());
            case 'C':
                return new PgOutputMessage.Commit(b.get(), new Lsn(b.getLong()), new Lsn(b.getLong()), time(b.getLong()));
            case 'O':
                return new PgOutputMessage.Origin(new Lsn(b.getLong()), cstring(b));
            case 'R': {
                int xid = xid(b);
                int id = b.getInt();
                String ns = cstring(b);
                String name = cstring(b);
                char ident = (char) b.get();
                int n = b.getShort();
                List<PgOutputMessage.Column> cols = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    cols.add(new PgOutputMessage.Column((b.get() & 1) != 0, cstring(b), b.getInt(), b.getInt()));
                }
                PgOutputMessage.Relation r = new PgOutputMessage.Relation(xid, id, ns, name, ident,
                        Collections.unmodifiableList(cols));
                relations.put(id, r);
                return r;
            }
            case 'Y':
                return new PgOutputMessage.Type(xid(b), b.getInt(), cstring(b), cstring(b));
            case 'I': {
                int xid = xid(b);
                PgOutputMessage.Relation r = relation(b.getInt());
                expect(b, 'N');
                return new PgOutputMessage.Insert(xid, r, tuple(b, r));
            }
            case 'U': {
                int xid = xid(b);
                PgOutputMessage.Relation r = relation(b.getInt());
                PgOutputMessage.Tuple key = null;
                PgOutputMessage.Tuple old = null;
                char k = (char) b.get();
                if (k == 'K') {
                    key = tuple(b, r);
                    k = (char) b.get();
                } else if (k == 'O') {
                    old = tuple(b, r);
                    k = (char) b.get();
                }
                if (k != 'N') {
                    throw new DataException("malformed pgoutput Update: expected 'N', got '" + k + "'");
                }
                return new PgOutputMessage.Update(xid, r, key, old, tuple(b, r));
            }
            case 'D': {
                int xid = xid(b);
                PgOutputMessage.Relation r = relation(b.getInt());
                char k = (char) b.get();
                PgOutputMessage.Tuple t = tuple(b, r);
                return new PgOutputMessage.Delete(xid, r, k == 'K' ? t : null, k == 'O' ? t : null);
            }
            case 'T': {
                int xid = xid(b);
                int n = b.getInt();
                int options = b.get();
                List<PgOutputMessage.Relation> rels = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    rels.add(relation(b.getInt()));
                }
                return new PgOutputMessage.Truncate(xid, options, Collections.unmodifiableList(rels));
            }
            case 'M': {
                int xid = xid(b);
                boolean tx = (b.get() & 1) != 0;
                Lsn lsn = new Lsn(b.getLong());
                String prefix = cstring(b);
                byte[] content = new byte[b.getInt()];
                b.get(content);
                return new PgOutputMessage.Message(xid, tx, lsn, prefix, content);
            }
            case 'S':
                inStream = true;
                return new PgOutputMessage.StreamStart(b.getInt(), b.get() == 1);
            case 'E':
                inStream = false;
                return new PgOutputMessage.StreamStop();
            case 'c':
                return new PgOutputMessage.StreamCommit(b.getInt(), b.get(), new Lsn(b.getLong()), new Lsn(b.getLong()),
                        time(b.getLong()));
            case 'A':
                return new PgOutputMessage.StreamAbort(b.getInt(), b.getInt());
            default:
                throw new DataException("unknown pgoutput message type '" + type + "'");
        }
    }

    /** Inside a streamed chunk, data messages carry the transaction id first. */
    private int xid(ByteBuffer b) {
        return inStream ? b.getInt() : 0;
    }

    private PgOutputMessage.Relation relation(int id) {
        PgOutputMessage.Relation r = relations.get(id);
        if (r == null) {
            throw new DataException("pgoutput: a change for relation " + id + " came before its Relation message");
        }
        return r;
    }

    private static void expect(ByteBuffer b, char c) {
        char got = (char) b.get();
        if (got != c) {
            throw new DataException("malformed pgoutput message: expected '" + c + "', got '" + got + "'");
        }
    }

    private PgOutputMessage.Tuple tuple(ByteBuffer b, PgOutputMessage.Relation r) {
        int n = b.getShort();
        List<Object> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            char kind = (char) b.get();
            PgOutputMessage.Column col = i < r.columns().size() ? r.columns().get(i) : null;
            switch (kind) {
                case 'n' -> values.add(null);
                case 'u' -> values.add(PgOutputMessage.Tuple.UNCHANGED);
                case 't' -> {
                    byte[] v = new byte[b.getInt()];
                    b.get(v);
                    String text = new String(v, charset);
                    values.add(col == null ? text : caster.cast(col.typeOid(), text));
                }
                case 'b' -> {
                    byte[] v = new byte[b.getInt()];
                    b.get(v);
                    values.add(v);
                }
                default -> throw new DataException("malformed pgoutput tuple: column kind '" + kind + "'");
            }
        }
        return new PgOutputMessage.Tuple(Collections.unmodifiableList(values));
    }

    private String cstring(ByteBuffer b) {
        int start = b.position();
        int end = start;
        while (b.get(end) != 0) {
            end++;
        }
        String s = new String(b.array(), start, end - start, charset);
        b.position(end + 1);
        return s;
    }

    private static Instant time(long pgMicros) {
        long unixMicros = pgMicros + PG_EPOCH_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(unixMicros, 1_000_000L), Math.floorMod(unixMicros, 1_000_000L) * 1000);
    }
}
