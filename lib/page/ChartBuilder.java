package page;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import record.CompactRecord;
import record.SeriesKey;

/**
 * Turns one target's scrape records, fed in time order, into the page's charts: one chart per metric family (the
 * panels above them are PromQL, {@code lib/panels}). Which series goes where, and whether as a gauge or a counter, is
 * {@link SeriesClassifier}'s rule; gauges are drawn as recorded, counters as rates per second ({@link SeriesState}),
 * histograms as quantiles per interval ({@link HistogramGroup}).
 *
 * <p>A line breaks (a null in the trace, never bridged) at a failed scrape ({@code up=0}), where a series is missing
 * from a successful scrape (stale), and across a gap with no records longer than {@link #GAP_FACTOR} times the median
 * interval; those failed scrapes and gaps are also the target's outages ({@link Outages}), shaded on every chart. A
 * drop of {@link #UPTIME} marks a gateway restart at {@code ts - uptime}.
 *
 * <p>Records of several targets go through {@link MultiTargetCharts}, which keeps one builder per target.
 */
public final class ChartBuilder {
    /** A gap longer than this many median intervals breaks every line. */
    static final double GAP_FACTOR = 2.5;
    /** The gateway's uptime gauge (seconds); where it goes down, the gateway restarted (the page's dotted lines). */
    public static final String UPTIME = "coppice_uptime_seconds";
    /** Most restarts remembered, so a flapping gateway cannot fill the memory. */
    private static final int MAX_RESTARTS = 10_000;

    private final int maxPoints;
    private final int maxTraces;
    private final SeriesClassifier classifier;
    private final Map<String, SeriesState> series = new HashMap<>();
    private final Map<String, HistogramGroup> groups = new HashMap<>();
    private final Map<String, SummaryMean> means = new HashMap<>();
    private final List<SummaryMean> touchedMeans = new ArrayList<>();
    private final TreeMap<String, Chart> otherCharts = new TreeMap<>();
    /** By title: the values as recorded of each family taken for a counter by its name alone (see {@link SeriesState#recorded}). */
    private final TreeMap<String, Chart> recordedCharts = new TreeMap<>();
    private static final int MAX_TYPE_CHANGES = 5;
    /** The TYPEs the target's latest record declared (compared by identity first: records in a row share one map). */
    private Map<String, String> declared;
    /** Family to the title suffix of its charts since its TYPE last changed, e.g. {@code " (gauge from ...)"}. */
    private final Map<String, String> typeEras = new java.util.HashMap<>();
    private final List<String> typeChanges = new ArrayList<>();
    private long typeChangeCount;
    private final SeriesMath.IntervalMedian intervals = new SeriesMath.IntervalMedian(64);
    private List<SeriesState> active = new ArrayList<>();
    private List<SeriesState> seen = new ArrayList<>();
    private final List<HistogramGroup> touchedGroups = new ArrayList<>();
    private final List<Long> restarts = new ArrayList<>();
    private final Outages outages = new Outages();
    private double lastUptime = Double.NaN;
    private long lastUptimeTs;
    private long record;
    private long previousTs = Long.MIN_VALUE;
    private long firstTs = Long.MAX_VALUE, lastTs = Long.MIN_VALUE;
    private long samples, failed, gaps, lateSamples;

    /**
     * @param maxPoints most points per trace on the page (see {@link Downsampler})
     * @param maxTraces most traces per chart on the page; the most recently active are kept
     * @param types     family name to TYPE, as the records declare them (read live: the reader fills it as it goes)
     */
    public ChartBuilder(int maxPoints, int maxTraces, Map<String, String> types) {
        this.maxPoints = maxPoints;
        this.maxTraces = maxTraces;
        this.classifier = new SeriesClassifier(types);
    }

