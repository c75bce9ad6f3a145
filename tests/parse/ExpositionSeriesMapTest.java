package parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import record.RecordCodec;
import record.ScrapeRecord;
import record.SeriesMap;

/** The parser's compact series map behaves as a read-only, insertion-ordered Map. */
class ExpositionSeriesMapTest {
    @Test
    void keepsInsertionOrderAndFirstValueWhileGrowingPastItsSize() {
        SeriesMap map = new SeriesMap(2);
        LinkedHashMap<String, Double> reference = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            String key = "m{i=\"" + (i * 7919 % 5_000) + "\"}";
            int held = map.addIfAbsent(key, i);
            assertThat(held).isEqualTo(-1);
            reference.put(key, (double) i);
        }
        assertThat(map.addIfAbsent("m{i=\"7\"}", -1.0)).isEqualTo(map.indexOf("m{i=\"7\"}"));
        assertThat(map.get("m{i=\"7\"}")).isEqualTo(reference.get("m{i=\"7\"}"));
        assertThat(map).containsExactlyEntriesOf(reference);
        assertThat(map).isEqualTo(reference);
        assertThat(map.hashCode()).isEqualTo(reference.hashCode());
        List<String> keys = new ArrayList<>();
        map.forEach((k, v) -> keys.add(k));
        assertThat(keys).containsExactlyElementsOf(reference.keySet());
        assertThat(map.keyAt(4_999)).isEqualTo("m{i=\"" + (4_999 * 7919 % 5_000) + "\"}");
        assertThat(map.valueAt(4_999)).isEqualTo(4_999.0);
    }

    @Test
    void answersMissingKeysAndRefusesChanges() {
        SeriesMap map = new SeriesMap(0);
        map.addIfAbsent("a", Double.NaN);
        assertThat(map.get("b")).isNull();
        assertThat(map.get(42)).isNull();
        assertThat(map.containsKey("a")).isTrue();
        assertThat(map.get("a")).isNaN();
        assertThat(map.indexOf("b")).isEqualTo(-1);
        assertThatThrownBy(() -> map.put("b", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.keyAt(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue(2.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aRecordOfTheCompactMapIsWrittenAsJacksonWritesAnyOtherMap() {
        // ScrapeRecord reads the compact map's arrays and any other map through its entries.
        SeriesMap compact = new SeriesMap(4);
        double[] values = {0, -0.0, 1, -1, 0.1, 1e-7, 1e21, 0x1p53, 0x1p53 - 1, -0x1p53 + 1, 123.45678901234567,
                Double.MIN_VALUE, Double.MAX_VALUE, -1.5e300, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 4.35, 1e16, 9.999999999999999e22};
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) controls.append(c);
        String[] labelValues = {"plain", "q\"uote", "back\\slash", controls.toString(), "del\u007f", "héllo ✓",
                "emoji \ud83d\ude00", "/slash/", "tab\tand\nnewline", "x".repeat(70_000)};
        for (int i = 0; i < values.length; i++) {
            compact.addIfAbsent("m{l=\"" + labelValues[i % labelValues.length] + "\",i=\"" + i + "\"}", values[i]);
        }
        java.time.Instant ts = java.time.Instant.parse("2026-11-29T10:18:30.123Z");
        ScrapeRecord fast = new ScrapeRecord(ts, "http://h:1/metrics", true, 12, "prometheus", 99, null, compact,
                Map.of("m", "gauge"), Map.of("m{i=\"0\"}", 5L));
        ScrapeRecord generic = new ScrapeRecord(ts, "http://h:1/metrics", true, 12, "prometheus", 99, null,
                new LinkedHashMap<>(compact), Map.of("m", "gauge"), Map.of("m{i=\"0\"}", 5L));
        String fastJson = RecordCodec.json(fast);
        String genericJson = RecordCodec.json(generic);
        int at = 0;
        while (at < Math.min(fastJson.length(), genericJson.length()) && fastJson.charAt(at) == genericJson.charAt(at)) at++;
        assertThat(at).as("first difference, compact: %s, generic: %s", around(fastJson, at), around(genericJson, at))
                .isEqualTo(genericJson.length()).isEqualTo(fastJson.length());
        // Jackson's escapes, and characters beyond U+FFFF as UTF-8 (not as escaped surrogates), as before streaming.
        assertThat(fastJson).contains("\\u001F", "\\b", "\"NaN\"", ":-0.0,", "emoji \ud83d\ude00\\\"", "del\u007f");
        assertThat(RecordCodec.line(fast)).isEqualTo((RecordCodec.json(generic) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ScrapeRecord back = RecordCodec.parse(RecordCodec.json(fast));
        assertThat(back.series()).isEqualTo(generic.series());
        assertThat(back.timestamps()).isEqualTo(generic.timestamps());
    }

    private static String around(String text, int at) {
        return text.substring(Math.max(0, at - 30), Math.min(text.length(), at + 30));
    }

    @Test
    void theParserHandsOutTheCompactMapWithDuplicatesDropped() throws Exception {
        Exposition e = ExpositionParser.parse("a 1\nb 2\na 3\n", ExpositionFormat.PROMETHEUS);
        assertThat(e.series()).isInstanceOf(SeriesMap.class)
                .containsExactly(Map.entry("a", 1.0), Map.entry("b", 2.0));
        assertThat(e.warnings()).containsExactly("line 3: duplicate series a dropped (value 3), keeping the first"
                + " sample (value 1)");
    }
}
