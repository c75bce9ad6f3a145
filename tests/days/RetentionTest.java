package days;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.RecordCodec;
import record.ScrapeRecord;
import support.Generated;

class RetentionTest {
    @TempDir
    Path data;

    static final Duration GRACE = Duration.ofHours(1);

    /** Writes {@code n} records of the day starting at noon and returns their lines. */
    private List<String> day(String date, int n) throws IOException {
        List<String> lines = new ArrayList<>();
        for (ScrapeRecord r : Generated.coppiceDay(Instant.parse(date + "T12:00:00Z"), n, Duration.ofSeconds(30), 2, "http://h:1/metrics")) {
            DayFileAppender.append(data, r);
            lines.add(RecordCodec.json(r));
        }
        return lines;
    }

    private static List<String> readDay(Path data, String date) throws IOException {
        return linesOf(DayFiles.days(data, null, null).stream().filter(d -> d.date().toString().equals(date)).findFirst().orElseThrow());
    }

    /** The non-blank lines of a day, as every reader of days reads them: the files {@link DayFiles#sources} names. */
    static List<String> linesOf(DayFiles.Day day) throws IOException {
        DayFiles.Sources sources = DayFiles.sources(day);
        assertThat(sources.warning()).isNull();
        List<String> lines = new ArrayList<>();
        for (Path file : sources.files()) {
            try (RecordLines in = new RecordLines(file, sources.skipLinesOf(file))) {
                for (String line; (line = in.next()) != null; ) if (!line.isBlank()) lines.add(line);
                assertThat(in.failure()).isNull();
            }
        }
        return lines;
    }

    private static String gunzip(Path gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void gzip(Path gz, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void deletesBothFormsOfDaysOlderThanTheWindowAndKeepsTheRest() throws IOException {
        day("2026-08-01", 2);
        day("2026-08-02", 2);
        day("2026-11-28", 2);
        gzip(data.resolve("2026-07-30.jsonl.gz"), "{}\n");
        Files.writeString(data.resolve("notes.txt"), "mine");

        // 90 days before 2026-10-31T00:00Z is 2026-08-02T00:00Z: the days that ended by then go.
        Retention.Result result = Retention.apply(data, Duration.ofDays(90), null, Instant.parse("2026-10-31T00:00:00Z"), null);

        assertThat(result.deleted()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("2026-07-30.jsonl.gz", "2026-08-01.jsonl");
        assertThat(data.resolve("2026-08-02.jsonl")).exists();
        assertThat(data.resolve("2026-11-28.jsonl")).exists();
        assertThat(data.resolve("notes.txt")).exists();
    }

    @Test
    void compressesOnlyDaysClosedForTheGraceAndNeverToday() throws IOException {
        List<String> yesterday = day("2026-11-28", 5);
        day("2026-11-29", 3);
        String original = Files.readString(data.resolve("2026-11-28.jsonl"));

        Retention.Result early = Retention.apply(data, null, GRACE, Instant.parse("2026-11-29T00:30:00Z"), null);
        assertThat(early.compressed()).isEmpty();
        assertThat(data.resolve("2026-11-28.jsonl")).exists();

        Retention.Result later = Retention.apply(data, null, Duration.ZERO, Instant.parse("2026-11-29T23:59:59Z"), null);
        assertThat(later.compressed()).extracting(p -> p.getFileName().toString()).containsExactly("2026-11-28.jsonl.gz");
        assertThat(data.resolve("2026-11-28.jsonl")).doesNotExist();
        assertThat(data.resolve("2026-11-29.jsonl")).exists();
        assertThat(gunzip(data.resolve("2026-11-28.jsonl.gz"))).isEqualTo(original);
        assertThat(readDay(data, "2026-11-28")).isEqualTo(yesterday);
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "2026-11-28.jsonl.gz", "2026-11-29.jsonl", ".retention.lock");
        }
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheDayAsItWasAndTheNextRunRedoesIt() throws IOException {
        List<String> lines = day("2026-11-28", 4);
        Files.writeString(data.resolve(".2026-11-28.jsonl.gz.tmp"), "half a gzip stream"); // what a crash mid-write leaves

        assertThat(readDay(data, "2026-11-28")).isEqualTo(lines);
        Retention.apply(data, null, GRACE, Instant.parse("2026-11-30T00:00:00Z"), null);

        assertThat(readDay(data, "2026-11-28")).isEqualTo(lines);
        assertThat(data.resolve(".2026-11-28.jsonl.gz.tmp")).doesNotExist();
        assertThat(data.resolve("2026-11-28.jsonl")).doesNotExist();
    }

    @Test
    void aCrashAfterTheRenameIsReadOnceAndRedoneSafely() throws IOException {
        List<String> lines = day("2026-11-28", 4);
        Path plain = data.resolve("2026-11-28.jsonl");
        gzip(data.resolve("2026-11-28.jsonl.gz"), Files.readString(plain)); // renamed, plain not yet deleted

        assertThat(readDay(data, "2026-11-28")).isEqualTo(lines);
        Retention.apply(data, null, GRACE, Instant.parse("2026-11-30T00:00:00Z"), null);

        assertThat(plain).doesNotExist();
        assertThat(readDay(data, "2026-11-28")).isEqualTo(lines);
    }

    @Test
    void recordsAppendedAfterCompressionAreReadAndMergedInOrder() throws IOException {
        List<String> early = day("2026-11-28", 3);
        Retention.apply(data, null, GRACE, Instant.parse("2026-11-30T00:00:00Z"), null);
        List<String> late = new ArrayList<>();
        for (ScrapeRecord r : Generated.coppiceDay(Instant.parse("2026-11-28T18:00:00Z"), 2, Duration.ofSeconds(30), 2, "http://h:1/metrics")) {
            DayFileAppender.append(data, r); // a writer catching up on records kept while the disk was full
            late.add(RecordCodec.json(r));
        }
        List<String> all = new ArrayList<>(early);
        all.addAll(late);

        assertThat(readDay(data, "2026-11-28")).isEqualTo(all);
        Retention.apply(data, null, GRACE, Instant.parse("2026-11-30T00:00:00Z"), null);
        assertThat(data.resolve("2026-11-28.jsonl")).doesNotExist();
        assertThat(readDay(data, "2026-11-28")).isEqualTo(all);
    }

    @Test
    void anEmptyPlainFileBesideTheGzipNeverReplacesTheDay() throws IOException {
        List<String> lines = day("2026-11-28", 3);
        Retention.apply(data, null, GRACE, Instant.parse("2026-11-30T00:00:00Z"), null);
        Files.writeString(data.resolve("2026-11-28.jsonl"), ""); // a late append that failed (disk full) and was taken back

        assertThat(readDay(data, "2026-11-28")).isEqualTo(lines);
        Retention.apply(data, null, GRACE, Instant.parse("2026-11-30T00:00:00Z"), null);

        assertThat(data.resolve("2026-11-28.jsonl")).doesNotExist();
        assertThat(readDay(data, "2026-11-28")).isEqualTo(lines);
    }

    @Test
    void aDayWhoseGzipIsNotReadableIsLeftAsItIs() throws IOException {
        day("2026-11-28", 2);
        Files.writeString(data.resolve("2026-11-28.jsonl.gz"), "not gzip");

        Retention.Result result = Retention.apply(data, null, GRACE, Instant.parse("2026-11-30T00:00:00Z"), null);
        assertThat(result.failed()).singleElement().asString()
                .startsWith("cannot compress " + data.resolve("2026-11-28.jsonl") + ": cannot read " + data.resolve("2026-11-28.jsonl.gz"))
                .endsWith("; left the day as it is");
        assertThat(Files.readString(data.resolve("2026-11-28.jsonl.gz"))).isEqualTo("not gzip");
        assertThat(data.resolve("2026-11-28.jsonl")).exists();
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "2026-11-28.jsonl.gz", "2026-11-28.jsonl", ".retention.lock");
        }
    }

