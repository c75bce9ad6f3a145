package page;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import record.SeriesKey;
import java.util.List;
import support.DevTools;
import support.HeadlessChromium;
import support.Project;

/**
 * Values the page once got wrong, checked on the page Chromium draws: a counter declared as {@code widgets_created}
 * is charted; a gauge histogram is one chart; values near the largest double are named rather than silently not
 * drawn and their mean stays finite; -0.0 and 1e23 read in the record's spelling in the hover and the table.
 */
public class ValuesBrowserTest {
    private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");
    private static final int RECORDS = 6;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        RenderBrowserTest.tools();
    }

    @Test
    void everyValueIsDrawnOrNamedAndSpelledAsRecorded() throws Exception {
        Path data = tmp.resolve("data");
        writeRecords(data);
        Path out = tmp.resolve("page.html");
        Project.Run run = Project.jbang(300, "render.java", "--data-dir", data.toString(), "--out", out.toString(),
                "--plotly", RenderBrowserTest.PLOTLY.toString());
        assertThat(run.exit()).as(run.stderr()).isZero();
        String html = Files.readString(out, StandardCharsets.UTF_8);
        // The mean of values near the largest double, computed without overflow; max in the one spelling.
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("<td><code>limit_bytes</code></td><td><code>limit_bytes</code></td>"
                + "<td>1.7976931348623157e\\+308</td><td>1e\\+300</td><td>1.7976931348623157e\\+308</td><td>([^<]*)</td>").matcher(html);
        assertThat(row.find()).as("the stats row of limit_bytes").isTrue();
        double exactMean = new java.math.BigDecimal(1e300).add(new java.math.BigDecimal(Double.MAX_VALUE)).divide(java.math.BigDecimal.valueOf(2)).doubleValue();
        assertThat(Double.parseDouble(row.group(1))).as(row.group(1)).isCloseTo(exactMean, org.assertj.core.api.Assertions.withinPercentage(1e-12));
        assertThat(html).doesNotContain(">+Inf</td>");
        assertThat(html).contains("3 points not drawn: their values lie beyond ±4.4942328371557893e+307")
                .contains("limit_bytes: 3, e.g. 1.7976931348623157e+308 at 2026-11-29 10:00:30 UTC");
        try (DevTools browser = DevTools.launch(RenderBrowserTest.chromium)) {
            browser.emulate(1280, RenderBrowserTest.TALL, 1, false);
            browser.navigate(out);
            browser.waitFor(HeadlessChromium.FIRST_SCREEN_DRAWN, Duration.ofSeconds(120));
            JsonNode seen = browser.evaluate(PROBE);
            assertThat(seen.get("titles").toString()).contains("\"widgets_created\"", "\"queue_wait\"");
            assertThat(seen.get("queueWaitCharts").asInt()).as("charts titled queue_wait*").isEqualTo(1);
            assertThat(seen.get("queueWaitTraces").asInt()).as("bucket, gcount, gsum").isEqualTo(3);
            assertThat(seen.get("widgetsRates").toString()).isEqualTo("[2,2,2,2,2]");
            assertThat(seen.get("oddHover").toString()).isEqualTo("[\"-0.0\",\"1e+23\",\"-0.0\",\"1e+23\",\"-0.0\",\"1e+23\"]");
            JsonNode limit = seen.get("limitDrawn");
            assertThat(limit.size()).isEqualTo(RECORDS);
            for (int i = 0; i < RECORDS; i++) {
                assertThat(limit.get(i).isNull()).as("point " + i + " of limit_bytes handed to Plotly: " + limit).isEqualTo(i % 2 == 1);
            }
        }
    }

    @Test
    void eachSampleIsReadUnderItsOwnRecordsTypeAndNothingIsComputedAcrossAChange() throws Exception {
        Path data = tmp.resolve("typed");
        Files.createDirectories(data);
        try (Writer w = Files.newBufferedWriter(data.resolve("2026-11-29.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < 8; i++) {
                boolean first = i < 4;
                Map<String, Double> s = new LinkedHashMap<>();
                s.put("jobs_total", first ? i * 30.0 : new double[] {5, 3, 7, 2}[i - 4]); // a counter at 1/s, then a gauge
                s.put("drops", first ? 9.0 - i : i - 3.0); // a gauge going down, then a counter at 1/30 per second
                Map<String, String> types = first ? Map.of("jobs_total", "counter", "drops", "gauge") : Map.of("jobs_total", "gauge", "drops", "counter");
                w.write(RecordCodec.json(new ScrapeRecord(START.plusSeconds(30L * i), "http://127.0.0.1:1/metrics", true, 3, "prometheus", 100,
                        null, s, types, Map.of())) + "\n");
            }
        }
        Path out = tmp.resolve("typed.html");
        Project.Run run = Project.jbang(300, "render.java", "--data-dir", data.toString(), "--out", out.toString(),
                "--plotly", RenderBrowserTest.PLOTLY.toString());
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("render: warning: the TYPE of a metric family changed between records 2 times");
        try (DevTools browser = DevTools.launch(RenderBrowserTest.chromium)) {
            browser.emulate(1280, RenderBrowserTest.TALL, 1, false);
            browser.navigate(out);
            browser.waitFor(HeadlessChromium.FIRST_SCREEN_DRAWN, Duration.ofSeconds(120));
            JsonNode charts = browser.evaluate("""
                    (function () {
                      var out = {};
                      document.querySelectorAll('.family').forEach(function (f) {
                        var h = f.querySelector('h3'), div = f.querySelector('[data-chart]');
                        if (h && div && div.data) out[h.textContent] = div.data[0].y.filter(function (v) { return v !== null; });
                      });
                      out.notes = Array.prototype.map.call(document.querySelectorAll('.data-note'), function (p) { return p.textContent; }).join(' ');
                      return out;
                    })()""");
            assertThat(charts.get("jobs_total").toString()).as("the counter's rates: " + charts).isEqualTo("[1,1,1]");
            assertThat(charts.get("jobs_total (gauge from 2026-11-29 10:02:00 UTC)").toString()).isEqualTo("[5,3,7,2]");
            assertThat(charts.get("drops").toString()).isEqualTo("[9,8,7,6]");
            JsonNode rates = charts.get("drops (counter from 2026-11-29 10:02:00 UTC)");
            assertThat(rates.size()).as("no spike, no reset at the switch: " + rates).isEqualTo(3);
            rates.forEach(r -> assertThat(r.asDouble()).isCloseTo(1 / 30.0, org.assertj.core.api.Assertions.within(1e-12)));
            assertThat(charts.get("notes").asText()).contains("jobs_total from counter to gauge at 2026-11-29 10:02:00 UTC")
                    .contains("drops from gauge to counter").contains("nothing (rate, reset, quantile) is computed across the change");
        }
    }

    private static final String PROBE = """
            (function () {
              var titles = [], byName = {}, queueWaitCharts = 0, queueWaitTraces = 0;
              document.querySelectorAll('.family').forEach(function (f) {
                var h = f.querySelector('h3');
                if (!h) return;
                titles.push(h.textContent);
                var div = f.querySelector('[data-chart]');
                if (h.textContent.indexOf('queue_wait') === 0) { queueWaitCharts++; if (div && div.data) queueWaitTraces = div.data.filter(function (t) { return t.yaxis !== 'y2'; }).length; }
                if (div && div.data) div.data.forEach(function (t) { byName[t.name] = t; });
              });
              function nonNull(a) { return a.filter(function (v) { return v !== null; }); }
              return {titles: titles, queueWaitCharts: queueWaitCharts, queueWaitTraces: queueWaitTraces,
                      widgetsRates: nonNull(byName['widgets_created'].y), oddHover: byName['odd'].customdata,
                      limitDrawn: byName['limit_bytes'].y};
            })()""";

    private static void writeRecords(Path data) throws IOException {
        Files.createDirectories(data);
        Map<String, String> types = Map.of("widgets_created", "counter", "queue_wait", "gaugehistogram", "limit_bytes", "gauge", "odd", "gauge");
        try (Writer w = Files.newBufferedWriter(data.resolve("2026-11-29.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < RECORDS; i++) {
                Map<String, Double> s = new LinkedHashMap<>();
                s.put("widgets_created", i * 60.0); // 2/s at 30 s
                s.put(SeriesKey.of("queue_wait_bucket", List.of("le", "+Inf")), 3.0 + i);
                s.put("queue_wait_gcount", 3.0 + i);
                s.put("queue_wait_gsum", 1.5 * i);
                s.put("limit_bytes", i % 2 == 0 ? 1e300 : Double.MAX_VALUE); // a "no limit" sentinel, now and then
                s.put("odd", i % 2 == 0 ? -0.0 : 1e23);
                w.write(RecordCodec.json(new ScrapeRecord(START.plusSeconds(30L * i), "http://127.0.0.1:1/metrics", true, 3, "prometheus", 100,
                        null, s, types, Map.of())) + "\n");
            }
        }
    }
}
