package days;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import support.Generated;

/**
 * watch's retention thread compresses a closed day while watch's own loop may still append late records to it (records
 * held back during a disk outage): in one JVM the two must wait for each other, and no record may be lost.
 */
class RetentionRaceTest {
    @Test
    void appendsAndCompressionOfTheSameDayInOneJvmLoseNothing(@TempDir Path dir) throws Exception {
        Instant day = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS);
        List<ScrapeRecord> records = Generated.coppiceDay(day, 300, Duration.ofSeconds(1), 1, "http://127.0.0.1:9464/metrics");
        for (ScrapeRecord r : records.subList(0, 10)) DayFileAppender.append(dir, r);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> appender = pool.submit(() -> {
                for (ScrapeRecord r : records.subList(10, records.size())) DayFileAppender.append(dir, r);
                return null;
            });
            Future<?> retention = pool.submit(() -> {
                for (int i = 0; i < 30; i++) Retention.apply(dir, null, Duration.ZERO, Instant.now(), null);
                return null;
            });
            appender.get(60, TimeUnit.SECONDS);
            retention.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        List<DayFiles.Day> days = DayFiles.days(dir, null, null);
        assertThat(days).hasSize(1);
        List<Instant> read = new ArrayList<>();
        for (String line : RetentionTest.linesOf(days.get(0))) read.add(RecordCodec.parse(line).ts());
        assertThat(read).containsExactlyInAnyOrderElementsOf(records.stream().map(ScrapeRecord::ts).toList());
    }
}
