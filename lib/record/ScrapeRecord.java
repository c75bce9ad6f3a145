package record;

import java.time.Instant;
import java.util.Map;

/**
 * One scrape of one target: what one line of {@code data/metrics/YYYY-MM-DD.jsonl} holds. {@link RecordCodec} writes
 * and reads the line.
 *
 * @param ts         when the scrape started (UTC, millisecond precision)
 * @param target     the scraped URL with any credentials removed
 * @param up         whether the scrape and parse succeeded
 * @param scrapeMs   duration of the whole request and parse, in milliseconds
 * @param format     {@code "prometheus"} (text 0.0.4) or {@code "openmetrics"}; null when nothing was parsed
 * @param bytes      size of the (decompressed) body in bytes; -1 when no body was read
 * @param error      what went wrong, for {@code up=false}; null otherwise
 * @param series     canonical series key ({@link SeriesKey}) to sample value, in exposition order; empty when down
 * @param types      metric family name to its declared TYPE (counter, gauge, histogram, summary, ...); untyped families are left out
 * @param timestamps series key to the sample's own timestamp in epoch milliseconds, only for samples that carried one
 * @param instance   the target's name when several targets are watched ({@code --target NAME=URL}); null otherwise
 */
public record ScrapeRecord(
        Instant ts,
        String target,
        boolean up,
        long scrapeMs,
        String format,
        long bytes,
        String error,
        Map<String, Double> series,
        Map<String, String> types,
        Map<String, Long> timestamps,
        String instance) {

    /** A record of an unnamed target (no {@code "instance"}). */
    public ScrapeRecord(Instant ts, String target, boolean up, long scrapeMs, String format, long bytes, String error,
            Map<String, Double> series, Map<String, String> types, Map<String, Long> timestamps) {
        this(ts, target, up, scrapeMs, format, bytes, error, series, types, timestamps, null);
    }

    /**
     * The name a target goes by on the page, in the export and in remote write (as {@code instance}): its NAME when
     * it was given one ({@code --target NAME=URL}), else its URL as recorded (credentials already removed), so
     * that records of different unnamed targets stay apart everywhere. The project's one rule for naming a target.
     *
     * @return the name, or null when the record has neither (not a record {@link RecordCodec} writes)
     */
    public static String targetName(String instance, String target) {
        return instance != null ? instance : target;
    }

    /** {@link #targetName(String, String)} of this record. */
    public String targetName() {
        return targetName(instance, target);
    }

    /** The same record, attributed to the named target. */
    public ScrapeRecord withInstance(String name) {
        return new ScrapeRecord(ts, target, up, scrapeMs, format, bytes, error, series, types, timestamps, name);
    }

    /** A failed scrape: {@code up=0}, the error, no series. */
    public static ScrapeRecord failed(Instant ts, String target, long scrapeMs, String format, long bytes, String error) {
        return new ScrapeRecord(ts, target, false, scrapeMs, format, bytes, error, Map.of(), Map.of(), Map.of());
    }
}
