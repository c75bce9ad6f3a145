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

    private static List<Double> values(Downsampler d) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) if (!Double.isNaN(d.value(i))) out.add(d.value(i));
        return out;
    }
}
