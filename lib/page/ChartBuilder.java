package page;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import record.CompactRecord;
import record.SeriesKey;

/**
 * Turns scrape records, fed in time order, into the page's charts: gauges as recorded, counters as per-second rates
 * per interval, histograms as p50/p90/p99 per interval, and the latency means of the coppice gateway.
 *
 * <p>Rules (Prometheus's): the rate of a counter over an interval is its increase ({@link SeriesMath#counterIncrease},
 * resets counted) divided by the seconds between the two samples; the first sample of a series, and the first after a
 * break, have no rate. A line breaks (a null in the trace, never bridged) at a failed scrape ({@code up=0}), where a
 * series is missing from a successful scrape (stale), and across a gap with no records longer than 2.5 times the
 * median interval. A drop of {@code coppice_uptime_seconds} marks a gateway restart at {@code ts - uptime}.
 *
 * <p>Memory stays bounded: each trace is a {@link Downsampler}, and a chart keeps at most {@code 2 * maxTraces}
 * traces while reading (the least recently active are let go), {@code maxTraces} on the page.
 *
 * <p>One builder reads one target's records. Records of several targets ({@code watch --target NAME=URL ...}, told
 * apart by their {@code "instance"}) go through {@link PerInstance}, which keeps one builder per target.
 */
public final class ChartBuilder {
    /** A gap longer than this many median intervals breaks every line. */
    public static final double GAP_FACTOR = 2.5;
    /** Quantiles drawn for each histogram. */
    public static final double[] QUANTILES = {0.5, 0.9, 0.99};

    /** Metric names the seed page's panels use, with their chart. */
    static final Map<String, String> SEED_CHART = Map.ofEntries(
            Map.entry("coppice_sandboxes_alive", "alive"), Map.entry("coppice_kernels_alive", "alive"),
            Map.entry("coppice_sandboxes_created_total", "lifecycle"), Map.entry("coppice_sandboxes_killed_total", "lifecycle"),
            Map.entry("coppice_sandboxes_paused_total", "lifecycle"), Map.entry("coppice_sandboxes_resumed_total", "lifecycle"),
            Map.entry("coppice_execute_requests_total", "execution"), Map.entry("coppice_execute_errors_total", "execution"),
            Map.entry("coppice_sandbox_cpu_percent", "cpu"));
    static final String UPTIME = "coppice_uptime_seconds";
    /** Latency pairs: trace name, ns-sum series names (as written by text 0.0.4 and by OpenMetrics), count series. */
    static final String[][] LATENCY = {
        {"create (ms)", "coppice_sandbox_create_ns_sum", "coppice_sandbox_create_ns_sum_total", "coppice_sandboxes_created_total"},
        {"/execute (ms)", "coppice_execute_ns_sum", "coppice_execute_ns_sum_total", "coppice_execute_requests_total"},
    };

    /** One chart: its traces in first-seen order. */
    public static final class Chart {
        public final String id, title, subtitle, yTitle;
        public final boolean seed;
        final LinkedHashMap<String, Trace> traces = new LinkedHashMap<>();
        final Map<String, Integer> namesUsed = new HashMap<>();
        long distinctTraces;
        final boolean rate;

        Chart(String id, String title, String subtitle, String yTitle, boolean seed, boolean rate) {
            this.id = id;
            this.title = title;
            this.subtitle = subtitle;
            this.yTitle = yTitle;
            this.seed = seed;
            this.rate = rate;
        }

        /** The traces left after {@link ChartBuilder#finish()}. */
        public List<Trace> traces() {
            return new ArrayList<>(traces.values());
        }

        /** How many distinct traces the data had (more than {@link #traces()} when some were left out). */
        public long distinctTraces() {
            return distinctTraces;
        }

        /** Whether any trace holds at least one point. */
        public boolean hasData() {
            for (Trace t : traces.values()) if (t.points.points() > 0) return true;
            return false;
        }
    }

    /** One line of a chart. */
    public static final class Trace {
        public final String name;
        public final Downsampler points;
        boolean evicted;

        Trace(String name, int maxPoints) {
            this(name, new Downsampler(maxPoints));
        }

        private Trace(String name, Downsampler points) {
            this.name = name;
            this.points = points;
        }
    }

    private enum Role { GAUGE, COUNTER, BUCKET, NONE }

