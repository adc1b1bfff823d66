package dev.greenwire.samples;

import dev.greenwire.Pg;
import dev.greenwire.ProgrammingException;
import dev.greenwire.replication.LogicalReplicationConnection;
import dev.greenwire.replication.Lsn;
import dev.greenwire.replication.ReplicationCursor;
import dev.greenwire.replication.ReplicationMessage;
import dev.greenwire.replication.StopReplication;
import dev.greenwire.testing.TestServer;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * psycopg2's "Logical replication Quick-Start", rendered in Java: stream {@code test_decoding}
 * output from slot {@code pytest}, printing each change and confirming it. Make changes in the
 * database from another session to see them; stop with Control-C. The slot stays: drop it
 * with {@code SELECT pg_drop_replication_slot('pytest')} when done.
 */
public final class ReplicationQuickstart {
    private ReplicationQuickstart() {
    }

    /** Prints each message and confirms it, as psycopg2's DemoConsumer does. */
    static final class DemoConsumer implements Consumer<ReplicationMessage> {
        private final Consumer<String> out;
        private final long max;
        private long seen;

        DemoConsumer(Consumer<String> out, long max) {
            this.out = out;
            this.max = max;
        }

        @Override
        public void accept(ReplicationMessage msg) {
            out.accept((String) msg.payload());
            msg.cursor().sendFeedback(Lsn.ZERO, msg.dataStart(), Lsn.ZERO, false, false);
            if (++seen >= max) {
                throw new StopReplication();
            }
        }
    }

    /**
     * Streams until interrupted.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        String dsn = System.getenv("GREENWIRE_DSN");
        if (dsn == null || dsn.isBlank()) {
            dsn = TestServer.get().dsn();
        }
        System.err.println("Starting streaming, press Control-C to end...");
        System.err.println("The slot 'pytest' stays: drop it with SELECT pg_drop_replication_slot('pytest');"
                + " if no longer needed (WAL accumulates until then).");
        run(dsn, System.out::println, Long.MAX_VALUE);
    }

    static void run(String dsn, Consumer<String> out, long maxMessages) {
        try (LogicalReplicationConnection conn = Pg.connect(dsn, LogicalReplicationConnection::new)) {
            ReplicationCursor cur = conn.cursor();
            try {
                // test_decoding produces textual output
                cur.startReplication("pytest", null);
            } catch (ProgrammingException noSlot) {
                cur.createReplicationSlot("pytest", null, "test_decoding");
                cur.startReplication("pytest", null);
            }
            try {
                cur.consumeStream(new DemoConsumer(out, maxMessages), Duration.ofSeconds(10));
            } catch (StopReplication enough) {
                // the consumer stopped it, as in the chapter's example: the stream ended cleanly
            }
        }
    }
}
