package page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import days.RecordTimes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import panels.Legends;
import query.PromQL;
import query.QueryOptions;
import query.QueryResult;
import queryio.DayFileStorage;
import support.DevTools;
import support.NodeExporterDay;
import support.Project;
import support.ReliabilityFixtures.Scripts;

/**
 * The PromQL panels on the page itself, in headless Chromium: on node_exporter records the page opens with the
 * node_exporter set, and every panel's drawn values are the engine's answer to the expressions its chart element
 * names in {@code data-queries} over the range the panel section names, and the query command, run as a user runs
 * it with those expressions, steps and range, answers the same values; a user's panel file works with render,
 * and a failed scrape is shaded as an outage. The browser runs in America/New_York: the panels' times, axis and outage
 * hovers read UTC as the other charts do (Plotly gets UTC wall-time text, never epoch milliseconds).
 */
public class PanelsBrowserTest {
    static final Duration BOUND = Duration.ofSeconds(120);
    static final ObjectMapper JSON = new ObjectMapper();
    static Path dir;
    static DevTools browser;
    /** The node_exporter records and what the page drew for them, rendered and opened once for the tests that read it. */
    static Path nodeData;
    static JsonNode nodeSeen;

    @BeforeAll
    static void start() throws Exception {
        RenderBrowserTest.tools();
        dir = Files.createTempDirectory("panels-page-");
        browser = DevTools.launch(RenderBrowserTest.chromium);
        browser.emulate(1280, RenderBrowserTest.TALL, 1, false);
        browser.send("Emulation.setTimezoneOverride", Map.of("timezoneId", "America/New_York"));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (browser != null) browser.close();
        if (dir == null) return;
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * What the page drew: per panel chart of the sets above Other metrics (not the coppice section's, which
     * CoppiceSetComparisonTest and RenderBrowserTest check), its data-queries and its traces (name, times, full values).
     */
    static JsonNode drawn(Path page) throws Exception {
        browser.navigate(page);
        browser.waitFor("document.querySelectorAll('[data-panel-chart]').length > 0 && Array.prototype.every.call("
                + "document.querySelectorAll('[data-panel-chart]'), function (d) { return d.hasAttribute('data-drawn')"
                + " || d.parentNode.querySelector('.empty'); })", BOUND);
        return JSON.readTree(browser.evaluate("""
                JSON.stringify({
                  start: Number(document.getElementById('panels').getAttribute('data-start')),
                  end: Number(document.getElementById('panels').getAttribute('data-end')),
                  sets: Array.prototype.map.call(document.querySelectorAll('.panel-set h2'), function (h) { return h.textContent; }),
                  firstHeading: document.querySelector('#panels h3').textContent,
                  panelsBeforeOther: document.getElementById('panels').compareDocumentPosition(document.getElementById('other')) === 4,
                  error: document.body.getAttribute('data-render-error'),
                  charts: Array.prototype.map.call(document.querySelectorAll('#panels [data-panel-chart]'), function (d) {
                    return {id: d.id, queries: JSON.parse(d.getAttribute('data-queries')),
                      outages: (d.data || []).filter(function (t) { return t.name === 'outages'; }).map(function (t) { return t.text; }),
                      shapes: d.layout ? (d.layout.shapes || []).length : 0,
                      shapeFrom: d.layout && d.layout.shapes && d.layout.shapes.length ? d.layout.shapes[0].x0 : null,
                      axis: d.layout ? d.layout.xaxis.title.text : null,
                      traces: (d.data || []).filter(function (t) { return t.name !== 'outages'; }).map(function (t) {
                        var x = [], v = [];
                        for (var i = 0; i < t.x.length; i++) if (t.y[i] !== null) { x.push(t.x[i]); v.push(t.customdata[i]); }
                        return {name: t.name, x: x, v: v};
                      })};
                  })
                })""").asText());
    }

    /** The engine's answer for a chart's expressions, as name -> (time -> value), with the page's legends. */
    static Map<String, Map<Long, Double>> engine(DayFileStorage source, JsonNode chart, long start, long end, List<String> legends) {
        Map<String, Map<Long, Double>> out = new TreeMap<>();
        for (int i = 0; i < chart.get("queries").size(); i++) {
            JsonNode q = chart.get("queries").get(i);
            QueryResult.Matrix m = (QueryResult.Matrix) PromQL.range(source, q.get("expr").asText(), start * 1000, end * 1000,
                    q.get("step").asLong() * 1000, QueryOptions.DEFAULT);
            for (QueryResult.RangeSeries s : m.series()) {
                Map<Long, Double> points = new TreeMap<>();
                for (int j = 0; j < s.timesMs().length; j++) if (Double.isFinite(s.values()[j])) points.put(s.timesMs()[j], s.values()[j]);
                out.put(Legends.apply(legends.get(i), s.labels(), q.get("expr").asText()), points);
            }
        }
        return out;
    }

    static Map<String, Map<Long, Double>> page(JsonNode chart) {
        Map<String, Map<Long, Double>> out = new TreeMap<>();
        for (JsonNode t : chart.get("traces")) {
            Map<Long, Double> points = new TreeMap<>();
            for (int j = 0; j < t.get("x").size(); j++) points.put(utcWallTime(t.get("x").get(j).asText()), Double.parseDouble(t.get("v").get(j).asText()));
            out.put(t.get("name").asText(), points);
        }
        return out;
    }

    /** Epoch ms of the wall time Plotly was given ({@code 2026-11-29 08:50:00.000}), read as UTC. */
    static long utcWallTime(String text) {
        return java.time.LocalDateTime.parse(text.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
    }

    static DayFileStorage storage(Path data) {
        return new DayFileStorage(data, "coppice", true, RecordTimes.system(), new PrintStream(new ByteArrayOutputStream()));
    }

    /** 240 node_exporter records (two hours), rendered and drawn once; later calls reuse the page. */
    static synchronized JsonNode nodePage() throws Exception {
        if (nodeSeen != null) return nodeSeen;
        nodeData = dir.resolve("node");
        NodeExporterDay.write(nodeData, 240);
        Path page = RenderBrowserTest.render("--data-dir", nodeData.toString(), "--out", dir.resolve("node.html").toString(),
                "--plotly", RenderBrowserTest.PLOTLY.toString());
        nodeSeen = drawn(page);
        return nodeSeen;
    }

    @Test
    void onNodeExporterDataEveryPanelDrawsTheEnginesAnswer() throws Exception {
        JsonNode seen = nodePage();
        Path data = nodeData;
        assertThat(seen.get("error").isNull()).as(seen.get("error").asText()).isTrue();
        assertThat(seen.get("sets").get(0).asText()).startsWith("node_exporter");
        assertThat(seen.get("firstHeading").asText()).isEqualTo("CPU busy");
        assertThat(seen.get("panelsBeforeOther").asBoolean()).isTrue();
        List<String> legendsByChart = new ArrayList<>();
        var sets = new ArrayList<panels.PanelSet>(panels.BuiltInPanelSets.all());
        DayFileStorage source = storage(data);
        int compared = 0;
        for (JsonNode chart : seen.get("charts")) {
            List<String> legends = legends(sets, chart.get("id").asText());
            Map<String, Map<Long, Double>> expected = engine(source, chart, seen.get("start").asLong(), seen.get("end").asLong(), legends);
            assertThat(page(chart)).as(chart.get("id").asText()).isEqualTo(expected);
            compared += expected.size();
            legendsByChart.add(chart.get("id").asText());
        }
        assertThat(legendsByChart).contains("panel-node-exporter-cpu-busy", "panel-node-exporter-memory-used",
                "panel-node-exporter-network-traffic", "panel-node-exporter-disk-utilisation");
        assertThat(compared).isGreaterThan(20);
    }

    /**
     * Four panels of different kinds (a rate averaged per instance, a sum by mode over a count of cores, a ratio as
     * percent, a rate per disk device): every expression of each, as its chart names it in {@code data-queries}, given
     * to the query command (a JVM of its own, as a user runs it) with {@code --format json}, the chart's step and the
     * panel section's range, answers exactly the series and values the page drew, legends applied.
     */
    @Test
    void thePanelsValuesAreTheQueryCommandsAnswers() throws Exception {
        JsonNode seen = nodePage();
        var sets = new ArrayList<panels.PanelSet>(panels.BuiltInPanelSets.all());
        String start = seen.get("start").asText(), end = seen.get("end").asText();
        List<String> ids = List.of("panel-node-exporter-cpu-busy", "panel-node-exporter-cpu-by-mode", "panel-node-exporter-memory-used",
                "panel-node-exporter-disk-utilisation");
        int points = 0;
        for (String id : ids) {
            JsonNode chart = null;
            for (JsonNode c : seen.get("charts")) if (c.get("id").asText().equals(id)) chart = c;
            assertThat(chart).as(id).isNotNull();
            List<String> legends = legends(sets, id);
            Map<String, Map<Long, Double>> answered = new TreeMap<>();
            for (int i = 0; i < chart.get("queries").size(); i++) {
                JsonNode q = chart.get("queries").get(i);
                Project.Run run = Scripts.run(BOUND, "query", "--data-dir", nodeData.toString(), "--start", start, "--end", end,
                        "--step", q.get("step").asLong() + "s", "--format", "json", q.get("expr").asText());
                assertThat(run.exit()).as(id + ": " + run.stderr()).isZero();
                answered.putAll(queryAnswer(run.stdout(), legends.get(i), q.get("expr").asText()));
            }
            assertThat(page(chart)).as(id).isEqualTo(answered);
            for (Map<Long, Double> series : answered.values()) points += series.size();
        }
        // Two hours at a 30 s step for 1 + 7 modes + 1 + 2 devices series (an empty answer on both sides would pass too).
        assertThat(points).isGreaterThan(11 * 200);
    }

    /** The query command's JSON answer (Prometheus's API shape) as legend name -> (time ms -> value), finite values only. */
    static Map<String, Map<Long, Double>> queryAnswer(String json, String legend, String expr) throws Exception {
        JsonNode answer = JSON.readTree(json);
        assertThat(answer.at("/data/resultType").asText()).isEqualTo("matrix");
        Map<String, Map<Long, Double>> out = new TreeMap<>();
        for (JsonNode s : answer.at("/data/result")) {
            Map<String, String> labels = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : s.get("metric").properties()) labels.put(e.getKey(), e.getValue().asText());
            Map<Long, Double> series = new TreeMap<>();
            for (JsonNode point : s.get("values")) {
                double v = switch (point.get(1).asText()) {
                    case "NaN", "+Inf", "-Inf" -> Double.NaN;
                    default -> Double.parseDouble(point.get(1).asText());
                };
                if (!Double.isNaN(v)) series.put(Math.round(point.get(0).asDouble() * 1000), v);
            }
            out.put(Legends.apply(legend, labels, expr), series);
        }
        return out;
    }

    @Test
    void aUserPanelFileIsDrawnAndAFailedScrapeIsShaded() throws Exception {
        Path data = dir.resolve("coppice");
        RenderBrowserTest.writeRecords(data);
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, """
                name: mine
                panels:
                  - title: Sandboxes alive
                    unit: count
                    queries:
                      - expr: max by (instance) (coppice_sandboxes_alive)
                        legend: "alive"
                """, StandardCharsets.UTF_8);
        Path page = RenderBrowserTest.render("--data-dir", data.toString(), "--out", dir.resolve("mine.html").toString(),
                "--plotly", RenderBrowserTest.PLOTLY.toString(), "--panels", file.toString());
        JsonNode seen = drawn(page);
        JsonNode chart = seen.get("charts").get(0);
        assertThat(chart.get("id").asText()).isEqualTo("panel-mine-sandboxes-alive");
        Map<String, Map<Long, Double>> expected = engine(storage(data), chart, seen.get("start").asLong(), seen.get("end").asLong(), List.of("alive"));
        assertThat(page(chart)).isEqualTo(expected);
        assertThat(chart.get("shapes").asInt()).isEqualTo(1);
        assertThat(chart.get("shapeFrom").asText()).isEqualTo("2026-11-29 08:50:00.000");
        assertThat(chart.get("axis").asText()).isEqualTo("time (UTC)");
        assertThat(chart.get("outages").get(0).get(0).asText())
                .isEqualTo("http://127.0.0.1:1/metrics: scrapes failed from 2026-11-29 08:50:00 UTC to 2026-11-29 08:50:30 UTC (refused)");
    }

