package page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import days.RecordTimes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import panels.BuiltInPanelSets;
import panels.Panel;
import panels.PanelEvaluator;
import query.QueryOptions;
import queryio.DayFileStorage;

/**
 * The coppice panels, now the built-in coppice set in PromQL, beside what the page's own coppice section drew from the
 * same files (two hours at 30 s with a failed scrape at record 100 and a gateway restart, every counter reset, at
 * record 150: {@link RenderBrowserTest#writeRecords}). The section drew gauges as recorded and counters as each
 * interval's increase over its length, with the same code that still draws the families under "Other metrics"
 * ({@link SeriesState}), so those charts are today's values:
 * <ul>
 *   <li>gauges (Alive state, Per-sandbox CPU) are the same points, value for value, with the same gap at the failed
 *       scrape;</li>
 *   <li>rates are Prometheus's {@code rate()} over {@code $__rate_interval} (2 min here): at a step whose window holds
 *       five scrapes it is the mean of the section's four per-interval rates ending there (the same reset rule), and
 *       across the failed scrape it bridges the gap the section left;</li>
 *   <li>latency is the same mean time per call (the section's ms as the set's seconds) for steady work.</li>
 * </ul>
 */
public class CoppiceSetComparisonTest {
    @TempDir
    Path tmp;

    private Path data;
    private Renderer.History history;

    @BeforeEach
    void read() throws IOException {
        data = tmp.resolve("data");
        RenderBrowserTest.writeRecords(data);
        history = Renderer.read(new Renderer.Settings(data, tmp.resolve("p.html"), 2000, 100, null, null, null), null);
        history.charts().finish();
    }

    /** Today's points of a family's chart: trace name to time (ms) to value, breaks left out. */
    private Map<String, Map<Long, Double>> today(String family) {
        Chart chart = history.charts().charts().stream().filter(c -> c.title.equals(family)).findFirst().orElseThrow();
        Map<String, Map<Long, Double>> out = new TreeMap<>();
        for (Trace t : chart.traces()) {
            Map<Long, Double> points = new TreeMap<>();
            for (int i = 0; i < t.points.size(); i++) if (Double.isFinite(t.points.value(i))) points.put(t.points.time(i), t.points.value(i));
            out.put(t.name, points);
        }
        return out;
    }

    /** What the set's panel draws over the page's window: line name (or {@code label}'s value) to time (ms) to value. */
    private Map<String, Map<Long, Double>> promql(String panelId, String label) {
        DayFileStorage storage = new DayFileStorage(data, "coppice", true, RecordTimes.system(), new PrintStream(new ByteArrayOutputStream()));
        Panel panel = BuiltInPanelSets.load("coppice").panels().stream().filter(p -> p.id().equals(panelId)).findFirst().orElseThrow();
        PanelEvaluator.Window w = PanelEvaluator.window(history.charts().firstTs(), history.charts().lastTs(), 30_000, 2000);
        assertThat(w.stepMs()).isEqualTo(30_000);
        PanelEvaluator.EvaluatedPanel e = PanelEvaluator.evaluate(storage, panel, w, QueryOptions.DEFAULT);
        assertThat(e.queries()).allSatisfy(q -> assertThat(q.error()).isNull());
        Map<String, Map<Long, Double>> out = new TreeMap<>();
        for (PanelEvaluator.Line line : e.lines()) {
            Map<Long, Double> points = new TreeMap<>();
            for (int i = 0; i < line.timesMs().length; i++) if (Double.isFinite(line.values()[i])) points.put(line.timesMs()[i], line.values()[i]);
            out.put(label == null ? line.name() : line.labels().get(label), points);
        }
        return out;
    }

    private long first() {
        return history.charts().firstTs();
    }

    @Test
    void aliveStateIsTheSamePointsAsTodaysPage() {
        Map<String, Map<Long, Double>> today = new TreeMap<>();
        today.put("coppice_sandboxes_alive", today("coppice_sandboxes_alive").get("coppice_sandboxes_alive"));
        today.put("coppice_kernels_alive", today("coppice_kernels_alive").get("coppice_kernels_alive"));
        assertThat(promql("alive", null)).isEqualTo(today);
        assertThat(today.get("coppice_sandboxes_alive")).hasSize(239).doesNotContainKey(first() + 100 * 30_000L);
    }

