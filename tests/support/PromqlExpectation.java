package support;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** What one eval of a PromQL test file expects: an error, a scalar, or samples (in order for eval_ordered). */
public final class PromqlExpectation {
    /** One expected sample: its labels ({@code __name__} included when written) and value. */
    public record Expected(TreeMap<String, String> labels, double value) {}

    final boolean fail;
    final boolean ordered;
    Double scalar;
    final List<Expected> samples = new ArrayList<>();

    PromqlExpectation(boolean fail, boolean ordered) {
        this.fail = fail;
        this.ordered = ordered;
    }

    void addLine(String line) {
        if (scalar != null) {
            return;
        }
        try {
            scalar = PromqlSeriesDesc.number(line.trim());
            return;
        } catch (NumberFormatException e) {
            // Not a scalar: a series with one value.
        }
        PromqlSeriesDesc d = PromqlSeriesDesc.parse(line);
        samples.add(new Expected(d.labels(), d.values().get(0)));
    }

    /** Prometheus's test comparison (promql/test.go almostEqual): relative 1e-6, NaN equal to NaN. */
    static boolean almostEqual(double a, double b) {
        double minNormal = Double.MIN_NORMAL;
        double epsilon = 0.000001;
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || diff < minNormal) {
            return diff < epsilon * minNormal;
        }
        return diff / (Math.abs(a) + Math.abs(b)) < epsilon;
    }
}
