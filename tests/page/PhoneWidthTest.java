package page;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import record.SeriesKey;
import support.DevTools;
import support.NodeExporterDay;

/**
 * Pages at phone width (420 CSS px, a mobile device at 3 device pixels per CSS pixel, emulated through DevTools): every
 * chart, scrolled into view one after the other, draws, and its legend can be seen whole, every entry inside the
 * legend's box (none behind a legend scrollbar), inside the chart and inside the screen's width. On node_exporter data
 * (every group opened) and on coppice data from two gateways with 16 sandboxes (the Per-sandbox CPU panel).
 *
 * <p>Real time, not the command line's virtual time: under {@code --virtual-time-budget} a probe that only polls with
 * setTimeout lets virtual time run ahead while Chromium produces no frame, so the IntersectionObserver that draws a
 * chart scrolled to never reports (the earlier probe stalled there, on a different chart each run; with a
 * requestAnimationFrame loop beside it, every chart drew).
 */
public class PhoneWidthTest {
    static final int WIDTH = 420;
    /** Only a give-up bound for one chart to draw; never a speed assertion. */
    static final Duration DRAW_BOUND = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    static DevTools browser;

    @BeforeAll
    static void phone() {
        RenderBrowserTest.tools();
        browser = DevTools.launch(RenderBrowserTest.chromium);
        browser.emulate(WIDTH, 800, 3, true);
    }

    @AfterAll
    static void close() {
        if (browser != null) browser.close();
    }

    /** What one chart's legend looks like once drawn: boxes in CSS px relative to the viewport, [left, right, top, bottom]. */
    static final String MEASURE = """
            (function (id) {
              function box(el) { var r = el.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; }
              function seen(el) {
                for (; el && el.nodeType === 1; el = el.parentNode) {
                  var s = getComputedStyle(el);
                  if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
                }
                return true;
              }
              var div = document.getElementById(id);
              var legend = div.querySelector('g.legend');
              var out = {id: id, traces: Number(div.getAttribute('data-traces') || div.getAttribute('data-drawn')), chart: box(div),
                         viewport: window.innerWidth, scrollWidth: document.documentElement.scrollWidth};
              var title = div.querySelector('text.xtitle');
              if (title) out.title = box(title);
              out.ticks = Array.prototype.map.call(div.querySelectorAll('g.xtick text'), function (t) { return {text: t.textContent, box: box(t)}; });
              if (!legend) return out;
              var bar = legend.querySelector('rect.scrollbar');
              out.legend = {box: box(legend.querySelector('rect.bg')), seen: seen(legend),
                            scrollbar: bar ? bar.getBoundingClientRect().height : 0};
              out.entries = Array.prototype.map.call(legend.querySelectorAll('g.traces'), function (t) {
                var text = t.querySelector('text.legendtext');
                return {text: text.textContent, box: box(text), seen: seen(text)};
              });
              return out;
            })
            """;

    /**
     * Loads {@code page}, opens every collapsed group, scrolls each chart into view in page order, waits until it is
     * drawn and measures it with {@link #MEASURE}.
     */
    static List<JsonNode> legendsOf(Path page) {
        browser.navigate(page);
        browser.waitFor("document.body.hasAttribute('data-first-screen-ms')", DRAW_BOUND);
        browser.evaluate("document.querySelectorAll('details.group').forEach(function (g) { g.open = true; })");
        List<JsonNode> out = new ArrayList<>();
        // The families' charts (drawn when scrolled to) and the panels (the coppice section's among them).
        for (JsonNode id : browser.evaluate("Array.prototype.map.call(document.querySelectorAll('[data-chart], [data-panel-chart]'), "
                + "function (d) { return d.id; })")) {
            String quoted = "'" + id.asText() + "'";
            browser.evaluate("document.getElementById(" + quoted + ").scrollIntoView()");
            browser.waitFor("document.getElementById(" + quoted + ").hasAttribute('data-traces') || document.getElementById(" + quoted
                    + ").hasAttribute('data-drawn')", DRAW_BOUND);
            out.add(browser.evaluate("(" + MEASURE.strip() + ")(" + quoted + ")"));
        }
        assertThat(browser.evaluate("document.body.getAttribute('data-render-error')").isNull()).isTrue();
        return out;
    }

