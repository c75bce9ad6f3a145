package panels;

import static org.assertj.core.api.Assertions.assertThat;

import days.RecordTimes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import page.Renderer;
import query.QueryOptions;
import queryio.DayFileStorage;
import record.RecordCodec;
import record.ScrapeRecord;

/**
 * The panels fed from the page's own read ({@link PanelFeed}) answer as the engine does over the day files
 * ({@code PromQL.range} over {@link DayFileStorage}, the query command's storage) at the same window: evaluated a
 * chunk of steps at a time as the records pass, from an estimated window or after reading the files again, and on a
 * live page one new step at a time.
 */
public class PanelFeedTest {
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    static final String URL = "http://gw:9464/metrics";

    @TempDir
    Path data;

    /** Rates, a sum over a vanishing series, a gauge, up, and a subquery: look-backs from 5 minutes to an hour. */
    static PanelSet set() throws Exception {
        return PanelSetReader.read("""
                name: team
                panels:
                  - title: Requests
                    unit: per second
                    queries:
                      - expr: rate(requests_total[$__rate_interval])
                        legend: "{{instance}} {{code}}"
                      - expr: sum(increase(requests_total[1h]))
                  - title: Queue
                    unit: count
                    queries:
                      - expr: queue_depth
                      - expr: max_over_time(queue_depth[10m:1m])
                      - expr: up
                  - title: Temporary
                    unit: count
                    queries:
                      - expr: temporary_items
                """, "team.yaml");
    }

    /**
     * {@code minutes} of 30-second scrapes from T0 (plus 0 to 2 s of jitter): a counter that resets at minute 200, a
     * failed scrape at minute 100 (stale markers), a series present only from minute 50 to 80 (a vanished series).
     */
    void writeRecords(int minutes) throws IOException {
        for (ScrapeRecord r : records(minutes)) append(r);
    }

