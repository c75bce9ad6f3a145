///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Scrape a Prometheus /metrics target once and append one JSON line to data/metrics/YYYY-MM-DD.jsonl.
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
//SOURCES lib/cli/Cli.java
//SOURCES lib/cli/Converters.java
//SOURCES lib/cli/VersionProvider.java
//SOURCES lib/cli/DataOptions.java
//SOURCES lib/cli/TargetOptions.java
//SOURCES lib/cli/RetentionOptions.java
//JAVA_OPTIONS -XX:+UseSerialGC -XX:TieredStopAtLevel=1
import cli.Cli;
import cli.DataOptions;
import cli.RetentionOptions;
import cli.TargetOptions;
import cli.VersionProvider;
import days.DayFileAppender;
import days.Retention;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import record.RecordCodec;
import record.ScrapeRecord;
import scrape.Scraper;
import scrape.Target;

@Command(name = "scrape", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Scrape a Prometheus /metrics target once and append one record (one JSON line) to"
                + " <data-dir>/YYYY-MM-DD.jsonl, named by the UTC date of the scrape. A failed scrape is recorded too,"
                + " with \"up\":0 and the error.%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the scrape succeeded and was recorded", "1:the scrape failed (recorded as up=0) or the record could not be written",
                "2:usage error"})
public class scrape implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Mixin
    DataOptions data;

    @Option(names = "--stdout", description = "Print the record on standard output instead of appending it.")
    boolean stdout;

    @Mixin
    RetentionOptions retention;

    public static void main(String... args) {
        System.exit(Cli.run(new scrape(), args));
    }

    @Override
    public Integer call() {
        int status = 0;
        Path dataDir = stdout ? data.dataDir() : data.dataDirToWrite("scrape", System.err);
        for (Target t : target.targets()) {
            ScrapeRecord record = new Scraper(t.settings(), t.instance()).scrape();
            if (!record(record, dataDir)) status = 1;
        }
        if (retention.retains() && !stdout) {
            try {
                Retention.apply(dataDir, retention.policy(), Instant.now(), System.err);
            } catch (IOException e) {
                System.err.println("scrape: retention: " + e.getMessage());
                status = 1;
            }
        }
        return status;
    }

    /** Prints or appends one record; false when the target was down or the record could not be written. */
    private boolean record(ScrapeRecord record, Path dataDir) {
        if (stdout) {
            try {
                // Streamed: a record of 200,000 series is ~25 MB, not worth a String copy.
                RecordCodec.write(record, System.out);
                System.out.write('\n');
                System.out.flush();
            } catch (IOException e) {
                System.err.println("scrape: cannot write the record: " + e.getMessage());
                return false;
            }
        } else {
            try {
                DayFileAppender.append(dataDir, record);
            } catch (IOException e) {
                System.err.println("scrape: " + e.getMessage());
                return false;
            }
        }
        if (!record.up()) {
            System.err.println("scrape: " + (record.instance() == null ? "" : record.instance() + "=") + record.target()
                    + " is down: " + record.error());
            return false;
        }
        return true;
    }
}
