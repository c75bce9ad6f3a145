///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Scrape a Prometheus /metrics target every 30 s (or --interval) until stopped, one JSON line per sample.
//DEPS info.picocli:picocli:4.7.7
//SOURCES lib/secrets/*.java
//SOURCES lib/text/*.java
//SOURCES lib/units/*.java
//SOURCES lib/files/*.java
//SOURCES lib/version/*.java
//SOURCES lib/record/*.java
//SOURCES lib/parse/*.java
//SOURCES lib/days/*.java
//SOURCES lib/http/*.java
//SOURCES lib/scrape/*.java
//SOURCES lib/prom/*.java
//SOURCES lib/query/*.java
//SOURCES lib/queryio/*.java
//SOURCES lib/panels/*.java
//SOURCES lib/page/*.java
//SOURCES lib/cli/Cli.java
//SOURCES lib/cli/Converters.java
//SOURCES lib/cli/VersionProvider.java
//SOURCES lib/cli/DataOptions.java
//SOURCES lib/cli/IntervalOption.java
//SOURCES lib/cli/TargetOptions.java
//SOURCES lib/cli/RetentionOptions.java
//SOURCES lib/cli/RemoteWriteOptions.java
//SOURCES lib/cli/JobOption.java
//SOURCES lib/cli/PageOptions.java
//SOURCES lib/cli/WindowOptions.java
//SOURCES lib/cli/PanelOptions.java
//FILES page/page.js=lib/page/page.js
//FILES page/page.css=lib/page/page.css
//FILES page/page.html=lib/page/page.html
//FILES panels/sets/coppice.yaml=lib/panels/sets/coppice.yaml
//FILES panels/sets/node_exporter.yaml=lib/panels/sets/node_exporter.yaml
//FILES panels/sets/prometheus.yaml=lib/panels/sets/prometheus.yaml
//FILES panels/sets/go.yaml=lib/panels/sets/go.yaml
//FILES panels/sets/jvm.yaml=lib/panels/sets/jvm.yaml
//JAVA_OPTIONS -XX:+UseSerialGC -Xms8m -Xmx2g -XX:TieredStopAtLevel=1
//JAVAC_OPTIONS -XDignore.symbol.file
import cli.Cli;
import cli.Converters;
import cli.DataOptions;
import cli.IntervalOption;
import cli.PageOptions;
import cli.PanelOptions;
import cli.RemoteWriteOptions;
import cli.RetentionOptions;
import cli.TargetOptions;
import cli.VersionProvider;
import days.DayFileAppender;
import days.Retention;
import days.RetentionPolicy;
import units.Durations;
import http.Redaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import page.LivePage;
import panels.BuiltInPanelSets;
import panels.PanelFeed;
import panels.PanelFiles;
import panels.PanelPages;
import panels.PanelSet;
import panels.PanelSetException;
import panels.ThrottledPanelSection;
import page.PlotlySource;
import page.Renderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import prom.RemoteWriteSettings;
import prom.RemoteWriter;
import scrape.Scraper;
import scrape.Target;
import scrape.Watcher;
import sun.misc.Signal;

@Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Scrape the target at a fixed rate until stopped, appending one record per sample to "
                + "<data-dir>/YYYY-MM-DD.jsonl (a new file at UTC midnight). Failed scrapes are recorded as up=0 and "
                + "watching goes on. Ctrl-C, SIGTERM or SIGHUP lets the sample in flight finish, prints a summary and "
                + "exits 0; a second Ctrl-C exits at once.%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped by --count, Ctrl-C, SIGTERM or SIGHUP", "1:records could not be written, or --remote-write could send no sample at all", "2:usage error",
                "130:a second Ctrl-C"})