    /** Feeds one record; records must come in time order (a late one is counted and its counters skipped). */
    public void accept(CompactRecord s) {
        record++;
        long ts = s.tsMillis();
        if (previousTs != Long.MIN_VALUE) {
            long interval = ts - previousTs;
            long median = intervals.median();
            if (median > 0 && interval > GAP_FACTOR * median) {
                gaps++;
                outages.gap(previousTs, ts);
                breakAll(previousTs + interval / 2);
            }
            intervals.add(interval);
        }
        previousTs = Math.max(previousTs, ts);
        if (!s.up()) {
            failed++;
            outages.failed(ts, s.error());
            breakAll(ts);
            return;
        }
        samples++;
        outages.up(ts);
        if (s.types() != declared && !s.types().isEmpty()) typesDeclared(s.types(), ts);
        firstTs = Math.min(firstTs, ts);
        lastTs = Math.max(lastTs, ts);
        String[] keys = s.keys();
        double[] values = s.values();
        for (int i = 0; i < keys.length; i++) {
            SeriesState st = series.get(keys[i]);
            if (st == null) {
                st = newSeries(keys[i], s.types());
                series.put(keys[i], st);
            }
            if (st == SeriesState.IGNORED || st.lastSeen == record) continue;
            if (UPTIME.equals(st.key)) noteUptime(ts, values[i]);
            if (!st.sample(record, ts, values[i])) lateSamples++;
            seen.add(st);
            if (st.group != null && st.group.touched != record) {
                st.group.touched = record;
                touchedGroups.add(st.group);
            }
            if (st.mean != null && st.mean.touched != record) {
                st.mean.touched = record;
                touchedMeans.add(st.mean);
            }
        }
        for (SeriesState st : active) if (st.lastSeen != record && st.open) st.breakAt(ts);
        List<SeriesState> swap = active;
        active = seen;
        seen = swap;
        seen.clear();
        for (HistogramGroup g : touchedGroups) g.endOfRecord(record, ts);
        touchedGroups.clear();
        for (SummaryMean m : touchedMeans) m.endOfRecord(record, ts);
        touchedMeans.clear();
    }

    /**
     * The target's clock stepped back before its record at {@code ts} ({@link days.RecordOrder}): every line breaks
     * between the previous record and that one, so no rate or line spans the step.
     */
    public void clockStepped(long ts) {
        if (previousTs != Long.MIN_VALUE && previousTs < ts) breakAll(previousTs + (ts - previousTs) / 2);
        else breakAll(ts);
    }

    private void breakAll(long ts) {
        for (SeriesState st : active) st.breakAt(ts);
        active.clear();
    }

    private void noteUptime(long ts, double uptimeSeconds) {
        if (!Double.isFinite(uptimeSeconds)) return;
        if (Double.isFinite(lastUptime) && uptimeSeconds < lastUptime && ts > lastUptimeTs) {
            long started = ts - (long) (uptimeSeconds * 1000);
            if (restarts.size() < MAX_RESTARTS) restarts.add(Math.max(started, lastUptimeTs));
        }
        lastUptime = uptimeSeconds;
        lastUptimeTs = ts;
    }

