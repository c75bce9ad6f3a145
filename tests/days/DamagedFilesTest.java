package days;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.CompactRecord;
import record.RecordCodec;
import record.ScrapeRecord;
import support.Generated;

/** Issue 14, section 5: a damaged file costs only itself; a crash mid-merge loses and doubles nothing; long lines count once. */
class DamagedFilesTest {
    @TempDir
    Path data;

    private static final Instant AFTER_ALL = Instant.parse("2026-12-10T00:00:00Z");

    private List<String> lines(String date, int n) {
        List<String> out = new ArrayList<>();
        for (ScrapeRecord r : Generated.coppiceDay(Instant.parse(date + "T12:00:00Z"), n, Duration.ofSeconds(30), 1, "http://h:1/metrics")) {
            out.add(RecordCodec.json(r));
        }
        return out;
    }

    private static String text(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static byte[] gzip(String text) {
        return Generated.gzip(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<CompactRecord> read(DayFileReader reader) throws IOException {
        List<CompactRecord> out = new ArrayList<>();
        reader.read(data, out::add);
        return out;
    }

    @Test
    void aTruncatedGzipBesideLateAppendsNoLongerStopsRetentionForTheNextDays() throws IOException {
        List<String> early = lines("2026-11-26", 300);
        byte[] whole = gzip(text(early));
        Path damaged = data.resolve("2026-11-26.jsonl.gz");
        Files.write(damaged, Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(data.resolve("2026-11-26.jsonl"), text(lines("2026-11-26", 1).stream()
                .map(l -> l.replace("2026-11-26T12:00:00.000Z", "2026-11-26T23:59:59.000Z")).toList()));
        Files.write(data.resolve("2026-11-27.jsonl.gz"), new byte[0]); // an empty .gz, beside a late append
        Files.writeString(data.resolve("2026-11-27.jsonl"), text(lines("2026-11-27", 2)));
        List<String> next = lines("2026-11-28", 3);
        Files.writeString(data.resolve("2026-11-28.jsonl"), text(next));

        ByteArrayOutputStream status = new ByteArrayOutputStream();
        Retention.Result result = Retention.apply(data, null, Duration.ofHours(1), AFTER_ALL, new PrintStream(status, true, StandardCharsets.UTF_8));

        assertThat(result.compressed()).containsExactly(data.resolve("2026-11-28.jsonl.gz"));
        assertThat(result.failed()).hasSize(2);
        assertThat(result.failed().get(0)).contains(damaged.toString()).endsWith("; left the day as it is");
        assertThat(result.failed().get(1)).contains(data.resolve("2026-11-27.jsonl.gz").toString());
        assertThat(status.toString(StandardCharsets.UTF_8)).contains("retention: warning: cannot compress " + data.resolve("2026-11-26.jsonl"))
                .contains("retention: compressed " + data.resolve("2026-11-28.jsonl"));
        assertThat(Files.size(damaged)).isEqualTo(whole.length / 2);
        assertThat(data.resolve("2026-11-26.jsonl")).exists();
        assertThat(RetentionTest.linesOf(DayFiles.days(data, null, null).get(2))).isEqualTo(next);

        // The next run does the same, and no more: the damaged days stay readable as they were.
        Retention.Result again = Retention.apply(data, null, Duration.ofHours(1), AFTER_ALL, null);
        assertThat(again.failed()).hasSize(2);
        assertThat(again.compressed()).isEmpty();
    }

    @Test
    void theReaderKeepsWhatADamagedOrEmptyGzipLetsItReadAndNamesIt() throws IOException {
        List<String> early = lines("2026-11-27", 300);
        byte[] whole = gzip(text(early));
        Files.write(data.resolve("2026-11-27.jsonl.gz"), Arrays.copyOf(whole, whole.length / 2));
        Files.write(data.resolve("2026-11-28.jsonl.gz"), new byte[0]);
        Files.writeString(data.resolve("2026-11-29.jsonl"), text(lines("2026-11-29", 2)));

        DayFileReader reader = new DayFileReader(null, null, null, DayFileReaderTest.TIMES);
        List<CompactRecord> records = read(reader);

        assertThat(records.size()).isBetween(3, 301);
        assertThat(records.get(records.size() - 1).tsMillis()).isEqualTo(Instant.parse("2026-11-29T12:00:30Z").toEpochMilli());
        assertThat(reader.warnings()).hasSize(2);
        assertThat(reader.warnings().get(0)).startsWith("warning: cannot read " + data.resolve("2026-11-27.jsonl.gz") + ": ");
        assertThat(reader.warnings().get(1)).startsWith("warning: cannot read " + data.resolve("2026-11-28.jsonl.gz") + ": not a gzip file");
        assertThat(reader.malformed()).isZero();
    }

    @Test
    void aCrashBetweenRenamingAMergedGzipAndDeletingThePlainFileLosesAndDoublesNothing() throws IOException {
        List<String> all = lines("2026-11-28", 7);
        List<String> gzipped = all.subList(0, 3), late = all.subList(3, 5), afterCrash = all.subList(5, 7);
        // Before: the day was gzipped, then a late writer appended two records to a new plain file.
        // The merge wrote gzipped + late into the .gz and renamed it into place; then the process died before deleting
        // the plain file, and a writer appended two more records to it.
        Files.write(data.resolve("2026-11-28.jsonl.gz"), gzip(text(gzipped) + text(late)));
        Files.writeString(data.resolve("2026-11-28.jsonl"), text(late) + text(afterCrash));

        DayFiles.Sources sources = DayFiles.sources(DayFiles.days(data, null, null).get(0));
        assertThat(sources.files()).containsExactly(data.resolve("2026-11-28.jsonl.gz"), data.resolve("2026-11-28.jsonl"));
        assertThat(sources.skipLines()).isEqualTo(2);
        assertThat(RetentionTest.linesOf(DayFiles.days(data, null, null).get(0))).isEqualTo(all);
        DayFileReader reader = new DayFileReader(null, null, null, DayFileReaderTest.TIMES);
        assertThat(read(reader)).hasSize(7);
        assertThat(reader.malformed()).isZero();

        Retention.Result result = Retention.apply(data, null, Duration.ofHours(1), AFTER_ALL, null);
        assertThat(result.failed()).isEmpty();
        assertThat(data.resolve("2026-11-28.jsonl")).doesNotExist();
        assertThat(RetentionTest.linesOf(DayFiles.days(data, null, null).get(0))).isEqualTo(all);
    }

    @Test
    void aCrashAfterTheFirstCompressionWithLaterAppendsKeepsThemOnce() throws IOException {
        List<String> all = lines("2026-11-28", 4);
        Files.write(data.resolve("2026-11-28.jsonl.gz"), gzip(text(all.subList(0, 2))));
        Files.writeString(data.resolve("2026-11-28.jsonl"), text(all)); // the two compressed, then two appended after the crash
        assertThat(RetentionTest.linesOf(DayFiles.days(data, null, null).get(0))).isEqualTo(all);
        Retention.apply(data, null, Duration.ofHours(1), AFTER_ALL, null);
        assertThat(RetentionTest.linesOf(DayFiles.days(data, null, null).get(0))).isEqualTo(all);
    }

    @Test
    void aLineLongerThanTheLimitIsOneMalformedLineWithItsSize() throws IOException {
        List<String> day = lines("2026-11-29", 2);
        long size = DayFiles.MAX_LINE_BYTES + (5L << 20) + 123; // more than one buffer's worth past the limit
        Path file = data.resolve("2026-11-29.jsonl");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write((day.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'x');
            for (long left = size; left > 0; left -= chunk.length) out.write(chunk, 0, (int) Math.min(chunk.length, left));
            out.write(("\n" + day.get(1) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        DayFileReader reader = new DayFileReader(null, null, null, DayFileReaderTest.TIMES);
        assertThat(read(reader)).hasSize(2);
        assertThat(reader.malformed()).isEqualTo(1);
        assertThat(reader.lines()).isEqualTo(3);
        assertThat(reader.malformedWarning()).isEqualTo("warning: skipped 1 malformed line: 2026-11-29.jsonl:2: "
                + String.format(java.util.Locale.ROOT, "a line of %,d bytes, longer than the 128 MiB a record may have; skipped", size));

        try (RecordLines in = new RecordLines(file, 0)) {
            assertThat(in.next()).isEqualTo(day.get(0));
            assertThat(in.next()).isSameAs(RecordLines.TOO_LONG);
            assertThat(in.tooLongBytes()).isEqualTo(size);
            assertThat(in.lineNo()).isEqualTo(2);
            assertThat(in.next()).isEqualTo(day.get(1));
            assertThat(in.next()).isNull();
        }
    }

    @Test
    void aLongLineThatEndsTheFileWithoutANewlineIsCountedOnce() throws IOException {
        Path file = data.resolve("2026-11-29.jsonl");
        byte[] tail = new byte[DayFiles.MAX_LINE_BYTES + 10];
        Arrays.fill(tail, (byte) 'y');
        Files.write(file, tail);
        DayFileReader reader = new DayFileReader(null, null, null, DayFileReaderTest.TIMES);
        assertThat(read(reader)).isEmpty();
        assertThat(reader.malformed()).isEqualTo(1);
        assertThat(reader.malformedWarning()).contains(String.format(java.util.Locale.ROOT, "a line of %,d bytes", tail.length));
    }
}
