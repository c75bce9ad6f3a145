package prom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import query.Staleness;
import record.CompactRecord;
import record.ScrapeRecord;
import record.SeriesKey;

/**
 * The samples a Prometheus 2.42 server would have stored for a stream of records, one scrape loop per target: the
 * one owner of that mapping, shared by the OpenMetrics export, remote write and the query storage. Per record it gives
 * {@link PrometheusSamples#of}'s samples with the two rules that need the target's previous scrapes:
 * <ul>
 *   <li>{@code scrape_series_added}: the series not in the target's scrape cache, which holds the series of its last
 *       successful scrape with a body (a failed or empty scrape neither adds nor removes entries; Prometheus 2.42,
 *       scrape/scrape.go {@code scrapeCache.iterDone(len(b) > 0)});</li>
 *   <li>stale markers, when asked for: a series appended by the target's previous scrape and not by this one gets a
 *       sample {@link Staleness#STALE_NAN} at this scrape's time; a failed scrape is an empty one, so it ends every
 *       series of the previous scrape (scrape/scrape.go {@code scrapeAndReport}: "A failed scrape is the same as an
 *       empty scrape", and {@code scrapeCache.forEachStale}). The report series ({@code up}, ...) are never marked:
 *       Prometheus marks them only when a target leaves service discovery ({@code endOfRunStaleness}).</li>
 * </ul>
 *
 * <p>Where the records cannot say what Prometheus did, these rules decide, and they are the same for every user:
 * <ul>
 *   <li>a target whose previous record is more than {@link #RESTART_GAP_MS} older starts a fresh loop (no stale
 *       markers, every series added), as a restarted {@code watch} (whose remote writer starts empty) or a restarted
 *       Prometheus would; a stale marker that late would hide nothing from a 5-minute lookback anyway;</li>
 *   <li>a record that failed to parse is treated as a failed fetch (Prometheus would report the samples it appended
 *       before the parse error in {@code scrape_samples_scraped});</li>
 *   <li>exposed timestamps are not used (see {@link PrometheusSamples}), so every series takes part in staleness.</li>
 * </ul>
 *
 * <p>Records of one target must come in increasing time order (callers skip those that are not later than the
 * previous one). Memory: the series of each target's last scrape. Thread-safe.
 */
public final class ScrapeLoops {
    /** A target's history is forgotten when its records are further apart than this (10 minutes). */
    public static final long RESTART_GAP_MS = 10 * 60_000L;

    private final String job;
    private final boolean staleMarkers;
    private final Map<String, Loop> loops = new HashMap<>();

    /** One exposed series as the loop stored it: name and labels (target labels included; shared, never modified). */
    private record Stored(String key, String name, TreeMap<String, String> labels) {}

    /** One target's scrape loop. */
    private static final class Loop {
        /** The target's labels, given to its report series (made once per loop: shared, never modified). */
        TreeMap<String, String> targetLabels;
        long lastTsMs = Long.MIN_VALUE;
        /** Canonical key to series: the scrape cache (series of the last successful scrape with a body). */
        Map<String, Stored> cache = new HashMap<>();
        /** Series appended by the previous scrape, in its order (its own map, never changed after). */
        Map<String, Stored> previous = Map.of();
        /** The previous scrape's keys as recorded and, per key, the series it appended (null for a repeated one); null after a failed scrape. */
        String[] previousKeys;
        Stored[] previousStored;
    }

    /**
     * @param job          value of the {@code job} label
     * @param staleMarkers whether to write stale markers as a live Prometheus does (false: as backfilled data, which
     *                     cannot carry them)
     */
    public ScrapeLoops(String job, boolean staleMarkers) {
        this.job = job;
        this.staleMarkers = staleMarkers;
    }

    /**
     * The samples Prometheus would have stored for this scrape of its target: the report series ({@code up},
     * {@code scrape_duration_seconds}, {@code scrape_samples_scraped}, {@code scrape_samples_post_metric_relabeling},
     * {@code scrape_series_added}), the exposed series when the scrape succeeded, then the stale markers, all at the
     * record's time. The target's history is updated only when the record is accepted.
     *
     * @throws IllegalArgumentException when a series key of the record is malformed (the history is left as it was)
     */
    public List<PrometheusSamples.Sample> next(ScrapeRecord record) {
        String[] keys = record.series().keySet().toArray(new String[0]);
        double[] values = new double[keys.length];
        int i = 0;
        for (Double v : record.series().values()) values[i++] = v;
        return next(new Scrape(record.targetName(), record.ts().toEpochMilli(), record.up(), record.scrapeMs(), record.bytes(), keys, values));
    }

    /**
     * As {@link #next(ScrapeRecord)} for a record as the day files' reader hands it on ({@link CompactRecord}, keys
     * canonical and each once). Such a record does not carry its body's size: a successful scrape counts as one with
     * a body (it flushes the scrape cache), as the query storage reads a record it reads by name.
     *
     * @throws IllegalArgumentException when a series key of the record is malformed (the history is left as it was)
     */
    public List<PrometheusSamples.Sample> next(CompactRecord record) {
        return next(scrape(record));
    }

