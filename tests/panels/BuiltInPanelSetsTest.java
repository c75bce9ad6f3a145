package panels;

import static org.assertj.core.api.Assertions.assertThat;

import days.RecordTimes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import query.LabelMatcher;
import query.QueryOptions;
import query.StoredSeries;
import queryio.DayFileStorage;
import support.NodeExporterDay;

/**
 * The built-in panel sets: every expression parses, the coppice set keeps the seed's panels, and each set is chosen
 * and evaluates without error on records made from the real expositions of node_exporter, Prometheus and the gateway.
 */
public class BuiltInPanelSetsTest {
    static final int RECORDS = 240; // two hours at 30 s
    static final long FROM = NodeExporterDay.START.toEpochMilli();
    static final long TO = FROM + (RECORDS - 1) * NodeExporterDay.INTERVAL_MS;
    static Path root;

    @BeforeAll
    static void records() throws Exception {
        root = Files.createTempDirectory("panels-builtin");
        NodeExporterDay.write(root.resolve("node"), RECORDS);
        NodeExporterDay.write(root.resolve("prometheus"), RECORDS,
                Path.of("tests/testdata/expositions/prometheus-2.42.0-self.prom"), "http://127.0.0.1:9090/metrics");
        NodeExporterDay.write(root.resolve("coppice"), RECORDS,
                Path.of("tests/testdata/expositions/coppice-gateway-sample.prom"), "http://127.0.0.1:8080/metrics");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    static DayFileStorage storage(String folder) {
        return new DayFileStorage(root.resolve(folder), "prometheus", true, RecordTimes.system(), new PrintStream(new ByteArrayOutputStream()));
    }

    static List<String> activeNames(String folder) {
        return ActivePanelSets.choose(BuiltInPanelSets.all(), storage(folder), FROM, TO).stream()
                .filter(ActivePanelSets.Choice::active).map(c -> c.set().name()).toList();
    }

    @Test
    void everyBuiltInSetLoadsAndEveryExpressionParses() {
        List<PanelSet> sets = BuiltInPanelSets.all();
        assertThat(sets).extracting(PanelSet::name).containsExactly("coppice", "node_exporter", "prometheus", "go", "jvm");
        for (PanelSet s : sets) {
            assertThat(s.panels()).as(s.name()).isNotEmpty();
            assertThat(s.detect()).as(s.name()).isNotEmpty();
        }
    }

    @Test
    void theCoppiceSetKeepsTheSeedsPanelsTitlesAndSubtitles() {
        PanelSet coppice = BuiltInPanelSets.load("coppice");
        // The seed's four panels with its titles and subtitles, then the latency panel.
        assertThat(coppice.panels()).extracting(p -> p.id() + " | " + p.title() + " | " + p.description()).containsExactly(
                "alive | Alive state | sandboxes + kernels currently in the registry",
                "lifecycle | Sandbox lifecycle | create / kill / pause / resume — rate per second",
                "execution | Execution path | /execute requests + errors — rate per second",
                "cpu | Per-sandbox CPU | coppice_sandbox_cpu_percent — per-sandbox",
                "latency | Latency | mean create time and mean /execute time per call, over the rate interval");
        assertThat(coppice.panels().get(3).note()).startsWith("One line per live sandbox, each labeled with the first 12 hex digits of its id.")
                .contains("`coppice_sandbox_cpu_percent` from rctl(8); 100 = one full core.");
    }

    @Test
    void theCoppiceSetsTrackedTableIsTheSeedsAndNamesEveryMetricItsPanelsRead() {
        PanelSet coppice = BuiltInPanelSets.load("coppice");
        assertThat(coppice.tracked()).extracting(t -> t.metric() + " | " + t.type() + " | " + t.source()).containsExactly(
                "coppice_uptime_seconds | gauge | process clock",
                "coppice_sandboxes_alive | gauge | in-memory registry size",
                "coppice_kernels_alive | gauge | ipykernel PID table size",
                "coppice_sandboxes_created_total | counter | POST /sandboxes on success",
                "coppice_sandboxes_killed_total | counter | DELETE /sandboxes/:id on success",
                "coppice_sandboxes_paused_total | counter | POST /sandboxes/:id/pause",
                "coppice_sandboxes_resumed_total | counter | POST /sandboxes/:id/resume",
                "coppice_execute_requests_total | counter | POST /execute, counted at the end",
                "coppice_execute_errors_total | counter | /execute that emitted an ExecEnv::Error frame",
                "coppice_kernel_spawns_total | counter | ipykernel_launcher spawn succeeded",
                "coppice_kernel_exits_total | counter | SIGTERM or crash reaped",
                "coppice_sandbox_create_ns_sum | counter | ns spent in create, pair with _created_total",
                "coppice_execute_ns_sum | counter | ns spent in /execute, pair with _requests_total");
        // Every metric a panel selects is a row (the per-sandbox CPU is described in its panel's note), and the set is
        // detected by any of them.
        LeadPanels lead = new LeadPanels(coppice, true, List.of());
        List<String> tracked = coppice.tracked().stream().map(PanelSet.Tracked::metric).toList();
        for (String metric : tracked) assertThat(coppice.detect()).contains(metric);
        for (String metric : List.of("coppice_sandboxes_alive", "coppice_kernels_alive", "coppice_sandboxes_created_total",
                "coppice_sandboxes_killed_total", "coppice_sandboxes_paused_total", "coppice_sandboxes_resumed_total",
                "coppice_execute_requests_total", "coppice_execute_errors_total", "coppice_sandbox_create_ns_sum",
                "coppice_execute_ns_sum", "coppice_sandbox_cpu_percent")) {
            assertThat(lead.draws(metric)).as(metric).isTrue();
        }
        assertThat(lead.draws("coppice_sandbox_create_ns_sum_total")).isTrue(); // as OpenMetrics names the counter's sample
        assertThat(lead.draws("coppice_uptime_seconds")).isFalse();
        assertThat(lead.draws("coppice_kernel_spawns_total")).isFalse();
    }

    @Test
    void eachSetIsChosenByItsMetrics() {
        assertThat(activeNames("node")).containsExactly("node_exporter", "go");
        assertThat(activeNames("prometheus")).containsExactly("prometheus", "go");
    }

    @Test
    void everyActivePanelEvaluatesWithSeriesAndNoError() {
        for (String folder : List.of("node", "prometheus", "coppice")) {
            DayFileStorage source = storage(folder);
            PanelEvaluator.Window window = PanelEvaluator.window(FROM, TO, 30_000, 2000);
            for (ActivePanelSets.Choice c : ActivePanelSets.choose(BuiltInPanelSets.all(), source, FROM, TO)) {
                if (!c.active()) continue;
                for (Panel panel : c.set().panels()) {
                    PanelEvaluator.EvaluatedPanel e = PanelEvaluator.evaluate(source, panel, window, QueryOptions.DEFAULT);
                    String what = folder + " / " + c.set().name() + " / " + panel.title();
                    assertThat(e.queries()).as(what).allSatisfy(q -> assertThat(q.error()).as(what).isNull());
                    assertThat(e.lines()).as(what).isNotEmpty();
                }
            }
        }
    }

    @Test
    void nodeExporterPanelsAnswerWithTheRecordsValuesAndLegends() {
        DayFileStorage source = storage("node");
        PanelSet node = BuiltInPanelSets.load("node_exporter");
        PanelEvaluator.Window window = PanelEvaluator.window(FROM, TO, 30_000, 2000);
        assertThat(window.stepMs()).isEqualTo(30_000);
        assertThat(window.startMs()).isEqualTo(FROM);
        assertThat(window.endMs()).isEqualTo(TO);

        Panel memory = node.panels().stream().filter(p -> p.title().equals("Memory used")).findFirst().orElseThrow();
        PanelEvaluator.EvaluatedPanel e = PanelEvaluator.evaluate(source, memory, window, QueryOptions.DEFAULT);
        assertThat(e.lines()).hasSize(1);
        PanelEvaluator.Line line = e.lines().get(0);
        assertThat(line.name()).isEqualTo("http://127.0.0.1:9100/metrics"); // the instance label (the record's target name)
        assertThat(line.timesMs()).hasSize(RECORDS);
        double available = last("node_memory_MemAvailable_bytes", source), total = last("node_memory_MemTotal_bytes", source);
        assertThat(line.values()[RECORDS - 1]).isEqualTo(100 * (1 - available / total));
        assertThat(e.queries()).containsExactly(new PanelEvaluator.EvaluatedQuery(
                "100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)", 30, null));

        Panel byMode = node.panels().stream().filter(p -> p.title().equals("CPU by mode")).findFirst().orElseThrow();
        PanelEvaluator.EvaluatedPanel modes = PanelEvaluator.evaluate(source, byMode, window, QueryOptions.DEFAULT);
        assertThat(modes.lines()).extracting(PanelEvaluator.Line::name).containsExactlyInAnyOrder(
                "http://127.0.0.1:9100/metrics iowait", "http://127.0.0.1:9100/metrics irq", "http://127.0.0.1:9100/metrics nice", "http://127.0.0.1:9100/metrics softirq",
                "http://127.0.0.1:9100/metrics steal", "http://127.0.0.1:9100/metrics system", "http://127.0.0.1:9100/metrics user");
        assertThat(modes.queries().get(0).expr()).contains("[2m]"); // $__rate_interval: four 30 s scrapes
    }

    @Test
    void perSandboxLinesAreNamedByTheFirstTwelveHexDigits() {
        DayFileStorage source = storage("coppice");
        Panel cpu = BuiltInPanelSets.load("coppice").panels().stream().filter(p -> p.id().equals("cpu")).findFirst().orElseThrow();
        PanelEvaluator.EvaluatedPanel e = PanelEvaluator.evaluate(source, cpu, PanelEvaluator.window(FROM, TO, 30_000, 2000), QueryOptions.DEFAULT);
        assertThat(e.lines()).extracting(PanelEvaluator.Line::name)
                .containsExactly("3f9a2c1e4b7d", "a07bd2e19c5f", "c4d5e6f7a8b9");
        assertThat(Legends.apply("{{short_id}}", Map.of("short_id", "3f9a2c1e4b7d"), "x")).isEqualTo("3f9a2c1e4b7d");
    }

    /** Today's page's rule for a sandbox's name (the Java it replaced): the first 12 hex digits, other characters skipped. */
    static String shortSandboxId(String id) {
        StringBuilder out = new StringBuilder(12);
        for (int i = 0; i < id.length() && out.length() < 12; i++) if (Character.digit(id.charAt(i), 16) >= 0) out.append(id.charAt(i));
        if (out.length() == 0) return id.isEmpty() ? "(no id)" : id.length() <= 12 ? id : id.substring(0, 12);
        return out.toString();
    }

    @Test
    void aSandboxOfAnyIdShapeIsNamedByTheFirstTwelveHexDigitsOfItsId() {
        List<String> ids = List.of("3f9a2c1e-4b7d-40a1-b2c3-d4e5f6a7b8c9", "a07bd2e19c5f4e3d8a7b6c5d4e3f2a1b", "ABCDEF0123456789",
                "{3F9A2C1E-4B7D-40A1-B2C3-D4E5F6A7B8C9}", "sandbox-7", "pod-xyz-77", "1f", "zz", "zzzzzzzzzzzzzzz", "ab\ncd-ef", "");
        List<StoredSeries> series = new ArrayList<>();
        for (String id : ids) {
            java.util.TreeMap<String, String> labels = new java.util.TreeMap<>(Map.of("__name__", "coppice_sandbox_cpu_percent", "job", "coppice"));
            if (!id.isEmpty()) labels.put("sandbox", id); // an empty label value is no label
            series.add(new StoredSeries(labels, new long[] {FROM}, new double[] {12.5}));
        }
        query.SeriesSource source = (matchers, from, to) -> series.stream()
                .filter(st -> matchers.stream().allMatch(m -> m.matches(st.labels().getOrDefault(m.name(), "")))).toList();
        Panel cpu = BuiltInPanelSets.load("coppice").panels().stream().filter(p -> p.id().equals("cpu")).findFirst().orElseThrow();
        PanelEvaluator.EvaluatedPanel e = PanelEvaluator.evaluate(source, cpu, PanelEvaluator.window(FROM, FROM, 30_000, 2000), QueryOptions.DEFAULT);
        assertThat(e.queries().get(0).error()).isNull();
        Map<String, String> named = new java.util.TreeMap<>();
        for (PanelEvaluator.Line line : e.lines()) named.put(line.labels().getOrDefault("sandbox", ""), line.name());
        Map<String, String> expected = new java.util.TreeMap<>();
        for (String id : ids) expected.put(id, shortSandboxId(id));
        assertThat(named).isEqualTo(expected);
        assertThat(named).containsEntry("3f9a2c1e-4b7d-40a1-b2c3-d4e5f6a7b8c9", "3f9a2c1e4b7d").containsEntry("ABCDEF0123456789", "ABCDEF012345")
                .containsEntry("{3F9A2C1E-4B7D-40A1-B2C3-D4E5F6A7B8C9}", "3F9A2C1E4B7D").containsEntry("sandbox-7", "adb7")
                .containsEntry("zz", "zz").containsEntry("zzzzzzzzzzzzzzz", "zzzzzzzzzzzz").containsEntry("ab\ncd-ef", "abcdef")
                .containsEntry("", "(no id)");
    }

    @Test
    void theListSaysWhichSetsAreShownAndWhy() {
        String text = PanelPages.list(storage("coppice"), BuiltInPanelSets.all(), FROM, TO);
        assertThat(text).startsWith("shown   coppice  (built-in coppice.yaml): coppice_uptime_seconds has series in the window;"
                + " drawn first, as the page's coppice section\n          Alive state [count, lines, 2 queries]\n");
        assertThat(text).contains("hidden  node_exporter  (built-in node_exporter.yaml): none of [node_cpu_seconds_total,"
                + " node_memory_MemTotal_bytes] has a series in the window\n");
        long[] extent = PanelPages.extent(storage("node"), Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(extent).containsExactly(FROM, TO);
    }

    static double last(String metric, DayFileStorage source) {
        StoredSeries s = source.select(List.of(LabelMatcher.of("__name__", LabelMatcher.Op.EQ, metric)), TO, TO).get(0);
        return s.values()[s.values().length - 1];
    }

    /** The metric names the page's own read of a folder finds (what render hands the panels). */
    static java.util.Set<String> pageMetricNames(String folder) throws Exception {
        page.Renderer.Settings settings = new page.Renderer.Settings(root.resolve(folder), root.resolve(folder + ".html"), 2000, 100,
                null, null, null);
        return page.Renderer.read(settings, null).charts().metricNames();
    }

    @Test
    void thePageReadsNamesChooseTheSameSetsAsAReadOfTheFiles() throws Exception {
        for (String folder : List.of("node", "prometheus", "coppice")) {
            List<String> fromNames = ActivePanelSets.choose(BuiltInPanelSets.all(), pageMetricNames(folder)).stream()
                    .filter(ActivePanelSets.Choice::active).map(c -> c.set().name()).toList();
            assertThat(fromNames).as(folder).isEqualTo(activeNames(folder)).isNotEmpty();
        }
    }

    @Test
    void whenNoSetIsShownTheFilesAreNotReadAndOnlyTheLeadIsLeft() throws Exception {
        query.SeriesSource unreadable = (matchers, from, to) -> {
            throw new AssertionError("read " + matchers);
        };
        // A page of an exporter no set knows: nothing is read; the lead (coppice) set is there to say it is left out.
        PanelPage unknown = PanelPages.build(unreadable, BuiltInPanelSets.all(), java.util.Set.of("some_unknown_exporter_metric"), FROM, TO,
                2000, List.of());
        assertThat(unknown.lead().shown()).isFalse();
        assertThat(unknown.lead().panels()).isEmpty();
        java.io.StringWriter none = new java.io.StringWriter();
        unknown.writeHtml(none);
        assertThat(none.toString()).isEmpty();
        // No successful scrape (first after last): the lead is shown with its empty states, and nothing is read.
        PanelPage empty = PanelPages.build(unreadable, BuiltInPanelSets.all(), java.util.Set.of(), Long.MAX_VALUE, Long.MIN_VALUE, 2000,
                List.of());
        assertThat(empty.lead().shown()).isTrue();
        assertThat(empty.lead().panels()).isEmpty();
        // Left out by name, there is no section at all.
        assertThat(PanelPages.build(unreadable, BuiltInPanelSets.all(), pageMetricNames("coppice"), FROM, TO, 2000,
                List.of("coppice"))).isNull();
        PanelPage node = PanelPages.build(storage("node"), BuiltInPanelSets.all(), pageMetricNames("node"), FROM, TO, 2000,
                List.of());
        java.io.StringWriter html = new java.io.StringWriter();
        node.writeHtml(html);
        assertThat(html.toString()).contains("id=\"set-node-exporter\"").doesNotContain("id=\"set-coppice\"");
        assertThat(node.lead().shown()).isFalse();
        // On the coppice page the lead is evaluated and drawn first, not among the sets above Other metrics.
        PanelPage coppice = PanelPages.build(storage("coppice"), BuiltInPanelSets.all(), pageMetricNames("coppice"), FROM, TO, 2000,
                List.of());
        assertThat(coppice.lead().shown()).isTrue();
        assertThat(coppice.lead().panels()).hasSize(5);
        java.io.StringWriter sets = new java.io.StringWriter();
        coppice.writeHtml(sets);
        assertThat(sets.toString()).doesNotContain("set-coppice");
    }
}
