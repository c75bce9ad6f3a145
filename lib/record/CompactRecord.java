package record;

/**
 * One record reduced to what the page needs.
 *
 * @param tsMillis when the scrape started, epoch milliseconds (UTC)
 * @param up       whether the scrape succeeded
 * @param keys     canonical series keys ({@link SeriesKey}); the same String instance for the same key across records
 * @param values   sample values, parallel to {@code keys}
 * @param instance the target's name ({@code "instance"} of the record, from {@code --target NAME=URL}), or null for
 *                 a record of an unnamed target
 */
public record CompactRecord(long tsMillis, boolean up, String[] keys, double[] values, String instance) {
    /** A record of an unnamed target. */
    public CompactRecord(long tsMillis, boolean up, String[] keys, double[] values) {
        this(tsMillis, up, keys, values, null);
    }
}
