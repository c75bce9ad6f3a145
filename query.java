///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Answer a PromQL expression over the day files, instant or range, as Prometheus 2.42 would answer it.
//DEPS info.picocli:picocli:4.7.7
//DEPS com.fasterxml.jackson.core:jackson-core:2.20.1
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
//SOURCES lib/query/*.java
//SOURCES lib/queryio/*.java
//SOURCES lib/cli/Cli.java
//SOURCES lib/cli/Converters.java
//SOURCES lib/cli/VersionProvider.java
//SOURCES lib/cli/DataOptions.java
//SOURCES lib/cli/JobOption.java
//JAVA_OPTIONS -XX:+UseSerialGC -XX:TieredStopAtLevel=1
import cli.Cli;
import cli.DataOptions;
import cli.JobOption;
import cli.VersionProvider;
import days.RecordTimes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import query.PromQL;
import query.QueryException;
import query.QueryOptions;
import query.QueryResult;
import queryio.AnswerText;
import queryio.DayFileStorage;
import queryio.PrometheusJson;
import queryio.QueryTimes;

@Command(name = "query", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Answer a PromQL expression over the day files as Prometheus 2.42 answers it over the same scrapes: an "
                + "instant query at --time (default now), or a range query from --start to --end every --step. Series carry "
                + "instance and job, and each scrape adds up, scrape_duration_seconds, scrape_samples_scraped, "
                + "scrape_samples_post_metric_relabeling and scrape_series_added. Times: RFC 3339 or Unix seconds. Steps: "
                + "15s, 1m, 1h30m or seconds.%n"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:answered", "1:the query failed (an evaluation error, unreadable data)", "2:usage error or a bad expression"})
public class query implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPR", description = "The PromQL expression, e.g. 'rate(coppice_execute_requests_total[5m])'.")
    String expression;

    @Mixin
    DataOptions data;

    @Option(names = "--time", paramLabel = "T", description = "Evaluation time of an instant query. Default: now.")
    String time;

    @Option(names = "--start", paramLabel = "T", description = "Start of a range query. Default: 5 minutes before --end.")
    String start;

    @Option(names = "--end", paramLabel = "T", description = "End of a range query. Default: now.")
    String end;

    @Option(names = "--step", paramLabel = "D", description = "Step of a range query. Default: the range / 250, at least 1s (as promtool).")
    String step;

    @Option(names = {"-o", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json (Prometheus's HTTP API answer) or csv. Default: ${DEFAULT-VALUE}")
    Format format;

    @Option(names = "--staleness", paramLabel = "on|off", defaultValue = "on",
            description = "on: series end at a failed scrape or when they leave a scrape, as in a Prometheus that scraped"
                    + " the target (or is fed by watch --remote-write); off: as in one filled by export and promtool backfill,"
                    + " which carries no stale markers. Default: ${DEFAULT-VALUE}")
    Switch staleness;

    @Option(names = "--lookback-delta", paramLabel = "D", defaultValue = "5m",
            description = "How far back an instant selector looks (Prometheus's --query.lookback-delta). Default: ${DEFAULT-VALUE}")
    String lookbackDelta;

    @Mixin
    JobOption job;

    enum Format { table, json, csv }

    enum Switch { on, off }

    public static void main(String... args) {
        System.exit(Cli.run(new query(), args));
    }

    @Override
    public Integer call() {
        boolean range = start != null || end != null || step != null;
        if (range && time != null) return usage("--time is for an instant query; a range query takes --start, --end and --step");
        long now = System.currentTimeMillis();
        long timeMs, startMs, endMs, stepMs;
        QueryOptions options;
        try {
            timeMs = time == null ? now : QueryTimes.parseTime(time);
            endMs = end == null ? now : QueryTimes.parseTime(end);
            startMs = start == null ? endMs - 300_000 : QueryTimes.parseTime(start);
            stepMs = step == null ? defaultStep(startMs, endMs) : QueryTimes.parseDuration(step);
            options = new QueryOptions(QueryTimes.parseDuration(lookbackDelta), QueryOptions.DEFAULT.maxPointsPerSeries(), staleness == Switch.on);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        DayFileStorage storage = new DayFileStorage(data.dataDir(), job.job(), staleness == Switch.on, RecordTimes.system(), System.err);
        QueryResult result;
        try {
            result = range ? PromQL.range(storage, expression, startMs, endMs, stepMs, options)
                    : PromQL.instant(storage, expression, timeMs, options);
        } catch (QueryException e) {
            System.err.println("query: " + e.getMessage());
            return e.kind() == QueryException.Kind.PARSE ? Cli.USAGE : Cli.FAILED;
        }
        System.out.print(switch (format) {
            case json -> PrometheusJson.answer(result) + "\n";
            case csv -> AnswerText.csv(result);
            case table -> AnswerText.table(result);
        });
        return 0;
    }

    /** promtool's step when none is given: the range over 250, whole seconds, at least one. */
    private static long defaultStep(long startMs, long endMs) {
        return Math.max((endMs - startMs) / 1000 / 250, 1) * 1000;
    }

    private static int usage(String message) {
        System.err.println("query: " + message);
        return Cli.USAGE;
    }
}
