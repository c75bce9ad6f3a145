package page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import record.CompactRecord;
import record.SeriesKey;

class ChartBuilderTest {
    private static final String CREATED = "coppice_sandboxes_created_total";
    private static final String ALIVE = "coppice_sandboxes_alive";

    private final Map<String, String> types = new HashMap<>();
    private final ChartBuilder builder = new ChartBuilder(2000, 100, types);

    private void up(long seconds, Object... keyValues) {
        builder.accept(support.Scrapes.compactUp(seconds, keyValues));
    }

    private void down(long seconds) {
        builder.accept(new CompactRecord(seconds * 1000, false, new String[0], new double[0], null));
    }

    /** The trace as [seconds, value] pairs, a break as [seconds, NaN]. */
    private List<double[]> trace(String chartId, String traceName) {
        builder.finish();
        return points(builder.charts(), chartId, traceName);
    }

    /** The named trace of the chart with that id or title, as [seconds, value] pairs. */
    static List<double[]> points(List<Chart> charts, String chartId, String traceName) {
        for (Chart c : charts) {
            if (!c.id.equals(chartId) && !c.title.equals(chartId)) continue;
            for (Trace t : c.traces()) {
                if (!t.name.equals(traceName)) continue;
                List<double[]> out = new ArrayList<>();
                for (int i = 0; i < t.points.size(); i++) out.add(new double[] {t.points.time(i) / 1000.0, t.points.value(i)});
                return out;
            }
        }
        throw new AssertionError("no trace " + traceName + " in chart " + chartId);
    }

    @Test
    void counterRateIsIncreasePerSecondAndTheFirstSampleHasNone() {
        up(0, CREATED, 10);
        up(30, CREATED, 40);
        up(60, CREATED, 40);
        up(90, CREATED, 100);
        assertThat(trace(CREATED, CREATED)).containsExactly(new double[] {30, 1.0}, new double[] {60, 0.0}, new double[] {90, 2.0});
    }

    @Test
    void counterResetCountsTheNewValueAsTheIncrease() {
        up(0, CREATED, 100);
        up(30, CREATED, 130);
        up(60, CREATED, 15);
        assertThat(trace(CREATED, CREATED)).containsExactly(new double[] {30, 1.0}, new double[] {60, 0.5});
    }

    @Test
    void staleSeriesBreaksTheLineAndTheNextSampleHasNoRate() {
        up(0, CREATED, 0, ALIVE, 1);
        up(30, CREATED, 30, ALIVE, 1);
        up(60, ALIVE, 1);
        up(90, CREATED, 60, ALIVE, 1);
        up(120, CREATED, 120, ALIVE, 1);
        List<double[]> t = trace(CREATED, CREATED);
        assertThat(t).hasSize(3);
        assertThat(t.get(0)).containsExactly(30, 1.0);
        assertThat(t.get(1)[0]).isEqualTo(60);
        assertThat(t.get(1)[1]).isNaN();
        assertThat(t.get(2)).containsExactly(120, 2.0);
    }

    @Test
    void failedScrapeBreaksEveryLine() {
        up(0, CREATED, 0, ALIVE, 1);
        up(30, CREATED, 30, ALIVE, 2);
        down(60);
        up(90, CREATED, 90, ALIVE, 3);
        up(120, CREATED, 150, ALIVE, 4);
        List<double[]> rate = trace(CREATED, CREATED);
        assertThat(rate).hasSize(3);
        assertThat(rate.get(1)[1]).isNaN();
        assertThat(rate.get(2)).containsExactly(120, 2.0);
        List<double[]> gauge = trace(ALIVE, ALIVE);
        assertThat(gauge).hasSize(5);
        assertThat(gauge.get(2)[0]).isEqualTo(60);
        assertThat(gauge.get(2)[1]).isNaN();
        assertThat(builder.failed()).isEqualTo(1);
        assertThat(builder.samples()).isEqualTo(4);
    }

    @Test
    void gapLongerThanTwoAndAHalfMediansBreaksTheLine() {
        for (int t = 0; t <= 90; t += 30) up(t, CREATED, t);
        up(300, CREATED, 300);
        up(330, CREATED, 360);
        List<double[]> rate = trace(CREATED, CREATED);
        // rates at 30, 60, 90; a break in the middle of the gap; no rate at 300; 2/s at 330
        assertThat(rate).hasSize(5);
        assertThat(rate.get(3)[0]).isEqualTo(195);
        assertThat(rate.get(3)[1]).isNaN();
        assertThat(rate.get(4)).containsExactly(330, 2.0);
        assertThat(builder.gaps()).isEqualTo(1);
    }

