package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.ScrapeRecord;
import support.Scrapes;

/**
 * Issue 22: a body of many tiny series within {@code --max-bytes} (1.79 M series in 16 MiB) is refused at scrape time
 * with a sentence, since the page, the export and watch hold series, not bytes: at most one series per
 * {@link Scraper#BYTES_PER_SERIES} bytes of the limit.
 */
class ShapeLimitTest {
    @TempDir
    Path dir;

    private Path body(int series) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < series; i++) text.append('a').append(i).append(" 1\n");
        return Files.writeString(dir.resolve("body-" + series + ".prom"), text);
    }

    @Test
    void tinySeriesBeyondOnePer32BytesAreRefused() throws Exception {
        long maxBytes = 64 * 1024; // 2,048 series
        ScrapeRecord refused = Scrapes.scraper("file:" + body(2049), Duration.ofSeconds(10), maxBytes).scrape();
        assertThat(refused.up()).isFalse();
        assertThat(refused.error()).isEqualTo("the exposition holds 2,049 series, more than the 2,048 a scrape may hold with"
                + " --max-bytes of 65,536 bytes (one series per 32 bytes: what render, export and watch hold at their default"
                + " heaps); raise --max-bytes, and the heaps of the tools with it (-R-Xmx), to take it");
        assertThat(refused.series()).isEmpty();

        ScrapeRecord taken = Scrapes.scraper("file:" + body(2048), Duration.ofSeconds(10), maxBytes).scrape();
        assertThat(taken.up()).isTrue();
        assertThat(taken.series()).hasSize(2048);
    }

    @Test
    void theDefaultLimitRefusesTheWorstShapeOfIssue22() {
        assertThat(Scraper.tooManySeries(1_790_000, 16L << 20)).startsWith("the exposition holds 1,790,000 series, more than the 524,288");
        assertThat(Scraper.tooManySeries(524_288, 16L << 20)).isNull();
    }
}
