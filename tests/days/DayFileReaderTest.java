package days;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.CompactRecord;
import record.RecordCodec;
import record.ScrapeRecord;
import record.SeriesKey;

class DayFileReaderTest {
    @TempDir
    Path dir;

    /** A clock after every record of these tests, so none is in the future. */
    static final RecordTimes TIMES = new RecordTimes(Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC), RecordTimes.DEFAULT_ALLOWANCE);

    static String line(String ts, double alive) {
        Map<String, Double> series = new LinkedHashMap<>();
        series.put("coppice_sandboxes_alive", alive);
        return RecordCodec.json(new ScrapeRecord(Instant.parse(ts), "http://127.0.0.1:1/metrics", true, 3, "prometheus", 100, null, series,
                Map.of("coppice_sandboxes_alive", "gauge"), Map.of()));
    }

    private List<CompactRecord> readAll(DayFileReader reader) throws IOException {
        List<CompactRecord> out = new ArrayList<>();
        reader.read(dir, out::add);
        return out;
    }

    @Test
    void skipsMalformedLinesWithOneWarningNamingTheFirst() throws IOException {
        Files.writeString(dir.resolve("2026-11-29.jsonl"), String.join("\n",
                line("2026-11-29T10:00:00.000Z", 1),
                "{\"v\":1,\"ts\":",
                line("2026-11-29T10:00:30.000Z", 2),
                "not json at all",
                "{\"v\":1,\"up\":1}",
                "") + "\n");
        DayFileReader reader = new DayFileReader(null, null, null, TIMES);
        List<CompactRecord> samples = readAll(reader);
        assertThat(samples).extracting(s -> s.values()[0]).containsExactly(1.0, 2.0);
        assertThat(reader.malformed()).isEqualTo(3);
        assertThat(reader.lines()).isEqualTo(6);
        String warning = reader.malformedWarning();
        assertThat(warning).startsWith("warning: skipped 3 malformed lines: ")
                .contains("2026-11-29.jsonl:2: ", "2026-11-29.jsonl:4: ", "2026-11-29.jsonl:5: missing \"ts\" or \"up\"");
        assertThat(reader.types()).containsEntry("coppice_sandboxes_alive", "gauge");
    }

    @Test
    void dayFilesOutsideTheWindowAreNotOpenedAndRecordsOutsideAreDropped() throws IOException {
        Files.writeString(dir.resolve("2026-11-27.jsonl"), line("2026-11-27T23:59:00.000Z", 1) + "\n");
        Files.writeString(dir.resolve("2026-11-28.jsonl"),
                line("2026-11-28T11:59:59.999Z", 2) + "\n" + line("2026-11-28T12:00:00.000Z", 3) + "\n");
        Files.writeString(dir.resolve("2026-11-29.jsonl"), line("2026-11-29T00:00:00.000Z", 4) + "\n");
        Files.writeString(dir.resolve("2026-11-30.jsonl"), line("2026-11-30T00:00:00.000Z", 5) + "\n");
        DayFileReader reader = new DayFileReader(Instant.parse("2026-11-28T12:00:00Z"), Instant.parse("2026-11-29T23:59:59Z"), null, TIMES);
        assertThat(readAll(reader)).extracting(s -> s.values()[0]).containsExactly(3.0, 4.0);
        assertThat(reader.filesSkipped()).isEqualTo(2);
        assertThat(reader.filesOpened()).isEqualTo(2);
        assertThat(reader.outsideWindow()).isEqualTo(1);
    }

    @Test
    void recordsDatedAheadOfAClockStepBackAreLeftOutWithAWarning() throws IOException {
        Files.writeString(dir.resolve("2026-11-29.jsonl"), String.join("\n",
                line("2026-11-29T10:01:00.000Z", 3), line("2026-11-29T10:01:30.000Z", 4),
                line("2026-11-29T10:00:00.000Z", 1), line("2026-11-29T10:00:30.000Z", 2)) + "\n");
        DayFileReader reader = new DayFileReader(null, null, null, TIMES);
        assertThat(readAll(reader)).extracting(s -> s.values()[0]).containsExactly(1.0, 2.0);
        assertThat(reader.warnings()).anySatisfy(w -> assertThat(w).startsWith("warning: a target's clock stepped back 1 time")
                .contains("left out 2 records dated ahead of a step back"));
    }

    @Test
    void invalidUtf8ArrivesAsReplacementCharacters() throws IOException {
        String good = RecordCodec.json(new ScrapeRecord(Instant.parse("2026-11-29T10:00:00Z"), "t", true, 1, "prometheus", 1, null,
                Map.of(SeriesKey.of("m", List.of("l", "ab")), 1.0), Map.of(), Map.of()));
        byte[] bytes = good.getBytes(StandardCharsets.UTF_8);
        int at = good.indexOf("ab");
        bytes[at] = (byte) 0xFF;
        Files.write(dir.resolve("2026-11-29.jsonl"), bytes);
        DayFileReader reader = new DayFileReader(null, null, null, TIMES);
        List<CompactRecord> samples = readAll(reader);
        assertThat(reader.malformedWarning()).isNull();
        assertThat(samples).singleElement().satisfies(s -> assertThat(s.keys()[0]).isEqualTo("m{l=\"\uFFFDb\"}"));
    }

    private static String lines(String date, int fromMinute, int toMinute) {
        StringBuilder out = new StringBuilder();
        for (int m = fromMinute; m < toMinute; m++) out.append(line(String.format("%sT10:%02d:00.000Z", date, m), m)).append('\n');
        return out.toString();
    }

    private void gzip(String name, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name)))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsGzippedDaysAndADayLeftInBothFormsOnce() throws IOException {
        gzip("2026-11-27.jsonl.gz", lines("2026-11-27", 0, 3));
        Files.writeString(dir.resolve("2026-11-28.jsonl"), lines("2026-11-28", 3, 5));
        // A crash after the rename and before the delete: both files hold the whole day.
        gzip("2026-11-29.jsonl.gz", lines("2026-11-29", 5, 8));
        Files.writeString(dir.resolve("2026-11-29.jsonl"), lines("2026-11-29", 5, 8));
        // Records appended after the day was compressed: the gzipped part, then the plain one.
        gzip("2026-11-30.jsonl.gz", lines("2026-11-30", 8, 10));
        Files.writeString(dir.resolve("2026-11-30.jsonl"), lines("2026-11-30", 10, 11));
        List<String> sources = new ArrayList<>();
        for (DayFiles.Day day : DayFiles.days(dir, null, null)) {
            DayFiles.Sources s = DayFiles.sources(day);
            assertThat(s.warning()).isNull();
            s.files().forEach(p -> sources.add(p.getFileName().toString()));
        }
        // Both files of 2026-11-29 are read, the plain one past the lines the gzipped one holds (all of them).
        assertThat(sources).containsExactly("2026-11-27.jsonl.gz", "2026-11-28.jsonl", "2026-11-29.jsonl.gz", "2026-11-29.jsonl",
                "2026-11-30.jsonl.gz", "2026-11-30.jsonl");
        DayFileReader fresh = new DayFileReader(null, null, null, TIMES);
        assertThat(readAll(fresh)).extracting(s -> s.values()[0]).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        assertThat(fresh.filesOpened()).isEqualTo(6);
        assertThat(fresh.warnings()).isEmpty();
        assertThat(fresh.malformedWarning()).isNull();
    }

    @Test
    void gzippedDaysOutsideTheWindowAreNotOpened() throws IOException {
        gzip("2026-11-27.jsonl.gz", lines("2026-11-27", 0, 3));
        gzip("2026-11-28.jsonl.gz", lines("2026-11-28", 3, 5));
        Files.writeString(dir.resolve("2026-11-28.jsonl"), lines("2026-11-28", 5, 6));
        DayFileReader reader = new DayFileReader(Instant.parse("2026-11-28T00:00:00Z"), null, null, TIMES);
        assertThat(readAll(reader)).extracting(s -> s.values()[0]).containsExactly(3.0, 4.0, 5.0);
        assertThat(reader.filesSkipped()).isEqualTo(1);
    }

    @Test
    void aTruncatedGzipCostsOnlyItsUnreadRestAndIsNamed() throws IOException {
        StringBuilder day = new StringBuilder();
        for (int m = 0; m < 600; m++) day.append(line(String.format("2026-11-27T%02d:%02d:00.000Z", m / 60, m % 60), m)).append('\n');
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(packed)) {
            out.write(day.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = packed.toByteArray();
        Files.write(dir.resolve("2026-11-27.jsonl.gz"), Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(dir.resolve("2026-11-28.jsonl"), lines("2026-11-28", 0, 2));
        DayFileReader reader = new DayFileReader(null, null, null, TIMES);
        List<CompactRecord> samples = readAll(reader);
        assertThat(reader.warnings()).singleElement().asString()
                .startsWith("warning: cannot read " + dir.resolve("2026-11-27.jsonl.gz") + ": ")
                .endsWith("; kept the records before that point");
        long firstDay = samples.stream().filter(s -> s.tsMillis() < Instant.parse("2026-11-28T00:00:00Z").toEpochMilli()).count();
        assertThat(firstDay).isBetween(1L, 599L);
        assertThat(samples.subList(samples.size() - 2, samples.size())).extracting(s -> s.values()[0]).containsExactly(0.0, 1.0);
    }

    @Test
    void aDamagedGzipBesideItsPlainDayReadsThePlainFileAlone() throws IOException {
        Files.write(dir.resolve("2026-11-29.jsonl.gz"), new byte[] {'n', 'o', 't', ' ', 'g', 'z'});
        Files.writeString(dir.resolve("2026-11-29.jsonl"), lines("2026-11-29", 0, 2));
        DayFileReader reader = new DayFileReader(null, null, null, TIMES);
        assertThat(readAll(reader)).extracting(s -> s.values()[0]).containsExactly(0.0, 1.0);
        assertThat(reader.warnings()).singleElement().asString()
                .startsWith("warning: cannot read " + dir.resolve("2026-11-29.jsonl.gz") + ": not a gzip file (")
                .endsWith("; read 2026-11-29.jsonl alone");
    }

    @Test
    void aGzipThatBreaksOffBeforeThePlainFilesFirstLineIsReadUpToThereThenThePlainFile() throws IOException {
        StringBuilder early = new StringBuilder();
        for (int m = 0; m < 600; m++) early.append(line(String.format("2026-11-27T%02d:%02d:00.000Z", m / 60, m % 60), m)).append('\n');
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(packed)) {
            out.write(early.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = packed.toByteArray();
        Files.write(dir.resolve("2026-11-27.jsonl.gz"), Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(dir.resolve("2026-11-27.jsonl"), line("2026-11-27T20:00:00.000Z", 1000) + "\n"); // a late append
        DayFileReader reader = new DayFileReader(null, null, null, TIMES);
        List<CompactRecord> samples = readAll(reader);
        assertThat(reader.warnings()).singleElement().asString()
                .startsWith("warning: cannot read " + dir.resolve("2026-11-27.jsonl.gz") + ": ")
                .endsWith("; kept the records before that point");
        assertThat(samples.size()).isBetween(2, 600);
        assertThat(samples.get(samples.size() - 1).values()[0]).isEqualTo(1000.0);
        assertThat(reader.filesOpened()).isEqualTo(2);
    }

    @Test
    void anEmptyPlainFileBesideAGzipLeavesTheDayToTheGzip() throws IOException {
        gzip("2026-11-29.jsonl.gz", lines("2026-11-29", 0, 3));
        Files.writeString(dir.resolve("2026-11-29.jsonl"), ""); // an append that failed and was taken back
        DayFileReader reader = new DayFileReader(null, null, null, TIMES);
        assertThat(readAll(reader)).extracting(s -> s.values()[0]).containsExactly(0.0, 1.0, 2.0);
        assertThat(reader.warnings()).isEmpty();
    }

    @Test
    void onlyDayFilesAreReadAndTheOthersAreNamedInOneWarning() throws IOException {
        // Issue 14: a backup copy beside its day doubled every sample of the page.
        Files.writeString(dir.resolve("2026-11-28.jsonl"), lines("2026-11-28", 1, 3));
        Files.writeString(dir.resolve("2026-11-28.copy.jsonl"), lines("2026-11-28", 1, 3));
        Files.writeString(dir.resolve("imported.jsonl.gz"), "whatever");
        Files.writeString(dir.resolve("notes.txt"), "not records\n");
        Files.writeString(dir.resolve(".2026-11-29.jsonl.gz.tmp"), "a temp file");
        DayFileReader reader = new DayFileReader(null, null, null, TIMES);
        assertThat(readAll(reader)).extracting(s -> s.values()[0]).containsExactly(1.0, 2.0);
        assertThat(reader.malformed()).isZero();
        assertThat(reader.filesOpened()).isEqualTo(1);
        assertThat(reader.warnings()).containsExactly(
                "warning: ignored 2 files not named YYYY-MM-DD.jsonl or YYYY-MM-DD.jsonl.gz: 2026-11-28.copy.jsonl, imported.jsonl.gz");
    }

    @Test
    void readsTheInstanceOfBothTheWritersShapeAndAnyOther() throws IOException {
        String fast = RecordCodec.json(RecordCodec.parse(line("2026-11-29T10:00:00.000Z", 1)).withInstance("gw1"));
        String spaced = "{ \"v\": 1, \"instance\": \"gw\\u0032\", \"ts\": \"2026-11-29T10:00:30.000Z\", \"up\": 0, \"scrape_ms\": 1 }";
        String unnamed = line("2026-11-29T10:01:00.000Z", 3);
        Files.writeString(dir.resolve("2026-11-29.jsonl"), fast + "\n" + spaced + "\n" + unnamed + "\n");
        DayFileReader reader = new DayFileReader(null, null, null, TIMES);
        assertThat(readAll(reader)).extracting(CompactRecord::instance).containsExactly("gw1", "gw2", null);
        assertThat(reader.malformed()).isZero();
    }

    @Test
    void recordsWrittenBeforeTheIdentityRuleArriveWithCanonicalKeys() throws IOException {
        // Written as an older scrape recorded them: an empty label kept in the key, next to the same series without it.
        Map<String, Double> first = new LinkedHashMap<>();
        first.put("job_queue_depth{host=\"host-a\",queue=\"\"}", 4.0);
        first.put("job_queue_depth{host=\"host-a\"}", 9.0);
        first.put("job_queue_depth{host=\"host-a\",queue=\"batch\"}", 2.0);
        String writers = RecordCodec.json(new ScrapeRecord(Instant.parse("2026-11-29T10:00:00Z"), "t", true, 1, "prometheus", 1,
                null, first, Map.of(), Map.of()));
        // Another shape (the Jackson path): the canonical key first, then its twin, then one with every label empty.
        String other = "{\"up\":1,\"v\":1,\"ts\":\"2026-11-29T10:00:30.000Z\",\"series\":{\"job_queue_depth{host=\\\"host-a\\\"}\":7,"
                + "\"job_queue_depth{host=\\\"host-a\\\",queue=\\\"\\\"}\":8,\"lonely{a=\\\"\\\"}\":1}}";
        Files.writeString(dir.resolve("2026-11-29.jsonl"), writers + "\n" + other + "\n");
        DayFileReader reader = new DayFileReader(null, null, null, TIMES);
        List<CompactRecord> records = readAll(reader);
        assertThat(reader.malformedWarning()).isNull();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).keys()).containsExactly("job_queue_depth{host=\"host-a\"}",
                "job_queue_depth{host=\"host-a\",queue=\"batch\"}");
        assertThat(records.get(0).values()).containsExactly(4.0, 2.0);
        assertThat(records.get(1).keys()).containsExactly("job_queue_depth{host=\"host-a\"}", "lonely");
        assertThat(records.get(1).values()).containsExactly(7.0, 1.0);
    }
}
