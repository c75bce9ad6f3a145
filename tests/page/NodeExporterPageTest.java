package page;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parse.ExpositionFormat;
import parse.ExpositionParser;
import record.SeriesKey;
import support.DevTools;
import support.NodeExporterDay;

/**
 * The page of two hours of a node_exporter (generated from the real exposition, {@link NodeExporterDay}) in headless
 * Chromium: one run of the page with a probe that scrolls, filters and follows index links (phone width: {@link PhoneWidthTest}).
 */
public class NodeExporterPageTest {
    static Path dir;
    static Path page;
    static Json data;
    static Json probed;

    static DevTools browser;
    /** Only a give-up bound for a stuck step; never a speed assertion. */
    static final Duration BOUND = Duration.ofSeconds(120);

    /** Functions the steps below use, defined in the page (DevTools' evaluation is not bound by the page's CSP). */
    static final String HELPERS = """
            window.probe = {
              shown: function (el) { return el.getClientRects().length > 0; },
              titles: function () {
                return Array.prototype.filter.call(document.querySelectorAll('.family'), probe.shown)
                  .map(function (f) { return f.querySelector('h3').textContent; });
              },
              chartsShown: function () { return Array.prototype.filter.call(document.querySelectorAll('[data-chart]'), probe.shown); },
              rowsShown: function () {
                return Array.prototype.filter.call(document.querySelectorAll('details.group tbody tr'), probe.shown)
                  .map(function (r) { return r.textContent; });
              },
              type: function (text) {
                var input = document.getElementById('filter');
                input.value = text;
                input.dispatchEvent(new Event('input', {bubbles: true}));
              },
              // Resolves after two animation frames: a scroll that a click started has been laid out.
              frames: function () {
                return new Promise(function (done) { requestAnimationFrame(function () { requestAnimationFrame(done); }); });
              }
            };
            """;

    /**
     * Loads the page at 1280 x 900 in real time through DevTools and walks it as a user would: scrolls to the last chart,
     * filters by a name and by a label, clears the filter, follows an index link to a collapsed group and one to a family
     * inside another collapsed group. What it saw goes into one JSON object the tests read.
     */
    static Json walk(Path page) throws IOException {
        browser.send("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.violations = []; document.addEventListener('securitypolicyviolation', function (e) {"
                        + " violations.push(e.blockedURI + ' ' + e.violatedDirective); });"));
        browser.emulate(1280, 900, 1, false);
        browser.navigate(page);
        browser.waitFor("document.body.hasAttribute('data-first-screen-ms')", BOUND);
        browser.evaluate(HELPERS);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("initialTitles", browser.evaluate("probe.titles()"));
        out.put("drawnAtFirst", browser.evaluate("Number(document.body.getAttribute('data-drawn') || 0)").asInt());
        out.put("panelsAtFirst", browser.evaluate("document.querySelectorAll('[data-panel-chart][data-drawn]').length").asInt());
        out.put("panelCharts", browser.evaluate("document.querySelectorAll('[data-panel-chart]').length").asInt());
        ObjectNode lastPanel = out.putObject("lastPanel");
        lastPanel.put("drawnBefore", browser.evaluate("window.lastPanel = Array.prototype.slice.call("
                + "document.querySelectorAll('[data-panel-chart]')).pop(); lastPanel.hasAttribute('data-drawn')").asBoolean());
        browser.evaluate("lastPanel.scrollIntoView()");
        lastPanel.put("drawnAfter", browser.waitFor("lastPanel.hasAttribute('data-drawn') && !!lastPanel.querySelector('.main-svg')", BOUND)
                .asBoolean());

        ObjectNode far = out.putObject("far");
        far.put("id", browser.evaluate("window.far = probe.chartsShown().pop(); far.id").asText());
        far.put("drawnBefore", browser.evaluate("far.hasAttribute('data-traces')").asBoolean());
        browser.evaluate("far.scrollIntoView()");
        far.put("drawnAfter", browser.waitFor("far.hasAttribute('data-traces')", BOUND).asBoolean());

        browser.evaluate("window.scrollTo(0, 0); probe.type('node_network_receive')");
        // A family whose every series is unchanged is rows of its group's table, named in their first cell.
        out.set("byName", browser.evaluate("probe.titles().concat(Array.prototype.filter.call(document.querySelectorAll('details.group tbody tr[id]'),"
                + " probe.shown).map(function (r) { return r.cells[0].textContent; }))"));
        browser.waitFor("probe.chartsShown().length > 0 && probe.chartsShown()[0].hasAttribute('data-traces')", BOUND);
        out.set("byNameDrawn", browser.evaluate(
                "probe.chartsShown().filter(function (c) { return c.hasAttribute('data-traces'); }).map(function (c) { return c.id; })"));
        browser.evaluate("probe.type('device=\"zram0\"')");
        out.set("byLabelCharts", browser.evaluate("probe.chartsShown().map(function (c) { return c.getAttribute('data-chart'); })"));
        out.set("byLabelRows", browser.evaluate("probe.rowsShown()"));
        browser.evaluate("probe.type('')");
        out.set("clearedTitles", browser.evaluate("probe.titles()"));