    /** The state of a series seen for the first time, placed by {@link SeriesClassifier} under its record's types. */
    private SeriesState newSeries(String key, Map<String, String> recordTypes) {
        SeriesClassifier.Placement placement = classifier.classify(key, recordTypes);
        if (placement instanceof SeriesClassifier.OtherMetric m) {
            Chart chart = otherChart(m.metric(), m.subtitle(), m.yTitle());
            chart.table |= m.table();
            SeriesState st = new SeriesState(key, m.counter(), chart, m.traceName(), null, Double.NaN);
            st.tableWhenUnchanged = m.plain();
            st.right = m.right();
            if (m.guessed()) {
                chart.guessed = "counter";
                st.recorded = recordedCharts.computeIfAbsent(chart.title, title -> new Chart(null, title,
                        "untyped, as recorded: its name ends in _total, but it went down other than by a counter reset",
                        "", maxPoints, maxTraces));
            }
            return st;
        }
        if (placement instanceof SeriesClassifier.SummaryPart p) {
            SummaryMean mean = means.get(p.groupKey());
            if (mean == null) {
                mean = new SummaryMean(otherChart(p.summary(), p.subtitle(), ""), p.groupKey(),
                        "mean" + (p.labelText().isEmpty() ? "" : " " + p.labelText()));
                means.put(p.groupKey(), mean);
            }
            SeriesState part = new SeriesState(key, true, null, null, null, Double.NaN);
            part.mean = mean;
            if (p.sum()) mean.sum = part;
            else mean.count = part;
            return part;
        }
        if (placement instanceof SeriesClassifier.HistogramBucket b) {
            HistogramGroup group = groups.get(b.groupKey());
            if (group == null) {
                Chart chart = otherChart(b.histogram(), b.subtitle(), "");
                if (b.guessed()) chart.guessed = "histogram";
                group = new HistogramGroup(chart, b.groupKey(), b.groupLabels());
                groups.put(b.groupKey(), group);
            }
            SeriesState bucket = new SeriesState(key, true, null, null, group, b.le());
            group.buckets.add(bucket);
            return bucket;
        }
        return SeriesState.IGNORED;
    }

    /**
     * A record declared other TYPEs than the target's previous one: for each family whose type changed, every line of
     * it breaks, its series are placed anew under the new type, on a chart of their own (nothing is computed across
     * the change: no rate, no reset, no quantile), and the change is noted.
     */
    private void typesDeclared(Map<String, String> types, long ts) {
        Map<String, String> before = declared;
        declared = types;
        if (before == null || before.equals(types)) return;
        for (Map.Entry<String, String> e : types.entrySet()) {
            String old = before.get(e.getKey());
            if (old == null || old.equals(e.getValue())) continue;
            String family = e.getKey();
            String since = " (" + e.getValue() + " from " + Page.UTC.format(java.time.Instant.ofEpochMilli(ts)) + ")";
            typeEras.put(family, since);
            if (typeChanges.size() < MAX_TYPE_CHANGES) {
                typeChanges.add(family + " from " + old + " to " + e.getValue() + " at " + Page.UTC.format(java.time.Instant.ofEpochMilli(ts)));
            }
            typeChangeCount++;
            series.entrySet().removeIf(entry -> {
                if (!belongsTo(entry.getKey(), family)) return false;
                entry.getValue().breakAt(ts);
                active.remove(entry.getValue());
                return true;
            });
            groups.keySet().removeIf(k -> belongsTo(k, family));
            means.keySet().removeIf(k -> belongsTo(k, family));
        }
    }

    /** Whether a series key's metric is of {@code family} (its name, or its name and a suffix). */
    private static boolean belongsTo(String key, String family) {
        String base = family.endsWith("_total") ? family.substring(0, family.length() - "_total".length()) : family;
        for (String f : new String[] {family, base}) {
            if (key.equals(f) || key.startsWith(f + "_") || key.startsWith(f + "{")) return true;
        }
        return false;
    }

    /** The families whose TYPE changed, e.g. {@code jobs from counter to gauge at 2026-11-29 10:02:00 UTC}; the first few. */
    public List<String> typeChanges() {
        return typeChanges;
    }

    /** How many times a family's TYPE changed between two records of this target. */
    public long typeChangeCount() {
        return typeChangeCount;
    }

    private Chart otherChart(String metric, String subtitle, String yTitle) {
        for (Map.Entry<String, String> era : typeEras.entrySet()) {
            if (belongsTo(metric, era.getKey())) {
                metric = metric + era.getValue();
                break;
            }
        }
        return otherCharts.computeIfAbsent(metric,
                m -> new Chart("m-" + (otherCharts.size() + 1), m, subtitle, yTitle, maxPoints, maxTraces));
    }

