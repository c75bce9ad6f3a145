package panels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import prom.PrometheusSamples;
import prom.ScrapeLoops;
import query.LabelMatcher;
import query.SeriesSource;
import query.StoredSeries;
import record.CompactRecord;
import record.SeriesKey;

/**
 * The series the panels' selectors can match, from records handed over in time order (the page's own read, then
 * watch's new records) and mapped to samples by {@link ScrapeLoops} as the query storage maps them: the engine's
 * {@link SeriesSource} without a second read of the day files. Samples older than {@link #trim} was told are dropped,
 * so memory follows the panels' widest look-back, not the history; {@code up} is kept whole (the scrape interval
 * needs all of it: 16 bytes a scrape of a target).
 *
 * <p>As {@code queryio.DayFileStorage} reads by name: when no selector can match a report series but {@code up}, each
 * record's series are first narrowed to the names the selectors can match (staleness is per series, so the others
 * change nothing for them). A select reaching before the trimmed time throws {@link IllegalStateException}: the
 * caller evaluated further back than it said it would.
 */
final class FedSeries implements SeriesSource {
    private final List<List<LabelMatcher>> selectors;
    /** Per selector its matchers on the metric name, or null when some selector may match a report series but up. */
    private final List<List<LabelMatcher>> nameMatchers;
    private final ScrapeLoops loops;
    private final Map<String, Boolean> keyNamePasses = new IdentityHashMap<>();
    private final Map<String, Target> targets = new HashMap<>();
    /** By the label map ScrapeLoops keeps for an exposed series (one per series), and by key for the report series. */
    private final Map<Object, Samples> byLabels = new IdentityHashMap<>();
    private final Map<String, Samples> byKey = new HashMap<>();
    private final List<Samples> kept = new ArrayList<>();
    /** The kept series by metric name, for a selector that names its metric. */
    private final Map<String, List<Samples>> byName = new HashMap<>();
    private final Map<String, Samples> upByTarget = new HashMap<>();
    private long trimmedBeforeMs = Long.MIN_VALUE;
    private long newestMs = Long.MIN_VALUE;
    private long samples;

    /** Stands for a series no selector matches. */
    private static final Samples NO_MATCH = new Samples("", new TreeMap<>());

    /**
     * @param selectors the matchers of every selector that will be evaluated ({@code up} is always kept)
     * @param job       the {@code job} label, as the query storage gives it
     */
    FedSeries(List<List<LabelMatcher>> selectors, String job) {
        this.selectors = List.copyOf(selectors);
        List<List<LabelMatcher>> names = new ArrayList<>();
        for (List<LabelMatcher> s : selectors) names.add(queryio.DayFileStorage.namedOnly(s));
        this.nameMatchers = names.contains(null) ? null : names;
        this.loops = new ScrapeLoops(job, true);
    }

    /** What is kept per target: its last record's time, and how its last keys were narrowed. */
    private static final class Target {
        long lastMs = Long.MIN_VALUE;
        /** The keys as recorded, and the narrowed keys with, per narrowed key, its index in them (null when all pass). */
        String[] keysIn;
        String[] keysOut;
        int[] index;
    }

    /** One series' samples, oldest first. */
    private static final class Samples {
        final String name;
        final TreeMap<String, String> labels;
        final boolean up;
        /** The labels with {@code __name__}, as the engine takes them (made once, shared by every select). */
        private java.util.SortedMap<String, String> all;
        long[] ts = new long[8];
        double[] values = new double[8];
        int from, size;

        Samples(String name, TreeMap<String, String> labels) {
            this.name = name;
            this.labels = labels;
            this.up = name.equals(PrometheusSamples.UP);
        }

        void add(long t, double v) {
            if (from + size == ts.length) {
                if (from > ts.length / 2) {
                    System.arraycopy(ts, from, ts, 0, size);
                    System.arraycopy(values, from, values, 0, size);
                    from = 0;
                } else {
                    ts = Arrays.copyOf(ts, ts.length * 2);
                    values = Arrays.copyOf(values, values.length * 2);
                }
            }
            ts[from + size] = t;
            values[from + size++] = v;
        }

