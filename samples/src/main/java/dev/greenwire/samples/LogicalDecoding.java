package dev.greenwire.samples;

import dev.greenwire.Connection;
import dev.greenwire.Pg;
import dev.greenwire.replication.LogicalReplicationConnection;
import dev.greenwire.replication.Lsn;
import dev.greenwire.replication.ReplicationCursor;
import dev.greenwire.replication.SlotType;
import dev.greenwire.replication.StopReplication;
import dev.greenwire.replication.pgoutput.PgOutputDecoder;
import dev.greenwire.replication.pgoutput.PgOutputMessage;
import dev.greenwire.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Logical decoding with {@code pgoutput}: prints each change as it happens, confirming the
 * flush position after every transaction, while another connection writes.
 */
public final class LogicalDecoding {
    private LogicalDecoding() {
    }

    /**
     * Runs against {@code GREENWIRE_DSN} or the embedded server.
     *
     * @param args optional: how many changes to print before stopping (default 10)
     */
    public static void main(String[] args) {
        String dsn = System.getenv("GREENWIRE_DSN");
        if (dsn == null || dsn.isBlank()) {
            dsn = TestServer.get().dsn();
        }
        run(dsn, args.length > 0 ? Integer.parseInt(args[0]) : 10).forEach(System.out::println);
    }

    static List<String> run(String dsn, int changes) {
        try (Connection setup = Pg.connect(dsn)) {
            setup.autocommit(true);
            setup.cursor().execute("DROP TABLE IF EXISTS ld_items");
            setup.cursor().execute("CREATE TABLE ld_items (id serial PRIMARY KEY, name text, price numeric)");
            setup.cursor().execute("DROP PUBLICATION IF EXISTS ld_pub");
            setup.cursor().execute("CREATE PUBLICATION ld_pub FOR TABLE ld_items");
        }
        List<String> out = new ArrayList<>();
        try (LogicalReplicationConnection repl = Pg.connect(dsn, LogicalReplicationConnection::new)) {
            ReplicationCursor cur = repl.cursor();
            cur.createReplicationSlot("ld_slot", SlotType.LOGICAL, "pgoutput", true);
            cur.startReplication("ld_slot", SlotType.LOGICAL, Lsn.ZERO, 0,
                    Map.of("proto_version", "1", "publication_names", "ld_pub"), false, Duration.ofSeconds(1));
            String writerDsn = dsn;
            Thread writer = Thread.ofVirtual().start(() -> {
                try (Connection w = Pg.connect(writerDsn)) {
                    w.autocommit(true);
                    for (int i = 1; i <= changes; i++) {
                        w.cursor().execute("INSERT INTO ld_items (name, price) VALUES (%s, %s)", "item " + i,
                                new java.math.BigDecimal(i + ".50"));
                    }
                }
            });
            PgOutputDecoder decoder = new PgOutputDecoder(repl.cursor());
            int[] seen = {0};
            try {
                cur.consumeStream(msg -> {
                    PgOutputMessage change = decoder.decode(msg);
                    switch (change) {
                        case PgOutputMessage.Insert ins -> {
                            out.add("INSERT " + ins.relation().name() + " " + ins.newTuple().values());
                            seen[0]++;
                        }
                        case PgOutputMessage.Commit commit -> {
                            cur.sendFeedback(commit.endLsn(), commit.endLsn(), commit.endLsn(), false, false);
                            if (seen[0] >= changes) {
                                throw new StopReplication();
                            }
                        }
                        default -> { }
                    }
                }, Duration.ofSeconds(1));
            } catch (StopReplication enough) {
                // we stopped it: the stream ended cleanly
            }
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }
}
