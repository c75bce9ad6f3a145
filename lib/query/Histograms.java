package query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * histogram_quantile() over classic histograms (buckets as series with an {@code le} label), as Prometheus 2.42
 * (promql/functions.go funcHistogramQuantile, promql/quantile.go bucketQuantile): buckets grouped by their labels
 * without {@code le}; sorted by upper bound; the highest must be +Inf; equal bounds merged; counts made monotonic;
 * linear interpolation inside the bucket holding the rank, the lowest bucket starting at 0 unless its bound is
 * {@code <= 0}; a rank in the +Inf bucket answers the highest finite bound.
 */
final class Histograms {
    private Histograms() {}

    /** {@code keys} caches a series' labels without {@code le} across the steps of a query. */
    static List<Val.Sample> quantile(double q, List<Val.Sample> in, long t, Map<Labels, Labels> keys) {
        Map<Labels, List<double[]>> groups = new LinkedHashMap<>();
        Map<Labels, Labels> outLabels = new LinkedHashMap<>();
        Set<String> le = Set.of("le");
        for (Val.Sample s : in) {
            double upper;
            try {
                upper = GoFloat.parse(s.labels().get("le"));
            } catch (NumberFormatException e) {
                continue;
            }
            Labels key = keys.computeIfAbsent(s.labels(), l -> l.without(le));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {upper, s.v()});
            outLabels.computeIfAbsent(key, Labels::withoutName);
        }
        List<Val.Sample> out = new ArrayList<>(groups.size());
        groups.forEach((key, buckets) -> out.add(new Val.Sample(outLabels.get(key), t, bucketQuantile(q, buckets))));
        return out;
    }

    static double bucketQuantile(double q, List<double[]> in) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        double[][] b = in.toArray(new double[0][]);
        Arrays.sort(b, (x, y) -> Double.compare(x[0], y[0]));
        if (b[b.length - 1][0] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        b = coalesce(b);
        double max = b[0][1];
        for (int i = 1; i < b.length; i++) {
            if (b[i][1] > max) {
                max = b[i][1];
            } else if (b[i][1] < max) {
                b[i][1] = max;
            }
        }
        if (b.length < 2) {
            return Double.NaN;
        }
        double observations = b[b.length - 1][1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int i = 0;
        while (i < b.length - 1 && !(b[i][1] >= rank)) {
            i++;
        }
        if (i == b.length - 1) {
            return b[b.length - 2][0];
        }
        if (i == 0 && b[0][0] <= 0) {
            return b[0][0];
        }
        double start = 0;
        double end = b[i][0];
        double count = b[i][1];
        if (i > 0) {
            start = b[i - 1][0];
            count -= b[i - 1][1];
            rank -= b[i - 1][1];
        }
        return start + (end - start) * (rank / count);
    }

    private static double[][] coalesce(double[][] b) {
        List<double[]> out = new ArrayList<>();
        double[] last = b[0].clone();
        for (int i = 1; i < b.length; i++) {
            if (b[i][0] == last[0]) {
                last[1] += b[i][1];
            } else {
                out.add(last);
                last = b[i].clone();
            }
        }
        out.add(last);
        return out.toArray(new double[0][]);
    }
}
