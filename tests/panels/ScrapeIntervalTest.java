package panels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import query.LabelMatcher;
import query.SeriesSource;
import query.Staleness;
import query.StoredSeries;

/** The panels' step follows the targets' scrape interval, read from their up series. */
public class ScrapeIntervalTest {
    static StoredSeries up(String instance, long[] t, double[] v) {
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("__name__", "up");
        labels.put("instance", instance);
        return new StoredSeries(labels, t, v);
    }

    @Test
    void theIntervalIsTheMedianTimeBetweenScrapesOfOneTargetStaleMarkersSkipped() {
        // Every 30 s with one hole of 120 s; the other target's stale marker 1 s after its last scrape is no scrape.
        StoredSeries a = up("a:1", new long[] {0, 30_000, 60_000, 90_000, 210_000, 240_000}, new double[] {1, 0, 1, 1, 1, 0});
        StoredSeries b = up("b:1", new long[] {0, 30_000, 60_000, 61_000}, new double[] {1, 1, 1, Staleness.STALE_NAN});
        SeriesSource source = (List<LabelMatcher> matchers, long min, long max) -> List.of(a, b);
        assertThat(PanelPages.scrapeIntervalMs(source, 0, 400_000, 15_000)).isEqualTo(30_000);
    }

    @Test
    void withoutTwoScrapesOfOneTargetTheFallbackIsUsed() {
        SeriesSource source = (m, min, max) -> List.of(up("a:1", new long[] {5}, new double[] {1}), up("b:1", new long[] {9}, new double[] {1}));
        assertThat(PanelPages.scrapeIntervalMs(source, 0, 10, 30_000)).isEqualTo(30_000);
    }
}
