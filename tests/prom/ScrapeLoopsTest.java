package prom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import query.Staleness;
import record.ScrapeRecord;

/** The series Prometheus 2.42 stores for a stream of scrapes: report series, scrape_series_added, stale markers. */
public class ScrapeLoopsTest {
    static final String URL = "http://gw:9464/metrics";
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    static ScrapeRecord up(int secondsAfter, Map<String, Double> series) {
        return new ScrapeRecord(T0.plusSeconds(secondsAfter), URL, true, 12, "prometheus", 100, null,
                new LinkedHashMap<>(series), Map.of(), Map.of());
    }

    static ScrapeRecord down(int secondsAfter) {
        return ScrapeRecord.failed(T0.plusSeconds(secondsAfter), URL, 7, null, -1, "connection refused");
    }

    /** Each sample as {@code name{labels} value}, stale markers as {@code STALE}. */
    static List<String> shown(List<PrometheusSamples.Sample> samples) {
        return samples.stream().map(s -> s.name() + s.labels().entrySet().stream().filter(e -> !e.getKey().equals("job")
                && !e.getKey().equals("instance")).map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "{", "}"))
                + " " + (Staleness.isStale(s.value()) ? "STALE" : String.valueOf(s.value()))).toList();
    }

    @Test
    void firstScrapeGivesTheFiveReportSeriesThenTheExposedOnes() {
        List<PrometheusSamples.Sample> samples = new ScrapeLoops("coppice", true).next(up(0, Map.of("a{x=\"1\"}", 3.0)));
        assertThat(shown(samples)).containsExactly("up{} 1.0", "scrape_duration_seconds{} 0.012", "scrape_samples_scraped{} 1.0",
                "scrape_samples_post_metric_relabeling{} 1.0", "scrape_series_added{} 1.0", "a{x=1} 3.0");
        assertThat(samples.get(5).labels()).containsEntry("instance", URL).containsEntry("job", "coppice");
        assertThat(samples).allMatch(s -> s.timestampMs() == T0.toEpochMilli());
    }

    @Test
    void aFailedScrapeEndsEverySeriesOfThePreviousScrapeButNotTheReportSeries() {
        ScrapeLoops loops = new ScrapeLoops("coppice", true);
        loops.next(up(0, Map.of("a", 1.0, "b", 2.0)));
        List<PrometheusSamples.Sample> failed = loops.next(down(30));
        assertThat(shown(failed)).containsExactlyInAnyOrder("up{} 0.0", "scrape_duration_seconds{} 0.007", "scrape_samples_scraped{} 0.0",
                "scrape_samples_post_metric_relabeling{} 0.0", "scrape_series_added{} 0.0", "a{} STALE", "b{} STALE");
        assertThat(failed.get(5).timestampMs()).isEqualTo(T0.plusSeconds(30).toEpochMilli());
        // A second failure has nothing left to end; the recovery adds no series: they stayed in the scrape cache.
        assertThat(shown(loops.next(down(60)))).hasSize(5);
        assertThat(shown(loops.next(up(90, Map.of("a", 5.0, "b", 6.0))))).contains("scrape_series_added{} 0.0", "a{} 5.0", "b{} 6.0")
                .noneMatch(s -> s.contains("STALE"));
    }

    @Test
    void aSeriesMissingFromASuccessfulScrapeEndsThereAndCountsAsAddedWhenItReturns() {
        ScrapeLoops loops = new ScrapeLoops("coppice", true);
        loops.next(up(0, Map.of("a", 1.0, "b{s=\"x\"}", 2.0)));
        assertThat(shown(loops.next(up(30, Map.of("a", 1.0, "c", 3.0)))))
                .contains("scrape_series_added{} 1.0", "b{s=x} STALE").doesNotContain("a{} STALE");
        assertThat(shown(loops.next(up(60, Map.of("a", 1.0, "b{s=\"x\"}", 2.0)))))
                .contains("scrape_series_added{} 1.0", "c{} STALE", "b{s=x} 2.0");
    }

    @Test
    void aTargetRestartIsACounterResetNotAnEnd() {
        ScrapeLoops loops = new ScrapeLoops("coppice", true);
        loops.next(up(0, Map.of("requests_total", 500.0)));
        assertThat(shown(loops.next(up(30, Map.of("requests_total", 2.0))))).contains("requests_total{} 2.0", "scrape_series_added{} 0.0")
                .noneMatch(s -> s.contains("STALE"));
    }

    @Test
    void aGapLongerThanTheRestartGapStartsAFreshLoopAsARestartedWatchWould() {
        ScrapeLoops loops = new ScrapeLoops("coppice", true);
        loops.next(up(0, Map.of("a", 1.0, "b", 2.0)));
        int later = (int) (ScrapeLoops.RESTART_GAP_MS / 1000) + 1;
        assertThat(shown(loops.next(up(later, Map.of("a", 1.0))))).contains("scrape_series_added{} 1.0").noneMatch(s -> s.contains("STALE"));
        // Within the gap the history holds: b vanished at the scrape after.
        assertThat(shown(loops.next(up(later + 30, Map.of())))).contains("a{} STALE");
    }

    @Test
    void withoutStaleMarkersNothingEndsAsInBackfilledData() {
        ScrapeLoops loops = new ScrapeLoops("coppice", false);
        loops.next(up(0, Map.of("a", 1.0)));
        assertThat(shown(loops.next(down(30)))).hasSize(5).noneMatch(s -> s.contains("STALE"));
        assertThat(shown(loops.next(up(60, Map.of())))).hasSize(5);
    }

    @Test
    void targetsHaveTheirOwnLoops() {
        ScrapeLoops loops = new ScrapeLoops("coppice", true);
        loops.next(up(0, Map.of("a", 1.0)));
        loops.next(up(0, Map.of("a", 1.0)).withInstance("other"));
        List<PrometheusSamples.Sample> failed = loops.next(down(30).withInstance("other"));
        assertThat(failed.get(5).labels()).containsEntry("instance", "other");
        assertThat(shown(loops.next(up(30, Map.of("a", 2.0))))).contains("scrape_series_added{} 0.0").noneMatch(s -> s.contains("STALE"));
    }

    @Test
    void keysThatAreOneSeriesKeepTheFirstSampleAndCountAllInSamplesScraped() {
        ScrapeLoops loops = new ScrapeLoops("coppice", true);
        Map<String, Double> series = new LinkedHashMap<>();
        series.put("a{x=\"\"}", 1.0);
        series.put("a", 2.0);
        assertThat(shown(loops.next(up(0, series)))).contains("scrape_samples_scraped{} 2.0", "scrape_series_added{} 1.0", "a{} 1.0")
                .doesNotContain("a{} 2.0");
    }

    @Test
    void aScrapeWithThePreviousKeysAddsNothingEndsNothingAndKeepsTheFirstOfRepeatedKeys() {
        ScrapeLoops loops = new ScrapeLoops("coppice", true);
        Map<String, Double> series = new LinkedHashMap<>();
        series.put("a{x=\"\"}", 1.0);
        series.put("a", 2.0);
        series.put("b", 3.0);
        loops.next(up(0, series));
        series.replaceAll((k, v) -> v + 10);
        // The same keys again: the answer of the general path, without a series added or ended.
        assertThat(shown(loops.next(up(30, series)))).containsExactly("up{} 1.0", "scrape_duration_seconds{} 0.012",
                "scrape_samples_scraped{} 3.0", "scrape_samples_post_metric_relabeling{} 3.0", "scrape_series_added{} 0.0", "a{} 11.0", "b{} 13.0");
        // Then one key less, and back: the cache the same-keys scrape left is the general path's.
        assertThat(shown(loops.next(up(60, Map.of("a", 5.0))))).contains("scrape_series_added{} 0.0", "b{} STALE");
        assertThat(shown(loops.next(up(90, series)))).contains("scrape_series_added{} 1.0", "a{} 11.0", "b{} 13.0")
                .noneMatch(s -> s.contains("STALE"));
        assertThat(shown(loops.next(down(120)))).contains("a{} STALE", "b{} STALE");
        assertThat(shown(loops.next(up(150, series)))).contains("scrape_series_added{} 0.0").noneMatch(s -> s.contains("STALE"));
    }

    @Test
    void aMalformedKeyIsRefusedAndLeavesTheHistoryAsItWas() {
        ScrapeLoops loops = new ScrapeLoops("coppice", true);
        loops.next(up(0, Map.of("a", 1.0)));
        assertThatThrownBy(() -> loops.next(up(30, Map.of("b{x=1}", 1.0)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed series key");
        assertThat(shown(loops.next(up(60, Map.of())))).contains("a{} STALE");
    }

    @Test
    void theStaleMarkerHasPrometheusBitsAndIsNotAnOrdinaryNaN() {
        ScrapeLoops loops = new ScrapeLoops("coppice", true);
        loops.next(up(0, Map.of("a", Double.NaN)));
        List<PrometheusSamples.Sample> failed = loops.next(down(30));
        assertThat(Double.doubleToRawLongBits(failed.get(5).value())).isEqualTo(0x7ff0000000000002L);
        assertThat(Staleness.isStale(Double.NaN)).isFalse();
    }
}
