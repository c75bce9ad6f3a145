package prom;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import record.ScrapeRecord;
import record.SeriesKey;

/**
 * A record's samples as a Prometheus 2.42 server would have stored them after scraping the same target with
 * default settings: every series gets the target labels {@code instance} (see {@link #targetLabels}) and {@code job}, exposed labels
 * of those names are kept as {@code exported_instance} / {@code exported_job} ({@code honor_labels: false}), and
 * each scrape adds the five report series of scrape/scrape.go {@code scrapeLoop.report}: {@code up},
 * {@code scrape_duration_seconds}, {@code scrape_samples_scraped}, {@code scrape_samples_post_metric_relabeling} and
 * {@code scrape_series_added} (the three optional ones of {@code --enable-feature=extra-scrape-metrics} are not
 * written). Exposed timestamps are not used, as with {@code honor_timestamps: false}: every sample carries the
 * record's own timestamp, so that every series of a scrape ends together when the target fails.
 *
 * <p>A failed scrape ({@code up=0}) gives the report series (samples scraped 0, as for a failed fetch) and no other
 * sample. What depends on the target's earlier scrapes ({@code scrape_series_added}, stale markers) is
 * {@link ScrapeLoops}'s; {@link #of} answers for a target's first scrape.
 */
public final class PrometheusSamples {
    private PrometheusSamples() {}

    /** Name of the synthetic series that says whether a scrape succeeded (1) or not (0). */
    public static final String UP = "up";
    /** Name of the synthetic series with the length of the scrape in seconds. */
    public static final String SCRAPE_DURATION = "scrape_duration_seconds";
    /** Samples the target exposed (0 for a failed scrape). */
    public static final String SAMPLES_SCRAPED = "scrape_samples_scraped";
    /** Samples left after metric relabelling: with none configured, the samples scraped. */
    public static final String SAMPLES_POST_RELABELING = "scrape_samples_post_metric_relabeling";
    /** Series new to the target's scrape cache ({@link ScrapeLoops}). */
    public static final String SERIES_ADDED = "scrape_series_added";
    /** Whether a metric name is one of the five report series. */
    public static boolean isReportSeries(String name) {
        return switch (name) {
            case UP, SCRAPE_DURATION, SAMPLES_SCRAPED, SAMPLES_POST_RELABELING, SERIES_ADDED -> true;
            default -> false;
        };
    }

    /** How many report series each scrape writes, ahead of the exposed series. */
    public static final int REPORT_SERIES = 5;

    /**
     * One sample: metric name, labels sorted by name (target labels included, {@code __name__} not), value, and
     * timestamp in epoch milliseconds.
     */
    public record Sample(String name, TreeMap<String, String> labels, double value, long timestampMs) {}

    /**
     * The target labels of a record's series: {@code instance} and {@code job}, sorted. The instance is
     * {@link ScrapeRecord#targetName()}: the target's NAME ({@code --target NAME=URL}), else its URL as recorded, the
     * same name the page gives it (not Prometheus's {@code host:port}, which would merge targets the page keeps apart).
     */
    public static TreeMap<String, String> targetLabels(ScrapeRecord record, String job) {
        return targetLabels(record.targetName(), job);
    }

    /** {@link #targetLabels(ScrapeRecord, String)} for a target known by its name on the page. */
    public static TreeMap<String, String> targetLabels(String targetName, String job) {
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("instance", targetName);
        labels.put("job", job);
        return labels;
    }

    /**
     * The labels Prometheus stores for one exposed series: its own, with {@code instance}/{@code job} renamed to
     * {@code exported_instance}/{@code exported_job} (repeatedly prefixed if those exist too), plus the target labels.
     */
    public static TreeMap<String, String> seriesLabels(Map<String, String> exposed, TreeMap<String, String> target) {
        TreeMap<String, String> labels = new TreeMap<>(exposed);
        for (Map.Entry<String, String> t : target.entrySet()) {
            String clash = labels.remove(t.getKey());
            if (clash != null) {
                String renamed = "exported_" + t.getKey();
                while (labels.containsKey(renamed)) renamed = "exported_" + renamed;
                labels.put(renamed, clash);
            }
            labels.put(t.getKey(), t.getValue());
        }
        return labels;
    }

    /**
     * All samples of one record as the target's first scrape (every series added, no stale marker): the report series
     * first, then the exposed series in record order, each under its canonical key ({@link SeriesKey#canonical}: an
     * empty label value is no label, as Prometheus stores it); keys that collapse to one keep the first sample, as
     * Prometheus keeps the first of a scrape's repeated series. For a stream of records use {@link ScrapeLoops}.
     *
     * @throws IllegalArgumentException when a series key of the record is malformed
     */
    public static List<Sample> of(ScrapeRecord record, String job) {
        return new ScrapeLoops(job, false).next(record);
    }

    /**
     * Hands on the five report samples of one scrape, at its time (scrape/scrape.go {@code scrapeLoop.report}).
     *
     * @param scraped     the samples the scrape exposed (0 for a failed one)
     * @param seriesAdded the value of {@code scrape_series_added}, which needs the target's history
     */
    static void addReport(ScrapeLoops.SampleSink out, boolean up, long scrapeMs, int scraped, TreeMap<String, String> target, int seriesAdded) {
        out.accept(UP, target, up ? 1 : 0);
        out.accept(SCRAPE_DURATION, target, scrapeMs / 1000.0);
        out.accept(SAMPLES_SCRAPED, target, scraped);
        out.accept(SAMPLES_POST_RELABELING, target, scraped);
        out.accept(SERIES_ADDED, target, seriesAdded);
    }
}
