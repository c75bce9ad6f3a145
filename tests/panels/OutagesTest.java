package panels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import query.LabelMatcher;
import query.SeriesSource;
import query.Staleness;
import query.StoredSeries;

/** Outages from the up series: failed scrapes, stretches without records, the scrape interval. */
public class OutagesTest {
    static StoredSeries up(String instance, long[] t, double[] v) {
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("__name__", "up");
        labels.put("instance", instance);
        return new StoredSeries(labels, t, v);
    }

    @Test
    void failedScrapesAndMissingRecordsAreOutages() {
        // Scrapes every 30 s; two failed at 90 s and 120 s; no record between 210 s and 330 s; the last one failed.
        long[] t = {0, 30_000, 60_000, 90_000, 120_000, 150_000, 180_000, 210_000, 330_000, 360_000, 390_000};
        double[] v = {1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0};
        StoredSeries a = up("a:1", t, v);
        StoredSeries b = up("b:1", new long[] {0, 30_000, 60_000, 61_000}, new double[] {1, 1, 1, Staleness.STALE_NAN});
        SeriesSource source = (List<LabelMatcher> matchers, long min, long max) -> List.of(a, b);
        Outages.Scrapes scrapes = Outages.read(source, 0, 400_000, 15_000);
        assertThat(scrapes.intervalMs()).isEqualTo(30_000);
        assertThat(scrapes.outages()).containsExactly(
                new Outages.Outage("a:1", 90_000, 150_000, true),
                new Outages.Outage("a:1", 210_000, 330_000, false),
                new Outages.Outage("a:1", 390_000, 400_000, true));
    }

    @Test
    void withoutTwoScrapesTheDefaultIntervalIsUsed() {
        SeriesSource source = (m, min, max) -> List.of(up("a:1", new long[] {5}, new double[] {1}));
        assertThat(Outages.read(source, 0, 10, 30_000)).isEqualTo(new Outages.Scrapes(30_000, List.of()));
    }
}
