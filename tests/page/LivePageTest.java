package page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import days.DayFileAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.ScrapeRecord;
import scrape.Scraper;
import sim.SimulatedGateway;
import support.Scrapes;

/**
 * The page {@code watch --render} keeps live ({@link LivePage}) against {@code render} of the same day files: after
 * every tick (records of two simulated gateways with an injected clock, a gateway restart, a gap and a failed scrape)
 * the live page's chart data equals render's, and so do the header facts.
 */
public class LivePageTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Pattern CHART_DATA = Pattern.compile("<script type=\"application/json\" id=\"chart-data\">(.*?)</script>", Pattern.DOTALL);
    private static final Pattern FACTS = Pattern.compile("<p class=\"facts\" id=\"facts\">(.*?)</p>", Pattern.DOTALL);
    private static final Pattern TARGETS = Pattern.compile("<p class=\"facts\" id=\"targets\">(.*?)</p>", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LIVE_DATA = Pattern.compile("<script type=\"application/json\" id=\"live-data\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path tmp;

    @Test
    void everyTickTheLivePageHoldsWhatRenderReadsFromTheSameFiles() throws Exception {
        Path data = tmp.resolve("metrics");
        Path live = tmp.resolve("live.html");
        Path rendered = tmp.resolve("render.html");
        // Small enough that traces are downsampled while records stream in: a snapshot that cut the growing state would differ.
        int maxPoints = 16;
        AtomicLong clock = new AtomicLong();
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (SimulatedGateway gw1 = SimulatedGateway.start(0, clock::get); SimulatedGateway gw2 = SimulatedGateway.start(0, clock::get)) {
            List<SimulatedGateway> gateways = List.of(gw1, gw2);
            List<Scraper> scrapers = List.of(new Scraper(Scrapes.settings(gw1.metricsUri().toString(), Duration.ofSeconds(5), 10_000_000), "gw1"),
                    new Scraper(Scrapes.settings(gw2.metricsUri().toString(), Duration.ofSeconds(5), 10_000_000), "gw2"));
            Random random = new Random(13);
            Instant[] now = {start};
            // History: 30 ticks in the day files before watch starts.
            for (int i = 0; i < 30; i++) tick(gateways, scrapers, random, clock, now, data, null, false);

            Renderer.Settings settings = new Renderer.Settings(data, live, maxPoints, 100, null, null, null);
            PlotlySource cdn = new PlotlySource("https://cdn.example/plotly.js", null, "test");
            ByteArrayOutputStream status = new ByteArrayOutputStream();
            LivePage page = LivePage.open(settings, cdn, INTERVAL, new PrintStream(status, true, StandardCharsets.UTF_8));
            assertSameData(live, data, rendered, maxPoints);

            for (int i = 0; i < 40; i++) {
                if (i == 8) gw1.restart(); // counters back to 0, uptime from now
                if (i == 15) now[0] = now[0].plus(INTERVAL.multipliedBy(10)); // a gap of ten intervals without records
                tick(gateways, scrapers, random, clock, now, data, page, i == 22 || i == 39); // failed scrapes of gw2
                page.writeNow();
                assertSameData(live, data, rendered, maxPoints);
            }
            assertThat(status.toString(StandardCharsets.UTF_8)).isEmpty();
        }
        JsonNode content = liveContent(live);
        String facts = group(FACTS, content.get("main").asText());
        // One gap per target.
        assertThat(facts).contains("2 failed scrapes").contains("2 gaps without records").contains("1 gateway restart");
        assertThat(content.get("main").asText()).contains("Downsampled for display");
        // The newest scrape of gw2 failed: the live page carries that error for its stale state; render's page is not live.
        assertThat(content.get("live").toString()).contains("\"name\":\"gw2\"").contains("\"up\":false")
                .contains("\"error\":\"connection refused (test)\"").contains("\"intervalMs\":30000");
        assertThat(group(LIVE_DATA, Files.readString(rendered))).contains("\"intervalMs\":0").contains("\"targets\":[]");
        assertThat(Files.readString(rendered)).contains("Rendered at <time>").doesNotContain("Live: <code>watch --render</code>");
    }

    /** One tick: every gateway works a little, is scraped at the tick's time, the record is appended, then fed live. */
    private static void tick(List<SimulatedGateway> gateways, List<Scraper> scrapers, Random random, AtomicLong clock, Instant[] now,
            Path data, LivePage page, boolean gw2Fails) throws IOException {
        now[0] = now[0].plus(INTERVAL);
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(INTERVAL.toMillis()));
        for (int g = 0; g < gateways.size(); g++) {
            for (int s = 0; s < 5; s++) gateways.get(g).step(random);
            Instant ts = now[0].plusMillis(7L * g);
            ScrapeRecord r;
            if (g == 1 && gw2Fails) {
                r = ScrapeRecord.failed(ts, gateways.get(g).metricsUri().toString(), 3, "prometheus", 0, "connection refused (test)").withInstance("gw2");
            } else {
                ScrapeRecord s = scrapers.get(g).scrape();
                assertThat(s.up()).as("scrape of gw%d: %s", g + 1, s.error()).isTrue();
                r = new ScrapeRecord(ts, s.target(), s.up(), s.scrapeMs(), s.format(), s.bytes(), s.error(), s.series(), s.types(),
                        s.timestamps(), s.instance());
            }
            DayFileAppender.append(data, r);
            if (page != null) page.feed(r);
        }
    }

    private static void assertSameData(Path live, Path data, Path rendered, int maxPoints) throws IOException {
        Renderer.render(new Renderer.Settings(data, rendered, maxPoints, 100, null, null, "https://cdn.example/plotly.js"), null);
        JsonNode livePage = liveContent(live);
        String renderPage = Files.readString(rendered);
        assertThat(livePage.get("data")).isEqualTo(JSON.readTree(group(CHART_DATA, renderPage)));
        assertThat(group(FACTS, livePage.get("main").asText())).isEqualTo(group(FACTS, renderPage));
        assertThat(group(TARGETS, livePage.get("main").asText())).isEqualTo(group(TARGETS, renderPage));
    }

    /** The live page's content as its data script holds it: {"main": HTML of main, "data": chart data, "live": freshness}. */
    static JsonNode liveContent(Path live) throws IOException {
        String script = Files.readString(new LiveFiles(live).folder().resolve(LiveFiles.DATA), StandardCharsets.UTF_8);
        String prefix = "window.coppicePage = ";
        assertThat(script).startsWith(prefix).endsWith("};\n");
        return JSON.readTree(script.substring(prefix.length(), script.length() - 2));
    }

    @Test
    void theLivePageIsWrittenOnceAndThenOnlyItsDataUntilWatchStops() throws Exception {
        Path data = tmp.resolve("metrics");
        Path live = tmp.resolve("my page.html");
        Path plotly = tmp.resolve("plotly.min.js");
        Files.writeString(plotly, "/* plotly */ window.Plotly = {};");
        try (SimulatedGateway gw = SimulatedGateway.start(0)) {
            Scraper scraper = new Scraper(Scrapes.settings(gw.metricsUri().toString(), Duration.ofSeconds(5), 10_000_000), null);
            LivePage page = LivePage.open(new Renderer.Settings(data, live, 2000, 100, null, null, null),
                    PlotlySource.resolve(plotly.toString(), null), INTERVAL, new PrintStream(new ByteArrayOutputStream()));
            LiveFiles files = new LiveFiles(live);
            assertThat(files.folder()).isEqualTo(tmp.resolve("my page_files"));
            String shell = Files.readString(live);
            // The shell loads everything from the folder (its name percent-encoded), nothing inline but the policy allows.
            assertThat(shell).contains("<script id=\"page-data\" src=\"my%20page_files/data.js\"></script>")
                    .contains("<script src=\"my%20page_files/plotly.min.js\"></script>").contains("<script src=\"my%20page_files/page.js\"></script>")
                    .contains("script-src 'self'; style-src").doesNotContain("<script>").doesNotContain("unsafe-eval");
            assertThat(Files.readString(files.folder().resolve(LiveFiles.PLOTLY))).isEqualTo(Files.readString(plotly));
            long shellModified = Files.getLastModifiedTime(live).toMillis();

            page.start();
            page.offer(scraper.scrape());
            page.close();
            assertThat(Files.readString(live)).isEqualTo(shell);
            assertThat(Files.getLastModifiedTime(live).toMillis()).isEqualTo(shellModified);
            JsonNode content = liveContent(live);
            assertThat(content.get("live").get("stoppedAt").asLong()).isPositive();
            assertThat(content.get("main").asText()).contains("Watch stopped at <time>").doesNotContain("Live: <code>");
            assertThat(page.describe()).contains("1 rewrites").contains("bytes each (my page_files/data.js only)");
        }
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as("%s in the page", p).isTrue();
        return m.group(1);
    }

    @Test
    void theCheckoutIsWhatTheLauncherNamesOrWhatHoldsTheClassesNeverTheWorkingFolder() throws IOException {
        Path checkout = tmp.resolve("checkout");
        Files.createDirectories(checkout.resolve("lib/page"));
        Files.writeString(checkout.resolve("jbang"), "#!/usr/bin/env bash\n");
        Files.writeString(checkout.resolve("jbang-catalog.json"), "{}\n");
        Path jar = tmp.resolve("cache/jars/render.java.0123/render.jar");
        assertThat(PlotlySource.projectRoot(checkout.toString(), jar)).isEqualTo(checkout);
        // Classes compiled in place: the first folder above them that is a checkout.
        assertThat(PlotlySource.projectRoot(null, checkout.resolve("lib/page"))).isEqualTo(checkout);
        // A variable that names no checkout, and a jar in JBang's cache: no checkout, whatever the working folder.
        assertThat(PlotlySource.projectRoot(tmp.resolve("nowhere").toString(), jar)).isNull();
        assertThat(PlotlySource.projectRoot("", jar)).isNull();
        assertThat(PlotlySource.projectRoot(null, null)).isNull();
    }

    @Test
    void theLocalPlotlyIsUsedWithoutBeingAskedAndAnotherVersionIsNot() throws IOException {
        Path root = tmp.resolve("project");
        assertThat(PlotlySource.resolve(null, root).url()).isEqualTo(Page.PLOTLY_CDN);
        Path local = root.resolve(PlotlySource.LOCAL_COPY);
        Files.createDirectories(local.getParent());
        Files.writeString(local, "/* plotly */");
        Files.writeString(local.resolveSibling("package.json"), "{\"name\": \"plotly.js-basic-dist-min\", \"version\": \"" + Page.PLOTLY_VERSION + "\"}");
        PlotlySource found = PlotlySource.resolve(null, root);
        assertThat(found.inline()).isEqualTo("/* plotly */");
        assertThat(found.url()).isNull();
        assertThat(PlotlySource.resolve("https://example.invalid/p.js", root).url()).isEqualTo("https://example.invalid/p.js");
        Files.writeString(local.resolveSibling("package.json"), "{\"version\": \"1.0.0\"}");
        assertThat(PlotlySource.resolve(null, root).url()).isEqualTo(Page.PLOTLY_CDN);
    }
}
