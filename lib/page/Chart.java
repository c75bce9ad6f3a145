package page;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chart of the page: one metric family under "Other metrics", with its traces in first-seen order. Memory stays bounded: while reading, a chart keeps at most {@code 2 * maxTraces}
 * traces (the least recently active are let go), and {@code maxTraces} once finished.
 */
public final class Chart {
    /** The chart's id on the page ({@code m-1}, {@code m-2}, ...), heading (the family's name), subtitle, y-axis title. */
    public final String id, title, subtitle, yTitle;
    /** True for an info or stateset family: its series are shown as a table (latest values), never drawn. */
    boolean table;
    /** A note shown under the chart's subtitle (e.g. {@link HistogramGroup#NO_INF_NOTE}), or null. */
    String note;
    /**
     * The type the family was taken for by its name alone ("counter", "histogram"; {@link SeriesClassifier}), marked
     * guessed on the page; null for a declared type.
     */
    String guessed;
    /** True once a series drawn as recorded beside a guessed counter went down other than by a counter reset ({@link SeriesState}). */
    boolean notACounter;
    private final int maxPoints, maxTraces;
    /** Traces by the key of what they draw (a series, a histogram quantile, a summary's mean). */
    final LinkedHashMap<String, Trace> traces = new LinkedHashMap<>();
    private final Map<String, Integer> namesUsed = new HashMap<>();
    private long distinctTraces;

    /**
     * @param maxPoints most points per trace on the page (see {@link Downsampler})
     * @param maxTraces most traces on the page; the most recently active are kept
     */
    Chart(String id, String title, String subtitle, String yTitle, int maxPoints, int maxTraces) {
        this.id = id;
        this.title = title;
        this.subtitle = subtitle;
        this.yTitle = yTitle;
        this.maxPoints = maxPoints;
        this.maxTraces = maxTraces;
    }

    /** The traces left after finishing. */
    public List<Trace> traces() {
        return new ArrayList<>(traces.values());
    }

    /** How many distinct traces the data had (more than {@link #traces()} when some were left out). */
    public long distinctTraces() {
        return distinctTraces;
    }

    /** The traces drawn on the page: those left after finishing, but the unchanged series ({@link Trace#unchanged()}). */
    public List<Trace> drawnTraces() {
        List<Trace> out = new ArrayList<>();
        for (Trace t : traces.values()) if (!t.unchanged()) out.add(t);
        return out;
    }

    /** The traces of series whose value never changed, shown in a table instead of drawn, with at least one point. */
    public List<Trace> unchangedTraces() {
        List<Trace> out = new ArrayList<>();
        for (Trace t : traces.values()) if (t.unchanged() && t.points.points() > 0) out.add(t);
        return out;
    }

    /** Whether any drawn trace ({@link #drawnTraces()}) holds at least one point: the chart is drawn. */
    public boolean hasData() {
        if (table) return false;
        for (Trace t : traces.values()) if (!t.unchanged() && t.points.points() > 0) return true;
        return false;
    }

    /** Whether any trace, drawn or unchanged, holds at least one point: the family has data on the page. */
    public boolean hasSeries() {
        for (Trace t : traces.values()) if (t.points.points() > 0) return true;
        return false;
    }

    /**
     * The trace drawing {@code key}, created on first use under {@code name} ({@code name (2)}, {@code (3)}, ... when
     * another trace of this chart already has that name).
     */
    Trace trace(String key, String name) {
        Trace t = traces.get(key);
        if (t != null) return t;
        // Let go of the least recently active traces before adding one, so the new (still empty) trace stays.
        if (traces.size() >= 2 * maxTraces) keepMostRecent();
        distinctTraces++;
        int uses = namesUsed.merge(name, 1, Integer::sum);
        t = new Trace(uses == 1 ? name : name + " (" + uses + ")", new Downsampler(maxPoints));
        traces.put(key, t);
        return t;
    }

