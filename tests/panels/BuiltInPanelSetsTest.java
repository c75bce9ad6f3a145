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
import page.CoppicePanels;
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
        List<String> expected = new ArrayList<>();
        for (CoppicePanels.Panel p : CoppicePanels.PANELS) expected.add(p.id() + " | " + p.title() + " | " + p.subtitle());
        assertThat(coppice.panels()).extracting(p -> p.id() + " | " + p.title() + " | " + p.description())
                .containsExactlyElementsOf(expected);
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
                .containsExactly(Stream.of("3f9a2c1e4b7d40a1b2c3d4e5f6a7b8c9", "a07bd2e19c5f4e3d8a7b6c5d4e3f2a1b",
                        "c4d5e6f7a8b94c0d9e8f7a6b5c4d3e2f").map(CoppicePanels::shortSandboxId).toArray(String[]::new));
        assertThat(Legends.apply("{{short_id}}", Map.of("short_id", "3f9a2c1e4b7d"), "x")).isEqualTo("3f9a2c1e4b7d");
    }

    @Test
    void theListSaysWhichSetsAreShownAndWhy() {
        String text = PanelPages.list(storage("coppice"), BuiltInPanelSets.all(), FROM, TO, List.of("coppice"));
        assertThat(text).startsWith("shown   coppice  (built-in coppice.yaml): coppice_uptime_seconds has series in the window;"
                + " drawn by the page's coppice section\n          Alive state [count, lines, 2 queries]\n");
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
    void whenNoSetIsShownTheFilesAreNotReadAndThereIsNoSection() throws Exception {
        query.SeriesSource unreadable = (matchers, from, to) -> {
            throw new AssertionError("read " + matchers);
        };
        assertThat(PanelPages.build(unreadable, BuiltInPanelSets.all(), pageMetricNames("coppice"), FROM, TO, 2000,
                List.of("coppice"))).isNull();
        assertThat(PanelPages.build(unreadable, BuiltInPanelSets.all(), java.util.Set.of("some_unknown_exporter_metric"), FROM, TO, 2000,
                List.of("coppice"))).isNull();
        PanelPage node = PanelPages.build(storage("node"), BuiltInPanelSets.all(), pageMetricNames("node"), FROM, TO, 2000,
                List.of("coppice"));
        java.io.StringWriter html = new java.io.StringWriter();
        node.writeHtml(html);
        assertThat(html.toString()).contains("id=\"set-node-exporter\"").doesNotContain("id=\"set-coppice\"");
    }
}
