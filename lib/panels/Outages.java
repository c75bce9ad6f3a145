package panels;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import query.LabelMatcher;
import query.SeriesSource;
import query.StoredSeries;
import query.Staleness;

/**
 * Where each target was not scraped: from the {@code up} series Prometheus stores for every scrape (1 for a
 * successful one, 0 for a failed one), the stretches where {@code up} was 0 and the stretches with no scrape at all
 * (longer than twice the scrape interval). Charts shade them per target.
 */
public final class Outages {
    private Outages() {}

    /**
     * One stretch without successful scrapes of one target.
     *
     * @param instance the target's {@code instance} label
     * @param fromMs   the first failed scrape, or the last successful one before a stretch without records, Unix ms
     * @param toMs     the next successful scrape (or the window's end), Unix ms
     * @param failed   true when scrapes failed ({@code up} = 0), false when no record exists
     * @param error    the first failed scrape's error as its record has it (redacted when written), or null
     */
    public record Outage(String instance, long fromMs, long toMs, boolean failed, String error) {
        /** An outage whose error is not known. */
        public Outage(String instance, long fromMs, long toMs, boolean failed) {
            this(instance, fromMs, toMs, failed, null);
        }

        /** This outage with its scrape error. */
        public Outage withError(String text) {
            return new Outage(instance, fromMs, toMs, failed, text);
        }
    }

    /** What the {@code up} series say about a window: the targets' scrape interval and their outages. */
    public record Scrapes(long intervalMs, List<Outage> outages) {}

    /**
     * Reads the {@code up} series in {@code [fromMs, toMs]}.
     *
     * @param defaultIntervalMs the interval assumed when no target has two scrapes
     */
    public static Scrapes read(SeriesSource source, long fromMs, long toMs, long defaultIntervalMs) {
        List<StoredSeries> ups = source.select(List.of(LabelMatcher.of("__name__", LabelMatcher.Op.EQ, "up")), fromMs, toMs);
        long interval = medianInterval(ups, defaultIntervalMs);
        List<Outage> outages = new ArrayList<>();
        for (StoredSeries up : ups) outages.addAll(of(up, interval, toMs));
        return new Scrapes(interval, List.copyOf(outages));
    }

    /** The median time between successive scrapes over all targets, or {@code fallback} without two scrapes. */
    static long medianInterval(List<StoredSeries> ups, long fallback) {
        ScrapeInterval interval = new ScrapeInterval();
        for (StoredSeries s : ups) interval.add(s);
        return interval.medianMs(fallback);
    }

    /** The outages of {@code ups} (each target's {@code up} series) at a known interval, the last ending at {@code endMs} at the earliest. */
    static List<Outage> of(List<StoredSeries> ups, long intervalMs, long endMs) {
        List<Outage> outages = new ArrayList<>();
        for (StoredSeries up : ups) outages.addAll(of(up, intervalMs, endMs));
        return List.copyOf(outages);
    }

    private static List<Outage> of(StoredSeries up, long intervalMs, long endMs) {
        SortedMap<String, String> labels = up.labels();
        String instance = labels.getOrDefault("instance", "");
        List<Outage> out = new ArrayList<>();
        long failedSince = Long.MIN_VALUE, lastScrape = Long.MIN_VALUE;
        for (int i = 0; i < up.timestampsMs().length; i++) {
            long t = up.timestampsMs()[i];
            double v = up.values()[i];
            if (Staleness.isStale(v)) continue;
            if (lastScrape != Long.MIN_VALUE && failedSince == Long.MIN_VALUE && t - lastScrape > 2 * intervalMs) {
                out.add(new Outage(instance, lastScrape, t, false));
            }
            if (v == 0 && failedSince == Long.MIN_VALUE) failedSince = t;
            if (v != 0 && failedSince != Long.MIN_VALUE) {
                out.add(new Outage(instance, failedSince, t, true));
                failedSince = Long.MIN_VALUE;
            }
            lastScrape = t;
        }
        if (failedSince != Long.MIN_VALUE) out.add(new Outage(instance, failedSince, Math.max(endMs, lastScrape), true));
        return out;
    }
}
