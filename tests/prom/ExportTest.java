package prom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import days.DayFileAppender;
import days.DayFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import record.SeriesKey;
import support.Generated;
import support.Project;
import support.PromServer;

class ExportTest {
    @TempDir
    Path temp;

    /** A clock after every record of these tests, so none is left out as dated in the future. */
    private static final days.RecordTimes AFTER_ALL = new days.RecordTimes(
            java.time.Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), java.time.ZoneOffset.UTC), days.RecordTimes.DEFAULT_ALLOWANCE);

    // ---- family and type rules -------------------------------------------------------------------------------

    @Test
    void textFormatCounterBecomesFamilyWithoutTotal() {
        assertThat(OpenMetricsExport.familyOf("coppice_sandboxes_created_total", Map.of("coppice_sandboxes_created_total", "counter")))
                .containsExactly("coppice_sandboxes_created", "counter");
    }

    @Test
    void openMetricsCounterKeepsItsFamily() {
        Map<String, String> types = Map.of("coppice_sandboxes_created", "counter");
        assertThat(OpenMetricsExport.familyOf("coppice_sandboxes_created_total", types)).containsExactly("coppice_sandboxes_created", "counter");
        assertThat(OpenMetricsExport.familyOf("coppice_sandboxes_created_created", types)).containsExactly("coppice_sandboxes_created", "counter");
    }

    @Test
    void counterWithoutTotalIsExportedAsUnknownUnderItsOwnName() {
        assertThat(OpenMetricsExport.familyOf("coppice_execute_ns_sum", Map.of("coppice_execute_ns_sum", "counter")))
                .containsExactly("coppice_execute_ns_sum", "unknown");
    }

    @Test
    void aDeclaredGaugeNamedTotalStaysAGaugeAndAnUntypedTotalIsNotMadeACounter() throws IOException {
        assertThat(OpenMetricsExport.familyOf("scheduler_configs_total", Map.of("scheduler_configs_total", "gauge")))
                .containsExactly("scheduler_configs_total", "gauge");
        assertThat(OpenMetricsExport.familyOf("old_total", Map.of("old_total", "untyped"))).containsExactly("old_total", "unknown");
        assertThat(OpenMetricsExport.familyOf("new_total", Map.of())).containsExactly("new_total", "unknown");
        // Issue 10's input, written and exported: the values as recorded under TYPE gauge.
        Path data = temp.resolve("data");
        Instant t0 = Instant.parse("2026-11-29T12:00:00Z");
        double[] v = {5, 7, 4, 6, 6};
        for (int i = 0; i < v.length; i++) {
            DayFileAppender.append(data, new ScrapeRecord(t0.plusSeconds(30L * i), "http://h:1/metrics", true, 3, "prometheus", 10, null,
                    Map.of("scheduler_configs_total", v[i]), Map.of("scheduler_configs_total", "gauge"), Map.of()));
        }
        String text = export(data, null, null);
        assertThat(text).contains("# TYPE scheduler_configs_total gauge\n").doesNotContain("scheduler_configs counter");
        assertThat(text.lines().filter(l -> l.startsWith("scheduler_configs_total{")).map(l -> l.split(" ")[1]).toList())
                .containsExactly("5", "7", "4", "6", "6");
    }

    @Test
    void histogramSummaryUntypedAndUndeclared() {
        Map<String, String> types = Map.of("lat", "histogram", "q", "summary", "u", "untyped");
        assertThat(OpenMetricsExport.familyOf("lat_bucket", types)).containsExactly("lat", "histogram");
        assertThat(OpenMetricsExport.familyOf("lat_sum", types)).containsExactly("lat", "histogram");
        assertThat(OpenMetricsExport.familyOf("q", types)).containsExactly("q", "summary");
        assertThat(OpenMetricsExport.familyOf("q_count", types)).containsExactly("q", "summary");
        assertThat(OpenMetricsExport.familyOf("u", types)).containsExactly("u", "unknown");
        assertThat(OpenMetricsExport.familyOf("free_sum", types)).containsExactly("free_sum", "unknown");
    }

    @Test
    void timestampsReadBackToTheExactMillisecondTheWayPrometheusReadsThem() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long ms = 1_000_000_000_000L + (long) (random.nextDouble() * 3_000_000_000_000L);
            String text = OpenMetricsExport.formatTimestamp(ms);
            // model/textparse/openmetricsparse.go: p.ts = int64(ts * 1000)
            assertThat((long) (Double.parseDouble(text) * 1000)).as(text).isEqualTo(ms);
        }
        assertThat(OpenMetricsExport.formatTimestamp(1_764_411_510_123L)).isEqualTo("1764411510.123");
        assertThat(OpenMetricsExport.formatTimestamp(1_764_411_510_005L)).isEqualTo("1764411510.005");
    }

    /** Issue 10: a value in the export reads back (Go's ParseFloat, like Double.parseDouble) to the scraped double. */
    @Test
    void valuesReadBackToTheSameDouble() {
        assertThat(OpenMetricsExport.formatValue(1764410400.5 + 60 * 599)).isEqualTo("1764446340.5");
        assertThat(OpenMetricsExport.formatValue(100000.25 + 0.5)).isEqualTo("100000.75");
        assertThat(OpenMetricsExport.formatValue(1 / 3.0)).isEqualTo("0.3333333333333333");
        assertThat(OpenMetricsExport.formatValue(0x1p53)).isEqualTo("9007199254740992");
        assertThat(OpenMetricsExport.formatValue(0x1p53 - 1)).isEqualTo("9007199254740991");
        assertThat(OpenMetricsExport.formatValue(Double.MIN_VALUE)).isEqualTo("5e-324");
        // The record's, the page's and the export's one spelling: the sign of zero kept, 1e23 in its shortest digits.
        assertThat(OpenMetricsExport.formatValue(-0.0)).isEqualTo("-0.0");
        assertThat(OpenMetricsExport.formatValue(1e23)).isEqualTo("1e+23");
        java.util.SplittableRandom random = new java.util.SplittableRandom(10);
        for (int i = 0; i < 100_000; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextDouble() * Math.pow(10, random.nextInt(-12, 20));
            String text = OpenMetricsExport.formatValue(v);
            if (Double.isNaN(v)) assertThat(text).isEqualTo("NaN");
            else assertThat(Double.parseDouble(text.replace("Inf", "Infinity"))).as(text).isEqualTo(v);
        }
    }

    @Test
    void instanceIsTheTargetsNameElseItsUrlAsThePageNamesIt() {
        Instant t = Instant.parse("2026-11-29T12:00:00Z");
        ScrapeRecord a = ScrapeRecord.failed(t, "http://gw.example:9464/metrics", 1, null, -1, "x");
        ScrapeRecord b = ScrapeRecord.failed(t, "http://gw.example:9464/federate", 1, null, -1, "x");
        assertThat(PrometheusSamples.targetLabels(a, "j")).containsEntry("instance", "http://gw.example:9464/metrics");
        assertThat(PrometheusSamples.targetLabels(b, "j")).containsEntry("instance", "http://gw.example:9464/federate");
        assertThat(PrometheusSamples.targetLabels(ScrapeRecord.failed(t, "http://user@gw.example/metrics", 1, null, -1, "x"), "j"))
                .containsEntry("instance", "http://user@gw.example/metrics");
        assertThat(PrometheusSamples.targetLabels(a.withInstance("gw1"), "j")).containsEntry("instance", "gw1");
        assertThat(PrometheusSamples.targetLabels(ScrapeRecord.failed(t, "file:/tmp/x.prom", 1, null, -1, "x"), "j"))
                .containsEntry("instance", "file:/tmp/x.prom");
    }

    // ---- the written text ------------------------------------------------------------------------------------

    @Test
    void familiesAreContiguousSeriesInTimeOrderAndDownScrapesGiveOnlyUpAndDuration() throws IOException {
        Path data = temp.resolve("data");
        Instant t0 = Instant.parse("2026-11-29T23:59:00Z");
        List<ScrapeRecord> records = Generated.coppiceDay(t0, 6, Duration.ofSeconds(30), 3, "http://127.0.0.1:9464/metrics");
        records.set(2, ScrapeRecord.failed(records.get(2).ts(), records.get(2).target(), 5000, null, -1, "connection refused"));
        for (ScrapeRecord r : records) DayFileAppender.append(data, r);
        // A series with an exposed instance label keeps it as exported_instance.
        DayFileAppender.append(data, new ScrapeRecord(t0.plusSeconds(600), "http://127.0.0.1:9464/metrics", true, 3, "prometheus", 10, null,
                Map.of("odd{instance=\"x\"}", 1.0), Map.of(), Map.of()));

        String text = export(data, null, null);

        assertThat(text).endsWith("# EOF\n");
        List<String> families = text.lines().filter(l -> l.startsWith("# TYPE ")).toList();
        assertThat(families).doesNotHaveDuplicates()
                .contains("# TYPE up gauge", "# TYPE scrape_duration_seconds gauge", "# TYPE coppice_sandboxes_created counter",
                        "# TYPE coppice_sandboxes_alive gauge", "# TYPE coppice_execute_ns_sum unknown", "# TYPE odd unknown");
        // Contiguous: once a family's block ends, none of its samples comes again.
        String current = null;
        java.util.Set<String> closed = new java.util.HashSet<>();
        Map<String, Double> lastTs = new TreeMap<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# TYPE ")) {
                if (current != null) closed.add(current);
                current = line.split(" ")[2];
                continue;
            }
            if (line.startsWith("#")) continue;
            String name = line.substring(0, line.indexOf(line.contains("{") ? '{' : ' '));
            assertThat(name).startsWith(current);
            assertThat(closed).doesNotContain(current);
            String series = line.substring(0, line.lastIndexOf(' ', line.lastIndexOf(' ') - 1));
            double ts = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            assertThat(ts).as(series).isGreaterThan(lastTs.getOrDefault(series, 0.0));
            lastTs.put(series, ts);
        }
        long downTs = records.get(2).ts().getEpochSecond();
        assertThat(text).contains("up{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"} 0 " + downTs + ".000\n");
        assertThat(text).contains("scrape_duration_seconds{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"} 5 " + downTs + ".000\n");
        assertThat(text.lines().filter(l -> l.endsWith(" " + downTs + ".000")).count()).isEqualTo(PrometheusSamples.REPORT_SERIES);
        assertThat(text).contains("odd{exported_instance=\"x\",instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"} 1 ");
        // 6 records, one down: 5 × (13 + 3 cpu series) exposed samples; 7 records × 5 report series.
        assertThat(text.lines().filter(l -> !l.startsWith("#")).count()).isEqualTo(5 * 16 + 1 + 7 * 5);
    }

    @Test
    void anEmptyLabelValueIsNoLabelInTheSamplesPrometheusStores() {
        Map<String, Double> series = new java.util.LinkedHashMap<>();
        series.put("job_queue_depth{host=\"host-a\",queue=\"\"}", 4.0);
        series.put("job_queue_depth{host=\"host-a\"}", 9.0);
        series.put("job_queue_depth{host=\"host-a\",queue=\"batch\"}", 2.0);
        series.put("bare{instance=\"\"}", 1.0); // an empty exposed instance is no label: nothing to rename
        series.put("bare", 3.0);
        ScrapeRecord record = new ScrapeRecord(Instant.parse("2026-11-29T10:00:00Z"), "http://127.0.0.1:9464/metrics", true, 3,
                "prometheus", 10, null, series, Map.of(), Map.of());
        List<String> samples = PrometheusSamples.of(record, "coppice").stream()
                .map(s -> SeriesKey.of(s.name(), s.labels()) + " " + s.value()).toList();
        assertThat(samples).containsExactly("up{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"} 1.0",
                "scrape_duration_seconds{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"} 0.003",
                "scrape_samples_scraped{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"} 5.0",
                "scrape_samples_post_metric_relabeling{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"} 5.0",
                "scrape_series_added{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"} 3.0",
                "job_queue_depth{host=\"host-a\",instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"} 4.0",
                "job_queue_depth{host=\"host-a\",instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\",queue=\"batch\"} 2.0",
                "bare{instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"} 1.0");
    }

    @Test
    void theExportWritesOneSeriesForKeysThatDifferOnlyByEmptyLabels() throws IOException {
        Path data = temp.resolve("data");
        Instant t0 = Instant.parse("2026-11-29T10:00:00Z");
        Map<String, Double> first = new java.util.LinkedHashMap<>();
        first.put("job_queue_depth{host=\"host-a\",queue=\"\"}", 4.0);
        first.put("job_queue_depth{host=\"host-a\"}", 9.0);
        first.put("job_queue_depth{host=\"host-a\",queue=\"batch\"}", 2.0);
        Map<String, Double> second = new java.util.LinkedHashMap<>();
        second.put("job_queue_depth{host=\"host-a\"}", 5.0);
        second.put("job_queue_depth{host=\"host-a\",queue=\"\"}", 6.0);
        for (int i = 0; i < 2; i++) {
            DayFileAppender.append(data, new ScrapeRecord(t0.plusSeconds(30L * i), "http://127.0.0.1:9464/metrics", true, 3,
                    "prometheus", 10, null, i == 0 ? first : second, Map.of("job_queue_depth", "gauge"), Map.of()));
        }

        String text = export(data, null, null);

        assertThat(text).doesNotContain("queue=\"\"");
        List<String> depth = text.lines().filter(l -> l.startsWith("job_queue_depth")).toList();
        // One family, its samples in time order: 4 kept (9 and 6 dropped as repeats of their record), then 5.
        assertThat(depth).containsExactly(
                "job_queue_depth{host=\"host-a\",instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"} 4 1795946400.000",
                "job_queue_depth{host=\"host-a\",instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\",queue=\"batch\"} 2 1795946400.000",
                "job_queue_depth{host=\"host-a\",instance=\"http://127.0.0.1:9464/metrics\",job=\"coppice\"} 5 1795946430.000");
    }

    @Test
    void dayFilesOutsideTheWindowAreNotOpened() throws IOException {
        Path data = temp.resolve("data");
        Instant t0 = Instant.parse("2026-11-29T12:00:00Z");
        for (ScrapeRecord r : Generated.coppiceDay(t0, 4, Duration.ofSeconds(30), 2, "http://h:1/metrics")) DayFileAppender.append(data, r);
        Files.writeString(data.resolve("2026-11-27.jsonl.gz"), "not gzip at all"); // would fail if opened
        Files.writeString(data.resolve("2026-11-30.jsonl"), "{broken\n");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String text = export(data, Instant.parse("2026-11-29T12:00:30Z"), Instant.parse("2026-11-29T12:01:00Z"), err);

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(text.lines().filter(l -> l.startsWith("up{")).toList())
                .containsExactly("up{instance=\"http://h:1/metrics\",job=\"coppice\"} 1 " + t0.plusSeconds(30).getEpochSecond() + ".000",
                        "up{instance=\"http://h:1/metrics\",job=\"coppice\"} 1 " + t0.plusSeconds(60).getEpochSecond() + ".000");
    }

    @Test
    void gzippedDaysAreReadAndThePlainFileWinsWhenBothExist() throws IOException {
        Path data = temp.resolve("data");
        Instant t0 = Instant.parse("2026-11-28T12:00:00Z");
        List<ScrapeRecord> records = Generated.coppiceDay(t0, 3, Duration.ofSeconds(30), 1, "http://h:1/metrics");
        for (ScrapeRecord r : records) DayFileAppender.append(data, r);
        Path plain = data.resolve("2026-11-28.jsonl");
        try (var gz = new GZIPOutputStream(Files.newOutputStream(data.resolve("2026-11-28.jsonl.gz")))) {
            gz.write((RecordCodec.json(records.get(0)) + "\n").getBytes(StandardCharsets.UTF_8)); // a stale, shorter copy
        }
        assertThat(export(data, null, null).lines().filter(l -> l.startsWith("up{")).count()).isEqualTo(3);

        Files.delete(plain);
        assertThat(export(data, null, null).lines().filter(l -> l.startsWith("up{")).count()).isEqualTo(1);
    }

    @Test
    void tornLinesAreSkippedWithFileAndLine() throws IOException {
        Path data = temp.resolve("data");
        Instant t0 = Instant.parse("2026-11-29T12:00:00Z");
        List<ScrapeRecord> records = Generated.coppiceDay(t0, 2, Duration.ofSeconds(30), 1, "http://h:1/metrics");
        Files.createDirectories(data);
        Files.writeString(data.resolve("2026-11-29.jsonl"), RecordCodec.json(records.get(0)) + "\n{\"v\":1,\"ts\":\"2026-11-29T12:00:1\n" + RecordCodec.json(records.get(1)) + "\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String text = export(data, null, null, err);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("skipped 1 malformed line: 2026-11-29.jsonl:2: ");
        assertThat(text.lines().filter(l -> l.startsWith("up{")).count()).isEqualTo(2);
    }

    @Test
    void aDamagedGzipBesideThePlainFileCostsNothingReadableAndIsNamed() throws IOException {
        Path data = temp.resolve("data");
        Instant t0 = Instant.parse("2026-11-29T12:00:00Z");
        for (ScrapeRecord r : Generated.coppiceDay(t0, 3, Duration.ofSeconds(30), 1, "http://h:1/metrics")) DayFileAppender.append(data, r);
        Path gz = data.resolve("2026-11-29.jsonl.gz");
        Files.writeString(gz, "not gzip at all");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenMetricsExport.Summary summary = OpenMetricsExport.write(DayFiles.days(data, null, null), null, null, "coppice", out, temp,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("up{")).count()).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("export: cannot read " + gz + ": not a gzip file (")
                .endsWith("; read 2026-11-29.jsonl alone" + System.lineSeparator());
        assertThat(summary.records()).isEqualTo(3);
        assertThat(summary.unreadFiles()).isEqualTo(1);
    }

    @Test
    void aTruncatedGzipIsExportedUpToTheBreakAndTheNextDaysFollow() throws IOException {
        Path data = temp.resolve("data");
        Files.createDirectories(data);
        List<ScrapeRecord> first = Generated.coppiceDay(Instant.parse("2026-11-28T00:00:00Z"), 400, Duration.ofSeconds(30), 1, "http://h:1/metrics");
        StringBuilder day = new StringBuilder();
        for (ScrapeRecord r : first) day.append(RecordCodec.json(r)).append('\n');
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(packed)) {
            gz.write(day.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = packed.toByteArray();
        Path gz = data.resolve("2026-11-28.jsonl.gz");
        Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2));
        for (ScrapeRecord r : Generated.coppiceDay(Instant.parse("2026-11-29T12:00:00Z"), 2, Duration.ofSeconds(30), 1, "http://h:1/metrics")) {
            DayFileAppender.append(data, r);
        }

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenMetricsExport.Summary summary = OpenMetricsExport.write(DayFiles.days(data, null, null), null, null, "coppice", out, temp,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("# EOF\n");
        List<String> up = text.lines().filter(l -> l.startsWith("up{")).toList();
        assertThat(up).hasSizeBetween(3, 401);
        assertThat(up.get(up.size() - 1)).endsWith(" " + Instant.parse("2026-11-29T12:00:30Z").getEpochSecond() + ".000");
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("export: cannot read " + gz + ": ")
                .endsWith("; kept the records before that point" + System.lineSeparator());
        assertThat(summary.unreadFiles()).isEqualTo(1);
        assertThat(summary.badLines()).isZero();
    }

    @Test
    void theScriptReplacesItsOutputFileWholeAndSharedAndGoesOnPastADamagedGzip() throws Exception {
        Path data = temp.resolve("data");
        for (ScrapeRecord r : Generated.coppiceDay(Instant.parse("2026-11-29T12:00:00Z"), 2, Duration.ofSeconds(30), 1, "http://h:1/metrics")) {
            DayFileAppender.append(data, r);
        }
        Files.writeString(data.resolve("2026-11-29.jsonl.gz"), "not gzip at all");
        Files.copy(data.resolve("2026-11-29.jsonl"), data.resolve("2026-11-29.copy.jsonl")); // a backup: not read, named
        Path outDir = Files.createDirectories(temp.resolve("out"));
        Path om = outDir.resolve("export.om");
        Files.writeString(om, "an older export");

        Project.Run run = Project.jbang(300, "export.java", "--data-dir", data.toString(), "--out", om.toString());

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("export: cannot read " + data.resolve("2026-11-29.jsonl.gz") + ": not a gzip file (")
                .contains("2 records from 1 day files").contains("1 damaged files read in part or left out")
                .contains("export: warning: ignored 1 file not named YYYY-MM-DD.jsonl or YYYY-MM-DD.jsonl.gz: 2026-11-29.copy.jsonl");
        assertThat(Files.readString(om)).startsWith("# TYPE up gauge\n").endsWith("# EOF\n");
        try (var files = Files.list(outDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("export.om");
        }
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(om))).isEqualTo("rw-r--r--");
        }
    }

    private String export(Path data, Instant from, Instant to) throws IOException {
        return export(data, from, to, new ByteArrayOutputStream());
    }

    private String export(Path data, Instant from, Instant to, ByteArrayOutputStream err) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenMetricsExport.write(DayFiles.days(data, from, to), from, to, "coppice", out, temp, new PrintStream(err, true, StandardCharsets.UTF_8),
                AFTER_ALL);
        return out.toString(StandardCharsets.UTF_8);
    }

    // ---- against the real promtool and prometheus ------------------------------------------------------------

    @Test
    void promtoolBuildsBlocksAndPrometheusAnswersWithTheRecordedValues() throws Exception {
        Path promtool = PromServer.toolOrSkip("promtool");
        PromServer.toolOrSkip("prometheus");
        Path data = temp.resolve("data");
        List<ScrapeRecord> records = Generated.fromGateway(data, 30, Duration.ofMillis(300));

        Path om = temp.resolve("export.om");
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(om)) {
            OpenMetricsExport.write(DayFiles.days(data, null, null), null, null, "coppice", out, temp, err);
        }
        Path tsdb = temp.resolve("tsdb");
        PromServer.run(List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(), tsdb.toString()), 120);

        try (PromServer prometheus = PromServer.start(tsdb, false)) {
            Instant first = records.get(0).ts(), last = records.get(records.size() - 1).ts();
            long spanMs = last.toEpochMilli() - first.toEpochMilli();
            String selector = "{instance=\"" + records.get(0).target() + "\",job=\"coppice\"}";

            // Gauge: every recorded value, at its own timestamp.
            Map<Long, Double> alive = prometheus.raw("coppice_sandboxes_alive" + selector + "[" + (spanMs + 1) + "ms]", last);
            Map<Long, Double> expected = new TreeMap<>();
            for (ScrapeRecord r : records) if (r.up()) expected.put(r.ts().toEpochMilli(), r.series().get("coppice_sandboxes_alive"));
            assertThat(alive).isEqualTo(expected);
            Map<Long, Double> up = prometheus.raw("up" + selector + "[" + (spanMs + 1) + "ms]", last);
            assertThat(up).hasSize(records.size());
            assertThat(up.values().stream().filter(v -> v == 0).count()).isEqualTo(records.stream().filter(r -> !r.up()).count());

            // Counter: increase() and rate() over exactly first..last need no extrapolation, so they equal the JSONL's Δ and Δ/Δt.
            for (String counter : List.of("coppice_execute_requests_total", "coppice_execute_ns_sum")) {
                List<ScrapeRecord> withCounter = records.stream().filter(r -> r.series().containsKey(counter)).toList();
                Instant from = withCounter.get(0).ts(), to = withCounter.get(withCounter.size() - 1).ts();
                double delta = Generated.increase(withCounter, counter);
                boolean reset = false;
                for (int i = 1; i < withCounter.size(); i++) {
                    reset |= withCounter.get(i).series().get(counter) < withCounter.get(i - 1).series().get(counter);
                }
                assertThat(reset).as(counter + " has a counter reset (the gateway restarted) in the data").isTrue();
                double seconds = (to.toEpochMilli() - from.toEpochMilli()) / 1000.0;
                String window = "[" + (to.toEpochMilli() - from.toEpochMilli()) + "ms]";
                double increase = prometheus.rangeOnePoint("increase(" + counter + selector + window + ")", to);
                double rate = prometheus.rangeOnePoint("rate(" + counter + selector + window + ")", to);
                assertThat(delta).as("the data must include a counter reset's worth of growth").isPositive();
                assertThat(increase).as("increase " + counter).isCloseTo(delta, within(delta * 0.01));
                assertThat(rate).as("rate " + counter).isCloseTo(delta / seconds, within(delta / seconds * 0.01));
            }
        }
    }
}
