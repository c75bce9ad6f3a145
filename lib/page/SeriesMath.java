package page;

import java.util.Arrays;

/** The arithmetic of counters and histograms, following Prometheus's rules. */
public final class SeriesMath {
    private SeriesMath() {}

    /**
     * The increase of a counter between two consecutive samples. A counter that went down was reset (the process
     * restarted) and counted up from zero again, so the new value is the whole increase: the result is never negative.
     * Source: Prometheus, {@code rate()}/{@code increase()} ("breaks in monotonicity ... are automatically adjusted for").
     *
     * @return the increase, or NaN when either value is not finite
     */
    public static double counterIncrease(double previous, double current) {
        if (!Double.isFinite(previous) || !Double.isFinite(current)) return Double.NaN;
        return current >= previous ? current - previous : current;
    }

    /**
     * Per-second rate over one interval: {@link #counterIncrease} divided by the seconds between the samples.
     *
     * @return the rate, or NaN when the interval is not positive or a value is not finite
     */
    public static double ratePerSecond(double previous, long previousMillis, double current, long currentMillis) {
        if (currentMillis <= previousMillis) return Double.NaN;
        return counterIncrease(previous, current) / ((currentMillis - previousMillis) / 1000.0);
    }

    /**
     * The mean size of the observations made over one interval: the increase of a {@code _sum} over the increase of
     * its {@code _count} (both from {@link #counterIncrease}). Prometheus: {@code rate(x_sum[d]) / rate(x_count[d])}.
     *
     * @return the mean, or NaN when nothing was observed (count increase not positive) or an increase is NaN
     */
    public static double meanPerObservation(double sumIncrease, double countIncrease) {
        if (!(countIncrease > 0) || Double.isNaN(sumIncrease)) return Double.NaN;
        return sumIncrease / countIncrease;
    }

    /**
     * The {@code q}-quantile of a histogram, as Prometheus's {@code histogram_quantile} estimates it from classic
     * buckets: buckets are sorted by upper bound and their cumulative counts made monotonic; the quantile lies in the
     * first bucket whose count reaches {@code q * total} and is interpolated linearly inside it (the lowest bucket
     * starts at 0 unless its upper bound is not positive, then that bound is returned); if it falls into the +Inf
     * bucket the highest finite upper bound is returned. Source: Prometheus {@code promql/quantile.go}, bucketQuantile.
     *
     * @param q            the quantile, 0..1 (below 0 gives -Inf, above 1 +Inf, NaN gives NaN)
     * @param upperBounds  the {@code le} of each bucket (any order; one must be +Inf)
     * @param counts       cumulative count of each bucket (here: its increase over an interval), parallel to upperBounds
     * @return the estimate, or NaN without a +Inf bucket, with fewer than two buckets, or with no observations
     */
    public static double histogramQuantile(double q, double[] upperBounds, double[] counts) {
        if (Double.isNaN(q)) return Double.NaN;
        if (q < 0) return Double.NEGATIVE_INFINITY;
        if (q > 1) return Double.POSITIVE_INFINITY;
        int n = upperBounds.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(upperBounds[a], upperBounds[b]));
        // Coalesce buckets with the same upper bound (their counts add up), then make the counts monotonic.
        double[] le = new double[n];
        double[] count = new double[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (m > 0 && le[m - 1] == upperBounds[i]) {
                count[m - 1] += counts[i];
            } else {
                le[m] = upperBounds[i];
                count[m++] = counts[i];
            }
        }
        if (m == 0 || le[m - 1] != Double.POSITIVE_INFINITY) return Double.NaN;
        for (int i = 1; i < m; i++) if (count[i] < count[i - 1]) count[i] = count[i - 1];
        if (m < 2) return Double.NaN;
        double observations = count[m - 1];
        if (!(observations > 0)) return Double.NaN;
        double rank = q * observations;
        int b = 0;
        while (b < m - 1 && count[b] < rank) b++;
        if (b == m - 1) return le[m - 2];
        if (b == 0 && le[0] <= 0) return le[0];
        double bucketStart = 0;
        double bucketEnd = le[b];
        double bucketCount = count[b];
        if (b > 0) {
            bucketStart = le[b - 1];
            bucketCount -= count[b - 1];
            rank -= count[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / bucketCount);
    }

    /**
     * The median of the last {@code capacity} intervals between scrapes, for telling a gap (no records for longer
     * than 2.5 medians) from the normal pace. Recomputed every few additions, so a long stream costs little.
     */
    public static final class IntervalMedian {
        private final long[] ring;
        private int size, next, sinceSort;
        private long median;

        /** @param capacity how many recent intervals count */
        public IntervalMedian(int capacity) {
            ring = new long[capacity];
        }

        /** Adds an interval in ms (ignored unless positive). */
        public void add(long intervalMillis) {
            if (intervalMillis <= 0) return;
            ring[next] = intervalMillis;
            next = (next + 1) % ring.length;
            if (size < ring.length) size++;
            if (++sinceSort >= 16 || size < 16) {
                long[] copy = Arrays.copyOf(ring, size);
                Arrays.sort(copy);
                median = size % 2 == 1 ? copy[size / 2] : (copy[size / 2 - 1] + copy[size / 2]) / 2;
                sinceSort = 0;
            }
        }

        /** The median in ms, 0 before the first interval. */
        public long median() {
            return median;
        }
    }
}
