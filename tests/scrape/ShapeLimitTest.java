package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.ScrapeRecord;
import support.Scrapes;

/**
 * Issue 22: a body of many tiny series within {@code --max-bytes} (1.79 M series in 16 MiB) is refused at scrape time
 * with a sentence, since the page, the export and watch hold series and charts, not bytes: at most one series per
 * {@link Scraper#BYTES_PER_SERIES} bytes of the limit, and one metric name per {@link Scraper#BYTES_PER_METRIC_NAME}.
 */
class ShapeLimitTest {
    @TempDir
    Path dir;

    private Path body(int series) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < series; i++) text.append("a{i=\"").append(i).append("\"} 1\n");
        return Files.writeString(dir.resolve("body-" + series + ".prom"), text);
    }

    @Test
    void tinySeriesBeyondOnePer32BytesAreRefused() throws Exception {
        long maxBytes = 64 * 1024; // 2,048 series
        ScrapeRecord refused = Scrapes.scraper("file:" + body(2049), Duration.ofSeconds(10), maxBytes).scrape();
        assertThat(refused.up()).isFalse();
        assertThat(refused.error()).isEqualTo("the exposition holds 2,049 series, more than the 2,048 a scrape may hold with"
                + " --max-bytes of 65,536 bytes (one per 32 bytes: what render, export and watch hold at their default"
                + " heaps); raise --max-bytes, and the heaps of the tools with it (-R-Xmx), to take it");
        assertThat(refused.series()).isEmpty();

        ScrapeRecord taken = Scrapes.scraper("file:" + body(2048), Duration.ofSeconds(10), maxBytes).scrape();
        assertThat(taken.up()).isTrue();
        assertThat(taken.series()).hasSize(2048);
    }

    @Test
    void manyMetricNamesBeyondOnePer1024BytesAreRefused() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 65; i++) text.append('f').append(i).append(" 1\n");
        ScrapeRecord refused = Scrapes.scraper("file:" + Files.writeString(dir.resolve("names.prom"), text), Duration.ofSeconds(10), 64 * 1024)
                .scrape();
        assertThat(refused.up()).isFalse();
        assertThat(refused.error()).startsWith("the exposition holds 65 metric names, more than the 64 a scrape may hold with"
                + " --max-bytes of 65,536 bytes (one per 1024 bytes");
    }

    @Test
    void theDefaultLimitsRefuseTheWorstShapesOfIssue22() {
        List<String> tiny = new ArrayList<>();
        for (int i = 0; i < 1_790_000; i++) tiny.add("a" + i);
        assertThat(Scraper.tooLarge(tiny, 16L << 20)).startsWith("the exposition holds 1,790,000 series, more than the 524,288");
        assertThat(Scraper.tooLarge(tiny.subList(0, 524_288), 16L << 20)).startsWith("the exposition holds 524,288 metric names,"
                + " more than the 16,384");
        List<String> labelled = new ArrayList<>();
        for (int i = 0; i < 524_288; i++) labelled.add("a{i=\"" + i + "\"}");
        assertThat(Scraper.tooLarge(labelled, 16L << 20)).isNull();
    }
}
