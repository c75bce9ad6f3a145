package query;

import java.util.Arrays;

/**
 * The {@code *_over_time} aggregations of one window, and holt_winters, as Prometheus 2.42 (promql/functions.go):
 * sums and means with Kahan compensation, an infinite mean kept when finite values follow, max and min skipping a
 * leading NaN, standard deviation and variance by Welford's method.
 */
final class OverTime {
    private OverTime() {}

    static double aggregate(String f, Val.Window w) {
        double[] v = w.v();
        int from = w.from();
        int to = w.to();
        switch (f) {
            case "count_over_time":
                return to - from;
            case "present_over_time":
                return 1;
            case "last_over_time":
                return v[to - 1];
            case "sum_over_time": {
                Kahan k = new Kahan();
                for (int i = from; i < to; i++) {
                    k.add(v[i]);
                }
                return k.value();
            }
            case "avg_over_time":
                return average(v, from, to);
            case "max_over_time":
            case "min_over_time":
                return extreme(v, from, to, f.equals("max_over_time"));
            case "stddev_over_time":
                return Math.sqrt(variance(v, from, to));
            case "stdvar_over_time":
                return variance(v, from, to);
            default:
                throw new IllegalStateException("function not implemented: " + f);
        }
    }

    private static double average(double[] v, int from, int to) {
        double mean = 0;
        double count = 0;
        Kahan k = new Kahan();
        for (int i = from; i < to; i++) {
            count++;
            mean = k.sum;
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(v[i]) && (mean > 0) == (v[i] > 0)) {
                    continue;
                }
                if (!Double.isInfinite(v[i]) && !Double.isNaN(v[i])) {
                    continue;
                }
            }
            k.add(v[i] / count - mean / count);
        }
        return Double.isInfinite(k.sum) ? k.sum : k.sum + k.c;
    }

    private static double extreme(double[] v, int from, int to, boolean max) {
        double best = v[from];
        for (int i = from; i < to; i++) {
            if ((max ? v[i] > best : v[i] < best) || Double.isNaN(best)) {
                best = v[i];
            }
        }
        return best;
    }

    private static double variance(double[] v, int from, int to) {
        double count = 0;
        Kahan mean = new Kahan();
        Kahan aux = new Kahan();
        for (int i = from; i < to; i++) {
            count++;
            double delta = v[i] - (mean.sum + mean.c);
            mean.add(delta / count);
            aux.add(delta * (v[i] - (mean.sum + mean.c)));
        }
        return (aux.sum + aux.c) / count;
    }

    /** quantile_over_time: the φ-quantile of the window's values (see {@link #quantile(double, double[])}). */
    static double quantile(double q, Val.Window w) {
        return quantile(q, Arrays.copyOfRange(w.v(), w.from(), w.to()));
    }

    /**
     * The φ-quantile of values, interpolating between the two nearest ranks; NaN for none or a NaN φ, -Inf below 0,
     * +Inf above 1 (Prometheus 2.42 promql/quantile.go quantile). Sorts {@code values} in place, NaN first.
     */
    static double quantile(double q, double[] values) {
        if (values.length == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortNaNFirst(values);
        double n = values.length;
        double rank = q * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
    }

    private static void sortNaNFirst(double[] values) {
        Arrays.sort(values);
        int nans = 0;
        for (int i = values.length - 1; i >= 0 && Double.isNaN(values[i]); i--) {
            nans++;
        }
        if (nans > 0) {
            double[] copy = new double[values.length];
            Arrays.fill(copy, 0, nans, Double.NaN);
            System.arraycopy(values, 0, copy, nans, values.length - nans);
            System.arraycopy(copy, 0, values, 0, values.length);
        }
    }

    /** Double exponential smoothing with smoothing factor {@code sf} and trend factor {@code tf}, both in (0, 1). */
    static double holtWinters(Val.Window w, double sf, double tf) {
        checkFactors(sf, tf);
        double[] v = w.v();
        int from = w.from();
        double s0 = 0;
        double s1 = v[from];
        double b = v[from + 1] - v[from];
        for (int i = from + 1; i < w.to(); i++) {
            double x = sf * v[i];
            if (i - from - 1 != 0) {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        return s1;
    }

    /** Fails as Prometheus 2.42 does unless both factors are strictly between 0 and 1. */
    static void checkFactors(double sf, double tf) {
        if (sf <= 0 || sf >= 1) {
            throw Evaluator.execution(String.format(java.util.Locale.ROOT,
                    "invalid smoothing factor. Expected: 0 < sf < 1, got: %f", sf));
        }
        if (tf <= 0 || tf >= 1) {
            throw Evaluator.execution(String.format(java.util.Locale.ROOT,
                    "invalid trend factor. Expected: 0 < tf < 1, got: %f", tf));
        }
    }
}
