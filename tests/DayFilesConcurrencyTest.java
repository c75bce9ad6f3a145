import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Day files under concurrent writers and crashes: no line torn, interleaved or lost (issue "Nothing lost, nothing
 * torn, nobody let in", Files).
 */
class DayFilesConcurrencyTest {
    static final int APPENDERS = 4;
    static final int SCRAPES_EACH = 500;

    static Path exposition(Path dir) throws IOException {
        Path file = dir.resolve("metrics.txt");
        Files.writeString(file, ReliabilityFixturesTest.FaultyServer.METRICS);
        return file;
    }

    /**
     * 4 child JVMs × 500 scrapes of a file target, each JVM running the test-support main
     * {@link ReliabilityFixturesTest.Appender} (Scraper + DayFiles in a loop, as {@code scrape} does once per JVM, to keep
     * the run short), plus the real {@code watch} script at 50 ms, all appending to one data directory at once.
     */
    @Test
    void fourAppendersAndAWatchNeverTearOrLoseALine(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        String target = "file:" + exposition(dir);
        Process watch = ReliabilityFixturesTest.Scripts.start(ReliabilityFixturesTest.Scripts.command("watch",
                "--url", target, "--interval", "50ms", "--data-dir", data.toString()));
        List<Process> appenders = new ArrayList<>();
        for (int i = 0; i < APPENDERS; i++) {
            appenders.add(ReliabilityFixturesTest.Scripts.start(ReliabilityFixturesTest.Scripts.command(
                    ReliabilityFixturesTest.Appender.class.getName(), data.toString(), target, Integer.toString(SCRAPES_EACH))));
        }
        for (Process p : appenders) {
            ReliabilityFixturesTest.Run run = ReliabilityFixturesTest.Scripts.finish(p, Duration.ofSeconds(90));
            assertThat(run.exit()).as("appender stderr: " + run.stderr()).isZero();
        }
        ReliabilityFixturesTest.Scripts.signal(watch, "TERM");
        ReliabilityFixturesTest.Run watchRun = ReliabilityFixturesTest.Scripts.finish(watch, Duration.ofSeconds(30));
        assertThat(watchRun.exit()).as(watchRun.stderr()).isZero();
        long watchSamples = samplesInSummary(watchRun.stderr());
        assertThat(watchSamples).as("watch ran alongside").isPositive();

        List<String> lines = ReliabilityFixturesTest.lines(data);
        List<ScrapeRecord> records = lines.stream().map(ScrapeRecord::parse).toList();
        assertThat(records).hasSize((int) (APPENDERS * SCRAPES_EACH + watchSamples));
        assertThat(records).allSatisfy(r -> assertThat(r.up()).as(r.error()).isTrue());
    }

    /**
     * {@code kill -9} (destroyForcibly) of a {@code watch} child JVM at a random moment, 20 rounds into one data
     * directory. A kill inside the write system call is too rare to hit by chance, so every few rounds the test also
     * leaves a torn tail the way such a kill would: the next append must start on a fresh line.
     */
    @Test
    void killedWatchLeavesAtMostATornLineThatIsNeverGluedToAGoodOne(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        String target = "file:" + exposition(dir);
        Random random = new Random(42);
        Set<String> tornTails = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            Process watch = ReliabilityFixturesTest.Scripts.start(ReliabilityFixturesTest.Scripts.command("watch",
                    "--url", target, "--interval", "10ms", "--data-dir", data.toString()));
            Thread.sleep(400 + random.nextInt(500));
            watch.destroyForcibly();
            assertThat(watch.waitFor(10, TimeUnit.SECONDS)).isTrue();
            ReliabilityFixturesTest.Scripts.finish(watch, Duration.ofSeconds(1));
            if (round % 4 == 1) {
                Path day = DayFiles.fileFor(data, Instant.now());
                if (Files.exists(day)) {
                    List<String> existing = Files.readAllLines(day);
                    String whole = existing.get(existing.size() - 1);
                    String torn = whole.substring(0, 10 + random.nextInt(whole.length() - 20)) + "#" + round;
                    Files.writeString(day, torn, StandardOpenOption.APPEND);
                    tornTails.add(torn);
                }
            }
        }
        List<String> lines = ReliabilityFixturesTest.lines(data);
        int good = 0;
        for (String line : lines) {
            if (tornTails.contains(line)) continue; // a torn tail, alone on its line as it should be
            ScrapeRecord.parse(line); // throws on any other damage, e.g. a torn tail glued to a good record
            good++;
        }
        assertThat(tornTails).as("torn tails were left").isNotEmpty();
        assertThat(lines.size() - good).isEqualTo(tornTails.size());
        assertThat(good).as("records written over 20 rounds").isGreaterThan(20);
    }

    @Test
    void appendAfterATornTailStartsAFreshLine(@TempDir Path dir) throws Exception {
        Instant ts = Instant.parse("2026-11-29T10:18:30.123Z");
        ScrapeRecord record = ScrapeRecord.failed(ts, "http://h:1/metrics", 3, null, -1, "connection refused by h:1");
        Path day = DayFiles.fileFor(dir, ts);
        Files.createDirectories(dir);
        Files.writeString(day, "{\"v\":1,\"ts\":\"2026-11-29T10:18:20");
        DayFiles.append(dir, record);
        assertThat(Files.readAllLines(day)).containsExactly("{\"v\":1,\"ts\":\"2026-11-29T10:18:20", record.toJson());
    }

    @Test
    void dataDirUnderARegularFileNamesThePathAndTheCause(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path data = blocker.resolve("metrics");
        ScrapeRecord record = ScrapeRecord.failed(Instant.parse("2026-11-29T10:18:30Z"), "t", 1, null, -1, "e");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DayFiles.append(data, record)))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot create data directory " + data + ": Not a directory");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DayFiles.append(blocker, record)))
                .hasMessage("cannot create data directory " + blocker + ": it exists and is not a directory");
    }

    /**
     * watch keeps the records it cannot write, says so on stderr at every tick, and writes them all, in order, once the
     * data directory can be created: nothing lost, nothing silent.
     */
    @Test
    void watchKeepsRecordsWhileTheDataDirIsUnwritableAndWritesThemLater(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        Path data = blocker.resolve("metrics");
        String target = "file:" + exposition(dir);
        Scraper.Settings settings = new Scraper.Settings(target, Duration.ofSeconds(2), Scraper.FormatChoice.AUTO, 1 << 20, Map.of());
        java.io.ByteArrayOutputStream status = new java.io.ByteArrayOutputStream();
        Watcher watcher = new Watcher(new Scraper(settings, Scraper.defaultClient(settings)), Duration.ofMillis(50), 30, data,
                new java.io.PrintStream(status, true, StandardCharsets.UTF_8));
        Thread unblock = new Thread(() -> {
            try {
                Thread.sleep(500);
                Files.delete(blocker);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        unblock.start();
        Watcher.Summary summary = watcher.run();
        unblock.join();
        String log = status.toString(StandardCharsets.UTF_8);
        long failedWrites = log.lines().filter(l -> l.startsWith("watch: cannot create data directory " + data + ": Not a directory")).count();
        assertThat(failedWrites).as(log).isPositive();
        assertThat(log).contains("record(s) kept, retrying at the next tick");
        assertThat(summary.pending()).isZero();
        assertThat(summary.recordsLost()).isZero();
        List<ScrapeRecord> records = ReliabilityFixturesTest.lines(data).stream().map(ScrapeRecord::parse).toList();
        assertThat(records).hasSize(30);
        assertThat(records).isSortedAccordingTo(java.util.Comparator.comparing(ScrapeRecord::ts));
    }

    static long samplesInSummary(String stderr) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("watch: (\\d+) samples \\(").matcher(stderr);
        if (!m.find()) throw new AssertionError("no summary in: " + stderr);
        return Long.parseLong(m.group(1));
    }
}
