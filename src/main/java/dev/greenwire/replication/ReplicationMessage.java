package dev.greenwire.replication;

import java.nio.charset.Charset;
import java.time.Instant;

/**
 * One message of a replication stream (psycopg2's {@code ReplicationMessage}).
 */
public final class ReplicationMessage {
    private final ReplicationCursor cursor;
    private final byte[] data;
    private final boolean decode;
    private final Charset charset;
    private final Lsn dataStart;
    private final Lsn walEnd;
    private final Instant sendTime;

    ReplicationMessage(ReplicationCursor cursor, byte[] data, boolean decode, Charset charset, Lsn dataStart,
                       Lsn walEnd, Instant sendTime) {
        this.cursor = cursor;
        this.data = data;
        this.decode = decode;
        this.charset = charset;
        this.dataStart = dataStart;
        this.walEnd = walEnd;
        this.sendTime = sendTime;
    }

    /** @return the payload: a String (decoded in the client encoding) when the stream was started with decode, else byte[] */
    public Object payload() {
        return decode ? new String(data, charset) : data.clone();
    }

    /** @return the payload size in bytes */
    public int dataSize() {
        return data.length;
    }

    /** @return the WAL position of the data */
    public Lsn dataStart() {
        return dataStart;
    }

    /** @return the server's WAL end when it sent the message */
    public Lsn walEnd() {
        return walEnd;
    }

    /** @return when the server sent it */
    public Instant sendTime() {
        return sendTime;
    }

    /** @return the cursor that received it */
    public ReplicationCursor cursor() {
        return cursor;
    }

    @Override
    public String toString() {
        return "ReplicationMessage[dataStart=" + dataStart + ", walEnd=" + walEnd + ", size=" + data.length + "]";
    }
}
