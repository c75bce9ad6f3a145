package days;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import support.Generated;

/**
 * Issue 22: the plain-vs-gz rule of {@link DayFiles#sources} compares line for line. A late plain file whose first
 * line the {@code .gz} holds but not the lines after it loses none of them (they were skipped and then deleted by
 * retention: 200 records became 151); what is skipped outside the mark of a stopped compression is named in a warning.
 */
class PlainBesideGzTest {
    @TempDir
    Path data;

    private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");

    private final List<String> lines = new ArrayList<>();

    PlainBesideGzTest() {
        for (ScrapeRecord r : Generated.coppiceDay(NOON, 200, Duration.ofSeconds(10), 1, "http://h:1/metrics")) lines.add(RecordCodec.json(r));
    }

    private DayFiles.Day day(List<String> gz, List<String> plain) throws IOException {
        Files.createDirectories(data);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(data.resolve("2026-03-01.jsonl.gz")))) {
            for (String line : gz) out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.write(data.resolve("2026-03-01.jsonl"), plain, StandardCharsets.UTF_8);
        return DayFiles.days(data, null, null).get(0);
    }

    private static List<String> read(DayFiles.Day day) throws IOException {
        DayFiles.Sources sources = DayFiles.sources(day);
        List<String> out = new ArrayList<>();
        for (Path file : sources.files()) {
            try (RecordLines in = new RecordLines(file, sources.skipLinesOf(file))) {
                for (String line; (line = in.next()) != null; ) if (!line.isBlank()) out.add(line);
            }
        }
        return out;
    }

    @Test
    void aPlainFileWhoseFirstLineAloneIsInTheGzLosesNothing() throws IOException {
        List<String> plain = new ArrayList<>(List.of(lines.get(50)));
        plain.addAll(lines.subList(100, 200));
        DayFiles.Day day = day(lines.subList(0, 100), plain);
        DayFiles.Sources sources = DayFiles.sources(day);
        assertThat(sources.skipLines()).isEqualTo(1);
        assertThat(sources.warning()).isEqualTo("skipped the first 1 line(s) of 2026-03-01.jsonl, which 2026-03-01.jsonl.gz"
                + " holds already; read the rest of it");
        assertThat(new LinkedHashSet<>(read(day))).hasSize(200).containsExactlyElementsOf(lines);

        Retention.Result result = Retention.apply(data, null, Duration.ZERO, NOON.plus(Duration.ofDays(3)), null);
        assertThat(result.failed()).isEmpty();
        assertThat(data.resolve("2026-03-01.jsonl")).doesNotExist();
        assertThat(read(DayFiles.days(data, null, null).get(0))).containsExactlyElementsOf(lines);
    }

    @Test
    void theMarkOfAStoppedCompressionIsSkippedQuietly() throws IOException {
        DayFiles.Day day = day(lines.subList(0, 100), lines.subList(90, 200));
        DayFiles.Sources sources = DayFiles.sources(day);
        assertThat(sources.skipLines()).isEqualTo(10);
        assertThat(sources.warning()).isNull();
        assertThat(read(day)).containsExactlyElementsOf(lines);
    }

    @Test
    void aPlainFileWholeInsideTheGzIsSkippedWithAWarning() throws IOException {
        DayFiles.Day day = day(lines.subList(0, 100), lines.subList(40, 60));
        DayFiles.Sources sources = DayFiles.sources(day);
        assertThat(sources.skipLines()).isEqualTo(20);
        assertThat(sources.warning()).startsWith("skipped the first 20 line(s) of 2026-03-01.jsonl");
        assertThat(read(day)).containsExactlyElementsOf(lines.subList(0, 100));
    }

    @Test
    void aPlainFileThatBreaksAwayFromTheGzHalfWayKeepsItsOwnLines() throws IOException {
        List<String> plain = new ArrayList<>(lines.subList(95, 98));
        plain.addAll(lines.subList(150, 160));
        DayFiles.Day day = day(lines.subList(0, 100), plain);
        assertThat(DayFiles.sources(day).skipLines()).isEqualTo(3);
        List<String> expected = new ArrayList<>(lines.subList(0, 100));
        expected.addAll(lines.subList(150, 160));
        assertThat(read(day)).containsExactlyElementsOf(expected);
    }
}
