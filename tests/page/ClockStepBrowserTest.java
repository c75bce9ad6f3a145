package page;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import days.DayFiles;
import prom.OpenMetricsExport;
import record.RecordCodec;
import record.ScrapeRecord;
import support.DevTools;
import support.HeadlessChromium;
import support.Project;

/**
 * A target's clock stepped back two minutes (an NTP correction) on one day, and on the next a clock ten hours ahead
 * wrote two records at the top of the day file before the real ones from midnight: the page drawn in Chromium and the
 * export keep the same records, the page draws no rate across a step (the counter grew 1/s throughout), names the
 * steps, and render warns with the counts on stderr.
 */
public class ClockStepBrowserTest {
    private static final Instant STEP_DAY = Instant.parse("2026-11-29T12:00:00Z");
    private static final Instant GLITCH_DAY = Instant.parse("2026-11-30T00:00:00Z");
    private static final int GLITCH_DAY_RECORDS = 1202;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        RenderBrowserTest.tools();
    }

    @Test
    void pageAndExportKeepTheSameRecordsAndNoRateSpansAStep() throws Exception {
        Path data = tmp.resolve("data");
        writeRecords(data);
        Path out = tmp.resolve("page.html");
        Project.Run run = Project.jbang(300, "render.java", "--data-dir", data.toString(), "--out", out.toString(),
                "--plotly", RenderBrowserTest.PLOTLY.toString(), "--max-points", "5000");
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("render: warning: a target's clock stepped back 2 times (first: gw): left out 6 records dated ahead of a step back");

        TreeSet<Long> exported = exportedTimes(data);
        assertThat(exported).hasSize(6 + 10 + GLITCH_DAY_RECORDS);
        try (DevTools browser = DevTools.launch(RenderBrowserTest.chromium)) {
            browser.emulate(1280, RenderBrowserTest.TALL, 1, false);
            browser.navigate(out);
            browser.waitFor(HeadlessChromium.FIRST_SCREEN_DRAWN, Duration.ofSeconds(120));
            JsonNode seen = browser.evaluate(PROBE);
            TreeSet<Long> drawn = new TreeSet<>();
            seen.get("gauge").forEach(x -> drawn.add(Instant.parse(x.asText().replace(' ', 'T') + "Z").toEpochMilli()));
            assertThat(drawn).as("the gauge's points on the page are the export's records").isEqualTo(exported);
            List<Double> rates = new ArrayList<>();
            seen.get("rates").forEach(r -> rates.add(r.asDouble()));
            assertThat(rates).as("counter rates").isNotEmpty().allMatch(r -> r == 1.0);
            assertThat(seen.get("notes").asText()).contains("A target's clock stepped back 2 times (first: gw)");
        }
    }

    private static final String PROBE = """
            (function () {
              function trace(name) {
                var out = null;
                document.querySelectorAll('[data-chart]').forEach(function (d) {
                  (d.data || []).forEach(function (t) { if (t.name === name) out = t; });
                });
                return out;
              }
              var gauge = trace('steps_alive'), rate = trace('steps_total');
              return {
                gauge: gauge.x.filter(function (x, i) { return gauge.y[i] !== null; }),
                rates: rate.y.filter(function (y) { return y !== null; }),
                notes: Array.prototype.map.call(document.querySelectorAll('.data-note'), function (p) { return p.textContent; }).join(' ')
              };
            })()""";

    /** The export's times of the gauge's samples, epoch ms. */
    private static TreeSet<Long> exportedTimes(Path data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path temp = Files.createTempDirectory(data.getParent(), "export-");
        OpenMetricsExport.Summary summary = OpenMetricsExport.write(DayFiles.days(data, null, null), null, null, "coppice", out, temp,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(summary.outOfOrder()).isEqualTo(6);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("export: warning: a target's clock stepped back 2 times");
        TreeSet<Long> times = new TreeSet<>();
        out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("steps_alive{")).forEach(l -> {
            String[] parts = l.split(" ");
            times.add(Math.round(Double.parseDouble(parts[2]) * 1000));
        });
        return times;
    }

    /** Writes both days; the counter is the true seconds since 12:00 of the first day (1/s), the gauge counts records. */
    private static void writeRecords(Path data) throws IOException {
        Files.createDirectories(data);
        try (Writer w = Files.newBufferedWriter(data.resolve("2026-11-29.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < 20; i++) {
                long trueSeconds = i * 30L;
                long clockAhead = i < 10 ? 120 : 0; // corrected before record 10
                w.write(line(STEP_DAY.plusSeconds(trueSeconds + clockAhead), trueSeconds, i));
            }
        }
        try (Writer w = Files.newBufferedWriter(data.resolve("2026-11-30.jsonl"), StandardCharsets.UTF_8)) {
            long base = Duration.between(STEP_DAY, GLITCH_DAY).toSeconds();
            w.write(line(GLITCH_DAY.plusSeconds(36_000), base - 100, 9000)); // written just after midnight by a clock 10 h ahead
            w.write(line(GLITCH_DAY.plusSeconds(36_030), base - 70, 9001));
            for (int i = 0; i < GLITCH_DAY_RECORDS; i++) w.write(line(GLITCH_DAY.plusSeconds(i * 30L), base + i * 30L, 100 + i));
        }
    }

    private static String line(Instant ts, long counter, int gauge) {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("steps_total", (double) counter);
        s.put("steps_alive", (double) gauge);
        return RecordCodec.json(new ScrapeRecord(ts, "http://127.0.0.1:1/metrics", true, 3, "prometheus", 100, null, s,
                Map.of("steps_total", "counter", "steps_alive", "gauge"), Map.of()).withInstance("gw")) + "\n";
    }
}
