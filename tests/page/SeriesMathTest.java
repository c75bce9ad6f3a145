package page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import org.junit.jupiter.api.Test;

class SeriesMathTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void counterIncreaseCountsTheNewValueAfterAReset() {
        assertThat(SeriesMath.counterIncrease(10, 25)).isEqualTo(15);
        assertThat(SeriesMath.counterIncrease(100, 7)).isEqualTo(7);
        assertThat(SeriesMath.counterIncrease(5, 5)).isEqualTo(0);
        assertThat(SeriesMath.counterIncrease(Double.NaN, 5)).isNaN();
    }

    @Test
    void ratePerSecondDividesByTheIntervalAndRefusesANonPositiveOne() {
        assertThat(SeriesMath.ratePerSecond(10, 0, 40, 30_000)).isEqualTo(1.0);
        assertThat(SeriesMath.ratePerSecond(90, 0, 6, 2_000)).isEqualTo(3.0);
        assertThat(SeriesMath.ratePerSecond(1, 5_000, 2, 5_000)).isNaN();
    }

    @Test
    void quantileInterpolatesLinearlyInsideTheBucket() {
        double[] le = {0.1, 0.5, 1, INF};
        double[] counts = {10, 60, 90, 100};
        // p50: rank 50 lies in (0.1, 0.5] holding 50 of 60: 0.1 + 0.4 * (40 / 50) = 0.42
        assertThat(SeriesMath.histogramQuantile(0.5, le, counts)).isCloseTo(0.42, within(1e-12));
        // p90: rank 90 reaches the (0.5, 1] bucket's count exactly: 0.5 + 0.5 * (30 / 30) = 1.0
        assertThat(SeriesMath.histogramQuantile(0.9, le, counts)).isCloseTo(1.0, within(1e-12));
        // p5: first bucket starts at 0: 0.1 * (5 / 10) = 0.05
        assertThat(SeriesMath.histogramQuantile(0.05, le, counts)).isCloseTo(0.05, within(1e-12));
        // p99: rank 99 falls into +Inf: the highest finite bound
        assertThat(SeriesMath.histogramQuantile(0.99, le, counts)).isEqualTo(1.0);
    }

    @Test
    void quantileFollowsPrometheusEdgeRules() {
        assertThat(SeriesMath.histogramQuantile(0.5, new double[] {1, 2}, new double[] {1, 2})).as("no +Inf bucket").isNaN();
        assertThat(SeriesMath.histogramQuantile(0.5, new double[] {1, INF}, new double[] {0, 0})).as("no observations").isNaN();
        assertThat(SeriesMath.histogramQuantile(0.5, new double[] {INF}, new double[] {4})).as("one bucket").isNaN();
        assertThat(SeriesMath.histogramQuantile(-0.1, new double[] {1, INF}, new double[] {1, 1})).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(SeriesMath.histogramQuantile(1.1, new double[] {1, INF}, new double[] {1, 1})).isEqualTo(INF);
        // A lowest bucket with a negative bound returns that bound.
        assertThat(SeriesMath.histogramQuantile(0.25, new double[] {-1, 0, INF}, new double[] {4, 8, 8})).isEqualTo(-1.0);
        // Buckets in any order; a non-monotonic count is raised to the one below it.
        double q = SeriesMath.histogramQuantile(0.5, new double[] {INF, 2, 1}, new double[] {10, 3, 4});
        // sorted: le 1 -> 4, le 2 -> 4 (raised from 3), +Inf -> 10; rank 5 falls into +Inf: highest finite bound 2
        assertThat(q).isEqualTo(2.0);
    }

    @Test
    void intervalMedianTracksThePace() {
        SeriesMath.IntervalMedian m = new SeriesMath.IntervalMedian(8);
        assertThat(m.median()).isZero();
        m.add(30_000);
        m.add(30_000);
        m.add(600_000);
        assertThat(m.median()).isEqualTo(30_000);
        m.add(-5);
        assertThat(m.median()).isEqualTo(30_000);
    }
}
