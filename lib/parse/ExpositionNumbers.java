package parse;

/**
 * Number syntax of the text formats, read straight from UTF-8 bytes without allocating on the common path.
 *
 * <p>Sample values follow Go's {@code strconv.ParseFloat} as Prometheus 2.x calls it for text format 0.0.4
 * (decimal mantissa, optional exponent, {@code Inf}/{@code Infinity} with optional sign, {@code NaN} without
 * sign, all case-insensitive; no hexadecimal, no {@code _}, no {@code p} exponent; a finite literal too large for
 * a double is an error). The OpenMetrics 1.0 ABNF ({@code number}, {@code realnumber}) describes the same
 * set. Java-only spellings such as {@code 1.5f}, {@code 1d} or {@code 0x1p3} are rejected, although
 * {@link Double#parseDouble} would take them.
 */
public final class ExpositionNumbers {
    private ExpositionNumbers() {}

    /** Exact powers of ten a double holds: the fast path below is exact only with these (Clinger's method). */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    /** Largest mantissa every integer up to which a double holds exactly (2^53). */
    private static final long MAX_EXACT_MANTISSA = 1L << 53;

    /** Returned by {@link #parseFloat} for text that is not a number (a NaN payload no literal produces). */
    static final long INVALID_BITS = 0x7ff8dead0000beefL;
    /** Returned by {@link #parseFloat} for a finite literal beyond the double range. */
    static final long OUT_OF_RANGE_BITS = 0x7ff8dead0000cafeL;

    /**
     * Reads {@code b[start, end)} as a float. Returns the value, or a NaN whose raw bits are
     * {@link #INVALID_BITS} or {@link #OUT_OF_RANGE_BITS} (check with {@link Double#doubleToRawLongBits}).
     *
     * @param allowSpecial whether Inf/Infinity/NaN spellings are allowed (not in OpenMetrics timestamps)
     */
    static double parseFloat(byte[] b, int start, int end, boolean allowSpecial) {
        int i = start;
        if (i >= end) return invalid();
        boolean negative = false;
        byte first = b[i];
        if (first == '+' || first == '-') {
            negative = first == '-';
            i++;
            if (i >= end) return invalid();
        }
        byte c = b[i];
        if (c == 'i' || c == 'I' || c == 'n' || c == 'N') {
            if (!allowSpecial) return invalid();
            return special(b, start, i, end, negative);
        }
        long mantissa = 0;
        int significantDigits = 0;
        int exponent10 = 0;
        boolean sawDigit = false;
        boolean truncated = false;
        for (; i < end; i++) {
            c = b[i];
            if (c >= '0' && c <= '9') {
                sawDigit = true;
                if (significantDigits < 18) {
                    if (mantissa != 0 || c != '0') {
                        mantissa = mantissa * 10 + (c - '0');
                        significantDigits++;
                    }
                } else {
                    exponent10++;
                    if (c != '0') truncated = true;
                }
            } else {
                break;
            }
        }
        if (i < end && b[i] == '.') {
            i++;
            for (; i < end; i++) {
                c = b[i];
                if (c >= '0' && c <= '9') {
                    sawDigit = true;
                    if (significantDigits < 18) {
                        if (mantissa != 0 || c != '0') {
                            mantissa = mantissa * 10 + (c - '0');
                            significantDigits++;
                        }
                        exponent10--;
                    } else if (c != '0') {
                        truncated = true;
                    }
                } else {
                    break;
                }
            }
        }
        if (!sawDigit) return invalid();
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                expNegative = b[i] == '-';
                i++;
            }
            if (i >= end) return invalid();
            int exp = 0;
            boolean expDigit = false;
            for (; i < end; i++) {
                c = b[i];
                if (c < '0' || c > '9') break;
                expDigit = true;
                if (exp < 100_000) exp = exp * 10 + (c - '0');
            }
            if (!expDigit) return invalid();
            exponent10 += expNegative ? -exp : exp;
        }
        if (i != end) return invalid();
        double value;
        if (mantissa == 0) {
            value = 0.0;
        } else if (!truncated && mantissa <= MAX_EXACT_MANTISSA && exponent10 >= -22 && exponent10 <= 22) {
            // Both operands are exact doubles, so the one IEEE multiplication or division rounds correctly. The
            // bound is 2^53, not 15 digits: most 16-digit values (as Double.toString and Go print them) pass.
            value = exponent10 >= 0 ? mantissa * POWERS_OF_TEN[exponent10] : mantissa / POWERS_OF_TEN[-exponent10];
        } else {
            // Correct rounding for long mantissas and large exponents: the syntax is already checked and is a
            // subset of what Double.parseDouble reads, so it gives the same correctly rounded result as Go.
            value = Double.parseDouble(new String(b, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1));
            if (Double.isInfinite(value)) return Double.longBitsToDouble(OUT_OF_RANGE_BITS);
            return value;
        }
        return negative ? -value : value;
    }

    private static double special(byte[] b, int start, int i, int end, boolean negative) {
        int n = end - i;
        if (n == 3 && lower(b[i]) == 'n' && lower(b[i + 1]) == 'a' && lower(b[i + 2]) == 'n') {
            // Go reads "nan" only without a sign.
            return i == start ? Double.NaN : invalid();
        }
        if ((n == 3 || n == 8) && equalsIgnoreCase(b, i, end, "infinity".substring(0, n))) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return invalid();
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

    private static double invalid() {
        return Double.longBitsToDouble(INVALID_BITS);
    }

    /**
     * A label value read as a number, as Prometheus reads the {@code le} of a bucket and the {@code quantile} of a
     * summary (Go's {@code strconv.ParseFloat}: {@code +Inf}, {@code Inf}, {@code NaN} in any case, no blanks).
     *
     * @param text the label value, unescaped
     * @return the number, or NaN when the text is not one (or lies beyond the double range)
     */
    public static double parseLabelValue(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        double v = parseFloat(bytes, 0, bytes.length, true);
        return isError(v) ? Double.NaN : v;
    }

    /** Whether a result of {@link #parseFloat} is one of its error markers. */
    static boolean isError(double value) {
        if (value == value) return false;
        long bits = Double.doubleToRawLongBits(value);
        return bits == INVALID_BITS || bits == OUT_OF_RANGE_BITS;
    }

    /**
     * Reads {@code b[start, end)} as a decimal int64 (digits only, as Prometheus's 0.0.4 lexer takes a sample
     * timestamp). Returns {@link Long#MIN_VALUE} when it overflows; the caller has checked the digits.
     */
    static long parseDigits(byte[] b, int start, int end) {
        long v = 0;
        for (int i = start; i < end; i++) {
            int d = b[i] - '0';
            if (v > (Long.MAX_VALUE - d) / 10) return Long.MIN_VALUE;
            v = v * 10 + d;
        }
        return v;
    }
}
