import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordReaderTest {
    @TempDir
    Path dir;

    static String line(String ts, double alive) {
        Map<String, Double> series = new LinkedHashMap<>();
        series.put("coppice_sandboxes_alive", alive);
        return new ScrapeRecord(Instant.parse(ts), "http://127.0.0.1:1/metrics", true, 3, "prometheus", 100, null, series,
                Map.of("coppice_sandboxes_alive", "gauge"), Map.of()).toJson();
    }

    private List<RecordReader.Sample> readAll(RecordReader reader) throws IOException {
        List<RecordReader.Sample> out = new ArrayList<>();
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
        RecordReader reader = new RecordReader(null, null, null);
        List<RecordReader.Sample> samples = readAll(reader);
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
        RecordReader reader = new RecordReader(Instant.parse("2026-11-28T12:00:00Z"), Instant.parse("2026-11-29T23:59:59Z"), null);
        assertThat(readAll(reader)).extracting(s -> s.values()[0]).containsExactly(3.0, 4.0);
        assertThat(reader.filesSkipped()).isEqualTo(2);
        assertThat(reader.filesOpened()).isEqualTo(2);
        assertThat(reader.outsideWindow()).isEqualTo(1);
    }

    @Test
    void recordsWrittenByAClockThatJumpedBackComeOutInTimeOrder() throws IOException {
        Files.writeString(dir.resolve("2026-11-29.jsonl"), String.join("\n",
                line("2026-11-29T10:01:00.000Z", 3), line("2026-11-29T10:01:30.000Z", 4),
                line("2026-11-29T10:00:00.000Z", 1), line("2026-11-29T10:00:30.000Z", 2)) + "\n");
        assertThat(readAll(new RecordReader(null, null, null))).extracting(s -> s.values()[0]).containsExactly(1.0, 2.0, 3.0, 4.0);
    }

    @Test
    void invalidUtf8ArrivesAsReplacementCharacters() throws IOException {
        String good = new ScrapeRecord(Instant.parse("2026-11-29T10:00:00Z"), "t", true, 1, "prometheus", 1, null,
                Map.of(SeriesKey.of("m", List.of("l", "ab")), 1.0), Map.of(), Map.of()).toJson();
        byte[] bytes = good.getBytes(StandardCharsets.UTF_8);
        int at = good.indexOf("ab");
        bytes[at] = (byte) 0xFF;
        Files.write(dir.resolve("2026-11-29.jsonl"), bytes);
        RecordReader reader = new RecordReader(null, null, null);
        List<RecordReader.Sample> samples = readAll(reader);
        assertThat(reader.malformedWarning()).isNull();
        assertThat(samples).singleElement().satisfies(s -> assertThat(s.keys()[0]).isEqualTo("m{l=\"\uFFFDb\"}"));
    }

    @Test
    void parsesOtherRfc3339FormsOfTheTimestamp() {
        assertThat(RecordReader.parseTimestamp("2026-11-29T10:18:30.123Z")).isEqualTo(Instant.parse("2026-11-29T10:18:30.123Z").toEpochMilli());
        assertThat(RecordReader.parseTimestamp("2026-11-29T11:18:30+01:00")).isEqualTo(Instant.parse("2026-11-29T10:18:30Z").toEpochMilli());
    }
}
