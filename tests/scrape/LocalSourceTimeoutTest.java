package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.ScrapeRecord;
import support.Scrapes;

/**
 * Issue 22: standard input ({@code --url -}) and a file target obey {@code --timeout} as an HTTP exchange does: a
 * source that never ends (a silent pipe, a FIFO without a writer) costs one scrape, {@code up=0} with a reason. (The
 * bound on the test only catches a hang.)
 */
class LocalSourceTimeoutTest {
    private static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void standardInputThatNeverEndsIsATimeout() throws Exception {
        InputStream before = System.in;
        try (PipedOutputStream silent = new PipedOutputStream(); PipedInputStream in = new PipedInputStream(silent)) {
            System.setIn(in);
            ScrapeRecord record = assertTimeoutPreemptively(HANG,
                    () -> Scrapes.scraper("-", Duration.ofMillis(300), 1 << 20).scrape());
            assertThat(record.up()).isFalse();
            assertThat(record.error()).isEqualTo("timeout: standard input did not end within 300ms (--timeout)");
        } finally {
            System.setIn(before);
        }
    }

    @Test
    void aFifoWithoutAWriterIsATimeout() throws Exception {
        Path fifo = dir.resolve("metrics.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
        ScrapeRecord record = assertTimeoutPreemptively(HANG,
                () -> Scrapes.scraper("file:" + fifo, Duration.ofMillis(300), 1 << 20).scrape());
        assertThat(record.up()).isFalse();
        assertThat(record.error()).isEqualTo("timeout: " + fifo + " did not end within 300ms (--timeout)");
    }
}
