package prom;

import java.time.Instant;
import java.util.ArrayList;
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
        long lastTsMs = Long.MIN_VALUE;
        /** Canonical key to series: the scrape cache (series of the last successful scrape with a body). */
        Map<String, Stored> cache = new HashMap<>();
        /** Series appended by the previous scrape, in its order. */
        List<Stored> previous = List.of();
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
    public synchronized List<PrometheusSamples.Sample> next(ScrapeRecord record) {
        String target = record.targetName();
        long ts = record.ts().toEpochMilli();
        Loop loop = loops.get(target);
        if (loop == null || ts - loop.lastTsMs > RESTART_GAP_MS) loop = new Loop();
        TreeMap<String, String> targetLabels = PrometheusSamples.targetLabels(record, job);
        Map<String, Stored> scraped = new LinkedHashMap<>();
        List<PrometheusSamples.Sample> exposed = new ArrayList<>(record.series().size());
        int added = 0;
        if (record.up()) {
            for (Map.Entry<String, Double> e : record.series().entrySet()) {
                String key = SeriesKey.canonical(e.getKey());
                if (scraped.containsKey(key)) continue; // a repeated series: the first sample counts
                Stored s = loop.cache.get(key);
                if (s == null) {
                    SeriesKey.Parsed parsed = SeriesKey.parse(key);
                    s = new Stored(key, parsed.name(), PrometheusSamples.seriesLabels(parsed.labels(), targetLabels));
                    added++;
                }
                scraped.put(key, s);
                exposed.add(new PrometheusSamples.Sample(s.name(), s.labels(), e.getValue(), ts));
            }
        }
        List<PrometheusSamples.Sample> out = new ArrayList<>(PrometheusSamples.REPORT_SERIES + exposed.size());
        PrometheusSamples.addReport(out, record, targetLabels, added);
        out.addAll(exposed);
        if (staleMarkers) {
            for (Stored s : loop.previous) {
                if (!scraped.containsKey(s.key())) out.add(new PrometheusSamples.Sample(s.name(), s.labels(), Staleness.STALE_NAN, ts));
            }
        }
        remember(target, loop, record, scraped, ts);
        return out;
    }

    /**
     * As {@link #next(ScrapeRecord)} for a record as the day files' reader hands it on ({@link CompactRecord}, keys
     * canonical and each once). Such a record does not carry its body's size: a successful scrape counts as one with
     * a body (it flushes the scrape cache), as the query storage reads a record it reads by name.
     *
     * @throws IllegalArgumentException when a series key of the record is malformed (the history is left as it was)
     */
    public List<PrometheusSamples.Sample> next(CompactRecord record) {
        Map<String, Double> series = new LinkedHashMap<>(record.keys().length * 2);
        for (int i = 0; i < record.keys().length; i++) series.putIfAbsent(record.keys()[i], record.values()[i]);
        return next(new ScrapeRecord(Instant.ofEpochMilli(record.tsMillis()), record.target(), record.up(), record.scrapeMs(), null,
                record.up() ? 1 : 0, null, series, record.types(), Map.of(), record.instance()));
    }

    private void remember(String target, Loop loop, ScrapeRecord record, Map<String, Stored> scraped, long ts) {
        loop.lastTsMs = ts;
        loop.previous = new ArrayList<>(scraped.values());
        // Only a successful scrape with a body flushes the cache (iterDone(len(b) > 0)); any other keeps it and adds to it.
        if (record.up() && record.bytes() != 0) loop.cache = new HashMap<>(scraped);
        else loop.cache.putAll(scraped);
        loops.put(target, loop);
    }
}
