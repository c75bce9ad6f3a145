package launcher;

import static org.assertj.core.api.Assertions.assertThat;

import days.DayFileAppender;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import page.Page;
import page.PlotlySource;
import record.ScrapeRecord;
import support.DevTools;
import support.Generated;
import support.HeadlessChromium;

/**
 * {@code render} run from a folder outside the checkout, the four ways a user reaches it: {@code CHECKOUT/jbang
 * CHECKOUT/render.java}, {@code CHECKOUT/jbang render@coppice} through a catalog registered with {@code catalog add
 * --global}, {@code jbang render@coppice} through a symlink to the launcher on the PATH, and that again through the
 * launcher's fast path (JBang made unable to start, so the run that succeeds did not go through it). Each page must
 * inline the checkout's Plotly and draw every chart in Chromium with every http(s) request blocked.
 *
 * <p>JBang's home is a temp folder (the user's global catalog is left alone), so its first run builds the script again.
 */
class FromAnyFolderTest {
    private static final String JBANG_CANNOT_START = "-XX:+CoppiceNoSuchVmOption";

    @TempDir
    Path temp;

    private static HeadlessChromium chromium;

    @BeforeAll
    static void tools() {
        chromium = HeadlessChromium.find();
        String missing = chromium == null ? "chromium not installed (apt-get install -y chromium)"
                : PlotlySource.localCopy(Path.of("").toAbsolutePath()) == null ? "no local Plotly (run " + PlotlySource.INSTALL_SCRIPT + ")" : null;
        if (missing != null && "1".equals(System.getenv("COPPICE_REQUIRE_TOOLS"))) throw new AssertionError("COPPICE_REQUIRE_TOOLS=1 but " + missing);
        Assumptions.assumeTrue(missing == null, missing);
    }

    @Test
    void rendersWithTheCheckoutsPlotlyFromAnotherFolderEveryWay() throws Exception {
        Path checkout = Path.of("").toAbsolutePath();
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Path data = elsewhere.resolve("scratch");
        for (ScrapeRecord r : Generated.coppiceDay(Instant.parse("2026-12-01T10:00:00Z"), 20, Duration.ofSeconds(30), 2, "http://127.0.0.1:9464/metrics")) {
            DayFileAppender.append(data, r);
        }
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("jbang"), checkout.resolve("jbang"));
        Map<String, String> env = new HashMap<>();
        env.put("JBANG_DIR", temp.resolve("jbang-home").toString());
        env.put("COPPICE_FAST_PATH_DIR", temp.resolve("fast").toString());
        env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        env.remove(PlotlySource.HOME_VARIABLE);

        Run added = run(elsewhere, env, checkout + "/jbang", "catalog", "add", "--global", "--name", "coppice",
                checkout.resolve("jbang-catalog.json").toString());
        assertThat(added.exit).as(added.stderr).isZero();

        Map<String, String> plain = new HashMap<>(env);
        plain.put("COPPICE_FAST_PATH", "0");
        List<Path> pages = new ArrayList<>();
        pages.add(render(elsewhere, plain, "script", checkout + "/jbang", checkout + "/render.java"));
        pages.add(render(elsewhere, plain, "catalog", checkout + "/jbang", "render@coppice"));
        // As the shell runs a command found on the PATH: by the symlink's full path.
        String symlink = bin.resolve("jbang").toString();
        pages.add(render(elsewhere, plain, "symlink", symlink, "render@coppice"));
        // The fast path: a first run keeps JBang's command line, the second cannot start JBang and must not need it.
        render(elsewhere, env, "fast-first", symlink, "render@coppice");
        Map<String, String> noJBang = new HashMap<>(env);
        noJBang.put("JBANG_JAVA_OPTIONS", JBANG_CANNOT_START);
        pages.add(render(elsewhere, noJBang, "fast", symlink, "render@coppice"));

        assertThat(elsewhere.resolve("data")).doesNotExist();
        try (DevTools browser = DevTools.launch(chromium)) {
            browser.send("Network.setBlockedURLs", Map.of("urls", List.of("http://*", "https://*")));
            // Tall enough that every chart is near the viewport, so all are drawn (they draw lazily).
            browser.emulate(1280, 16_000, 1, false);
            for (Path page : pages) {
                browser.navigate(page);
                browser.waitFor("document.body.hasAttribute('data-first-screen-ms') || document.body.hasAttribute('data-render-error')",
                        Duration.ofSeconds(120));
                assertThat(browser.evaluate("document.body.getAttribute('data-render-error')").asText("")).as(page.toString()).isEmpty();
                assertThat(browser.evaluate("typeof Plotly").asText()).as(page.toString()).isEqualTo("object");
                // The families' charts (counted by the page as drawn) and the panels (the coppice section's among them).
                int charts = browser.evaluate("document.querySelectorAll('[data-chart]').length").asInt();
                int panels = browser.evaluate("document.querySelectorAll('[data-panel-chart]').length").asInt();
                assertThat(charts + panels).as(page.toString()).isGreaterThan(5);
                assertThat(browser.evaluate("document.querySelectorAll('[data-chart] .main-svg').length > 0 && document.body.getAttribute('data-drawn')").asText())
                        .as(page.toString()).isEqualTo(String.valueOf(charts));
                assertThat(browser.evaluate("Array.prototype.filter.call(document.querySelectorAll('[data-panel-chart][data-drawn]'), "
                        + "function (d) { return d.querySelector('.main-svg') !== null; }).length").asInt())
                        .as(page.toString()).isEqualTo(panels);
            }
            assertThat(browser.requestedUrls()).allMatch(url -> url.startsWith("file:"));
        }
    }

    /** Renders {@code scratch} into {@code NAME.html} with the command given, from {@code dir}; returns the page. */
    private static Path render(Path dir, Map<String, String> env, String name, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--data-dir", "scratch", "--out", name + ".html"));
        Run run = run(dir, env, args.toArray(String[]::new));
        assertThat(run.exit).as(name + ": " + run.stderr).isZero();
        assertThat(run.stderr).as(name).contains("20 samples");
        Path page = dir.resolve(name + ".html");
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).as(name).doesNotContain("<script src=").contains("plotly.js (basic - minified) v" + Page.PLOTLY_VERSION);
        return page;
    }

    private record Run(int exit, String stdout, String stderr) {}

    private static Run run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("any-folder", ".out");
        Path err = Files.createTempFile("any-folder", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove(PlotlySource.HOME_VARIABLE);
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 300 s");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
