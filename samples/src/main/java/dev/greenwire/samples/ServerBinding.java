package dev.greenwire.samples;

import dev.greenwire.ConnectOptions;
import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Pg;
import dev.greenwire.Pipeline;
import dev.greenwire.PipelineAbortedException;
import dev.greenwire.PgException;
import dev.greenwire.Row;
import dev.greenwire.extras.CompositeType;
import dev.greenwire.extras.Extras;
import dev.greenwire.extras.Range;
import dev.greenwire.testing.TestServer;
import dev.greenwire.wait.WaitStrategies;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Server-side binding, the statement cache, pipelines and the type extras on a virtual thread
 * with the parking wait strategy: what a Loom service would use on its hot path.
 *
 * <p>Connects to {@code GREENWIRE_DSN} when it is set; otherwise to the embedded default.
 */
public final class ServerBinding {
    private ServerBinding() {
    }

    /** An order line, mapped to the composite type {@code order_line}. */
    public record OrderLine(String sku, int quantity) {
    }

    public static void main(String[] args) throws Exception {
        String dsn = System.getenv("GREENWIRE_DSN");
        if (dsn == null || dsn.isBlank()) {
            System.out.println("GREENWIRE_DSN is not set: starting the embedded PostgreSQL…");
            dsn = TestServer.get().dsn();
        }
        String target = dsn;
        Thread t = Thread.ofVirtual().start(() -> run(target));
        t.join();
        System.out.println("done.");
    }

    static void run(String dsn) {
        ConnectOptions opts = ConnectOptions.builder()
                .waitCallback(WaitStrategies.parking())
                .serverSideBinding(true)   // %s become $1, $2…; prepared after 5 runs; binary columns
                .build();
        try (Connection conn = Pg.connect(dsn, opts)) {
            conn.autocommit(true);
            Cursor cur = conn.cursor();
            cur.execute("DROP TABLE IF EXISTS sb_orders; DROP TYPE IF EXISTS order_line");
            cur.execute("CREATE TYPE order_line AS (sku text, quantity int)");
            cur.execute("CREATE TABLE sb_orders (id int PRIMARY KEY, day date, line order_line, slot int4range)");

            // the composite type maps to a record, both ways
            Extras.registerComposite("order_line", conn, OrderLine.class, false);

            // executeMany: one-row INSERTs go out as multi-row INSERTs, bound on the server
            List<Object[]> rows = new ArrayList<>();
            for (int i = 1; i <= 1000; i++) {
                rows.add(new Object[] {i, LocalDate.of(2026, 1, 1).plusDays(i % 30),
                    new OrderLine("sku-" + (i % 7), i % 5 + 1), Range.of(i, i + 10)});
            }
            cur.executeMany("INSERT INTO sb_orders VALUES (%s, %s, %s, %s)", rows);
            System.out.println("inserted " + cur.rowCount() + " rows; last statement: "
                    + new String(cur.query(), StandardCharsets.UTF_8).substring(0, 60) + "…");

            // a point query run often: prepared once, then Bind alone, columns in binary
            long sum = 0;
            for (int i = 1; i <= 20; i++) {
                Row r = cur.execute("SELECT id, day, line, slot FROM sb_orders WHERE id = %s", i).fetchOne();
                sum += r.getInt(0);
                if (i == 20) {
                    System.out.println("row 20: " + r.toList());
                }
            }
            System.out.println("sum of ids: " + sum);
            System.out.println("prepared statements: " + cur.execute(
                    "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE %s", "\\_gw\\_%").fetchOne().get(0));

            // a pipeline: many statements, one round trip per block; an error aborts the rest of its block
            List<Cursor> counts = new ArrayList<>();
            try (Pipeline p = conn.pipeline()) {
                for (int q = 1; q <= 5; q++) {
                    Cursor c = conn.cursor();
                    c.execute("SELECT count(*) FROM sb_orders WHERE (line).quantity = %s", q);
                    counts.add(c);
                }
            }
            List<Object> byQuantity = new ArrayList<>();
            for (Cursor c : counts) {
                byQuantity.add(c.fetchOne().get(0));
            }
            System.out.println("orders by quantity 1..5: " + byQuantity);

            Cursor bad = conn.cursor();
            Cursor skipped = conn.cursor();
            Pipeline p = conn.pipeline();
            bad.execute("SELECT 1 / %s", 0);
            skipped.execute("SELECT %s", "never runs");
            try {
                p.close();
            } catch (PgException e) {
                System.out.println("pipeline error: " + e.getMessage().strip());
            }
            try {
                skipped.fetchOne();
            } catch (PipelineAbortedException e) {
                System.out.println("skipped: " + e.getClass().getSimpleName());
            }

            // named arguments become the same parameter wherever they appear
            Row r = cur.execute("SELECT %(d)s::date, %(d)s::date + 1", Map.of("d", LocalDate.of(2026, 2, 28))).fetchOne();
            System.out.println("dates: " + r.toList());
            cur.execute("DROP TABLE sb_orders; DROP TYPE order_line");
        }
    }
}
