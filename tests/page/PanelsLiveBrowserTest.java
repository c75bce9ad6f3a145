package page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import days.RecordTimes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import panels.PanelPages;
import panels.PanelSet;
import queryio.DayFileStorage;
import support.DevTools;
import support.HeadlessChromium;

/**
 * The live page's PromQL panels in headless Chromium: drawn from the data script, and when the page loads that script
 * again the panel's chart is the same element, given the new data in place, with the user's zoom kept.
 */
public class PanelsLiveBrowserTest {
    private static final String PANEL = "document.getElementById('panel-team-executions')";

    @TempDir
    Path tmp;

    @Test
    void aDrawnPanelStaysWithItsZoomWhenTheLivePageLoadsItsDataAgain() throws Exception {
        RenderBrowserTest.tools();
        HeadlessChromium chromium = RenderBrowserTest.chromium;

        Path data = tmp.resolve("data/metrics");
        RenderBrowserTest.writeRecords(data);
        List<PanelSet> sets = PanelsLivePageTest.withTeamPanels(data);
        DayFileStorage storage = new DayFileStorage(data, "coppice", true, RecordTimes.system(), new PrintStream(new ByteArrayOutputStream()));
        Path out = tmp.resolve("live.html");
        Renderer.Settings settings = new Renderer.Settings(data, out, 2000, 100, null, null, RenderBrowserTest.PLOTLY.toString());
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        // A 1 s interval: the records are old, so the page loads its data script again every second.
        LivePage page = LivePage.open(settings, PlotlySource.resolve(settings.plotly(), null), Duration.ofSeconds(1),
                new PrintStream(status, true, StandardCharsets.UTF_8),
                (first, last, names) -> PanelPages.build(storage, sets, names, first, last, 2000, List.of("coppice")));
        try (DevTools browser = DevTools.launch(chromium)) {
            browser.send("Network.setBlockedURLs", java.util.Map.of("urls", List.of("http://*", "https://*")));
            browser.emulate(1200, 16_000, 1, false);
            browser.navigate(out);
            int lines = browser.waitFor(PANEL + " && " + PANEL + ".data && " + PANEL + ".data.length", Duration.ofSeconds(60)).asInt();
            assertThat(lines).isGreaterThanOrEqualTo(1);
            String from = "2020-01-01 00:00:00", to = "2040-01-01 00:00:00";
            browser.waitFor("Plotly.relayout(" + PANEL + ", {'xaxis.range': ['" + from + "', '" + to + "']}).then(function () { "
                    + "window.drawnPanel = " + PANEL + "; window.updatesBefore = Number(document.body.getAttribute('data-updates') || 0); return true; })",
                    Duration.ofSeconds(30));
            // Two loads of the data script later, the panel is the element the user zoomed, redrawn with the same series.
            JsonNode after = browser.waitFor("Number(document.body.getAttribute('data-updates') || 0) >= window.updatesBefore + 2 && ({same: "
                    + PANEL + " === window.drawnPanel, range: " + PANEL + ".layout.xaxis.range, lines: " + PANEL + ".data.length, "
                    + "drawn: " + PANEL + ".getAttribute('data-drawn')})", Duration.ofSeconds(60));
            assertThat(after.get("same").asBoolean()).isTrue();
            assertThat(after.get("range").get(0).asText()).isEqualTo(from);
            assertThat(after.get("range").get(1).asText()).isEqualTo(to);
            assertThat(after.get("lines").asInt()).isEqualTo(lines);
            // data-drawn counts the series; the chart may add one trace for the outage marks.
            assertThat(after.get("drawn").asText()).isEqualTo(browser.evaluate("window.drawnPanel.getAttribute('data-drawn')").asText())
                    .isNotEqualTo("0");
            assertThat(browser.consoleErrors()).isEmpty();
            assertThat(browser.evaluate("document.getElementById('render-error').hidden").asBoolean()).isTrue();
        } finally {
            page.close();
        }
        assertThat(status.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
