import static org.assertj.core.api.Assertions.assertThat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import page.Page;
import page.PlotlySource;
import page.RenderBrowserTest;
import parse.Exposition;
import parse.ExpositionCorpusTest;
import parse.ExpositionFormat;
import prom.RemoteWriterTest;
import record.RecordCodec;
import record.ScrapeRecord;
import sim.SimulatedGateway;
import support.HeadlessChromium;
import support.Project;

/** The scripts as a user runs them: through ./jbang, against a file and against the simulated gateway over HTTP. */
class EndToEndTest {
    private static final List<String> COPPICE_METRICS = List.of(
            "coppice_uptime_seconds", "coppice_sandboxes_alive", "coppice_kernels_alive",
            "coppice_sandboxes_created_total", "coppice_sandboxes_killed_total", "coppice_sandboxes_paused_total",
            "coppice_sandboxes_resumed_total", "coppice_execute_requests_total", "coppice_execute_errors_total",
            "coppice_kernel_spawns_total", "coppice_kernel_exits_total", "coppice_sandbox_create_ns_sum", "coppice_execute_ns_sum");

    @Test
    void scrapeOfTheNodeExporterFilePrintsExactlyTheReferenceSamples() throws Exception {
        Path expositions = Project.testdata().resolve("expositions");
        Path prom = expositions.resolve("node_exporter-1.5.0.prom");

        Project.Run run = Project.jbang(300, "scrape.java", "--url", "file:" + prom, "--stdout");

        assertThat(run.exit()).as(run.stderr()).isZero();
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).hasSize(1);
        ScrapeRecord record = RecordCodec.parse(lines.get(0));
        assertThat(record.up()).isTrue();
        assertThat(record.format()).isEqualTo("prometheus");
        assertThat(record.bytes()).isEqualTo(Files.size(prom));
        Exposition asRecorded = new Exposition(ExpositionFormat.PROMETHEUS, record.series(), record.types(), record.timestamps(), List.of());
        ExpositionCorpusTest.assertSameSamples(ExpositionCorpusTest.asReferenceNames(asRecorded),
                ExpositionCorpusTest.readExpected(expositions.resolve("node_exporter-1.5.0.expected.txt")));
    }

    @Test
    void scrapeAndWatchRecordTheSimulatedGatewayOverHttp(@TempDir Path data) throws Exception {
        try (SimulatedGateway gateway = SimulatedGateway.start(0)) {
            gateway.startWorkload(Duration.ofMillis(50), 11);
            String url = gateway.metricsUri().toString();

            Project.Run scrape = Project.jbang(300, "scrape.java", "--url", url, "--data-dir", data.toString());
            assertThat(scrape.exit()).as(scrape.stderr()).isZero();

            Project.Run watch = Project.jbang(300, "watch.java", "--url", url, "--interval", "300ms", "--count", "5",
                    "--data-dir", data.toString());
            assertThat(watch.exit()).as(watch.stderr()).isZero();
            assertThat(watch.stderr()).contains("5 samples (5 up, 0 down)");
            assertThat(watch.stderr().lines().filter(l -> l.contains(" up=1 series="))).hasSize(5);
        }

        List<ScrapeRecord> records = readAll(data);
        assertThat(records).hasSize(6);
        Path page = data.resolveSibling(data.getFileName() + ".html");
        Project.Run render = Project.jbang(300, "render.java", "--data-dir", data.toString(), "--out", page.toString());
        assertThat(render.exit()).as(render.stderr()).isZero();
        assertThat(render.stderr()).contains("6 lines, 6 samples, 0 failed scrapes");
        assertThat(Files.readString(page)).contains("coppice_sandboxes_created_total", "coppice_sandbox_cpu_percent");
        // Plotly: the pinned local copy, inlined, when launcher/install-plotly.sh installed it; else the CDN.
        if (PlotlySource.localCopy(Path.of("").toAbsolutePath()) != null) {
            assertThat(Files.readString(page)).doesNotContain("<script src=").contains("Plotly");
        } else {
            assertThat(Files.readString(page)).contains("<script src=\"" + Page.PLOTLY_CDN + "\"");
        }
        for (ScrapeRecord record : records) {
            assertThat(record.up()).isTrue();
            assertThat(record.format()).as("the Java client answers OpenMetrics when asked first").isEqualTo("openmetrics");
            assertThat(record.series().keySet()).containsAll(COPPICE_METRICS);
            assertThat(record.types()).containsEntry("coppice_sandboxes_alive", "gauge")
                    .containsEntry("coppice_sandboxes_created", "counter");
            long cpuSeries = record.series().keySet().stream().filter(k -> k.startsWith("coppice_sandbox_cpu_percent{sandbox=\"")).count();
            assertThat(cpuSeries).isEqualTo(Math.round(record.series().get("coppice_sandboxes_alive")));
        }
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).ts()).isAfter(records.get(i - 1).ts());
            assertThat(records.get(i).series().get("coppice_execute_requests_total"))
                    .isGreaterThanOrEqualTo(records.get(i - 1).series().get("coppice_execute_requests_total"));
        }
    }

    @Test
    void demoLeavesTwentySamplesAndAPageWhoseCoppicePanelsDraw(@TempDir Path tmp) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find();
        if (chromium == null) Project.toolOrSkip("chromium", "apt-get install -y chromium");
        if (!Files.isRegularFile(RenderBrowserTest.PLOTLY)) Project.toolOrSkip(PlotlySource.LOCAL_COPY, "launcher/install-plotly.sh");
        Path data = tmp.resolve("metrics");
        Path page = tmp.resolve("metrics.html");

        Project.Run demo = Project.jbang(300, "demo.java", "--data-dir", data.toString(), "--out", page.toString(),
                "--plotly", RenderBrowserTest.PLOTLY.toString());

        assertThat(demo.exit()).as(demo.stderr()).isZero();
        assertThat(demo.stdout().strip()).isEqualTo(page.toAbsolutePath().toString());
        assertThat(readAll(data)).hasSizeGreaterThanOrEqualTo(20);
        String dom = chromium.drawnDom(page, 1280, RenderBrowserTest.TALL); // charts draw lazily: a tall window holds them all
        assertThat(RenderBrowserTest.attribute(dom, "<body", "data-render-error")).as("script error").isNull();
        // The coppice panels (the built-in coppice set, PromQL) say how many lines they drew.
        for (String chart : List.of("panel-coppice-alive", "panel-coppice-lifecycle", "panel-coppice-execution", "panel-coppice-cpu")) {
            java.util.regex.Matcher tag = java.util.regex.Pattern.compile("<div [^>]*id=\"" + chart + "\"[^>]*>").matcher(dom);
            assertThat(tag.find()).as(chart).isTrue();
            String traces = RenderBrowserTest.attribute(tag.group(), "<div", "data-drawn");
            assertThat(traces).as("data-traces of " + chart).isNotNull();
            assertThat(Integer.parseInt(traces)).as("traces drawn in " + chart).isPositive();
        }
    }

    @Test
    void demoWithTwoGatewaysRecordsBothAsNamedTargetsAndTheirPage(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("metrics");
        Path page = tmp.resolve("metrics.html");

        Project.Run demo = Project.jbang(300, "demo.java", "--gateways", "2", "--samples", "6", "--interval", "300ms",
                "--data-dir", data.toString(), "--out", page.toString());

        assertThat(demo.exit()).as(demo.stderr()).isZero();
        List<ScrapeRecord> records = readAll(data);
        assertThat(records).hasSize(12);
        assertThat(records.stream().filter(r -> "gw1".equals(r.instance()))).hasSize(6);
        assertThat(records.stream().filter(r -> "gw2".equals(r.instance()))).hasSize(6);
        assertThat(records.stream().map(ScrapeRecord::target).distinct()).as("two gateways, two URLs").hasSize(2);
        String html = Files.readString(page);
        assertThat(html).contains("Targets: <code>gw1</code>", "<code>gw2</code>", "gw1: coppice_sandboxes_alive", "gw2: coppice_sandboxes_alive");
    }

    @Test
    void watchSendsEverySampleToARemoteWriteReceiverAfterWritingTheDayFile(@TempDir Path data) throws Exception {
        Path prom = data.resolveSibling(data.getFileName() + ".prom");
        Files.writeString(prom, "# TYPE coppice_sandboxes_alive gauge\ncoppice_sandboxes_alive 3\n"
                + "# TYPE coppice_execute_requests_total counter\ncoppice_execute_requests_total 1290\n"
                + "coppice_sandbox_cpu_percent{sandbox=\"3f9a2c1e4b7d40a1b2c3d4e5f6a7b8c9\"} 12.5\n");
        try (RemoteWriterTest.FakeReceiver receiver = new RemoteWriterTest.FakeReceiver()) {
            Project.Run watch = Project.jbang(300, "watch.java", "--url", "file:" + prom, "--interval", "200ms", "--count", "3",
                    "--data-dir", data.toString(), "--remote-write", receiver.url().toString());

            assertThat(watch.exit()).as(watch.stderr()).isZero();
            assertThat(readAll(data)).hasSize(3);
            // Each record: its 3 series plus the 5 report series (up, scrape_duration_seconds, ...); no series left a scrape.
            assertThat(receiver.samplesReceived()).isEqualTo(3 * 8);
            assertThat(watch.stderr()).contains("24 samples sent, 0 dropped");
            assertThat(receiver.headers.peek()).containsEntry("content-encoding", "snappy")
                    .containsEntry("x-prometheus-remote-write-version", "0.1.0");
        }
    }

    static List<ScrapeRecord> readAll(Path data) throws java.io.IOException {
        try (var files = Files.list(data)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).sorted()
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f, StandardCharsets.UTF_8).stream();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(RecordCodec::parse).toList();
        }
    }
}
