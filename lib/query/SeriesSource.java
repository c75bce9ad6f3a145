package query;

import java.util.List;

/**
 * Where the engine reads series from: the day files (as Prometheus would have stored their records) or, in tests,
 * series loaded from a Prometheus test file. The engine asks once per selector with the widest time range it needs.
 */
public interface SeriesSource {
    /**
     * Every series whose labels satisfy all {@code matchers}, with its samples in {@code [minTimeMs, maxTimeMs]}
     * (both ends included); stale markers in that range are included. A series with no sample in range may be left out.
     *
     * @throws QueryException when the data cannot be read (the message says which file and what is wrong)
     */
    List<StoredSeries> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs);
}
