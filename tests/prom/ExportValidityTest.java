package prom;

import static org.assertj.core.api.Assertions.assertThat;
import days.DayFileAppender;
import days.DayFiles;
import days.RecordTimes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import record.SeriesKey;
import support.PromServer;

/**
 * Issue 14, sections 6 and 8: the export writes only valid OpenMetrics, whatever the day files hold, and leaves out
 * records in the future or outside their file's day. The property: random records the reader accepts (hostile
 * names, label values with quotes, backslashes, newlines and unicode, NaN, infinities, huge and tiny numbers, odd
 * timestamps) export to text that {@code promtool tsdb create-blocks-from openmetrics} accepts.
 */
class ExportValidityTest {
    @TempDir
    Path temp;

    private static final Instant NOW = Instant.parse("2026-11-29T23:00:00Z");
    private static final RecordTimes TIMES = new RecordTimes(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

    private record Export(String text, String warnings, OpenMetricsExport.Summary summary) {}

    private Export export(Path data, String job) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OpenMetricsExport.Summary summary = OpenMetricsExport.write(DayFiles.days(data, null, null), null, null, job, out, temp,
                new PrintStream(err, true, StandardCharsets.UTF_8), TIMES);
        return new Export(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), summary);
    }

    private static ScrapeRecord record(Instant ts, Map<String, Double> series, Map<String, String> types) {
        return new ScrapeRecord(ts, "http://h:1/metrics", true, 3, "prometheus", 10, null, series, types, Map.of());
    }

    @Test
    void aSeriesWithAnInvalidMetricNameIsLeftOutWithAWarningThatCountsIt() throws Exception {
        Path data = temp.resolve("data");
        Map<String, Double> series = new LinkedHashMap<>();
        series.put("bad name{x=\"1\"}", 1.0);
        series.put("good{x=\"1\"}", 2.0);
        series.put("g{bad-label=\"1\"}", 3.0);
        series.put("g{__name__=\"other\"}", 4.0);
        DayFileAppender.append(data, record(Instant.parse("2026-11-29T12:00:00Z"), series, Map.of("bad name", "gauge", "good", "gauge")));
        DayFileAppender.append(data, record(Instant.parse("2026-11-29T12:00:30Z"), Map.of("bad name{x=\"1\"}", 1.0), Map.of()));

        Export e = export(data, "coppice");

        assertThat(e.text()).contains("good{instance=\"http://h:1/metrics\",job=\"coppice\",x=\"1\"} 2 ").doesNotContain("bad name", "bad-label", "__name__", "surrogate");
        assertThat(e.summary().invalidSeries()).isEqualTo(4);
        assertThat(e.summary().records()).isEqualTo(2);
        assertThat(e.warnings()).contains("export: warning: left out 4 samples of series that are not valid OpenMetrics, e.g. metric name \"bad name\"");
        promtoolAccepts(e.text());
    }

    @Test
    void labelValuesThatAreNotUnicodeAndReservedLabelNamesAreInvalid() {
        TreeMap<String, String> labels = new TreeMap<>(Map.of("a", "lone \uD800 surrogate"));
        assertThat(OpenMetricsExport.invalidBecause(new PrometheusSamples.Sample("g", labels, 1, 0))).isEqualTo("label a of g: a value that is not valid Unicode");
        labels = new TreeMap<>(Map.of("a", "pair \uD83D\uDC22 quote\" backslash\\ newline\n"));
        assertThat(OpenMetricsExport.invalidBecause(new PrometheusSamples.Sample("g", labels, 1, 0))).isNull();
        assertThat(OpenMetricsExport.invalidBecause(new PrometheusSamples.Sample("x\ny", new TreeMap<>(), 1, 0))).isEqualTo("metric name \"x\\u000ay\"");
        assertThat(OpenMetricsExport.invalidBecause(new PrometheusSamples.Sample("g", new TreeMap<>(Map.of("__name__", "h")), 1, 0)))
                .isEqualTo("label name \"__name__\" of g");
    }

    @Test
    void recordsInTheFutureOrOutsideTheirFilesDayAreLeftOutAndCounted() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));
        ScrapeRecord ok = record(Instant.parse("2026-11-29T12:00:00Z"), Map.of("g", 1.0), Map.of("g", "gauge"));
        ScrapeRecord future = record(Instant.parse("2099-01-01T00:00:00Z"), Map.of("g", 2.0), Map.of("g", "gauge"));
        ScrapeRecord soon = record(NOW.plus(Duration.ofMinutes(4)), Map.of("g", 3.0), Map.of("g", "gauge"));
        ScrapeRecord elsewhere = record(Instant.parse("2026-11-20T12:00:00Z"), Map.of("g", 4.0), Map.of("g", "gauge"));
        Files.writeString(data.resolve("2026-11-29.jsonl"), RecordCodec.json(ok) + "\n" + RecordCodec.json(future) + "\n"
                + RecordCodec.json(elsewhere) + "\n" + RecordCodec.json(soon) + "\n");

        Export e = export(data, "coppice");

        assertThat(e.text().lines().filter(l -> l.startsWith("g{")).map(l -> l.split(" ")[1]).toList()).containsExactly("1", "3");
        assertThat(e.summary().future()).isEqualTo(1);
        assertThat(e.summary().otherDay()).isEqualTo(1);
        assertThat(e.warnings()).contains("export: warning: left out 1 record dated later than now (2026-11-29T23:05:00Z allowed), e.g. 2099-01-01T00:00:00Z in 2026-11-29.jsonl")
                .contains("export: warning: left out 1 record dated outside the UTC day of their file, e.g. 2026-11-20T12:00:00Z in 2026-11-29.jsonl");
    }

    @Test
    void anEmptyGzipAloneAndALineOverTheLimitCostOnlyThemselves() throws IOException {
        Path data = temp.resolve("data");
        DayFileAppender.append(data, record(Instant.parse("2026-11-28T12:00:00Z"), Map.of("g", 1.0), Map.of("g", "gauge")));
        Files.write(data.resolve("2026-11-27.jsonl.gz"), new byte[0]);
        Path day = DayFileAppender.append(data, record(Instant.parse("2026-11-29T12:00:00Z"), Map.of("g", 2.0), Map.of("g", "gauge")));
        try (OutputStream out = Files.newOutputStream(day, java.nio.file.StandardOpenOption.APPEND)) {
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'z');
            for (int i = 0; i < 129; i++) out.write(chunk);
            out.write('\n');
        }
        DayFileAppender.append(data, record(Instant.parse("2026-11-29T12:00:30Z"), Map.of("g", 3.0), Map.of("g", "gauge")));

        Export e = export(data, "coppice");

        assertThat(e.text().lines().filter(l -> l.startsWith("g{")).map(l -> l.split(" ")[1]).toList()).containsExactly("1", "2", "3");
        assertThat(e.summary().unreadFiles()).isEqualTo(1);
        assertThat(e.summary().badLines()).isEqualTo(1);
        assertThat(e.warnings()).contains("export: cannot read " + data.resolve("2026-11-27.jsonl.gz") + ": not a gzip file")
                .contains("2026-11-29.jsonl:2: a line of 135,266,304 bytes, longer than the 128 MiB a record may have; skipped");
    }

    // ---- the property, against the real promtool -------------------------------------------------------------

    private static final String[] NAMES = {"g", "c_total", "c", "h_bucket", "h_sum", "h_count", "h", "s", "s_sum", "s_count", "i_info",
            "x_created", "up", "scrape_duration_seconds", "a:b:c", "_u", "bad name", "", "1abc", "a-b", "ünï", "x\ny", "x{", "q\"",
            "total", "_total", "_bucket", "gh_gcount", "gh_gsum", "n_total_total"};
    private static final String[] LABELS = {"a", "le", "quantile", "instance", "job", "exported_instance", "__name__", "_x", "b-c", "1x",
            "ü", "", "a b", "ok_1"};
    private static final String[] VALUES = {"1", "", "quote\"d", "back\\slash", "new\nline", "tab\there", "ünïcödé ✓ 🎉", "\\n", "{}",
            "=,\"", "+Inf", "0.5", "\u0000nul", "a".repeat(300)};
    private static final String[] TYPES = {"counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "gaugehistogram",
            "stateset", "nonsense"};
    private static final double[] NUMBERS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE, 0.0, -0.0, 1e-300, 1e300, 0.1, 123456789012345678.0, 9007199254740993.0, 42};

    private static <T> T pick(Random r, T[] from) {
        return from[r.nextInt(from.length)];
    }

    private static Map<String, Double> randomSeries(Random r) {
        Map<String, Double> series = new LinkedHashMap<>();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            String name = pick(r, NAMES);
            TreeMap<String, String> labels = new TreeMap<>();
            for (int l = r.nextInt(4); l > 0; l--) labels.put(pick(r, LABELS), pick(r, VALUES));
            String key = r.nextInt(10) == 0 ? name + "{" + pick(r, LABELS) + "=\"" + pick(r, VALUES) + "\"}" // hand-written, maybe broken
                    : SeriesKey.of(name, labels);
            double v = r.nextBoolean() ? NUMBERS[r.nextInt(NUMBERS.length)] : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
            series.put(key, v);
        }
        return series;
    }

    private static Map<String, String> randomTypes(Random r) {
        Map<String, String> types = new LinkedHashMap<>();
        for (int i = r.nextInt(6); i > 0; i--) types.put(pick(r, NAMES), pick(r, TYPES));
        return types;
    }

    @Test
    void randomHostileRecordsExportToTextPromtoolAccepts() throws Exception {
        Path promtool = PromServer.toolOrSkip("promtool");
        for (int round = 0; round < 4; round++) {
            Random r = new Random(1400 + round);
            Path data = temp.resolve("data" + round);
            String[] targets = {"gw", "name \"quoted\"\nnext", "ünï ✓", "http://u@h:1/m?x=1&y=\"2\""};
            List<Instant> times = new java.util.ArrayList<>();
            for (int i = 0; i < 120; i++) {
                // Any time of the days, down to the millisecond, in time order as watch writes them.
                times.add(Instant.parse("2026-11-25T00:00:00Z").plusMillis((long) (r.nextDouble() * 4 * 86_400_000L)));
            }
            times.sort(null);
            for (Instant time : times) {
                Instant ts = r.nextInt(40) == 0 ? Instant.parse("2099-12-31T23:59:59.999Z") : time; // a few in the future on purpose
                boolean up = r.nextInt(8) != 0;
                ScrapeRecord rec = new ScrapeRecord(ts, "http://h:1/metrics", up, r.nextInt(100_000), "prometheus", 10,
                        up ? null : "connection refused", up ? randomSeries(r) : Map.of(), randomTypes(r), Map.of(), pick(r, targets));
                Path file = DayFileAppender.append(data, rec);
                if (r.nextInt(40) == 0) { // a record of another day in this day's file
                    Files.writeString(file, RecordCodec.json(new ScrapeRecord(ts.minus(Duration.ofDays(3)), "t", true, 1, "prometheus", 1,
                            null, Map.of("g", 1.0), Map.of(), Map.of())) + "\n", java.nio.file.StandardOpenOption.APPEND);
                }
            }
            Export e = export(data, round == 0 ? "coppice" : "job \"" + round + "\"\n\\");
            assertThat(e.text()).endsWith("# EOF\n");
            assertThat(e.summary().records()).as(e.warnings()).isGreaterThan(50);
            assertThat(e.summary().invalidSeries()).as("the generator plants invalid series").isPositive();
            promtoolAccepts(e.text());
        }
    }

    private void promtoolAccepts(String text) throws IOException, InterruptedException {
        Path promtool = PromServer.toolOrSkip("promtool");
        Path om = Files.createTempFile(temp, "export", ".om");
        Files.writeString(om, text);
        Path tsdb = Files.createTempDirectory(temp, "tsdb");
        String output = PromServer.run(List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(), tsdb.toString()), 120);
        assertThat(output).doesNotContain("error");
    }
}