    /**
     * Sorts and downsamples every trace and drops traces beyond {@code maxTraces} per chart; a family taken for a
     * counter whose series went down other than by a counter reset is drawn as recorded. Call once, at the end.
     */
    public void finish() {
        List<Chart> charts = charts(notCounters());
        otherCharts.clear();
        for (Chart c : charts) {
            c.finish();
            if (!c.traces.isEmpty()) otherCharts.put(c.title, c);
        }
    }

    /**
     * The titles of the families taken for counters by their names alone whose series went down other than by a
     * counter reset ({@link SeriesState#notACounter}): they are drawn as recorded.
     */
    public java.util.Set<String> notCounters() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Chart c : recordedCharts.values()) if (c.notACounter) out.add(c.title);
        return out;
    }

    /**
     * What {@link #finish()} then {@link #charts()} would give, computed on copies ({@link Chart#copy()}), so this
     * builder can go on taking records: the page {@code watch --render} writes after each tick.
     */
    public List<Chart> finishedCopy() {
        return finishedCopy(notCounters());
    }

    /**
     * {@link #finishedCopy()}, the families titled in {@code asRecorded} (taken for counters by name, but not counters on
     * some target: {@link #notCounters()} of every target) drawn as recorded.
     */
    public List<Chart> finishedCopy(java.util.Set<String> asRecorded) {
        List<Chart> out = new ArrayList<>();
        for (Chart c : charts(asRecorded)) {
            Chart copy = c.copy();
            copy.finish();
            if (!copy.traces.isEmpty()) out.add(copy);
        }
        return out;
    }

    /** The charts, one per metric family, by name. */
    public List<Chart> charts() {
        return charts(java.util.Set.of());
    }

    /** {@link #charts()} with the families titled in {@code asRecorded} as recorded (the chart keeps its id). */
    private List<Chart> charts(java.util.Set<String> asRecorded) {
        List<Chart> out = new ArrayList<>();
        for (Chart c : otherCharts.values()) {
            Chart recorded = asRecorded.contains(c.title) ? recordedCharts.get(c.title) : null;
            out.add(recorded == null ? c : recorded.withId(c.id));
        }
        return out;
    }

    /** Start times of the gateway (epoch ms) wherever {@link #UPTIME} went down. */
    public List<Long> restarts() {
        return restarts;
    }

    /**
     * Where this target was not scraped, under its name {@code target}: failed scrapes and gaps without records
     * ({@link Outages}), in time order, up to the page's last record of any target ({@code pageEndMs}).
     */
    List<Outages.Outage> outages(String target, long pageEndMs) {
        long median = intervals.median();
        return outages.of(target, median, previousTs, pageEndMs, median > 0 ? (long) (GAP_FACTOR * median) : Long.MAX_VALUE);
    }

    /** The time of the last record fed (failed or not), epoch ms, or Long.MIN_VALUE before the first. */
    long lastRecordTs() {
        return previousTs;
    }

    /** Metric names typed by a name suffix for want of a declared TYPE ({@link SeriesClassifier#guessed()}), in name order. */
    public SortedSet<String> guessedTypes() {
        SortedSet<String> out = new java.util.TreeSet<>(classifier.guessed());
        out.removeAll(notCounters());
        return out;
    }

    /** Successful scrapes fed. */
    public long samples() {
        return samples;
    }

    /** Failed scrapes ({@code up=0}) fed. */
    public long failed() {
        return failed;
    }

    /** Gaps that broke every line. */
    public long gaps() {
        return gaps;
    }

    /** Counter samples older than their series' previous sample (beyond the reader's reorder window), left out. */
    public long lateSamples() {
        return lateSamples;
    }

    /** First successful scrape, epoch ms, or Long.MAX_VALUE when none. */
    public long firstTs() {
        return firstTs;
    }

    /** Last successful scrape, epoch ms, or Long.MIN_VALUE when none. */
    public long lastTs() {
        return lastTs;
    }

    /** Adds to {@code into} the metric name of every series a successful scrape has held so far (shown or not). */
    public void addMetricNames(java.util.Set<String> into) {
        for (String key : series.keySet()) into.add(SeriesKey.name(key));
    }
}
