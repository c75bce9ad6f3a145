package page;

import days.AtomicFile;
import days.DayFileReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the day files under a folder and writes the "Live metrics" page: the work behind {@code render}, also
 * used by {@code demo}. The page is written beside its destination and moved into place, so a failed render never
 * leaves half a page.
 */
public final class Renderer {
    private Renderer() {}

    /**
     * What to render.
     *
     * @param dataDir      folder of the day files ({@code YYYY-MM-DD.jsonl} or gzipped {@code YYYY-MM-DD.jsonl.gz})
     * @param out          the page to write
     * @param maxPoints    most points per trace (longer traces are downsampled keeping min and max per bucket)
     * @param maxTraces    most traces per chart (the most recently active are kept)
     * @param from         first instant shown, or null for the start of the data
     * @param to           last instant shown, or null for the end of the data
     * @param plotly       where the page gets Plotly: an http(s) URL, or a local plotly.min.js to inline; null for the pinned CDN URL
     */
    public record Settings(Path dataDir, Path out, int maxPoints, int maxTraces, Instant from, Instant to, String plotly) {}

    /**
     * What was read and written; {@code seconds} is the wall time of the whole render.
     *
     * @param targets  named targets on the page (0 when every record came from one unnamed target)
     * @param warnings other warnings to show, each a line starting with {@code "warning: "} (unreadable day files,
     *                 targets left out); empty when none
     */
    public record Result(Path page, long filesOpened, long filesSkipped, long lines, long samples, long failedScrapes,
            long malformedLines, String malformedWarning, int targets, List<String> warnings, double seconds) {
        /** The one-line summary, e.g. {@code 3 files (0 skipped outside the window), 2,880 lines, ...}. */
        public String describe() {
            return String.format("%d files (%d skipped outside the window), %,d lines, %,d samples, %,d failed scrapes%s, %.2f s",
                    filesOpened, filesSkipped, lines, samples, failedScrapes, targets > 1 ? ", " + targets + " targets" : "", seconds);
        }
    }

    /**
     * Renders the page.
     *
     * @param progress where a progress line goes while reading, or null for none
     * @throws IOException naming the file that could not be read or written
     * @throws IllegalArgumentException when {@code plotly} is neither a URL nor an existing file
     */
    public static Result render(Settings settings, PrintStream progress) throws IOException {
        long started = System.nanoTime();
        String plotlyUrl = Page.PLOTLY_CDN;
        String plotlyInline = null;
        if (settings.plotly() != null) {
            if (settings.plotly().startsWith("https://") || settings.plotly().startsWith("http://")) {
                plotlyUrl = settings.plotly();
            } else {
                Path file = Path.of(settings.plotly());
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("--plotly " + settings.plotly() + ": no such file (give an http(s) URL or a local plotly.min.js)");
                }
                plotlyInline = Files.readString(file, StandardCharsets.UTF_8);
                plotlyUrl = null;
            }
        }

        DayFileReader reader = new DayFileReader(settings.from(), settings.to(), progress);
        MultiTargetCharts charts = new MultiTargetCharts(settings.maxPoints(), settings.maxTraces(), reader.types());
        try {
            reader.read(settings.dataDir(), charts);
        } catch (IOException e) {
            throw new IOException("cannot read " + settings.dataDir() + ": " + e.getMessage(), e);
        }
        charts.finish();

        List<Page.Target> targets = new ArrayList<>();
        Map<String, ChartBuilder> instances = charts.instances();
        if (!charts.oneUnnamedTarget() && !instances.isEmpty()) {
            instances.forEach((name, b) -> targets.add(new Page.Target(MultiTargetCharts.displayName(name), b.samples(), b.failed(),
                    b.restarts().size())));
        }
        List<String> warnings = new ArrayList<>(reader.warnings());
        if (charts.ignoredRecords() > 0) {
            warnings.add(String.format("warning: charted only the first %d targets; left out %,d records of %s%s",
                    MultiTargetCharts.MAX_INSTANCES, charts.ignoredRecords(), String.join(", ", charts.ignoredNames()),
                    charts.ignoredNames().size() == MultiTargetCharts.IGNORED_NAMES_KEPT ? " and others" : ""));
        }

        String dirLabel = settings.dataDir().toString().replace('\\', '/');
        if (!dirLabel.endsWith("/")) dirLabel += "/";
        Page.Summary summary = new Page.Summary(charts.firstTs(), charts.lastTs(), charts.samples(), charts.failed(), charts.gaps(),
                charts.lateSamples(), charts.restarts(), reader.malformed(), targets, charts.guessedTypes(),
                charts.restartsByTarget());
        Page.Content content = new Page.Content(dirLabel, windowText(settings.from(), settings.to()), plotlyUrl, plotlyInline,
                summary, charts.charts());
        writeAtomically(settings.out(), content);

        return new Result(settings.out(), reader.filesOpened(), reader.filesSkipped(), reader.lines(), charts.samples(),
                charts.failed(), reader.malformed(), reader.malformedWarning(), targets.size(), warnings,
                (System.nanoTime() - started) / 1e9);
    }

    private static void writeAtomically(Path out, Page.Content content) throws IOException {
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        try {
            AtomicFile.write(target, AtomicFile.SHARED, stream -> {
                try (Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
                    Page.write(w, content);
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static String windowText(Instant from, Instant to) {
        if (from == null && to == null) return null;
        DateTimeFormatter f = Page.UTC;
        if (to == null) return "since " + f.format(from);
        if (from == null) return "until " + f.format(to);
        return f.format(from) + " to " + f.format(to);
    }
}
