package record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
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
        assertThat(RecordCodec.json(record)).isEqualTo("{\"v\":1,\"ts\":\"2026-11-29T10:18:30.123Z\",\"target\":\"http://h:1/metrics\","
                + "\"up\":1,\"scrape_ms\":12,\"format\":\"prometheus\",\"bytes\":99,\"series\":{\"coppice_sandboxes_alive\":3,"
                + "\"coppice_sandbox_cpu_percent{sandbox=\\\"3f9a\\\"}\":12.5,\"x_bucket{le=\\\"+Inf\\\"}\":\"+Inf\","
                + "\"y\":\"NaN\",\"z\":\"-Inf\",\"big\":100000000000000000000},\"types\":{\"coppice_sandboxes_alive\":\"gauge\"}}");
    }

    @Test
    void readsBackWhatItWrote() {
        Map<String, Double> series = new LinkedHashMap<>();
        series.put("a", -0.0);
        series.put("b", 0.1 + 0.2);
        series.put("c", 9007199254740993.0);
        series.put("d", Double.NaN);
        ScrapeRecord record = new ScrapeRecord(TS, "t", true, 1, "openmetrics", 5, null, series, Map.of(), Map.of("a", 1700000000123L));
        ScrapeRecord back = RecordCodec.parse(RecordCodec.json(record));
        assertThat(back).isEqualTo(record);
        assertThat(1 / back.series().get("a")).isNegative();
    }

    /** Issue 10's values and more: written in the shortest digits, read back exactly by both readers. */
    @Test
    void valuesAreWrittenInTheShortestDigitsAndReadBackExactly() {
        double[] values = {1764410400.5, 1764410400.5 + 60 * 599, 100000.25, 100000.75, 1 / 3.0, 0.1 + 0.2, 1e23, 8.41e21, Double.MIN_VALUE, -Double.MAX_VALUE};
        String[] written = {"1764410400.5", "1764446340.5", "100000.25", "100000.75", "0.3333333333333333", "0.30000000000000004",
                "1e+23", "8.41e+21", "5e-324", "-1.7976931348623157e+308"};
        Map<String, Double> series = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) series.put("s" + i, values[i]);
        String line = RecordCodec.json(new ScrapeRecord(TS, "t", true, 1, "prometheus", 5, null, series, Map.of(), Map.of()));
        for (int i = 0; i < values.length; i++) assertThat(line).contains("\"s" + i + "\":" + written[i] + (i + 1 < values.length ? "," : "}"));
        assertThat(RecordCodec.parse(line).series()).isEqualTo(series);
        byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CompactRecord compact = new CompactRecordReader(1 << 20).read(bytes, 0, bytes.length, new java.util.HashMap<>());
        for (int i = 0; i < values.length; i++) assertThat(compact.values()[i]).as(compact.keys()[i]).isEqualTo(values[i]);
    }

    @Test
    void failedScrapeHasErrorAndNoSeries() {
        ScrapeRecord failed = ScrapeRecord.failed(TS, "http://h/metrics", 10_000, null, -1, "connection refused");
        assertThat(RecordCodec.json(failed)).isEqualTo("{\"v\":1,\"ts\":\"2026-11-29T10:18:30.123Z\",\"target\":\"http://h/metrics\","
                + "\"up\":0,\"scrape_ms\":10000,\"error\":\"connection refused\"}");
        assertThat(RecordCodec.parse(RecordCodec.json(failed)).up()).isFalse();
    }

    @Test
    void badLinesSayWhatIsWrong() {
        assertThatThrownBy(() -> RecordCodec.parse("{\"v\":1,\"ts\":\"2026-11-29T10:18:30.123Z\",\"up\":1,\"series\":{\"a\":\"x\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid sample value \"x\"");
        assertThatThrownBy(() -> RecordCodec.parse("{\"v\":1,\"ts\":\"2026-11-29T10:18"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordCodec.parse("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> RecordCodec.parse("{\"v\":2,\"ts\":\"2026-11-29T10:18:30Z\",\"up\":1}"))
                .hasMessageContaining("version");
    }

    @Test
    void fieldsOfTheWrongTypeAreNamed() {
        String head = "{\"v\":1,\"ts\":\"2026-11-29T10:18:30.123Z\",";
        assertThatThrownBy(() -> RecordCodec.parse(head + "\"up\":2}")).hasMessage("\"up\" is not 0 or 1");
        assertThatThrownBy(() -> RecordCodec.parse(head + "\"up\":0,\"target\":1}")).hasMessage("\"target\" is not a string");
        assertThatThrownBy(() -> RecordCodec.parse(head + "\"up\":0,\"scrape_ms\":\"1\"}")).hasMessage("\"scrape_ms\" is not an integer");
        assertThatThrownBy(() -> RecordCodec.parse(head + "\"up\":1,\"series\":[]}")).hasMessage("\"series\" is not an object");
        assertThatThrownBy(() -> RecordCodec.parse("{\"v\":1,\"up\":1}")).hasMessage("missing \"ts\" or \"up\"");
        assertThatThrownBy(() -> RecordCodec.parse("{\"v\":1,\"ts\":\"2026-13-29T10:18:30.123Z\",\"up\":1}"))
                .hasMessageStartingWith("invalid \"ts\" \"2026-13-29T10:18:30.123Z\"");
    }

    @Test
    void readsAnyFieldOrderAndSkipsUnknownFields() {
        ScrapeRecord r = RecordCodec.parse("{ \"up\": 1, \"extra\": {\"x\": [1]}, \"series\": {\"a\": \"+Inf\"}, \"v\": 1, \"ts\": \"2026-11-29T11:18:30+01:00\" }");
        assertThat(r.ts()).isEqualTo(Instant.parse("2026-11-29T10:18:30Z"));
        assertThat(r.series()).containsExactly(Map.entry("a", Double.POSITIVE_INFINITY));
        assertThat(r.bytes()).isEqualTo(-1);
    }

    @Test
    void aDownRecordHasNoSeries() {
        assertThat(RecordCodec.parse("{\"v\":1,\"ts\":\"2026-11-29T10:18:30.123Z\",\"up\":0,\"series\":{\"a\":1}}").series()).isEmpty();
    }

    @Test
    void parsesOtherRfc3339FormsOfTheTimestamp() {
        assertThat(RecordCodec.parseTimestamp("2026-11-29T10:18:30.123Z")).isEqualTo(Instant.parse("2026-11-29T10:18:30.123Z").toEpochMilli());
        assertThat(RecordCodec.parseTimestamp("2026-11-29T11:18:30+01:00")).isEqualTo(Instant.parse("2026-11-29T10:18:30Z").toEpochMilli());
        assertThat(RecordCodec.parseTimestamp("2026-11-29T10:18:30.123456Z")).isEqualTo(Instant.parse("2026-11-29T10:18:30.123Z").toEpochMilli());
        assertThatThrownBy(() -> RecordCodec.parseTimestamp("2026-02-30T10:18:30.123Z")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordCodec.parseTimestamp("yesterday")).hasMessageContaining("expected an RFC 3339 timestamp");
    }

    @Test
    void oldKeysWithEmptyLabelsAreReadCanonicalWithTheirTimestamps() {
        ScrapeRecord r = RecordCodec.parse("{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":1,\"scrape_ms\":3,"
                + "\"series\":{\"a{x=\\\"\\\"}\":1,\"a\":2,\"b{x=\\\"1\\\",y=\\\"\\\"}\":3},"
                + "\"timestamps\":{\"a{x=\\\"\\\"}\":1000,\"b{x=\\\"1\\\",y=\\\"\\\"}\":2000}}");
        assertThat(r.series()).containsExactly(Map.entry("a", 1.0), Map.entry("b{x=\"1\"}", 3.0));
        assertThat(r.timestamps()).containsExactly(Map.entry("a", 1000L), Map.entry("b{x=\"1\"}", 2000L));
    }
}
