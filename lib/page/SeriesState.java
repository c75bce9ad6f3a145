package page;

/**
 * What the page remembers of one series between records: its last sample, whether its line is open (a break ends
 * it), and for a counter the increase over the last interval.
 *
 * <p>A gauge's samples go onto its trace as recorded. A counter's rate over an interval is its increase
 * ({@link SeriesMath#counterIncrease}, resets counted) divided by the seconds between the two samples; the first
 * sample of a series, and the first after a break, have no rate. Rule: Prometheus's {@code rate()}.
 */
final class SeriesState {
    /** A series the page does not show; shared, never changed. */
    static final SeriesState IGNORED = new SeriesState(null, false, null, null, null, Double.NaN);

    final String key;
    final boolean counter;
    /** The chart its own line goes on; null when it has none (latency sums and histogram buckets). */
    private final Chart chart;
    private final String traceName;
    /** The histogram this series is a bucket of, or null. */
    final HistogramGroup group;
    /** The bucket's upper bound when {@link #group} is set. */
    final double le;
    private Trace trace;
    /** Whether the line is open: the last sample was finite and no break came since. */
    boolean open;
    private double last = Double.NaN;
    private long lastTs;
    /** Number of the record that last held this series, -1 before the first. */
    long lastSeen = -1;
    /** A counter's increase over the interval ending at record {@link #increaseRecord}. */
    double increase;
    /** The same increase per second of that interval. */
    double rate;
    long increaseRecord = -1;
    /** Whether a recorded value differed from the first one (NaN equals NaN here); see {@link Trace#unchanged()}. */
    boolean changed;
    /** The first and the latest recorded value (not the rate), NaN before the first sample. */
    double firstValue = Double.NaN, latestValue = Double.NaN;
    private boolean sampled;
    /** Whether its trace stands for the series alone, so an unchanged series goes to a table (see {@link Trace#source}). */
    boolean tableWhenUnchanged;
    /** Whether its trace goes on the chart's right-hand axis. */
    boolean right;
    /** The summary mean this series is the {@code _sum} or {@code _count} of, or null. */
    SummaryMean mean;
    /**
     * For a family taken for a counter by its name alone: the chart of its values as recorded, which the page draws
     * instead when a series of the family goes down other than by a counter reset ({@link #notACounter}); else null.
     */
    Chart recorded;
    private Trace recordedTrace;

    /**
     * @param counter   true for a counter (drawn as rates, kept for its increases), false for a gauge
     * @param chart     where its own line goes, or null
     * @param traceName its line's legend name, when it has a chart
     * @param group     the histogram it is a bucket of, or null; {@code le} is then its upper bound
     */
    SeriesState(String key, boolean counter, Chart chart, String traceName, HistogramGroup group, double le) {
        this.key = key;
        this.counter = counter;
        this.chart = chart;
        this.traceName = traceName;
        this.group = group;
        this.le = le;
    }

    private Trace trace() {
        if (chart == null) return null;
        if (trace == null || trace.evicted) {
            trace = chart.trace(key, traceName);
            trace.right = right;
            if (tableWhenUnchanged) trace.source = this;
        }
        return trace;
    }

    /**
     * Takes the series' sample of record number {@code record} at {@code ts} (epoch ms).
     *
     * @return false when a counter sample is older than the series' previous one and was left out
     */
    boolean sample(long record, long ts, double v) {
        lastSeen = record;
        if (recorded != null) sampleRecorded(ts, v);
        if (!sampled) {
            sampled = true;
            firstValue = v;
        } else if (Double.compare(v, firstValue) != 0) {
            changed = true;
        }
        latestValue = v;
        if (!counter) {
            trace().points.add(ts, v);
            open = Double.isFinite(v);
            return true;
        }
        if (open && ts < lastTs) return false;
        if (open && ts > lastTs && Double.isFinite(v)) {
            increase = SeriesMath.counterIncrease(last, v);
            rate = SeriesMath.ratePerSecond(last, lastTs, v, ts);
            increaseRecord = record;
            Trace t = trace();
            if (t != null) t.points.add(ts, rate);
        }
        if (Double.isFinite(v)) {
            last = v;
            lastTs = ts;
            open = true;
        } else {
            breakAt(ts);
        }
        return true;
    }

    /**
     * Whether a value read after {@code previous} shows a series that is no counter: a counter is never negative, and
     * goes down only at a counter reset, when it starts again from zero: to below half its value, since it had only
     * the time since the restart to grow. A drop to more than half (1000 to 990) is a gauge going down.
     */
    static boolean notACounter(double previous, double v) {
        return v < 0 || v < previous && v > previous / 2;
    }

    private void sampleRecorded(long ts, double v) {
        if (Double.isFinite(v) && (sampled && Double.isFinite(latestValue) ? notACounter(latestValue, v) : v < 0)) recorded.notACounter = true;
        if (recordedTrace == null || recordedTrace.evicted) {
            recordedTrace = recorded.trace(key, traceName);
            recordedTrace.source = this;
        }
        recordedTrace.points.add(ts, v);
    }

    /** Ends the line at {@code ts}: the next sample starts it again (a counter's without a rate). */
    void breakAt(long ts) {
        open = false;
        if (recordedTrace != null && !recordedTrace.evicted) recordedTrace.points.addBreak(ts);
        if (chart != null && trace != null && !trace.evicted) trace.points.addBreak(ts);
        if (group != null) group.breakAt(ts);
        if (mean != null) mean.breakAt(ts);
    }
}
