package page;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DownsamplerTest {
    @Test
    void keepsEveryPeakAndDipWithinTheLimit() {
        Downsampler d = new Downsampler(100);
        Random random = new Random(42);
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (int i = 0; i < 100_000; i++) {
            double v = Math.sin(i / 500.0) * 10 + random.nextGaussian();
            if (i == 31_337) v = 1_000; // a spike
            if (i == 77_777) v = -1_000; // a dip
            min = Math.min(min, v);
            max = Math.max(max, v);
            d.add(i * 30_000L, v);
        }
        d.finish();
        assertThat(d.size()).isLessThanOrEqualTo(100).isGreaterThan(25);
        assertThat(d.rawPoints()).isEqualTo(100_000);
        assertThat(d.downsampled()).isTrue();
        List<Double> values = values(d);
        assertThat(values).contains(1_000.0, -1_000.0);
        assertThat(values.stream().mapToDouble(Double::doubleValue).min().orElseThrow()).isEqualTo(min);
        assertThat(values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isEqualTo(max);
        for (int i = 1; i < d.size(); i++) assertThat(d.time(i)).isGreaterThanOrEqualTo(d.time(i - 1));
    }

    @Test
    void breaksAndIsolatedPointsSurvive() {
        Downsampler d = new Downsampler(50);
        for (int i = 0; i < 10_000; i++) {
            if (i == 5_000) d.addBreak(i * 1000L);
            else if (i == 5_001) d.add(i * 1000L, 99);
            else if (i == 5_002) d.addBreak(i * 1000L);
            else d.add(i * 1000L, 1);
        }
        d.finish();
        assertThat(d.size()).isLessThanOrEqualTo(50);
        int breaks = 0, at = -1;
        for (int i = 0; i < d.size(); i++) {
            if (Double.isNaN(d.value(i))) breaks++;
            if (d.value(i) == 99) at = i;
        }
        assertThat(breaks).isEqualTo(2);
        assertThat(at).isPositive();
        assertThat(d.value(at - 1)).isNaN();
        assertThat(d.value(at + 1)).isNaN();
    }

    @Test
    void leavesShortTracesAloneAndSortsLatePoints() {
        Downsampler d = new Downsampler(10);
        d.add(3000, 3);
        d.add(1000, 1);
        d.add(2000, 2);
        d.finish();
        assertThat(d.downsampled()).isFalse();
        assertThat(values(d)).containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void staysWithinTheLimitEvenWithABreakEveryOtherPoint() {
        Downsampler d = new Downsampler(40);
        for (int i = 0; i < 5_000; i++) {
            d.add(i * 2000L, i % 7);
            d.addBreak(i * 2000L + 1000);
        }
        d.finish();
        assertThat(d.size()).isLessThanOrEqualTo(40);
        assertThat(d.mergedBreaks()).isTrue();
        assertThat(values(d)).contains(0.0, 6.0);
    }

    /** The input: a 30-point flat trace at 30 s with a limit of 10 lost its last 4 minutes. */
    @Test
    void aFlatTraceEndsAtItsLastPoint() {
        Downsampler d = new Downsampler(10);
        for (int i = 0; i < 30; i++) d.add(i * 30_000L, 7);
        d.finish();
        assertThat(d.size()).isLessThanOrEqualTo(10);
        assertThat(d.time(0)).isZero();
        assertThat(d.lastTime()).isEqualTo(29 * 30_000L);
        assertThat(values(d)).containsOnly(7.0);
    }

    /** The input: three days at 30 s of a gauge that is flat at the end; the last point is 23:59:30 of day 3. */
    @Test
    void threeDaysOfAGaugeEndAtTheLastScrape() {
        Downsampler d = new Downsampler(2000);
        long day0 = 1_764_374_400_000L; // 2025-11-29T00:00:00Z
        int scrapes = 3 * 2880;
        for (int i = 0; i < scrapes; i++) d.add(day0 + i * 30_000L, i < scrapes - 200 ? i % 5 : 3);
        d.finish();
        assertThat(d.size()).isLessThanOrEqualTo(2000);
        assertThat(d.downsampled()).isTrue();
        assertThat(d.time(0)).isEqualTo(day0);
        assertThat(d.lastTime()).isEqualTo(day0 + 3 * 86_400_000L - 30_000);
        assertThat(d.value(d.size() - 1)).isEqualTo(3);
    }

    /** Each segment between breaks keeps its first and last point, even when every bucket is flat. */
    @Test
    void everySegmentKeepsItsFirstAndLastPoint() {
        Downsampler d = new Downsampler(40);
        List<long[]> ends = new ArrayList<>();
        for (int segment = 0; segment < 5; segment++) {
            long from = segment * 1_000_000L + 1_234, to = from + 700_000;
            for (long ts = from; ts <= to; ts += 1_000) d.add(ts, segment);
            d.addBreak(to + 500);
            ends.add(new long[] {from, to});
        }
        d.finish();
        assertThat(d.size()).isLessThanOrEqualTo(40);
        assertThat(d.mergedBreaks()).isFalse();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) if (!Double.isNaN(d.value(i))) times.add(d.time(i));
        for (long[] e : ends) assertThat(times).contains(e[0], e[1]);
        assertThat(d.lastTime()).isEqualTo(ends.get(4)[1]);
    }

    /** A sawtooth whose last point is neither its bucket's lowest nor highest, fed out of order. */
    @Test
    void theLastPointSurvivesWhenItIsNeitherMinNorMaxAndArrivesEarly() {
        Downsampler d = new Downsampler(16);
        d.add(999 * 60_000L, 4.5); // the newest point, first
        for (int i = 0; i < 999; i++) d.add(i * 60_000L, i % 10);
        d.finish();
        assertThat(d.size()).isLessThanOrEqualTo(16);
        assertThat(d.lastTime()).isEqualTo(999 * 60_000L);
        assertThat(d.value(d.size() - 1)).isEqualTo(4.5);
        assertThat(values(d)).contains(0.0, 9.0);
        for (int i = 1; i < d.size(); i++) assertThat(d.time(i)).isGreaterThan(d.time(i - 1));
    }

    /** With breaks merged to meet the limit, the trace's own first and last point still survive. */
    @Test
    void mergedBreaksStillKeepTheTraceEnds() {
        Downsampler d = new Downsampler(8);
        for (int i = 0; i < 2_000; i++) {
            d.add(i * 2000L, 1);
            d.addBreak(i * 2000L + 1000);
        }
        d.add(4_000_000L, 1);
        d.finish();
        assertThat(d.size()).isLessThanOrEqualTo(8);
        assertThat(d.mergedBreaks()).isTrue();
        assertThat(d.time(0)).isZero();
        assertThat(d.lastTime()).isEqualTo(4_000_000L);
    }

    private static List<Double> values(Downsampler d) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) if (!Double.isNaN(d.value(i))) out.add(d.value(i));
        return out;
    }
}