    @Test
    void perSandboxCpuIsTheSamePointsAsTodaysPageUnderTheShortIds() {
        Map<String, Map<Long, Double>> today = new TreeMap<>();
        today("coppice_sandbox_cpu_percent").forEach((name, points) -> today.put(name.substring("{sandbox=\"".length(), name.length() - 2), points));
        Map<String, Map<Long, Double>> set = promql("cpu", "sandbox");
        assertThat(set).isEqualTo(today);
        // Three sandboxes whose ids change every 80 records, and the hostile id: 3 * 3 + 1 lines.
        assertThat(set).hasSize(10);
        assertThat(promql("cpu", null).keySet()).contains("0a0b1c2d3e4f", "1a0b1c2d3e4f", "2a0b1c2d3e4f", "ccae1c");
    }

    @Test
    void ratesAreMeansOfTodaysPerIntervalRatesOverTheRateInterval() {
        for (String[] panelAndCounter : new String[][] {{"lifecycle", "coppice_sandboxes_created_total"},
                {"lifecycle", "coppice_sandboxes_killed_total"}, {"execution", "coppice_execute_requests_total"},
                {"execution", "coppice_execute_errors_total"}}) {
            String counter = panelAndCounter[1];
            Map<Long, Double> today = today(counter).get(counter);
            Map<Long, Double> set = promql(panelAndCounter[0], null).get(counter);
            int compared = 0;
            for (long t = first() + 120_000; t <= history.charts().lastTs(); t += 30_000) {
                List<Double> rates = new ArrayList<>();
                for (long at = t - 90_000; at <= t; at += 30_000) if (today.containsKey(at)) rates.add(today.get(at));
                if (rates.size() < 4) continue; // the failed scrape: today's page has no rate for its two intervals
                double mean = rates.stream().mapToDouble(Double::doubleValue).sum() / 4;
                assertThat(set.get(t)).as(counter + " at " + t).isCloseTo(mean, within(1e-12 * Math.max(1, Math.abs(mean))));
                compared++;
            }
            assertThat(compared).as(counter).isGreaterThan(220);
            // Across the failed scrape (record 100) today's page breaks the line; rate() bridges it with the scrapes
            // on either side: at record 102 its window holds records 98, 99, 101 and 102.
            long at102 = first() + 102 * 30_000L;
            assertThat(today).doesNotContainKey(first() + 101 * 30_000L);
            assertThat(set).containsKey(at102);
        }
        // The restart at record 150 resets every counter to 0: both count the new value (0) as that interval's increase.
        long reset = first() + 150 * 30_000L;
        assertThat(today("coppice_sandboxes_created_total").get("coppice_sandboxes_created_total").get(reset)).isEqualTo(0.0);
        // At the next step the window holds records 147 to 151 (314, 316, 318, 0, 2): increases 2 + 2 + 0 + 2 over 2 min.
        assertThat(promql("lifecycle", null).get("coppice_sandboxes_created_total").get(reset + 30_000)).isCloseTo(6 / 120.0, within(1e-15));
    }

    @Test
    void latencyIsTodaysMeanTimePerCallInSeconds() {
        // Today's page: per interval, Δns_sum / Δcalls in ms; the gateway's work is steady (375 ms a create, 40 ms an
        // /execute), so every interval and every window holds the same mean.
        Map<String, Map<Long, Double>> set = promql("latency", null);
        assertThat(set).containsOnlyKeys("create", "/execute");
        assertThat(set.get("create").values()).hasSizeGreaterThan(200).allSatisfy(v -> assertThat(v).isCloseTo(0.375, within(1e-12)));
        assertThat(set.get("/execute").values()).hasSizeGreaterThan(200).allSatisfy(v -> assertThat(v).isCloseTo(0.040, within(1e-12)));
    }

