package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import support.Project;
import support.ReliabilityFixtures;

/**
 * {@code watch} under SIGINT / SIGTERM and slow targets (issue "Nothing lost, nothing torn, nobody let in", Signals
 * and time). The watch runs as the real script in a child JVM started with ProcessBuilder, with SIGINT reset to its
 * default action (see {@link ReliabilityFixtures.Scripts#withDefaultSigint}).
 */
class WatchSignalsTest {
    static ReliabilityFixtures.FaultyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ReliabilityFixtures.FaultyServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void sigintDuringAScrapeWritesTheSampleWholeAndExits0WithTheSummary(@TempDir Path dir) throws Exception {
        stopsCleanly(dir, "INT");
    }

    @Test
    void sigtermDuringAScrapeWritesTheSampleWholeAndExits0WithTheSummary(@TempDir Path dir) throws Exception {
        stopsCleanly(dir, "TERM");
    }

    private void stopsCleanly(Path dir, String signal) throws Exception {
        Path data = dir.resolve("data");
        int before = server.requests();
        Process watch = ReliabilityFixtures.Scripts.start(ReliabilityFixtures.Scripts.withDefaultSigint(ReliabilityFixtures.Scripts.command("watch",
                "--url", server.uri("/slow?ms=1200").toString(), "--interval", "100ms", "--data-dir", data.toString())));
        // The second scrape is in flight once the server has seen its request (the first one took 1.2 s).
        ScrapeFaultsTest.waitFor(() -> server.requests() >= before + 2, Duration.ofSeconds(30));
        Thread.sleep(200);
        ReliabilityFixtures.Scripts.signal(watch, signal);
        Project.Run run = ReliabilityFixtures.Scripts.finish(watch, Duration.ofSeconds(20));

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("watch: stopping after the sample in flight").contains("watch: 2 samples (2 up, 0 down)");
        List<ScrapeRecord> records = ReliabilityFixtures.lines(data).stream().map(RecordCodec::parse).toList();
        assertThat(records).as("the sample in flight was written whole").hasSize(2);
        assertThat(records).allSatisfy(r -> assertThat(r.up()).isTrue());
    }

    @Test
    void secondCtrlCExitsAtOnceWithoutTearingALine(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        int before = server.requests();
        Process watch = ReliabilityFixtures.Scripts.start(ReliabilityFixtures.Scripts.withDefaultSigint(ReliabilityFixtures.Scripts.command("watch",
                "--url", server.uri("/slow?ms=3000").toString(), "--interval", "100ms", "--data-dir", data.toString())));
        ScrapeFaultsTest.waitFor(() -> server.requests() >= before + 2, Duration.ofSeconds(30));
        long t0 = System.nanoTime();
        ReliabilityFixtures.Scripts.signal(watch, "INT");
        Thread.sleep(200);
        ReliabilityFixtures.Scripts.signal(watch, "INT");
        Project.Run run = ReliabilityFixtures.Scripts.finish(watch, Duration.ofSeconds(20));
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(run.exit()).as(run.stderr()).isEqualTo(130);
        assertThat(ms).as("exited before the 3 s scrape in flight ended").isLessThan(2_500);
        List<String> lines = ReliabilityFixtures.lines(data);
        assertThat(lines).hasSize(1);
        assertThat(RecordCodec.parse(lines.get(0)).up()).isTrue();
    }

    /** A target slower than the interval: the next sample starts right after, no burst, the skipped ticks are counted. */
    @Test
    void overrunningScrapesSkipTicksInsteadOfBursting(@TempDir Path dir) {
        Scraper.Settings settings = new Scraper.Settings(server.uri("/slow?ms=250").toString(), Duration.ofSeconds(5),
                Scraper.FormatChoice.AUTO, 1 << 20, Map.of());
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        Watcher watcher = new Watcher(new Scraper(settings, Scraper.defaultClient(settings)), Duration.ofMillis(100), 6, dir,
                new PrintStream(status, true, StandardCharsets.UTF_8));
        Watcher.Summary summary = watcher.run();

        List<ScrapeRecord> records;
        try {
            records = ReliabilityFixtures.lines(dir).stream().map(RecordCodec::parse).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(records).hasSize(6);
        for (int i = 1; i < records.size(); i++) {
            long gap = records.get(i).ts().toEpochMilli() - records.get(i - 1).ts().toEpochMilli();
            assertThat(gap).as("start gap before sample " + i + " (scrapes take 250 ms)").isBetween(240L, 600L);
        }
        long skippedInStatus = 0;
        Matcher m = Pattern.compile(" skipped=(\\d+)").matcher(status.toString(StandardCharsets.UTF_8));
        while (m.find()) skippedInStatus += Long.parseLong(m.group(1));
        assertThat(summary.skippedTicks()).isGreaterThanOrEqualTo(5).isEqualTo(skippedInStatus);
    }
}
