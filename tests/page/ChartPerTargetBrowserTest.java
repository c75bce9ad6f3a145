package page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import panels.BuiltInPanelSets;
import panels.PanelFiles;
import panels.PanelPages;
import panels.PanelSet;
import queryio.DayFileStorage;
import support.DevTools;
import support.HeadlessChromium;

/**
 * One small chart per target ({@code --chart-per-target}), in headless Chromium, on the two targets of
 * {@link OutagesBrowserTest}: a family of Other metrics with lines of both targets, and a panel of one series per
 * instance, become one small chart per target, each named by its target and shading only its own outages; a family of
 * one target stays one chart. Without the option each is one chart with a line per target.
 */
public class ChartPerTargetBrowserTest {
    static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        RenderBrowserTest.tools();
    }

    /** For every chart element under {@code selector}: its title (or ""), its line names, its shaded stretches. */
    static String probe(String selector) {
        return "(function () { var ds = document.querySelectorAll('" + selector + "'); if (ds.length === 0) return null;"
                + " var out = []; for (var i = 0; i < ds.length; i++) { var d = ds[i]; if (!d.data || !d.layout) return null;"
                + " out.push({title: d.layout.title && d.layout.title.text || '', shapes: (d.layout.shapes || []).length,"
                + " lines: d.data.filter(function (t) { return t.name !== 'outages' && t.yaxis !== 'y2'; }).map(function (t) { return t.name; })}); }"
                + " return JSON.stringify(out); })()";
    }

    /** The built-in sets and a panel of one line per instance. */
    List<PanelSet> sets(Path data) throws Exception {
        Path file = tmp.resolve("mine.yaml");
        Files.writeString(file, """
                name: mine
                panels:
                  - title: Queue depth
                    unit: count
                    queries:
                      - expr: max by (instance) (queue_depth)
                        legend: "{{instance}}"
                """, StandardCharsets.UTF_8);
        List<PanelSet> sets = new ArrayList<>(BuiltInPanelSets.all());
        sets.addAll(PanelFiles.read(List.of(file), data));
        return sets;
    }

    Path render(Path data, boolean perTarget) throws Exception {
        List<PanelSet> sets = sets(data);
        DayFileStorage storage = new DayFileStorage(data, "coppice", true, RecordTimes.system(), new PrintStream(new ByteArrayOutputStream()));
        Path out = tmp.resolve(perTarget ? "per-target.html" : "lines.html");
        Renderer.render(new Renderer.Settings(data, out, 2000, 100, null, null, RenderBrowserTest.PLOTLY.toString(), perTarget), null,
                (first, last, names) -> PanelPages.build(storage, sets, names, first, last, 2000, List.of("coppice")));
        return out;
    }

    @Test
    void withTheOptionEachTargetHasASmallChartOfItsOwnAndWithoutItALine() throws Exception {
        Path data = tmp.resolve("data");
        OutagesBrowserTest.writeRecords(data);
        Path split = render(data, true), lines = render(data, false);
        try (DevTools browser = DevTools.launch(RenderBrowserTest.chromium)) {
            browser.emulate(1280, RenderBrowserTest.TALL, 1, false);
            browser.navigate(split);
            browser.waitFor(HeadlessChromium.FIRST_SCREEN_DRAWN, BOUND);
            assertThat(browser.evaluate("document.body.getAttribute('data-render-error')").isNull()).isTrue();
            String family = "#f-' + Array.prototype.filter.call(document.querySelectorAll('#other .family'), function (f) {"
                    + " return f.querySelector('h3').textContent === '%s'; })[0].id.slice(2) + ' ";
            JsonNode queue = PanelsBrowserTest.JSON.readTree(browser.waitFor(probe(family.formatted("queue_depth") + ".chart.small"), BOUND).asText());
            assertThat(queue).hasSize(2);
            assertThat(queue.get(0).get("title").asText()).isEqualTo("gw1");
            assertThat(queue.get(0).get("lines")).extracting(JsonNode::asText).containsExactly("gw1: queue_depth");
            assertThat(queue.get(0).get("shapes").asInt()).isEqualTo(2);
            assertThat(queue.get(1).get("title").asText()).isEqualTo("gw2");
            assertThat(queue.get(1).get("lines")).extracting(JsonNode::asText).containsExactly("gw2: queue_depth");
            assertThat(queue.get(1).get("shapes").asInt()).isZero();
            JsonNode alone = PanelsBrowserTest.JSON.readTree(browser.waitFor(probe(family.formatted("gw2_only") + "[data-chart]"), BOUND).asText());
            assertThat(alone).hasSize(1);
            assertThat(alone.get(0).get("title").asText()).isEmpty();
            JsonNode panel = PanelsBrowserTest.JSON.readTree(browser.waitFor(probe("#panel-mine-queue-depth .chart.small"), BOUND).asText());
            assertThat(panel).extracting(p -> p.get("title").asText()).containsExactly("gw1", "gw2");
            assertThat(panel).extracting(p -> p.get("lines").size()).containsExactly(1, 1);
            assertThat(panel).extracting(p -> p.get("shapes").asInt()).containsExactly(2, 0);

            browser.navigate(lines);
            browser.waitFor(HeadlessChromium.FIRST_SCREEN_DRAWN, BOUND);
            JsonNode one = PanelsBrowserTest.JSON.readTree(browser.waitFor(probe(family.formatted("queue_depth") + "[data-chart]"), BOUND).asText());
            assertThat(one).hasSize(1);
            assertThat(one.get(0).get("lines")).extracting(JsonNode::asText).containsExactly("gw1: queue_depth", "gw2: queue_depth");
            assertThat(browser.evaluate("document.querySelectorAll('.chart.small').length").asInt()).isZero();
            JsonNode onePanel = PanelsBrowserTest.JSON.readTree(browser.waitFor(probe("#panel-mine-queue-depth"), BOUND).asText());
            assertThat(onePanel.get(0).get("lines")).extracting(JsonNode::asText).containsExactly("gw1", "gw2");
            assertThat(onePanel.get(0).get("shapes").asInt()).isEqualTo(2);
        }
    }

    @Test
    void watchsLivePageCarriesTheChoiceInItsData() throws Exception {
        Path data = tmp.resolve("data");
        OutagesBrowserTest.writeRecords(data);
        Path out = tmp.resolve("live.html");
        Renderer.Settings settings = new Renderer.Settings(data, out, 2000, 100, null, null, null, true);
        LivePage page = LivePage.open(settings, new PlotlySource("https://cdn.example/plotly.js", null, "test"), Duration.ofSeconds(30),
                new PrintStream(new ByteArrayOutputStream()));
        page.close();
        assertThat(LivePageTest.liveContent(out).get("data").get("perTarget").asBoolean()).isTrue();
        Renderer.render(new Renderer.Settings(data, tmp.resolve("lines.html"), 2000, 100, null, null, "https://cdn.example/plotly.js"), null);
        assertThat(Files.readString(tmp.resolve("lines.html"), StandardCharsets.UTF_8)).doesNotContain("\"perTarget\"");
    }

    @Test
    void onTheLivePageTheSmallChartsStayWithTheirZoomWhenItsDataComesAgain() throws Exception {
        Path data = tmp.resolve("data");
        OutagesBrowserTest.writeRecords(data);
        List<PanelSet> sets = sets(data);
        DayFileStorage storage = new DayFileStorage(data, "coppice", true, RecordTimes.system(), new PrintStream(new ByteArrayOutputStream()));
        Path out = tmp.resolve("live.html");
        Renderer.Settings settings = new Renderer.Settings(data, out, 2000, 100, null, null, RenderBrowserTest.PLOTLY.toString(), true);
        // A 1 s interval: the records are old, so the page loads its data script again every second.
        LivePage page = LivePage.open(settings, PlotlySource.resolve(settings.plotly(), null), Duration.ofSeconds(1),
                new PrintStream(new ByteArrayOutputStream()), (first, last, names) -> PanelPages.build(storage, sets, names, first, last, 2000,
                        List.of("coppice")));
        String other = "document.querySelector('#other .chart.small')", panel = "document.querySelector('#panel-mine-queue-depth .chart.small')";
        try (DevTools browser = DevTools.launch(RenderBrowserTest.chromium)) {
            browser.emulate(1280, RenderBrowserTest.TALL, 1, false);
            browser.navigate(out);
            browser.waitFor(other + " && " + other + ".data && " + panel + " && " + panel + ".data", BOUND);
            String from = "2026-11-29 08:10:00", to = "2026-11-29 08:30:00";
            browser.waitFor("Plotly.relayout(" + panel + ", {'xaxis.range': ['" + from + "', '" + to + "']}).then(function () {"
                    + " window.smallChart = " + other + "; window.smallPanel = " + panel + ";"
                    + " window.updatesBefore = Number(document.body.getAttribute('data-updates') || 0); return true; })", BOUND);
            JsonNode after = browser.waitFor("Number(document.body.getAttribute('data-updates') || 0) >= window.updatesBefore + 2 && ({"
                    + "sameChart: " + other + " === window.smallChart, samePanel: " + panel + " === window.smallPanel,"
                    + " range: " + panel + ".layout.xaxis.range, charts: document.querySelectorAll('#other .chart.small').length,"
                    + " panels: document.querySelectorAll('#panel-mine-queue-depth .chart.small').length})", BOUND);
            assertThat(after.get("sameChart").asBoolean()).isTrue();
            assertThat(after.get("samePanel").asBoolean()).isTrue();
            assertThat(after.get("range").get(0).asText()).isEqualTo(from);
            assertThat(after.get("range").get(1).asText()).isEqualTo(to);
            assertThat(after.get("panels").asInt()).isEqualTo(2);
            assertThat(after.get("charts").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(browser.consoleErrors()).isEmpty();
        } finally {
            page.close();
        }
    }
}