    private final class SeriesState {
        final String key;
        final Role role;
        final Chart chart;
        final String traceName;
        Trace trace;
        boolean open;
        double last = Double.NaN;
        long lastTs;
        long lastSeen = -1;
        double increase;
        long increaseRecord = -1;
        HistogramGroup group;
        double le;

        SeriesState(String key, Role role, Chart chart, String traceName) {
            this.key = key;
            this.role = role;
            this.chart = chart;
            this.traceName = traceName;
        }

        Trace trace() {
            if (chart == null) return null;
            if (trace == null || trace.evicted) trace = traceFor(chart, key, traceName);
            return trace;
        }

        void sample(long ts, double v) {
            lastSeen = record;
            if (role == Role.GAUGE) {
                trace().points.add(ts, v);
                open = Double.isFinite(v);
                return;
            }
            if (open && ts < lastTs) {
                lateSamples++;
                return;
            }
            if (open && ts > lastTs && Double.isFinite(v)) {
                increase = SeriesMath.counterIncrease(last, v);
                increaseRecord = record;
                Trace t = trace();
                if (t != null) t.points.add(ts, SeriesMath.ratePerSecond(last, lastTs, v, ts));
            }
            if (Double.isFinite(v)) {
                last = v;
                lastTs = ts;
                open = true;
            } else {
                breakAt(ts);
            }
        }

        void breakAt(long ts) {
            open = false;
            if (chart != null && trace != null && !trace.evicted) trace.points.addBreak(ts);
            if (group != null) group.breakAt(ts);
        }
    }

    private final class HistogramGroup {
        final List<SeriesState> buckets = new ArrayList<>();
        final Trace[] traces = new Trace[QUANTILES.length];
        final Chart chart;
        final String key;
        final String labelText;
        long touched = -1;

        HistogramGroup(Chart chart, String key, String labelText) {
            this.chart = chart;
            this.key = key;
            this.labelText = labelText;
        }

        Trace trace(int i) {
            if (traces[i] == null || traces[i].evicted) {
                String name = "p" + formatQuantile(QUANTILES[i]) + (labelText.isEmpty() ? "" : " " + labelText);
                traces[i] = traceFor(chart, key + "#" + i, name);
            }
            return traces[i];
        }

        void breakAt(long ts) {
            for (Trace t : traces) if (t != null && !t.evicted) t.points.addBreak(ts);
        }

        void endOfRecord(long ts) {
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
    }

    /**
     * Charts of records from several targets, told apart by {@link CompactRecord#instance()}: each target gets
     * its own {@link ChartBuilder} (created when its first record arrives), so staleness, failed scrapes, gaps, the
     * median interval, counter rates and gateway restarts are all judged within one target's records. After
     * {@link #finish()} the charts are merged: with two or more targets every trace name starts with {@code "NAME: "};
     * with one target the charts are exactly that target's.
     *
     * <p>Memory: one builder per target, at most {@link #MAX_INSTANCES} of them; records of further targets are
     * counted in {@link #ignoredRecords()} and left out.
     */
    public static final class PerInstance implements Consumer<CompactRecord> {
        /** Most targets charted; a handful is the expected case. */
        public static final int MAX_INSTANCES = 32;
        /** How a record without {@code "instance"} is named when it shares the page with named targets. */
        public static final String UNNAMED = "(unnamed)";

        private final int maxPoints, maxTraces;
        private final Map<String, String> types;
        private final TreeMap<String, ChartBuilder> builders = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        private final List<String> ignoredNames = new ArrayList<>();
        private long ignoredRecords;
        private ChartBuilder last;
        private String lastInstance;
        private List<Chart> charts;
        private List<Long> restarts;

        /** Same parameters as {@link ChartBuilder#ChartBuilder(int, int, Map)}; {@code maxTraces} holds per merged chart. */
        public PerInstance(int maxPoints, int maxTraces, Map<String, String> types) {
            this.maxPoints = maxPoints;
            this.maxTraces = maxTraces;
            this.types = types;
        }

