package queryio;

import days.DayFiles;
import days.RecordLines;
import days.RecordOrder;
import days.RecordTimes;
import files.FileErrors;
import http.Printable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import prom.PrometheusSamples;
import prom.ScrapeLoops;
import query.LabelMatcher;
import query.QueryException;
import query.SeriesSource;
import query.SeriesSource.Request;
import query.StoredSeries;
import record.CompactRecord;
import record.CompactRecordReader;
import record.RecordCodec;
import record.ScrapeRecord;
import record.SeriesKey;

/**
 * The series of a data folder's day files as Prometheus 2.42 would have stored them from the same records: the
 * PromQL engine's {@link SeriesSource}. The samples of each record are {@link ScrapeLoops}'s, the one mapping shared
 * with the export and remote write, so a query here and one in a Prometheus fed by either answer alike; with stale
 * markers on, as a Prometheus that scraped the targets itself (and as one fed by {@code watch --remote-write}), off
 * as one filled by {@code export} and promtool backfill, which cannot carry them.
 *
 * <p>Which records count is the page's and the export's rule: records dated in the future or outside their file's day
 * are left out ({@link RecordTimes}), and a target's records out of time order follow {@link RecordOrder} (a record
 * written late is put in its place; at a step back of the target's clock the records dated ahead are left out), so
 * query, render and export agree record for record.
 *
 * <p>The selects of one expression that {@link #plan} announces share one read: the days are read once, on the first
 * of those selects, keeping the series any of them can match, and each is then served from memory (the union of
 * their ranges; memory grows with the series in it). Only selects whose answers cannot differ from a read of their
 * own share it (see {@link #plan}); any other select reads alone.
 *
 * <p>A read streams only the days its time range needs, from {@link ScrapeLoops#RESTART_GAP_MS} before
 * it (so the first records of the range get the stale markers and {@code scrape_series_added} they would have had),
 * one line at a time, and keeps only the samples of matching series in the range: memory grows with the series and
 * samples selected, not with the files. Lines that are not records and files that cannot be read to their end are
 * skipped with one warning each, as the export does.
 */
public final class DayFileStorage implements SeriesSource {
    private static final String TS_PREFIX = "{\"v\":1,\"ts\":\"";
    private static final int TS_LENGTH = 24;
    private static final byte[] TS_PREFIX_BYTES = TS_PREFIX.getBytes(StandardCharsets.US_ASCII);

    private final Path dataDir;
    private final String job;
    private final boolean staleMarkers;
    private final RecordTimes times;
    private final PrintStream warnings;
    private final Set<String> warned = new HashSet<>();
    /** The selects planned to share one read, and its series once read (null before). */
    private List<Request> shared = List.of();
    private List<Collected> sharedSeries;
    private long sharedMinT, sharedMaxT;
    /** Day files opened so far: the seam by which tests see how often the days are read. */
    private int filesOpened;

    /**
     * @param dataDir      the folder of day files ({@code data/metrics})
     * @param job          value of the {@code job} label, as export and watch give it
     * @param staleMarkers whether series end with stale markers as Prometheus writes them (false: as backfilled data)
     * @param times        which record times are believed (the clock for "in the future")
     * @param warnings     where skipped lines and unreadable files are reported, each once
     */
    public DayFileStorage(Path dataDir, String job, boolean staleMarkers, RecordTimes times, PrintStream warnings) {
        this.dataDir = dataDir;
        this.job = job;
        this.staleMarkers = staleMarkers;
        this.times = times;
        this.warnings = warnings;
    }

    /** The samples of one selected series as they are read. */
    private static final class Collected {
        final String name;
        final TreeMap<String, String> labels;
        long[] ts = new long[16];
        double[] values = new double[16];
        int size;

        Collected(String name, TreeMap<String, String> labels) {
            this.name = name;
            this.labels = labels;
        }