    /** Receives a scrape's samples one at a time, all at the scrape's time; labels as in {@link PrometheusSamples.Sample}. */
    public interface SampleSink {
        void accept(String name, TreeMap<String, String> labels, double value);
    }

    /**
     * As {@link #next(CompactRecord)}, handing the samples to {@code sink} in the same order instead of making a list
     * (a reader of every record of a year makes no object per sample).
     *
     * @throws IllegalArgumentException when a series key of the record is malformed (the history is left as it was, and
     *                                  {@code sink} was given nothing)
     */
    public void next(CompactRecord record, SampleSink sink) {
        next(scrape(record), sink);
    }

    private static Scrape scrape(CompactRecord record) {
        return new Scrape(record.targetName(), record.tsMillis(), record.up(), record.scrapeMs(), record.up() ? 1 : 0,
                record.keys(), record.values());
    }

    /** One scrape as both kinds of record give it: its series keys (as recorded, each once) and values in parallel. */
    private record Scrape(String target, long ts, boolean up, long scrapeMs, long bytes, String[] keys, double[] values) {}

    private List<PrometheusSamples.Sample> next(Scrape scrape) {
        List<PrometheusSamples.Sample> out = new ArrayList<>(PrometheusSamples.REPORT_SERIES + scrape.keys().length);
        next(scrape, (name, labels, value) -> out.add(new PrometheusSamples.Sample(name, labels, value, scrape.ts())));
        return out;
    }

    private synchronized void next(Scrape scrape, SampleSink sink) {
        String target = scrape.target();
        long ts = scrape.ts();
        Loop loop = loops.get(target);
        if (loop == null || ts - loop.lastTsMs > RESTART_GAP_MS) {
            loop = new Loop();
            loop.targetLabels = PrometheusSamples.targetLabels(target, job);
        }
        TreeMap<String, String> targetLabels = loop.targetLabels;
        String[] keys = scrape.keys();
        if (scrape.up() && Arrays.equals(loop.previousKeys, keys)) {
            again(scrape, loop, targetLabels, sink);
            return;
        }
        Map<String, Stored> scraped = new LinkedHashMap<>();
        Stored[] byIndex = new Stored[keys.length];
        List<PrometheusSamples.Sample> exposed = new ArrayList<>(keys.length);
        int added = 0;
        if (scrape.up()) {
            for (int i = 0; i < keys.length; i++) {
                // A key found in the cache is canonical already (the cache holds only canonical keys): most keys are.
                Stored s = loop.cache.get(keys[i]);
                String key = s != null ? keys[i] : SeriesKey.canonical(keys[i]);
                if (scraped.containsKey(key)) continue; // a repeated series: the first sample counts
                if (s == null) s = loop.cache.get(key);
                if (s == null) {
                    SeriesKey.Parsed parsed = SeriesKey.parse(key);
                    s = new Stored(key, parsed.name(), PrometheusSamples.seriesLabels(parsed.labels(), targetLabels));
                    added++;
                }
                scraped.put(key, s);
                byIndex[i] = s;
                exposed.add(new PrometheusSamples.Sample(s.name(), s.labels(), scrape.values()[i], ts));
            }
        }
        PrometheusSamples.addReport(sink, scrape.up(), scrape.scrapeMs(), scrape.up() ? keys.length : 0, targetLabels, added);
        for (PrometheusSamples.Sample e : exposed) sink.accept(e.name(), e.labels(), e.value());
        if (staleMarkers) {
            for (Stored s : loop.previous.values()) {
                if (!scraped.containsKey(s.key())) sink.accept(s.name(), s.labels(), Staleness.STALE_NAN);
            }
        }
        remember(target, loop, scrape.up() && scrape.bytes() != 0, scraped, ts);
        loop.previousKeys = scrape.up() ? keys : null;
        loop.previousStored = byIndex;
    }

    /**
     * A successful scrape with the same keys, in the same order, as the target's previous one (successful too): the
     * usual scrape, answered without looking a key up. Its series are the previous scrape's, so none is added (they
     * are all in the cache) and none goes stale, and the cache after it is what the general path leaves.
     */
    private void again(Scrape scrape, Loop loop, TreeMap<String, String> targetLabels, SampleSink sink) {
        String[] keys = scrape.keys();
        PrometheusSamples.addReport(sink, true, scrape.scrapeMs(), keys.length, targetLabels, 0);
        for (int i = 0; i < keys.length; i++) {
            Stored s = loop.previousStored[i];
            if (s != null) sink.accept(s.name(), s.labels(), scrape.values()[i]);
        }
        loop.lastTsMs = scrape.ts();
        loop.previousKeys = keys;
        if (scrape.bytes() != 0) loop.cache = loop.previous;
    }

    private void remember(String target, Loop loop, boolean withBody, Map<String, Stored> scraped, long ts) {
        loop.lastTsMs = ts;
        // scraped is this scrape's own map, never changed after: the previous series and the cache can share it.
        loop.previous = scraped;
        // Only a successful scrape with a body flushes the cache (iterDone(len(b) > 0)); any other keeps it and adds to it.
        if (withBody) loop.cache = scraped;
        else loop.cache.putAll(scraped);
        loops.put(target, loop);
    }
}