        out.put("groupWasOpen", browser.evaluate("document.getElementById('g-node_memory').open").asBoolean());
        browser.evaluate("document.querySelector('#index-list a[href=\"#g-node_memory\"]').click(); probe.frames()");
        out.set("groupLink", browser.evaluate("(function () { var g = document.getElementById('g-node_memory');"
                + " return {open: g.open, top: g.getBoundingClientRect().top, viewport: window.innerHeight}; })()"));

        // A family link whose target chart sits in a group that is still collapsed.
        ObjectNode family = (ObjectNode) browser.evaluate("""
                (function () {
                  window.fam = Array.prototype.filter.call(document.querySelectorAll('#index-list a.fam'), function (l) {
                    var t = document.getElementById(l.getAttribute('href').slice(1));
                    return t && t.querySelector('[data-chart]') && !t.closest('details.group').open;
                  })[0];
                  window.famTarget = document.getElementById(fam.getAttribute('href').slice(1));
                  return {href: fam.getAttribute('href'), title: famTarget.querySelector('h3').textContent};
                })()""");
        browser.evaluate("fam.click(); probe.frames()");
        family.put("top", browser.evaluate("famTarget.getBoundingClientRect().top").asDouble());
        family.put("groupOpen", browser.evaluate("famTarget.closest('details.group').open").asBoolean());
        family.put("drawn", browser.waitFor("famTarget.querySelector('[data-chart]').hasAttribute('data-traces')", BOUND).asBoolean());
        out.set("familyLink", family);

