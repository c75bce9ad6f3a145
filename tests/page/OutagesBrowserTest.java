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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import support.CoppiceSection;
import support.DevTools;
import support.HeadlessChromium;

/**
 * Outages on every chart, in headless Chromium under America/New_York: two named targets scraped every 30 s; gw1's
 * scrapes fail from 08:20:00 to 08:21:00 UTC (a run of three, the first with its error) and it has no record from
 * 08:39:30 to 08:50:00. A coppice panel and a chart under "Other metrics" that draw gw1 shade both stretches, in UTC,
 * and their marks name the target, the stretch, why and the error; a chart of gw2 alone shades nothing.
 */
public class OutagesBrowserTest {
    static final long START = Instant.parse("2026-11-29T08:00:00Z").toEpochMilli();
    static final String ERROR = "connection refused by honor:9464";

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        RenderBrowserTest.tools();
    }

    /** gw1 and gw2, 120 scrapes 30 s apart from 08:00 UTC; gw1 fails at scrapes 40 to 42 and has none from 80 to 99. */
    static void writeRecords(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> types = Map.of("coppice_sandboxes_alive", "gauge", "queue_depth", "gauge", "gw2_only", "gauge");
        try (Writer w = Files.newBufferedWriter(dir.resolve("2026-11-29.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < 120; i++) {
                Instant ts = Instant.ofEpochMilli(START + i * 30_000L);
                for (String target : List.of("gw1", "gw2")) {
                    boolean gw1 = target.equals("gw1");
                    if (gw1 && i >= 80 && i < 100) continue;
                    if (gw1 && i >= 40 && i <= 42) {
                        String error = i == 40 ? ERROR : "context deadline exceeded";
                        w.write(RecordCodec.json(ScrapeRecord.failed(ts, "http://127.0.0.1:1/metrics", 1000, null, -1, error).withInstance(target)) + "\n");
                        continue;
                    }
                    Map<String, Double> s = new LinkedHashMap<>();
                    s.put("coppice_sandboxes_alive", (double) (i % 5));
                    s.put("queue_depth", (double) (i % 7));
                    if (!gw1) s.put("gw2_only", (double) (i % 3));
                    w.write(RecordCodec.json(new ScrapeRecord(ts, "http://127.0.0.1:" + (gw1 ? 1 : 2) + "/metrics", true, 3, "prometheus",
                            900, null, s, types, Map.of()).withInstance(target)) + "\n");
                }
            }
        }
    }

    /** A chart's shaded stretches (x0|x1) and its outage marks' hover texts. */
    static String probe(String selector) {
        return "(function () { var d = document.querySelector('" + selector + "'); if (!d || !d.data || !d.layout) return null;"
                + " return JSON.stringify({shapes: (d.layout.shapes || []).map(function (s) { return s.x0 + '|' + s.x1; }),"
                + " marks: [].concat.apply([], d.data.filter(function (t) { return t.name === 'outages'; }).map(function (t) { return t.text; }))}); })()";
    }

    @Test
    void aCoppiceChartAndAnOtherMetricsChartShadeTheTargetsFailedScrapesAndGapWithTheError() throws Exception {
        Path data = tmp.resolve("data");
        writeRecords(data);
        Path out = tmp.resolve("page.html");
        Renderer.render(new Renderer.Settings(data, out, 2000, 100, null, null, RenderBrowserTest.PLOTLY.toString()), null,
                CoppiceSection.maker(data, 2000));
        try (DevTools browser = DevTools.launch(RenderBrowserTest.chromium)) {
            browser.send("Emulation.setTimezoneOverride", Map.of("timezoneId", "America/New_York"));
            browser.emulate(1280, RenderBrowserTest.TALL, 1, false);
            browser.navigate(out);
            browser.waitFor(HeadlessChromium.FIRST_SCREEN_DRAWN, Duration.ofSeconds(120));
            assertThat(browser.evaluate("document.body.getAttribute('data-render-error')").isNull()).isTrue();
            String otherId = browser.evaluate("Array.prototype.filter.call(document.querySelectorAll('#other .family'), function (f) {"
                    + " return f.querySelector('h3').textContent === 'queue_depth'; })[0].querySelector('[data-chart]').id").asText();
            String gw2OnlyId = browser.evaluate("Array.prototype.filter.call(document.querySelectorAll('#other .family'), function (f) {"
                    + " return f.querySelector('h3').textContent === 'gw2_only'; })[0].querySelector('[data-chart]').id").asText();
            String failed = "gw1: scrapes failed from 2026-11-29 08:20:00 UTC to 2026-11-29 08:21:30 UTC (" + ERROR + ")";
            String gap = "gw1: no records from 2026-11-29 08:39:30 UTC to 2026-11-29 08:50:00 UTC";
            for (String id : List.of("panel-coppice-alive", otherId)) {
                JsonNode seen = json(browser.waitFor(probe("#" + id), Duration.ofSeconds(120)).asText());
                assertThat(seen.get("shapes")).as(id).extracting(JsonNode::asText).containsExactly(
                        "2026-11-29 08:20:00.000|2026-11-29 08:21:30.000", "2026-11-29 08:39:30.000|2026-11-29 08:50:00.000");
                assertThat(seen.get("marks")).as(id).extracting(JsonNode::asText).containsExactly(failed, gap);
            }
            JsonNode gw2 = json(browser.waitFor(probe("#" + gw2OnlyId), Duration.ofSeconds(120)).asText());
            assertThat(gw2.get("shapes")).as("a chart of gw2 alone").isEmpty();
            assertThat(gw2.get("marks")).isEmpty();
        }
    }

    @Test
    void aFlappingTargetsManyShortOutagesMergeIntoFewShadesThatCountThem() throws Exception {
        // 1,000 scrapes 30 s apart, every other one failed: 500 stretches of 30 s, 30 s apart.
        Path data = tmp.resolve("flapping");
        Files.createDirectories(data);
        try (Writer w = Files.newBufferedWriter(data.resolve("2026-11-29.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < 1000; i++) {
                Instant ts = Instant.ofEpochMilli(START + i * 30_000L);
                w.write(RecordCodec.json(i % 2 == 1 ? ScrapeRecord.failed(ts, "http://127.0.0.1:1/metrics", 1000, null, -1, ERROR)
                        : new ScrapeRecord(ts, "http://127.0.0.1:1/metrics", true, 3, "prometheus", 900, null, Map.of("queue_depth", (double) i),
                                Map.of("queue_depth", "gauge"), Map.of())) + "\n");
            }
        }
        Path out = tmp.resolve("flapping.html");
        Renderer.render(new Renderer.Settings(data, out, 2000, 100, null, null, RenderBrowserTest.PLOTLY.toString()), null);
        try (DevTools browser = DevTools.launch(RenderBrowserTest.chromium)) {
            browser.emulate(1280, RenderBrowserTest.TALL, 1, false);
            browser.navigate(out);
            browser.waitFor(HeadlessChromium.FIRST_SCREEN_DRAWN, Duration.ofSeconds(120));
            JsonNode seen = json(browser.waitFor(probe("#other [data-chart]"), Duration.ofSeconds(120)).asText());
            assertThat(seen.get("shapes")).hasSize(1);
            assertThat(seen.get("marks")).extracting(JsonNode::asText).containsExactly("http://127.0.0.1:1/metrics: 500 stretches, scrapes failed from "
                    + "2026-11-29 08:00:30 UTC to 2026-11-29 16:20:00 UTC (" + ERROR + ")");
        }
    }

    private static JsonNode json(String text) throws IOException {
        return PanelsBrowserTest.JSON.readTree(text);
    }
}
