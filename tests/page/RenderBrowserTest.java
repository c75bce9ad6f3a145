package page;

import static org.assertj.core.api.Assertions.assertThat;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import record.SeriesKey;
import support.HeadlessChromium;
import support.Project;

/**
 * Renders pages with render.java (through the project's ./jbang) from generated records, hostile label values
 * included, and loads them in headless Chromium with Plotly from the local npm copy in build/plotly/.
 * Set-up: {@code apt-get install -y chromium} and
 * {@code launcher/install-plotly.sh} (Plotly's basic bundle).
 */
public class RenderBrowserTest {
    public static final Path PLOTLY = Path.of(PlotlySource.LOCAL_COPY);
    static final List<String> HOSTILE = List.of("</script><script>alert(1)</script>", "<img src=x onerror=alert(2)>",
            "<a href=\"https://example.invalid/x\">click</a>", "<b>bold</b> \"q\" 'q' &amp;", "sep\u2028ara\u2029tors");

    static HeadlessChromium chromium;
    /** A window tall enough that every chart of these small pages is near the viewport, so all are drawn (they draw lazily). */
    public static final int TALL = 16_000;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        boolean required = "1".equals(System.getenv("COPPICE_REQUIRE_TOOLS"));
        chromium = HeadlessChromium.find();
        String missing = chromium == null ? "chromium not installed (apt-get install -y chromium)"
                : !Files.isRegularFile(PLOTLY) ? PLOTLY + " absent (launcher/install-plotly.sh)"
                : !Files.isExecutable(Path.of("jbang")) ? "run from the project root (./jbang not found)" : null;
        if (missing != null && required) throw new AssertionError("COPPICE_REQUIRE_TOOLS=1 but " + missing);
        Assumptions.assumeTrue(missing == null, missing);
    }

    /** Two hours of 30 s scrapes: counters, gauges, three sandboxes, a histogram, a failed scrape, a restart. */
    static void writeRecords(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> types = new LinkedHashMap<>();
        types.put("coppice_uptime_seconds", "gauge");
        types.put("coppice_sandboxes_alive", "gauge");
        types.put("coppice_sandboxes_created_total", "counter");
        types.put("req_seconds", "histogram");
        long start = Instant.parse("2026-11-29T08:00:00Z").toEpochMilli();
        try (Writer w = Files.newBufferedWriter(dir.resolve("2026-11-29.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < 240; i++) {
                Instant ts = Instant.ofEpochMilli(start + i * 30_000L);
                if (i == 100) {
                    w.write(RecordCodec.json(ScrapeRecord.failed(ts, "http://127.0.0.1:1/metrics", 1000, null, -1, "refused")) + "\n");
                    continue;
                }
                int sinceRestart = i < 150 ? i + 10 : i - 150;
                Map<String, Double> s = new LinkedHashMap<>();
                s.put("coppice_uptime_seconds", sinceRestart * 30.0);
                s.put("coppice_sandboxes_alive", (double) (i % 5));
                s.put("coppice_kernels_alive", (double) (i % 3));
                for (String c : List.of("created", "killed", "paused", "resumed")) {
                    s.put("coppice_sandboxes_" + c + "_total", (double) sinceRestart * (c.length() % 3 + 1));
                }
                s.put("coppice_execute_requests_total", sinceRestart * 7.0);
                s.put("coppice_execute_errors_total", (double) (sinceRestart / 4));
                s.put("coppice_sandbox_create_ns_sum", sinceRestart * 3 * 2.5e8);
                s.put("coppice_execute_ns_sum", sinceRestart * 7 * 4e7);
                for (int sb = 0; sb < 3; sb++) {
                    s.put(SeriesKey.of("coppice_sandbox_cpu_percent", List.of("sandbox", sb + "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d" + (i / 80))), (i + sb * 20) % 90.0);
                }
                for (String h : HOSTILE) s.put(SeriesKey.of("evil_gauge", List.of("label", h)), (double) i);
                s.put(SeriesKey.of("evil_gauge", List.of("label", "right\u202Eto-left")), (double) i);
                s.put(SeriesKey.of("coppice_sandbox_cpu_percent", List.of("sandbox", HOSTILE.get(0))), 5.0);
                double[] le = {0.1, 0.5, 1};
                for (int b = 0; b < 3; b++) s.put(SeriesKey.of("req_seconds_bucket", List.of("le", Double.toString(le[b]))), (double) i * (b + 1));
                s.put(SeriesKey.of("req_seconds_bucket", List.of("le", "+Inf")), i * 4.0);
                w.write(RecordCodec.json(new ScrapeRecord(ts, "http://127.0.0.1:1/metrics", true, 3, "prometheus", 900, null, s, types, Map.of())) + "\n");
            }
        }
    }

    /** Runs ./jbang render.java with the arguments; returns the page path it printed. */
    static Path render(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("render.java"));
        cmd.addAll(List.of(args));
        Project.Run run = Project.jbang(300, cmd.toArray(String[]::new));
        assertThat(run.exit()).as("render exit status; stderr: " + run.stderr()).isZero();
        return Path.of(run.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void everyChartDrawsItsTracesAndNoHostileStringBecomesMarkup() throws Exception {
        writeRecords(tmp.resolve("data"));
        Path page = render("--data-dir", tmp.resolve("data").toString(), "--out", tmp.resolve("page.html").toString(),
                "--plotly", PLOTLY.toString());
        String dom = chromium.drawnDom(page, 1280, TALL);
        assertThat(attribute(dom, "<body", "data-render-error")).as("render error").isNull();
        assertThat(attribute(dom, "<body", "data-draw-ms")).as("all charts drawn").isNotNull();
        Matcher charts = Pattern.compile("<div [^>]*class=\"chart[^\"]*\"[^>]*>").matcher(dom);
        Set<String> drawn = new HashSet<>();
        int count = 0;
        while (charts.find()) {
            count++;
            String tag = charts.group();
            String id = attribute(tag, "<div", "id");
            // A family's chart says how many traces it drew, a panel (the coppice panels are PromQL) how many lines.
            String traces = tag.contains("data-panel-chart") ? attribute(tag, "<div", "data-drawn") : attribute(tag, "<div", "data-traces");
            assertThat(traces).as("data-traces of " + id).isNotNull();
            assertThat(Integer.parseInt(traces)).as("traces of " + id).isPositive();
            drawn.add(id);
        }
        assertThat(drawn).contains("panel-coppice-alive", "panel-coppice-lifecycle", "panel-coppice-execution", "panel-coppice-cpu",
                "panel-coppice-latency");
        // The restart (uptime going down at record 150) is marked on the coppice panels, as on the families' charts.
        assertThat(attribute(dom.substring(dom.lastIndexOf("<div", dom.indexOf("id=\"panel-coppice-alive\""))), "<div", "data-restarts")).isEqualTo("gateway restart");
        assertThat(count).isGreaterThanOrEqualTo(8); // + evil_gauge, req_seconds, uptime, kernels... in Other metrics
        assertThat(dom).doesNotContain("<img", "<script>alert", "<b>bold");
        assertThat(dom).doesNotContainPattern("<a[^>]*example\\.invalid");
        // The legend shows the label values as plain text; a bidi override is shown as an escape, never acting.
        assertThat(dom).contains("&lt;img src=x onerror=alert(2)&gt;");
        assertThat(dom).contains("{label=\"right\\u202Eto-left\"}</text>", "<code>{label=\"right\\u202Eto-left\"}</code>");
        assertThat(dom).contains("Other metrics", "req_seconds");
        assertThat(dom).contains("class=\"main-svg\"");
    }

    @Test
    void emptyDataShowsTheEmptyStateInEveryChart() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        Path page = render("--data-dir", tmp.resolve("empty").toString(), "--out", tmp.resolve("empty.html").toString(),
                "--plotly", PLOTLY.toString());
        String dom = chromium.drawnDom(page, 1280, 900);
        assertThat(attribute(dom, "<body", "data-render-error")).isNull();
        assertThat(PageTest.count(dom, "then render again.")).isEqualTo(5);
        assertThat(dom).doesNotContain("class=\"chart\"");
    }

    @Test
    void screenshotShowsDrawnCharts() throws Exception {
        writeRecords(tmp.resolve("data"));
        Path page = render("--data-dir", tmp.resolve("data").toString(), "--out", tmp.resolve("page.html").toString(),
                "--plotly", PLOTLY.toString());
        Path png = Path.of("build/test-screenshots/render.png");
        Files.createDirectories(png.getParent());
        chromium.screenshot(page, png, 1280, 2000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        Set<Integer> colors = new HashSet<>();
        int plotlyBlue = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colors.add(rgb);
                if (rgb == 0x1F77B4) plotlyBlue++; // Plotly's first trace colour: a line was drawn
            }
        }
        assertThat(colors.size()).as("distinct colours in " + png).isGreaterThan(50);
        assertThat(plotlyBlue).as("pixels of drawn lines in " + png).isGreaterThan(200);
    }

    @Test
    void aFailingPlotlyIsReportedOnTheBody() throws Exception {
        writeRecords(tmp.resolve("data"));
        Path broken = tmp.resolve("broken-plotly.js");
        Files.writeString(broken, "window.Plotly = {newPlot: function () { throw new Error('boom from plotly'); }};");
        Path page = render("--data-dir", tmp.resolve("data").toString(), "--out", tmp.resolve("broken.html").toString(),
                "--plotly", broken.toString());
        String dom = chromium.drawnDom(page, 1280, 900);
        assertThat(attribute(dom, "<body", "data-render-error")).contains("boom from plotly");
        assertThat(dom).doesNotContain("data-traces=");
    }

    /**
     * Two named targets scraped every 30 s from 23:00 to 01:00 across two days, interleaved in the same day files; the
     * first day gzipped. gw2 counts twice as fast, fails one scrape and restarts once; gw1 does neither.
     */
    static void writeTwoTargets(Path dir) throws IOException {
        Files.createDirectories(dir);
        long start = Instant.parse("2026-11-28T23:00:00Z").toEpochMilli();
        StringBuilder first = new StringBuilder(), second = new StringBuilder();
        for (int i = 0; i < 240; i++) {
            for (String name : List.of("gw1", "gw2")) {
                Instant ts = Instant.ofEpochMilli(start + i * 30_000L + (name.equals("gw2") ? 2_000 : 0));
                StringBuilder day = ts.toString().startsWith("2026-11-28") ? first : second;
                if (name.equals("gw2") && i == 150) {
                    day.append(RecordCodec.json(ScrapeRecord.failed(ts, "http://127.0.0.1:2/metrics", 1000, null, -1, "refused").withInstance(name))).append('\n');
                    continue;
                }
                int uptime = name.equals("gw2") && i >= 200 ? i - 200 : i + 10;
                Map<String, Double> s = new LinkedHashMap<>();
                s.put("coppice_uptime_seconds", uptime * 30.0);
                s.put("coppice_sandboxes_alive", (double) (name.equals("gw1") ? 2 : 7));
                s.put("coppice_sandboxes_created_total", (double) uptime * (name.equals("gw1") ? 3 : 6));
                s.put("coppice_execute_requests_total", uptime * 7.0);
                // A chart of gw1's lines only: gw2's restart stays off it. It changes, so it is drawn rather than tabled as unchanged.
                if (name.equals("gw1")) s.put("gw1_queue_depth", (double) (i % 4));
                day.append(RecordCodec.json(new ScrapeRecord(ts, "http://127.0.0.1:" + (name.equals("gw1") ? 1 : 2) + "/metrics", true, 3, "prometheus", 900,
                        null, s, Map.of("coppice_sandboxes_created_total", "counter"), Map.of()).withInstance(name))).append('\n');
            }
        }
        try (java.io.OutputStream gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("2026-11-28.jsonl.gz")))) {
            gz.write(first.toString().getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("2026-11-29.jsonl"), second.toString());
    }

    @Test
    void twoTargetsInterleavedDrawOneLinePerTargetEachUnbrokenByTheOther() throws Exception {
        writeTwoTargets(tmp.resolve("two"));
        Path page = render("--data-dir", tmp.resolve("two").toString(), "--out", tmp.resolve("two.html").toString(),
                "--plotly", PLOTLY.toString());
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).contains("Targets: <code>gw1</code> (240 samples), <code>gw2</code> (239 samples, 1 failed, 1 restart)");
        Matcher data = Pattern.compile("<script type=\"application/json\" id=\"panel-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(data.find()).isTrue();
        Map<String, List<Double>> lifecycle = new LinkedHashMap<>();
        com.fasterxml.jackson.databind.JsonNode panelData = new com.fasterxml.jackson.databind.ObjectMapper().readTree(data.group(1));
        for (com.fasterxml.jackson.databind.JsonNode panel : panelData.get("panels")) {
            if (!panel.get("id").asText().equals("panel-coppice-lifecycle")) continue;
            assertThat(panel.get("restarts").asBoolean()).isTrue();
            for (com.fasterxml.jackson.databind.JsonNode line : panel.get("lines")) {
                List<Double> y = new ArrayList<>();
                for (com.fasterxml.jackson.databind.JsonNode v : line.get("v")) y.add(v.isNull() ? Double.NaN : v.asDouble());
                lifecycle.put(line.get("name").asText(), y);
            }
        }
        // One line per target, told apart by its name as on the families' charts; Prometheus's rate() of a steady
        // counter is its slope at every step, gw1's unbroken by gw2's failed scrape and restart.
        assertThat(lifecycle).containsOnlyKeys("gw1: coppice_sandboxes_created_total", "gw2: coppice_sandboxes_created_total");
        // (The first steps see fewer than five scrapes, and Prometheus extrapolates, limited where the counter would
        // reach zero: 0.0375, 0.0625; docs/panels.md.)
        List<Double> gw1 = lifecycle.get("gw1: coppice_sandboxes_created_total");
        assertThat(gw1).hasSizeGreaterThan(230);
        assertThat(gw1.subList(3, gw1.size())).allSatisfy(y -> assertThat(y).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-9)));
        List<Double> gw2 = lifecycle.get("gw2: coppice_sandboxes_created_total");
        assertThat(gw2).filteredOn(y -> !y.isNaN()).filteredOn(y -> Math.abs(y - 0.2) < 1e-9).hasSizeGreaterThan(220);

        String dom = chromium.drawnDom(page, 1280, TALL);
        assertThat(attribute(dom, "<body", "data-render-error")).as("render error").isNull();
        assertThat(attribute(dom, "<body", "data-draw-ms")).as("all charts drawn").isNotNull();
        assertThat(attribute(dom.substring(dom.lastIndexOf("<div", dom.indexOf("id=\"panel-coppice-lifecycle\""))), "<div", "data-drawn")).isEqualTo("2");
        assertThat(dom).contains("gw1: coppice_sandboxes_created_total", "gw2: coppice_sandboxes_alive");
        // gw2's restart is drawn where gw2 has lines, named for gw2; not on the chart of gw1's lines alone.
        assertThat(attribute(dom.substring(dom.lastIndexOf("<div", dom.indexOf("id=\"panel-coppice-lifecycle\""))), "<div", "data-restarts")).isEqualTo("gw2: gateway restart");
        assertThat(attribute(dom.substring(dom.indexOf("gw1_queue_depth</h3>")), "<div", "data-restarts")).isEmpty();
        assertThat(html).contains("\"restarts\":[{\"target\":\"gw2\",\"at\":[" + (Instant.parse("2026-11-28T23:00:00Z").toEpochMilli() + 200 * 30_000L + 2_000) + "]}]");
    }

    static final long PRECISION_START = Instant.parse("2025-11-29T10:00:00Z").toEpochMilli();
    static final int PRECISION_RECORDS = 30;

    /**
     * The precision and newest-point cases as records every 30 s: the Unix-timestamp gauge, a gauge near 10^5
     * in steps of 0.5, a counter rising 1/3 per second, and three of our own (sums of 0.1, 1 + i * 1e-12, multiples
     * of 1e-300); plus two flat gauges whose last bucket holds equal values.
     */
    static Map<String, Double> precisionSeries(int i) {
        Map<String, Double> s = new LinkedHashMap<>();
        double tenths = 0;
        for (int j = 0; j <= i; j++) tenths += 0.1;
        s.put("last_seen_timestamp_seconds", 1764410400.5 + 60 * i);
        s.put("price", 100000.25 + 0.5 * i);
        s.put("ticks_total", 10.0 * i);
        s.put("tenths", tenths);
        s.put("near_one", 1 + i * 1e-12);
        s.put("tiny", 1e-300 * (i + 1));
        s.put("flat", 7.0);
        s.put("coppice_sandboxes_alive", 2.0);
        return s;
    }

    /** What the page must show for {@code series} at record {@code i}: the gauge's value, or the counter's rate. */
    static double expected(String series, int i) {
        return series.equals("ticks_total") ? 1 / 3.0 : precisionSeries(i).get(series);
    }

    /**
     * Loads {@code page} with a probe appended (the page's policy removed, so the probe may run) that waits until
     * every chart is drawn, hovers each chart at its traces' last points, and writes what Plotly holds as JSON:
     * {@code {chart id: {"traces": [{"name", "x": [UTC wall time], "y": [...]}], "hover": [hover label lines]}}}.
     */
    static String probe(Path page) throws IOException {
        String html = Files.readString(page, StandardCharsets.UTF_8)
                .replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "");
        String script = """
                <pre id="probe"></pre><script>
                (function wait() {
                  if (!document.body.hasAttribute('data-draw-ms')) { setTimeout(wait, 50); return; }
                  var out = {};
                  document.querySelectorAll('.js-plotly-plot').forEach(function (div) {
                    var traces = div.data.filter(function (t) { return t.yaxis !== 'y2'; });
                    Plotly.Fx.hover(div, traces.map(function (t, i) { return {curveNumber: i, pointNumber: t.x.length - 1}; }));
                    out[div.id] = {traces: traces.map(function (t) { return {name: t.name, x: t.x, y: t.y}; }),
                      hover: Array.prototype.map.call(div.querySelectorAll('.hoverlayer text'), function (e) { return e.textContent; })};
                  });
                  document.getElementById('probe').textContent = JSON.stringify(out);
                })();
                </script>""";
        Path probed = page.resolveSibling("probed-" + page.getFileName());
        Files.writeString(probed, html.replace("</body>", script + "</body>"), StandardCharsets.UTF_8);
        String dom = chromium.domWhen(probed, 1280, TALL, "document.getElementById('probe').textContent !== ''");
        Matcher m = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("probe output").isTrue();
        assertThat(m.group(1)).as("probe ran").isNotEmpty();
        return m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    @Test
    void plotlyHoldsEveryValueAsComputedAndEveryLineEndsAtTheLastScrape() throws Exception {
        Path dir = tmp.resolve("precise");
        Files.createDirectories(dir);
        StringBuilder day = new StringBuilder();
        for (int i = 0; i < PRECISION_RECORDS; i++) {
            day.append(RecordCodec.json(new ScrapeRecord(Instant.ofEpochMilli(PRECISION_START + i * 30_000L), "http://127.0.0.1:1/metrics",
                    true, 3, "prometheus", 900, null, precisionSeries(i), Map.of("ticks_total", "counter"), Map.of()))).append('\n');
        }
        Files.writeString(dir.resolve("2025-11-29.jsonl"), day.toString());
        Path page = render("--data-dir", dir.toString(), "--out", tmp.resolve("precise.html").toString(),
                "--plotly", PLOTLY.toString(), "--max-points", "10");
        String json = probe(page);
        long last = PRECISION_START + (PRECISION_RECORDS - 1) * 30_000L;
        Map<String, String> hovered = new LinkedHashMap<>();
        int traces = 0;
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(json)) {
            String name = null, chart = null;
            List<Long> x = new ArrayList<>();
            for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != com.fasterxml.jackson.core.JsonToken.FIELD_NAME) continue;
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "name" -> name = p.getText();
                    case "x" -> {
                        x = new ArrayList<>();
                        // Plotly holds UTC wall-time text: read as UTC, it is the record's time.
                        while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                            x.add(Instant.parse(p.getText().replace(' ', 'T') + "Z").toEpochMilli());
                        }
                    }
                    case "y" -> {
                        traces++;
                        if (chart.startsWith("panel-")) {
                            // A panel (the coppice section's Alive state) is evaluated at steps aligned to its step (174 s
                            // for --max-points 10): its last point is the step at or after the last scrape, which the
                            // look-back still answers with the last scrape's value.
                            assertThat(x.get(x.size() - 1)).as("last time of " + name).isBetween(last, last + 174_000 - 1);
                        } else {
                            assertThat(x.get(x.size() - 1)).as("last time of " + name).isEqualTo(last);
                        }
                        for (int i = 0; p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY; i++) {
                            int record = (int) ((x.get(i) - PRECISION_START) / 30_000);
                            assertThat(Double.parseDouble(p.getText())).as(name + " at record " + record).isEqualTo(expected(name, record));
                        }
                    }
                    case "hover" -> {
                        p.nextToken();
                        String traceName = p.getText();
                        p.nextToken();
                        hovered.put(traceName, p.getText());
                        p.skipChildren();
                    }
                    default -> {
                        if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) chart = field;
                    }
                }
            }
        }
        // "flat" never changed: it is a row of the unchanged-series table (its family's first, the index's landing), not a drawn line.
        assertThat(traces).isEqualTo(7);
        assertThat(Files.readString(page, StandardCharsets.UTF_8)).containsPattern("<tr id=\"f-m-\\d+\"><td><code>flat</code></td><td></td><td>7</td></tr>");
        // The hover label at the last scrape shows every digit, as JavaScript prints the number.
        assertThat(hovered).containsEntry("last_seen_timestamp_seconds", "1764412140.5").containsEntry("price", "100014.75")
                .containsEntry("ticks_total", "0.3333333333333333").containsEntry("tenths", "3.0000000000000013")
                .containsEntry("near_one", "1.000000000029").containsEntry("tiny", "3e-299")
                .containsEntry("coppice_sandboxes_alive", "2 count"); // a panel's hover names its unit
        for (Map.Entry<String, String> e : hovered.entrySet()) {
            assertThat(Double.parseDouble(e.getValue().replace(" count", ""))).as(e.getKey()).isEqualTo(expected(e.getKey(), PRECISION_RECORDS - 1));
        }
    }

    /** The value of {@code name} in the first tag starting with {@code tagStart}, or null. */
    public static String attribute(String html, String tagStart, String name) {
        int at = html.indexOf(tagStart);
        if (at < 0) return null;
        String tag = html.substring(at, html.indexOf('>', at) + 1);
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? m.group(1) : null;
    }
}
