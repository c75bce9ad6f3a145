///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS info.picocli:picocli:4.7.7
//DESCRIPTION Render every day file under data/metrics/ into one static HTML page with Plotly charts
//SOURCES lib/ScrapeRecord.java
//SOURCES lib/SeriesKey.java
//SOURCES lib/Durations.java
//SOURCES lib/RecordReader.java
//SOURCES lib/RecordScanner.java
//SOURCES lib/SeriesMath.java
//SOURCES lib/Downsampler.java
//SOURCES lib/ChartBuilder.java
//SOURCES lib/Page.java

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Reads the scrape records under a folder and writes the "Live metrics" page. Prints the page's path on stdout and
 * a one-line summary on stderr. Exit status 0 when the page was written, 1 on failure, 2 on a usage error.
 */
@Command(name = "render", mixinStandardHelpOptions = true, version = "render 1.0",
        description = "Render every day file under data/metrics/ into one static HTML page with Plotly charts.")
public class render implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/metrics",
            description = "Folder with the YYYY-MM-DD.jsonl day files (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "data/metrics.html",
            description = "Page to write (default: ${DEFAULT-VALUE}; data/*.html is git-ignored).")
    Path out;

    @Option(names = "--max-points", paramLabel = "N", defaultValue = "2000",
            description = "Most points per trace; longer traces keep the min and max of each time bucket (default: ${DEFAULT-VALUE}).")
    int maxPoints;

    @Option(names = "--max-traces", paramLabel = "N", defaultValue = "100",
            description = "Most traces per chart; the most recently active are kept (default: ${DEFAULT-VALUE}).")
    int maxTraces;

    @Option(names = "--since", paramLabel = "DURATION", description = "Only the last DURATION before now, e.g. 24h, 7d.")
    String since;

    @Option(names = "--from", paramLabel = "RFC3339", description = "Only samples at or after this time, e.g. 2026-11-29T00:00:00Z.")
    String from;

    @Option(names = "--to", paramLabel = "RFC3339", description = "Only samples at or before this time.")
    String to;

    @Option(names = "--plotly", paramLabel = "URL|PATH",
            description = "Where the page gets Plotly: an https URL, or a local plotly.min.js that is inlined so the page "
                    + "needs no network (default: " + Page.PLOTLY_CDN + ").")
    String plotly;

    public static void main(String[] args) {
        System.exit(new CommandLine(new render()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Instant fromInstant, toInstant;
        try {
            if (since != null && from != null) throw new IllegalArgumentException("--since and --from cannot be used together");
            fromInstant = since != null ? Instant.now().minus(Durations.parse(since)) : from == null ? null : instant("--from", from);
            toInstant = to == null ? null : instant("--to", to);
            if (fromInstant != null && toInstant != null && fromInstant.isAfter(toInstant)) {
                throw new IllegalArgumentException("--from " + fromInstant + " is after --to " + toInstant);
            }
            if (maxPoints < 8) throw new IllegalArgumentException("--max-points must be at least 8, got " + maxPoints);
            if (maxTraces < 1) throw new IllegalArgumentException("--max-traces must be at least 1, got " + maxTraces);
        } catch (IllegalArgumentException e) {
            System.err.println("render: " + e.getMessage());
            return 2;
        }

        String plotlyUrl = Page.PLOTLY_CDN, plotlyInline = null;
        if (plotly != null) {
            if (plotly.startsWith("https://") || plotly.startsWith("http://")) {
                plotlyUrl = plotly;
            } else {
                Path file = Path.of(plotly);
                if (!Files.isRegularFile(file)) {
                    System.err.println("render: --plotly " + plotly + ": no such file (give an http(s) URL or a local plotly.min.js)");
                    return 2;
                }
                plotlyInline = Files.readString(file, StandardCharsets.UTF_8);
                plotlyUrl = null;
            }
        }

        if (!Files.isDirectory(dataDir)) System.err.println("render: warning: " + dataDir + " does not exist; the page shows no samples");
        PrintStream progress = System.console() != null ? System.err : null;
        RecordReader reader = new RecordReader(fromInstant, toInstant, progress);
        ChartBuilder charts = new ChartBuilder(maxPoints, maxTraces, reader.types());
        try {
            reader.read(dataDir, charts::accept);
        } catch (IOException e) {
            System.err.println("render: cannot read " + dataDir + ": " + e.getMessage());
            return 1;
        }
        charts.finish();
        if (reader.malformedWarning() != null) System.err.println("render: " + reader.malformedWarning());

        String dirLabel = dataDir.toString().replace('\\', '/');
        if (!dirLabel.endsWith("/")) dirLabel += "/";
        Page.Summary summary = new Page.Summary(charts.firstTs(), charts.lastTs(), charts.samples(), charts.failed(), charts.gaps(),
                charts.lateSamples(), charts.restarts(), reader.malformed());
        Page.Content content = new Page.Content(dirLabel, windowText(fromInstant, toInstant), plotlyUrl, plotlyInline, summary, charts.charts());

        // Written beside the target and moved into place, so a failed render never leaves half a page.
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".render-", ".html.tmp");
        try {
            try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8), 1 << 16)) {
                Page.write(w, content);
            }
            try {
                // A temp file is created owner-only; the page is meant to be served or shared.
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the default ACL applies.
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | IllegalArgumentException e) {
            Files.deleteIfExists(temp);
            System.err.println("render: cannot write " + out + ": " + e.getMessage());
            return 1;
        }

        double seconds = (System.nanoTime() - started) / 1e9;
        System.err.printf("render: %d files (%d skipped outside the window), %,d lines, %,d samples, %,d failed scrapes, %.2f s%n",
                reader.filesOpened(), reader.filesSkipped(), reader.lines(), charts.samples(), charts.failed(), seconds);
        System.out.println(out);
        return 0;
    }

    private static Instant instant(String option, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + text + "': expected an RFC 3339 time such as 2026-11-29T10:00:00Z");
        }
    }

    private static String windowText(Instant from, Instant to) {
        if (from == null && to == null) return null;
        DateTimeFormatter f = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
        if (to == null) return "since " + f.format(from);
        if (from == null) return "until " + f.format(to);
        return f.format(from) + " to " + f.format(to);
    }
}
