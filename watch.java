///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Scrape a Prometheus /metrics target every 30 s (or --interval) until stopped, one JSON line per sample.
//DEPS info.picocli:picocli:4.7.7
//SOURCES lib/*.java
//JAVA_OPTIONS -XX:+UseSerialGC -Xmx256m
//JAVAC_OPTIONS -XDignore.symbol.file

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class,
        description = {"Scrape the target at a fixed rate until stopped, appending one record per sample",
                "to <data-dir>/YYYY-MM-DD.jsonl (a new file at UTC midnight). Failed scrapes are",
                "recorded as up=0 and watching goes on. Ctrl-C or SIGTERM lets the sample in flight",
                "finish, prints a summary and exits 0; a second Ctrl-C exits at once.%n"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped by --count, Ctrl-C or SIGTERM", "1:records could not be written", "2:usage error",
                "130:a second Ctrl-C"})
public class watch implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "30s", converter = TargetOptions.DurationConverter.class,
            description = "Time between the starts of two samples (e.g. 500ms, 5s, 1m). Default: ${DEFAULT-VALUE}")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N samples. Default: run until stopped.")
    long count;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/metrics",
            description = "Folder of the day files. Default: ${DEFAULT-VALUE}")
    Path dataDir;

    public static void main(String... args) {
        System.exit(Cli.run(new watch(), args));
    }

    @Override
    public Integer call() {
        Scraper.Settings settings = target.toSettings();
        if (count < 0) throw new picocli.CommandLine.ParameterException(target.spec.commandLine(), "--count must be 0 or more");
        Watcher watcher = new Watcher(new Scraper(settings, Scraper.defaultClient(settings)),
                interval, count, dataDir, System.err);
        stopOnSignals(watcher);
        System.err.println("watch: scraping " + Scraper.redact(settings.target()) + " every " + Durations.format(interval)
                + " into " + dataDir + (count > 0 ? ", " + count + " samples" : ", until Ctrl-C"));

        Watcher.Summary summary = watcher.run();

        System.err.println("watch: " + summary.describe());
        return summary.pending() > 0 || summary.recordsLost() > 0 ? 1 : 0;
    }

    /**
     * First SIGINT/SIGTERM: finish the sample in flight, write it, then stop with the summary. Second: exit now with
     * status 130, but only between two appends, so no line is torn (the sample in flight, if any, is not written).
     */
    private static void stopOnSignals(Watcher watcher) {
        AtomicInteger received = new AtomicInteger();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> {
                if (received.incrementAndGet() == 1) {
                    System.err.println();
                    System.err.println("watch: stopping after the sample in flight (Ctrl-C again to exit now)");
                    watcher.stop();
                } else {
                    DayFiles.haltBetweenAppends(130);
                }
            });
        }
    }
}
