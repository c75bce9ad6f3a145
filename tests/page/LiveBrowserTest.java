package page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scrape.Scraper;
import scrape.Watcher;
import sim.SimulatedGateway;
import support.DevTools;
import support.HeadlessChromium;
import support.Scrapes;

/**
 * The live page in headless Chromium: a watch of the simulated gateway at a 1 s interval feeds a {@link LivePage}
 * (what {@code watch --render} runs), and the page, opened once from file:// with every http(s) request blocked, shows
 * new samples by loading its data script again (never reloading), keeps a zoom range and a hidden trace as it does,
 * after the gateway is stopped turns stale and shows the scrape error, and once watch stops says so and looks no more.
 * Needs chromium and the local Plotly (as {@link RenderBrowserTest}).
 */
public class LiveBrowserTest {
    private static final Duration GIVE_UP = Duration.ofSeconds(90);
    private static final String NEWEST = "window.coppicePage.live.newestSample";
    private static final String FIRST_CHART = "document.querySelector('.chart[data-chart]')";

    @TempDir
    Path tmp;

    @Test
    void thePageFollowsTheWatchKeepsWhatTheUserDidAndTurnsStaleWhenTheGatewayStops() throws Exception {
        RenderBrowserTest.tools();
        HeadlessChromium chromium = RenderBrowserTest.chromium;

        Path data = tmp.resolve("metrics");
        Path out = tmp.resolve("live.html");
        SimulatedGateway gateway = SimulatedGateway.start(0);
        gateway.startWorkload(Duration.ofMillis(50), 5);
        Renderer.Settings settings = new Renderer.Settings(data, out, 2000, 100, null, null, RenderBrowserTest.PLOTLY.toString());
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        LivePage live = LivePage.open(settings, PlotlySource.resolve(settings.plotly(), null), Duration.ofSeconds(1),
                new PrintStream(status, true, StandardCharsets.UTF_8));
        live.start();
        Scraper scraper = Scrapes.scraper(gateway.metricsUri().toString(), Duration.ofSeconds(2), 10_000_000);
        Watcher watcher = new Watcher(List.of(scraper), Duration.ofSeconds(1), 0, data, new PrintStream(new ByteArrayOutputStream()), live::offer);
        Thread watching = new Thread(watcher::run, "test-watch");
        watching.start();
        try (DevTools browser = DevTools.launch(chromium)) {
            browser.send("Network.setBlockedURLs", java.util.Map.of("urls", List.of("http://*", "https://*")));
            browser.emulate(1200, 16_000, 1, false);
            // Wait for a page with two samples at least, so the charts have lines.
            waitFor(browser, new LiveFiles(out).folder().resolve(LiveFiles.DATA), 2);
            browser.navigate(out);
            assertThat(browser.evaluate("document.body.getAttribute('data-live')").asText()).isEqualTo("1");
            across(browser, "document.body.getAttribute('data-drawn') >= 1 && " + FIRST_CHART + ".data && " + FIRST_CHART + ".data.length >= 1");
            JsonNode shown = across(browser, "document.body.getAttribute('data-live') === '1' && ({newest: " + NEWEST + ", age: document.getElementById('sample-age').textContent})");
            long first = shown.get("newest").asLong();
            assertThat(shown.get("age").asText()).matches("Last sample \\d+ s ago \\(.*\\)\\.");

            // The user zooms to a time range and hides the first trace of the first chart (tried again when a reload
            // of the page lands in between: both steps give the same state when repeated).
            String from = "2026-01-01 00:00:00", to = "2036-01-01 00:00:00";
            String hidden = across(browser, "(function () { var d = " + FIRST_CHART + "; if (!d || !d.data) return null; "
                    + "return Plotly.relayout(d, {'xaxis.range': ['" + from + "', '" + to + "']})"
                    + ".then(function () { return Plotly.restyle(d, {visible: 'legendonly'}, [0]); })"
                    + ".then(function () { window.beforeReload = true; return d.data[0].name; }); })()").asText();

            // The page takes newer samples by itself, without a reload (the window keeps its variable), and keeps what the user did.
            across(browser, "window.beforeReload === true && " + NEWEST + " > " + first + " && document.body.getAttribute('data-updates') >= 1");
            JsonNode after = across(browser, "(function () { var d = " + FIRST_CHART + "; return d && d.data && d.layout && d.layout.xaxis "
                    + "&& d.layout.xaxis.range ? {range: d.layout.xaxis.range, name: d.data[0].name, visible: d.data[0].visible} : null; })()");
            assertThat(after.get("range").get(0).asText()).isEqualTo(from);
            assertThat(after.get("range").get(1).asText()).isEqualTo(to);
            assertThat(after.get("name").asText()).isEqualTo(hidden);
            assertThat(after.get("visible").asText()).isEqualTo("legendonly");

            // The gateway goes away: the next scrapes fail, and the page (reloading by itself) says so.
            gateway.close();
            JsonNode stale = across(browser, "document.body.getAttribute('data-stale') === '1' && document.getElementById('stale').textContent");
            assertThat(stale.asText()).startsWith("Stale: ").contains("the newest scrape failed: ");
            assertThat(browser.evaluate("document.getElementById('stale').hidden").asBoolean()).isFalse();
            // The failed scrapes are shaded on the chart, their mark naming the target, the stretch and the error, from the live data.
            JsonNode outage = across(browser, "(function () { var d = " + FIRST_CHART + "; var m = d && d.data && d.data.filter(function (t) {"
                    + " return t.name === 'outages'; })[0]; return m && d.layout.shapes && d.layout.shapes.length ? m.text[m.text.length - 1] : null; })()");
            assertThat(outage.asText()).startsWith(gateway.metricsUri() + ": scrapes failed from ").contains(" UTC to ").endsWith(")");
            assertThat(browser.consoleErrors()).isEmpty();
            assertThat(browser.requestedUrls()).allMatch(url -> url.startsWith("file:"));

            // Watch stops: the page says so and when, and stops looking for data (no request after a while).
            watcher.stop();
            watching.join(30_000);
            live.close();
            JsonNode stopped = across(browser, "document.body.hasAttribute('data-stopped') && document.getElementById('freshness').textContent");
            assertThat(stopped.asText()).startsWith("Watch stopped at ");
            assertThat(browser.evaluate("document.body.getAttribute('data-live') + document.getElementById('stale').hidden").asText()).isEqualTo("0true");
            int requests = browser.requestedUrls().size();
            Thread.sleep(3_000);
            assertThat(browser.requestedUrls()).hasSize(requests);
            assertThat(browser.evaluate("window.beforeReload === true").asBoolean()).isTrue();
        } finally {
            watcher.stop();
            watching.join(30_000);
            live.close();
            gateway.close();
        }
        assertThat(status.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /** Waits until the page file holds {@code samples} samples at least (its live data says the newest is set). */
    private static void waitFor(DevTools browser, Path page, int samples) throws Exception {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(page)) {
                String text = Files.readString(page, StandardCharsets.UTF_8);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(": ([0-9,]+) samples?,").matcher(text);
                if (m.find() && Integer.parseInt(m.group(1).replace(",", "")) >= samples) return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the live page never held " + samples + " samples");
    }

    /**
     * {@link DevTools#waitFor}, but across the page's own reloads: an evaluation that lands while the page is being
     * replaced fails, and is tried again. The bound only stops a stuck test.
     */
    private static JsonNode across(DevTools browser, String expression) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        DevTools.Failure last = null;
        while (System.nanoTime() < deadline) {
            try {
                return browser.waitFor(expression, Duration.ofSeconds(5));
            } catch (DevTools.Failure e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("gave up waiting for " + expression, last);
    }
}
