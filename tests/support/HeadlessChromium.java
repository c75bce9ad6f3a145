package support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test support: runs Debian's headless Chromium on a local page the way ENVIRONMENT.md says (no sandbox as root,
 * background networking off, a fresh profile per run), to dump the DOM once the page drew or take a screenshot;
 * {@link DevTools} drives it step by step.
 */
public final class HeadlessChromium {
    /** Candidate executables, first found wins; {@code COPPICE_CHROMIUM} overrides. */
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** The installed Chromium, or null when there is none. */
    public static HeadlessChromium find() {
        String override = System.getenv("COPPICE_CHROMIUM");
        if (override != null && Files.isExecutable(Path.of(override))) return new HeadlessChromium(Path.of(override));
        for (String c : CANDIDATES) if (Files.isExecutable(Path.of(c))) return new HeadlessChromium(Path.of(c));
        return null;
    }

    /**
     * What a page of render.java says when it is done drawing what it draws at first: the first screen's charts drawn
     * ({@code data-first-screen-ms}, set also when a chart failed), or an error with no Plotly to draw with.
     */
    public static final String FIRST_SCREEN_DRAWN = "document.body.hasAttribute('data-first-screen-ms')"
            + " || (document.body.hasAttribute('data-render-error') && typeof Plotly === 'undefined')";
    /** Only a give-up bound for a page to draw; never a speed assertion. */
    private static final Duration GIVE_UP = Duration.ofSeconds(TIMEOUT_SECONDS);

    /**
     * Loads {@code page} in real time through {@link DevTools} with a viewport of {@code width x height} CSS pixels,
     * waits until {@link #FIRST_SCREEN_DRAWN} and returns the serialized DOM. Charts are drawn when they come near the
     * viewport: a tall viewport draws them all. Real time, not {@code --virtual-time-budget}: virtual time may run out
     * before Chromium makes the frame in which the IntersectionObserver that draws the charts reports.
     *
     * @throws DevTools.Failure when Chromium fails, or the page has not drawn within two minutes
     */
    public String drawnDom(Path page, int width, int height) {
        return domWhen(page, width, height, FIRST_SCREEN_DRAWN);
    }

    /**
     * As {@link #drawnDom}, but waits until the JavaScript expression {@code ready} is truthy.
     *
     * @throws DevTools.Failure when Chromium fails, or {@code ready} stays falsy for two minutes
     */
    public String domWhen(Path page, int width, int height, String ready) {
        try (DevTools browser = DevTools.launch(this)) {
            browser.emulate(width, height, 1, false);
            browser.navigate(page);
            browser.waitFor(ready, GIVE_UP);
            return browser.evaluate("'<!DOCTYPE html>\\n' + document.documentElement.outerHTML").asText();
        }
    }

    /**
     * Loads {@code page} as {@link #drawnDom} does and takes a PNG screenshot of its viewport ({@code width x height}
     * CSS pixels, one device pixel each) into {@code png}, after two more frames so that what was drawn is painted.
     *
     * @throws IOException when the file cannot be written
     * @throws DevTools.Failure when Chromium fails, or the page has not drawn within two minutes
     */
    public void screenshot(Path page, Path png, int width, int height) throws IOException {
        try (DevTools browser = DevTools.launch(this)) {
            browser.emulate(width, height, 1, false);
            browser.navigate(page);
            browser.waitFor(FIRST_SCREEN_DRAWN, GIVE_UP);
            browser.evaluate("new Promise(function (done) { requestAnimationFrame(function () { requestAnimationFrame(done); }); })");
            String base64 = browser.send("Page.captureScreenshot", Map.of("format", "png")).path("data").asText();
            Files.write(png, Base64.getDecoder().decode(base64));
        }
    }

    /** The executable and the flags every run uses (headless, no sandbox, quiet, {@code profile} as user data dir). */
    List<String> command(Path profile) {
        return new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
    }

    /** Deletes {@code dir} and everything in it, as far as it can. */
    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp profile is harmless.
        }
    }
}