    @Test
    void intervalWithinTwoAndAHalfMediansIsNotAGap() {
        for (int t = 0; t <= 90; t += 30) up(t, CREATED, t);
        up(160, CREATED, 160);
        assertThat(trace(CREATED, CREATED)).hasSize(4).allSatisfy(p -> assertThat(p[1]).isEqualTo(1.0));
        assertThat(builder.gaps()).isZero();
    }

    @Test
    void isolatedGaugePointSurvivesBetweenBreaks() {
        up(0, "x", 1);
        up(30, "x", 1, ALIVE, 7);
        up(60, "x", 1);
        List<double[]> gauge = trace(ALIVE, ALIVE);
        assertThat(gauge).containsExactly(new double[] {30, 7});
    }

    @Test
    void uptimeGoingDownMarksARestartAtItsStartTime() {
        up(0, "coppice_uptime_seconds", 100);
        up(30, "coppice_uptime_seconds", 130);
        up(60, "coppice_uptime_seconds", 10);
        up(90, "coppice_uptime_seconds", 40);
        assertThat(builder.restarts()).containsExactly(50_000L);
    }

    @Test
    void histogramQuantilesComeFromBucketIncreasesPerInterval() {
        types.put("req_seconds", "histogram");
        String[] le = {"0.1", "0.5", "1", "+Inf"};
        Object[] first = new Object[8], second = new Object[8];
        double[] before = {5, 5, 5, 5}, after = {15, 65, 95, 105};
        for (int i = 0; i < 4; i++) {
            String key = SeriesKey.of("req_seconds_bucket", List.of("le", le[i], "path", "/x"));
            first[2 * i] = key;
            first[2 * i + 1] = before[i];
            second[2 * i] = key;
            second[2 * i + 1] = after[i];
        }
        up(0, first);
        up(30, second);
        // increases 10, 60, 90, 100: p50 = 0.42, p90 = 1.0, p99 = 1.0 (in +Inf: highest finite bound)
        assertThat(trace("req_seconds", "p50 {path=\"/x\"}").get(0)[1]).isCloseTo(0.42, within(1e-12));
        assertThat(trace("req_seconds", "p90 {path=\"/x\"}").get(0)[1]).isCloseTo(1.0, within(1e-12));
        assertThat(trace("req_seconds", "p99 {path=\"/x\"}").get(0)[1]).isEqualTo(1.0);
    }

    @Test
    void otherCountersByTypeOrSuffixAreRatesAndGaugesRaw() {
        types.put("jobs", "counter");
        up(0, "jobs", 0, "queue_depth", 4, "bytes_total", 0);
        up(10, "jobs", 50, "queue_depth", 6, "bytes_total", 1000);
        assertThat(trace("jobs", "jobs")).containsExactly(new double[] {10, 5.0});
        assertThat(trace("bytes_total", "bytes_total")).containsExactly(new double[] {10, 100.0});
        assertThat(trace("queue_depth", "queue_depth")).containsExactly(new double[] {0, 4}, new double[] {10, 6});
    }

    @Test
    void aDeclaredGaugeNamedTotalIsDrawnAsRecordedNotAsARate() {
        // Issue 10: text 0.0.4 "# TYPE scheduler_configs_total gauge"; the drop 7 -> 4 is not a counter reset.
        types.put("scheduler_configs_total", "gauge");
        long[] at = {0, 30, 60, 90, 120};
        double[] v = {5, 7, 4, 6, 6};
        for (int i = 0; i < at.length; i++) up(at[i], "scheduler_configs_total", v[i]);
        assertThat(trace("scheduler_configs_total", "scheduler_configs_total")).containsExactly(new double[] {0, 5}, new double[] {30, 7},
                new double[] {60, 4}, new double[] {90, 6}, new double[] {120, 6});
        Chart chart = builder.charts().stream().filter(c -> c.title.equals("scheduler_configs_total")).findFirst().orElseThrow();
        assertThat(chart.subtitle).isEqualTo("gauge, as recorded");
        assertThat(builder.guessedTypes()).isEmpty();
    }