        void add(long t, double v) {
            if (size == ts.length) {
                ts = java.util.Arrays.copyOf(ts, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            ts[size] = t;
            values[size++] = v;
        }

        /** The samples {@code [from, to)} as a stored series. */
        StoredSeries stored(int from, int to) {
            TreeMap<String, String> all = new TreeMap<>(labels);
            all.put("__name__", name);
            return new StoredSeries(all, java.util.Arrays.copyOfRange(ts, from, to), java.util.Arrays.copyOfRange(values, from, to));
        }
    }

    /** Stands for a series that does not match, in the caches of {@link Selection}. */
    private static final Collected NO_MATCH = new Collected("", new TreeMap<>());

    /** One read in progress: the matchers of the selects it serves, the range, and what was collected. */
    private final class Selection {
        /** One set of matchers per select served: a series is kept when it satisfies every matcher of any set. */
        final List<List<LabelMatcher>> matcherSets;
        final long minT, maxT;
        final ScrapeLoops loops = new ScrapeLoops(job, staleMarkers);
        /** The records held back by {@link #order}, by the stand-in it holds for each. */
        final Map<CompactRecord, ScrapeRecord> held = new IdentityHashMap<>();
        /** The one rule for records out of time order, as the page and the export read the same days. */
        final RecordOrder order = new RecordOrder(RecordOrder.WINDOW, kept -> {
            ScrapeRecord record = held.remove(kept);
            takeInOrder(record, kept.tsMillis());
        });
        final Map<Object, Collected> byLabels = new IdentityHashMap<>();
        final Map<String, Collected> byKey = new HashMap<>();
        final List<Collected> selected = new ArrayList<>();

        /** Per select, the matchers on {@code __name__}, when each set excludes every report series: then only the named series are read. */
        final List<List<LabelMatcher>> nameMatchers;
        /** Per series key (one instance per key from the reader), whether its name passes {@link #nameMatchers}. */
        final Map<String, Boolean> keyNamePasses = new IdentityHashMap<>();
        final CompactRecordReader reader = new CompactRecordReader(DayFiles.MAX_LINE_BYTES);
        final Map<String, String> types = new HashMap<>();

        Selection(List<List<LabelMatcher>> matcherSets, long minT, long maxT) {
            this.matcherSets = matcherSets;
            this.minT = minT;
            this.maxT = maxT;
            List<List<LabelMatcher>> names = new ArrayList<>();
            for (List<LabelMatcher> set : matcherSets) names.add(namedOnly(set));
            this.nameMatchers = names.contains(null) ? null : names;
        }

        /**
         * The record of a line with only the series {@link #nameMatchers} can select (staleness is per series, so the
         * others change nothing for them); its scrape time and size, which only the report series need, left out.
         *
         * @throws IllegalArgumentException when the line is not a record
         */
        ScrapeRecord named(byte[] bytes, int length) {
            CompactRecord r = reader.read(bytes, 0, length, types);
            if (r == null) return null;
            Map<String, Double> series = new LinkedHashMap<>();
            for (int i = 0; i < r.keys().length; i++) {
                String key = r.keys()[i];
                Boolean passes = keyNamePasses.get(key);
                if (passes == null) {
                    passes = anyNamePasses(nameMatchers, SeriesKey.name(key));
                    keyNamePasses.put(key, passes);
                }
                if (passes) series.put(key, r.values()[i]);
            }
            return new ScrapeRecord(Instant.ofEpochMilli(r.tsMillis()), r.target(), r.up(), r.scrapeMs(), null, 1, null, series, Map.of(),
                    Map.of(), r.instance());
        }

        /**
         * The record of a line, whole: by the byte-level reader when it vouches for the line's shape, else (and for
         * any fault, so that the warning is worded alike) by {@link RecordCodec#parse}.
         *
         * @throws IllegalArgumentException when the line is not a record
         */
        ScrapeRecord whole(byte[] bytes, int length) {
            CompactRecord r;
            try {
                r = reader.read(bytes, 0, length, types);
            } catch (IllegalArgumentException e) {
                r = null;
            }
            if (r == null || !reader.lastFast()) return RecordCodec.parse(new String(bytes, 0, length, StandardCharsets.UTF_8));
            Map<String, Double> series = new LinkedHashMap<>();
            for (int i = 0; i < r.keys().length; i++) series.put(r.keys()[i], r.values()[i]);
            return new ScrapeRecord(Instant.ofEpochMilli(r.tsMillis()), r.target(), r.up(), reader.fastScrapeMs(), null,
                    reader.fastBodyBytes(), null, series, Map.of(), Map.of(), r.instance());
        }


        /** Hands a record to {@link #order}, which passes on the records it keeps, in order, to {@link #takeInOrder}. */
        void take(ScrapeRecord record, long ts) {
            CompactRecord times = new CompactRecord(ts, record.up(), NO_KEYS, NO_VALUES, record.instance(), record.target(),
                    record.scrapeMs(), Map.of());
            held.put(times, record);
            order.add(times);
        }

        private void takeInOrder(ScrapeRecord record, long ts) {
            List<PrometheusSamples.Sample> samples = loops.next(record);
            if (ts < minT) return; // read only for the target's history
            for (PrometheusSamples.Sample s : samples) {
                // An exposed series keeps one label map (its name included in its identity) from scrape to scrape;
                // the report series of a scrape share one, so they are looked up by key.
                boolean report = PrometheusSamples.isReportSeries(s.name());
                Collected c = report ? null : byLabels.get(s.labels());
                if (c == null) c = lookUp(s, report);
                if (c != NO_MATCH) c.add(ts, s.value());
            }
        }

        private Collected lookUp(PrometheusSamples.Sample s, boolean report) {
            Collected c = byKey.computeIfAbsent(SeriesKey.of(s.name(), s.labels()), k -> {
                if (!matches(s)) return NO_MATCH;
                Collected found = new Collected(s.name(), s.labels());
                selected.add(found);
                return found;
            });
            if (!report) byLabels.put(s.labels(), c);
            return c;
        }

        private boolean matches(PrometheusSamples.Sample s) {
            for (List<LabelMatcher> set : matcherSets) if (DayFileStorage.matches(set, s.name(), s.labels())) return true;
            return false;
        }
    }

    /**
     * Every series whose labels satisfy all {@code matchers}, with its samples (stale markers included when on) in
     * {@code [minTimeMs, maxTimeMs]}; series without a sample there are left out.
     *
     * @throws QueryException (kind DATA) when the data folder cannot be listed
     */
    @Override
    public List<StoredSeries> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) {
        if (!shared.contains(new Request(matchers, minTimeMs, maxTimeMs))) {
            return stored(read(List.of(matchers), minTimeMs, maxTimeMs));
        }
        if (sharedSeries == null) {
            List<List<LabelMatcher>> sets = new ArrayList<>();
            for (Request r : shared) sets.add(r.matchers());
            sharedSeries = read(sets, sharedMinT, sharedMaxT);
        }
        List<StoredSeries> out = new ArrayList<>();
        for (Collected c : sharedSeries) {
            if (!matches(matchers, c.name, c.labels)) continue;
            int from = firstAtOrAfter(c.ts, c.size, minTimeMs);
            int to = firstAtOrAfter(c.ts, c.size, maxTimeMs + 1);
            if (from < to) out.add(c.stored(from, to));
        }
        return out;
    }