    /** Every legend entry of every chart drawn, seen, and inside its legend's box, its chart and the screen. */
    static void assertEveryLegendSeenWhole(List<JsonNode> charts) {
        assertThat(browser.consoleErrors()).isEmpty();
        for (JsonNode chart : charts) {
            String what = chart.toString();
            assertThat(chart.get("viewport").asInt()).isEqualTo(WIDTH);
            assertThat(chart.get("scrollWidth").asInt()).as("nothing wider than the screen: " + what).isLessThanOrEqualTo(WIDTH);
            JsonNode legend = chart.get("legend");
            assertThat(legend).as("a legend: " + what).isNotNull();
            assertThat(legend.get("seen").asBoolean()).as("legend not hidden: " + what).isTrue();
            assertThat(legend.get("scrollbar").asDouble()).as("no entry behind a legend scrollbar: " + what).isZero();
            double[] box = edges(legend.get("box"));
            double[] plot = edges(chart.get("chart"));
            assertThat(box[1] - box[0]).as("legend width: " + what).isPositive();
            assertThat(box[3] - box[2]).as("legend height: " + what).isPositive();
            assertThat(chart.get("entries").size()).as("one entry a line: " + what).isEqualTo(chart.get("traces").asInt());
            // The axis title inside the chart and clear of the legend; every time label (with its date) inside the chart.
            double[] title = edges(chart.get("title"));
            assertThat(title[3] <= box[2] + 1 || title[2] >= box[3] - 1 || title[1] <= box[0] + 1 || title[0] >= box[1] - 1)
                    .as("axis title " + chart.get("title") + " clear of the legend " + legend.get("box") + ": " + what).isTrue();
            assertThat(title[0] >= plot[0] - 1 && title[1] <= plot[1] + 1 && title[3] <= plot[3] + 1).as("axis title inside: " + what).isTrue();
            assertThat(chart.get("ticks").size()).as("time labels: " + what).isPositive();
            for (JsonNode tick : chart.get("ticks")) {
                double[] label = edges(tick.get("box"));
                // A tick at the very end of a panel's range (its last step) Plotly keeps but does not lay out: no box, not seen.
                if (label[0] == 0 && label[1] == 0 && label[2] == 0 && label[3] == 0) continue;
                assertThat(label[0]).as("left edge of time label " + tick + " in " + what).isGreaterThanOrEqualTo(Math.max(plot[0], 0) - 1);
                assertThat(label[1]).as("right edge of time label " + tick + " in " + what).isLessThanOrEqualTo(Math.min(plot[1], WIDTH) + 1);
                assertThat(label[3]).as("bottom of time label " + tick + " in " + what).isLessThanOrEqualTo(Math.min(title[2], box[2]) + 1);
            }
            for (JsonNode entry : chart.get("entries")) {
                double[] text = edges(entry.get("box"));
                assertThat(entry.get("seen").asBoolean()).as("entry not hidden: " + entry + " in " + what).isTrue();
                assertThat(entry.get("text").asText()).as(what).isNotBlank();
                assertThat(text[1] - text[0]).as("entry width: " + entry + " in " + what).isPositive();
                assertThat(text[3] - text[2]).as("entry height: " + entry + " in " + what).isPositive();
                // Inside the legend's box, the chart, and the screen's width (1 px for rounding).
                assertThat(text[0]).as("left edge of " + entry + " in " + what).isGreaterThanOrEqualTo(Math.max(Math.max(box[0], plot[0]), 0) - 1);
                assertThat(text[1]).as("right edge of " + entry + " in " + what).isLessThanOrEqualTo(Math.min(Math.min(box[1], plot[1]), WIDTH) + 1);
                assertThat(text[2]).as("top of " + entry + " in " + what).isGreaterThanOrEqualTo(Math.max(box[2], plot[2]) - 1);
                assertThat(text[3]).as("bottom of " + entry + " in " + what).isLessThanOrEqualTo(Math.min(box[3], plot[3]) + 1);
            }
        }
    }

    static double[] edges(JsonNode box) {
        return new double[] {box.get(0).asDouble(), box.get(1).asDouble(), box.get(2).asDouble(), box.get(3).asDouble()};
    }

