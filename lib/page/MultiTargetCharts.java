package page;

import days.RecordOrder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import record.CompactRecord;

/**
 * Charts of records from several targets ({@code watch --target NAME=URL ...}, or unnamed targets of different URLs),
 * told apart by {@link CompactRecord#targetName()} (NAME, else the URL): each target gets its own {@link ChartBuilder} (created when its first record
 * arrives), so staleness, failed scrapes, gaps, the median interval, counter rates and gateway restarts are all
 * judged within one target's records. After {@link #finish()} the charts are merged: with two or more targets every
 * trace name starts with {@code "NAME: "}; with one target the charts are exactly that target's.
 *
 * <p>Memory: one builder per target, at most {@link #MAX_INSTANCES} of them; records of further targets are counted
 * in {@link #ignoredRecords()} and left out.
 */
public final class MultiTargetCharts implements RecordOrder.Sink {
    /** Most targets charted; a handful is the expected case. */
    public static final int MAX_INSTANCES = 32;
    /** How a record with neither {@code "instance"} nor {@code "target"} is named when it shares the page with others. */
    public static final String UNNAMED = "(unnamed)";
    /** Most names of left-out targets kept for {@link #ignoredNames()}. */
    public static final int IGNORED_NAMES_KEPT = 5;

    private final int maxPoints, maxTraces;
    private final Map<String, String> types;
    private final TreeMap<String, ChartBuilder> builders = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    private final List<String> ignoredNames = new ArrayList<>();
    private long ignoredRecords;
    private boolean anyNamed;
    private ChartBuilder last;
    private String lastInstance;
    private List<Chart> charts;
    private List<Long> restarts;
    private LinkedHashMap<String, List<Long>> restartsByTarget;
    private List<Outages.Outage> outages;

    /** Same parameters as {@link ChartBuilder#ChartBuilder(int, int, Map)}; {@code maxTraces} holds per merged chart. */
    public MultiTargetCharts(int maxPoints, int maxTraces, Map<String, String> types) {
        this.maxPoints = maxPoints;
        this.maxTraces = maxTraces;
        this.types = types;
    }

    /** Breaks every line of the record's target before it: its clock stepped back ({@link RecordOrder}). */
    @Override
    public void clockStepped(CompactRecord next) {
        ChartBuilder b = builders.get(next.targetName());
        if (b != null) b.clockStepped(next.tsMillis());
    }