    @Test
    void anOpenMetricsGaugeWithLabelsNamedTotalIsAGaugeAndAnUntypedTotalIsAGuessedCounter() {
        types.put("pool_slots_total", "gauge"); // OpenMetrics: the family is the sample name for a gauge
        types.put("legacy_total", "untyped");
        up(0, "pool_slots_total{pool=\"a\"}", 10, "legacy_total", 100, "plain_total", 0);
        up(30, "pool_slots_total{pool=\"a\"}", 3, "legacy_total", 40, "plain_total", 60);
        up(60, "pool_slots_total{pool=\"a\"}", 8, "legacy_total", 70, "plain_total", 90);
        assertThat(trace("pool_slots_total", "{pool=\"a\"}")).containsExactly(new double[] {0, 10}, new double[] {30, 3}, new double[] {60, 8});
        // Untyped: the name's _total is the only hint, so a drop is a reset (40 is the increase) and the page says so.
        assertThat(trace("legacy_total", "legacy_total")).containsExactly(new double[] {30, 40.0 / 30}, new double[] {60, 1.0});
        assertThat(trace("plain_total", "plain_total")).containsExactly(new double[] {30, 2.0}, new double[] {60, 1.0});
        Chart legacy = builder.charts().stream().filter(c -> c.title.equals("legacy_total")).findFirst().orElseThrow();
        assertThat(legacy.subtitle).isEqualTo("untyped; drawn as a counter because its name ends in _total and it never went down but "
                + "by a counter reset: rate per second");
        assertThat(legacy.guessed).isEqualTo("counter");
        assertThat(builder.guessedTypes()).containsExactly("legacy_total", "plain_total");
    }

    @Test
    void anUntypedTotalThatGoesDownOtherThanByACounterResetIsDrawnAsRecordedAndNotGuessed() {
        // sessions_total goes from 120 to 90 (more than half of 120: no reset); resets_total drops from 100 to 2 (a reset).
        up(0, "sessions_total", 100, "resets_total", 100);
        up(30, "sessions_total", 120, "resets_total", 2);
        up(60, "sessions_total", 90, "resets_total", 32);
        builder.finish();
        Chart sessions = builder.charts().stream().filter(c -> c.title.equals("sessions_total")).findFirst().orElseThrow();
        assertThat(sessions.subtitle).isEqualTo("untyped, as recorded: its name ends in _total, but it went down other than by a counter reset");
        assertThat(sessions.guessed).isNull();
        assertThat(trace("sessions_total", "sessions_total")).containsExactly(new double[] {0, 100}, new double[] {30, 120}, new double[] {60, 90});
        assertThat(trace("resets_total", "resets_total")).containsExactly(new double[] {30, 2.0 / 30}, new double[] {60, 1.0});
        assertThat(builder.guessedTypes()).containsExactly("resets_total");
        assertThat(SeriesState.notACounter(100, -1)).as("a counter is never negative").isTrue();
        assertThat(SeriesState.notACounter(100, 2)).isFalse();
        assertThat(SeriesState.notACounter(1000, 990)).isTrue();
        assertThat(SeriesState.notACounter(1000, 500)).isFalse();
    }

    @Test
    void aTextFormatCounterDeclaredUnderItsSampleNameIsARateAndAStatesetAGauge() {
        types.put("jobs_done_total", "counter"); // text 0.0.4 names the sample
        types.put("feature", "stateset");
        up(0, "jobs_done_total", 100, "feature{feature=\"x\"}", 1);
        up(30, "jobs_done_total", 10, "feature{feature=\"x\"}", 0);
        assertThat(trace("jobs_done_total", "jobs_done_total")).containsExactly(new double[] {30, 10.0 / 30});
        assertThat(trace("feature", "{feature=\"x\"}")).containsExactly(new double[] {0, 1}, new double[] {30, 0});
        assertThat(builder.guessedTypes()).isEmpty();
    }

    @Test
    void aHistogramWithoutInfBucketIsDrawnAsBucketRatesWithANote() {
        types.put("lat_seconds", "histogram");
        String b1 = SeriesKey.of("lat_seconds_bucket", List.of("le", "0.5"));
        String b2 = SeriesKey.of("lat_seconds_bucket", List.of("le", "1"));
        up(0, b1, 10, b2, 20);
        up(30, b1, 40, b2, 80);
        up(60, b1, 40, b2, 5); // a reset: 5 is the increase
        assertThat(trace("lat_seconds", "le=\"0.5\"")).containsExactly(new double[] {30, 1.0}, new double[] {60, 0.0});
        assertThat(trace("lat_seconds", "le=\"1\"")).containsExactly(new double[] {30, 2.0}, new double[] {60, 5.0 / 30});
        Chart chart = builder.charts().stream().filter(c -> c.title.equals("lat_seconds")).findFirst().orElseThrow();
        assertThat(chart.note).isEqualTo(HistogramGroup.NO_INF_NOTE);
    }

