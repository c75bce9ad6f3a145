package prom;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import record.CompactRecord;
import record.ScrapeRecord;
import record.SeriesKey;

/**
 * A record's samples as a Prometheus 2.x server would have stored them after scraping the same target with
 * default settings: every series gets the target labels {@code instance} (see {@link #targetLabels}) and {@code job}, exposed labels
 * of those names are kept as {@code exported_instance} / {@code exported_job} ({@code honor_labels: false}), and
 * each scrape adds {@code up} and {@code scrape_duration_seconds} (Prometheus docs, "Jobs and instances",
 * "Automatically generated labels and time series"). Exposed timestamps are not used: every sample carries the
 * record's own timestamp.
 *
 * <p>A failed scrape ({@code up=0}) gives {@code up 0} and {@code scrape_duration_seconds}, as Prometheus records
 * both for failed scrapes too, and no other sample.
 */
public final class PrometheusSamples {
    private PrometheusSamples() {}

    /** Name of the synthetic series that says whether a scrape succeeded (1) or not (0). */
    public static final String UP = "up";
    /** Name of the synthetic series with the length of the scrape in seconds. */
    public static final String SCRAPE_DURATION = "scrape_duration_seconds";

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
     * All samples of one record, synthetic ones ({@code up}, {@code scrape_duration_seconds}) first, then the
     * exposed series in record order, each under its canonical key ({@link SeriesKey#canonical}: an empty label
     * value is no label, as Prometheus stores it); keys that collapse to one keep the first sample, as Prometheus
     * keeps the first of a scrape's repeated series.
     *
     * @throws IllegalArgumentException when a series key of the record is malformed
     */
    public static List<Sample> of(ScrapeRecord record, String job) {
        return ofRecord(record, job);
    }

    /**
     * As {@link #of(ScrapeRecord, String)} for a record as {@link CompactRecordReader} reads it (keys canonical, each
     * once; see {@code record.CompactRecordReader}), the form the export and the page read day files in.
     *
     * @throws IllegalArgumentException when a series key of the record is malformed
     */
    public static List<Sample> of(CompactRecord record, String job) {
        TreeMap<String, String> target = targetLabels(record.targetName(), job);
        long ts = record.tsMillis();
        String[] keys = record.keys();
        List<Sample> out = new ArrayList<>(2 + keys.length);
        out.add(new Sample(UP, target, record.up() ? 1 : 0, ts));
        out.add(new Sample(SCRAPE_DURATION, target, record.scrapeMs() / 1000.0, ts));
        if (!record.up()) return out;
        for (int i = 0; i < keys.length; i++) {
            SeriesKey.Parsed key = SeriesKey.parse(keys[i]);
            out.add(new Sample(key.name(), seriesLabels(key.labels(), target), record.values()[i], ts));
        }
        return out;
    }

    private static List<Sample> ofRecord(ScrapeRecord record, String job) {
        TreeMap<String, String> target = targetLabels(record, job);
        long ts = record.ts().toEpochMilli();
        List<Sample> out = new ArrayList<>(2 + record.series().size());
        out.add(new Sample(UP, target, record.up() ? 1 : 0, ts));
        out.add(new Sample(SCRAPE_DURATION, target, record.scrapeMs() / 1000.0, ts));
        if (!record.up()) return out;
        // When every key is canonical (records read back, parsed expositions) no two are one series: track only otherwise.
        Set<String> seen = null;
        for (String written : record.series().keySet()) {
            if (SeriesKey.canonical(written) != written) {
                seen = new HashSet<>();
                break;
            }
        }
        for (Map.Entry<String, Double> e : record.series().entrySet()) {
            String canonical = SeriesKey.canonical(e.getKey());
            if (seen != null && !seen.add(canonical)) continue;
            SeriesKey.Parsed key = SeriesKey.parse(canonical);
            out.add(new Sample(key.name(), seriesLabels(key.labels(), target), e.getValue(), ts));
        }
        return out;
    }
}
