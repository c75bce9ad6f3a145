package record;

import java.util.Map;

/**
 * One record reduced to what the page and the export need, as {@link CompactRecordReader} reads it.
 *
 * @param tsMillis when the scrape started, epoch milliseconds (UTC)
 * @param up       whether the scrape succeeded
 * @param keys     canonical series keys ({@link SeriesKey}); a reader hands out one String instance per key as far as
 *                 its caches reach, so maps keyed by them mostly hash each key once
 * @param values   sample values, parallel to {@code keys}
 * @param instance the target's name ({@code "instance"} of the record, from {@code --target NAME=URL}), or null for
 *                 a record of an unnamed target
 * @param target   the record's {@code "target"} URL when it has no instance (one String instance per URL, as keys);
 *                 null for a named target, whose URL the page does not need
 * @param scrapeMs how long the scrape took, milliseconds (0 when not known)
 * @param types    family name to TYPE as this record declared them (unmodifiable; records with the same declarations
 *                 in a row share one map, so comparing with {@code ==} first is cheap); empty for a failed scrape
 * @param error    a failed scrape's error as its record has it (redacted when it was written), or null
 */
public record CompactRecord(long tsMillis, boolean up, String[] keys, double[] values, String instance, String target, long scrapeMs,
        Map<String, String> types, String error) {
    /** A record without an error (a successful scrape's, or one whose error does not matter). */
    public CompactRecord(long tsMillis, boolean up, String[] keys, double[] values, String instance, String target, long scrapeMs,
            Map<String, String> types) {
        this(tsMillis, up, keys, values, instance, target, scrapeMs, types, null);
    }

    /** A record without its URL (a named target's, or one whose URL does not matter), duration or types. */
    public CompactRecord(long tsMillis, boolean up, String[] keys, double[] values, String instance) {
        this(tsMillis, up, keys, values, instance, null);
    }

    /** A record without its duration or types. */
    public CompactRecord(long tsMillis, boolean up, String[] keys, double[] values, String instance, String target) {
        this(tsMillis, up, keys, values, instance, target, 0, Map.of());
    }

    /** The target's name on the page: {@link ScrapeRecord#targetName(String, String)}. */
    public String targetName() {
        return ScrapeRecord.targetName(instance, target);
    }
}
