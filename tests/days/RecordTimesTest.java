package days;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.CompactRecord;

/** Issue 14, section 8: records in the future or outside their file's day are left out of the page and counted. */
class RecordTimesTest {
    @TempDir
    Path data;

    private static final Instant NOW = Instant.parse("2026-11-29T12:10:00Z");
    private static final RecordTimes TIMES = new RecordTimes(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

    @Test
    void theVerdictOnATimestamp() {
        long latest = TIMES.latestMillis();
        LocalDate day = LocalDate.parse("2026-11-29");
        assertThat(latest).isEqualTo(Instant.parse("2026-11-29T12:15:00Z").toEpochMilli());
        assertThat(RecordTimes.check(Instant.parse("2026-11-29T12:15:00Z").toEpochMilli(), latest, day)).isEqualTo(RecordTimes.Verdict.OK);
        assertThat(RecordTimes.check(Instant.parse("2026-11-29T12:15:00.001Z").toEpochMilli(), latest, day)).isEqualTo(RecordTimes.Verdict.FUTURE);
        assertThat(RecordTimes.check(Instant.parse("2099-01-01T00:00:00Z").toEpochMilli(), latest, day)).isEqualTo(RecordTimes.Verdict.FUTURE);
        assertThat(RecordTimes.check(Instant.parse("2026-11-29T00:00:00Z").toEpochMilli(), latest, day)).isEqualTo(RecordTimes.Verdict.OK);
        assertThat(RecordTimes.check(Instant.parse("2026-11-28T23:59:59.999Z").toEpochMilli(), latest, day)).isEqualTo(RecordTimes.Verdict.OTHER_DAY);
        assertThat(RecordTimes.check(Instant.parse("1970-01-01T00:00:00Z").toEpochMilli(), latest, day)).isEqualTo(RecordTimes.Verdict.OTHER_DAY);
        // A whole past day: its end is not in the file's day.
        assertThat(RecordTimes.check(Instant.parse("2026-11-28T00:00:00Z").toEpochMilli(), latest, LocalDate.parse("2026-11-27")))
                .isEqualTo(RecordTimes.Verdict.OTHER_DAY);
    }

    @Test
    void aRecordFrom2099AndOneOfAnotherDayAreLeftOutWithAWarningEach() throws IOException {
        Files.writeString(data.resolve("2026-11-29.jsonl"), String.join("\n",
                DayFileReaderTest.line("2026-11-29T12:00:00.000Z", 1),
                DayFileReaderTest.line("2099-01-01T00:00:00.000Z", 99),
                DayFileReaderTest.line("2026-11-29T12:14:59.000Z", 2), // within the allowance
                DayFileReaderTest.line("2026-11-29T12:20:00.000Z", 98),
                DayFileReaderTest.line("2026-11-20T08:00:00.000Z", 97)) + "\n");
        DayFileReader reader = new DayFileReader(null, null, null, TIMES);
        List<CompactRecord> records = new ArrayList<>();
        reader.read(data, records::add);

        assertThat(records).extracting(r -> r.values()[0]).containsExactly(1.0, 2.0);
        assertThat(reader.future()).isEqualTo(2);
        assertThat(reader.otherDay()).isEqualTo(1);
        assertThat(reader.malformed()).isZero();
        assertThat(reader.warnings()).containsExactly(
                "warning: left out 2 records dated later than now (2026-11-29T12:15:00Z allowed), e.g. 2099-01-01T00:00:00Z in 2026-11-29.jsonl",
                "warning: left out 1 record dated outside the UTC day of their file, e.g. 2026-11-20T08:00:00Z in 2026-11-29.jsonl");
    }

    @Test
    void aGzippedDayIsCheckedAgainstItsOwnDateToo() throws IOException {
        Files.writeString(data.resolve("2026-11-28.jsonl"), DayFileReaderTest.line("2026-11-29T01:00:00.000Z", 5) + "\n"
                + DayFileReaderTest.line("2026-11-28T01:00:00.000Z", 6) + "\n");
        DayFileReader reader = new DayFileReader(null, null, null, TIMES);
        List<CompactRecord> records = new ArrayList<>();
        reader.read(data, records::add);
        assertThat(records).extracting(r -> r.values()[0]).containsExactly(6.0);
        assertThat(reader.otherDay()).isEqualTo(1);
    }

    @Test
    void aRecordFrom2099NoLongerStretchesThePage() throws IOException {
        // Issue 14's reproduction, through the page with the real clock: one real record, one dated 2099 in its file.
        Instant real = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Path file = DayFiles.fileFor(data, real);
        Files.writeString(file, DayFileReaderTest.line(real.toString(), 1) + "\n"
                + DayFileReaderTest.line(real.plusSeconds(30).toString(), 2) + "\n"
                + DayFileReaderTest.line("2099-01-01T00:00:00.000Z", 99) + "\n");
        Path out = data.resolveSibling(data.getFileName() + "-page.html");
        try {
            page.Renderer.Result result = page.Renderer.render(new page.Renderer.Settings(data, out, 2000, 100, null, null,
                    "https://cdn.example/plotly.js"), null);
            assertThat(result.warnings()).anySatisfy(w -> assertThat(w).startsWith("warning: left out 1 record dated later than now ("));
            assertThat(Files.readString(out)).doesNotContain("2099").doesNotContain("2103");
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