    /** A lead panel's lines as name to time (ms) to value. */
    private static Map<String, Map<Long, Double>> lines(PanelEvaluator.EvaluatedPanel e) {
        Map<String, Map<Long, Double>> out = new TreeMap<>();
        for (PanelEvaluator.Line line : e.lines()) {
            Map<Long, Double> points = new TreeMap<>();
            for (int i = 0; i < line.timesMs().length; i++) points.put(line.timesMs()[i], line.values()[i]);
            out.merge(line.name() + " " + line.labels(), points, (x, y) -> x);
        }
        return out;
    }

    @Test
    void renderFeedsTheCoppiceSectionFromItsOwnReadWithTheSameAnswers() throws IOException {
        // What render makes (panels fed the page's own read) and what a read of the day files makes: the same lead.
        DayFileStorage storage = new DayFileStorage(data, "coppice", true, RecordTimes.system(), new PrintStream(new ByteArrayOutputStream()));
        Renderer.Settings settings = new Renderer.Settings(data, tmp.resolve("fed.html"), 2000, 100, null, null, null);
        panels.PanelFeed feed = new panels.PanelFeed(settings, storage, BuiltInPanelSets.all(), List.of(), panels.PanelFeed.BUFFER_SAMPLES, 0,
                System::currentTimeMillis);
        PanelSection[] made = new PanelSection[1];
        Renderer.render(settings, null, new Renderer.PanelSectionMaker() {
            @Override
            public PanelSection make(long firstMs, long lastMs, java.util.Set<String> names) throws IOException {
                return made[0] = feed.make(firstMs, lastMs, names);
            }

            @Override
            public java.util.function.Consumer<record.CompactRecord> records() {
                return feed.records();
            }
        });
        panels.LeadPanels fed = (panels.LeadPanels) made[0].lead();
        panels.LeadPanels read = panels.PanelPages.build(storage, BuiltInPanelSets.all(), history.charts().metricNames(), first(),
                history.charts().lastTs(), 2000, List.of()).lead();
        assertThat(fed.shown()).isTrue();
        assertThat(fed.panels()).hasSize(5);
        for (int i = 0; i < 5; i++) assertThat(lines(fed.panels().get(i))).as(fed.panels().get(i).panel().title()).isEqualTo(lines(read.panels().get(i)));
        String html = Files.readString(tmp.resolve("fed.html"));
        assertThat(html).contains("<section id=\"p-alive\" class=\"panel\">", "id=\"panel-coppice-alive\"");
        // Each coppice chart carries the range it was evaluated over, so query --start/--end repeats it.
        java.util.regex.Matcher range = java.util.regex.Pattern
                .compile("id=\"panel-coppice-alive\" data-panel-chart data-queries=\"[^\"]*\" data-start=\"(\\d+)\" data-end=\"(\\d+)\"").matcher(html);
        assertThat(range.find()).isTrue();
        assertThat(Long.parseLong(range.group(1)) * 1000).isLessThanOrEqualTo(first());
        assertThat(Long.parseLong(range.group(2)) * 1000).isGreaterThanOrEqualTo(history.charts().lastTs());
    }

    @Test
    void latencyReadsTheOpenMetricsNameOfTheNanosecondCounters() throws IOException {
        // OpenMetrics names a counter's sample with _total: coppice_sandbox_create_ns_sum_total.
        Path om = tmp.resolve("om");
        Files.createDirectories(om);
        for (Path day : Files.list(data).toList()) {
            Files.writeString(om.resolve(day.getFileName()), Files.readString(day).replace("\"coppice_sandbox_create_ns_sum\"", "\"coppice_sandbox_create_ns_sum_total\"")
                    .replace("\"coppice_execute_ns_sum\"", "\"coppice_execute_ns_sum_total\""));
        }
        assertThat(Files.readString(om.resolve("2026-11-29.jsonl"))).contains("coppice_execute_ns_sum_total").doesNotContain("\"coppice_execute_ns_sum\"");
        data = om;
        Map<String, Map<Long, Double>> set = promql("latency", null);
        assertThat(set.get("create").values()).hasSizeGreaterThan(200).allSatisfy(v -> assertThat(v).isCloseTo(0.375, within(1e-12)));
        assertThat(set.get("/execute").values()).hasSizeGreaterThan(200).allSatisfy(v -> assertThat(v).isCloseTo(0.040, within(1e-12)));
    }
}