        /** Feeds one record to its target's builder; records must come in time order (per target is enough). */
        @Override
        public void accept(CompactRecord s) {
            String instance = s.instance();
            ChartBuilder b;
            // Records of one target often come in runs; the equality test spares the map lookup.
            if (last != null && java.util.Objects.equals(instance, lastInstance)) {
                b = last;
            } else {
                b = builders.get(instance);
                if (b == null) {
                    if (builders.size() >= MAX_INSTANCES) {
                        ignoredRecords++;
                        String name = displayName(instance);
                        if (ignoredNames.size() < 5 && !ignoredNames.contains(name)) ignoredNames.add(name);
                        return;
                    }
                    b = new ChartBuilder(maxPoints, maxTraces, types);
                    builders.put(instance, b);
                }
                last = b;
                lastInstance = instance;
            }
            b.accept(s);
        }

        /** Finishes every target's charts and merges them (see the class comment). Call once, at the end. */
        public void finish() {
            for (ChartBuilder b : builders.values()) b.finish();
            List<Long> allRestarts = new ArrayList<>();
            for (ChartBuilder b : builders.values()) allRestarts.addAll(b.restarts());
            allRestarts.sort(null);
            restarts = allRestarts;
            if (builders.size() <= 1) {
                charts = builders.isEmpty() ? new ChartBuilder(maxPoints, maxTraces, types).charts() : builders.firstEntry().getValue().charts();
                return;
            }
            LinkedHashMap<String, Chart> seed = new LinkedHashMap<>();
            TreeMap<String, Chart> other = new TreeMap<>();
            for (Map.Entry<String, ChartBuilder> e : builders.entrySet()) {
                String prefix = displayName(e.getKey()) + ": ";
                for (Chart c : e.getValue().charts()) {
                    // Seed charts have fixed ids; the others are one per metric name, numbered per builder.
                    Chart merged = c.seed
                            ? seed.computeIfAbsent(c.id, id -> new Chart(id, c.title, c.subtitle, c.yTitle, true, c.rate))
                            : other.computeIfAbsent(c.title, title -> new Chart(null, title, c.subtitle, c.yTitle, false, c.rate));
                    merged.distinctTraces += c.distinctTraces;
                    for (Trace t : c.traces.values()) {
                        merged.traces.put(prefix + merged.traces.size(), new Trace(prefix + t.name, t.points));
                    }
                }
            }
            charts = new ArrayList<>(seed.values());
            int n = 0;
            for (Chart c : other.values()) {
                Chart renumbered = new Chart("m-" + (++n), c.title, c.subtitle, c.yTitle, false, c.rate);
                renumbered.traces.putAll(c.traces);
                renumbered.distinctTraces = c.distinctTraces;
                charts.add(renumbered);
            }
            for (Chart c : charts) if (c.traces.size() > maxTraces) keepMostRecent(c, maxTraces);
        }

        /** The merged charts, seed charts first (as {@link ChartBuilder#charts()}); only after {@link #finish()}. */
        public List<Chart> charts() {
            if (charts == null) throw new IllegalStateException("finish() first");
            return charts;
        }

        /** The targets' names in page order (a record without {@code "instance"} is null), each with its builder. */
        public Map<String, ChartBuilder> instances() {
            return java.util.Collections.unmodifiableMap(builders);
        }

        /** The name a target goes by on the page: its instance name, or {@link #UNNAMED}. */
        public static String displayName(String instance) {
            return instance == null ? UNNAMED : instance;
        }

        /** Gateway start times (epoch ms) of every target, in time order; only after {@link #finish()}. */
        public List<Long> restarts() {
            if (restarts == null) throw new IllegalStateException("finish() first");
            return restarts;
        }

        /** Successful scrapes of every target. */
        public long samples() {
            return sum(ChartBuilder::samples);
        }

        /** Failed scrapes of every target. */
        public long failed() {
            return sum(ChartBuilder::failed);
        }

        /** Gaps that broke a target's lines, summed over the targets. */
        public long gaps() {
            return sum(ChartBuilder::gaps);
        }

        /** Counter samples left out for being older than their series' previous one, summed over the targets. */
        public long lateSamples() {
            return sum(ChartBuilder::lateSamples);
        }

        /** First successful scrape of any target, epoch ms, or Long.MAX_VALUE when none. */
        public long firstTs() {
            long first = Long.MAX_VALUE;
            for (ChartBuilder b : builders.values()) first = Math.min(first, b.firstTs());
            return first;
        }

        /** Last successful scrape of any target, epoch ms, or Long.MIN_VALUE when none. */
        public long lastTs() {
            long lastSeen = Long.MIN_VALUE;
            for (ChartBuilder b : builders.values()) lastSeen = Math.max(lastSeen, b.lastTs());
            return lastSeen;
        }

