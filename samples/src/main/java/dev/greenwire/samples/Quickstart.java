package dev.greenwire.samples;

import dev.greenwire.Column;
import dev.greenwire.Connection;
import dev.greenwire.Cursor;
import dev.greenwire.Extensions;
import dev.greenwire.InterfaceException;
import dev.greenwire.Notify;
import dev.greenwire.Pg;
import dev.greenwire.Row;
import dev.greenwire.adapt.AsIs;
import dev.greenwire.cast.TypeCaster;
import dev.greenwire.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples of psycopg2's "More advanced topics" chapter, rendered in Java.
 *
 * <p>Connects to {@code GREENWIRE_DSN} when it is set; otherwise to the embedded default: a
 * throwaway PostgreSQL cluster started from the local binaries (see {@code greenwire-testing}).
 */
public final class Quickstart {
    private Quickstart() {
    }

    /** A point in the plane, mapped to PostgreSQL's {@code point}. */
    public record Point(double x, double y) {
    }

    /** Logs every statement (mogrified) before running it, and every failure. */
    public static final class LoggingCursor extends Cursor {
        /** @param init from the driver */
        public LoggingCursor(Cursor.Init init) {
            super(init);
        }

        @Override
        public Cursor execute(String sql, Object... args) {
            System.out.println("  [sql] " + new String(mogrify(sql, args), StandardCharsets.UTF_8));
            try {
                return super.execute(sql, args);
            } catch (RuntimeException e) {
                System.out.println("  [sql] " + e.getClass().getSimpleName() + ": " + e.getMessage());
                throw e;
            }
        }
    }

    private static final Pattern POINT = Pattern.compile("\\(([^)]+),([^)]+)\\)");

    /** The {@code point} typecaster of the chapter. */
    static Point castPoint(String value, Cursor cur) {
        if (value == null) {
            return null;
        }
        Matcher m = POINT.matcher(value);
        if (!m.matches()) {
            throw new InterfaceException("bad point representation: '" + value + "'");
        }
        return new Point(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
    }

    /**
     * Runs the examples.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        String dsn = System.getenv("GREENWIRE_DSN");
        if (dsn == null || dsn.isBlank()) {
            System.out.println("GREENWIRE_DSN is not set: starting the embedded PostgreSQL…");
            dsn = TestServer.get().dsn();
        }
        System.out.println("connecting to: " + dsn);
        try (Connection conn = Pg.connect(dsn)) {
            run(conn, dsn);
        }
        System.out.println("done.");
    }

    static void run(Connection conn, String dsn) {
        System.out.println("server version " + conn.serverVersion() + ", backend pid " + conn.backendPid());
        Cursor setup = conn.cursor();
        setup.execute("DROP TABLE IF EXISTS atable");
        setup.execute("CREATE TABLE atable (apoint point)");
        setup.execute("DROP TABLE IF EXISTS mytable");
        setup.execute("CREATE TABLE mytable (a int, b int, c int)");
        conn.commit();

        System.out.println("\n1. A cursor subclass that logs, through a cursor factory:");
        Cursor logging = conn.cursor(LoggingCursor::new);
        logging.execute("INSERT INTO mytable VALUES (%s, %s, %s);", 10, 20, 30);
        conn.commit();

        System.out.println("\n2. Adapting a Java type (Point) to SQL with registerAdapter + AsIs:");
        Extensions.registerAdapter(Point.class, p -> {
            String x = new String(Extensions.adapt(p.x()).getQuoted(), StandardCharsets.UTF_8);
            String y = new String(Extensions.adapt(p.y()).getQuoted(), StandardCharsets.UTF_8);
            return new AsIs("'(" + x + ", " + y + ")'");
        });
        Cursor cur = conn.cursor();
        System.out.println("  mogrify: " + new String(
                cur.mogrify("INSERT INTO atable (apoint) VALUES (%s)", new Point(1.23, 4.56)), StandardCharsets.UTF_8));
        cur.execute("INSERT INTO atable (apoint) VALUES (%s)", new Point(1.23, 4.56));
        conn.commit();

        System.out.println("\n3. Finding the OID of point, from description() and from pg_type:");
        cur.execute("SELECT NULL::point");
        Column col = cur.description().get(0);
        System.out.println("  description: " + col.name() + " has type OID " + col.typeCode());
        cur.execute("SELECT pg_type.oid FROM pg_type JOIN pg_namespace ON typnamespace = pg_namespace.oid"
                + " WHERE typname = %(typename)s AND nspname = %(namespace)s",
                Map.of("typename", "point", "namespace", "pg_catalog"));
        long pointOid = (Long) cur.fetchOne().get(0);
        System.out.println("  pg_type: point has OID " + pointOid);

        System.out.println("\n4. A typecaster from point to Point with newType + registerType:");
        TypeCaster pointType = Extensions.newType(new int[] {(int) pointOid}, "POINT", Quickstart::castPoint);
        Extensions.registerType(pointType);
        cur.execute("SELECT '(10.2,20.3)'::point");
        Point p = (Point) cur.fetchOne().get(0);
        System.out.println("  " + p.getClass().getSimpleName() + " x=" + p.x() + " y=" + p.y());
        cur.execute("SELECT apoint FROM atable");
        System.out.println("  read back: " + cur.fetchOne().get(0));
        TypeCaster points = Extensions.newArrayType(new int[] {1017}, "POINT[]", pointType);
        Extensions.registerType(points);
        cur.execute("SELECT ARRAY['(1,2)'::point, '(3,4)'::point]");
        System.out.println("  an array of points: " + cur.fetchOne().get(0));
        conn.commit();

        System.out.println("\n5. Notifications:");
        conn.autocommit(true);
        cur.execute("LISTEN test");
        try (Connection other = Pg.connect(dsn)) {
            other.autocommit(true);
            other.cursor().execute("NOTIFY test, 'hello'");
        }
        List<Notify> got = conn.awaitNotifies(Duration.ofSeconds(5));
        for (Notify n : got) {
            System.out.println("  Got NOTIFY: " + n.pid() + " " + n.channel() + " " + n.payload());
        }

        System.out.println("\n6. Rows:");
        cur.execute("SELECT a, b, c FROM mytable");
        for (Row row : cur) {
            System.out.println("  " + row.toMap());
        }
        setup.execute("DROP TABLE atable");
        setup.execute("DROP TABLE mytable");
    }
}
