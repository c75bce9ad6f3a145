package queryio;

import static org.assertj.core.api.Assertions.assertThat;

import days.RecordTimes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import query.LabelMatcher;
import query.Staleness;
import query.StoredSeries;
import record.RecordCodec;
import record.ScrapeRecord;

/** The day files as the series Prometheus 2.42 would have stored: mapping, staleness, order, and which days are read. */
public class DayFileStorageTest {
    static final String URL = "http://gw:9464/metrics";
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path data;

    final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    DayFileStorage storage(boolean stale) {
        return new DayFileStorage(data, "coppice", stale, new RecordTimes(Clock.fixed(T0.plus(Duration.ofDays(30)), ZoneOffset.UTC),
                RecordTimes.DEFAULT_ALLOWANCE), new PrintStream(warnings, true, StandardCharsets.UTF_8));
    }

    void write(ScrapeRecord... records) throws IOException {
        for (ScrapeRecord r : records) {
            Path file = days.DayFiles.fileFor(data, r.ts());
            Files.write(file, RecordCodec.line(r), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    static ScrapeRecord up(long secondsAfter, Map<String, Double> series) {
        return new ScrapeRecord(T0.plusSeconds(secondsAfter), URL, true, 20, "prometheus", 100, null, new LinkedHashMap<>(series), Map.of(), Map.of());
    }

    static ScrapeRecord down(long secondsAfter) {
        return ScrapeRecord.failed(T0.plusSeconds(secondsAfter), URL, 5, null, -1, "connection refused");
    }

    static List<LabelMatcher> name(String metric) {
        return List.of(LabelMatcher.of("__name__", LabelMatcher.Op.EQ, metric));
    }

    /** The samples of the one series selected, as {@code seconds-after-T0=value} with stale markers as {@code STALE}. */
    static List<String> samples(List<StoredSeries> selected) {
        assertThat(selected).hasSize(1);
        StoredSeries s = selected.get(0);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.timestampsMs().length; i++) {
            out.add((s.timestampsMs()[i] - T0.toEpochMilli()) / 1000 + "=" + (Staleness.isStale(s.values()[i]) ? "STALE" : s.values()[i]));
        }
        return out;
    }

    @Test
    void seriesCarryTheTargetLabelsAndTheNameAndReportSeriesAreStored() throws IOException {
        write(up(0, Map.of("requests_total{code=\"200\"}", 5.0)), down(30));
        List<StoredSeries> selected = storage(true).select(name("requests_total"), 0, Long.MAX_VALUE / 2);
        assertThat(selected.get(0).labels()).containsExactly(Map.entry("__name__", "requests_total"), Map.entry("code", "200"),
                Map.entry("instance", URL), Map.entry("job", "coppice"));
        assertThat(samples(storage(true).select(name("up"), 0, Long.MAX_VALUE / 2))).containsExactly("0=1.0", "30=0.0");
        assertThat(samples(storage(true).select(name("scrape_duration_seconds"), 0, Long.MAX_VALUE / 2))).containsExactly("0=0.02", "30=0.005");
        assertThat(samples(storage(true).select(name("scrape_samples_scraped"), 0, Long.MAX_VALUE / 2))).containsExactly("0=1.0", "30=0.0");
        assertThat(samples(storage(true).select(name("scrape_series_added"), 0, Long.MAX_VALUE / 2))).containsExactly("0=1.0", "30=0.0");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aFailedScrapeAndAVanishedSeriesEndWithStaleMarkersUnlessStalenessIsOff() throws IOException {
        write(up(0, Map.of("a", 1.0, "b", 2.0)), down(30), up(60, Map.of("a", 3.0, "b", 4.0)), up(90, Map.of("a", 5.0)), up(120, Map.of("a", 6.0)));
        assertThat(samples(storage(true).select(name("a"), 0, Long.MAX_VALUE / 2))).containsExactly("0=1.0", "30=STALE", "60=3.0", "90=5.0", "120=6.0");
        assertThat(samples(storage(true).select(name("b"), 0, Long.MAX_VALUE / 2))).containsExactly("0=2.0", "30=STALE", "60=4.0", "90=STALE");
        assertThat(samples(storage(false).select(name("b"), 0, Long.MAX_VALUE / 2))).containsExactly("0=2.0", "60=4.0");
    }

    @Test
    void aRestartedTargetIsACounterResetAndARestartedWatchAfterAGapStartsAFreshLoop() throws IOException {
        long gap = Duration.ofHours(1).toSeconds();
        write(up(0, Map.of("c_total", 100.0, "old", 1.0)), up(30, Map.of("c_total", 2.0, "old", 1.0)),
                up(gap, Map.of("c_total", 7.0)), up(gap + 30, Map.of("c_total", 8.0)));
        assertThat(samples(storage(true).select(name("c_total"), 0, Long.MAX_VALUE / 2)))
                .containsExactly("0=100.0", "30=2.0", gap + "=7.0", (gap + 30) + "=8.0");
        // No stale marker for "old" an hour later: a restarted watch (and its remote writer) starts with no history.
        assertThat(samples(storage(true).select(name("old"), 0, Long.MAX_VALUE / 2))).containsExactly("0=1.0", "30=1.0");
        assertThat(samples(storage(true).select(name("scrape_series_added"), 0, Long.MAX_VALUE / 2)))
                .containsExactly("0=2.0", "30=0.0", gap + "=1.0", (gap + 30) + "=0.0");
    }

    @Test
    void theRangeKeepsOnlyItsSamplesButTheRecordsJustBeforeItDecideItsStaleMarkers() throws IOException {
        write(up(0, Map.of("a", 1.0, "b", 2.0)), up(30, Map.of("a", 1.0)), up(60, Map.of("a", 1.0)));
        long from = T0.plusSeconds(30).toEpochMilli();
        assertThat(samples(storage(true).select(name("b"), from, T0.plusSeconds(60).toEpochMilli()))).containsExactly("30=STALE");
        assertThat(samples(storage(true).select(name("scrape_series_added"), from, from))).containsExactly("30=0.0");
        assertThat(storage(true).select(name("a"), T0.plusSeconds(90).toEpochMilli(), T0.plusSeconds(900).toEpochMilli())).isEmpty();
    }

    @Test
    void matchersSelectByAnyLabelAndAMissingLabelMatchesTheEmptyString() throws IOException {
        write(up(0, Map.of("r{code=\"200\"}", 1.0, "r{code=\"500\"}", 2.0, "r", 3.0)));
        assertThat(storage(true).select(List.of(LabelMatcher.of("__name__", LabelMatcher.Op.EQ, "r"),
                LabelMatcher.of("code", LabelMatcher.Op.RE, "5..")), 0, Long.MAX_VALUE / 2)).hasSize(1);
        assertThat(storage(true).select(List.of(LabelMatcher.of("__name__", LabelMatcher.Op.EQ, "r"),
                LabelMatcher.of("code", LabelMatcher.Op.EQ, "")), 0, Long.MAX_VALUE / 2)).hasSize(1);
        assertThat(storage(true).select(List.of(LabelMatcher.of("job", LabelMatcher.Op.EQ, "coppice")), 0, Long.MAX_VALUE / 2))
                .hasSize(5 + 3);
    }

    @Test
    void aClockStepBackAndImpossibleDatesAreReadByTheRuleThePageAndTheExportUse() throws IOException {
        // The clock stepped back from 60 to 30: the record it wrote ahead (60=2) is left out, as days.RecordOrder says.
        write(up(0, Map.of("a", 1.0)), up(60, Map.of("a", 2.0)), up(30, Map.of("a", 9.0)), up(60, Map.of("a", 9.0)), up(90, Map.of("a", 3.0)));
        Files.write(days.DayFiles.fileFor(data, T0), RecordCodec.line(up(Duration.ofDays(400).toSeconds(), Map.of("a", 9.0))), StandardOpenOption.APPEND);
        assertThat(samples(storage(true).select(name("a"), 0, Long.MAX_VALUE / 2))).containsExactly("0=1.0", "30=9.0", "60=9.0", "90=3.0");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).contains("query: warning: ").contains("clock stepped back 1 time");
    }

    @Test
    void onlyTheDaysTheRangeNeedsAreReadAndBadLinesAreNamedOnce() throws IOException {
        long noon3 = Duration.ofDays(2).plusHours(12).toSeconds();
        write(up(0, Map.of("a", 1.0)), up(noon3, Map.of("a", 2.0)));
        Files.writeString(data.resolve("2026-12-02.jsonl.gz"), "not gzip"); // the day between: not needed
        long day3 = T0.plusSeconds(noon3).toEpochMilli();
        assertThat(samples(storage(true).select(name("a"), day3, day3))).containsExactly(noon3 + "=2.0");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        Files.writeString(data.resolve("2026-12-03.jsonl"), "{broken\n", StandardOpenOption.APPEND);
        DayFileStorage storage = storage(true);
        storage.select(name("a"), day3, day3);
        storage.select(name("a"), day3, day3);
        assertThat(warnings.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .startsWith("query: warning: ").contains("2026-12-03.jsonl:2: skipped, not a record");
    }
}
