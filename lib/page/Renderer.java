package page;

import days.AtomicFile;
import days.DayFileReader;
import days.RecordOrder;
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
     * @param plotly       where the page gets Plotly: an http(s) URL, or a local Plotly bundle to inline; null for the default
     *                     ({@link PlotlySource#resolve}: the pinned local copy when installed, else the CDN URL)
     * @param chartPerTarget true to draw, for the PromQL panels and Other metrics, one small chart per target instead
     *                     of one line per target on one chart
     */
    public record Settings(Path dataDir, Path out, int maxPoints, int maxTraces, Instant from, Instant to, String plotly,
                           boolean chartPerTarget) {
        /** Settings with one line per target on each chart. */
        public Settings(Path dataDir, Path out, int maxPoints, int maxTraces, Instant from, Instant to, String plotly) {
            this(dataDir, out, maxPoints, maxTraces, from, to, plotly, false);
        }
    }

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
        return render(settings, progress, null);
    }

    /** Makes the section of panels for the records' time range. */
    public interface PanelSectionMaker {
        /**
         * @param firstMs the first successful scrape, Unix ms (Long.MAX_VALUE when none)
         * @param lastMs  the last successful scrape, Unix ms (Long.MIN_VALUE when none)
         * @param metricNames every metric name with a sample in the records read (the page's own read knows them)
         * @return the section, or null for none (the page is then as without panels)
         */
        PanelSection make(long firstMs, long lastMs, java.util.Set<String> metricNames) throws IOException;

        /**
         * Where the page hands every record it keeps, as it hands them to its charts (in time order per target, under
         * {@link days.RecordOrder}: the read of the day files, then a live page's new records), for a maker that
         * evaluates from them instead of reading the files again; null (the default) for none.
         */
        default java.util.function.Consumer<record.CompactRecord> records() {
            return null;
        }
    }

    /**
     * Renders the page with a section of panels above "Other metrics" ({@code panels} null for none).
     *
     * @throws IOException naming the file that could not be read or written
     * @throws IllegalArgumentException when {@code plotly} is neither a URL nor an existing file
     */
    public static Result render(Settings settings, PrintStream progress, PanelSectionMaker panels) throws IOException {
        long started = System.nanoTime();
        PlotlySource plotly = PlotlySource.resolve(settings.plotly(), PlotlySource.projectRoot());
        History history = read(settings, progress, panels);
        history.charts().finish();
        MultiTargetCharts.Snapshot snapshot = new MultiTargetCharts.Snapshot(history.charts().charts(), history.charts().restarts(),
                history.charts().restartsByTarget(), history.charts().outages());
        long renderedAt = System.currentTimeMillis();
        Page.Content content = content(settings, plotly, history, snapshot, Page.Freshness.rendered(renderedAt));
        PanelSection section = panels == null ? null : panels.make(history.charts().firstTs(), history.charts().lastTs(),
                history.charts().metricNames());
        write(settings.out(), content, section);
        return result(settings, history, (System.nanoTime() - started) / 1e9);
    }

    /**
     * The records of the window read from the day files into charts that can take more records
     * ({@link MultiTargetCharts#snapshot()}): the state {@code render} finishes, and {@code watch --render} feeds.
     *
     * @param reader the reader used, for its counts, warnings and the types it learnt (the charts read them live)
     */
    public record History(DayFileReader reader, MultiTargetCharts charts) {}

    /**
     * Reads the day files of {@code settings}' window into a {@link History}.
     *
     * @throws IOException naming the folder when a file cannot be read
     */
    public static History read(Settings settings, PrintStream progress) throws IOException {
        return read(settings, progress, null);
    }

    /**
     * As {@link #read(Settings, PrintStream)}, handing every kept record to {@code panels}' {@link PanelSectionMaker#records}
     * too (null, or a maker without, for none); so do the live page's later records, through the same order.
     */
    public static History read(Settings settings, PrintStream progress, PanelSectionMaker panels) throws IOException {
        DayFileReader reader = new DayFileReader(settings.from(), settings.to(), progress);
        MultiTargetCharts charts = new MultiTargetCharts(settings.maxPoints(), settings.maxTraces(), reader.types());
        java.util.function.Consumer<record.CompactRecord> also = panels == null ? null : panels.records();
        RecordOrder.Sink sink = also == null ? charts : new RecordOrder.Sink() {
            @Override
            public void accept(record.CompactRecord r) {
                charts.accept(r);
                also.accept(r);
            }

            @Override
            public void clockStepped(record.CompactRecord next) {
                charts.clockStepped(next);
            }
        };
        try {
            reader.read(settings.dataDir(), sink);
        } catch (IOException e) {
            throw new IOException("cannot read " + settings.dataDir() + ": " + e.getMessage(), e);
        }
        return new History(reader, charts);
    }

    /** What {@link #render} reports of a history, {@code seconds} being the wall time to give. */
    public static Result result(Settings settings, History history, double seconds) {
        DayFileReader reader = history.reader();
        MultiTargetCharts charts = history.charts();
        return new Result(settings.out(), reader.filesOpened(), reader.filesSkipped(), reader.lines(), charts.samples(),
                charts.failed(), reader.malformed(), reader.malformedWarning(), targets(charts).size(), warnings(history),
                seconds);
    }

    /** The page's content: the header facts of {@code history}, the charts of {@code snapshot}, and how fresh it is. */
    public static Page.Content content(Settings settings, PlotlySource plotly, History history, MultiTargetCharts.Snapshot snapshot,
            Page.Freshness freshness) {
        MultiTargetCharts charts = history.charts();
        String dirLabel = settings.dataDir().toString().replace('\\', '/');
        if (!dirLabel.endsWith("/")) dirLabel += "/";
        Page.Summary summary = new Page.Summary(new Page.Span(charts.firstTs(), charts.lastTs(), charts.samples()),
                new Page.Problems(charts.failed(), charts.gaps(), charts.lateSamples(), history.reader().malformed()),
                new Page.Restarts(snapshot.restarts(), snapshot.restartsByTarget()), targets(charts), charts.guessedTypes(), notes(history),
                snapshot.outages());
        return new Page.Content(dirLabel, windowText(settings.from(), settings.to()), plotly, summary, snapshot.charts(), freshness,
                settings.chartPerTarget());
    }

    /** What the records made the page leave out or break, for the page's header (also printed as warnings). */
    private static List<String> notes(History history) {
        List<String> notes = new ArrayList<>();
        String order = history.reader().order().warning();
        if (order != null) notes.add(Character.toUpperCase(order.charAt(0)) + order.substring(1) + ".");
        String types = history.charts().typeChangeNote();
        if (types != null) notes.add(Character.toUpperCase(types.charAt(0)) + types.substring(1) + ".");
        return notes;
    }

    private static List<Page.Target> targets(MultiTargetCharts charts) {
        List<Page.Target> targets = new ArrayList<>();
        Map<String, ChartBuilder> instances = charts.instances();
        if (!charts.oneUnnamedTarget() && !instances.isEmpty()) {
            instances.forEach((name, b) -> targets.add(new Page.Target(MultiTargetCharts.displayName(name), b.samples(), b.failed(),
                    b.restarts().size())));
        }
        return targets;
    }

    private static List<String> warnings(History history) {
        MultiTargetCharts charts = history.charts();
        List<String> warnings = new ArrayList<>(history.reader().warnings());
        String types = charts.typeChangeNote();
        if (types != null) warnings.add("warning: " + types);
        if (charts.ignoredRecords() > 0) {
            warnings.add(String.format("warning: charted only the first %d targets; left out %,d records of %s%s",
                    MultiTargetCharts.MAX_INSTANCES, charts.ignoredRecords(), String.join(", ", charts.ignoredNames()),
                    charts.ignoredNames().size() == MultiTargetCharts.IGNORED_NAMES_KEPT ? " and others" : ""));
        }
        return warnings;
    }

    /**
     * Writes the self-contained page ({@link Page#write}) beside {@code out} and moves it into place; returns the
     * bytes written.
     *
     * @throws IOException naming {@code out}
     */
    public static long write(Path out, Page.Content content) throws IOException {
        return write(out, content, null);
    }

    /** As {@link #write(Path, Page.Content)}, with a section of panels (null for none). */
    public static long write(Path out, Page.Content content, PanelSection section) throws IOException {
        return writeFile(out, w -> Page.write(w, content, section));
    }

    /** What writes a file's text. */
    public interface Text {
        /** Writes the text to {@code out}. */
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Writes a file of the page (UTF-8) beside {@code out} and moves it into place ({@link AtomicFile}), so a reader
     * never sees half of it; returns the bytes written.
     *
     * @throws IOException naming {@code out}
     */
    public static long writeFile(Path out, Text text) throws IOException {
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        try {
            return AtomicFile.write(target, AtomicFile.SHARED, stream -> {
                CountingStream counting = new CountingStream(stream);
                try (Writer w = new BufferedWriter(new OutputStreamWriter(counting, StandardCharsets.UTF_8), 1 << 16)) {
                    text.writeTo(w);
                }
                return counting.bytes;
            });
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** Counts the bytes that pass. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long bytes;

        CountingStream(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }
    }

    /** The window as the page's facts say it, or null for all data. */
    static String windowText(Instant from, Instant to) {
        if (from == null && to == null) return null;
        DateTimeFormatter f = Page.UTC;
        if (to == null) return "since " + f.format(from);
        if (from == null) return "until " + f.format(to);
        return f.format(from) + " to " + f.format(to);
    }
}