public class watch implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    IntervalOption sampling;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N samples (per target). Default: 0, run until stopped.")
    long count;

    @Mixin
    DataOptions data;

    @Mixin
    RetentionOptions retention;

    @Mixin
    RemoteWriteOptions remoteWrite;

    // An empty fallback stands for the data options' default page, decided there.
    @Option(names = "--render", paramLabel = "FILE", arity = "0..1", fallbackValue = "",
            description = "Also keep the page FILE (default " + DataOptions.DEFAULT_PAGE + ") live: read the window's records once at start, "
                    + "write the page, its code and Plotly once (FILE and the folder NAME_files/ beside it), then after every sample only "
                    + "its data, which the open page loads by itself; the page shows the age of the newest sample, and says when watch "
                    + "stopped. Takes render's page options below.")
    Path render;

    @Mixin
    PageOptions page;

    @Mixin
    PanelOptions panelOptions;

    public static void main(String... args) {
        System.exit(Cli.run(new watch(), args));
    }

    @Override
    public Integer call() {
        if (count < 0) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count must be 0 or more");
        List<Target> targets = target.repeatedTargets(sampling.interval());
        String shortfall = Watcher.heapShortfall(targets.stream().map(t -> t.settings().maxBytes()).toList(), Runtime.getRuntime().maxMemory());
        if (shortfall != null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), shortfall);
        List<Scraper> scrapers = new ArrayList<>();
        for (Target t : targets) {
            scrapers.add(new Scraper(t.settings(), t.instance()));
        }
        Path dataDir = data.dataDirToWrite("watch", System.err);
        LivePage live = render == null ? null : openPage(dataDir, data.page(render));
        if (render != null && live == null) return 1;
        RemoteWriteSettings remoteSettings = remoteWrite.settings();
        RemoteWriter remote = remoteSettings == null ? null : remoteSettings.start(System.err);
        ScheduledExecutorService retentionTimer = startRetention(dataDir);
        Watcher watcher = new Watcher(scrapers, sampling.interval(), count, dataDir, System.err, record -> {
            if (remote != null) remote.offer(record);
            if (live != null) live.offer(record);
        });
        stopOnSignals(watcher);
        System.err.println("watch: scraping " + describe(targets) + " every " + Durations.format(sampling.interval())
                + " into " + dataDir + (count > 0 ? ", " + count + " samples" : ", until Ctrl-C")
                + (remote != null ? ", remote write to " + Redaction.url(remoteSettings.endpoint().toString()) : ""));

        if (live != null) live.start();
        Watcher.Summary summary = watcher.run();
        if (live != null) {
            live.close();
            System.err.println("watch: " + live.describe());
        }

        if (retentionTimer != null) retentionTimer.shutdownNow();
        System.err.println("watch: " + summary.describe());
        nameUnwritten(watcher.unwritten());
        boolean remoteSentNothing = false;
        if (remote != null) {
            remote.close(Duration.ofSeconds(10));
            remoteSentNothing = remote.sent() == 0 && remote.dropped() > 0;
            System.err.println("watch: remote write to " + Redaction.url(remoteSettings.endpoint().toString()) + ": " + remote.sent() + " samples sent, "
                    + remote.dropped() + " dropped" + (remoteSentNothing ? "; remote write sent NOTHING during this watch" : ""));
        }
        return summary.pending() > 0 || summary.recordsLost() > 0 || remoteSentNothing ? 1 : 0;
    }

    /**
     * Reads the page's window once and writes the first page (watch --render); null, after saying why, when the
     * history cannot be read or the page not written.
     */
    private LivePage openPage(Path dataDir, Path pageFile) {
        Renderer.Settings settings = page.settings(dataDir, pageFile);
        try {
            PlotlySource plotly = PlotlySource.resolve(page.plotly(), PlotlySource.projectRoot());
            List<PanelSet> sets = new ArrayList<>(BuiltInPanelSets.all());
            try {
                sets.addAll(PanelFiles.read(panelOptions.files(), dataDir));
            } catch (PanelSetException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            // The coppice set is drawn first, as the page's coppice section (the lead set); the panels are fed the page's
            // records and evaluate only new steps.
            LivePage live = LivePage.open(settings, plotly, sampling.interval(), System.err, new PanelFeed(settings, PanelFeed.storage(dataDir), sets,
                    List.of(), PanelFeed.BUFFER_SAMPLES, ThrottledPanelSection.periodFor(sampling.interval()), System::currentTimeMillis));
            Renderer.Result read = live.startResult();
            for (String warning : read.warnings()) System.err.println("watch: page: " + warning);
            if (read.malformedWarning() != null) System.err.println("watch: page: " + read.malformedWarning());
            System.err.println("watch: page " + pageFile + " live (Plotly " + (plotly.fromNetwork() ? "from " + plotly.from()
                    + "; no local copy: " + PlotlySource.missing() : "copied beside it from " + plotly.from()) + "); history: " + read.describe());
            return live;
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            System.err.println("watch: page: " + e.getMessage());
            return null;
        }
    }

    /** Deletes days past --retain and gzips closed days, now and every hour, on a background thread. */
    private ScheduledExecutorService startRetention(Path dataDir) {
        RetentionPolicy policy = retention.policy();
        if (policy.retain() == null && policy.compressAfter() == null) return null;
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                Retention.apply(dataDir, policy, Instant.now(), System.err);
            } catch (IOException | RuntimeException e) {
                System.err.println("watch: retention: " + e.getMessage());
            }
        }, 0, 1, TimeUnit.HOURS);
        return scheduler;
    }

    private static String describe(List<Target> targets) {
        List<String> names = new ArrayList<>();
        for (Target t : targets) {
            names.add((t.instance() == null ? "" : t.instance() + "=") + Redaction.url(t.settings().target()));
        }
        return names.size() == 1 ? names.get(0) : names.size() + " targets (" + String.join(", ", names) + ")";
    }

    /** Names the records that are lost with this process, so that they can be told apart from gaps of a down target. */
    private static void nameUnwritten(List<record.ScrapeRecord> unwritten) {
        int shown = Math.min(unwritten.size(), 20);
        for (int i = 0; i < shown; i++) {
            record.ScrapeRecord r = unwritten.get(i);
            System.err.println("watch: NOT WRITTEN: the sample of " + r.targetName() + " at " + r.ts() + " (up=" + (r.up() ? 1 : 0) + ")");
        }
        if (unwritten.size() > shown) System.err.println("watch: NOT WRITTEN: and " + (unwritten.size() - shown) + " more, the last at "
                + unwritten.get(unwritten.size() - 1).ts());
    }

    /**
     * What watch says when a signal stops it: the signal by what it means, and the way out at once only where there is
     * one at hand (a second Ctrl-C at the terminal).
     */
    static String stopMessage(String signal) {
        return switch (signal) {
            case "INT" -> "Ctrl-C: stopping after the sample in flight (Ctrl-C again to exit now)";
            case "TERM" -> "SIGTERM: stopping after the sample in flight";
            case "HUP" -> "SIGHUP (terminal closed): stopping after the sample in flight";
            default -> "SIG" + signal + ": stopping after the sample in flight";
        };
    }

    /**
     * First SIGINT, SIGTERM or SIGHUP (a closed terminal or ssh session): finish the sample in flight, write it, then
     * stop with the summary. Second: exit now with status 130, but only between two appends, so no line is torn (the
     * sample in flight, if any, is not written).
     */
    private static void stopOnSignals(Watcher watcher) {
        AtomicInteger received = new AtomicInteger();
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            // Under nohup, SIGHUP stays ignored: the JVM leaves an ignored signal alone.
            Signal.handle(new Signal(name), signal -> {
                if (received.incrementAndGet() == 1) {
                    System.err.println();
                    System.err.println("watch: " + stopMessage(signal.getName()));
                    watcher.stop();
                } else {
                    DayFileAppender.haltBetweenAppends(130);
                }
            });
        }
    }
}