    /**
     * Takes note of the selects to come. Those that read up to the same, latest end share one read when their answers
     * from it are those of a read of their own: which records are taken depends on the end of the read (a record not
     * later than its target's previous one is skipped, and a later one past the end is not read), and what the first
     * scrapes of a range add to {@code scrape_series_added} on the history read before it, so a select that can match
     * {@code scrape_series_added} shares only when it starts where the shared read starts. The others read alone.
     */
    @Override
    public void plan(List<Request> requests) {
        shared = List.of();
        sharedSeries = null;
        if (requests.size() < 2) return;
        long minT = Long.MAX_VALUE, maxT = Long.MIN_VALUE;
        for (Request r : requests) {
            minT = Math.min(minT, r.minTimeMs());
            maxT = Math.max(maxT, r.maxTimeMs());
        }
        List<Request> sharing = new ArrayList<>();
        for (Request r : requests) {
            if (r.maxTimeMs() != maxT) continue;
            if (r.minTimeMs() == minT || !namePasses(nameMatchersOf(r.matchers()), PrometheusSamples.SERIES_ADDED)) sharing.add(r);
        }
        if (sharing.size() < 2) return;
        long sharedFrom = Long.MAX_VALUE;
        for (Request r : sharing) sharedFrom = Math.min(sharedFrom, r.minTimeMs());
        shared = sharing;
        sharedMinT = sharedFrom;
        sharedMaxT = maxT;
    }