    @Test
    void anUntypedBucketFamilyWithoutInfKeepsItsLabelsAndBreaksAtAFailedScrape() {
        String a = SeriesKey.of("io_bytes_bucket", List.of("dev", "sda", "le", "4096"));
        up(0, a, 0);
        up(30, a, 300);
        down(60);
        up(90, a, 600);
        up(120, a, 900);
        assertThat(trace("io_bytes", "le=\"4096\" {dev=\"sda\"}")).extracting(p -> p[1])
                .containsExactly(10.0, Double.NaN, 10.0);
        assertThat(builder.guessedTypes()).containsExactly("io_bytes");
    }

    @Test
    void chartKeepsOnlyTheMostRecentlyActiveTraces() {
        ChartBuilder small = new ChartBuilder(100, 3, types);
        for (int i = 0; i < 10; i++) {
            String key = "coppice_sandbox_cpu_percent{sandbox=\"" + String.format("%012x", i) + "f".repeat(20) + "\"}";
            small.accept(new CompactRecord(i * 30_000L, true, new String[] {key}, new double[] {i}, null));
        }
        small.finish();
        Chart cpu = small.charts().stream().filter(c -> c.title.equals("coppice_sandbox_cpu_percent")).findFirst().orElseThrow();
        assertThat(cpu.traces()).extracting(t -> t.name).containsExactlyInAnyOrder("{sandbox=\"000000000007" + "f".repeat(20) + "\"}",
                "{sandbox=\"000000000008" + "f".repeat(20) + "\"}", "{sandbox=\"000000000009" + "f".repeat(20) + "\"}");
        assertThat(cpu.distinctTraces()).isEqualTo(10);
    }

    /** The inputs: a 30-point flat gauge and a steady counter with --max-points 10 end at the last scrape. */
    @Test
    void everyLiveTraceEndsAtTheLastRecordWhenDownsampled() {
        ChartBuilder small = new ChartBuilder(10, 100, types);
        for (int i = 0; i < 30; i++) {
            small.accept(new CompactRecord(i * 30_000L, true, new String[] {ALIVE, CREATED, "queue_depth"},
                    new double[] {2, i * 15, i < 20 ? i % 4 : 1}, null));
        }
        small.finish();
        for (String[] chartTrace : new String[][] {{ALIVE, ALIVE}, {CREATED, CREATED}, {"queue_depth", "queue_depth"}}) {
            List<double[]> t = points(small.charts(), chartTrace[0], chartTrace[1]);
            assertThat(t.size()).as(chartTrace[1]).isLessThanOrEqualTo(10);
            assertThat(t.get(t.size() - 1)[0]).as("last time of " + chartTrace[1]).isEqualTo(29 * 30);
        }
        assertThat(points(small.charts(), CREATED, CREATED)).allSatisfy(p -> assertThat(p[1]).isEqualTo(0.5));
        assertThat(points(small.charts(), "queue_depth", "queue_depth").get(0)).containsExactly(0, 0);
    }

    /** Three days at 30 s, the case: the gauge chart ends at 23:59:30 of the third day, not a bucket earlier. */
    @Test
    void threeDaysOfScrapesEndAtTheLastOne() {
        long day0 = 1_764_374_400L; // 2025-11-29T00:00:00Z, seconds
        for (int i = 0; i < 3 * 2880; i++) up(day0 + i * 30L, ALIVE, i % 7 == 0 ? 1 : 3, CREATED, i * 10L);
        builder.finish();
        for (String[] chartTrace : new String[][] {{ALIVE, ALIVE}, {CREATED, CREATED}}) {
            List<double[]> t = points(builder.charts(), chartTrace[0], chartTrace[1]);
            assertThat(t.size()).isLessThanOrEqualTo(2000);
            assertThat((long) t.get(t.size() - 1)[0]).as(chartTrace[1]).isEqualTo(day0 + 3 * 86_400 - 30);
        }
        assertThat(points(builder.charts(), CREATED, CREATED)).allSatisfy(p -> assertThat(p[1]).isEqualTo(1 / 3.0));
    }
}
