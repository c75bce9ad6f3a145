package days;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.CompactRecord;
import record.ScrapeRecord;

/**
 * Issue 14, section 8: a day file made append-only ({@code chattr +a}) still takes records, and a torn last line is
 * repaired by appending. {@code chattr} needs root and a file system with attributes: the tests are skipped when it
 * is not installed or not permitted; with {@code COPPICE_REQUIRE_TOOLS=1} any other failure of an installed chattr
 * fails them.
 */
class AppendOnlyTest {
    @TempDir
    Path data;

    private final List<Path> appendOnly = new ArrayList<>();

    @AfterEach
    void clearAttributes() throws Exception {
        for (Path file : appendOnly) chattr("-a", file); // else the temp folder cannot be deleted
    }

    private static ScrapeRecord record(String ts, double v) {
        return new ScrapeRecord(Instant.parse(ts), "http://h:1/metrics", true, 3, "prometheus", 10, null, Map.of("g", v), Map.of("g", "gauge"), Map.of());
    }

    /** Runs chattr; null when it worked, else its output. */
    private static String chattr(String flag, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? null : output;
    }

    /** Makes {@code file} append-only, or skips the test (see the class comment). */
    private void makeAppendOnly(Path file) throws Exception {
        String failure;
        try {
            failure = chattr("+a", file);
        } catch (IOException notInstalled) {
            Assumptions.abort("skipped: chattr is not installed");
            return;
        }
        if (failure == null) {
            appendOnly.add(file);
            return;
        }
        boolean notPermitted = failure.contains("Operation not permitted");
        if (!notPermitted && "1".equals(System.getenv("COPPICE_REQUIRE_TOOLS"))) throw new AssertionError("chattr +a " + file + " failed: " + failure);
        Assumptions.abort("skipped: chattr +a failed: " + failure);
    }

    private List<CompactRecord> read() throws IOException {
        List<CompactRecord> out = new ArrayList<>();
        new DayFileReader(null, null, null, DayFileReaderTest.TIMES).read(data, out::add);
        return out;
    }

    @Test
    void anAppendOnlyDayFileTakesRecords() throws Exception {
        Path file = DayFileAppender.append(data, record("2026-11-29T10:00:00Z", 1));
        makeAppendOnly(file);
        DayFileAppender.append(data, record("2026-11-29T10:00:30Z", 2));
        DayFileAppender.append(data, record("2026-11-29T10:01:00Z", 3));
        assertThat(read()).extracting(r -> r.values()[0]).containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void aTornLastLineOfAnAppendOnlyFileIsEndedByAppending() throws Exception {
        Path file = DayFileAppender.append(data, record("2026-11-29T10:00:00Z", 1));
        Files.writeString(file, "{\"v\":1,\"ts\":\"2026-11-29T10:00:1", java.nio.file.StandardOpenOption.APPEND); // a writer killed mid-line
        makeAppendOnly(file);
        DayFileAppender.append(data, record("2026-11-29T10:00:30Z", 2));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).isEqualTo("{\"v\":1,\"ts\":\"2026-11-29T10:00:1");
        DayFileReader reader = new DayFileReader(null, null, null, DayFileReaderTest.TIMES);
        List<CompactRecord> records = new ArrayList<>();
        reader.read(data, records::add);
        assertThat(records).extracting(r -> r.values()[0]).containsExactly(1.0, 2.0);
        assertThat(reader.malformed()).isEqualTo(1);
    }

    @Test
    void retentionLeavesAnAppendOnlyDayAsItIsAndGoesOn() throws Exception {
        Path kept = DayFileAppender.append(data, record("2026-11-27T10:00:00Z", 1));
        DayFileAppender.append(data, record("2026-11-28T10:00:00Z", 2));
        makeAppendOnly(kept);
        Retention.Result result = Retention.apply(data, null, Duration.ofHours(1), Instant.parse("2026-12-01T00:00:00Z"), null);
        assertThat(result.failed()).singleElement().asString().startsWith("cannot compress " + kept + ": ");
        assertThat(result.compressed()).containsExactly(data.resolve("2026-11-28.jsonl.gz"));
        assertThat(read()).extracting(r -> r.values()[0]).containsExactly(1.0, 2.0);
    }

    @Test
    void withoutTheAttributeAppendsStillRepairATornLineAndWork() throws IOException {
        // Runs everywhere: the O_APPEND path on an ordinary file.
        Path file = DayFileAppender.append(data, record("2026-11-29T10:00:00Z", 1));
        Files.writeString(file, "torn", java.nio.file.StandardOpenOption.APPEND);
        DayFileAppender.append(data, record("2026-11-29T10:00:30Z", 2));
        assertThat(Files.readAllLines(file)).hasSize(3).element(1).isEqualTo("torn");
        assertThat(read()).extracting(r -> r.values()[0]).containsExactly(1.0, 2.0);
    }
}
