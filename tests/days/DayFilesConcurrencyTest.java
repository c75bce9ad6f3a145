package days;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import scrape.Watcher;
import support.Project;
import support.ReliabilityFixtures;
import support.Scrapes;

/**
 * Day files under concurrent writers and crashes: no line torn, interleaved or lost (issue "Nothing lost, nothing
 * torn, nobody let in", Files).
 */
class DayFilesConcurrencyTest {
    static final int APPENDERS = 4;
    static final int SCRAPES_EACH = 500;

    static Path exposition(Path dir) throws IOException {
        Path file = dir.resolve("metrics.txt");
        Files.writeString(file, ReliabilityFixtures.FaultyServer.METRICS);
        return file;
    }

    /**
     * 4 child JVMs × 500 scrapes of a file target, each JVM running the test-support main
     * {@link ReliabilityFixtures.Appender} (Scraper + DayFileAppender in a loop, as {@code scrape} does once per JVM, to keep
     * the run short), plus the real {@code watch} script at 50 ms, all appending to one data directory at once.
     */
    @Test
    void fourAppendersAndAWatchNeverTearOrLoseALine(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        String target = "file:" + exposition(dir);
        Process watch = ReliabilityFixtures.Scripts.start(ReliabilityFixtures.Scripts.command("watch",
                "--url", target, "--interval", "50ms", "--data-dir", data.toString()));
        List<Process> appenders = new ArrayList<>();
        for (int i = 0; i < APPENDERS; i++) {
            appenders.add(ReliabilityFixtures.Scripts.start(ReliabilityFixtures.Scripts.command(
                    ReliabilityFixtures.Appender.class.getName(), data.toString(), target, Integer.toString(SCRAPES_EACH))));
        }
        for (Process p : appenders) {
            Project.Run run = ReliabilityFixtures.Scripts.finish(p, Duration.ofSeconds(90));
            assertThat(run.exit()).as("appender stderr: " + run.stderr()).isZero();
        }
        ReliabilityFixtures.Scripts.signal(watch, "TERM");
        Project.Run watchRun = ReliabilityFixtures.Scripts.finish(watch, Duration.ofSeconds(30));
        assertThat(watchRun.exit()).as(watchRun.stderr()).isZero();
        long watchSamples = samplesInSummary(watchRun.stderr());
        assertThat(watchSamples).as("watch ran alongside").isPositive();

        List<String> lines = ReliabilityFixtures.lines(data);
        List<ScrapeRecord> records = lines.stream().map(RecordCodec::parse).toList();
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
            long before = newlines(data);
            Process watch = ReliabilityFixtures.Scripts.start(ReliabilityFixtures.Scripts.command("watch",
                    "--url", target, "--interval", "10ms", "--data-dir", data.toString()));
            // Killed at a random moment after its first whole record, however slowly its JVM started.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (newlines(data) <= before && watch.isAlive() && System.nanoTime() < deadline) Thread.sleep(10);
            Thread.sleep(random.nextInt(300));
            watch.destroyForcibly();
            assertThat(watch.waitFor(10, TimeUnit.SECONDS)).isTrue();
            ReliabilityFixtures.Scripts.finish(watch, Duration.ofSeconds(1));
            if (round % 4 == 1) {
                Path day = DayFiles.fileFor(data, Instant.now());
                // Only after a whole line: a round whose watch was killed before its first append leaves the last tail torn.
                if (Files.exists(day) && Files.readString(day).endsWith("\n")) {
                    List<String> existing = Files.readAllLines(day);
                    String whole = existing.get(existing.size() - 1);
                    String torn = whole.substring(0, 10 + random.nextInt(whole.length() - 20)) + "#" + round;
                    Files.writeString(day, torn, StandardOpenOption.APPEND);
                    tornTails.add(torn);
                }
            }
        }
        List<String> lines = ReliabilityFixtures.lines(data);
        int good = 0;
        for (String line : lines) {
            if (tornTails.contains(line)) continue; // a torn tail, alone on its line as it should be
            try {
                RecordCodec.parse(line);
            } catch (IllegalArgumentException e) { // any other damage, e.g. a torn tail glued to a good record
                throw new AssertionError("damaged line: " + line + "\ntorn tails left: " + tornTails, e);
            }
            good++;
        }
        assertThat(tornTails).as("torn tails were left").isNotEmpty();
        assertThat(lines.size() - good).isEqualTo(tornTails.size());
        assertThat(good).as("records written over 20 rounds, at least one each").isGreaterThanOrEqualTo(20);
    }

    @Test
    void appendAfterATornTailStartsAFreshLine(@TempDir Path dir) throws Exception {
        Instant ts = Instant.parse("2026-11-29T10:18:30.123Z");
        ScrapeRecord record = ScrapeRecord.failed(ts, "http://h:1/metrics", 3, null, -1, "connection refused by h:1");
        Path day = DayFiles.fileFor(dir, ts);
        Files.createDirectories(dir);
        Files.writeString(day, "{\"v\":1,\"ts\":\"2026-11-29T10:18:20");
        DayFileAppender.append(dir, record);
        assertThat(Files.readAllLines(day)).containsExactly("{\"v\":1,\"ts\":\"2026-11-29T10:18:20", RecordCodec.json(record));
    }

    @Test
    void dataDirUnderARegularFileNamesThePathAndTheCause(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path data = blocker.resolve("metrics");
        ScrapeRecord record = ScrapeRecord.failed(Instant.parse("2026-11-29T10:18:30Z"), "t", 1, null, -1, "e");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DayFileAppender.append(data, record)))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot create data directory " + data + ": Not a directory");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DayFileAppender.append(blocker, record)))
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
        java.io.ByteArrayOutputStream status = new java.io.ByteArrayOutputStream();
        Watcher watcher = Scrapes.watcher(Scrapes.scraper(target, Duration.ofSeconds(2), 1 << 20), Duration.ofMillis(50), 30, data,
                new java.io.PrintStream(status, true, StandardCharsets.UTF_8));
        Thread unblock = new Thread(() -> {
            try {
                awaitFailedWrite(status);
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
        List<ScrapeRecord> records = ReliabilityFixtures.lines(data).stream().map(RecordCodec::parse).toList();
        assertThat(records).hasSize(30);
        assertThat(records).isSortedAccordingTo(java.util.Comparator.comparing(ScrapeRecord::ts));
    }

    /**
     * A file size limit ({@code ulimit -f}, 2 KiB) stands in for a full disk anywhere: the real {@code watch} in a child
     * JVM writes what fits, names the file and the cause on stderr for each record it cannot write, leaves no torn line
     * (the part of a record that fitted is taken back), and ends with status 1 and the count not written.
     */
    @Test
    void fileSizeLimitReportsEveryRecordNotWrittenAndTearsNothing(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -f 2; exec \"$@\"", "bash"));
        cmd.addAll(ReliabilityFixtures.Scripts.command("watch", "--url", "file:" + exposition(dir), "--interval", "20ms",
                "--count", "30", "--data-dir", data.toString()));
        // Output through a pipe: the size limit would cut a file on disk short too.
        Process watch = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        java.util.concurrent.CompletableFuture<String> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(watch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!watch.waitFor(60, TimeUnit.SECONDS)) {
            watch.destroyForcibly();
            throw new AssertionError("watch under ulimit -f did not end within 60 s");
        }
        String log = output.get(10, TimeUnit.SECONDS);
        Path day = DayFiles.fileFor(data, Instant.now());
        assertThat(watch.exitValue()).as(log).isEqualTo(1);
        List<String> lines = ReliabilityFixtures.lines(data);
        lines.forEach(RecordCodec::parse);
        java.util.regex.Matcher notWritten = java.util.regex.Pattern.compile("(\\d+) records NOT WRITTEN").matcher(log);
        assertThat(notWritten.find()).as(log).isTrue();
        assertThat(lines.size() + Long.parseLong(notWritten.group(1))).isEqualTo(30);
        assertThat(lines.size()).isBetween(1, 29);
        assertThat(Files.size(day)).isLessThanOrEqualTo(2048);
        assertThat(log).contains("watch: cannot append to " + day + ": File too large; ");
    }

    /** Full (tmpfs of 64 KiB) and read-only (tmpfs mounted ro) data directories, then fixed while watch runs. Needs mount rights. */
    @Test
    void fullThenFreedAndReadOnlyThenWritableLoseNothing(@TempDir Path dir) throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        org.junit.jupiter.api.Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString()) == 0,
                "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN); the ulimit -f test covers the full disk");
        try {
            Path filler = mnt.resolve("filler");
            try (var out = Files.newOutputStream(filler)) {
                byte[] block = new byte[4096];
                for (int i = 0; i < 64; i++) out.write(block);
            } catch (IOException expected) {
                // ENOSPC: the tmpfs is full, as wanted
            }
            String log = watchWhile(mnt.resolve("data"), dir, () -> Files.delete(filler));
            assertThat(log).contains("watch: cannot append to " + DayFiles.fileFor(mnt.resolve("data"), Instant.now()) + ": No space left on device; ");

            Files.writeString(filler, "x");
            assertThat(run("mount", "-o", "remount,ro", mnt.toString())).isZero();
            log = watchWhile(mnt.resolve("ro-data"), dir, () -> assertThat(run("mount", "-o", "remount,rw", mnt.toString())).isZero());
            assertThat(log).contains("watch: cannot create data directory " + mnt.resolve("ro-data") + ": Read-only file system; ");
        } finally {
            run("umount", mnt.toString());
        }
    }

    interface Fix {
        void apply() throws Exception;
    }

    /**
     * Runs a Watcher of 40 samples at 50 ms into {@code data}, applies {@code fix} once the watcher has reported a failed
     * write (however slowly this machine runs it); checks nothing was lost.
     */
    static String watchWhile(Path data, Path dir, Fix fix) throws Exception {
        java.io.ByteArrayOutputStream status = new java.io.ByteArrayOutputStream();
        Watcher watcher = Scrapes.watcher(Scrapes.scraper("file:" + exposition(dir), Duration.ofSeconds(2), 1 << 20), Duration.ofMillis(50), 40, data,
                new java.io.PrintStream(status, true, StandardCharsets.UTF_8));
        java.util.concurrent.CompletableFuture<Void> fixed = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                awaitFailedWrite(status);
                fix.apply();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Watcher.Summary summary = watcher.run();
        fixed.get(10, TimeUnit.SECONDS);
        String log = status.toString(StandardCharsets.UTF_8);
        assertThat(summary.pending()).as(log).isZero();
        assertThat(summary.recordsLost()).isZero();
        List<ScrapeRecord> records = ReliabilityFixtures.lines(data).stream().map(RecordCodec::parse).toList();
        assertThat(records).hasSize(40);
        assertThat(records).isSortedAccordingTo(java.util.Comparator.comparing(ScrapeRecord::ts));
        return log;
    }

    static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    static long samplesInSummary(String stderr) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("watch: (\\d+) samples \\(").matcher(stderr);
        if (!m.find()) throw new AssertionError("no summary in: " + stderr);
        return Long.parseLong(m.group(1));
    }

    /** Line ends in the data directory's day files so far: whole records, plus any torn tail's newline. */
    private static long newlines(Path data) throws IOException {
        if (!Files.isDirectory(data)) return 0;
        long count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(data, "*.jsonl")) {
            for (Path file : files) {
                for (byte b : Files.readAllBytes(file)) if (b == '\n') count++;
            }
        }
        return count;
    }

    /** Waits until a watcher's status shows its first failed write ("watch: cannot ..."); at most a minute (a hang guard). */
    private static void awaitFailedWrite(java.io.ByteArrayOutputStream status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!status.toString(StandardCharsets.UTF_8).contains("watch: cannot ") && System.nanoTime() < deadline) Thread.sleep(5);
    }
}
