package text;

import java.nio.charset.StandardCharsets;

/**
 * The one reader of decimal numbers in the project, straight from ASCII bytes and without allocating on the common
 * path: sample values of both exposition formats, their timestamps, label values such as {@code le}, and the numbers
 * of the record's JSON lines. Every failure gives the same signal, the NaN {@link #FAILURE} (test it with
 * {@link #failed}): no exception, no position to inspect.
 *
 * <p>{@link Syntax#GO_FLOAT} is Go's {@code strconv.ParseFloat} as Prometheus 2.x calls it for text format 0.0.4
 * (decimal mantissa with optional sign, optional exponent, {@code Inf}/{@code Infinity} with optional sign,
 * {@code NaN} without sign, all case-insensitive; no hexadecimal, no {@code _}, no {@code p} exponent; a finite
 * literal too large for a double fails). The OpenMetrics 1.0 ABNF ({@code number}, {@code realnumber}) describes the
 * same set. Java-only spellings such as {@code 1.5f}, {@code 1d} or {@code 0x1p3} fail, although
 * {@link Double#parseDouble} would take them. {@link Syntax#JSON} is RFC 8259's {@code number}.
 *
 * <p>The value is exact where that is cheap (Clinger's fast path: an integer mantissa up to 2^53 scaled by at most
 * 10^22 rounds correctly in one operation) and otherwise comes from {@link Double#parseDouble} on the text, whose
 * syntax is by then known to be a subset of what it reads: both round correctly, as Go does.
 */
public final class Decimals {
    /** Which spellings are numbers. */
    public enum Syntax {
        /** Go's ParseFloat: {@code +1}, {@code .5}, {@code 5.}, {@code 007}, {@code Inf}, {@code -Infinity}, {@code NaN}. */
        GO_FLOAT,
        /** GO_FLOAT without the Inf and NaN spellings (OpenMetrics timestamps). */
        GO_FINITE,
        /** RFC 8259: no {@code +}, no leading zero, digits on both sides of a point, no Inf or NaN. */
        JSON
    }

    /** Raw bits of {@link #FAILURE}: a NaN payload that no literal produces. */
    private static final long FAILURE_BITS = 0x7ff8dead0000beefL;
    /** What every failed parse returns. Compare with {@link #failed}, never with {@code ==} (it is a NaN). */
    public static final double FAILURE = Double.longBitsToDouble(FAILURE_BITS);

