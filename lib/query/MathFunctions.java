package query;

import java.util.function.DoubleUnaryOperator;

/** The one-argument math and trigonometric functions of PromQL (Prometheus 2.42 promql/functions.go simpleFunc). */
final class MathFunctions {
    private MathFunctions() {}

    /** The operation of function {@code name}, or null if it is not one of these. */
    static DoubleUnaryOperator of(String name) {
        return switch (name) {
            case "abs" -> Math::abs;
            case "ceil" -> Math::ceil;
            case "floor" -> Math::floor;
            case "exp" -> Math::exp;
            case "sqrt" -> Math::sqrt;
            case "ln" -> Math::log;
            case "log2" -> MathFunctions::log2;
            case "log10" -> Math::log10;
            case "sgn" -> v -> v < 0 ? -1 : v > 0 ? 1 : v;
            case "sin" -> Math::sin;
            case "cos" -> Math::cos;
            case "tan" -> Math::tan;
            case "asin" -> Math::asin;
            case "acos" -> Math::acos;
            case "atan" -> Math::atan;
            case "sinh" -> Math::sinh;
            case "cosh" -> Math::cosh;
            case "tanh" -> Math::tanh;
            case "asinh" -> MathFunctions::asinh;
            case "acosh" -> v -> v < 1 ? Double.NaN : Math.log(v + Math.sqrt(v * v - 1));
            case "atanh" -> MathFunctions::atanh;
            case "deg" -> v -> v * 180 / Math.PI;
            case "rad" -> v -> v * Math.PI / 180;
            default -> null;
        };
    }

    /** Base-2 logarithm, exact for powers of two as Go's math.Log2. */
    static double log2(double v) {
        if (v > 0 && !Double.isInfinite(v)) {
            int exp = Math.getExponent(v);
            if (v == Math.scalb(1.0, exp)) {
                return exp;
            }
        }
        return Math.log(v) / Math.log(2);
    }

    static double asinh(double v) {
        if (Double.isInfinite(v) || v == 0 || Double.isNaN(v)) {
            return v;
        }
        double a = Math.abs(v);
        double r = Math.log(a + Math.sqrt(a * a + 1));
        return v < 0 ? -r : r;
    }

    static double atanh(double v) {
        if (v < -1 || v > 1 || Double.isNaN(v)) {
            return Double.NaN;
        }
        if (v == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (v == -1) {
            return Double.NEGATIVE_INFINITY;
        }
        return 0.5 * Math.log1p(2 * v / (1 - v));
    }
}
