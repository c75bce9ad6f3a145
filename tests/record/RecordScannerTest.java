package record;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordScannerTest {
    private final RecordScanner scanner = new RecordScanner(new JsonFactory());

    static final List<String> LABELS = List.of("plain", "</script>", "quote \" back \\ slash", "new\nline", "ünïcødé ✓",
            "emoji 😀", "sep\u2028\u2029", "tab\there", "\u0001control");

    @Test
    void agreesWithTheRecordParserOnManyGeneratedLines() {
        Random random = new Random(7);
        for (int n = 0; n < 3000; n++) {
            Map<String, Double> series = new LinkedHashMap<>();
            int count = random.nextInt(8);
            for (int i = 0; i < count; i++) {
                String key = SeriesKey.of("m" + random.nextInt(4), List.of("l", LABELS.get(random.nextInt(LABELS.size()))));
                series.put(key, value(random));
            }
            Map<String, String> types = random.nextBoolean() ? Map.of("m0", "gauge", "m1", "counter") : Map.of();
            Map<String, Long> stamps = random.nextInt(10) == 0 ? Map.of("m0", 1_700_000_000_000L) : Map.of();
            boolean up = random.nextInt(10) != 0;
            Instant ts = Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000));
            ScrapeRecord record = up
                    ? new ScrapeRecord(ts, "http://h:1/metrics", true, random.nextInt(100), "prometheus", random.nextInt(9999), null, series, types, stamps)
                    : ScrapeRecord.failed(ts, "http://h:1/metrics", 5, null, -1, "refused \"x\"");
            if (random.nextInt(3) > 0) record = record.withInstance(random.nextBoolean() ? "gw" + random.nextInt(3) : LABELS.get(random.nextInt(LABELS.size())));
            String line = record.toJson();
            ScrapeRecord expected = ScrapeRecord.parse(line);
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            Map<String, String> seenTypes = new HashMap<>();
            CompactRecord s = scanner.scan(bytes, 0, bytes.length, seenTypes);
            assertThat(s).as(line).isNotNull();
            assertThat(s.tsMillis()).isEqualTo(expected.ts().toEpochMilli());
            assertThat(s.up()).isEqualTo(expected.up());
            assertThat(s.instance()).as(line).isEqualTo(expected.instance());
            assertThat(List.of(s.keys())).containsExactlyElementsOf(expected.series().keySet());
            int i = 0;
            for (double v : expected.series().values()) {
                assertThat(Double.compare(s.values()[i], v) == 0 || (s.values()[i] == 0 && v == 0)).as(line + " value " + i).isTrue();
                i++;
            }
        }
    }

    private static double value(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> random.nextInt(1000);
            case 1 -> random.nextDouble() * 100;
            case 2 -> Math.round(random.nextDouble() * 10000) / 100.0;
            case 3 -> random.nextLong() / 1e3;
            case 4 -> random.nextDouble() * 1e-12;
            case 5 -> -random.nextDouble() * 1e300;
            case 6 -> Double.NaN;
            case 7 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            default -> (double) random.nextLong();
        };
    }

    @Test
    void leavesEveryOtherShapeToTheFullParser() {
        for (String line : List.of(
                "{\"v\":1, \"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":1,\"scrape_ms\":1,\"series\":{}}",
                "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":1,\"scrape_ms\":1,\"series\":{\"a\":01}}",
                "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":1,\"scrape_ms\":1,\"series\":{\"a\":1}}x",
                "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":1,\"scrape_ms\":1,\"series\":{\"a\":\"1\"}}",
                "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":1,\"scrape_ms\":1,\"series\":{\"a\":1.}}",
                "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":2,\"scrape_ms\":1}",
                "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":1,\"scrape_ms\":1,\"series\":{\"a\":1}",
                "{\"v\":2,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":0,\"scrape_ms\":1}",
                "{\"v\":1,\"ts\":\"2026-11-29T10:00:00+01:00\",\"up\":0,\"scrape_ms\":1}",
                "{\"v\":1,\"ts\":\"2026-13-29T10:00:00.000Z\",\"up\":0,\"scrape_ms\":1}",
                "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"instance\":1,\"up\":0,\"scrape_ms\":1}",
                "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"instance\":\"a\nb\",\"up\":0,\"scrape_ms\":1}",
                "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"target\":\"t\",\"instance\":\"gw1\",\"up\":0,\"scrape_ms\":1}")) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertThat(scanner.scan(bytes, 0, bytes.length, new HashMap<>())).as(line).isNull();
        }
    }

    @Test
    void readsTypesOnlyWhenTheyChange() {
        Map<String, String> types = new HashMap<>();
        String a = "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":1,\"scrape_ms\":1,\"series\":{\"x\":1},\"types\":{\"x\":\"gauge\"}}";
        String b = a.replace("\"gauge\"", "\"counter\"");
        byte[] ab = a.getBytes(StandardCharsets.UTF_8), bb = b.getBytes(StandardCharsets.UTF_8);
        scanner.scan(ab, 0, ab.length, types);
        assertThat(types).containsEntry("x", "gauge");
        scanner.scan(bb, 0, bb.length, types);
        assertThat(types).containsEntry("x", "counter");
    }
}
