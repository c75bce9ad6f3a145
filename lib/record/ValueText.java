package record;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * The one spelling of a sample value, used by the record, the page (its tables; page.js spells hovers the same way)
 * and the OpenMetrics export, so a value reads the same everywhere and reads back to the same double, sign of zero
 * included.
 *
 * <p>The spelling is ECMAScript's Number::toString (ECMA-262, 6.1.6.1.20): the shortest digits that read back to the
 * same double (Jackson's Schubfach writer finds them), whole numbers below 10^21 without a fraction or exponent,
 * {@code 1e+23} and {@code 1.5e-7} beyond; except negative zero, {@code -0.0} (JavaScript would write {@code 0}), and
 * the non-finite values as the exposition formats write them, {@code NaN}, {@code +Inf}, {@code -Inf}. Every one of
 * these is a valid JSON number (but the three strings), a valid value of both exposition formats and of Go's
 * ParseFloat, and reads back exactly with {@link Double#parseDouble}.
 */
public final class ValueText {
    private ValueText() {}

    /** The value's spelling (see the class comment), e.g. {@code 42}, {@code 0.1}, {@code 1e+23}, {@code -0.0}, {@code +Inf}. */
    public static String of(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (v == Double.POSITIVE_INFINITY) return "+Inf";
        if (v == Double.NEGATIVE_INFINITY) return "-Inf";
        if (v == 0) return 1 / v < 0 ? "-0.0" : "0";
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53) return Long.toString((long) v);
        // Java's layout of the shortest digits ("1.0E23", "0.001", "123.5"), taken apart into digits and exponent.
        String java = NumberOutput.toString(Math.abs(v), true);
        int e = java.indexOf('E');
        String mantissa = e < 0 ? java : java.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String digits = dot < 0 ? mantissa : mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = (dot < 0 ? mantissa.length() : dot) + exponent; // value = 0.digits x 10^point, before trimming
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') lead++;
        digits = digits.substring(lead);
        point -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') end--;
        digits = digits.substring(0, end);
        if (digits.length() == 2) {
            // Java's layout keeps two digits where one would do (4.9E-324); ECMAScript takes the one digit.
            String one = oneDigit(Math.abs(v), digits, point);
            if (one != null) {
                point += one.length() - 1; // 9.9 rounds up to 10: one digit a place higher
                digits = one.substring(0, 1);
            }
        }
        return (v < 0 ? "-" : "") + ecmaScript(digits, point);
    }

    /**
     * The one-digit form of 0.{@code two} x 10^{@code point} that reads back to {@code exact}, the closer one when
     * both neighbours do, or null; {@code "10"} stands for a 1 one place higher.
     */
    private static String oneDigit(double exact, String two, int point) {
        int low = two.charAt(0) - '0';
        String best = null;
        java.math.BigDecimal bestDistance = null;
        for (int d = low; d <= low + 1; d++) {
            if (d == 0) continue;
            String candidate = Integer.toString(d);
            java.math.BigDecimal value = d == 10 ? new java.math.BigDecimal("0.1").scaleByPowerOfTen(point + 1)
                    : new java.math.BigDecimal("0." + candidate).scaleByPowerOfTen(point);
            if (Double.parseDouble(value.toString()) != exact) continue;
            java.math.BigDecimal distance = value.subtract(new java.math.BigDecimal(exact)).abs();
            if (bestDistance == null || distance.compareTo(bestDistance) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** ECMA-262 Number::toString for 0.{@code digits} x 10^{@code n} ({@code digits} without leading or trailing zeros). */
    private static String ecmaScript(String digits, int n) {
        int k = digits.length();
        if (k <= n && n <= 21) return digits + "0".repeat(n - k);
        if (0 < n && n <= 21) return digits.substring(0, n) + "." + digits.substring(n);
        if (-6 < n && n <= 0) return "0." + "0".repeat(-n) + digits;
        int e = n - 1;
        String exponent = "e" + (e < 0 ? "-" : "+") + Math.abs(e);
        return k == 1 ? digits + exponent : digits.charAt(0) + "." + digits.substring(1) + exponent;
    }
}