    /** Exact powers of ten a double holds: the fast path is exact only with these. */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };
    /** Largest mantissa every integer up to which a double holds exactly (2^53). */
    private static final long MAX_EXACT_MANTISSA = 1L << 53;
    /** Significant digits kept in the long mantissa; later ones only move the exponent or mark it truncated. */
    private static final int MAX_DIGITS = 18;

    private Decimals() {}

    /** Whether a result of {@link #parse} is the failure signal (a NaN literal is not). */
    public static boolean failed(double value) {
        return value != value && Double.doubleToRawLongBits(value) == FAILURE_BITS;
    }

    /**
     * Reads all of {@code b[start, end)} as one number.
     *
     * @return the value, or {@link #FAILURE} when the bytes are not a number of that syntax or lie beyond the double
     *         range
     */
    public static double parse(byte[] b, int start, int end, Syntax syntax) {
        int i = start;
        if (i >= end) return FAILURE;
        boolean negative = b[i] == '-';
        if (negative || (b[i] == '+' && syntax != Syntax.JSON)) {
            if (++i >= end) return FAILURE;
        }
        byte c = b[i];
        if (c == 'i' || c == 'I' || c == 'n' || c == 'N') {
            return syntax == Syntax.GO_FLOAT ? special(b, start, i, end, negative) : FAILURE;
        }
        long mantissa = 0;
        int significant = 0, exponent10 = 0, intStart = i;
        boolean truncated = false;
        for (; i < end && (c = b[i]) >= '0' && c <= '9'; i++) {
            if (significant < MAX_DIGITS) {
                if (mantissa != 0 || c != '0') {
                    mantissa = mantissa * 10 + (c - '0');
                    significant++;
                }
            } else {
                exponent10++;
                truncated |= c != '0';
            }
        }
        int intDigits = i - intStart, fractionDigits = 0;
        if (syntax == Syntax.JSON && (intDigits == 0 || (b[intStart] == '0' && intDigits > 1))) return FAILURE;
        if (i < end && b[i] == '.') {
            int fractionStart = ++i;
            for (; i < end && (c = b[i]) >= '0' && c <= '9'; i++) {
                if (significant < MAX_DIGITS) {
                    if (mantissa != 0 || c != '0') {
                        mantissa = mantissa * 10 + (c - '0');
                        significant++;
                    }
                    exponent10--;
                } else {
                    truncated |= c != '0';
                }
            }
            fractionDigits = i - fractionStart;
            if (syntax == Syntax.JSON && fractionDigits == 0) return FAILURE;
        }
        if (intDigits + fractionDigits == 0) return FAILURE;
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            int exponent = exponent(b, i + 1, end);
            if (exponent == Integer.MIN_VALUE) return FAILURE;
            exponent10 += exponent;
        } else if (i != end) {
            return FAILURE;
        }
        return value(b, start, end, negative, mantissa, exponent10, truncated);
    }

    /**
     * Whether {@code b[start, end)} is a finite decimal literal of Go's syntax too large for a double: what makes
     * {@link #parse} fail though the text is well formed (for error messages; not on any fast path).
     */
    public static boolean beyondRange(byte[] b, int start, int end) {
        String text = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
        return text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?") && Double.isInfinite(Double.parseDouble(text));
    }

    /** The exponent after an {@code e} at {@code b[from]}, running to {@code end}; Integer.MIN_VALUE when it is not one. */
    private static int exponent(byte[] b, int from, int end) {
        int i = from;
        boolean negative = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) negative = b[i++] == '-';
        if (i >= end) return Integer.MIN_VALUE;
        int exponent = 0;
        for (; i < end; i++) {
            byte c = b[i];
            if (c < '0' || c > '9') return Integer.MIN_VALUE;
            // Beyond 100,000 the value is 0 or infinite whatever the digits: stop growing, keep reading.
            if (exponent < 100_000) exponent = exponent * 10 + (c - '0');
        }
        return negative ? -exponent : exponent;
    }

    /** The value of a checked literal: exact in one operation when that rounds correctly, else Double.parseDouble's. */
    private static double value(byte[] b, int start, int end, boolean negative, long mantissa, int exponent10, boolean truncated) {
        if (mantissa == 0) return negative ? -0.0 : 0.0;
        if (!truncated && mantissa <= MAX_EXACT_MANTISSA && exponent10 >= -22 && exponent10 <= 22) {
            // Both operands are exact doubles, so the one IEEE multiplication or division rounds correctly. The
            // bound is 2^53, not 15 digits: most 16-digit values (as Double.toString and Go print them) pass.
            double value = exponent10 >= 0 ? mantissa * POWERS_OF_TEN[exponent10] : mantissa / POWERS_OF_TEN[-exponent10];
            return negative ? -value : value;
        }
        double value = Double.parseDouble(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
        return Double.isInfinite(value) ? FAILURE : value;
    }

    /** {@code Inf}, {@code Infinity} (with the sign read before {@code i}) or {@code NaN} (without sign), any case. */
    private static double special(byte[] b, int start, int i, int end, boolean negative) {
        int n = end - i;
        if (n == 3 && lower(b[i]) == 'n' && lower(b[i + 1]) == 'a' && lower(b[i + 2]) == 'n') {
            // Go reads "nan" only without a sign.
            return i == start ? Double.NaN : FAILURE;
        }
        if ((n == 3 || n == 8) && equalsIgnoreCase(b, i, end, "infinity".substring(0, n))) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return FAILURE;
    }

    private static boolean equalsIgnoreCase(byte[] b, int from, int to, String lowerAscii) {
        for (int k = 0; k < lowerAscii.length(); k++) {
            if (lower(b[from + k]) != lowerAscii.charAt(k)) return false;
        }
        return to - from == lowerAscii.length();
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
