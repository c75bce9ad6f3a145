package query;

/**
 * How a query is evaluated.
 *
 * @param lookbackMs how far back an instant selector looks for a sample, milliseconds (Prometheus 2.42's
 *     {@code --query.lookback-delta}, default 5 minutes)
 * @param maxPointsPerSeries the most steps a range query may have (Prometheus 2.42, web/api/v1/api.go: 11,000)
 * @param staleness {@code true} to let stale markers end series, as Prometheus does over scraped data; {@code false}
 *     to ignore them, as Prometheus answers over backfilled data, which carries none
 */
public record QueryOptions(long lookbackMs, int maxPointsPerSeries, boolean staleness) {
    /** Prometheus 2.42's defaults: 5-minute lookback, 11,000 points, stale markers honoured. */
    public static final QueryOptions DEFAULT = new QueryOptions(300_000L, 11_000, true);

    /** These options with stale markers honoured or ignored. */
    public QueryOptions withStaleness(boolean on) {
        return new QueryOptions(lookbackMs, maxPointsPerSeries, on);
    }
}
