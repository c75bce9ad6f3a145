package support;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import parse.Exposition;
import parse.ExpositionFormat;
import parse.ExpositionParser;
import parse.MetricTypes;
import record.RecordCodec;
import record.ScrapeRecord;
import record.SeriesKey;

/**
 * Test and benchmark data: records of one node_exporter scraped every 30 s, generated from the real exposition
 * {@code tests/testdata/expositions/node_exporter-1.5.0.prom} (same series, types and starting values). Counters
 * (and a summary's {@code _sum}/{@code _count}) grow at a steady rate of their own with some noise, a quarter of those
 * at zero growing too; two thirds of the gauges swing around their value over the day, the rest stay as recorded;
 * a summary's quantiles move together, in order. The same arguments give the same bytes.
 */
public final class NodeExporterDay {
    /** The exposition the records are made from, relative to the project root. */
    public static final Path EXPOSITION = Path.of("tests/testdata/expositions/node_exporter-1.5.0.prom");
    /** The first record's time. */
    public static final Instant START = Instant.parse("2026-11-28T00:00:00Z");
    /** The scrape interval, ms. */
    public static final long INTERVAL_MS = 30_000;

    private NodeExporterDay() {}

    /**
     * Writes {@code records} records, 30 s apart from {@link #START}, into {@code dir} (one file per UTC day).
     *
     * @throws IOException when the exposition cannot be read or a file cannot be written
     */
    public static void write(Path dir, int records) throws IOException {
        write(dir, records, EXPOSITION, "http://127.0.0.1:9100/metrics");
    }

    /**
     * As {@link #write(Path, int)}, from another real exposition (text format 0.0.4) scraped at {@code url}.
     *
     * @throws IOException when the exposition cannot be read or a file cannot be written
     */
    public static void write(Path dir, int records, Path exposition, String url) throws IOException {
        Exposition e;
        try {
            e = ExpositionParser.parse(Files.readString(exposition, StandardCharsets.UTF_8), ExpositionFormat.PROMETHEUS);
        } catch (parse.ExpositionException ex) {
            throw new IOException(exposition + ": " + ex.getMessage(), ex);
        }
        Map<String, String> types = new HashMap<>(e.types());
        String[] keys = e.series().keySet().toArray(String[]::new);
        int n = keys.length;
        double[] value = new double[n], start = new double[n], rate = new double[n], phase = new double[n];
        int[] kind = new int[n]; // 0 constant gauge, 1 swinging gauge, 2 counter, 3 summary quantile, 4 summary count, 5 summary sum
        String[] summaryKey = new String[n];
        Random random = new Random(11);
        for (int i = 0; i < n; i++) {
            SeriesKey.Parsed parsed = SeriesKey.parse(keys[i]);
            String name = parsed.name();
            MetricTypes.Family family = MetricTypes.familyOf(name, types);
            value[i] = start[i] = e.series().get(keys[i]);
            phase[i] = random.nextDouble() * 2 * Math.PI;
            boolean counter = family.type().equals("counter") || family.type().equals("unknown") && name.endsWith("_total");
            if (family.type().equals("summary")) {
                Map<String, String> rest = new LinkedHashMap<>(parsed.labels());
                rest.remove("quantile");
                summaryKey[i] = SeriesKey.of(family.name(), new java.util.TreeMap<>(rest));
                kind[i] = name.endsWith("_count") ? 4 : name.endsWith("_sum") ? 5 : 3;
                rate[i] = 0.2 + random.nextDouble();
            } else if (counter) {
                kind[i] = 2;
                boolean idle = start[i] == 0 && random.nextInt(4) != 0;
                rate[i] = idle ? 0 : Math.max(start[i], 1000) / 86_400.0 * (0.5 + random.nextDouble());
            } else {
                kind[i] = Math.floorMod(keys[i].hashCode(), 3) == 0 ? 0 : 1;
            }
        }
        Map<String, Integer> countOf = new HashMap<>();
        for (int i = 0; i < n; i++) if (kind[i] == 4) countOf.put(summaryKey[i], i);
        Files.createDirectories(dir);
        Writer w = null;
        String day = null;
        try {
            for (int r = 0; r < records; r++) {
                Instant ts = START.plusMillis(r * INTERVAL_MS);
                String today = ts.toString().substring(0, 10);
                if (!today.equals(day)) {
                    if (w != null) w.close();
                    w = Files.newBufferedWriter(dir.resolve(today + ".jsonl"), StandardCharsets.UTF_8);
                    day = today;
                }
                double swing = Math.sin(2 * Math.PI * r / 2880.0);
                Map<String, Double> increases = new HashMap<>();
                Map<String, Double> series = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    if (r > 0) {
                        switch (kind[i]) {
                            case 1 -> value[i] = start[i] * (1 + 0.1 * Math.sin(2 * Math.PI * r / 720.0 + phase[i])) + 0.01 * start[i] * random.nextGaussian();
                            case 2 -> value[i] += rate[i] * 30 * (0.5 + random.nextDouble());
                            case 3 -> value[i] = start[i] * (1.2 + 0.5 * swing);
                            case 4 -> {
                                double inc = Math.round(rate[i] * 30 * (0.5 + random.nextDouble()));
                                value[i] += inc;
                                increases.put(summaryKey[i], inc);
                            }
                            default -> { }
                        }
                    }
                    series.put(keys[i], value[i]);
                }
                // A summary's sum grows by its count's increase times a mean that moves with its quantiles.
                for (int i = 0; i < n; i++) {
                    if (kind[i] != 5 || r == 0) continue;
                    Integer count = countOf.get(summaryKey[i]);
                    double observed = count == null ? 0 : increases.getOrDefault(summaryKey[i], 0.0);
                    value[i] += observed * 0.00002 * (1.2 + 0.5 * swing);
                    series.put(keys[i], value[i]);
                }
                w.write(RecordCodec.json(new ScrapeRecord(ts, url, true, 12, "prometheus", 50_000, null,
                        series, types, Map.of())));
                w.write('\n');
            }
        } finally {
            if (w != null) w.close();
        }
    }
}
