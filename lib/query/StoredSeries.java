package query;

import java.util.SortedMap;

/**
 * One series as a storage holds it: its labels ({@code __name__} included, sorted by name, no empty values) and its
 * samples in strictly increasing time order. A stale marker is a sample whose value is {@link Staleness#STALE_NAN}
 * (Prometheus 2.42, model/value: StaleNaN), as Prometheus writes one when a scrape fails or a series leaves a scrape.
 *
 * @param labels label name to value, sorted by name
 * @param timestampsMs sample times, Unix milliseconds, increasing
 * @param values sample values, same length as {@code timestampsMs}
 */
public record StoredSeries(SortedMap<String, String> labels, long[] timestampsMs, double[] values) {}