        out.set("renderError", browser.evaluate("document.body.getAttribute('data-render-error')"));
        out.putArray("errors").addAll(browser.consoleErrors().stream().map(JsonNodeFactory.instance::textNode).toList());
        out.set("violations", browser.evaluate("window.violations"));
        String self = page.toAbsolutePath().toUri().toString();
        out.putArray("resources").addAll(browser.requestedUrls().stream().filter(u -> !u.equals(self))
                .map(JsonNodeFactory.instance::textNode).toList());
        return Json.parse(out.toString());
    }

    @BeforeAll
    static void renderAndProbe() throws Exception {
        RenderBrowserTest.tools();
        dir = Files.createTempDirectory("node-exporter-page-");
        NodeExporterDay.write(dir.resolve("data"), 240);
        page = RenderBrowserTest.render("--data-dir", dir.resolve("data").toString(), "--out", dir.resolve("page.html").toString(),
                "--plotly", RenderBrowserTest.PLOTLY.toString());
        String html = Files.readString(page, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"chart-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        data = Json.parse(m.group(1));
        browser = DevTools.launch(RenderBrowserTest.chromium);
        probed = walk(page);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (browser != null) browser.close();
        if (dir == null) return;
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static List<String> strings(Json array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A parsed JSON value with the few accessors these tests need (jackson-core only). */
    record Json(Object value) implements Iterable<Json> {
        static Json parse(String text) throws IOException {
            try (JsonParser p = new JsonFactory().createParser(text)) {
                p.nextToken();
                return new Json(read(p));
            }
        }

        private static Object read(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT) {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, read(p));
                }
                return m;
            }
            if (t == JsonToken.START_ARRAY) {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) l.add(read(p));
                return l;
            }
            if (t == JsonToken.VALUE_NULL) return null;
            if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) return p.getBooleanValue();
            if (t == JsonToken.VALUE_STRING) return p.getText();
            return p.getDoubleValue();
        }

        Json get(String field) {
            return new Json(value instanceof Map<?, ?> m ? m.get(field) : null);
        }

        Json get(int i) {
            return new Json(((List<?>) value).get(i));
        }

        Json path(String field) {
            return get(field);
        }

        boolean isMissingNode() {
            return value == null;
        }

        boolean isNull() {
            return value == null;
        }

        int size() {
            return value instanceof List<?> l ? l.size() : 0;
        }

        @Override
        public java.util.Iterator<Json> iterator() {
            List<Json> out = new ArrayList<>();
            if (value instanceof List<?> l) for (Object o : l) out.add(new Json(o));
            return out.iterator();
        }

        String asText() {
            return String.valueOf(value);
        }

        boolean asBoolean() {
            return Boolean.TRUE.equals(value);
        }

        double asDouble() {
            return ((Number) value).doubleValue();
        }

        int asInt() {
            return ((Number) value).intValue();
        }

        @Override
        public String toString() {
            return String.valueOf(value);
        }
    }

    @Test
    void noScriptErrorAndNoRequestBesidesPlotly() {
        assertThat(probed.path("timeout").isMissingNode()).as("probe timed out at " + probed.path("timeout")).isTrue();
        assertThat(probed.path("renderError").isNull()).as("render error " + probed.path("renderError")).isTrue();
        assertThat(strings(probed.get("errors"))).isEmpty();
        assertThat(strings(probed.get("violations"))).isEmpty();
        // Plotly is inlined here, so the page asks for nothing at all.
        assertThat(strings(probed.get("resources"))).isEmpty();
    }

    @Test
    void theFilterNarrowsToTheFamiliesOfThatNameAndBack() throws Exception {
        // Expected from the exposition itself: every metric name containing the text (counters are charted under their sample name).
        var exposition = ExpositionParser.parse(Files.readString(NodeExporterDay.EXPOSITION, StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS);
        TreeSet<String> expected = new TreeSet<>();
        for (String key : exposition.series().keySet()) {
            String name = SeriesKey.parse(key).name();
            if (name.contains("node_network_receive")) expected.add(name);
        }
        assertThat(expected).hasSizeGreaterThan(5);
        assertThat(new TreeSet<>(strings(probed.get("byName")))).isEqualTo(expected);
        assertThat(strings(probed.get("byNameDrawn"))).isNotEmpty();
        // Cleared, the page is as it was.
        assertThat(strings(probed.get("clearedTitles"))).isEqualTo(strings(probed.get("initialTitles")));
        assertThat(strings(probed.get("initialTitles")).size()).isGreaterThan(expected.size());
    }

    @Test
    void theFilterFindsLabelTextInChartsAndTables() {
        List<String> charts = strings(probed.get("byLabelCharts"));
        List<String> rows = strings(probed.get("byLabelRows"));
        assertThat(charts.size() + rows.size()).isGreaterThan(3);
        // Exactly the charts with a drawn line of that device, and only table rows of it.
        List<String> expected = new ArrayList<>();
        for (Json chart : data.get("charts")) {
            for (Json t : chart.get("traces")) {
                if (t.get("name").asText().contains("device=\"zram0\"")) {
                    expected.add(chart.get("id").asText());
                    break;
                }
            }
        }
        assertThat(charts).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rows).allSatisfy(r -> assertThat(r).contains("device=\"zram0\""));
    }

    @Test
    void indexLinksOpenAndLandOnTheirGroupsAndFamilies() {
        assertThat(probed.get("groupWasOpen").asBoolean()).as("a large group starts collapsed").isFalse();
        Json group = probed.get("groupLink");
        assertThat(group.get("open").asBoolean()).isTrue();
        assertThat(group.get("top").asDouble()).isBetween(0.0, 120.0);
        Json family = probed.get("familyLink");
        assertThat(family.get("groupOpen").asBoolean()).isTrue();
        assertThat(family.get("top").asDouble()).isBetween(0.0, 120.0);
        assertThat(family.get("drawn").asBoolean()).as(family.toString()).isTrue();
    }

    @Test
    void aChartFarDownIsDrawnOnlyWhenScrolledTo() {
        Json far = probed.get("far");
        assertThat(far.get("drawnBefore").asBoolean()).as(far.toString()).isFalse();
        assertThat(far.get("drawnAfter").asBoolean()).isTrue();
        // The first screen holds the node_exporter panels (lib/panels): those on it are drawn with it, the rest of the
        // panels and the families below as they come near the screen.
        assertThat(probed.get("panelsAtFirst").asInt()).isPositive().isLessThan(probed.get("panelCharts").asInt());
        assertThat(probed.get("lastPanel").get("drawnBefore").asBoolean()).isFalse();
        assertThat(probed.get("lastPanel").get("drawnAfter").asBoolean()).isTrue();
        assertThat(probed.get("drawnAtFirst").asInt()).isLessThan(data.get("charts").size() / 4);
    }

    @Test
    void aSummaryIsOneChartWithItsQuantilesAndMean() {
        List<Json> summary = new ArrayList<>();
        for (Json chart : data.get("charts")) {
            if (chart.get("title").asText().startsWith("go_gc_duration_seconds")) summary.add(chart);
        }
        assertThat(summary).hasSize(1);
        assertThat(summary.get(0).get("title").asText()).isEqualTo("go_gc_duration_seconds");
        List<String> names = new ArrayList<>();
        summary.get(0).get("traces").forEach(t -> names.add(t.get("name").asText()));
        assertThat(names).containsExactly("quantile=\"0\"", "quantile=\"0.25\"", "quantile=\"0.5\"", "quantile=\"0.75\"", "quantile=\"1\"", "mean");
        // The mean is Δ_sum / Δ_count: the generator adds count increases times 2e-5 × (1.2 + 0.5 sin), so it lies in [1.4e-5, 3.4e-5].
        Json mean = summary.get(0).get("traces").get(5).get("y");
        assertThat(mean.size()).isGreaterThan(100);
        mean.forEach(v -> {
            if (!v.isNull()) assertThat(v.asDouble()).isBetween(0.7 * 2e-5 - 1e-12, 1.7 * 2e-5 + 1e-12);
        });
    }

    // The phone-width test (420 px, device emulation) is PhoneWidthTest: it needs DevTools, not the command line.
}