    /** Adds every trace of the chart of the target named {@code target}, each name prefixed with {@code "target: "}. */
    void addAll(String target, Chart other) {
        String namePrefix = target + ": ";
        distinctTraces += other.distinctTraces;
        if (note == null) note = other.note;
        if (guessed == null) guessed = other.guessed;
        table |= other.table;
        for (Trace t : other.traces.values()) {
            Trace merged = new Trace(namePrefix + t.name, t.points);
            merged.target = target;
            merged.right = t.right;
            merged.source = t.source;
            traces.put(namePrefix + traces.size(), merged);
        }
    }

    /**
     * A copy whose traces have their own points ({@link Downsampler#copy()}): finishing, cutting or fitting the copy
     * leaves this chart, still being fed, as it was.
     */
    Chart copy() {
        Chart c = new Chart(id, title, subtitle, yTitle, maxPoints, maxTraces);
        for (Map.Entry<String, Trace> e : traces.entrySet()) {
            Trace t = e.getValue();
            Trace copy = new Trace(t.name, t.points.copy());
            copy.target = t.target;
            copy.evicted = t.evicted;
            copy.right = t.right;
            copy.source = t.source;
            c.traces.put(e.getKey(), copy);
        }
        c.namesUsed.putAll(namesUsed);
        c.distinctTraces = distinctTraces;
        c.note = note;
        c.table = table;
        c.guessed = guessed;
        c.notACounter = notACounter;
        return c;
    }

    /** This chart's traces under another id. */
    Chart withId(String newId) {
        Chart copy = new Chart(newId, title, subtitle, yTitle, maxPoints, maxTraces);
        copy.traces.putAll(traces);
        copy.distinctTraces = distinctTraces;
        copy.note = note;
        copy.table = table;
        copy.guessed = guessed;
        copy.notACounter = notACounter;
        return copy;
    }

    /** Sorts and downsamples every trace, drops empty ones and keeps the {@code maxTraces} most recently active. */
    void finish() {
        for (Trace t : traces.values()) t.points.finish();
        traces.values().removeIf(t -> t.points.points() == 0);
        cut();
    }

    /**
     * Most points drawn on one page, over all its traces: about 2.6 MB of chart data (some 26 bytes a point), so that a
     * page of hundreds of traces (a day of node_exporter) stays near 3 MB and opens at once.
     */
    public static final int PAGE_POINTS = 100_000;
    /** Fewest points a trace is cut to by {@link #fitPage}. */
    static final int MIN_TRACE_POINTS = 120;

    /**
     * When the drawn traces of {@code charts} hold more than {@code budget} entries in all, downsamples each to an equal
     * share of the budget (at least {@link #MIN_TRACE_POINTS}), keeping min and max per bucket as {@link Downsampler}
     * does. A function of the charts' traces: the same charts give the same points.
     */
    static void fitPage(List<Chart> charts, int budget) {
        long total = 0;
        int traces = 0;
        for (Chart c : charts) {
            if (!c.hasData()) continue;
            for (Trace t : c.drawnTraces()) {
                total += t.points.size();
                traces++;
            }
        }
        if (total <= budget || traces == 0) return;
        int share = Math.max(MIN_TRACE_POINTS, budget / traces);
        for (Chart c : charts) {
            if (!c.hasData()) continue;
            for (Trace t : c.drawnTraces()) t.points.limit(share);
        }
    }

    /** Keeps the {@code maxTraces} most recently active traces. */
    void cut() {
        if (traces.size() > maxTraces) keepMostRecent();
    }

    private void keepMostRecent() {
        List<Map.Entry<String, Trace>> entries = new ArrayList<>(traces.entrySet());
        entries.sort(Comparator.comparingLong((Map.Entry<String, Trace> e) -> e.getValue().points.lastTime()).reversed());
        for (int i = maxTraces; i < entries.size(); i++) {
            entries.get(i).getValue().evicted = true;
            entries.get(i).getValue().points.release();
            traces.remove(entries.get(i).getKey());
        }
    }
}
