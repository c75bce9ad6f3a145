package page;

import java.util.ArrayList;
import java.util.List;

/**
 * The buckets of one histogram (one label set besides {@code le}), drawn as the {@link #QUANTILES} per interval:
 * after each record in which every bucket has an increase, {@link SeriesMath#histogramQuantile} over those increases;
 * a break where any bucket has none.
 *
 * <p>Without a {@code +Inf} bucket no quantile can be estimated (Prometheus's {@code histogram_quantile} gives NaN):
 * the group then draws each bucket's rate per second instead, one line per {@code le}, and puts a note on its chart
 * ({@link #NO_INF_NOTE}) so the histogram does not vanish from the page without a word.
 */
final class HistogramGroup {
    /** Quantiles drawn for each histogram. */
    static final double[] QUANTILES = {0.5, 0.9, 0.99};

    /** The chart note of a histogram drawn as bucket rates. */
    static final String NO_INF_NOTE = "No +Inf bucket, so no quantiles (they need the count of every observation): "
            + "each bucket is drawn as its rate per second, one line per le.";

    final List<SeriesState> buckets = new ArrayList<>();
    private final Trace[] traces = new Trace[QUANTILES.length];
    /** Bucket-rate lines, parallel to {@link #buckets}, for a histogram without +Inf. */
    private final List<Trace> bucketTraces = new ArrayList<>();
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

    /** Breaks every quantile (or bucket-rate) line at {@code ts}. */
    void breakAt(long ts) {
        for (Trace t : traces) if (t != null && !t.evicted) t.points.addBreak(ts);
        for (Trace t : bucketTraces) if (t != null && !t.evicted) t.points.addBreak(ts);
    }

    private Trace bucketTrace(int i) {
        while (bucketTraces.size() <= i) bucketTraces.add(null);
        Trace t = bucketTraces.get(i);
        if (t == null || t.evicted) {
            SeriesState b = buckets.get(i);
            String name = "le=\"" + formatLe(b.le) + "\"" + (labelText.isEmpty() ? "" : " " + labelText);
            t = chart.trace(b.key, name);
            bucketTraces.set(i, t);
        }
        return t;
    }

    /** Adds the quantiles of record number {@code record} at {@code ts}, once all of its buckets were fed. */
    void endOfRecord(long record, long ts) {
        boolean inf = false;
        for (SeriesState b : buckets) inf |= b.le == Double.POSITIVE_INFINITY;
        if (!inf) {
            chart.note = NO_INF_NOTE;
            for (int i = 0; i < buckets.size(); i++) {
                SeriesState b = buckets.get(i);
                if (b.increaseRecord == record && Double.isFinite(b.rate)) bucketTrace(i).points.add(ts, b.rate);
                else if (i < bucketTraces.size() && bucketTraces.get(i) != null && !bucketTraces.get(i).evicted) bucketTraces.get(i).points.addBreak(ts);
            }
            return;
        }
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

    /** An upper bound as a label value: 0.5 as "0.5", 1 as "1". */
    private static String formatLe(double le) {
        return le == Math.rint(le) && Math.abs(le) < 1e15 ? Long.toString((long) le) : Double.toString(le);
    }

    /** 0.5 as "50", 0.99 as "99", 0.999 as "99.9". */
    private static String formatQuantile(double q) {
        String s = Double.toString(q * 100);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
