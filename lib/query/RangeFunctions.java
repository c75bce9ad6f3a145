package query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The PromQL functions over range vectors, as Prometheus 2.42 (promql/functions.go): rate, increase and delta by
 * extrapolatedRate; irate and idelta by instantValue; deriv and predict_linear by least squares (linearRegression);
 * holt_winters; resets; changes; and every {@code *_over_time}. A function is not called for a series with no sample
 * in its window; rate, increase, delta, irate, idelta, deriv, predict_linear and holt_winters need two samples. The
 * result drops {@code __name__}, except for last_over_time.
 */
final class RangeFunctions {
    private RangeFunctions() {}

    private static final Set<String> NEED_TWO = Set.of("rate", "increase", "delta", "irate", "idelta", "deriv",
            "predict_linear");

    static Val call(Evaluator ev, Expr.Call c, int matrixIndex, long t) {
        String f = c.function();
        Expr matrixArg = Functions.unwrap(c.args().get(matrixIndex));
        List<Val.Window> windows = ((Val.Mat) ev.eval(matrixArg, t)).windows();
        double[] scalars = new double[c.args().size()];
        for (int i = 0; i < scalars.length; i++) {
            if (i != matrixIndex) {
                scalars[i] = Functions.num(ev.eval(c.args().get(i), t));
            }
        }
        if (f.equals("absent_over_time")) {
            return new Val.Vec(windows.isEmpty()
                    ? List.of(new Val.Sample(Functions.absentLabels(matrixArg), t, 1)) : List.of());
        }
        long[] bounds = bounds(ev, matrixArg, t);
        List<Val.Sample> out = new ArrayList<>(windows.size());
        boolean needTwo = NEED_TWO.contains(f);
        for (Val.Window w : windows) {
            if (f.equals("holt_winters")) {
                OverTime.checkFactors(scalars[1], scalars[2]);
            }
            if ((needTwo || f.equals("holt_winters")) && w.size() < 2) {
                continue;
            }
            double v = apply(f, w, scalars, bounds, t);
            Labels l = f.equals("last_over_time") ? w.labels() : w.labels().withoutName();
            ev.checkOrigin(c, l, w.labels());
            out.add(new Val.Sample(l, t, v));
        }
        return new Val.Vec(Evaluator.checkUnique(out));
    }

    /** The window's start and end times and its range in milliseconds, for the extrapolation of rate(). */
    private static long[] bounds(Evaluator ev, Expr arg, long t) {
        if (arg instanceof Expr.MatrixSelector ms) {
            long end = ev.extents.atTime(ms.selector().at(), t) - ms.selector().offsetMs();
            return new long[] {end - ms.rangeMs(), end, ms.rangeMs()};
        }
        Expr.Subquery sq = (Expr.Subquery) arg;
        long end = ev.extents.atTime(sq.at(), t) - sq.offsetMs();
        return new long[] {end - sq.rangeMs(), end, sq.rangeMs()};
    }

    private static double apply(String f, Val.Window w, double[] scalars, long[] bounds, long t) {
        return switch (f) {
            case "rate" -> extrapolatedRate(w, bounds, true, true);
            case "increase" -> extrapolatedRate(w, bounds, true, false);
            case "delta" -> extrapolatedRate(w, bounds, false, false);
            case "irate" -> instantValue(w, true);
            case "idelta" -> instantValue(w, false);
            case "deriv" -> Regression.fit(w, w.t()[w.from()])[0];
            case "predict_linear" -> predictLinear(w, scalars[1], t);
            case "holt_winters" -> OverTime.holtWinters(w, scalars[1], scalars[2]);
            case "resets" -> resets(w);
            case "changes" -> changes(w);
            case "quantile_over_time" -> OverTime.quantile(scalars[0], w);
            default -> OverTime.aggregate(f, w);
        };
    }

    private static double predictLinear(Val.Window w, double durationSeconds, long t) {
        double[] fit = Regression.fit(w, t);
        return fit[0] * durationSeconds + fit[1];
    }

    /**
     * rate(), increase() and delta() (Prometheus 2.42 extrapolatedRate): the change over the window, counter resets
     * added back for counters, extrapolated to the window's edges when the first or last sample is within 1.1 average
     * intervals of them (else by half an interval), never extrapolating a counter below zero; rate divides by the
     * range in seconds.
     */
    static double extrapolatedRate(Val.Window w, long[] bounds, boolean counter, boolean rate) {
        long[] ts = w.t();
        double[] vs = w.v();
        int first = w.from();
        int last = w.to() - 1;
        double result = vs[last] - vs[first];
        if (counter) {
            double prev = vs[first];
            for (int i = first + 1; i <= last; i++) {
                if (vs[i] < prev) {
                    result += prev;
                }
                prev = vs[i];
            }
        }
        double toStart = (ts[first] - bounds[0]) / 1000.0;
        double toEnd = (bounds[1] - ts[last]) / 1000.0;
        double sampled = (ts[last] - ts[first]) / 1000.0;
        double average = sampled / (last - first);
        if (counter && result > 0 && vs[first] >= 0) {
            double toZero = sampled * (vs[first] / result);
            if (toZero < toStart) {
                toStart = toZero;
            }
        }
        double threshold = average * 1.1;
        double interval = sampled;
        interval += toStart < threshold ? toStart : average / 2;
        interval += toEnd < threshold ? toEnd : average / 2;
        double factor = interval / sampled;
        if (rate) {
            factor /= bounds[2] / 1000.0;
        }
        return result * factor;
    }

    private static double instantValue(Val.Window w, boolean rate) {
        int last = w.to() - 1;
        double lastV = w.v()[last];
        double prevV = w.v()[last - 1];
        double result = rate && lastV < prevV ? lastV : lastV - prevV;
        long interval = w.t()[last] - w.t()[last - 1];
        return rate ? result / (interval / 1000.0) : result;
    }

    private static double resets(Val.Window w) {
        int n = 0;
        double prev = w.v()[w.from()];
        for (int i = w.from() + 1; i < w.to(); i++) {
            if (w.v()[i] < prev) {
                n++;
            }
            prev = w.v()[i];
        }
        return n;
    }

    private static double changes(Val.Window w) {
        int n = 0;
        double prev = w.v()[w.from()];
        for (int i = w.from() + 1; i < w.to(); i++) {
            double cur = w.v()[i];
            if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
                n++;
            }
            prev = cur;
        }
        return n;
    }
}
