package page;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
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

    /** What the probe does, in order; it writes one JSON object. */
    static final String PROBE = """
            (function () {
              var out = {errors: [], violations: []};
              window.addEventListener('error', function (e) { out.errors.push(String(e.message)); });
              document.addEventListener('securitypolicyviolation', function (e) { out.violations.push(e.blockedURI + ' ' + e.violatedDirective); });
              function done() {
                out.renderError = document.body.getAttribute('data-render-error');
                out.resources = performance.getEntriesByType('resource').map(function (r) { return r.name; });
                document.getElementById('probe-out').textContent = JSON.stringify(out);
              }
              function until(test, then, tries) {
                tries = tries || 0;
                if (test()) then();
                else if (tries > 600) { out.timeout = (out.timeout || '') + ' ' + then.name; done(); }
                else setTimeout(function () { until(test, then, tries + 1); }, 25);
              }
              function shown(el) { return el.getClientRects().length > 0; }
              function titles() {
                return Array.prototype.filter.call(document.querySelectorAll('.family'), shown)
                  .map(function (f) { return f.querySelector('h3').textContent; });
              }
              function chartsShown() {
                return Array.prototype.filter.call(document.querySelectorAll('[data-chart]'), shown);
              }
              function rowsShown() {
                return Array.prototype.filter.call(document.querySelectorAll('details.group tbody tr'), shown)
                  .map(function (r) { return r.textContent; });
              }
              var input = document.getElementById('filter');
              function type(text) { input.value = text; input.dispatchEvent(new Event('input', {bubbles: true})); }
              until(function () { return document.body.hasAttribute('data-first-screen-ms'); }, function scroll() {
                out.initialTitles = titles();
                out.drawnAtFirst = Number(document.body.getAttribute('data-drawn') || 0);
                var far = chartsShown().pop();
                out.far = {id: far.id, drawnBefore: far.hasAttribute('data-traces')};
                far.scrollIntoView();
                until(function () { return far.hasAttribute('data-traces'); }, function filterByName() {
                  out.far.drawnAfter = true;
                  window.scrollTo(0, 0);
                  type('node_network_receive');
                  out.byName = titles();
                  until(function () { return chartsShown().length > 0 && chartsShown()[0].hasAttribute('data-traces'); },
                    function filterByLabel() {
                      out.byNameDrawn = chartsShown().filter(function (c) { return c.hasAttribute('data-traces'); }).map(function (c) { return c.id; });
                      type('device="zram0"');
                      out.byLabelCharts = chartsShown().map(function (c) { return c.getAttribute('data-chart'); });
                      out.byLabelRows = rowsShown();
                      type('');
                      out.clearedTitles = titles();
                      var a = document.querySelector('#index-list a[href="#g-node_memory"]');
                      out.groupWasOpen = document.getElementById('g-node_memory').open;
                      a.click();
                      setTimeout(function groupLink() {
                        var g = document.getElementById('g-node_memory');
                        out.groupLink = {open: g.open, top: g.getBoundingClientRect().top, viewport: window.innerHeight};
                        var fam = Array.prototype.filter.call(document.querySelectorAll('#index-list a.fam'), function (l) {
                          var t = document.getElementById(l.getAttribute('href').slice(1));
                          return t && t.querySelector('[data-chart]') && !t.closest('details.group').open;
                        })[0];
                        var target = document.getElementById(fam.getAttribute('href').slice(1));
                        out.familyLink = {href: fam.getAttribute('href'), title: target.querySelector('h3').textContent};
                        fam.click();
                        setTimeout(function familyLink() {
                          out.familyLink.top = target.getBoundingClientRect().top;
                          out.familyLink.groupOpen = target.closest('details.group').open;
                          var chart = target.querySelector('[data-chart]');
                          until(function () { return chart.hasAttribute('data-traces'); }, function () {
                            out.familyLink.drawn = true;
                            done();
                          });
                        }, 100);
                      }, 100);
                    });
                });
              });
            })();
            """;

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
        probed = Json.parse(RenderBrowserTest.chromium.probe(page, PROBE, 1280, 900, 60_000));
    }

    @AfterAll
    static void cleanUp() throws Exception {
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
        assertThat(probed.get("drawnAtFirst").asInt()).isPositive().isLessThan(data.get("charts").size() / 4);
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
