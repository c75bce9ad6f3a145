package scrape;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import support.Project;
import support.ReliabilityFixtures;
import support.Scrapes;

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

    /** Issue 14 section 8: a closed terminal or ssh session ends watch as SIGTERM does, not silently. */
    @Test
    void sighupDuringAScrapeWritesTheSampleWholeAndExits0WithTheSummary(@TempDir Path dir) throws Exception {
        stopsCleanly(dir, "HUP");
    }

    /**
     * Issue 14 section 8: records that could not be written (here the data directory is a file) are named at SIGHUP,
     * and the exit status says records were lost.
     */
    @Test
    void sighupNamesTheRecordsThatCouldNotBeWritten(@TempDir Path dir) throws Exception {
        Path data = java.nio.file.Files.writeString(dir.resolve("not-a-directory"), "x");
        int before = server.requests();
        Process watch = ReliabilityFixtures.Scripts.start(ReliabilityFixtures.Scripts.command("watch",
                "--url", server.uri("/slow?ms=300").toString(), "--interval", "100ms", "--data-dir", data.resolve("data").toString()));
        ScrapeFaultsTest.waitFor(() -> server.requests() >= before + 3, Duration.ofSeconds(30));
        ReliabilityFixtures.Scripts.signal(watch, "HUP");
        Project.Run run = ReliabilityFixtures.Scripts.finish(watch, Duration.ofSeconds(20));

        assertThat(run.exit()).as(run.stderr()).isEqualTo(1);
        Matcher summary = java.util.regex.Pattern.compile("watch: (\\d+) samples .*, (\\d+) records NOT WRITTEN in ").matcher(run.stderr());
        assertThat(summary.find()).as(run.stderr()).isTrue();
        long pending = Long.parseLong(summary.group(2));
        assertThat(pending).isEqualTo(Long.parseLong(summary.group(1))).isGreaterThanOrEqualTo(2);
        assertThat(run.stderr().lines().filter(l -> l.startsWith("watch: NOT WRITTEN: the sample of " + server.uri("/slow?ms=300") + " at ")))
                .hasSize((int) pending);
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
        String said = java.util.Map.of("INT", "Ctrl-C: stopping after the sample in flight (Ctrl-C again to exit now)",
                "TERM", "SIGTERM: stopping after the sample in flight",
                "HUP", "SIGHUP (terminal closed): stopping after the sample in flight").get(signal);
        assertThat(run.stderr()).contains("watch: " + said).contains("watch: 2 samples (2 up, 0 down)");
        // Only Ctrl-C offers a second Ctrl-C.
        if (!signal.equals("INT")) assertThat(run.stderr()).doesNotContain("Ctrl-C again");
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
        ReliabilityFixtures.Scripts.signal(watch, "INT");
        Thread.sleep(200);
        ReliabilityFixtures.Scripts.signal(watch, "INT");
        Project.Run run = ReliabilityFixtures.Scripts.finish(watch, Duration.ofSeconds(20));

        // Exit status 130 without the summary, and the 3 s scrape in flight not written: it did not wait for that
        // scrape. How soon it exits is measured by bench/WatchBench.java.
        assertThat(run.exit()).as(run.stderr()).isEqualTo(130);
        assertThat(run.stderr()).contains("watch: Ctrl-C: stopping after the sample in flight (Ctrl-C again to exit now)").doesNotContain("samples (");
        List<String> lines = ReliabilityFixtures.lines(data);
        assertThat(lines).hasSize(1);
        assertThat(RecordCodec.parse(lines.get(0)).up()).isTrue();
    }

    /**
     * A target slower than the interval: every tick overruns by at least two intervals (the server waits 250 ms, the
     * interval is 100 ms), so at least one tick is skipped after each sample, counted in the status line and the
     * summary alike. The schedule's arithmetic itself is checked with a fake clock in {@link FixedRateScheduleTest}.
     */
    @Test
    void overrunningScrapesSkipTicksInsteadOfBursting(@TempDir Path dir) {
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        Watcher watcher = Scrapes.watcher(Scrapes.scraper(server.uri("/slow?ms=250").toString(), Duration.ofSeconds(5), 1 << 20),
                Duration.ofMillis(100), 6, dir, new PrintStream(status, true, StandardCharsets.UTF_8));
        Watcher.Summary summary = watcher.run();

        List<ScrapeRecord> records;
        try {
            records = ReliabilityFixtures.lines(dir).stream().map(RecordCodec::parse).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(records).hasSize(6).allSatisfy(r -> assertThat(r.up()).isTrue());
        assertThat(summary.samples()).isEqualTo(6);
        List<String> statusLines = status.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(statusLines).hasSize(6);
        long skippedInStatus = 0;
        for (int i = 0; i < records.size(); i++) {
            assertThat(statusLines.get(i)).as("status line of sample " + i).startsWith(records.get(i).ts() + " up=1 ");
            Matcher m = ScrapeFaultsTest.SKIPPED.matcher(statusLines.get(i));
            assertThat(m.find()).as("ticks skipped after sample " + i + ": " + statusLines.get(i)).isTrue();
            skippedInStatus += Long.parseLong(m.group(1));
        }
        assertThat(summary.skippedTicks()).isGreaterThanOrEqualTo(6).isEqualTo(skippedInStatus);
    }
}
