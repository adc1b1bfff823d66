package dev.greenwire.internal.types;

/**
 * The double nearest to a decimal {@code digits / 10^scale} (ties to even: what
 * {@code Double.parseDouble} gives), for up to 17 digits and 18 places, without a String.
 *
 * <p>A candidate comes from one long-to-double conversion and one division (each correctly
 * rounded, so it is at most a step or two from the answer); it is then checked exactly against
 * the midpoints to its neighbours, in 128-bit integer arithmetic: {@code x < m} with
 * {@code m = M·2^E} (E &lt; 0) is {@code digits·2^-E < M·10^scale}. The candidate moves a step
 * while it is on the wrong side of one. Values whose check does not fit 128 bits (below about
 * 1e-5 with 17 digits, or from 2^53 up, where PostgreSQL prints an exponent anyway) return NaN,
 * and the caller parses the text.
 */
final class DecimalDoubles {
    /** 10^0 … 10^18, exact as longs and as doubles. */
    private static final long[] POW10 = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private DecimalDoubles() {
    }

    /** @param n 0..18 @return 10^n */
    static long pow10(int n) {
        return POW10[n];
    }

    /**
     * @param digits the decimal's digits as an integer, 0 ≤ digits &lt; 10^17
     * @param scale the number of those digits after the point, 0..18
     * @return the nearest double, or NaN when this class does not decide it
     */
    static double nearest(long digits, int scale) {
        if (digits == 0) {
            return 0;
        }
        long pow = POW10[scale];
        double c = (double) digits / (double) pow;
        for (int step = 0; step < 4; step++) {
            double down = Math.nextDown(c);
            int below = compareToMidpoint(digits, pow, down, c);
            if (below == Integer.MIN_VALUE) {
                return Double.NaN;
            }
            if (below < 0 || (below == 0 && odd(c))) {
                c = down; // x is under the midpoint to the next lower double (or on it, whose even side is lower)
                continue;
            }
            double up = Math.nextUp(c);
            int above = compareToMidpoint(digits, pow, c, up);
            if (above == Integer.MIN_VALUE) {
                return Double.NaN;
            }
            if (above > 0 || (above == 0 && odd(c))) {
                c = up;
                continue;
            }
            return c;
        }
        return Double.NaN;
    }

    private static boolean odd(double d) {
        return (Double.doubleToRawLongBits(d) & 1) != 0;
    }

    /**
     * Compares {@code digits / pow} with the midpoint of the adjacent positive doubles
     * {@code a < b}: -1, 0 or 1, or Integer.MIN_VALUE when the comparison does not fit 128 bits.
     */
    private static int compareToMidpoint(long digits, long pow, double a, double b) {
        long ab = Double.doubleToRawLongBits(a);
        long bb = Double.doubleToRawLongBits(b);
        int ea = (int) (ab >>> 52);
        int eb = (int) (bb >>> 52);
        if (ea == 0 || eb == 0 || eb == 0x7ff) {
            return Integer.MIN_VALUE; // subnormal, zero or infinite: not this class's range
        }
        long ma = (ab & ((1L << 52) - 1)) | (1L << 52);
        long mb = (bb & ((1L << 52) - 1)) | (1L << 52);
        // a = ma·2^(ea-1075), b = mb·2^(eb-1075), eb - ea ≤ 1: the midpoint is (ma + mb')·2^(ea-1076)
        long m = ma + (mb << (eb - ea));
        int shift = 1076 - ea; // x < midpoint  <=>  digits·2^shift < m·pow
        if (shift <= 0 || shift > 127 - (64 - Long.numberOfLeadingZeros(digits))) {
            return Integer.MIN_VALUE;
        }
        long lhi = shift >= 64 ? digits << (shift - 64) : digits >>> (64 - shift);
        long llo = shift >= 64 ? 0 : digits << shift;
        long rhi = Math.multiplyHigh(m, pow); // m < 2^55 and pow < 2^57: both positive
        long rlo = m * pow;
        int c = Long.compare(lhi, rhi);
        return c != 0 ? c : Long.compareUnsigned(llo, rlo);
    }
}
