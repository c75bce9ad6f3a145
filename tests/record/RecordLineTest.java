package record;

import static org.assertj.core.api.Assertions.assertThat;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordCodec#line}: the bytes appended to a day file are the record's JSON as {@link RecordCodec#write}
 * streams it, plus a newline, whether the line is built in a growing buffer (small records) or measured first and
 * written into an array of its exact size (large ones, issue 14 section 4).
 */
class RecordLineTest {
    @Test
    void smallAndLargeRecordsGiveTheStreamedBytesAndANewline() throws Exception {
        for (int n : new int[] {0, 25, 19_999, 20_001, 50_000}) {
            SeriesMap series = new SeriesMap(n);
            for (int i = 0; i < n; i++) {
                series.addIfAbsent("req{p=\"/p" + i + "\",u=\"\u20ac\\\\ \uD83D\uDE00\"}", i % 7 == 0 ? Double.NaN : i * 0.1);
            }
            ScrapeRecord record = new ScrapeRecord(Instant.parse("2026-11-29T23:59:59.999Z"), "http://gw:9464/metrics", true, 12,
                    "prometheus", 1234, null, series, Map.of("req", "counter"), Map.of(), n % 2 == 0 ? "gw" : null);
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            RecordCodec.write(record, streamed);
            streamed.write('\n');

            byte[] line = RecordCodec.line(record);
            assertThat(line).as(n + " series").isEqualTo(streamed.toByteArray());
            assertThat(RecordCodec.parse(RecordCodec.json(record)).series()).as(n + " series read back").hasSize(n);
        }
    }
}
