package query;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the series of one selector from the {@link SeriesSource}, once, and prepares them for evaluation: sorted by
 * labels (as Prometheus's storage returns them); stale markers dropped from range selectors (Prometheus 2.42 leaves
 * them out of range vectors) and, with staleness off, from every selector.
 */
final class Selection {
    private Selection() {}

    /** The selects {@link #load} will make for these selectors and their ranges, for {@link SeriesSource#plan}. */
    static List<SeriesSource.Request> requests(java.util.Map<Expr, long[]> selectorRanges) {
        List<SeriesSource.Request> out = new ArrayList<>(selectorRanges.size());
        for (java.util.Map.Entry<Expr, long[]> e : selectorRanges.entrySet()) {
            out.add(new SeriesSource.Request(vectorSelector(e.getKey()).matchers(), e.getValue()[0], e.getValue()[1]));
        }
        return out;
    }

    private static Expr.VectorSelector vectorSelector(Expr selector) {
        return selector instanceof Expr.MatrixSelector m ? m.selector() : (Expr.VectorSelector) selector;
    }

    static List<Evaluator.Series> load(SeriesSource source, Expr selector, long[] range, QueryOptions options) {
        boolean matrix = selector instanceof Expr.MatrixSelector;
        Expr.VectorSelector vs = vectorSelector(selector);
        List<StoredSeries> stored = source.select(vs.matchers(), range[0], range[1]);
        boolean dropStale = matrix || !options.staleness();
        List<Evaluator.Series> out = new ArrayList<>(stored.size());
        for (StoredSeries s : stored) {
            Evaluator.Series series = prepare(s, dropStale);
            if (series.t().length > 0) {
                out.add(series);
            }
        }
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return out;
    }

    private static Evaluator.Series prepare(StoredSeries s, boolean dropStale) {
        long[] t = s.timestampsMs();
        double[] v = s.values();
        if (dropStale) {
            int stale = 0;
            for (double x : v) {
                if (Staleness.isStale(x)) {
                    stale++;
                }
            }
            if (stale > 0) {
                long[] t2 = new long[t.length - stale];
                double[] v2 = new double[t.length - stale];
                int j = 0;
                for (int i = 0; i < t.length; i++) {
                    if (!Staleness.isStale(v[i])) {
                        t2[j] = t[i];
                        v2[j++] = v[i];
                    }
                }
                t = t2;
                v = v2;
            }
        }
        return new Evaluator.Series(Labels.of(s.labels()), t, v);
    }
}
