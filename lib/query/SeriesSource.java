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

    /**
     * Told before evaluation every select the expression will make (one per selector; its matchers list is the same
     * object later passed to {@link #select}), so a storage can read what they share once. Does nothing by default.
     *
     * @param requests the selects to come, in no particular order
     */
    default void plan(List<Request> requests) {}

    /**
     * One select to come: the arguments {@link #select} will be called with.
     *
     * @param matchers  the selector's matchers
     * @param minTimeMs first time wanted, Unix milliseconds (included)
     * @param maxTimeMs last time wanted, Unix milliseconds (included)
     */
    record Request(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) {}
}