        /** Records left out because {@link #MAX_INSTANCES} targets were already charted. */
        public long ignoredRecords() {
            return ignoredRecords;
        }

        /** The first few names of targets left out (see {@link #ignoredRecords()}). */
        public List<String> ignoredNames() {
            return ignoredNames;
        }

        private long sum(java.util.function.ToLongFunction<ChartBuilder> f) {
            long total = 0;
            for (ChartBuilder b : builders.values()) total += f.applyAsLong(b);
            return total;
        }
    }

    private final int maxPoints;
    private final int maxTraces;
    private final Map<String, String> types;
    private final Map<String, SeriesState> series = new HashMap<>();
    private final Map<String, HistogramGroup> groups = new HashMap<>();
    private final LinkedHashMap<String, Chart> seedCharts = new LinkedHashMap<>();
    private final TreeMap<String, Chart> otherCharts = new TreeMap<>();
    private final Chart latency;
    private final SeriesMath.IntervalMedian intervals = new SeriesMath.IntervalMedian(64);
    private List<SeriesState> active = new ArrayList<>();
    private List<SeriesState> seen = new ArrayList<>();
    private final List<HistogramGroup> touchedGroups = new ArrayList<>();
    private final List<Long> restarts = new ArrayList<>();
    private double lastUptime = Double.NaN;
    private long lastUptimeTs;
    private long record;
    private long previousTs = Long.MIN_VALUE;
    private long firstTs = Long.MAX_VALUE, lastTs = Long.MIN_VALUE;
    private long samples, failed, gaps, lateSamples, lateRecords;

    /**
     * @param maxPoints most points per trace on the page (see {@link Downsampler})
     * @param maxTraces most traces per chart on the page; the most recently active are kept
     * @param types     family name to TYPE, as the records declare them (read live: the reader fills it as it goes)
     */
    public ChartBuilder(int maxPoints, int maxTraces, Map<String, String> types) {
        this.maxPoints = maxPoints;
        this.maxTraces = maxTraces;
        this.types = types;
        seedCharts.put("alive", new Chart("alive", "Alive state", "sandboxes + kernels currently in the registry", "count", true, false));
        seedCharts.put("lifecycle", new Chart("lifecycle", "Sandbox lifecycle", "create / kill / pause / resume — rate per second", "per second", true, true));
        seedCharts.put("execution", new Chart("execution", "Execution path", "/execute requests + errors — rate per second", "per second", true, true));
        seedCharts.put("cpu", new Chart("cpu", "Per-sandbox CPU", "coppice_sandbox_cpu_percent — per-sandbox", "% of one core", true, false));
        latency = new Chart("latency", "Latency", "mean create time and mean /execute time per interval", "ms", true, false);
        seedCharts.put("latency", latency);
    }

    /** Feeds one record; records must come in time order (a late one is counted and its counters skipped). */
    public void accept(CompactRecord s) {
        record++;
        long ts = s.tsMillis();
        if (previousTs != Long.MIN_VALUE) {
            long interval = ts - previousTs;
            if (interval < 0) lateRecords++;
            long median = intervals.median();
            if (median > 0 && interval > GAP_FACTOR * median) {
                gaps++;
                breakAll(previousTs + interval / 2);
            }
            intervals.add(interval);
        }
        previousTs = Math.max(previousTs, ts);
        if (!s.up()) {
            failed++;
            breakAll(ts);
            return;
        }
        samples++;
        firstTs = Math.min(firstTs, ts);
        lastTs = Math.max(lastTs, ts);
        String[] keys = s.keys();
        double[] values = s.values();
        for (int i = 0; i < keys.length; i++) {
            SeriesState st = series.get(keys[i]);
            if (st == null) {
                st = classify(keys[i]);
                series.put(keys[i], st);
            }
            if (st.role == Role.NONE || st.lastSeen == record) continue;
            if (UPTIME.equals(st.key)) noteUptime(ts, values[i]);
            st.sample(ts, values[i]);
            seen.add(st);
            if (st.group != null && st.group.touched != record) {
                st.group.touched = record;
                touchedGroups.add(st.group);
            }
        }
        for (SeriesState st : active) if (st.lastSeen != record && st.open) st.breakAt(ts);
        List<SeriesState> swap = active;
        active = seen;
        seen = swap;
        seen.clear();
        for (HistogramGroup g : touchedGroups) g.endOfRecord(ts);
        touchedGroups.clear();
        latencyPoints(ts);
    }

