package support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import page.Page;

/**
 * Test support: runs Debian's headless Chromium on a local page the way ENVIRONMENT.md says (no sandbox as root,
 * background networking off, a fresh profile per run), to dump the DOM after scripts ran or take a screenshot.
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
     * Loads {@code page}, lets its scripts run for up to {@code virtualTimeMillis} of virtual time, and returns the
     * serialized DOM.
     *
     * @throws IOException when Chromium cannot start, fails, or takes longer than two minutes
     */
    public String dumpDom(Path page, int virtualTimeMillis) throws IOException {
        Path profile = Files.createTempDirectory("chromium-profile-");
        try {
            List<String> cmd = baseCommand(profile, virtualTimeMillis);
            cmd.add("--dump-dom");
            cmd.add(page.toUri().toString());
            return run(cmd);
        } finally {
            deleteTree(profile);
        }
    }

    /**
     * Loads {@code page} at a window of {@code width x height} CSS pixels and returns the serialized DOM, as
     * {@link #dumpDom(Path, int)} does. Charts are drawn when they come near the viewport: a tall window draws them all.
     */
    public String dumpDom(Path page, int virtualTimeMillis, int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("chromium-profile-");
        try {
            List<String> cmd = baseCommand(profile, virtualTimeMillis);
            cmd.add("--window-size=" + width + "," + height);
            cmd.add("--dump-dom");
            cmd.add(page.toUri().toString());
            return run(cmd);
        } finally {
            deleteTree(profile);
        }
    }

    /**
     * Loads a copy of {@code page} with {@code script} appended at the end of its body, allowed by adding the script's
     * hash to the page's own Content-Security-Policy (the rest of the policy stays), and returns what the script wrote
     * into {@code <pre id="probe-out">} (HTML entities decoded). The script should poll (setTimeout) until the page is
     * ready and write its findings as text, e.g. JSON.
     *
     * @throws IOException when Chromium fails, or the probe wrote nothing within the virtual time
     */
    public String probe(Path page, String script, int width, int height, int virtualTimeMillis) throws IOException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        String hash = Page.sha256Source(script);
        String probed = html.replaceFirst("script-src ", "script-src " + java.util.regex.Matcher.quoteReplacement(hash) + " ")
                .replace("</body>", "<pre id=\"probe-out\"></pre><script>" + script + "</script>\n</body>");
        Path copy = page.resolveSibling("probed-" + page.getFileName());
        Files.writeString(copy, probed, StandardCharsets.UTF_8);
        String dom = dumpDom(copy, virtualTimeMillis, width, height);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<pre id=\"probe-out\">(.*?)</pre>", java.util.regex.Pattern.DOTALL).matcher(dom);
        if (!m.find() || m.group(1).isEmpty()) throw new IOException("the probe wrote nothing into " + copy);
        return m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    /**
     * Takes a PNG screenshot of {@code page} at {@code width x height} CSS pixels into {@code png}.
     *
     * @throws IOException when Chromium fails or writes no file
     */
    public void screenshot(Path page, Path png, int width, int height, int virtualTimeMillis) throws IOException {
        Path profile = Files.createTempDirectory("chromium-profile-");
        try {
            Files.deleteIfExists(png);
            List<String> cmd = baseCommand(profile, virtualTimeMillis);
            cmd.add("--hide-scrollbars");
            cmd.add("--window-size=" + width + "," + height);
            cmd.add("--screenshot=" + png.toAbsolutePath());
            cmd.add(page.toUri().toString());
            run(cmd);
            if (!Files.isRegularFile(png)) throw new IOException("Chromium wrote no screenshot to " + png);
        } finally {
            deleteTree(profile);
        }
    }

    private List<String> baseCommand(Path profile, int virtualTimeMillis) {
        List<String> cmd = command(profile);
        cmd.add("--virtual-time-budget=" + virtualTimeMillis);
        return cmd;
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

    private static String run(List<String> cmd) throws IOException {
        Path out = Files.createTempFile("chromium-out-", ".txt");
        Path err = Files.createTempFile("chromium-err-", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean done;
            try {
                done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Chromium", e);
            }
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                throw new IOException("Chromium exited with " + p.exitValue() + ": " + stderr.lines().limit(20).reduce("", (a, b) -> a + "\n" + b));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
