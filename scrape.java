///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Scrape a Prometheus /metrics target once and append one JSON line to data/metrics/YYYY-MM-DD.jsonl.
//DEPS info.picocli:picocli:4.7.7
//SOURCES lib/*.java
//JAVA_OPTIONS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "scrape", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class,
        description = {"Scrape a Prometheus /metrics target once and append one record (one JSON line)",
                "to <data-dir>/YYYY-MM-DD.jsonl, named by the UTC date of the scrape.",
                "A failed scrape is recorded too, with \"up\":0 and the error.%n"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the scrape succeeded and was recorded", "1:the scrape failed (recorded as up=0) or the record could not be written",
                "2:usage error"})
public class scrape implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/metrics",
            description = "Folder of the day files. Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--stdout", description = "Print the record on standard output instead of appending it.")
    boolean stdout;

    public static void main(String... args) {
        System.exit(Cli.run(new scrape(), args));
    }

    @Override
    public Integer call() {
        Scraper.Settings settings = target.toSettings();
        ScrapeRecord record = new Scraper(settings, Scraper.defaultClient(settings)).scrape();

        if (stdout) {
            System.out.println(record.toJson());
        } else {
            try {
                DayFiles.append(dataDir, record);
            } catch (java.io.IOException e) {
                System.err.println("scrape: " + e.getMessage());
                return 1;
            }
        }
        if (!record.up()) {
            System.err.println("scrape: " + record.target() + " is down: " + record.error());
            return 1;
        }
        return 0;
    }
}