    @Test
    void nodeExporterEveryChartShowsItsWholeLegend() throws Exception {
        NodeExporterDay.write(dir.resolve("node"), 240);
        Path page = RenderBrowserTest.render("--data-dir", dir.resolve("node").toString(), "--out", dir.resolve("node.html").toString(),
                "--plotly", RenderBrowserTest.PLOTLY.toString());
        List<JsonNode> charts = legendsOf(page);
        assertThat(charts).hasSizeGreaterThan(100);
        // A node_exporter day has charts of 20 and more lines (node_cpu_seconds_total, node_vmstat, ...).
        assertThat(charts).anySatisfy(c -> assertThat(c.get("traces").asInt()).isGreaterThanOrEqualTo(20));
        assertEveryLegendSeenWhole(charts);
    }

    @Test
    void coppiceEveryPanelShowsItsWholeLegendPerSandboxCpuIncluded() throws Exception {
        writeCoppice(dir.resolve("coppice"));
        Path page = RenderBrowserTest.render("--data-dir", dir.resolve("coppice").toString(), "--out", dir.resolve("coppice.html").toString(),
                "--plotly", RenderBrowserTest.PLOTLY.toString());
        List<JsonNode> charts = legendsOf(page);
        assertThat(charts).hasSizeGreaterThanOrEqualTo(5);
        // The Per-sandbox CPU panel: one line per sandbox and gateway.
        assertThat(charts).anySatisfy(c -> assertThat(c.get("traces").asInt()).isEqualTo(2 * SANDBOXES));
        assertEveryLegendSeenWhole(charts);
    }

    static final int SANDBOXES = 8;

    /** Two gateways, two hours at 30 s, every coppice panel's metrics, {@link #SANDBOXES} sandboxes each with CPU. */
    static void writeCoppice(Path data) throws IOException {
        Files.createDirectories(data);
        long start = Instant.parse("2026-11-29T08:00:00Z").toEpochMilli();
        Map<String, String> types = Map.of("coppice_sandboxes_created_total", "counter", "coppice_sandboxes_killed_total", "counter",
                "coppice_execute_requests_total", "counter", "coppice_execute_errors_total", "counter",
                "coppice_sandbox_create_ns_sum", "counter", "coppice_execute_ns_sum", "counter");
        StringBuilder day = new StringBuilder();
        for (int i = 0; i < 240; i++) {
            for (int g = 1; g <= 2; g++) {
                Instant ts = Instant.ofEpochMilli(start + i * 30_000L + g * 1000L);
                Map<String, Double> s = new LinkedHashMap<>();
                s.put("coppice_uptime_seconds", (i + 10) * 30.0);
                s.put("coppice_sandboxes_alive", (double) (SANDBOXES - i % 3));
                s.put("coppice_kernels_alive", (double) (i % 4));
                s.put("coppice_sandboxes_created_total", i * 3.0 * g);
                s.put("coppice_sandboxes_killed_total", i * 2.0 * g);
                s.put("coppice_execute_requests_total", i * 7.0);
                s.put("coppice_execute_errors_total", (double) (i / 4));
                s.put("coppice_sandbox_create_ns_sum", i * 3 * g * 2.5e8 * (1 + i % 5 / 10.0));
                s.put("coppice_execute_ns_sum", i * 7 * 4e7 * (1 + i % 7 / 10.0));
                for (int sb = 0; sb < SANDBOXES; sb++) {
                    String id = String.format("%08x-%04x-4000-8000-%012x", 0x5a0b1c2dL + sb * 7919L + g, sb, 0xabcdefL * (sb + 1));
                    s.put(SeriesKey.of("coppice_sandbox_cpu_percent", List.of("sandbox", id)), (i * (sb + 1) + g * 13) % 97.0);
                }
                day.append(RecordCodec.json(new ScrapeRecord(ts, "http://127.0.0.1:" + g + "/metrics", true, 3, "prometheus", 900, null,
                        s, types, Map.of()).withInstance("gateway-" + g))).append('\n');
            }
        }
        Files.writeString(data.resolve("2026-11-29.jsonl"), day.toString(), StandardCharsets.UTF_8);
    }
}
