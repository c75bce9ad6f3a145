package record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrapeRecordTest {
    private static final Instant TS = Instant.parse("2026-11-29T10:18:30.123Z");

    @Test
    void writesTheDocumentedLine() {
        Map<String, Double> series = new LinkedHashMap<>();
        series.put("coppice_sandboxes_alive", 3.0);
        series.put("coppice_sandbox_cpu_percent{sandbox=\"3f9a\"}", 12.5);
        series.put("x_bucket{le=\"+Inf\"}", Double.POSITIVE_INFINITY);
        series.put("y", Double.NaN);
        series.put("z", Double.NEGATIVE_INFINITY);
        series.put("big", 1e20);
        ScrapeRecord record = new ScrapeRecord(TS, "http://h:1/metrics", true, 12, "prometheus", 99, null,
                series, Map.of("coppice_sandboxes_alive", "gauge"), Map.of());
        assertThat(record.toJson()).isEqualTo("{\"v\":1,\"ts\":\"2026-11-29T10:18:30.123Z\",\"target\":\"http://h:1/metrics\","
                + "\"up\":1,\"scrape_ms\":12,\"format\":\"prometheus\",\"bytes\":99,\"series\":{\"coppice_sandboxes_alive\":3,"
                + "\"coppice_sandbox_cpu_percent{sandbox=\\\"3f9a\\\"}\":12.5,\"x_bucket{le=\\\"+Inf\\\"}\":\"+Inf\","
                + "\"y\":\"NaN\",\"z\":\"-Inf\",\"big\":1.0E20},\"types\":{\"coppice_sandboxes_alive\":\"gauge\"}}");
    }

    @Test
    void readsBackWhatItWrote() {
        Map<String, Double> series = new LinkedHashMap<>();
        series.put("a", -0.0);
        series.put("b", 0.1 + 0.2);
        series.put("c", 9007199254740993.0);
        series.put("d", Double.NaN);
        ScrapeRecord record = new ScrapeRecord(TS, "t", true, 1, "openmetrics", 5, null, series, Map.of(), Map.of("a", 1700000000123L));
        ScrapeRecord back = ScrapeRecord.parse(record.toJson());
        assertThat(back).isEqualTo(record);
        assertThat(1 / back.series().get("a")).isNegative();
    }

    @Test
    void failedScrapeHasErrorAndNoSeries() {
        ScrapeRecord failed = ScrapeRecord.failed(TS, "http://h/metrics", 10_000, null, -1, "connection refused");
        assertThat(failed.toJson()).isEqualTo("{\"v\":1,\"ts\":\"2026-11-29T10:18:30.123Z\",\"target\":\"http://h/metrics\","
                + "\"up\":0,\"scrape_ms\":10000,\"error\":\"connection refused\"}");
        assertThat(ScrapeRecord.parse(failed.toJson()).up()).isFalse();
    }

    @Test
    void badLinesSayWhatIsWrong() {
        assertThatThrownBy(() -> ScrapeRecord.parse("{\"v\":1,\"ts\":\"2026-11-29T10:18:30.123Z\",\"up\":1,\"series\":{\"a\":\"x\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid sample value \"x\"");
        assertThatThrownBy(() -> ScrapeRecord.parse("{\"v\":1,\"ts\":\"2026-11-29T10:18"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScrapeRecord.parse("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ScrapeRecord.parse("{\"v\":2,\"ts\":\"2026-11-29T10:18:30Z\",\"up\":1}"))
                .hasMessageContaining("version");
    }
}
