package days;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import record.CompactRecord;
import record.RecordCodec;
import record.ScrapeRecord;

/** Issue 14, section 4: a record that scrape accepts with its default --max-bytes is a line every reader takes. */
class LineLimitTest {
    @TempDir
    Path data;

    /** JSON escapes a control byte in 6 bytes: the longest line a 16 MiB body can make. */
    @Test
    void aBodyOfControlBytesWithinTheDefaultLimitIsALineTheReadersTake() throws IOException {
        String value = "\u0001".repeat(16 << 20).substring(64); // room for the name and braces within 16 MiB
        ScrapeRecord record = new ScrapeRecord(Instant.parse("2026-11-29T12:00:00Z"), "http://127.0.0.1:1/metrics", true, 5, "prometheus",
                16L << 20, null, Map.of("c{v=\"" + value + "\"}", 1.0), Map.of("c", "gauge"), Map.of());

        int lineBytes = RecordCodec.line(record).length;
        Path file = DayFileAppender.append(data, record);
        List<CompactRecord> read = new ArrayList<>();
        DayFileReader reader = new DayFileReader(null, null, null, DayFileReaderTest.TIMES);
        reader.read(data, read::add);

        assertThat(lineBytes).isGreaterThan(96_000_000).isLessThanOrEqualTo(DayFiles.MAX_LINE_BYTES);
        assertThat(Files.size(file)).isEqualTo(lineBytes);
        assertThat(reader.malformed()).isZero();
        assertThat(read).hasSize(1);
        assertThat(read.get(0).up()).isTrue();
    }

    @Test
    void aRecordTooLongToReadIsWrittenAsAFailedScrapeThatSaysWhy() {
        ScrapeRecord record = new ScrapeRecord(Instant.parse("2026-11-29T12:00:00Z"), "http://127.0.0.1:1/metrics", true, 5, "prometheus",
                300L << 20, null, Map.of("g", 1.0), Map.of("g", "gauge"), Map.of(), "gw1");

        ScrapeRecord written = DayFileAppender.tooLong(record, 200_000_000L);

        assertThat(written.up()).isFalse();
        assertThat(written.series()).isEmpty();
        assertThat(written.ts()).isEqualTo(record.ts());
        assertThat(written.instance()).isEqualTo("gw1");
        assertThat(written.bytes()).isEqualTo(300L << 20);
        assertThat(written.error()).isEqualTo("the record of this scrape would be a line of 200,000,000 bytes, longer than the 128 MiB "
                + "that render and export read; lower --max-bytes");
    }
}