    /** Day files opened by reads so far (each file of each day read counts once per read). */
    int filesOpened() {
        return filesOpened;
    }

    private static List<StoredSeries> stored(List<Collected> collected) {
        List<StoredSeries> out = new ArrayList<>(collected.size());
        for (Collected c : collected) out.add(c.stored(0, c.size));
        return out;
    }

    /** Index of the first of {@code size} increasing times at or after {@code t}, or {@code size}. */
    private static int firstAtOrAfter(long[] ts, int size, long t) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Reads the days of {@code [minTimeMs, maxTimeMs]} once, keeping the series any of {@code matcherSets} selects. */
    private List<Collected> read(List<List<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs) {
        Selection selection = new Selection(matcherSets, minTimeMs, maxTimeMs);
        long readFrom = minTimeMs - ScrapeLoops.RESTART_GAP_MS;
        List<DayFiles.Day> days;
        try {
            days = DayFiles.days(dataDir, Instant.ofEpochMilli(readFrom), Instant.ofEpochMilli(maxTimeMs));
        } catch (IOException e) {
            throw new QueryException(QueryException.Kind.DATA, "cannot list the data folder " + dataDir + ": " + FileErrors.reason(e));
        }
        long latest = times.latestMillis();
        for (DayFiles.Day day : days) {
            DayFiles.Sources sources = DayFiles.sources(day);
            if (sources.warning() != null) warnOnce(sources.warning());
            for (Path file : sources.files()) readFile(selection, day, file, sources.skipLinesOf(file), readFrom, latest);
        }
        selection.order.drain();
        selection.held.clear(); // records the rule left out
        String order = selection.order.warning();
        if (order != null) warnOnce(Printable.text(order)); // the target's name is as recorded: untrusted text
                return selection.selected;
    }

    private void readFile(Selection selection, DayFiles.Day day, Path file, long skipLines, long readFrom, long latest) {
        filesOpened++;
        try (RecordLines in = new RecordLines(file, skipLines)) {
            for (int length; (length = in.nextBytes()) != RecordLines.END; ) {
                if (length == RecordLines.TOO_LONG_BYTES) {
                    warnOnce(file + ":" + in.lineNo() + ": " + DayFiles.tooLongText(in.tooLongBytes()));
                    continue;
                }
                readLine(selection, day, file, in, length, readFrom, latest);
            }
            if (in.failure() != null) warnOnce(DayFiles.cannotRead(file, in.failure()));
        } catch (IOException e) {
            warnOnce(DayFiles.cannotRead(file, e));
        }
    }

    private static final String[] NO_KEYS = {};
    private static final double[] NO_VALUES = {};