    private void breakAll(long ts) {
        for (SeriesState st : active) st.breakAt(ts);
        active.clear();
        for (Trace t : latency.traces.values()) t.points.addBreak(ts);
    }

    private void noteUptime(long ts, double uptimeSeconds) {
        if (!Double.isFinite(uptimeSeconds)) return;
        if (Double.isFinite(lastUptime) && uptimeSeconds < lastUptime && ts > lastUptimeTs) {
            long started = ts - (long) (uptimeSeconds * 1000);
            if (restarts.size() < 10_000) restarts.add(Math.max(started, lastUptimeTs));
        }
        lastUptime = uptimeSeconds;
        lastUptimeTs = ts;
    }

    private void latencyPoints(long ts) {
        for (String[] pair : LATENCY) {
            SeriesState count = series.get(pair[3]);
            SeriesState sum = series.get(pair[1]);
            if (sum == null) sum = series.get(pair[2]);
            if (sum == null || count == null) continue;
            Trace t = traceFor(latency, pair[0], pair[0]);
            if (sum.increaseRecord == record && count.increaseRecord == record && count.increase > 0) {
                t.points.add(ts, sum.increase / count.increase / 1e6);
            } else {
                t.points.addBreak(ts);
            }
        }
    }

    private SeriesState classify(String key) {
        String name = SeriesKey.name(key);
        SeriesKey.Parsed parsed;
        try {
            parsed = SeriesKey.parse(key);
        } catch (IllegalArgumentException e) {
            return new SeriesState(key, Role.NONE, null, null);
        }
        String seedChart = SEED_CHART.get(name);
        if (seedChart != null) {
            Chart chart = seedCharts.get(seedChart);
            String traceName = seedChart.equals("cpu") ? shortSandboxId(parsed.label("sandbox")) : name + labelText(parsed.labels(), null);
            return new SeriesState(key, chart.rate ? Role.COUNTER : Role.GAUGE, chart, traceName);
        }
        for (String[] pair : LATENCY) {
            if (key.equals(pair[1]) || key.equals(pair[2])) return new SeriesState(key, Role.COUNTER, null, null);
        }
        String family = familyOf(name);
        String familyType = family == null ? null : types.get(family);
        if (name.endsWith("_bucket") && parsed.labels().containsKey("le")
                && (familyType == null || familyType.equals("histogram") || familyType.equals("gaugehistogram"))) {
            double le = parseLe(parsed.label("le"));
            if (Double.isNaN(le)) return new SeriesState(key, Role.NONE, null, null);
            TreeMap<String, String> rest = new TreeMap<>(parsed.labels());
            rest.remove("le");
            String base = name.substring(0, name.length() - "_bucket".length());
            String groupKey = SeriesKey.of(base, rest);
            HistogramGroup group = groups.get(groupKey);
            if (group == null) {
                Chart chart = otherChart(base, "histogram, p50 / p90 / p99 per interval (estimated from bucket increases)", "");
                group = new HistogramGroup(chart, groupKey, labelText(rest, null).trim());
                groups.put(groupKey, group);
            }
            SeriesState st = new SeriesState(key, Role.COUNTER, null, null);
            st.group = group;
            st.le = le;
            group.buckets.add(st);
            return st;
        }
        if (family != null && ("histogram".equals(familyType) || "gaugehistogram".equals(familyType))) {
            return new SeriesState(key, Role.NONE, null, null); // _sum, _count, _created: the quantiles say it
        }
        if (name.endsWith("_created") && family != null && familyType != null) return new SeriesState(key, Role.NONE, null, null);
        String ownType = types.get(name);
        boolean counter = "counter".equals(ownType) || "counter".equals(familyType) || name.endsWith("_total")
                || ("summary".equals(familyType) && (name.endsWith("_sum") || name.endsWith("_count")));
        String labels = labelText(parsed.labels(), null).trim();
        Chart chart = counter
                ? otherChart(name, "counter, rate per second", "per second")
                : otherChart(name, ownType == null ? (familyType == null ? "untyped, as recorded" : familyType + ", as recorded") : ownType + ", as recorded", "");
        return new SeriesState(key, counter ? Role.COUNTER : Role.GAUGE, chart, labels.isEmpty() ? name : labels);
    }

