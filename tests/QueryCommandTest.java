import static org.assertj.core.api.Assertions.assertThat;

import days.DayFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import support.Project;
import support.ReliabilityFixtures.Scripts;

/** The query command as a user meets it: its exit codes, its errors in one sentence, and its three output forms. */
class QueryCommandTest {
    static final Duration LIMIT = Duration.ofSeconds(120);
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path data;

    void write(ScrapeRecord... records) throws Exception {
        for (ScrapeRecord r : records) Files.write(DayFiles.fileFor(data, r.ts()), RecordCodec.line(r), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static ScrapeRecord up(int seconds, double requests) {
        return new ScrapeRecord(T0.plusSeconds(seconds), "http://gw:9464/metrics", true, 4, "prometheus", 100, null,
                Map.of("requests_total{code=\"500\"}", requests), Map.of("requests_total", "counter"), Map.of());
    }

    Project.Run query(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = data.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Scripts.run(LIMIT, "query", all);
    }

    static void assertSentence(Project.Run run, int exit, String firstLine) {
        assertThat(run.exit()).as(run.stderr()).isEqualTo(exit);
        assertThat(run.stderr().lines().findFirst().orElse("")).isEqualTo(firstLine);
        assertThat(run.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void aBadExpressionExitsTwoWithItsLineAndColumn() throws Exception {
        Project.Run run = query("sum(rate(x[5m])");
        assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).matches("(?s)query: 1:\\d+: parse error: .*").doesNotContain("\tat ");
        assertSentence(query("--time", "yesterday", "up"), 2, "query: invalid time 'yesterday': expected RFC 3339"
                + " (e.g. 2026-12-01T10:00:00Z) or Unix seconds (e.g. 1796119200 or 1796119200.5)");
        assertSentence(query("--time", "0", "--step", "15s", "up"), 2,
                "query: --time is for an instant query; a range query takes --start, --end and --step");
        assertSentence(query("--start", "0", "--end", "1000000", "--step", "1", "up"), 1,
                "query: exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
    }

    @Test
    void jsonIsPrometheusApiAnswerAndStalenessOffKeepsASeriesAfterAFailedScrape() throws Exception {
        write(up(0, 1), up(30, 4), ScrapeRecord.failed(T0.plusSeconds(60), "http://gw:9464/metrics", 10, null, -1, "refused"));
        String t = String.valueOf(T0.plusSeconds(90).getEpochSecond());
        Project.Run on = query("--time", t, "-o", "json", "requests_total");
        assertThat(on.exit()).as(on.stderr()).isZero();
        assertThat(on.stdout()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}\n");
        Project.Run off = query("--time", t, "--staleness", "off", "--format", "json", "requests_total");
        assertThat(off.stdout()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                + "{\"__name__\":\"requests_total\",\"code\":\"500\",\"instance\":\"http://gw:9464/metrics\",\"job\":\"coppice\"},"
                + "\"value\":[" + t + ",\"4\"]}]}}\n");
        Project.Run range = query("--start", "2026-12-01T10:00:00Z", "--end", "2026-12-01T10:01:00Z", "--step", "30s", "-o", "json",
                "up");
        assertThat(range.stdout()).contains("\"resultType\":\"matrix\"").contains("\"values\":[[" + T0.getEpochSecond() + ",\"1\"],["
                + (T0.getEpochSecond() + 30) + ",\"1\"],[" + (T0.getEpochSecond() + 60) + ",\"0\"]]");
    }

    @Test
    void tableAndCsvAnswerTheRatePerSecond() throws Exception {
        write(up(0, 0), up(30, 3), up(60, 6));
        Project.Run table = query("--time", "2026-12-01T10:01:00Z", "sum(rate(requests_total[1m]))");
        assertThat(table.exit()).as(table.stderr()).isZero();
        assertThat(table.stdout()).isEqualTo("SERIES  VALUE    at 2026-12-01T10:01:00Z\n{}      0.1\n");
        Project.Run csv = query("--time", "2026-12-01T10:01:00Z", "--format", "csv", "requests_total");
        assertThat(csv.stdout()).isEqualTo("series,time,value\r\n\"requests_total{code=\"\"500\"\",instance=\"\"http://gw:9464/metrics\"\","
                + "job=\"\"coppice\"\"}\"," + T0.plusSeconds(60).getEpochSecond() + ",6\r\n");
    }
}