    /**
     * Takes the record of one line, when it is one and in time. A line as the record codec writes it (it starts with
     * a brace) is read from its bytes; any other is read as text, as before, so that blank and odd lines are judged alike.
     */
    private void readLine(Selection selection, DayFiles.Day day, Path file, RecordLines in, int length, long readFrom, long latest) {
        byte[] bytes = in.bytes();
        String text = null;
        if (length == 0 || bytes[0] != '{') {
            text = new String(bytes, 0, length, StandardCharsets.UTF_8);
            if (text.isBlank()) return;
        }
        long peeked = text == null ? peekTimestamp(bytes, length) : peekTimestamp(text);
        if (peeked != Long.MIN_VALUE && (peeked < readFrom || peeked > selection.maxT)) return;
        try {
            ScrapeRecord record;
            if (selection.nameMatchers != null) {
                if (text != null) bytes = text.getBytes(StandardCharsets.UTF_8);
                record = selection.named(bytes, text != null ? bytes.length : length);
            } else {
                record = text != null ? RecordCodec.parse(text) : selection.whole(bytes, length);
            }
            if (record == null) return;
            long ts = record.ts().toEpochMilli();
            if (ts < readFrom || ts > selection.maxT) return;
            if (RecordTimes.check(ts, latest, day.date()) != RecordTimes.Verdict.OK) return;
            selection.take(record, ts);
        } catch (IllegalArgumentException e) {
            warnOnce(file + ":" + in.lineNo() + ": skipped, not a record: " + e.getMessage());
        }
    }

    /**
     * The matchers on the metric name when together they refuse every report series's name but up's; else null. A
     * reader may then narrow each record to the series these names pass before {@code ScrapeLoops} maps it (the
     * panels' fed series read so too).
     */
    public static List<LabelMatcher> namedOnly(List<LabelMatcher> matchers) {
        List<LabelMatcher> names = nameMatchersOf(matchers);
        if (names.isEmpty()) return null;
        // up needs only the record's time, target and up, which the named read keeps.
        for (String report : List.of(PrometheusSamples.SCRAPE_DURATION, PrometheusSamples.SAMPLES_SCRAPED,
                PrometheusSamples.SAMPLES_POST_RELABELING, PrometheusSamples.SERIES_ADDED)) {
            if (namePasses(names, report)) return null;
        }
        return names;
    }

    private static List<LabelMatcher> nameMatchersOf(List<LabelMatcher> matchers) {
        List<LabelMatcher> names = new ArrayList<>();
        for (LabelMatcher m : matchers) if (m.name().equals("__name__")) names.add(m);
        return names;
    }

    private static boolean anyNamePasses(List<List<LabelMatcher>> nameMatcherSets, String name) {
        for (List<LabelMatcher> set : nameMatcherSets) if (namePasses(set, name)) return true;
        return false;
    }

    private static boolean matches(List<LabelMatcher> matchers, String name, Map<String, String> labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(m.name().equals("__name__") ? name : labels.get(m.name()))) return false;
        }
        return true;
    }

    private static boolean namePasses(List<LabelMatcher> nameMatchers, String name) {
        for (LabelMatcher m : nameMatchers) if (!m.matches(name)) return false;
        return true;
    }

    /** {@link #peekTimestamp(String)} of a line's UTF-8 bytes {@code [0, length)}. */
    static long peekTimestamp(byte[] line, int length) {
        if (length < TS_PREFIX_BYTES.length + TS_LENGTH) return Long.MIN_VALUE;
        for (int i = 0; i < TS_PREFIX_BYTES.length; i++) if (line[i] != TS_PREFIX_BYTES[i]) return Long.MIN_VALUE;
        for (int i = TS_PREFIX_BYTES.length; i < TS_PREFIX_BYTES.length + TS_LENGTH; i++) if (line[i] < 0) return Long.MIN_VALUE;
        try {
            return RecordCodec.parseTimestamp(new String(line, TS_PREFIX_BYTES.length, TS_LENGTH, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return Long.MIN_VALUE;
        }
    }

    /** The record time of a line as {@link RecordCodec} writes it, read without parsing the line; MIN_VALUE otherwise. */
    static long peekTimestamp(String line) {
        if (!line.startsWith(TS_PREFIX) || line.length() < TS_PREFIX.length() + TS_LENGTH) return Long.MIN_VALUE;
        try {
            return RecordCodec.parseTimestamp(line.substring(TS_PREFIX.length(), TS_PREFIX.length() + TS_LENGTH));
        } catch (IllegalArgumentException e) {
            return Long.MIN_VALUE;
        }
    }

    private void warnOnce(String warning) {
        if (warned.add(warning)) warnings.println("query: warning: " + warning);
    }
}
