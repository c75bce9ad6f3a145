package days;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Generated;

/**
 * Issue 22: while retention compresses an old day, appends of the same JVM to other days go on (a 150 MB day stalled
 * every target of a watch for about 2 s); only appends to the day being compressed wait. The bound on the join only
 * catches the old behaviour, where the append waited for the whole compression (here: for ever).
 */
class CompressionPauseTest {
    @TempDir
    Path data;

    @Test
    void appendsToTodayGoOnWhileAnOldDayIsCompressed() throws Exception {
        Instant today = Instant.now();
        Path old = DayFiles.fileFor(data, today.minus(Duration.ofDays(3)));
        Files.createDirectories(data);
        Path written = DayFileAppender.withAppendsPaused(old, () -> {
            CompletableFuture<Path> append = CompletableFuture.supplyAsync(() -> {
                try {
                    return DayFileAppender.append(data, Generated.coppiceDay(today, 1, Duration.ofSeconds(30), 1, "http://h:1/m").get(0));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                return append.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the append to today's file waited for the compression of an old day", e);
            }
        });
        assertThat(written).isEqualTo(DayFiles.fileFor(data, today));
        assertThat(Files.readAllLines(written)).hasSize(1);
    }

    @Test
    void anAppendToTheDayBeingCompressedWaitsForIt() throws Exception {
        Instant old = Instant.now().minus(Duration.ofDays(3));
        Path file = DayFiles.fileFor(data, old);
        Files.createDirectories(data);
        CompletableFuture<Path> append = new CompletableFuture<>();
        DayFileAppender.withAppendsPaused(file, () -> {
            Thread writer = new Thread(() -> {
                try {
                    append.complete(DayFileAppender.append(data, Generated.coppiceDay(old, 1, Duration.ofSeconds(30), 1, "http://h:1/m").get(0)));
                } catch (Exception e) {
                    append.completeExceptionally(e);
                }
            });
            writer.start();
            try {
                writer.join(300); // it cannot finish: its file is paused
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(append).isNotDone();
            assertThat(file).doesNotExist();
            return null;
        });
        assertThat(append.get(60, TimeUnit.SECONDS)).isEqualTo(file);
    }
}
