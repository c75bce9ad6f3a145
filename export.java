///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Export the day files as OpenMetrics text with timestamps, for promtool tsdb create-blocks-from openmetrics.
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
//SOURCES lib/prom/*.java
//SOURCES lib/query/Staleness.java
//SOURCES lib/cli/Cli.java
//SOURCES lib/cli/Converters.java
//SOURCES lib/cli/VersionProvider.java
//SOURCES lib/cli/DataOptions.java
//SOURCES lib/cli/JobOption.java
//SOURCES lib/cli/WindowOptions.java
//JAVA_OPTIONS -XX:+UseSerialGC -Xmx2g
import cli.Cli;
import cli.DataOptions;
import cli.JobOption;
import cli.VersionProvider;
import cli.WindowOptions;
import days.AtomicFile;
import days.DayFiles;
import days.Window;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import prom.OpenMetricsExport;

@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write the records of the day files as one OpenMetrics exposition, every sample with its scrape's "
                + "timestamp and the series Prometheus would have stored: labels instance (the target's name: its NAME from "
                + "watch --target NAME=URL, else its URL as recorded) and job, plus up, scrape_duration_seconds and the "
                + "other report series per scrape.",
                "Load it with: promtool tsdb create-blocks-from openmetrics FILE PROMETHEUS_DATA_DIR%n"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:exported", "1:a file could not be read or written", "2:usage error"})
public class export implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    WindowOptions window;

    @Mixin
    JobOption job;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (replaced when complete). Default: standard output.")
    Path out;

    public static void main(String... args) {
        System.exit(Cli.run(new export(), args));
    }

    @Override
    public Integer call() {
        Window w = window.window();
        Instant from = w.from(), to = w.to();
        Path dataDir = data.dataDir();
        String job = this.job.job();
        try {
            List<DayFiles.Day> days = DayFiles.days(dataDir, from, to);
            if (days.isEmpty()) System.err.println("export: no day files in " + dataDir + (from != null || to != null ? " for that window" : ""));
            String ignored = DayFiles.ignoredWarning(dataDir);
            if (ignored != null) System.err.println("export: warning: " + ignored);
            OpenMetricsExport.Summary summary;
            if (out == null) {
                OutputStream stdout = new BufferedOutputStream(System.out, 1 << 16);
                summary = OpenMetricsExport.write(days, from, to, job, stdout, tempDir(null), System.err);
            } else {
                Path beside = out.toAbsolutePath().getParent();
                summary = AtomicFile.write(out, AtomicFile.SHARED,
                        file -> OpenMetricsExport.write(days, from, to, job, file, tempDir(beside), System.err));
            }
            System.err.println("export: " + summary.records() + " records from " + summary.days() + " day files, "
                    + summary.samples() + " samples in " + summary.families() + " families"
                    + (summary.badLines() > 0 ? ", " + summary.badLines() + " unreadable lines skipped" : "")
                    + (summary.outOfOrder() > 0 ? ", " + summary.outOfOrder() + " out-of-order records skipped" : "")
                    + (summary.unreadFiles() > 0 ? ", " + summary.unreadFiles() + " damaged files read in part or left out" : "")
                    + (summary.invalidSeries() > 0 ? ", " + summary.invalidSeries() + " samples of invalid series left out" : "")
                    + (summary.future() + summary.otherDay() > 0 ? ", " + (summary.future() + summary.otherDay()) + " records of impossible dates left out" : "")
                    + (out != null ? " -> " + out : ""));
            return 0;
        } catch (IOException e) {
            System.err.println("export: " + e.getMessage());
            return 1;
        }
    }

    /** Temp files go beside the output when there is one (same disk, known to be writable), else to the system's. */
    private static Path tempDir(Path beside) {
        return beside != null ? beside : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