    /** Feeds one record to its target's builder; records must come in time order (per target is enough). */
    @Override
    public void accept(CompactRecord s) {
        String instance = s.targetName();
        if (s.instance() != null) anyNamed = true;
        ChartBuilder b;
        // Records of one target often come in runs; the equality test spares the map lookup.
        if (last != null && Objects.equals(instance, lastInstance)) {
            b = last;
        } else {
            b = builders.get(instance);
            if (b == null) {
                if (builders.size() >= MAX_INSTANCES) {
                    ignoredRecords++;
                    String name = displayName(instance);
                    if (ignoredNames.size() < IGNORED_NAMES_KEPT && !ignoredNames.contains(name)) ignoredNames.add(name);
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

    /**
     * The finished, merged charts of everything fed so far (see the class comment) and the restarts, computed on
     * copies: this object goes on taking records. {@code watch --render} writes one after each tick; {@code render}
     * takes one at the end ({@link #finish()}), so both pages come from the same code.
     *
     * @param charts           as {@link #charts()}
     * @param restarts         as {@link #restarts()}
     * @param restartsByTarget as {@link #restartsByTarget()}
     * @param outages          as {@link #outages()}
     */
    public record Snapshot(List<Chart> charts, List<Long> restarts, Map<String, List<Long>> restartsByTarget, List<Outages.Outage> outages) {
        /** A snapshot without outages. */
        public Snapshot(List<Chart> charts, List<Long> restarts, Map<String, List<Long>> restartsByTarget) {
            this(charts, restarts, restartsByTarget, List.of());
        }
    }

    /** A {@link Snapshot} of the records fed so far; this object is left as it was and can take more records. */
    public Snapshot snapshot() {
        List<Long> allRestarts = new ArrayList<>();
        for (ChartBuilder b : builders.values()) allRestarts.addAll(b.restarts());
        allRestarts.sort(null);
        LinkedHashMap<String, List<Long>> byTarget = new LinkedHashMap<>();
        if (builders.size() == 1) {
            byTarget.put("", List.copyOf(builders.firstEntry().getValue().restarts()));
        } else {
            for (Map.Entry<String, ChartBuilder> e : builders.entrySet()) {
                if (!e.getValue().restarts().isEmpty()) byTarget.put(displayName(e.getKey()), List.copyOf(e.getValue().restarts()));
            }
        }
        java.util.Set<String> asRecorded = notCounters();
        long pageEnd = Long.MIN_VALUE;
        for (ChartBuilder b : builders.values()) pageEnd = Math.max(pageEnd, b.lastRecordTs());
        List<Outages.Outage> outages = new ArrayList<>();
        for (Map.Entry<String, ChartBuilder> e : builders.entrySet()) outages.addAll(e.getValue().outages(displayName(e.getKey()), pageEnd));
        outages = List.copyOf(outages);
        List<Chart> merged;
        if (builders.size() <= 1) {
            merged = builders.isEmpty() ? new ChartBuilder(maxPoints, maxTraces, types).charts() : builders.firstEntry().getValue().finishedCopy(asRecorded);
            Chart.fitPage(merged, Chart.PAGE_POINTS);
            return new Snapshot(merged, allRestarts, byTarget, outages);
        }
        TreeMap<String, Chart> other = new TreeMap<>();
        for (Map.Entry<String, ChartBuilder> e : builders.entrySet()) {
            String target = displayName(e.getKey());
            for (Chart c : e.getValue().finishedCopy(asRecorded)) {
                // One chart per metric name, numbered again over every target.
                Chart m = other.computeIfAbsent(c.title, title -> new Chart(null, title, c.subtitle, c.yTitle, maxPoints, maxTraces));
                m.addAll(target, c);
            }
        }
        merged = new ArrayList<>();
        int n = 0;
        for (Chart c : other.values()) merged.add(c.withId("m-" + (++n)));
        for (Chart c : merged) c.cut();
        Chart.fitPage(merged, Chart.PAGE_POINTS);
        return new Snapshot(merged, allRestarts, byTarget, outages);
    }

    /** Finishes every target's charts and merges them (see the class comment): keeps a {@link #snapshot()}. Call once, at the end. */
    public void finish() {
        Snapshot s = snapshot();
        charts = s.charts();
        restarts = s.restarts();
        restartsByTarget = new LinkedHashMap<>(s.restartsByTarget());
        outages = s.outages();
    }

    /**
     * Where each target was not scraped (failed scrapes with their error, gaps without records; {@link Outages}), the
     * targets in page order, each target's in time order, named as {@link #displayName}; only after {@link #finish()}.
     */
    public List<Outages.Outage> outages() {
        if (outages == null) throw new IllegalStateException("finish() first");
        return outages;
    }

    /** The merged charts (as {@link ChartBuilder#charts()}); only after {@link #finish()}. */
    public List<Chart> charts() {
        if (charts == null) throw new IllegalStateException("finish() first");
        return charts;
    }

    /** Whether every record came from one unnamed target (the page's header then names no target). */
    public boolean oneUnnamedTarget() {
        return builders.size() == 1 && !anyNamed;
    }

    /** The targets' names in page order (NAME, else the URL; null for a record with neither), each with its builder. */
    public Map<String, ChartBuilder> instances() {
        return Collections.unmodifiableMap(builders);
    }

    /** The name a target goes by on the page: its {@link CompactRecord#targetName()}, or {@link #UNNAMED} for null. */
    public static String displayName(String instance) {
        return instance == null ? UNNAMED : instance;
    }

    /** Gateway start times (epoch ms) of every target, in time order; only after {@link #finish()}. */
    public List<Long> restarts() {
        if (restarts == null) throw new IllegalStateException("finish() first");
        return restarts;
    }

    /**
     * Gateway start times (epoch ms) by the target they belong to, in page order, for drawing each target's restarts
     * on its own lines: with several targets under their names (as {@link Trace#target}), targets without a restart
     * left out; with one target under {@code ""}, which stands for every line. Only after {@link #finish()}.
     */
    public Map<String, List<Long>> restartsByTarget() {
        if (restartsByTarget == null) throw new IllegalStateException("finish() first");
        return restartsByTarget;
    }

    /**
     * Metric names typed by a name suffix for want of a declared TYPE, over every target, in name order; a family taken
     * for a counter that went down other than by a counter reset on any target is not among them (it is drawn as recorded).
     */
    public List<String> guessedTypes() {
        TreeSet<String> all = new TreeSet<>();
        for (ChartBuilder b : builders.values()) all.addAll(b.guessedTypes());
        all.removeAll(notCounters());
        return new ArrayList<>(all);
    }

    /** {@link ChartBuilder#notCounters()} over every target: such a family is drawn as recorded for all of them alike. */
    private java.util.Set<String> notCounters() {
        java.util.Set<String> out = new TreeSet<>();
        for (ChartBuilder b : builders.values()) out.addAll(b.notCounters());
        return out;
    }

    /** Successful scrapes of every target. */
    public long samples() {
        return sum(ChartBuilder::samples);
    }

    /** Failed scrapes of every target. */
    public long failed() {
        return sum(ChartBuilder::failed);
    }

    /**
     * The families whose TYPE changed between two records of a target, as {@link ChartBuilder#typeChanges()} names
     * them (prefixed with the target's name when there are several), and how many changes there were in all.
     */
    public String typeChangeNote() {
        List<String> named = new ArrayList<>();
        long count = 0;
        for (Map.Entry<String, ChartBuilder> e : builders.entrySet()) {
            count += e.getValue().typeChangeCount();
            for (String change : e.getValue().typeChanges()) named.add((builders.size() > 1 ? displayName(e.getKey()) + ": " : "") + change);
        }
        if (count == 0) return null;
        return "the TYPE of a metric family changed between records " + count + (count == 1 ? " time" : " times") + " (" + String.join("; ", named)
                + (count > named.size() ? "; ..." : "") + "): each type's series are drawn on a chart of their own, and nothing"
                + " (rate, reset, quantile) is computed across the change";
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

    /** The metric names of every charted target's series so far (a target past {@link #MAX_INSTANCES} is not read). */
    public java.util.Set<String> metricNames() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (ChartBuilder b : builders.values()) b.addMetricNames(names);
        return names;
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

    /** The first few names of targets left out (see {@link #ignoredRecords()}); {@link #IGNORED_NAMES_KEPT} at most. */
    public List<String> ignoredNames() {
        return ignoredNames;
    }

    private long sum(ToLongFunction<ChartBuilder> f) {
        long total = 0;
        for (ChartBuilder b : builders.values()) total += f.applyAsLong(b);
        return total;
    }
}
