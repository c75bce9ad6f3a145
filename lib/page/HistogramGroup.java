package page;

import java.util.ArrayList;
import java.util.List;

/**
 * The buckets of one histogram (one label set besides {@code le}), drawn as the {@link #QUANTILES} per interval:
 * after each record in which every bucket has an increase, {@link SeriesMath#histogramQuantile} over those increases;
 * a break where any bucket has none.
 */
final class HistogramGroup {
    /** Quantiles drawn for each histogram. */
    static final double[] QUANTILES = {0.5, 0.9, 0.99};

    final List<SeriesState> buckets = new ArrayList<>();
    private final Trace[] traces = new Trace[QUANTILES.length];
    private final Chart chart;
    private final String key;
    private final String labelText;
    /** Number of the last record that held one of its buckets, -1 before the first. */
    long touched = -1;

    /**
     * @param key       the histogram's series key without {@code le}
     * @param labelText its labels besides {@code le} as legend text, or empty
     */
    HistogramGroup(Chart chart, String key, String labelText) {
        this.chart = chart;
        this.key = key;
        this.labelText = labelText;
    }

    private Trace trace(int i) {
        if (traces[i] == null || traces[i].evicted) {
            String name = "p" + formatQuantile(QUANTILES[i]) + (labelText.isEmpty() ? "" : " " + labelText);
            traces[i] = chart.trace(key + "#" + i, name);
        }
        return traces[i];
    }

    /** Breaks every quantile line at {@code ts}. */
    void breakAt(long ts) {
        for (Trace t : traces) if (t != null && !t.evicted) t.points.addBreak(ts);
    }

    /** Adds the quantiles of record number {@code record} at {@code ts}, once all of its buckets were fed. */
    void endOfRecord(long record, long ts) {
        double[] le = new double[buckets.size()];
        double[] inc = new double[buckets.size()];
        for (int i = 0; i < buckets.size(); i++) {
            SeriesState b = buckets.get(i);
            if (b.increaseRecord != record) {
                breakAt(ts);
                return;
            }
            le[i] = b.le;
            inc[i] = b.increase;
        }
        for (int i = 0; i < QUANTILES.length; i++) {
            double q = SeriesMath.histogramQuantile(QUANTILES[i], le, inc);
            if (Double.isFinite(q)) trace(i).points.add(ts, q);
            else trace(i).points.addBreak(ts);
        }
    }

    /** 0.5 as "50", 0.99 as "99", 0.999 as "99.9". */
    private static String formatQuantile(double q) {
        String s = Double.toString(q * 100);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