        void dropBefore(long t) {
            while (size > 0 && ts[from] < t) {
                from++;
                size--;
            }
            if (size == 0) from = 0;
        }

        StoredSeries stored(long minT, long maxT) {
            int a = firstAtOrAfter(minT), b = firstAtOrAfter(maxT + 1);
            if (a >= b) return null;
            if (all == null) {
                TreeMap<String, String> withName = new TreeMap<>(labels);
                withName.put("__name__", name);
                all = java.util.Collections.unmodifiableSortedMap(withName);
            }
            return new StoredSeries(all, Arrays.copyOfRange(ts, a, b), Arrays.copyOfRange(values, a, b));
        }

        int firstAtOrAfter(long t) {
            int lo = from, hi = from + size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ts[mid] < t) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }
    }

    /**
     * Takes the next record of a target; a record not later than the target's previous one is left out (it was taken
     * already: a live page's records overlap the files read again). Returns false, taking nothing, for a new record
     * not after {@code notAfterMs} (its samples could change steps already evaluated).
     *
     * @throws IllegalArgumentException when a series key of the record is malformed
     */
    boolean take(CompactRecord record, long notAfterMs) {
        Target target = targets.get(record.targetName());
        long ts = record.tsMillis();
        if (target != null && ts <= target.lastMs) return true;
        if (ts <= notAfterMs) return false;
        if (target == null) targets.put(record.targetName(), target = new Target());
        target.lastMs = ts;
        newestMs = Math.max(newestMs, ts);
        takingTarget = record.targetName();
        takingMs = ts;
        loops.next(narrowed(record, target), sink);
        return true;
    }

    /** The record {@link #sink} is given the samples of: its target and time. */
    private String takingTarget;
    private long takingMs;
    private final ScrapeLoops.SampleSink sink = this::sample;

    private void sample(String name, TreeMap<String, String> labels, double value) {
        Samples c;
        if (!PrometheusSamples.isReportSeries(name)) {
            c = byLabels.get(labels);
            if (c == null) c = lookUp(name, labels, false);
        } else if (name.equals(PrometheusSamples.UP)) {
            // A scrape's report series share a label map made for it: up is found by its target instead.
            c = upByTarget.get(takingTarget);
            if (c == null) upByTarget.put(takingTarget, c = lookUp(name, labels, true));
        } else {
            c = nameMatchers == null ? lookUp(name, labels, true) : NO_MATCH;
        }
        if (c == NO_MATCH) return;
        c.add(takingMs, value);
        samples++;
    }

    /**
     * The record with only the series a selector can match by name, or whole when the selectors need every series.
     * A target's keys are most often its previous record's: then they are narrowed as they were (the same narrowed keys
     * instance, which {@link ScrapeLoops} also recognises at once).
     */
    private CompactRecord narrowed(CompactRecord r, Target target) {
        if (nameMatchers == null) return r;
        if (!Arrays.equals(target.keysIn, r.keys())) narrow(r.keys(), target);
        if (target.index == null) return r;
        double[] values = new double[target.index.length];
        for (int j = 0; j < values.length; j++) values[j] = r.values()[target.index[j]];
        return new CompactRecord(r.tsMillis(), r.up(), target.keysOut, values, r.instance(), r.target(), r.scrapeMs(), r.types());
    }

    /** Notes in {@code target} which of {@code keys} a selector can match by name. */
    private void narrow(String[] keys, Target target) {
        int[] index = new int[keys.length];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            String key = keys[i];
            Boolean passes = keyNamePasses.get(key);
            if (passes == null) {
                String name = SeriesKey.name(key);
                passes = false;
                for (List<LabelMatcher> set : nameMatchers) passes |= namePasses(set, name);
                keyNamePasses.put(key, passes);
            }
            if (passes) index[n++] = i;
        }
        target.keysIn = keys;
        target.index = n == keys.length ? null : Arrays.copyOf(index, n);
        target.keysOut = new String[n];
        for (int j = 0; j < n; j++) target.keysOut[j] = keys[index[j]];
    }

    private Samples lookUp(String name, TreeMap<String, String> labels, boolean report) {
        Samples c = byKey.computeIfAbsent(SeriesKey.of(name, labels), k -> {
            if (!name.equals(PrometheusSamples.UP) && !matches(name, labels)) return NO_MATCH;
            Samples found = new Samples(name, labels);
            kept.add(found);
            byName.computeIfAbsent(found.name, n -> new ArrayList<>()).add(found);
            return found;
        });
        if (!report) byLabels.put(labels, c);
        return c;
    }

    private boolean matches(String name, TreeMap<String, String> labels) {
        for (List<LabelMatcher> set : selectors) {
            boolean all = true;
            for (LabelMatcher m : set) {
                if (!m.matches(m.name().equals("__name__") ? name : labels.get(m.name()))) {
                    all = false;
                    break;
                }
            }
            if (all) return true;
        }
        return false;
    }

    private static boolean namePasses(List<LabelMatcher> nameMatchers, String name) {
        for (LabelMatcher m : nameMatchers) if (!m.matches(name)) return false;
        return true;
    }

    /**
     * Drops the samples before {@code t} (Unix ms) but {@code up}'s, and forgets the series left without samples
     * that no target's scrape cache holds any more (a vanished series that comes back is found again).
     */
    void trim(long t) {
        if (t <= trimmedBeforeMs) return;
        trimmedBeforeMs = t;
        for (Iterator<Samples> it = kept.iterator(); it.hasNext(); ) {
            Samples s = it.next();
            if (s.up) continue;
            s.dropBefore(t);
            if (s.size == 0) {
                it.remove();
                List<Samples> named = byName.get(s.name);
                named.remove(s);
                if (named.isEmpty()) byName.remove(s.name);
                byKey.remove(SeriesKey.of(s.name, s.labels));
                byLabels.remove(s.labels);
            }
        }
        // Keys of series that left: the name cache is per key instance, and keys of gone series are not read again.
        if (keyNamePasses.size() > 200_000) keyNamePasses.clear();
        // Label maps of series that did not match, kept only to skip their lookup: dropped with the others they outgrew.
        if (byLabels.size() > 4 * kept.size() + 100_000) {
            byLabels.values().removeIf(c -> c == NO_MATCH);
            byKey.values().removeIf(c -> c == NO_MATCH);
        }
    }

    /** The newest record taken, Unix ms (MIN_VALUE before the first). */
    long newestMs() {
        return newestMs;
    }

    /** Samples taken so far (of the kept series, up included). */
    long samplesTaken() {
        return samples;
    }

    @Override
    public List<StoredSeries> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) {
        String name = null;
        for (LabelMatcher m : matchers) if (m.name().equals("__name__") && m.op() == LabelMatcher.Op.EQ) name = m.value();
        if (minTimeMs < trimmedBeforeMs && !PrometheusSamples.UP.equals(name)) {
            throw new IllegalStateException("a select from " + minTimeMs + " reaches before the samples kept (from " + trimmedBeforeMs + ")");
        }
        List<StoredSeries> out = new ArrayList<>();
        for (Samples s : name == null ? kept : byName.getOrDefault(name, List.of())) {
            boolean all = true;
            for (LabelMatcher m : matchers) {
                if (!m.matches(m.name().equals("__name__") ? s.name : s.labels.get(m.name()))) {
                    all = false;
                    break;
                }
            }
            if (!all) continue;
            StoredSeries stored = s.stored(minTimeMs, maxTimeMs);
            if (stored != null) out.add(stored);
        }
        return out;
    }
}
