package days;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Generated;

/**
 * Issue 22: retention counts from the data, not only from the clock. With the clock 400 days ahead
 * ({@code faketime +400d scrape --retain 30d}), the newest day that holds records and every day that ended after its
 * start minus the retention stay, and a warning names what the clock alone would have deleted.
 */
class RetentionClockTest {
    @TempDir
    Path data;

    private static final Instant LAST = Instant.parse("2026-03-10T12:00:00Z");

    private void dayAt(Instant at) throws IOException {
        DayFileAppender.append(data, Generated.coppiceDay(at, 1, Duration.ofSeconds(30), 1, "http://h:1/metrics").get(0));
    }

    @Test
    void aClockFarAheadDeletesNothingTheDataCallsRecent() throws IOException {
        for (int d = 0; d < 3; d++) dayAt(LAST.minus(Duration.ofDays(d)));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Retention.Result result = Retention.apply(data, Duration.ofDays(30), null, LAST.plus(Duration.ofDays(400)),
                new PrintStream(said, true, StandardCharsets.UTF_8));
        assertThat(result.deleted()).isEmpty();
        try (var files = Files.list(data)) {
            assertThat(files.filter(f -> f.toString().endsWith(".jsonl"))).hasSize(3);
        }
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("retention: warning: the clock says 2027-")
                .contains("the newest records are of 2026-03-10").contains("kept 3 day(s)")
                .contains("2026-03-08.jsonl, 2026-03-09.jsonl, 2026-03-10.jsonl").contains("check the system clock");
    }

    @Test
    void aClockFarAheadDeletesOnlyWhatIsOldAgainstTheNewestRecord() throws IOException {
        for (int d = 0; d <= 40; d += 5) dayAt(LAST.minus(Duration.ofDays(d)));
        Retention.Result result = Retention.apply(data, Duration.ofDays(30), null, LAST.plus(Duration.ofDays(400)), null);
        // Days ending on or before 2026-02-08T00:00Z (the newest day's start minus 30 days) go: 2026-01-29 and 2026-02-03.
        assertThat(result.deleted()).extracting(p -> p.getFileName().toString())
                .containsExactly("2026-01-29.jsonl", "2026-02-03.jsonl");
    }

    @Test
    void theNewestDayThatHoldsRecordsStaysEvenWithAShortRetention() throws IOException {
        dayAt(LAST);
        Files.createFile(DayFiles.fileFor(data, LAST.plus(Duration.ofDays(3)))); // empty: holds no record
        Retention.Result result = Retention.apply(data, Duration.ofHours(1), null, LAST.plus(Duration.ofDays(10)), null);
        assertThat(result.deleted()).extracting(p -> p.getFileName().toString()).isEmpty();
        assertThat(DayFiles.fileFor(data, LAST)).exists();
    }

    @Test
    void aRightClockDeletesAsBefore() throws IOException {
        for (int d = 0; d <= 40; d += 10) dayAt(LAST.minus(Duration.ofDays(d)));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Retention.Result result = Retention.apply(data, Duration.ofDays(30), null, LAST, new PrintStream(said, true, StandardCharsets.UTF_8));
        assertThat(result.deleted()).extracting(p -> p.getFileName().toString()).containsExactly("2026-01-29.jsonl");
        assertThat(said.toString(StandardCharsets.UTF_8)).doesNotContain("warning");
    }
}
