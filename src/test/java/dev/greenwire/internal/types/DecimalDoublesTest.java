package dev.greenwire.internal.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * float8 text read without a String ({@link TextValues#float8}, {@link DecimalDoubles}) must give
 * exactly the double {@code Double.parseDouble} gives, bit for bit, or decline (null).
 */
class DecimalDoublesTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(20261202);

    /** @return whether the text was read here (not declined); fails when the double differs */
    private static boolean agrees(String text) {
        byte[] b = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
        Double got = TextValues.float8Boxed(b, 1, b.length - 2);
        if (got == null) {
            return false;
        }
        double want = Double.parseDouble(text);
        if (Double.doubleToRawLongBits(got) != Double.doubleToRawLongBits(want)) {
            throw new AssertionError(text + ": read " + got + " (" + Long.toHexString(Double.doubleToRawLongBits(got))
                    + "), Double.parseDouble gives " + want + " (" + Long.toHexString(Double.doubleToRawLongBits(want)) + ")");
        }
        return true;
    }

    /** A random double in [1e-4, 1e15), as PostgreSQL prints those: shortest digits, no exponent. */
    private static double randomInRange() {
        double d;
        do {
            d = Double.longBitsToDouble(RANDOM.nextLong(Double.doubleToRawLongBits(1e-4), Double.doubleToRawLongBits(1e15)));
        } while (d < 1e-4 || d >= 1e15);
        return d;
    }

    @Test
    void shortestFormsOfRandomDoubles() {
        int read = 0;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            double d = randomInRange();
            String text = new BigDecimal(Double.toString(d)).toPlainString();
            boolean here = agrees(text);
            if (here) {
                read++;
            } else {
                assertTrue(d < 0.1, "declined only for long fractions below 0.1: " + text);
            }
            assertEquals(here, agrees("-" + text), "-" + text);
        }
        assertTrue(read > n * 8 / 10, "most were read here: " + read + " of " + n);
    }

    @Test
    void randomSeventeenDigitDecimals() {
        int read = 0;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            long digits = RANDOM.nextLong(10_000_000_000_000_000L, 100_000_000_000_000_000L);
            int scale = RANDOM.nextInt(2, 19);
            String text = BigDecimal.valueOf(digits, scale).toPlainString();
            read += agrees(text) ? 1 : 0;
        }
        assertTrue(read > n / 2, "most were read here: " + read + " of " + n);
    }

    @Test
    void decimalsNextToTheMidpointsBetweenDoubles() {
        int read = 0;
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            double d = randomInRange();
            BigDecimal mid = new BigDecimal(d).add(new BigDecimal(Math.nextUp(d))).divide(BigDecimal.valueOf(2));
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING, RoundingMode.HALF_EVEN}) {
                BigDecimal near = mid.round(new MathContext(17, mode)).stripTrailingZeros();
                String text = near.scale() < 0 ? near.setScale(0).toPlainString() : near.toPlainString();
                read += agrees(text) ? 1 : 0;
            }
        }
        assertTrue(read > n, "most were read here: " + read + " of " + 3 * n);
    }

    @Test
    void exactMidpointsRoundToEven() {
        // in [2^52, 2^53) doubles are the integers and the midpoints n + 0.5 have 17 digits:
        // each must round to the even neighbour, as Double.parseDouble rounds it
        int checked = 0;
        for (double base : new double[] {4503599627370496.0, 6004799503160661.0, 9007199254740991.0 - 3000}) {
            double d = base;
            for (int k = 0; k < 3000; k++) {
                BigDecimal mid = new BigDecimal(d).add(new BigDecimal(Math.nextUp(d))).divide(BigDecimal.valueOf(2));
                assertEquals(17, mid.precision());
                assertTrue(agrees(mid.toPlainString()), mid.toPlainString() + " was declined");
                checked++;
                d = Math.nextUp(d);
            }
        }
        assertEquals(9000, checked);
    }

    @Test
    void knownValuesAndDeclinedForms() {
        for (String s : new String[] {"0", "0.1", "0.3", "2.675", "14285.714285714286", "0.14285714285714285",
                "0.30000000000000004", "123456789012345.67", "999999999999999.9", "0.000123456789012345",
                "1.7976931348623157", "4503599627370496.5", "0.0001", "0.000100000000000001"}) {
            assertTrue(agrees(s), s + " was declined");
            assertTrue(agrees("-" + s), "-" + s + " was declined");
        }
        assertEquals(0x8000000000000000L, Double.doubleToRawLongBits(TextValues.float8Boxed("-0".getBytes(StandardCharsets.US_ASCII), 0, 2)));
        for (String s : new String[] {"9007199254740993", "1e-5", "1.5e+20", "NaN", "Infinity", "-Infinity", ".5", "5.",
                "0.0000000000000000001", "12345678901234567890", "1-2", "", "-"}) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            assertNull(TextValues.float8Boxed(b, 0, b.length), s + " is the typecaster's to read");
        }
    }
}
