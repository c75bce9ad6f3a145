package parse;

import java.util.List;
import java.util.Map;

/**
 * What one exposition holds, as recorded: every sample under its canonical series key ({@link SeriesKey}).
 *
 * @param format     the text format it was read as
 * @param series     series key to sample value, in exposition order (histograms and summaries as their
 *                   {@code _bucket}/{@code _sum}/{@code _count}/quantile series); from the parser a read-only
 *                   {@link SeriesMap}
 * @param types      metric family name to its TYPE, for families that declared one other than untyped/unknown
 * @param timestamps series key to the sample's own timestamp in epoch milliseconds, for samples that carried one
 * @param warnings   things accepted but worth a line on stderr (e.g. a duplicate series dropped in text 0.0.4)
 */
public record Exposition(
        ExpositionFormat format,
        Map<String, Double> series,
        Map<String, String> types,
        Map<String, Long> timestamps,
        List<String> warnings) {}
