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
 * <p>Each {@link #select} streams only the days its time range needs, from {@link ScrapeLoops#RESTART_GAP_MS} before
 * it (so the first records of the range get the stale markers and {@code scrape_series_added} they would have had),
 * one line at a time, and keeps only the samples of matching series in the range: memory grows with the series and
 * samples selected, not with the files. Lines that are not records and files that cannot be read to their end are
 * skipped with one warning each, as the export does.
 */
public final class DayFileStorage implements SeriesSource {
    private static final String TS_PREFIX = "{\"v\":1,\"ts\":\"";
    private static final int TS_LENGTH = 24;

    private final Path dataDir;
    private final String job;
    private final boolean staleMarkers;
    private final RecordTimes times;
    private final PrintStream warnings;
    private final Set<String> warned = new HashSet<>();

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

        StoredSeries stored() {
            TreeMap<String, String> all = new TreeMap<>(labels);
            all.put("__name__", name);
            return new StoredSeries(all, java.util.Arrays.copyOf(ts, size), java.util.Arrays.copyOf(values, size));
        }
    }

    /** Stands for a series that does not match, in the caches of {@link Selection}. */
    private static final Collected NO_MATCH = new Collected("", new TreeMap<>());

    /** One select in progress: the matchers, the range, and what was collected. */
    private final class Selection {
        final List<LabelMatcher> matchers;
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

        /** The matchers on {@code __name__}, when they exclude every report series: then only the named series are read. */
        final List<LabelMatcher> nameMatchers;
        /** Per series key (one instance per key from the reader), whether its name passes {@link #nameMatchers}. */
        final Map<String, Boolean> keyNamePasses = new IdentityHashMap<>();
        final CompactRecordReader reader = new CompactRecordReader(DayFiles.MAX_LINE_BYTES);
        final Map<String, String> types = new HashMap<>();

        Selection(List<LabelMatcher> matchers, long minT, long maxT) {
            this.matchers = matchers;
            this.minT = minT;
            this.maxT = maxT;
            this.nameMatchers = namedOnly(matchers);
        }

        /**
         * The record of a line with only the series {@link #nameMatchers} can select (staleness is per series, so the
         * others change nothing for them); its scrape time and size, which only the report series need, left out.
         *
         * @throws IllegalArgumentException when the line is not a record
         */
        ScrapeRecord named(String line) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            CompactRecord r = reader.read(bytes, 0, bytes.length, types);
            if (r == null) return null;
            Map<String, Double> series = new LinkedHashMap<>();
            for (int i = 0; i < r.keys().length; i++) {
                String key = r.keys()[i];
                Boolean passes = keyNamePasses.get(key);
                if (passes == null) {
                    passes = namePasses(nameMatchers, SeriesKey.name(key));
                    keyNamePasses.put(key, passes);
                }
                if (passes) series.put(key, r.values()[i]);
            }
            return new ScrapeRecord(Instant.ofEpochMilli(r.tsMillis()), r.target(), r.up(), r.scrapeMs(), null, 1, null, series, Map.of(),
                    Map.of(), r.instance());
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
            for (LabelMatcher m : matchers) {
                if (!m.matches(m.name().equals("__name__") ? s.name() : s.labels().get(m.name()))) return false;
            }
            return true;
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
        Selection selection = new Selection(matchers, minTimeMs, maxTimeMs);
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
        List<StoredSeries> out = new ArrayList<>(selection.selected.size());
        for (Collected c : selection.selected) out.add(c.stored());
        return out;
    }

    private void readFile(Selection selection, DayFiles.Day day, Path file, long skipLines, long readFrom, long latest) {
        try (RecordLines in = new RecordLines(file, skipLines)) {
            for (String text; (text = in.next()) != null; ) {
                if (text == RecordLines.TOO_LONG) {
                    warnOnce(file + ":" + in.lineNo() + ": " + DayFiles.tooLongText(in.tooLongBytes()));
                    continue;
                }
                if (text.isBlank()) continue;
                long peeked = peekTimestamp(text);
                if (peeked != Long.MIN_VALUE && (peeked < readFrom || peeked > selection.maxT)) continue;
                try {
                    ScrapeRecord record = selection.nameMatchers != null ? selection.named(text) : RecordCodec.parse(text);
                    if (record == null) continue;
                    long ts = record.ts().toEpochMilli();
                    if (ts < readFrom || ts > selection.maxT) continue;
                    if (RecordTimes.check(ts, latest, day.date()) != RecordTimes.Verdict.OK) continue;
                    selection.take(record, ts);
                } catch (IllegalArgumentException e) {
                    warnOnce(file + ":" + in.lineNo() + ": skipped, not a record: " + e.getMessage());
                }
            }
            if (in.failure() != null) warnOnce(DayFiles.cannotRead(file, in.failure()));
        } catch (IOException e) {
            warnOnce(DayFiles.cannotRead(file, e));
        }
    }

    private static final String[] NO_KEYS = {};
    private static final double[] NO_VALUES = {};

    /** The matchers on the metric name when together they refuse every report series's name; else null. */
    static List<LabelMatcher> namedOnly(List<LabelMatcher> matchers) {
        List<LabelMatcher> names = new ArrayList<>();
        for (LabelMatcher m : matchers) if (m.name().equals("__name__")) names.add(m);
        if (names.isEmpty()) return null;
        for (String report : List.of(PrometheusSamples.UP, PrometheusSamples.SCRAPE_DURATION, PrometheusSamples.SAMPLES_SCRAPED,
                PrometheusSamples.SAMPLES_POST_RELABELING, PrometheusSamples.SERIES_ADDED)) {
            if (namePasses(names, report)) return null;
        }
        return names;
    }

    private static boolean namePasses(List<LabelMatcher> nameMatchers, String name) {
        for (LabelMatcher m : nameMatchers) if (!m.matches(name)) return false;
        return true;
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
