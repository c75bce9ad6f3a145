package page;

import static org.assertj.core.api.Assertions.assertThat;
import days.DayFileAppender;
import java.io.ByteArrayOutputStream;
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
 * Issue 22: a live page that cannot be written at start costs no sample: {@link LivePage#open} says why and goes on,
 * and the page is written once it can be (here: its folder made writable again before the records come).
 */
class LivePageStartTest {
    @TempDir
    Path dir;

    @Test
    void aPageThatCannotBeWrittenAtStartIsReportedAndWrittenLater() throws Exception {
        Path data = dir.resolve("data");
        DayFileAppender.append(data, Generated.coppiceDay(Instant.now(), 1, Duration.ofSeconds(30), 1, "http://h:1/metrics").get(0));
        Path blocked = dir.resolve("not-a-folder");
        Files.writeString(blocked, "a file where the page's folder should be");
        Path pageFile = blocked.resolve("page.html");
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        LivePage page = LivePage.open(new Renderer.Settings(data, pageFile, 2000, 100, null, null, null),
                new PlotlySource("https://cdn.example/plotly.js", null, "test"), Duration.ofSeconds(30),
                new PrintStream(status, true, StandardCharsets.UTF_8));
        assertThat(status.toString(StandardCharsets.UTF_8)).startsWith("watch: page: ")
                .contains("; scraping goes on, the page is written again after the next sample");
        Files.delete(blocked);
        Files.createDirectories(blocked);
        page.start();
        page.offer(Generated.coppiceDay(Instant.now(), 1, Duration.ofSeconds(30), 1, "http://h:1/metrics").get(0));
        page.close();
        assertThat(Files.readString(pageFile)).contains("<html");
    }
}