    @Test
    void theReadersChoiceOfTheBrowsersZoneMovesThePanelsTimesAsTheOtherCharts() throws Exception {
        Path data = dir.resolve("zone");
        RenderBrowserTest.writeRecords(data);
        Path file = dir.resolve("zone.yaml");
        Files.writeString(file, """
                name: zone
                panels:
                  - title: Sandboxes alive
                    unit: count
                    queries:
                      - expr: max by (instance) (coppice_sandboxes_alive)
                """, StandardCharsets.UTF_8);
        Path page = RenderBrowserTest.render("--data-dir", data.toString(), "--out", dir.resolve("zone.html").toString(),
                "--plotly", RenderBrowserTest.PLOTLY.toString(), "--panels", file.toString());
        String seen = "(function () { var d = document.getElementById('panel-zone-sandboxes-alive'); return d && d.data && d.layout"
                + " && document.getElementById('time-zone') ? [d.data[0].x[0], d.layout.shapes[0].x0, d.layout.xaxis.title.text,"
                + " d.data[d.data.length - 1].text[0], document.getElementById('time-zone').textContent].join('|') : null; })()";
        try (DevTools kolkata = DevTools.launch(RenderBrowserTest.chromium)) {
            kolkata.send("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Kolkata"));
            kolkata.emulate(1280, RenderBrowserTest.TALL, 1, false);
            kolkata.navigate(page);
            String[] utc = kolkata.waitFor(seen, BOUND).asText().split("\\|");
            assertThat(utc[1]).isEqualTo("2026-11-29 08:50:00.000");
            assertThat(utc[2]).isEqualTo("time (UTC)");
            assertThat(utc[3]).contains("from 2026-11-29 08:50:00 UTC to 2026-11-29 08:50:30 UTC");
            String zone = kolkata.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone").asText();
            kolkata.evaluate("document.getElementById('time-zone').click()");
            String[] local = kolkata.waitFor("document.getElementById('time-zone') && document.getElementById('time-zone').textContent"
                    + " === 'Show chart times in UTC' && " + seen, BOUND).asText().split("\\|");
            assertThat(utcWallTime(local[0]) - utcWallTime(utc[0])).isEqualTo(Duration.ofMinutes(330).toMillis());
            assertThat(local[1]).isEqualTo("2026-11-29 14:20:00.000");
            assertThat(local[2]).isEqualTo("time (" + zone + ")");
            assertThat(local[3]).contains("from 2026-11-29 14:20:00 " + zone + " to 2026-11-29 14:20:30 " + zone);
        }
    }

    private static List<String> legends(List<panels.PanelSet> sets, String chartId) {
        for (panels.PanelSet s : sets) {
            for (panels.Panel p : s.panels()) {
                if (panels.PanelPage.chartId(s, p).equals(chartId)) return p.queries().stream().map(panels.Panel.Query::legend).toList();
            }
        }
        throw new AssertionError("no panel for " + chartId);
    }
}