    @Test
    void aSecondRunWhileOneHoldsTheLockDoesNothing() throws IOException {
        day("2026-11-28", 2);
        try (FileChannel channel = FileChannel.open(data.resolve(".retention.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // Another process's lock (POSIX locks are per process: in this JVM a second lock on the file would throw).
            Path holderSource = data.resolveSibling(data.getFileName() + "-LockHolder.java");
            // The child says when it holds the lock and keeps it until its standard input closes: the test waits for
            // what the child says, not for a time, so a slow machine only makes it slower.
            Files.writeString(holderSource, "import java.nio.channels.*; import java.nio.file.*;\n"
                    + "public class LockHolder { public static void main(String[] a) throws Exception {\n"
                    + "  try (FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE); FileLock l = c.lock()) {\n"
                    + "    System.out.println(\"locked\"); System.out.flush(); while (System.in.read() >= 0) {} } } }\n");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process holder = new ProcessBuilder(java, holderSource.toString(), data.resolve(".retention.lock").toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (java.io.BufferedReader said = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8))) {
                assertThat(said.readLine()).as("what the lock-holding child process said").isEqualTo("locked");
                try (FileLock probe = channel.tryLock()) {
                    assertThat(probe).as("the child's lock, seen from here").isNull();
                }
                Retention.Result result = Retention.apply(data, Duration.ofDays(1), GRACE, Instant.parse("2026-12-30T00:00:00Z"), null);
                assertThat(result.skipped()).isTrue();
                assertThat(data.resolve("2026-11-28.jsonl")).exists();
            } finally {
                holder.getOutputStream().close();
                holder.destroyForcibly();
                Files.deleteIfExists(holderSource);
            }
        }
    }
}
