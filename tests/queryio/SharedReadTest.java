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
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import query.PromQL;
import query.QueryOptions;
import query.SeriesSource;
import record.RecordCodec;
import record.ScrapeRecord;

/**
 * The selectors of one expression share one read of the days: each day file is opened once per query, and the
 * answers are those of one read per selector (the engine without {@link SeriesSource#plan}).
 */
public class SharedReadTest {
    static final String URL = "http://gw:9464/metrics";
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final long START = T0.plus(Duration.ofHours(1)).toEpochMilli();
    static final long END = T0.plus(Duration.ofDays(3)).minusSeconds(300).toEpochMilli();
    static final long STEP = Duration.ofMinutes(50).toMillis();

    @TempDir
    Path data;

    final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    DayFileStorage storage() {
        return new DayFileStorage(data, "coppice", true, new RecordTimes(Clock.fixed(T0.plus(Duration.ofDays(30)), ZoneOffset.UTC),
                RecordTimes.DEFAULT_ALLOWANCE), new PrintStream(warnings, true, StandardCharsets.UTF_8));
    }

    /** Three days of scrapes every 5 minutes: two counters, a gauge that comes and goes, failed scrapes, a record out of order. */
    @BeforeEach
    void writeThreeDays() throws IOException {
        for (long s = 0; s < Duration.ofDays(3).toSeconds(); s += 300) {
            long i = s / 300;
            ScrapeRecord r;
            if (i % 97 == 50) {
                r = ScrapeRecord.failed(T0.plusSeconds(s), URL, 5, null, -1, "connection refused");
            } else {
                Map<String, Double> series = new LinkedHashMap<>();
                series.put("req_total{code=\"200\"}", (double) (i % 400) * 3);
                series.put("req_total{code=\"500\"}", (double) (i / 7));
                series.put("err_total", (double) (i / 11));
                if (i % 50 < 30) series.put("sandbox_cpu{sandbox=\"s" + (i / 50) + "\"}", (double) (i % 13));
                r = new ScrapeRecord(T0.plusSeconds(s), URL, true, 20 + i % 9, "prometheus", 100 + i % 3, null, series, Map.of(), Map.of());
            }
            write(r);
            if (i == 400) write(new ScrapeRecord(T0.plusSeconds(s - 600), URL, true, 1, "prometheus", 1, null, Map.of("err_total", 1e9), Map.of(), Map.of()));
        }
    }

    void write(ScrapeRecord r) throws IOException {
        Files.write(days.DayFiles.fileFor(data, r.ts()), RecordCodec.line(r), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The CSV answer of a range query, and how many day files the storage opened for it. */
    record Answer(String csv, int filesOpened) {}

    Answer planned(String expression) {
        DayFileStorage storage = storage();
        String csv = AnswerText.csv(PromQL.range(storage, expression, START, END, STEP, QueryOptions.DEFAULT));
        return new Answer(csv, storage.filesOpened());
    }

    /** The same query with one read per selector: the engine is not told the selects ahead. */
    Answer oneReadPerSelector(String expression) {
        DayFileStorage storage = storage();
        SeriesSource unplanned = storage::select;
        String csv = AnswerText.csv(PromQL.range(unplanned, expression, START, END, STEP, QueryOptions.DEFAULT));
        return new Answer(csv, storage.filesOpened());
    }

    @Test
    void anExpressionWithThreeSelectorsReadsEachDayOnceAndAnswersAsOneReadPerSelector() {
        String expression = "sum(rate(err_total[30m])) / sum(rate(req_total[30m])) + count(up)";
        Answer shared = planned(expression);
        Answer apart = oneReadPerSelector(expression);
        assertThat(shared.filesOpened()).isEqualTo(3);
        assertThat(apart.filesOpened()).isEqualTo(9);
        assertThat(shared.csv()).isEqualTo(apart.csv()).contains("\n");
        assertThat(shared.csv().lines().count()).isGreaterThan(80);
    }

    @Test
    void selectsOverOtherRangesAnswerAsTheirOwnRead() {
        for (String expression : new String[] {
                "rate(req_total[30m]) - rate(req_total[30m] offset 1h)",
                "sum(scrape_series_added) + sum(avg_over_time(scrape_series_added[2h]))",
                "sum by (sandbox) (avg_over_time(sandbox_cpu[1h])) / sum(sandbox_cpu)",
                "sum(scrape_duration_seconds) + sum(scrape_samples_scraped) * sum(max_over_time(up[1h]))",
                "count({__name__=~\"req_total|sandbox_cpu\"}) + count(sandbox_cpu offset 30m)"}) {
            Answer shared = planned(expression);
            Answer apart = oneReadPerSelector(expression);
            assertThat(shared.csv()).as(expression).isEqualTo(apart.csv());
            // Selects ending elsewhere (offset) and scrape_series_added starting later read alone; never more often.
            assertThat(shared.filesOpened()).as(expression).isLessThanOrEqualTo(apart.filesOpened());
        }
    }

    @Test
    void aSingleSelectorReadsItsDaysOnce() {
        assertThat(planned("rate(req_total[30m])").filesOpened()).isEqualTo(3);
        // The one record written 600 s back is the data's only fault: RecordOrder names the step, nothing else is warned of.
        assertThat(warnings.toString(StandardCharsets.UTF_8)).startsWith("query: warning: a target's clock stepped back 1 time")
                .doesNotContain("not a record");
    }
}
