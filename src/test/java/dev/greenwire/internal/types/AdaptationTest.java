package dev.greenwire.internal.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.greenwire.Connection;
import dev.greenwire.ProgrammingException;
import dev.greenwire.adapt.AsIs;
import dev.greenwire.adapt.Conformable;
import dev.greenwire.adapt.QuotedString;
import dev.greenwire.adapt.SqlNull;
import dev.greenwire.adapt.SqlQuote;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdaptationTest {
    interface Shape {
    }

    interface Round extends Shape {
    }

    static class Point {
        final int x;
        final int y;

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }
    }

    static class Point3 extends Point {
        Point3(int x, int y) {
            super(x, y);
        }
    }

    static final class Circle extends Point implements Round {
        Circle() {
            super(0, 0);
        }
    }

    static final class Foo {
    }

    record SelfQuoting(String sql) implements SqlQuote {
        @Override
        public byte[] getQuoted() {
            return sql.getBytes(StandardCharsets.UTF_8);
        }
    }

    record Conforming(boolean decline) implements Conformable {
        @Override
        public SqlQuote conform(Class<?> protocol) {
            return decline ? null : new AsIs("'conformed'");
        }
    }

    static final class BothWays implements Conformable, SqlQuote {
        @Override
        public SqlQuote conform(Class<?> protocol) {
            return new AsIs("from-conform");
        }

        @Override
        public byte[] getQuoted() {
            return "from-self".getBytes(StandardCharsets.UTF_8);
        }
    }

    private final List<Class<?>> registered = new ArrayList<>();

    private <T> void register(Class<T> c, dev.greenwire.adapt.Adapter<? super T> a) {
        registered.add(c);
        Adaptation.register(c, a);
    }

    @AfterEach
    void cleanUp() {
        registered.forEach(Adaptation::unregister);
    }

    static String q(Object v) {
        return new String(Adaptation.quote(v, null), StandardCharsets.UTF_8);
    }

    @Test
    void nullIsSqlNull() {
        assertSame(SqlNull.INSTANCE, Adaptation.adapt(null));
        assertEquals("NULL", q(null));
    }

    @Test
    void nothingAdaptsFoo() {
        ProgrammingException e = assertThrows(ProgrammingException.class, () -> Adaptation.adapt(new Foo()));
        assertEquals("can't adapt type 'Foo'", e.getMessage());
        e = assertThrows(ProgrammingException.class, () -> Adaptation.adapt(new Object() { }));
        assertEquals("can't adapt type '" + AdaptationTest.class.getName() + "$1'", e.getMessage());
        e = assertThrows(ProgrammingException.class, () -> q(List.of(new Foo())));
        assertEquals("can't adapt type 'Foo'", e.getMessage());
    }

    @Test
    void registeredAdapterAndSubclassInheritsIt() {
        register(Point.class, p -> new AsIs("'(" + p.x + "," + p.y + ")'::point"));
        assertEquals("'(1,2)'::point", q(new Point(1, 2)));
        assertEquals("'(3,4)'::point", q(new Point3(3, 4)));
        register(Point3.class, p -> new AsIs("'3d'"));
        assertEquals("'3d'", q(new Point3(3, 4)));
        assertEquals("'(1,2)'::point", q(new Point(1, 2)));
        Adaptation.unregister(Point3.class);
        assertEquals("'(3,4)'::point", q(new Point3(3, 4)));
    }

    @Test
    void interfaceAdapters() {
        register(Shape.class, s -> new AsIs("'shape'"));
        assertEquals("'shape'", q(new Circle())); // via Round extends Shape
        register(Point.class, p -> new AsIs("'point'"));
        assertEquals("'shape'", q(new Circle())); // the class's own interfaces come before its superclass
        register(Round.class, s -> new AsIs("'round'"));
        assertEquals("'round'", q(new Circle())); // direct interface before its super-interface
    }

    @Test
    void registeredAdapterOverridesBuiltinAndUnregisterRestoresIt() {
        assertEquals("'abc'", q("abc"));
        register(String.class, s -> new AsIs("upper('" + s + "')"));
        assertEquals("upper('abc')", q("abc"));
        Adaptation.unregister(String.class);
        assertEquals("'abc'", q("abc"));
        register(CharSequence.class, s -> new AsIs("cs"));
        assertEquals("cs", q("abc"));
        assertEquals("cs", q(new StringBuilder("x")));
    }

    @Test
    void listAdapterCanBeReplaced() {
        register(List.class, l -> new AsIs("'list of " + l.size() + "'"));
        assertEquals("'list of 2'", q(List.of(1, 2)));
        assertEquals("'list of 1'", q(new ArrayList<>(List.of(1))));
    }

    @Test
    void conformableComesFirst() {
        register(Conforming.class, c -> new AsIs("'registered'"));
        assertEquals("'conformed'", q(new Conforming(false)));
        assertEquals("'registered'", q(new Conforming(true))); // declined: lookup continues
        Adaptation.unregister(Conforming.class);
        ProgrammingException e = assertThrows(ProgrammingException.class, () -> q(new Conforming(true)));
        assertEquals("can't adapt type 'Conforming'", e.getMessage());
        assertEquals("from-conform", q(new BothWays()));
    }

    @Test
    void sqlQuoteUsedAsIs() {
        SelfQuoting s = new SelfQuoting("now()");
        assertSame(s, Adaptation.adapt(s));
        assertEquals("now()", q(s));
        register(SelfQuoting.class, x -> new AsIs("'registered'"));
        assertEquals("now()", q(s)); // already a SqlQuote: before the registry
    }

    @Test
    void adapterReturningNull() {
        register(Foo.class, f -> null);
        ProgrammingException e = assertThrows(ProgrammingException.class, () -> Adaptation.adapt(new Foo()));
        assertEquals("the adapter of type 'Foo' returned null", e.getMessage());
    }

    @Test
    void cacheIsInvalidatedAcrossThreads() throws Exception {
        assertThrows(ProgrammingException.class, () -> Adaptation.adapt(new Foo())); // caches "no adapter"
        register(Foo.class, f -> new AsIs("foo"));
        AtomicReference<String> seen = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            seen.set(q(new Foo()));
            done.countDown();
        });
        done.await();
        assertEquals("foo", seen.get());
        Adaptation.unregister(Foo.class);
        assertThrows(ProgrammingException.class, () -> Adaptation.adapt(new Foo()));
    }

    @Test
    void userAdapterPreparedOnlyWithAConnection() {
        class Recording implements SqlQuote {
            int prepared;

            @Override
            public void prepare(Connection conn) {
                prepared++;
            }

            @Override
            public byte[] getQuoted() {
                return "r".getBytes(StandardCharsets.UTF_8);
            }
        }
        Recording r = new Recording();
        assertEquals("r", q(r));
        assertEquals(0, r.prepared);
        QuoteContext.of("LATIN1", true).prepare(r, null);
        assertEquals(0, r.prepared);
    }

    @Test
    void adaptReturnsQuotersForStrings() {
        assertInstanceOf(QuotedString.class, Adaptation.adapt("x"));
        assertInstanceOf(QuotedString.class, Adaptation.adapt('c'));
        assertEquals("'x'", Adaptation.adapt("x").toString());
    }

    @Test
    void quoteWithContext() {
        assertEquals("E'a\\\\b'", new String(Adaptation.quote("a\\b", null, QuoteContext.of("UTF8", false)),
                StandardCharsets.UTF_8));
        assertEquals("ARRAY[E'a\\\\b','c']", new String(Adaptation.quote(List.of("a\\b", "c"), null,
                QuoteContext.of("UTF8", false)), StandardCharsets.UTF_8));
    }
}
