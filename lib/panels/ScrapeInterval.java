package panels;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import query.Staleness;
import query.StoredSeries;

/**
 * The targets' scrape interval: the median time between successive scrapes of one target, over every target's
 * {@code up} series (stale markers skipped), kept as a count of each gap so that a live page adds only its new
 * scrapes: the median of n gaps is the one at index {@code n / 2} in increasing order.
 */
final class ScrapeInterval {
    private final TreeMap<Long, Integer> gaps = new TreeMap<>();
    private final Map<SortedMap<String, String>, Long> lastScrape = new HashMap<>();
    private long count;

    /** Adds the scrapes of one {@code up} series later than those it added before; samples must come in time order. */
    void add(StoredSeries up) {
        Long previous = lastScrape.get(up.labels());
        long[] t = up.timestampsMs();
        for (int i = 0; i < t.length; i++) {
            if (Staleness.isStale(up.values()[i]) || (previous != null && t[i] <= previous)) continue;
            if (previous != null) {
                gaps.merge(t[i] - previous, 1, Integer::sum);
                count++;
            }
            previous = t[i];
        }
        if (previous != null) lastScrape.put(up.labels(), previous);
    }

    /** The median gap, ms (at least 1), or {@code fallbackMs} when no target has two scrapes. */
    long medianMs(long fallbackMs) {
        if (count == 0) return fallbackMs;
        long index = count / 2, seen = 0;
        for (Map.Entry<Long, Integer> e : gaps.entrySet()) {
            seen += e.getValue();
            if (seen > index) return Math.max(1, e.getKey());
        }
        throw new IllegalStateException("gap counts out of step");
    }
}