    /** The family a sample name belongs to when its suffix is one a family adds (_total, _bucket, ...), else null. */
    private String familyOf(String name) {
        for (String suffix : new String[] {"_total", "_bucket", "_count", "_sum", "_created", "_gcount", "_gsum"}) {
            if (name.endsWith(suffix)) {
                String family = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(family)) return family;
            }
        }
        return types.containsKey(name) ? name : null;
    }

    private Chart otherChart(String metric, String subtitle, String yTitle) {
        return otherCharts.computeIfAbsent(metric, m -> new Chart("m-" + (otherCharts.size() + 1), m, subtitle, yTitle, false, false));
    }

    private Trace traceFor(Chart chart, String key, String name) {
        Trace t = chart.traces.get(key);
        if (t != null) return t;
        // Let go of the least recently active traces before adding one, so the new (still empty) trace stays.
        if (chart.traces.size() >= 2 * maxTraces) keepMostRecent(chart, maxTraces);
        chart.distinctTraces++;
        int uses = chart.namesUsed.merge(name, 1, Integer::sum);
        t = new Trace(uses == 1 ? name : name + " (" + uses + ")", maxPoints);
        chart.traces.put(key, t);
        return t;
    }

    private static void keepMostRecent(Chart chart, int keep) {
        List<Map.Entry<String, Trace>> entries = new ArrayList<>(chart.traces.entrySet());
        entries.sort(Comparator.comparingLong((Map.Entry<String, Trace> e) -> e.getValue().points.lastTime()).reversed());
        for (int i = keep; i < entries.size(); i++) {
            entries.get(i).getValue().evicted = true;
            entries.get(i).getValue().points.release();
            chart.traces.remove(entries.get(i).getKey());
        }
    }

    /** Sorts and downsamples every trace and drops traces beyond {@code maxTraces} per chart. Call once, at the end. */
    public void finish() {
        for (Chart c : charts()) {
            for (Trace t : c.traces.values()) t.points.finish();
            c.traces.values().removeIf(t -> t.points.points() == 0);
            if (c.traces.size() > maxTraces) keepMostRecent(c, maxTraces);
        }
        otherCharts.values().removeIf(c -> c.traces.isEmpty());
    }

    /** The seed page's charts (alive, lifecycle, execution, cpu, latency), then the other metrics' charts by name. */
    public List<Chart> charts() {
        List<Chart> out = new ArrayList<>(seedCharts.values());
        out.addAll(otherCharts.values());
        return out;
    }

    /** Start times of the gateway (epoch ms) wherever coppice_uptime_seconds went down. */
    public List<Long> restarts() {
        return restarts;
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

    /** Records older than the newest record before them. */
    public long lateRecords() {
        return lateRecords;
    }

    /** First successful scrape, epoch ms, or Long.MAX_VALUE when none. */
    public long firstTs() {
        return firstTs;
    }

    /** Last successful scrape, epoch ms, or Long.MIN_VALUE when none. */
    public long lastTs() {
        return lastTs;
    }

    /**
     * The first 12 hex digits of a sandbox id (dashes and other characters skipped), the way the seed page names a
     * sandbox; an id with no hex digits is shown as is, cut to 12 characters.
     */
    public static String shortSandboxId(String id) {
        StringBuilder out = new StringBuilder(12);
        for (int i = 0; i < id.length() && out.length() < 12; i++) {
            char c = id.charAt(i);
            if (Character.digit(c, 16) >= 0) out.append(c);
        }
        if (out.length() == 0) return id.length() <= 12 ? (id.isEmpty() ? "(no id)" : id) : id.substring(0, 12);
        return out.toString();
    }

    /** Labels as {@code {a="x", b="y"}} for a legend, leaving out {@code skip}; empty text when there are none. */
    static String labelText(Map<String, String> labels, String skip) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey().equals(skip)) continue;
            out.append(out.length() == 0 ? " {" : ", ").append(e.getKey()).append("=\"").append(e.getValue()).append('"');
        }
        return out.length() == 0 ? "" : out.append('}').toString();
    }

    private static double parseLe(String le) {
        return switch (le) {
            case "+Inf", "Inf", "+inf", "inf" -> Double.POSITIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(le);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private static String formatQuantile(double q) {
        String s = Double.toString(q * 100);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