    void append(ScrapeRecord r) throws IOException {
        Files.write(days.DayFiles.fileFor(data, r.ts()), RecordCodec.line(r), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The records {@link #writeRecords} writes. */
    static List<ScrapeRecord> records(int minutes) {
        List<ScrapeRecord> out = new ArrayList<>();
        double count = 0;
        for (int i = 0; i < minutes * 2; i++) {
            long ms = i * 30_000L + (i * 7919L) % 2000;
            Instant ts = T0.plusMillis(ms);
            ScrapeRecord r;
            if (i == 200) {
                r = ScrapeRecord.failed(ts, URL, 5, null, -1, "connection refused");
            } else {
                count = i == 400 ? 3 : count + (i % 7);
                Map<String, Double> series = new LinkedHashMap<>();
                series.put("requests_total{code=\"200\"}", count);
                series.put("requests_total{code=\"500\"}", (double) (i / 10));
                series.put("queue_depth", (double) (i % 13));
                if (i >= 100 && i < 160) series.put("temporary_items", (double) i);
                r = new ScrapeRecord(ts, URL, true, 20, "prometheus", 100, null, series, Map.of(), Map.of());
            }
            out.add(r);
        }
        return out;
    }

    DayFileStorage storage() {
        return new DayFileStorage(data, "coppice", true, RecordTimes.system(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    Renderer.Settings settings(int maxPoints) {
        return new Renderer.Settings(data, data.resolveSibling("page.html"), maxPoints, 100, null, null, null);
    }

    /** The page's read with the feed as its panels: the section the render makes. */
    PanelPage render(PanelFeed feed, Renderer.Settings settings) throws IOException {
        Renderer.History history = Renderer.read(settings, null, feed);
        return (PanelPage) feed.make(history.charts().firstTs(), history.charts().lastTs(), history.charts().metricNames());
    }

    /** Every panel of the section equals {@link PanelEvaluator#evaluate} over the day files at the section's window. */
    void assertEngineAnswers(PanelPage page, PanelSet set) {
        assertThat(page.sets()).hasSize(1);
        List<PanelEvaluator.EvaluatedPanel> fed = page.sets().get(0).panels();
        assertThat(fed).hasSize(set.panels().size());
        int lines = 0;
        for (int i = 0; i < fed.size(); i++) {
            PanelEvaluator.EvaluatedPanel expected = PanelEvaluator.evaluate(storage(), set.panels().get(i), page.window(), QueryOptions.DEFAULT);
            assertThat(fed.get(i).queries()).isEqualTo(expected.queries());
            assertThat(fed.get(i).lines()).hasSameSizeAs(expected.lines());
            for (int j = 0; j < expected.lines().size(); j++) {
                PanelEvaluator.Line e = expected.lines().get(j), f = fed.get(i).lines().get(j);
                assertThat(f.name()).isEqualTo(e.name());
                assertThat(f.labels()).isEqualTo(e.labels());
                assertThat(f.query()).isEqualTo(e.query());
                assertThat(f.timesMs()).isEqualTo(e.timesMs());
                assertThat(f.values()).isEqualTo(e.values());
                lines++;
            }
        }
        assertThat(lines).isGreaterThan(6);
    }

    @Test
    void chunkedFromAnEstimatedWindowAnswersAsTheEngineOverTheDayFiles() throws Exception {
        writeRecords(24 * 60); // a whole day: the estimate (the day file's end) gives the real step
        PanelSet set = set();
        PanelFeed feed = new PanelFeed(settings(200), storage(), List.of(set), List.of(), 1_000, 0, System::currentTimeMillis);
        PanelPage page = render(feed, settings(200));
        assertThat(feed.fullReads()).isZero();
        assertThat(page.window().stepMs()).isEqualTo(900_000); // 86,400 s over 100 points: 864 s, the 15-minute rung
        assertEngineAnswers(page, set);
    }

    @Test
    void aFailureOfTheFeedIsShownInPlaceOfEveryAnswerAndThePageIsStillMade() throws Exception {
        writeRecords(60);
        PanelSet set = set();
        PanelFeed feed = new PanelFeed(settings(200), storage(), List.of(set), List.of(), 1_000, 0, System::currentTimeMillis);
        Renderer.History history = Renderer.read(settings(200), null, feed);
        // A record the feed cannot take (more keys than values): a fault in the feed, on its own thread or not.
        feed.records().accept(new record.CompactRecord(history.charts().lastTs() + 30_000, true, new String[] {"queue_depth", "requests_total"},
                new double[] {1}, null, URL, 1, Map.of()));
        PanelPage page = (PanelPage) feed.make(history.charts().firstTs(), history.charts().lastTs(), history.charts().metricNames());
        assertThat(feed.failure()).startsWith("not evaluated: the records could not be fed to the panels: ");
        assertThat(page.sets()).hasSize(1);
        List<PanelEvaluator.EvaluatedPanel> panels = page.sets().get(0).panels();
        assertThat(panels).hasSize(set.panels().size());
        for (PanelEvaluator.EvaluatedPanel p : panels) {
            assertThat(p.lines()).isEmpty();
            assertThat(p.queries()).isNotEmpty().allSatisfy(q -> assertThat(q.error()).isEqualTo(feed.failure()));
        }
        // Later sections (a live page's ticks, records still coming) say the same, with no second read of the files.
        feed.records().accept(new record.CompactRecord(history.charts().lastTs() + 60_000, true, new String[] {"queue_depth"},
                new double[] {1}, null, URL, 1, Map.of()));
        PanelPage again = (PanelPage) feed.make(history.charts().firstTs(), history.charts().lastTs(), history.charts().metricNames());
        assertThat(again.sets().get(0).panels().get(0).queries().get(0).error()).isEqualTo(feed.failure());
        assertThat(feed.fullReads()).isZero();
    }

    @Test
    void aPageWithAWindowAnswersAsTheEngineOverTheDayFilesWhichLookBackBeforeItsStart() throws Exception {
        writeRecords(7 * 60);
        PanelSet set = set();
        Renderer.Settings windowed = new Renderer.Settings(data, data.resolveSibling("page.html"), 2000, 100,
                T0.plusSeconds(3600 + 17), T0.plusSeconds(3 * 3600 + 3), null);
        PanelFeed feed = new PanelFeed(windowed, storage(), List.of(set), List.of(), PanelFeed.BUFFER_SAMPLES, 0, System::currentTimeMillis);
        PanelPage page = render(feed, windowed);
        assertEngineAnswers(page, set);
    }

    @Test
    void aWrongEstimateReadsTheFilesAgainAndStillAnswersAsTheEngine() throws Exception {
        writeRecords(7 * 60); // the estimate takes the whole day: a step too wide
        PanelSet set = set();
        PanelFeed feed = new PanelFeed(settings(200), storage(), List.of(set), List.of(), 1_000, 0, System::currentTimeMillis);
        PanelPage page = render(feed, settings(200));
        assertThat(feed.fullReads()).isEqualTo(1);
        assertThat(page.window().stepMs()).isEqualTo(300_000);
        assertEngineAnswers(page, set);
    }

    @Test
    void aReadThatEndsWithinTheBufferIsEvaluatedOnceWithTheWindowKnown() throws Exception {
        writeRecords(7 * 60);
        PanelSet set = set();
        PanelFeed feed = new PanelFeed(settings(2000), storage(), List.of(set), List.of(), PanelFeed.BUFFER_SAMPLES, 0, System::currentTimeMillis);
        PanelPage page = render(feed, settings(2000));
        assertThat(feed.fullReads()).isZero();
        assertThat(page.window().stepMs()).isEqualTo(30_000);
        assertEngineAnswers(page, set);
    }

    @Test
    void aSetWhoseMetricComesLateIsReadAgainAndAPageWithoutSetsTakesNothing() throws Exception {
        writeRecords(7 * 60);
        PanelSet plain = set();
        PanelSet detected = new PanelSet(plain.name(), plain.description(), List.of("temporary_items"), plain.panels(), plain.tracked(), plain.source());
        PanelFeed feed = new PanelFeed(settings(2000), storage(), List.of(detected), List.of(), PanelFeed.BUFFER_SAMPLES, 0, System::currentTimeMillis);
        PanelPage page = render(feed, settings(2000));
        assertThat(feed.fullReads()).isEqualTo(1); // temporary_items first appears at minute 50: the records before were left out
        assertEngineAnswers(page, detected);

        PanelSet absent = new PanelSet(plain.name(), plain.description(), List.of("node_cpu_seconds_total"), plain.panels(), plain.tracked(), plain.source());
        PanelFeed none = new PanelFeed(settings(2000), storage(), List.of(absent), List.of(), PanelFeed.BUFFER_SAMPLES, 0, System::currentTimeMillis);
        assertThat(render(none, settings(2000))).isNull();
        assertThat(none.fullReads()).isZero();
    }

    @Test
    void theLivePageEvaluatesOnlyItsNewStepsAndAnswersAsAFullEvaluationAtEveryTick() throws Exception {
        List<ScrapeRecord> records = records(24 * 60);
        // The first 90 minutes are history; the rest arrive one by one as watch hands them over, after appending each.
        Renderer.Settings settings = new Renderer.Settings(data, data.resolveSibling("page.html"), 200, 100, null, null, null);
        AtomicLong clock = new AtomicLong(T0.plusSeconds(24 * 3600).toEpochMilli());
        PanelSet set = set();
        PanelFeed feed = new PanelFeed(settings, storage(), List.of(set), List.of(), PanelFeed.BUFFER_SAMPLES, 30_000, clock::get);
        int history = 180;
        for (int i = 0; i < history; i++) append(records.get(i));
        record.CompactRecordReader reader = new record.CompactRecordReader(days.DayFiles.MAX_LINE_BYTES);
        Map<String, String> types = new java.util.HashMap<>();
        long firstMs = records.get(0).ts().toEpochMilli();
        Set<String> names = Set.of("requests_total", "queue_depth", "temporary_items");
        for (int i = 0; i < history; i++) {
            byte[] line = RecordCodec.line(records.get(i));
            record.CompactRecord r = reader.read(line, 0, line.length, types);
            feed.records().accept(r);
        }
        PanelPage first = (PanelPage) feed.make(firstMs, records.get(history - 1).ts().toEpochMilli(), names);
        assertThat(first.window().stepMs()).as("%s", first.window()).isEqualTo(60_000); // 90 minutes over 100 points: the 1-minute rung
        for (int i = history; i < 230; i++) {
            append(records.get(i));
            byte[] line = RecordCodec.line(records.get(i));
            record.CompactRecord r = reader.read(line, 0, line.length, types);
            feed.records().accept(r);
            long before = feed.stepsEvaluated();
            int reads = feed.fullReads();
            PanelPage tick = (PanelPage) feed.make(firstMs, r.tsMillis(), names);
            assertThat(feed.fullReads()).isEqualTo(i < 200 ? 0 : 1); // the step moves to the 2-minute rung at 100 minutes
            if (feed.fullReads() == reads) {
                // Only the steps the look-back lets change: the provisional ones after the lag, per expression.
                assertThat(feed.stepsEvaluated() - before).isLessThanOrEqualTo(6L * (PanelSteps.LAG_MS / 60_000 + 3));
            }
            if (i % 5 == 0 || i == 199 || i == 200) assertEngineAnswers(tick, set);
        }
    }
}
