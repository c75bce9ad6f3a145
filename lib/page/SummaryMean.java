package page;

/**
 * The mean observation of one summary (one label set besides {@code quantile}) per interval: the increase of its
 * {@code _sum} over the increase of its {@code _count} ({@link SeriesMath#meanPerObservation}), both counters with
 * resets counted; a break where either has no increase or nothing was observed. Prometheus's
 * {@code rate(x_sum[d]) / rate(x_count[d])} over one scrape interval.
 */
final class SummaryMean {
    private final Chart chart;
    private final String key;
    private final String name;
    private Trace trace;
    SeriesState sum, count;
    /** Number of the last record that held its sum or count, -1 before the first. */
    long touched = -1;

    /**
     * @param key  the summary's series key without {@code quantile}, the trace's key on its chart
     * @param name the trace's legend name
     */
    SummaryMean(Chart chart, String key, String name) {
        this.chart = chart;
        this.key = key;
        this.name = name;
    }

    private Trace trace() {
        if (trace == null || trace.evicted) trace = chart.trace(key + "#mean", name);
        return trace;
    }

    /** Adds the mean of record number {@code record} at {@code ts}, once its sum and count were fed. */
    void endOfRecord(long record, long ts) {
        if (sum == null || count == null) return;
        if (sum.increaseRecord == record && count.increaseRecord == record) {
            trace().points.add(ts, SeriesMath.meanPerObservation(sum.increase, count.increase));
        } else {
            breakAt(ts);
        }
    }

    /** Breaks the mean's line at {@code ts}. */
    void breakAt(long ts) {
        if (trace != null && !trace.evicted) trace.points.addBreak(ts);
    }
}
