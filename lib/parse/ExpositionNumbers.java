package parse;

import java.nio.charset.StandardCharsets;
import text.Decimals;

/**
 * The numbers of the text formats that are not sample values: label values read as numbers ({@code le},
 * {@code quantile}) and the integer timestamps of text 0.0.4. Sample values are read by {@link Decimals}.
 */
public final class ExpositionNumbers {
    private ExpositionNumbers() {}

    /**
     * A label value read as a number, as Prometheus reads the {@code le} of a bucket and the {@code quantile} of a
     * summary (Go's {@code strconv.ParseFloat}: {@code +Inf}, {@code Inf}, {@code NaN} in any case, no blanks).
     *
     * @param text the label value, unescaped
     * @return the number, or NaN when the text is not one (or lies beyond the double range)
     */
    public static double parseLabelValue(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        double v = Decimals.parse(bytes, 0, bytes.length, Decimals.Syntax.GO_FLOAT);
        return Decimals.failed(v) ? Double.NaN : v;
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
