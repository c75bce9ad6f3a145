package record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactRecordReaderTest {
    private final CompactRecordReader reader = new CompactRecordReader(64 << 20);

    static final List<String> LABELS = List.of("plain", "</script>", "quote \" back \\ slash", "new\nline", "ünïcødé ✓",
            "emoji 😀", "sep\u2028\u2029", "tab\there", "\u0001control");

    @Test
    void theFastPathAgreesWithTheRecordParserOnManyGeneratedLines() {
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
            String line = RecordCodec.json(record);
            ScrapeRecord expected = RecordCodec.parse(line);
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            Map<String, String> seenTypes = new HashMap<>();
            CompactRecord s = reader.readFast(bytes, 0, bytes.length, seenTypes);
            assertThat(s).as(line).isNotNull();
            assertThat(s.tsMillis()).isEqualTo(expected.ts().toEpochMilli());
            assertThat(s.up()).isEqualTo(expected.up());
            assertThat(s.instance()).as(line).isEqualTo(expected.instance());
            assertThat(s.targetName()).as(line).isEqualTo(expected.targetName());
            assertThat(s.error()).as(line).isEqualTo(expected.error());
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

    /** Lines in shapes the writer never gives: the fast path leaves them all to the Jackson path. */
    static final List<String> OTHER_SHAPES = List.of(
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
            "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"target\":\"t\",\"instance\":\"gw1\",\"up\":0,\"scrape_ms\":1}");

    @Test
    void leavesEveryOtherShapeToTheJacksonPath() {
        for (String line : OTHER_SHAPES) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertThat(reader.readFast(bytes, 0, bytes.length, new HashMap<>())).as(line).isNull();
        }
    }

    @Test
    void readsTypesOnlyWhenTheyChange() {
        Map<String, String> types = new HashMap<>();
        String a = "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":1,\"scrape_ms\":1,\"series\":{\"x\":1},\"types\":{\"x\":\"gauge\"}}";
        String b = a.replace("\"gauge\"", "\"counter\"");
        byte[] ab = a.getBytes(StandardCharsets.UTF_8), bb = b.getBytes(StandardCharsets.UTF_8);
        reader.readFast(ab, 0, ab.length, types);
        assertThat(types).containsEntry("x", "gauge");
        reader.readFast(bb, 0, bb.length, types);
        assertThat(types).containsEntry("x", "counter");
    }

    @Test
    void acceptsAndRejectsWhatTheWholeRecordParserDoes() {
        int accepted = 0;
        for (String line : OTHER_SHAPES) {
            if (line.contains("\n")) continue; // two lines for a line reader, one string for parse()
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            ScrapeRecord whole;
            try {
                whole = RecordCodec.parse(line);
            } catch (IllegalArgumentException e) {
                assertThatThrownBy(() -> reader.read(bytes, 0, bytes.length, new HashMap<>())).as(line).hasMessage(e.getMessage());
                continue;
            }
            CompactRecord compact = reader.read(bytes, 0, bytes.length, new HashMap<>());
            assertThat(compact.tsMillis()).as(line).isEqualTo(whole.ts().toEpochMilli());
            assertThat(compact.up()).as(line).isEqualTo(whole.up());
            assertThat(compact.instance()).as(line).isEqualTo(whole.instance());
            assertThat(compact.targetName()).as(line).isEqualTo(whole.targetName());
            assertThat(List.of(compact.keys())).as(line).containsExactlyElementsOf(whole.series().keySet());
            accepted++;
        }
        assertThat(accepted).isEqualTo(3);
    }

    @Test
    void readsBlankLinesAsNothingAndSaysWhereEachLineEnded() {
        byte[] bytes = ("  \t\r\n" + "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":0,\"scrape_ms\":1}\n").getBytes(StandardCharsets.UTF_8);
        assertThat(reader.read(bytes, 0, bytes.length, new HashMap<>())).isNull();
        assertThat(reader.lineEnd()).isEqualTo(4);
        CompactRecord down = reader.read(bytes, 5, bytes.length, new HashMap<>());
        assertThat(down.up()).isFalse();
        assertThat(reader.lineEnd()).isEqualTo(bytes.length - 1);
    }

    @Test
    void aLineCutShortByTheBufferLimitIsReportedAsTooLong() {
        CompactRecordReader small = new CompactRecordReader(1 << 20);
        byte[] bytes = new byte[1 << 20];
        java.util.Arrays.fill(bytes, (byte) 'x');
        assertThatThrownBy(() -> small.read(bytes, 0, bytes.length, new HashMap<>())).hasMessage("line longer than 1 MB");
        assertThat(small.lineEnd()).isEqualTo(bytes.length);
    }

    /** A record written before the identity rule: {@code x=""} labels, some keys collapsing onto others. */
    static final String OLD_SERIES = "\"series\":{\"job_queue_depth{host=\\\"host-a\\\",queue=\\\"\\\"}\":4,"
            + "\"job_queue_depth{host=\\\"host-a\\\"}\":9,\"job_queue_depth{host=\\\"host-a\\\",queue=\\\"batch\\\"}\":2,"
            + "\"m{a=\\\"\\\"}\":5,\"n{a=\\\"\\\",b=\\\"\\\"}\":6}";

    @Test
    void oldKeysWithEmptyLabelsAreReadCanonicalAndTheFirstSampleIsKept() {
        String writersShape = "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":1,\"scrape_ms\":3," + OLD_SERIES + "}";
        String otherShape = "{\"up\":1, \"v\":1, \"ts\":\"2026-11-29T10:00:30.000Z\", " + OLD_SERIES + "}";
        List<String> keys = List.of("job_queue_depth{host=\"host-a\"}", "job_queue_depth{host=\"host-a\",queue=\"batch\"}", "m", "n");
        for (String line : List.of(writersShape, otherShape)) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            CompactRecord r = reader.read(bytes, 0, bytes.length, new HashMap<>());
            assertThat(r.keys()).as(line).containsExactlyElementsOf(keys);
            assertThat(r.values()).as(line).containsExactly(4, 2, 5, 6);
        }
        byte[] fast = writersShape.getBytes(StandardCharsets.UTF_8);
        assertThat(reader.readFast(fast, 0, fast.length, new HashMap<>())).isNotNull();
        byte[] other = otherShape.getBytes(StandardCharsets.UTF_8);
        assertThat(reader.readFast(other, 0, other.length, new HashMap<>())).isNull();
        // Normalized once per distinct key: the next record's key is the same instance.
        CompactRecord again = reader.read(fast, 0, fast.length, new HashMap<>());
        CompactRecord third = reader.read(fast, 0, fast.length, new HashMap<>());
        assertThat(third.keys()[0]).isSameAs(again.keys()[0]);
        CompactRecord viaJackson = reader.read(other, 0, other.length, new HashMap<>());
        CompactRecord viaJacksonAgain = reader.read(other, 0, other.length, new HashMap<>());
        assertThat(viaJacksonAgain.keys()[3]).isSameAs(viaJackson.keys()[3]);
    }

    @Test
    void aCanonicalKeyBeforeItsEmptyLabelledTwinKeepsItsSample() {
        String line = "{\"v\":1,\"ts\":\"2026-11-29T10:00:00.000Z\",\"up\":1,\"scrape_ms\":3,\"series\":{\"m\":1,"
                + "\"m{a=\\\"\\\"}\":2,\"k{b=\\\"1\\\"}\":3,\"k{a=\\\"\\\",b=\\\"1\\\"}\":4}}";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        CompactRecord r = reader.read(bytes, 0, bytes.length, new HashMap<>());
        assertThat(r.keys()).containsExactly("m", "k{b=\"1\"}");
        assertThat(r.values()).containsExactly(1, 3);
        ScrapeRecord whole = RecordCodec.parse(line);
        assertThat(whole.series()).containsExactly(Map.entry("m", 1.0), Map.entry("k{b=\"1\"}", 3.0));
    }
}
