package prom;

import static org.assertj.core.api.Assertions.assertThat;
import days.DayFileAppender;
import days.DayFiles;
import days.Retention;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.ScrapeRecord;
import support.Generated;

/**
 * Issue 22: an export that listed the days just before retention compressed one of them reads the gzipped file, with
 * no warning of a damaged or missing file (nothing was lost).
 */
class ExportRetentionRaceTest {
    @TempDir
    Path dir;

    @Test
    void aDayCompressedAfterTheListingIsExportedWhole() throws Exception {
        Path data = dir.resolve("data");
        Instant start = Instant.now().minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(12));
        List<ScrapeRecord> records = Generated.coppiceDay(start, 20, Duration.ofSeconds(30), 1, "http://h:1/metrics");
        for (ScrapeRecord r : records) DayFileAppender.append(data, r);
        List<DayFiles.Day> listed = DayFiles.days(data, null, null);
        assertThat(listed).singleElement().satisfies(d -> assertThat(d.gz()).isNull());

        Retention.Result compressed = Retention.apply(data, null, Duration.ZERO, Instant.now(), null);
        assertThat(compressed.compressed()).hasSize(1);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        OpenMetricsExport.Summary summary = OpenMetricsExport.write(listed, null, null, "coppice", out, dir,
                new PrintStream(warnings, true, StandardCharsets.UTF_8));
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(summary.records()).isEqualTo(20);
        assertThat(summary.unreadFiles()).isZero();
    }
}
