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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import support.DevTools;
import support.HeadlessChromium;

/**
 * The page's times read UTC whatever the browser's time zone: records from 04:00 to 08:00 UTC on 2026-11-01, across
 * the end of daylight-saving time in New York (06:00 UTC), opened in Chromium under America/New_York and
 * Asia/Kolkata; the axis ticks, the hover and the x values Plotly holds all read UTC, in record order.
 */
public class TimeZoneBrowserTest {
    private static final long START = Instant.parse("2026-11-01T04:00:00Z").toEpochMilli();
    private static final int RECORDS = 241; // one a minute, 04:00 to 08:00 UTC

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        RenderBrowserTest.tools();
    }

    @Test
    void axisTicksHoverAndPointsReadUtcInNewYorkAcrossDstAndInKolkata() throws Exception {
        writeRecords(tmp.resolve("data"));
        Path page = RenderBrowserTest.render("--data-dir", tmp.resolve("data").toString(), "--out", tmp.resolve("page.html").toString(),
                "--plotly", RenderBrowserTest.PLOTLY.toString());
        for (String zone : List.of("America/New_York", "Asia/Kolkata")) {
            try (DevTools browser = DevTools.launch(RenderBrowserTest.chromium)) {
                browser.send("Emulation.setTimezoneOverride", Map.of("timezoneId", zone));
                browser.emulate(1280, RenderBrowserTest.TALL, 1, false);
                browser.navigate(page);
                browser.waitFor(HeadlessChromium.FIRST_SCREEN_DRAWN, Duration.ofSeconds(120));
                assertThat(browser.evaluate("new Date(" + START + ").getHours()").asInt()).as("the zone is in force: " + zone).isNotEqualTo(4);
                JsonNode seen = browser.evaluate(PROBE);
                assertThat(seen.path("error").asText("")).as(zone).isEmpty();
                List<String> ticks = new ArrayList<>();
                seen.get("ticks").forEach(t -> ticks.add(t.asText()));
                List<String> clock = ticks.stream().filter(t -> t.matches("^\\d\\d:\\d\\d.*")).map(t -> t.substring(0, 5)).toList();
                assertThat(clock).as("hour ticks under " + zone + ": " + ticks).isNotEmpty().allMatch(t -> t.compareTo("04:00") >= 0 && t.compareTo("08:00") <= 0);
                assertThat(clock).as(zone).contains("05:00", "06:00", "07:00");
                assertThat(seen.get("first").asText()).as(zone).isEqualTo("2026-11-01 04:00:00.000");
                assertThat(seen.get("last").asText()).as(zone).isEqualTo("2026-11-01 08:00:00.000");
                assertThat(seen.get("ordered").asBoolean()).as("points in record order, no time twice, under " + zone).isTrue();
                // The record of 06:00Z, hovered: the hour New York's clocks turned back at reads 06:00 UTC.
                assertThat(seen.get("hover").asText()).as("hover under " + zone).contains("2026-11-01 06:00:00.000").contains("120");
                assertThat(seen.get("range").get(1).asText()).as(zone).startsWith("2026-11-01 08:00");
            }
        }
    }

    @Test
    void theReaderMayChooseTheBrowsersZoneNamedOnTheAxisAndKeptAcrossReloads() throws Exception {
        writeRecords(tmp.resolve("data"));
        Path page = RenderBrowserTest.render("--data-dir", tmp.resolve("data").toString(), "--out", tmp.resolve("page.html").toString(),
                "--plotly", RenderBrowserTest.PLOTLY.toString());
        String first = "(function () { var d = document.querySelector('[data-chart]'); return d && d.data ? d.data[0].x[0] + '|'"
                + " + d._fullLayout.xaxis.title.text : null; })()";
        String drawnWith = "!!document.body && document.body.hasAttribute('data-first-screen-ms') && !!document.getElementById('time-zone')"
                + " && document.getElementById('time-zone').textContent === ";
        try (DevTools browser = DevTools.launch(RenderBrowserTest.chromium)) {
            browser.send("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Kolkata"));
            browser.emulate(1280, RenderBrowserTest.TALL, 1, false);
            browser.navigate(page);
            browser.waitFor(HeadlessChromium.FIRST_SCREEN_DRAWN, Duration.ofSeconds(120));
            // ICU may call the zone by its older name (Asia/Calcutta): the page names it as the browser does.
            String zone = browser.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone").asText();
            assertThat(zone).isIn("Asia/Kolkata", "Asia/Calcutta");
            assertThat(browser.evaluate("document.getElementById('time-zone').textContent").asText()).isEqualTo("Show chart times in " + zone);
            assertThat(browser.evaluate(first).asText()).isEqualTo("2026-11-01 04:00:00.000|time (UTC)");
            browser.evaluate("document.getElementById('time-zone').click()");
            browser.waitFor(drawnWith + "'Show chart times in UTC'", Duration.ofSeconds(120));
            assertThat(browser.evaluate(first).asText()).isEqualTo("2026-11-01 09:30:00.000|time (" + zone + ")");
            browser.reload();
            browser.waitFor(drawnWith + "'Show chart times in UTC'", Duration.ofSeconds(120));
            assertThat(browser.evaluate(first).asText()).as("kept across a reload").isEqualTo("2026-11-01 09:30:00.000|time (" + zone + ")");
            browser.evaluate("document.getElementById('time-zone').click()");
            browser.waitFor(drawnWith + "'Show chart times in " + zone + "'", Duration.ofSeconds(120));
            assertThat(browser.evaluate(first).asText()).isEqualTo("2026-11-01 04:00:00.000|time (UTC)");
        }
    }

    /** Ticks, first and last x, record order, and the hover text of point 120 (06:00 UTC) of the gauge's chart. */
    private static final String PROBE = """
            (function () {
              var div = Array.prototype.find.call(document.querySelectorAll('[data-chart]'), function (d) {
                return d.data && d.data.some(function (t) { return t.name === 'steps_alive'; });
              });
              if (!div) return {error: 'no chart of steps_alive'};
              var t = div.data.filter(function (t) { return t.name === 'steps_alive'; })[0];
              var ordered = true;
              for (var i = 1; i < t.x.length; i++) if (!(t.x[i] > t.x[i - 1])) ordered = false;
              Plotly.Fx.hover(div, {xval: Date.UTC(2026, 10, 1, 6, 0, 0)});
              var hover = div.querySelector('.hoverlayer') ? div.querySelector('.hoverlayer').textContent : '';
              var ticks = Array.prototype.map.call(div.querySelectorAll('.xtick text'), function (e) { return e.textContent; });
              return {ticks: ticks, first: t.x[0], last: t.x[t.x.length - 1], ordered: ordered, hover: hover,
                      range: div._fullLayout.xaxis.range};
            })()""";

    /** A gauge and a counter, one record a minute from 04:00 to 08:00 UTC. */
    private static void writeRecords(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> types = Map.of("steps_alive", "gauge", "steps_total", "counter");
        try (Writer w = Files.newBufferedWriter(dir.resolve("2026-11-01.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < RECORDS; i++) {
                Map<String, Double> s = new LinkedHashMap<>();
                s.put("steps_alive", (double) i);
                s.put("steps_total", i * 60.0);
                w.write(RecordCodec.json(new ScrapeRecord(Instant.ofEpochMilli(START + i * 60_000L), "http://127.0.0.1:1/metrics", true, 3,
                        "prometheus", 100, null, s, types, Map.of())) + "\n");
            }
        }
    }
}
